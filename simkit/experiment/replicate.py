"""Replications: the seed of each replication and the running of many days on an executor.

One replication is one simulated TPS day. Replication ``i`` of an experiment with seed ``s`` runs
with the seed :func:`replication_seed` ``(s, i)``, whatever the scenario, so every variant of a
comparison or a sweep sees the same voters, arrivals and service draws where the scenarios share
them (common random numbers, through the model's per-purpose random streams). The seed is kept in
each row: ``simkit.simulate(scenario, seed=row.seed, tps_id=row.tps_id)`` replays that day in full.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from simkit.executors import open_runner
from simkit.metrics import SUMMARY_KEYS
from simkit.scenario import Scenario, load_scenario

__all__ = [
    "MAX_REPS",
    "ExperimentError",
    "Job",
    "Progress",
    "check_reps",
    "check_seed",
    "replicate",
    "replication_frame",
    "replication_seed",
    "run_jobs",
]

# one day to run: (index of its scenario, seed, tps_id)
Job = tuple[int, int, str]
# ``progress(done, total)`` after each batch: a face's own progress report (plain log lines)
Progress = Callable[[int, int], None]

# Replications of one scenario (per variant of a comparison, per point of a sweep). A million
# TPS-days is about a day of CPU on one core, and their summary rows take gigabytes; a larger
# number is a typo (``--reps 99999999999999999999999`` was once accepted and never ended).
# simkit.cli.parser.MAX_REPS states the same bound for --reps (a test keeps them equal).
MAX_REPS = 1_000_000
# TPS-days per batch handed to a worker, at most (small enough that progress moves)
MAX_BATCH = 50


class ExperimentError(ValueError):
    """An experiment asked for something that cannot be done (a bad target, grid or KPI)."""


def replication_seed(seed: int, replication: int) -> int:
    """Return the seed of replication ``replication`` of an experiment seeded with ``seed``.

    Derived through :class:`numpy.random.SeedSequence`, so experiments with seeds 1 and 2 share no
    replication (``seed + i`` would make them overlap almost entirely). A 63-bit integer.
    """
    check_seed(seed)
    state = np.random.SeedSequence([int(seed), int(replication)]).generate_state(1, np.uint64)
    return int(state[0] >> np.uint64(1))


def check_seed(seed: Any) -> None:
    """Raise :class:`ExperimentError` unless ``seed`` is a whole number 0 or more."""
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise ExperimentError(f"seed must be a whole number 0 or more, got {seed!r}")


def check_reps(reps: Any) -> int:
    """Return ``reps`` as an int; raise :class:`ExperimentError` unless it is 1 to MAX_REPS."""
    if (
        isinstance(reps, bool)
        or not isinstance(reps, (int, np.integer))
        or not 1 <= reps <= MAX_REPS
    ):
        shown = repr(reps) if len(repr(reps)) <= 40 else f"{repr(reps)[:37]}..."
        raise ExperimentError(
            f"reps must be a whole number from 1 to {MAX_REPS:,} (MAX_REPS), got {shown}"
        )
    return int(reps)


def _simulate_batch(payload: dict) -> list[dict]:
    """Worker task: run a batch of (scenario index, seed, tps_id) jobs; return their summaries."""
    fn = payload.get("fn") or _model_summary()
    scenarios = payload["scenarios"]
    return [dict(fn(scenarios[si], seed, tps_id)) for si, seed, tps_id in payload["jobs"]]


def _model_summary() -> Callable:
    # lazy: the model loads in the worker, and never for a custom summary_fn
    from simkit.simulation import simulate_summary

    return simulate_summary


def run_jobs(
    scenarios: Sequence[Scenario],
    jobs: Iterable[Job],
    total: int,
    executor: Any = None,
    summary_fn: Callable | None = None,
    progress: bool | Progress = False,
    desc: str = "",
) -> list[tuple[Job, dict]]:
    """Run ``total`` jobs, in batches, on the executor; ``(job, summary)`` pairs in job order.

    ``jobs`` is read lazily (a generator): only the batches in flight exist before their
    results, so a large run starts at once and its memory grows with the results alone.
    ``progress``: True for a bar (tqdm), or ``progress(done, total)`` called after each batch.
    """
    scenario_list = list(scenarios)
    results: dict[int, list[tuple[Job, dict]]] = {}
    in_flight: dict[int, list[Job]] = {}
    with open_runner(executor, jobs=total) as runner:
        size = max(1, min(MAX_BATCH, math.ceil(total / (4 * runner.n_workers))))

        def payloads() -> Iterator[dict]:
            for b, chunk in enumerate(_chunks(jobs, size)):
                in_flight[b] = chunk
                yield {"scenarios": scenario_list, "jobs": chunk, "fn": summary_fn}

        report = progress if callable(progress) else _Bar(total, bool(progress), desc)
        done = 0
        try:
            for b, summaries in runner.map_unordered(_simulate_batch, payloads()):
                results[b] = list(zip(in_flight.pop(b), summaries, strict=True))
                done += len(summaries)
                report(done, total)
        finally:
            if isinstance(report, _Bar):
                report.close()
    return [pair for b in sorted(results) for pair in results[b]]


def _chunks(jobs: Iterable[Job], size: int) -> Iterator[list[Job]]:
    it = iter(jobs)
    while chunk := list(itertools.islice(it, size)):
        yield chunk


class _Bar:
    """A tqdm bar told ``(done, total)``, as a face's own progress callable is."""

    def __init__(self, total: int, enabled: bool, desc: str):
        from tqdm.auto import tqdm  # lazy: tqdm (and its notebook check) only when runs start

        self.bar = tqdm(total=total, disable=not enabled, desc=desc, unit="TPS", smoothing=0.1)

    def __call__(self, done: int, total: int) -> None:
        self.bar.update(done - self.bar.n)

    def close(self) -> None:
        self.bar.close()


