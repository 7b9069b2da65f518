"""The model at a walking pace: a region run that lasts long enough to be interrupted on purpose.

``paced_summary`` returns exactly what :func:`simkit.simulation.simulate_summary` returns, after
sleeping :data:`PACE_S` seconds; tests pass it as ``run_region(summary_fn=...)`` to a run they stop
with Ctrl-C, so the run cannot finish before the signal lands however busy the machine is. It
lives in an importable module (not in a test's ``__main__``) so worker processes find it under
any start method.
"""

from __future__ import annotations

import time

from simkit.scenario import Scenario
from simkit.simulation import simulate_summary

__all__ = ["PACE_S", "paced_summary"]

PACE_S = 0.05  # per TPS-day: a batch of 8 takes >= 0.4 s, 50 batches on 2 workers >= 10 s


def paced_summary(scenario: Scenario, seed: int, tps_id: str) -> dict:
    """``simulate_summary(scenario, seed, tps_id)``, after a pause of ``PACE_S`` seconds."""
    time.sleep(PACE_S)
    return simulate_summary(scenario, seed=seed, tps_id=tps_id)
