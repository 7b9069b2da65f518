"""Simulate TPS days: ``simulate``, ``simulate_summary`` and ``simulate_group``.

One call builds a SimPy environment, the TPS (:class:`~simkit.model.station.TPSDay`), starts the
processes of the day and runs it to the end of the paperwork. Same scenario + seed + TPS id gives
the same result on any machine.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import simpy

from simkit import records
from simkit.model import counting, staff, voting
from simkit.model.station import Copier, TPSDay
from simkit.scenario import Scenario, load_scenario

__all__ = [
    "DayResult",
    "simulate",
    "simulate_summary",
    "simulate_group",
    # the set-up of a day, for the drill engine (which runs it in steps between incidents)
    "build_days",
    "start_day",
    "day_result",
    "desa_tps_ids",
    "copier_group",
]


@dataclass
class DayResult:
    """One simulated TPS day: the summary KPIs and the frames behind them."""

    scenario: Scenario
    seed: int
    tps_id: str
    summary: dict
    voters: Any = None
    staff: Any = None
    counting: Any = None
    events: Any = None
    queues: Any = None
    stations: Any = None
    timeline: Any = None
    ledger: dict = field(default_factory=dict)

    def __repr__(self) -> str:
        s = self.summary
        return (
            f"DayResult({self.scenario.name!r}, seed={self.seed}, tps_id={self.tps_id!r}, "
            f"voted={s['voters_voted']}, work_end_min={s['work_end_min']:.0f})"
        )


def start_day(env: simpy.Environment, tps: TPSDay) -> None:
    """Start every process of one TPS day in ``env``."""
    env.process(voting.open_tps(tps))
    env.process(voting.arrivals(tps))
    for brk in tps.sc.staff.breaks:
        env.process(staff.staff_breaks(tps, brk))
    if tps.sick and tps.sc.tps.sick_at_home:
        env.process(staff.home_visits(tps))
    env.process(counting.counting_day(tps))


def copier_group(scenario: Scenario) -> int:
    """How many TPS share one copier under this scenario (1 = its own copier)."""
    c = scenario.counting
    return c.copier_group_size if (c.enabled and c.copier == "shared") else 1


def desa_tps_ids(scenario: Scenario, tps_id: str) -> list[str]:
    """The TPS's own id, then the ids of the other TPS that share its copier (``TPS~2``, ...)."""
    return [str(tps_id)] + [f"{tps_id}~{k}" for k in range(2, copier_group(scenario) + 1)]


def build_days(
    scenarios: list[Scenario], seed: int, tps_ids: list[str], detailed: bool, shared_copier: bool
) -> tuple[simpy.Environment, list[TPSDay]]:
    """One environment with every process of these TPS days started, not yet run.

    The one place a day is set up: :func:`simulate`, :func:`simulate_group` and the drill engine
    (which runs the environment in steps between incidents) all build it here.
    """
    env = simpy.Environment(initial_time=min(sc.hours.kpps_arrive for sc in scenarios))
    copier = Copier(env) if shared_copier else None
    days = [
        TPSDay(env, sc, seed, tps_id, detailed=detailed, copier=copier)
        for sc, tps_id in zip(scenarios, tps_ids, strict=True)
    ]
    for day in days:
        start_day(env, day)
    return env, days


def _run(
    scenarios: list[Scenario], seed: int, tps_ids: list[str], detailed: bool, shared_copier: bool
) -> list[TPSDay]:
    env, days = build_days(scenarios, seed, tps_ids, detailed, shared_copier)
    env.run()
    return days


def day_result(tps: TPSDay, detailed: bool) -> DayResult:
    """The :class:`DayResult` of a finished TPS day (frames and ledger only if ``detailed``)."""
    summary = records.summary(tps)
    if not detailed:
        return DayResult(tps.sc, tps.seed, tps.tps_id, summary)
    frames = records.frames(tps)  # voters, staff, counting, events, queues, stations, timeline
    ledger = records.ballot_ledger(tps)
    return DayResult(tps.sc, tps.seed, tps.tps_id, summary, ledger=ledger, **frames)


def simulate(
    scenario: Scenario | str | dict = "tps_standar_2024",
    seed: int = 0,
    tps_id: str = "TPS",
    detailed: bool = True,
) -> DayResult:
    """Simulate one TPS day and return its :class:`DayResult`.

    With ``counting.copier: shared`` the TPS is simulated together with the other TPS of its
    desa that share the copier (``counting.copier_group_size``, same scenario) and only this
    TPS's result is returned.
    """
    sc = load_scenario(scenario)
    ids = desa_tps_ids(sc, tps_id)
    days = _run([sc] * len(ids), seed, ids, detailed, shared_copier=len(ids) > 1)
    return day_result(days[0], detailed)


def simulate_summary(scenario: Scenario | str | dict, seed: int = 0, tps_id: str = "TPS") -> dict:
    """The summary KPIs only (no frames, no event log): the fast path for many TPS."""
    sc = load_scenario(scenario)
    ids = desa_tps_ids(sc, tps_id)
    days = _run([sc] * len(ids), seed, ids, detailed=False, shared_copier=len(ids) > 1)
    return records.summary(days[0])


def simulate_group(
    scenarios: list[Scenario],
    seed: int,
    tps_ids: list[str],
    shared_copier: bool = True,
    detailed: bool = False,
) -> list[DayResult]:
    """Several TPS of one desa in one environment, sharing one copier (a PPS's what-if)."""
    scs = [load_scenario(s) for s in scenarios]
    days = _run(scs, seed, [str(t) for t in tps_ids], detailed, shared_copier)
    return [day_result(day, detailed) for day in days]
