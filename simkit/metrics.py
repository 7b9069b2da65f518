"""Every KPI of a TPS day, defined once.

The functions take plain columns (numpy arrays), so the fast summary path and the frames in
:mod:`simkit.records` compute each KPI the same way. Per-voter measures (waits) are kept apart from
time-weighted ones (queue length over time, station utilisation).
"""

from __future__ import annotations

import numpy as np

from simkit.tps import MIDNIGHT_MIN

SUMMARY_KEYS = (
    "voters_eligible",
    "voters_arrived",
    "voters_voted",
    "voters_turned_away",
    "voters_left",
    "wait_mean_min",
    "wait_p90_min",
    "wait_max_min",
    "share_wait_over_30min",
    "last_voter_exit_min",
    "counting_end_min",
    "work_end_min",
    "kpps_hours_max",
    "kpps_hours_mean",
    "past_deadline",
    "ballots_spoiled",
    "recounts",
    "objections",
    "psu_risk_events",
    "busiest_station",
    "busiest_utilisation",
)

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
