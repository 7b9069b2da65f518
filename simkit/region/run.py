"""Run a region: cut its TPS-days into batches, simulate them on an executor, resume, re-run one.

Replication ``r`` of a run seeded ``s`` simulates every TPS with
``simkit.experiment.replication_seed(s, r)`` and the TPS id, so any TPS re-run alone
(:func:`rerun_tps`) gives the same row, whichever executor ran it. TPS of one copier group run
together as one task through ``simkit.simulation.simulate_group(..., shared_copier=True)``.
"""

from __future__ import annotations

import contextlib
import math
import os
import sys
import warnings
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from tqdm.auto import tqdm

from simkit.executors import ExecutorError, Runner, WorkerLost, open_runner
from simkit.experiment import replication_seed
from simkit.i18n import t
from simkit.region.regionfile import Region, RegionError, errors_in, load_region
from simkit.region.store import (
    RegionResult,
    check_manifest,
    check_parts,
    done_parts,
    new_manifest,
    read_manifest,
    read_region_result,
    read_tps_rows,
    start_store,
    write_part,
)
from simkit.scenario import Scenario, ScenarioWarning, load_scenario, with_overrides
from simkit.simulation import DayResult, simulate, simulate_group, simulate_summary
from simkit.tps import KPU_DPT_CAP

__all__ = ["BatchTask", "default_batch_size", "rerun_tps", "run_batch", "run_region"]

# one TPS of a batch: (area, TPS id, DPT, copier group)
Member = tuple[str, str, int, str]
# one task of a batch: (replication, seed, the TPS simulated together)
Item = tuple[int, int, list[Member]]


def default_batch_size(n_tps_days: int) -> int:
    """TPS-days per batch: 50-200, so scheduling costs little and a run has enough batches."""
    return max(50, min(200, math.ceil(n_tps_days / 64)))


@dataclass(frozen=True)
class _Plan:
    """The run cut into batches without a Python object per TPS (a national run has 820,161).

    The run is the sequence of units (:meth:`Region.unit_arrays`) repeated ``reps`` times; global
    unit ``g`` is unit ``g % n_units`` of replication ``g // n_units``. Batch ``k`` holds global
    units ``bounds[k]`` up to ``bounds[k + 1]`` and ``rows[k]`` TPS-days.
    """

    order: np.ndarray
    starts: np.ndarray
    bounds: list[int]
    rows: list[int]

    @property
    def n_units(self) -> int:
        return len(self.starts) - 1

    def __len__(self) -> int:
        return len(self.rows)

    def batch(self, k: int) -> list[tuple[int, np.ndarray]]:
        """Batch ``k`` as (replication, TPS row indices of one unit) items."""
        items = []
        for g in range(self.bounds[k], self.bounds[k + 1]):
            rep, u = divmod(g, self.n_units)
            items.append((rep, self.order[self.starts[u] : self.starts[u + 1]]))
        return items


