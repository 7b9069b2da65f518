"""Executors: the same tasks give the same rows in this process, in local processes and on Dask."""

import concurrent.futures as cf
import contextlib
import pickle
import socket
import threading
import time
import zlib

import numpy as np
import pandas as pd
import pytest

from simkit.executors import ExecutorError, Runner, WorkerLost, _port_answers, open_runner
from simkit.experiment import replicate, replication_seed
from simkit.scenario import load_scenario

SC = load_scenario({})  # the schema defaults are the standard 2024 TPS


def standin_summary(scenario, seed, tps_id):
    """A fast stand-in for simulate_summary: deterministic in (seed, tps_id) and the scenario."""
    rng = np.random.default_rng([int(seed), zlib.crc32(str(tps_id).encode())])
    dpt = scenario.tps.voters_dpt
    kpps = scenario.staff.kpps
    booths = scenario.tps.booths
    work_end = 700 + 1.2 * dpt + 90 * (7 - kpps) + rng.normal(0, 60)
    counting_end = work_end - 120 + rng.normal(0, 10)
    wait_max = max(0.0, 0.15 * dpt / booths + rng.normal(0, 8))
    return {
        "voters_eligible": dpt + 8,
        "voters_arrived": int(0.82 * dpt),
        "voters_voted": int(0.82 * dpt),
        "voters_turned_away": 0,
        "voters_left": 0,
        "wait_mean_min": wait_max / 3,
        "wait_p90_min": wait_max / 1.5,
        "wait_max_min": wait_max,
        "share_wait_over_30min": float(wait_max > 30) * 0.1,
        "last_voter_exit_min": 360.0 + rng.uniform(0, 20),
        "counting_end_min": counting_end,
        "work_end_min": work_end,
        "kpps_hours_max": (work_end + 60) / 60 + 1,
        "kpps_hours_mean": (work_end + 60) / 60,
        "past_deadline": bool(work_end > 1740),
        "ballots_spoiled": int(rng.poisson(2)),
        "recounts": int(rng.poisson(0.5)),
        "objections": int(rng.poisson(0.3)),
        "psu_risk_events": 0,
        "busiest_station": "booth",
        "busiest_utilisation": 0.7,
    }


def standin_group(scenarios, seed, tps_ids, shared_copier=True):
    """Stand-in for simulate_group: each TPS as alone, plus 30 min per extra TPS on the copier."""
    out = []
    for sc, tid in zip(scenarios, tps_ids, strict=True):
        s = standin_summary(sc, seed, tid)
        s["work_end_min"] += 30 * (len(tps_ids) - 1)
        out.append(s)
    return out


@contextlib.contextmanager
def local_cluster(n_workers=2):
    """A LocalCluster on 127.0.0.1 with generous timeouts (CI: 2 busy cores), always closed."""
    import dask
    from distributed import LocalCluster

    slow_ok = {"distributed.comm.timeouts.connect": "120s", "distributed.comm.timeouts.tcp": "120s"}
    with dask.config.set(slow_ok):
        cluster = LocalCluster(
            n_workers=n_workers,
            processes=True,
            host="127.0.0.1",
            dashboard_address=None,
            threads_per_worker=1,
        )
        try:
            yield cluster
        finally:
            cluster.close(timeout=120)


def _square(x):
    return x * x


def _slow_square(x):
    time.sleep(0.01 * (5 - x % 5))  # out-of-order completion
    return x * x


def test_serial_runner_yields_in_order():
    with open_runner() as runner:
        assert isinstance(runner, Runner) and runner.n_workers == 1
        assert list(runner.map_unordered(_square, range(4))) == [(0, 0), (1, 1), (2, 4), (3, 9)]


@pytest.mark.process
def test_process_runner_returns_every_index_once():
    with open_runner(2) as runner:
        got = dict(runner.map_unordered(_slow_square, range(20), max_in_flight=3))
    assert got == {i: i * i for i in range(20)}


def test_an_executor_passed_in_is_left_open():
    with cf.ThreadPoolExecutor(2) as pool:
        with open_runner(pool) as runner:
            assert dict(runner.map_unordered(_square, range(5))) == {i: i * i for i in range(5)}
        assert pool.submit(_square, 3).result() == 9  # still usable


@pytest.mark.parametrize("bad", ["bogus", 0, -2, 2.5, True])
def test_unknown_executor_is_a_clear_error(bad):
    with pytest.raises(ExecutorError, match="executor|workers"), open_runner(bad):
        pass


def test_unreachable_dask_address_fails_fast_with_the_address():
    start = time.monotonic()
    with (
        pytest.raises(ExecutorError, match="127.0.0.1:1") as err,
        open_runner(dask="tcp://127.0.0.1:1", timeout_s=1.0),
    ):
        pass
    assert "tidak dapat dihubungi" in str(err.value)  # Bahasa Indonesia unless told otherwise
    assert "cannot be reached" in err.value.text("en")
    assert time.monotonic() - start < 20


def test_errors_carry_both_languages_to_the_driver():
    for cls in (ExecutorError, WorkerLost):
        err = pickle.loads(pickle.dumps(cls("pekerja mati", "a worker died").in_lang("en")))
        assert type(err) is cls and str(err) == "a worker died"
        assert err.text("id") == "pekerja mati"


def test_a_scheduler_that_starts_late_is_waited_for():
    """A port that opens 0.5 s after the first try (a scheduler still starting) is found."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = socket.socket()
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)

    def listen_later():
        time.sleep(0.5)
        server.bind(("127.0.0.1", port))
        server.listen()

    thread = threading.Thread(target=listen_later)
    thread.start()
    try:
        assert _port_answers("127.0.0.1", port, timeout_s=10.0) is None
    finally:
        thread.join()
        server.close()
    assert _port_answers("127.0.0.1", port, timeout_s=0.3) is not None  # closed again


def test_malformed_dask_address():
    with pytest.raises(ExecutorError, match="tcp://HOST:PORT"), open_runner(dask="somewhere"):
        pass


@pytest.mark.process
def test_replicate_identical_on_serial_processes_and_dask_localcluster():
    from distributed import Client

    kwargs = {"reps": 30, "seed": 11, "summary_fn": standin_summary}
    serial = replicate(SC, **kwargs)
    procs = replicate(SC, executor=2, **kwargs)
    with local_cluster() as cluster, Client(cluster, timeout=120) as client:
        dask = replicate(SC, executor=client, **kwargs)
    pd.testing.assert_frame_equal(serial, procs)
    pd.testing.assert_frame_equal(serial, dask)
    assert serial["seed"].tolist() == [replication_seed(11, i) for i in range(30)]


@pytest.mark.process
def test_a_runner_passed_in_is_reused_not_closed():
    with open_runner(2) as runner:
        with open_runner(runner) as inner:
            assert inner is runner
        assert dict(runner.map_unordered(_square, range(3))) == {0: 0, 1: 1, 2: 4}


def test_a_slow_dask_goodbye_does_not_fail_a_finished_run():
    """Client.close timing out on a busy machine: ignored, and the cluster is still closed."""
    from simkit.executors import DaskRunner

    closed = []

    class SlowClient:
        scheduler = type("S", (), {"address": "tcp://127.0.0.1:1"})()

        def nthreads(self):
            return {"w": 1}

        def close(self, timeout=None):
            raise TimeoutError("close timed out")

    class Cluster:
        def close(self, timeout=None):
            closed.append(timeout)

    DaskRunner(SlowClient(), cluster=Cluster()).close()
    assert len(closed) == 1
