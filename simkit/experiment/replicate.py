"""Replications: the seed of each replication and the running of many days on an executor.

One replication is one simulated TPS day. Replication ``i`` of an experiment with seed ``s`` runs
with the seed :func:`replication_seed` ``(s, i)``, whatever the scenario, so every variant of a
comparison or a sweep sees the same voters, arrivals and service draws where the scenarios share
them (common random numbers, through the model's per-purpose random streams). The seed is kept in
each row: ``simkit.simulate(scenario, seed=row.seed, tps_id=row.tps_id)`` replays that day in full.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from simkit.executors import open_runner
from simkit.metrics import SUMMARY_KEYS
from simkit.scenario import Scenario, load_scenario

__all__ = [
    "ExperimentError",
    "Job",
    "check_reps",
    "check_seed",
    "replicate",
    "replication_frame",
    "replication_seed",
    "run_jobs",
]

# one day to run: (index of its scenario, seed, tps_id)
Job = tuple[int, int, str]


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
    """Return ``reps`` as an int; raise :class:`ExperimentError` unless it is 1 or more."""
    if isinstance(reps, bool) or not isinstance(reps, (int, np.integer)) or reps < 1:
        raise ExperimentError(f"reps must be a whole number 1 or more, got {reps!r}")
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
    jobs: Sequence[Job],
    executor: Any = None,
    summary_fn: Callable | None = None,
    progress: bool = False,
    desc: str = "",
) -> list[dict]:
    """Run every job, in batches, on the executor; summaries come back in job order."""
    results: list[dict] = [{} for _ in jobs]
    with open_runner(executor) as runner:
        size = max(1, min(50, math.ceil(len(jobs) / (4 * runner.n_workers))))
        starts = range(0, len(jobs), size)
        payloads = (
            {"scenarios": list(scenarios), "jobs": list(jobs[s : s + size]), "fn": summary_fn}
            for s in starts
        )
        bar = _progress_bar(len(jobs), progress, desc)
        try:
            for b, summaries in runner.map_unordered(_simulate_batch, payloads):
                results[b * size : b * size + len(summaries)] = summaries
                bar.update(len(summaries))
        finally:
            bar.close()
    return results


def _progress_bar(total: int, enabled: bool, desc: str):
    from tqdm.auto import tqdm  # lazy: tqdm (and its notebook check) only when runs start

    return tqdm(total=total, disable=not enabled, desc=desc, unit="TPS", smoothing=0.1)


def replicate(
    scenario: Scenario | str | Mapping,
    reps: int = 100,
    seed: int = 1,
    executor: Any = None,
    *,
    tps_id: str = "TPS",
    progress: bool = False,
    summary_fn: Callable | None = None,
) -> pd.DataFrame:
    """Simulate ``reps`` independent days of one TPS; one row per replication.

    Columns: ``scenario``, ``replication``, ``seed`` (replay with
    ``simkit.simulate(sc, seed=..., tps_id=...)``), ``tps_id`` and the summary keys.
    ``executor``: None runs here, one day after the other; see :func:`simkit.executors.open_runner`
    for processes and Dask. The rows are the same whatever the executor.
    ``summary_fn(scenario, seed, tps_id) -> dict`` replaces the model (tests, custom models).
    """
    sc = load_scenario(scenario)
    reps = check_reps(reps)
    check_seed(seed)
    jobs = [(0, replication_seed(seed, i), tps_id) for i in range(reps)]
    summaries = run_jobs([sc], jobs, executor, summary_fn, progress, sc.name)
    return replication_frame(summaries, {"scenario": sc.name}, jobs)


def replication_frame(
    summaries: list[dict], constant: Mapping[str, Any], jobs: Sequence[Job]
) -> pd.DataFrame:
    """One row per job: the ``constant`` columns, replication, seed, tps_id, then the summary."""
    head = pd.DataFrame(
        {
            **{k: [v] * len(jobs) for k, v in constant.items()},
            "replication": list(range(len(jobs))),
            "seed": [j[1] for j in jobs],
            "tps_id": [j[2] for j in jobs],
        }
    )
    body = pd.DataFrame.from_records(summaries)
    ordered = [k for k in SUMMARY_KEYS if k in body.columns]
    ordered += [k for k in body.columns if k not in ordered]
    return pd.concat([head, body[ordered]], axis=1)