def _batches(region: Region, reps: int, size: int) -> _Plan:
    """(replication, unit) items cut into batches of about ``size`` TPS; groups never split.

    A batch closes with the unit that brings it to ``size`` TPS-days or more (it may run on into
    the next replication): found by bisection on the cumulative unit sizes, one step per batch.
    """
    order, starts = region.unit_arrays()
    n_units, n_tps = len(starts) - 1, len(order)
    cum = np.cumsum(np.diff(starts))  # TPS-days up to and including each unit of one replication

    def through(g: int) -> int:  # TPS-days up to and including global unit g (-1: none)
        return 0 if g < 0 else (g // n_units) * n_tps + int(cum[g % n_units])

    bounds, rows, last = [0], [], n_units * reps
    while bounds[-1] < last:
        begin = bounds[-1]
        target = through(begin - 1) + size
        rep = (target - 1) // n_tps
        end = min(last, rep * n_units + int(np.searchsorted(cum, target - rep * n_tps)) + 1)
        rows.append(through(end - 1) - through(begin - 1))
        bounds.append(end)
    return _Plan(order, starts, bounds, rows)


# --------------------------------------------------------------------------- the batch task


@dataclass
class BatchTask:
    """What a worker needs to simulate one batch (pickled to the worker)."""

    scenario: Scenario
    items: list[Item]
    summary_fn: Callable[..., dict[str, Any]] = simulate_summary
    group_fn: Callable[..., Sequence[Any]] = simulate_group


def _summary(result: Any) -> dict[str, Any]:
    """A group member's summary: ``simulate_group`` gives DayResults, stand-ins give dicts."""
    return result.summary if isinstance(result, DayResult) else dict(result)


def run_batch(task: BatchTask) -> pd.DataFrame:
    """Worker task: simulate one batch of TPS-days; a frame of per-TPS rows in batch order."""
    cache: dict[int, Scenario] = {}

    def scenario_for(dpt: int) -> Scenario:
        if dpt not in cache:
            with warnings.catch_warnings():
                # above KPU's 300 is allowed when the run says so (dpt_cap up to 500)
                warnings.simplefilter("ignore", ScenarioWarning)
                cache[dpt] = with_overrides(task.scenario, {"tps.voters_dpt": int(dpt)})
        return cache[dpt]

    rows = []
    for rep, seed, members in task.items:
        if len(members) == 1 and not members[0][3]:
            _, tid, dpt, _ = members[0]
            summaries = [task.summary_fn(scenario_for(dpt), seed, tid)]
        else:
            ids = [m[1] for m in members]
            scenarios = [scenario_for(m[2]) for m in members]
            group = task.group_fn(scenarios, seed, ids, shared_copier=True)
            summaries = [_summary(r) for r in group]
        for (area, tid, dpt, group_label), summary in zip(members, summaries, strict=True):
            rows.append(
                {
                    "area": area,
                    "tps_id": tid,
                    "replication": rep,
                    "seed": seed,
                    "dpt": dpt,
                    "copier_group": group_label,
                    **summary,
                }
            )
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------- the run


def run_region(
    region_csv: str | os.PathLike | Region,
    scenario: Any = "tps_standar_2024",
    reps: int = 1,
    seed: int = 1,
    out_dir: str | os.PathLike = "results/region",
    *,
    workers: int | None = None,
    dask: str | None = None,
    progress: bool | Callable[[int, int], Any] = True,
    batch_size: int | None = None,
    dpt_cap: int = KPU_DPT_CAP,
    summary_fn: Callable | None = None,
    group_fn: Callable | None = None,
    lang: str = "id",
) -> RegionResult:
    """Simulate every TPS of a region ``reps`` times and report per area and in total.

    Results stream to ``out_dir/tps/part-*.parquet`` while the run goes; rerunning the same
    command resumes an interrupted run. ``workers``: local processes (default: every CPU; 1 runs
    in this process). ``dask="local"`` (a LocalCluster on 127.0.0.1) or ``"tcp://HOST:8786"``.
    ``progress``: True shows a bar (tqdm), False nothing; a function is called as
    ``progress(done, total)`` (TPS-days) at the start and after each batch written.
    ``summary_fn``/``group_fn`` replace the model's ``simulate_summary``/``simulate_group``
    (tests). Raises :class:`RegionError` on a bad file, bad parameters or an unreachable Dask
    scheduler, before anything is written; its message (and the resume hint printed after
    Ctrl-C) is in ``lang``: "id" (Bahasa Indonesia) or "en".
    """
    with errors_in(lang):
        region = region_csv if isinstance(region_csv, Region) else load_region(region_csv, dpt_cap)
        sc = load_scenario(scenario)
        size = _checked_sizes(region, reps, seed, workers, batch_size)
        batches = _batches(region, reps, size)
        out = Path(out_dir)
        manifest = new_manifest(region, sc, reps, seed, size, len(batches))
        if out.exists() and not out.is_dir():
            raise RegionError.of("region_out_is_file", out=out)
        if out.exists():
            check_manifest(out, manifest)
        rows = batches.rows
        # on resume: keep only whole parts (a damaged one is moved aside and its batch rerun)
        done = check_parts(out / "tps", rows) if (out / "tps").is_dir() else set()
        todo = [k for k in range(len(batches)) if k not in done]
        # never more workers than batches left to run
        with _opened_runner(workers, dask, jobs=max(1, len(todo))) as runner:
            tps_dir = start_store(out, sc, manifest)
            seeds = [replication_seed(seed, r) for r in range(reps)]
            make_task = _task_maker(
                region, sc, seeds, summary_fn or simulate_summary, group_fn or simulate_group
            )
            _simulate_batches(
                runner, batches, rows, todo, make_task, tps_dir, region, progress, lang
            )
        return read_region_result(out, sc)


def _simulate_batches(
    runner: Runner,
    batches: _Plan,
    rows: list[int],
    todo: list[int],
    make_task: Callable[[list[tuple[int, np.ndarray]]], BatchTask],
    tps_dir: Path,
    region: Region,
    progress: bool | Callable[[int, int], Any],
    lang: str,
) -> None:
    """Simulate the batches ``todo`` (those not on disk), writing each part as it arrives."""
    tasks = (make_task(batches.batch(k)) for k in todo)
    total = sum(rows)
    finished = total - sum(rows[k] for k in todo)
    bar = tqdm(
        total=total, initial=finished, disable=progress is not True, desc=region.name,
        unit="TPS", smoothing=0.05, dynamic_ncols=True,
    )  # fmt: skip
    report = progress if callable(progress) else None
    if report is not None:
        report(finished, total)
    try:
        for j, frame in runner.map_unordered(run_batch, tasks):
            write_part(tps_dir, todo[j], frame)
            bar.update(len(frame))
            finished += len(frame)
            if report is not None:
                report(finished, total)
    except WorkerLost as exc:
        raise _with_resume_hint(exc, tps_dir, len(batches)) from exc
    except KeyboardInterrupt:
        if progress:
            saved = len(done_parts(tps_dir, len(batches)))
            hint = t("region_saved_so_far", lang).format(saved=saved, n=len(batches), dir=tps_dir)
            print("\n" + hint, file=sys.stderr)
        raise
    finally:
        bar.close()


def _checked_sizes(
    region: Region, reps: int, seed: int, workers: int | None, batch_size: int | None
) -> int:
    """Check the run's whole numbers; the batch size to use."""
    for name, value, least in (("reps", reps, 1), ("seed", seed, 0)):
        if (
            isinstance(value, bool)
            or not isinstance(value, (int, np.integer))
            or value < least
        ):  # fmt: skip
            raise RegionError.of("region_whole_at_least", name=name, value=value, least=least)
    if workers is not None and (
        isinstance(workers, bool) or not isinstance(workers, int) or workers < 1
    ):
        raise RegionError.of("region_whole_at_least", name="workers", value=workers, least=1)
    size = batch_size or default_batch_size(region.n_tps * reps)
    if not isinstance(size, int) or size < 1:
        raise RegionError.of("region_whole_at_least", name="batch_size", value=batch_size, least=1)
    return size


@contextlib.contextmanager
def _opened_runner(workers: int | None, dask: str | None, jobs: int) -> Iterator[Runner]:
    """The run's executor (at most ``jobs`` workers); one that cannot start is a RegionError."""
    runner_cm = open_runner(None, workers=workers, dask=dask, default="processes", jobs=jobs)
    try:
        runner = runner_cm.__enter__()
    except ExecutorError as exc:
        raise RegionError(exc.text("id"), exc.text("en")) from None
    with contextlib.ExitStack() as stack:
        stack.push(runner_cm)
        yield runner


def _task_maker(
    region: Region,
    scenario: Scenario,
    seeds: list[int],
    summary_fn: Callable[..., dict[str, Any]],
    group_fn: Callable[..., Sequence[Any]],
) -> Callable[[list[tuple[int, np.ndarray]]], BatchTask]:
    """Turns a batch of (replication, unit) into its task, with each member's TPS facts."""
    tps = region.tps
    # arrays, not lists: no Python object per TPS beyond the strings the frame already holds
    area, tid, dpt, group = (tps[c].to_numpy() for c in ("area", "tps_id", "dpt", "copier_group"))

    def make(batch: list[tuple[int, np.ndarray]]) -> BatchTask:
        items = [
            (rep, seeds[rep], [(area[i], tid[i], int(dpt[i]), group[i]) for i in unit])
            for rep, unit in batch
        ]
        return BatchTask(scenario, items, summary_fn, group_fn)

    return make


def _with_resume_hint(exc: WorkerLost, tps_dir: Path, n_batches: int) -> WorkerLost:
    """The lost-worker error, saying how many batches are saved and how to resume."""
    saved = len(done_parts(tps_dir, n_batches))
    return WorkerLost(
        *(
            t("region_worker_lost", lang).format(
                error=exc.text(lang), saved=saved, n=n_batches, dir=tps_dir
            )
            for lang in ("id", "en")
        )
    )


# --------------------------------------------------------------------------- one TPS again


def rerun_tps(
    out_dir: str | os.PathLike, tps_id: str, replication: int = 0, full: bool = False
) -> Any:
    """Re-simulate one TPS of a finished run alone; equals its row (``full``: the DayResult)."""
    out = Path(out_dir)
    manifest = read_manifest(out)
    sc = load_scenario(out / "scenario.yaml")
    frame = read_tps_rows(out, tps_id)
    rows = frame[frame["replication"] == replication]
    if rows.empty:
        raise RegionError.of("region_no_such_tps", out=out, tps_id=tps_id, replication=replication)
    row = rows.iloc[0]
    seed = replication_seed(manifest["seed"], replication)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ScenarioWarning)
        one = with_overrides(sc, {"tps.voters_dpt": int(row["dpt"])})
    if row["copier_group"]:
        raise RegionError.of("region_rerun_shared_copier", tps_id=tps_id, group=row["copier_group"])
    if full:
        return simulate(one, seed=seed, tps_id=tps_id)
    return simulate_summary(one, seed, tps_id)
