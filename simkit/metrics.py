"""THE KPI catalogue of a TPS day, and how each KPI is computed.

The catalogue (:data:`KPIS`: key, kind, unit, label key, better-direction; :data:`PROBABILITIES`
over replications) is read by records, experiment, report and the dashboard cards instead of
lists of their own. The functions take plain columns (numpy arrays), so the fast summary path
and the frames in :mod:`simkit.records` compute each KPI the same way. Per-voter measures
(waits) are kept apart from time-weighted ones (queue length over time, station utilisation).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from simkit.tps import LEGAL_DEADLINE_MIN, MIDNIGHT_MIN


@dataclass(frozen=True)
class KPI:
    """One KPI: its summary key, what kind of figure it is, and how a person reads it.

    ``kind``: ``clock`` (model minutes shown as a time of day), ``minutes`` and ``hours``
    (durations), ``share`` (0-1, shown as percent), ``count``, ``flag`` (yes/no; its mean over
    replications is a share) or ``label`` (a name, not a number). ``unit`` is the unit of the
    stored value; ``label`` the :mod:`simkit.i18n` key of its name; ``better`` says which way is
    good (``"lower"``, ``"higher"`` or ``""`` when neither).
    """

    key: str
    kind: str
    unit: str
    label: str
    better: str = "lower"


# THE summary of a TPS day, in the order a trainer reads it: who came, how long they waited,
# when the work ended. The label key of a KPI is its summary key (i18n.LABELS).
KPIS: tuple[KPI, ...] = (
    KPI("voters_eligible", "count", "voters", "voters_eligible", ""),
    KPI("voters_arrived", "count", "voters", "voters_arrived", ""),
    KPI("voters_voted", "count", "voters", "voters_voted", "higher"),
    KPI("voters_turned_away", "count", "voters", "voters_turned_away"),
    KPI("voters_left", "count", "voters", "voters_left"),
    KPI("wait_mean_min", "minutes", "min", "wait_mean_min"),
    KPI("wait_p90_min", "minutes", "min", "wait_p90_min"),
    KPI("wait_max_min", "minutes", "min", "wait_max_min"),
    KPI("share_wait_over_30min", "share", "share", "share_wait_over_30min"),
    KPI("last_voter_exit_min", "clock", "min", "last_voter_exit_min"),
    KPI("counting_end_min", "clock", "min", "counting_end_min"),
    KPI("work_end_min", "clock", "min", "work_end_min"),
    KPI("kpps_hours_max", "hours", "h", "kpps_hours_max"),
    KPI("kpps_hours_mean", "hours", "h", "kpps_hours_mean"),
    KPI("past_deadline", "flag", "", "past_deadline"),
    KPI("ballots_spoiled", "count", "ballots", "ballots_spoiled"),
    KPI("recounts", "count", "recounts", "recounts"),
    KPI("objections", "count", "objections", "objections"),
    KPI("psu_risk_events", "count", "events", "psu_risk_events"),
    KPI("busiest_station", "label", "", "busiest_station", ""),
    KPI("busiest_utilisation", "share", "share", "busiest_utilisation", ""),
)
SUMMARY_KEYS = tuple(k.key for k in KPIS)

# The probabilities users ask about, over replications: name -> (KPI, comparison, threshold).
# ``p_past_deadline`` is the share of days with the ``past_deadline`` flag set.
PROBABILITIES: dict[str, tuple[str, str, float]] = {
    "p_wait_over_30min": ("wait_max_min", ">", 30.0),
    "p_counting_after_midnight": ("counting_end_min", ">", MIDNIGHT_MIN),
    "p_work_after_midnight": ("work_end_min", ">", MIDNIGHT_MIN),
    "p_past_deadline": ("work_end_min", ">", LEGAL_DEADLINE_MIN),
}
PROBABILITY_KPIS: tuple[KPI, ...] = tuple(
    KPI(name, "share", "share", name) for name in PROBABILITIES
)

CATALOGUE: dict[str, KPI] = {k.key: k for k in KPIS + PROBABILITY_KPIS}


def kind(key: str) -> str:
    """The kind of a KPI (``clock``, ``minutes``, ...); ``count`` for a key not in the catalogue."""
    kpi = CATALOGUE.get(key)
    return kpi.kind if kpi is not None else "count"


def keys_of_kind(*kinds: str) -> tuple[str, ...]:
    """The catalogue's keys of the given kinds, summary keys first, then probabilities."""
    return tuple(key for key, kpi in CATALOGUE.items() if kpi.kind in kinds)


WAIT_LONG_MIN = 30.0


def wait_stats(waits: np.ndarray) -> dict[str, float]:
    """Mean, 90th percentile, maximum and share over 30 min of the waits of voters who voted."""
    waits = waits[~np.isnan(waits)]
    if len(waits) == 0:
        return {
            "wait_mean_min": 0.0,
            "wait_p90_min": 0.0,
            "wait_max_min": 0.0,
            "share_wait_over_30min": 0.0,
        }
    return {
        "wait_mean_min": float(waits.mean()),
        "wait_p90_min": float(np.percentile(waits, 90)),
        "wait_max_min": float(waits.max()),
        "share_wait_over_30min": float((waits > WAIT_LONG_MIN).mean()),
    }


def utilisation(busy_min: float, servers: int, open_min: float) -> float:
    """Share of the servers' time spent serving while the TPS was open."""
    if servers <= 0 or open_min <= 0:
        return 0.0
    return float(busy_min / (servers * open_min))


def hours_past_midnight(release_min: float) -> float:
    """Hours a member worked after 24:00 (model minute 1020)."""
    return max(0.0, (release_min - MIDNIGHT_MIN) / 60.0)


def longest_stretch_h(arrive: float, release: float, breaks: list[tuple[float, float]]) -> float:
    """Longest time on duty without a break, in hours."""
    edges = [arrive]
    for start, end in sorted(breaks):
        edges += [start, end]
    edges.append(release)
    stretches = [edges[i + 1] - edges[i] for i in range(0, len(edges), 2)]
    return max(0.0, max(stretches)) / 60.0 if stretches else 0.0
