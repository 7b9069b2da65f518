"""Where the work runs: this process, local worker processes, or a Dask cluster.

Every experiment and region run hands the same picklable batch tasks (a module-level function and
a plain payload) to a *runner*; the runner returns results as they complete, in any order, and the
caller puts them back in a fixed order. So the answer never depends on the executor or on the
number of workers, only on the scenario and the seed.

- ``serial``: this process, one task after the other (tests, tiny runs, debugging).
- ``processes``: :class:`concurrent.futures.ProcessPoolExecutor` on this machine (the default of a
  region run; ``workers`` defaults to ``os.cpu_count()``).
- Dask: ``dask="local"`` starts a :class:`distributed.LocalCluster` of worker processes on
  127.0.0.1; ``dask="tcp://HOST:8786"`` uses a running scheduler. The workers need simkit installed
  (the same version) because tasks name simkit's functions.
"""

from __future__ import annotations

import concurrent.futures as cf
import contextlib
import os
import signal
import socket
import threading
import time
import warnings
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from simkit.i18n import TwoLanguageError

__all__ = [
    "ExecutorError",
    "ExecutorWarning",
    "Runner",
    "WorkerLost",
    "open_runner",
    "cpu_count",
]

DASK_CONNECT_TIMEOUT_S = 5.0  # for the scheduler's port to answer at all
DASK_HANDSHAKE_TIMEOUT_S = 60.0  # once it answers, for the client to be let in
PARENT_POLL_S = 0.5  # how often a worker checks that its driver is still alive


class ExecutorError(TwoLanguageError, ValueError):
    """An executor that cannot be used (an unknown name, an unreachable Dask scheduler)."""


class WorkerLost(TwoLanguageError, RuntimeError):
    """A worker process died mid-run; finished batches are kept, so rerunning resumes."""


class ExecutorWarning(TwoLanguageError, UserWarning):
    """A setting changed to one that works (more workers asked for than there are CPUs)."""


