"""Run the dashboard's settings: one full day for charts and playback, summaries for the spread.

No widgets here: :func:`run` takes a scenario and returns a :class:`RunResult` that the cards,
charts, comparison, playback and downloads all read. Replication ``i`` uses
:func:`simkit.experiment.replication_seed` (seed, i), as ``simkit.replicate`` does, so the table
equals ``simkit.replicate(scenario, reps, seed)``; replication 0 is the day drawn in full. Two
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
from simkit.scenario import Scenario, ScenarioWarning

__all__ = ["BASELINE", "RunResult", "load_baseline", "rep_seed", "run", "run_table"]

BASELINE = "tps_standar_2024"


def load_baseline() -> Scenario:
    """Load the standard TPS (``tps_standar_2024``); the schema defaults if it is not shipped."""
    if BASELINE in simkit.list_scenarios():
        return simkit.load_scenario(BASELINE)
    return simkit.load_scenario({"name": BASELINE})


def rep_seed(seed: int, replication: int) -> int:
    """Return the seed of replication ``replication``, the same as :func:`simkit.replicate` uses."""
    from simkit.experiment import replication_seed

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
    """Summaries of ``reps`` replications as a DataFrame (the rows of ``simkit.replicate``)."""
    from simkit.simulation import simulate_summary

    rows = []
    for i in range(reps):
        if i == 0 and first is not None:
            summary = dict(first)
        else:
            summary = dict(simulate_summary(scenario, seed=rep_seed(seed, i), tps_id="TPS"))
        summary["replication"] = i
        summary["seed"] = rep_seed(seed, i)
        rows.append(summary)
    return pd.DataFrame(rows)


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
