"""Rehearsal drills: the incident library and the drill engine (this module is their facade).

:mod:`simkit.drills.incidents` holds the incident files' model and loader;
:mod:`simkit.drills.engine` plays a drill (a scenario, incidents in order and a seed; teams
answer) and measures what each answer costs. The texts a trainer reads (debrief, scorecard
CSV/HTML) are :mod:`simkit.report.drill`; the dashboard's drill mode is
:mod:`simkit.dashboard.drill_panel`.

>>> from simkit.drills import make_drill, play, choice_costs, scorecard
>>> drill = make_drill("tps_standar_2024", ["dpt_tanpa_undangan"], seed=3)     # doctest: +SKIP
>>> team = play(drill, {"dpt_tanpa_undangan": "tolak"}, team="A")             # doctest: +SKIP
>>> team.counters["wrongly_refused"]                                          # doctest: +SKIP
1

The terminal drill (``simkit drill``) is :mod:`simkit.cli.drill`.
"""

from __future__ import annotations

from simkit.drills.engine import (
    COST_KEYS,
    COUNT_NOISE_MIN,
    DEFAULT_RANDOM,
    QUIET_ERRORS,
    Answerer,
    DaySnapshot,
    Decision,
    Drill,
    DrillError,
    DrillRun,
    Play,
    choice_costs,
    choice_order,
    decision_cost,
    make_drill,
    play,
    quiet_overrides,
    reference,
    scorecard,
)
from simkit.drills.incidents import Incident

__all__ = [
    "COST_KEYS",
    "COUNT_NOISE_MIN",
    "DEFAULT_RANDOM",
    "QUIET_ERRORS",
    "Answerer",
    "DaySnapshot",
    "Decision",
    "Drill",
    "DrillError",
    "DrillRun",
    "Incident",
    "Play",
    "choice_costs",
    "choice_order",
    "decision_cost",
    "make_drill",
    "play",
    "quiet_overrides",
    "reference",
    "scorecard",
]
