"""Run the dashboard's settings: one full day for charts and playback, summaries for the spread.

No widgets here: :func:`run` takes a scenario and returns a :class:`RunResult` that the cards,
charts, comparison, playback and downloads all read. The table comes from
:func:`simkit.experiment.replicate` (replication ``i`` runs with ``replication_seed(seed, i)``), so
it equals ``simkit.replicate(scenario, reps, seed)``; replication 0 is the day drawn in full. Two
scenarios run with the same seed share their random streams (common random numbers), so their
difference is the effect of the settings.
"""

from __future__ import annotations

import time
import warnings
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

import simkit
from simkit.experiment import replicate, replication_seed
from simkit.scenario import Scenario, ScenarioWarning
from simkit.simulation import simulate_summary

__all__ = ["BASELINE", "RunResult", "load_baseline", "rep_seed", "run", "run_table"]

BASELINE = "tps_standar_2024"


def load_baseline() -> Scenario:
    """Load the standard TPS (``tps_standar_2024``); the schema defaults if it is not shipped."""
    if BASELINE in simkit.list_scenarios():
        return simkit.load_scenario(BASELINE)
    return simkit.load_scenario({"name": BASELINE})


def rep_seed(seed: int, replication: int) -> int:
    """The seed of replication ``replication``: :func:`simkit.experiment.replication_seed`."""
    return replication_seed(int(seed), int(replication))


@dataclass
class RunResult:
    """What one press of Run produced."""

    scenario: Scenario
    seed: int
    reps: int
    day: Any  # simkit.simulation.DayResult of replication 0
    table: pd.DataFrame  # one row per replication: the summary keys plus `replication`, `seed`
    elapsed_s: float = 0.0
    notes: list[str] = field(default_factory=list)


def run_table(scenario: Scenario, reps: int, seed: int, first: dict | None = None) -> pd.DataFrame:
    """Summaries of ``reps`` replications: :func:`simkit.experiment.replicate`'s rows.

    Columns: the summary keys, then ``replication`` and ``seed``. ``first``, the summary of
    replication 0 when its full day has just run, is used instead of simulating it again.
    """
    summary_fn = None
    if first is not None:
        seed_0 = rep_seed(seed, 0)

        def summary_fn(sc: Scenario, rep_seed_: int, tps_id: str) -> dict:
            if rep_seed_ == seed_0:
                return dict(first)
            return simulate_summary(sc, seed=rep_seed_, tps_id=tps_id)

    frame = replicate(scenario, reps=reps, seed=seed, summary_fn=summary_fn)
    keys = [c for c in frame.columns if c not in ("scenario", "replication", "seed", "tps_id")]
    return frame[[*keys, "replication", "seed"]]


def run(scenario: Scenario, reps: int = 20, seed: int = 1) -> RunResult:
    """Simulate ``scenario``: replication 0 in full, the others as summaries."""
    start = time.perf_counter()
    notes: list[str] = []
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        day = simkit.simulate(scenario, seed=rep_seed(seed, 0), tps_id="TPS")
        table = run_table(scenario, reps, seed, first=day.summary)
    for item in caught:
        if issubclass(item.category, ScenarioWarning):  # numeric noise is not for trainers
            text = str(item.message)
            if text not in notes:
                notes.append(text)
    return RunResult(scenario, seed, reps, day, table, time.perf_counter() - start, notes)