def replicate(
    scenario: Scenario | str | Mapping,
    reps: int = 100,
    seed: int = 1,
    executor: Any = None,
    *,
    tps_id: str = "TPS",
    progress: bool | Progress = False,
    summary_fn: Callable | None = None,
) -> pd.DataFrame:
    """Simulate ``reps`` independent days of one TPS; one row per replication.

    Columns: ``scenario``, ``replication``, ``seed`` (replay with
    ``simkit.simulate(sc, seed=..., tps_id=...)``), ``tps_id`` and the summary keys.
    ``executor``: None runs here, one day after the other; see :func:`simkit.executors.open_runner`
    for processes and Dask. The rows are the same whatever the executor.
    ``summary_fn(scenario, seed, tps_id) -> dict`` replaces the model (tests, custom models).
    ``progress``: True for a bar, or ``progress(done, total)`` called as batches finish.
    ``reps`` is at most :data:`MAX_REPS`.
    """
    reps = check_reps(reps)
    check_seed(seed)
    sc = load_scenario(scenario)
    jobs = ((0, replication_seed(seed, i), tps_id) for i in range(reps))
    done = run_jobs([sc], jobs, reps, executor, summary_fn, progress, sc.name)
    return replication_frame(done, {"scenario": sc.name})


def replication_frame(
    done: Sequence[tuple[Job, dict]], constant: Mapping[str, Any]
) -> pd.DataFrame:
    """One row per job: the ``constant`` columns, replication, seed, tps_id, then the summary."""
    head = pd.DataFrame(
        {
            **{k: [v] * len(done) for k, v in constant.items()},
            "replication": list(range(len(done))),
            "seed": [job[1] for job, _ in done],
            "tps_id": [job[2] for job, _ in done],
        }
    )
    body = pd.DataFrame.from_records([summary for _, summary in done])
    ordered = [k for k in SUMMARY_KEYS if k in body.columns]
    ordered += [k for k in body.columns if k not in ordered]
    return pd.concat([head, body[ordered]], axis=1)