def cpu_count() -> int:
    """CPUs this process may use (the affinity mask, not the machine's total)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def _worker_start(parent_pid: int) -> None:
    """Set up a pool worker: deaf to Ctrl-C, and gone as soon as its driver is gone."""
    # Ctrl-C goes to the whole process group; only the driver should handle it, so that it can
    # stop cleanly and keep every finished batch, instead of every worker printing a traceback.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # A driver killed with SIGKILL (or by the OOM killer) cannot stop its pool: the workers
    # would run on for minutes, holding memory and CPU. Each worker watches for the moment it
    # is handed to another parent (its driver died) and exits then. Polling getppid works on
    # every platform, unlike Linux's PR_SET_PDEATHSIG, which fires when the creating *thread*
    # ends rather than the process.
    threading.Thread(
        target=_exit_when_orphaned, args=(parent_pid,), daemon=True, name="simkit-parent-watch"
    ).start()


def _exit_when_orphaned(parent_pid: int) -> None:
    while os.getppid() == parent_pid:
        time.sleep(PARENT_POLL_S)
    os._exit(1)  # no cleanup to do: a batch in hand is lost anyway, the driver's parts are kept


def _capped_workers(asked: int, jobs: int | None) -> int:
    """At most one worker per CPU (with a warning) and never more workers than jobs."""
    cpus = cpu_count()
    n = asked
    if n > cpus:
        warnings.warn(
            ExecutorWarning.from_key("exec_workers_capped", asked=asked, cpus=cpus), stacklevel=4
        )
        n = cpus
    if jobs is not None:
        n = min(n, max(1, int(jobs)))
    return n


class Runner:
    """Runs ``fn(payload)`` for many payloads and yields ``(index, result)`` as each completes."""

    name = "serial"
    n_workers = 1

    def map_unordered(
        self, fn: Callable[[Any], Any], payloads: Iterable[Any], max_in_flight: int | None = None
    ) -> Iterator[tuple[int, Any]]:
        """Yield ``(i, fn(payloads[i]))`` in completion order (here: in order)."""
        for i, payload in enumerate(payloads):
            yield i, fn(payload)

    def close(self) -> None:
        """Release workers the runner started (nothing for the serial runner)."""

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.name} workers={self.n_workers}>"


class PoolRunner(Runner):
    """A :mod:`concurrent.futures` executor; only a window of tasks is in flight at once."""

    def __init__(self, pool: cf.Executor, n_workers: int, own: bool):
        self.pool = pool
        self.n_workers = n_workers
        self.own = own
        self.name = "processes" if isinstance(pool, cf.ProcessPoolExecutor) else type(pool).__name__

    def map_unordered(self, fn, payloads, max_in_flight=None):
        """Submit a sliding window of tasks (memory stays flat however many there are)."""
        window = max_in_flight or 4 * self.n_workers
        pending: dict[cf.Future, int] = {}
        it = enumerate(payloads)
        exhausted = False
        try:
            while True:
                while not exhausted and len(pending) < window:
                    try:
                        i, payload = next(it)
                    except StopIteration:
                        exhausted = True
                        break
                    pending[self.pool.submit(fn, payload)] = i
                if not pending:
                    return
                done, _ = cf.wait(pending, return_when=cf.FIRST_COMPLETED)
                for fut in sorted(done, key=pending.__getitem__):
                    i = pending.pop(fut)
                    yield i, fut.result()
        except cf.process.BrokenProcessPool as exc:
            raise WorkerLost.from_key("exec_worker_died") from exc
        finally:
            for fut in pending:
                fut.cancel()

    def close(self):
        """Shut the pool down if this runner started it."""
        if self.own:
            self.pool.shutdown(wait=True, cancel_futures=True)


class DaskRunner(Runner):
    """A :class:`distributed.Client` (and the LocalCluster, when this runner started one)."""

    def __init__(self, client, cluster=None, own_client: bool = True):
        self.client = client
        self.cluster = cluster
        self.own_client = own_client
        self.name = "dask-local" if cluster is not None else f"dask {client.scheduler.address}"
        try:
            self.n_workers = max(1, sum(client.nthreads().values()))
        except Exception:  # a scheduler that does not answer at once: still usable
            self.n_workers = 1

    def map_unordered(self, fn, payloads, max_in_flight=None):
        """Submit a sliding window of tasks; Dask reruns a task whose worker died."""
        from distributed import as_completed  # lazy: dask is the optional "dist" extra

        window = max_in_flight or 4 * self.n_workers
        it = enumerate(payloads)
        outstanding: dict[str, tuple[Any, int]] = {}

        def submit_next():
            try:
                i, payload = next(it)
            except StopIteration:
                return None
            fut = self.client.submit(fn, payload, pure=False)
            outstanding[fut.key] = (fut, i)
            return fut

        first = [f for f in (submit_next() for _ in range(window)) if f is not None]
        if not first:
            return
        queue = as_completed(first)
        try:
            for fut in queue:
                try:
                    result = fut.result()
                except Exception as exc:
                    if type(exc).__name__ == "KilledWorker":
                        raise WorkerLost.from_key("exec_dask_killed", exc=exc) from exc
                    raise
                _, i = outstanding.pop(fut.key)
                fut.release()
                nxt = submit_next()
                if nxt is not None:
                    queue.add(nxt)
                yield i, result
        finally:
            for fut, _ in outstanding.values():
                fut.cancel()

    def close(self):
        """Close the client, and the LocalCluster if this runner started it.

        Every result is in hand (and a region's parts are on disk) by now, so a slow goodbye
        on a busy machine must not turn a finished run into an error: close errors are ignored,
        and the cluster is closed even when the client's close fails.
        """
        try:
            if self.own_client:
                with contextlib.suppress(OSError, TimeoutError, RuntimeError):
                    self.client.close(timeout=DASK_HANDSHAKE_TIMEOUT_S)
        finally:
            if self.cluster is not None:
                with contextlib.suppress(OSError, TimeoutError, RuntimeError):
                    self.cluster.close(timeout=DASK_HANDSHAKE_TIMEOUT_S)


def _no_dask() -> ExecutorError:
    return ExecutorError.from_key("exec_no_dask")


def _dask_local(workers: int | None) -> DaskRunner:
    try:
        from distributed import Client, LocalCluster  # lazy: the optional "dist" extra
    except ImportError as exc:  # the optional "dist" extra
        raise _no_dask() from exc
    try:
        cluster = LocalCluster(
            n_workers=workers or cpu_count(),
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address=None,
        )
    except Exception as exc:  # a worker that cannot start: say why in one line
        why = f"{type(exc).__name__}: {exc}"
        raise ExecutorError.from_key("exec_local_cluster", why=why) from None
    try:
        client = Client(cluster, timeout=DASK_HANDSHAKE_TIMEOUT_S)
    except BaseException:
        cluster.close()  # never leave worker processes behind
        raise
    return DaskRunner(client, cluster=cluster)


def _dask_remote(address: str, timeout_s: float) -> DaskRunner:
    try:
        from distributed import Client  # lazy: the optional "dist" extra
    except ImportError as exc:
        raise _no_dask() from exc
    scheme, _, rest = address.partition("://")
    host, _, port = rest.rpartition(":")
    if not scheme or not host or not port.isdigit():
        raise ExecutorError.from_key("exec_bad_address", address=repr(address))

    def unreachable(exc: Any) -> ExecutorError:
        return ExecutorError.from_key(
            "exec_unreachable", address=address, timeout=f"{timeout_s:g}", exc=exc
        )

    if scheme == "tcp":
        failure = _port_answers(host.strip("[]"), int(port), timeout_s)
        if failure is not None:
            raise unreachable(failure)
    # The port answers: now give the handshake time, as a busy 2-core machine (or a scheduler
    # that is still starting) can take well over timeout_s to greet a new client.
    try:
        client = Client(address, timeout=max(timeout_s, DASK_HANDSHAKE_TIMEOUT_S))
    except (OSError, TimeoutError) as exc:
        raise unreachable(exc) from None
    return DaskRunner(client)


def _port_answers(host: str, port: int, timeout_s: float) -> str | None:
    """None when ``host:port`` accepts a TCP connection within ``timeout_s``, else why not."""
    deadline = time.monotonic() + timeout_s
    while True:
        left = deadline - time.monotonic()
        try:
            with socket.create_connection((host, port), timeout=max(0.1, left)):
                return None
        except OSError as exc:
            reason = exc.strerror or str(exc) or type(exc).__name__
        if time.monotonic() + 0.2 >= deadline:
            return reason
        time.sleep(0.2)  # a scheduler that is just starting refuses for a moment


def _make_runner(
    executor: Any,
    workers: int | None,
    dask: str | None,
    default: str,
    timeout_s: float,
    jobs: int | None = None,
) -> Runner:
    if dask is not None:
        if dask == "local":
            return _dask_local(_capped_workers(workers or cpu_count(), jobs))
        return _dask_remote(str(dask), timeout_s)
    if isinstance(executor, cf.Executor):
        n = getattr(executor, "_max_workers", None) or cpu_count()
        return PoolRunner(executor, n, own=False)
    if type(executor).__name__ == "Client" and hasattr(executor, "submit"):
        return DaskRunner(executor, own_client=False)
    if executor is None:
        executor = default
    if isinstance(executor, bool) or not isinstance(executor, (int, str)):
        raise ExecutorError.from_key("exec_unknown_object", executor=repr(executor))
    if isinstance(executor, int):
        if executor < 1:
            raise _bad_workers(executor)
        workers, executor = executor, "processes"
    if executor == "serial":
        return Runner()
    if executor == "processes":
        n = workers or cpu_count()
        if n < 1:
            raise _bad_workers(n)
        n = _capped_workers(n, jobs)
        if n == 1:
            return Runner()
        pool = cf.ProcessPoolExecutor(
            max_workers=n, initializer=_worker_start, initargs=(os.getpid(),)
        )
        return PoolRunner(pool, n, own=True)
    if executor == "local" or executor.startswith("dask"):
        return _dask_local(_capped_workers(workers or cpu_count(), jobs))
    if "://" in executor:
        return _dask_remote(executor, timeout_s)
    raise ExecutorError.from_key("exec_unknown_name", executor=repr(executor))


def _bad_workers(n: Any) -> ExecutorError:
    return ExecutorError.from_key("exec_bad_workers", n=n)


@contextlib.contextmanager
def open_runner(
    executor: Any = None,
    *,
    workers: int | None = None,
    dask: str | None = None,
    default: str = "serial",
    timeout_s: float = DASK_CONNECT_TIMEOUT_S,
    jobs: int | None = None,
) -> Iterator[Runner]:
    """Open a runner for the block and close it afterwards (stopping workers it started).

    ``executor`` may be None (``default``), ``"serial"``, ``"processes"``, a number of local
    processes, ``"local"`` (Dask LocalCluster), ``"tcp://HOST:PORT"``, a
    :class:`concurrent.futures.Executor`, a :class:`distributed.Client` or a :class:`Runner`;
    ``dask`` (``"local"`` or an address) takes precedence. Executors and clients passed in are
    left open for the caller. Workers this function starts are capped at the CPUs this process
    may use (with an :class:`ExecutorWarning`) and at ``jobs``, the number of tasks, when given.
    """
    if isinstance(executor, Runner) and dask is None:
        yield executor  # the caller opened it and will close it
        return
    runner = _make_runner(executor, workers, dask, default, timeout_s, jobs)
    try:
        yield runner
    finally:
        runner.close()
