"""From the plain records of a simulated day to its result: summary and frames.

This is the only module that builds the result DataFrames (``voters``, ``staff``, ``counting``,
``events``, ``queues``, ``stations``, ``timeline``). The summary is computed from plain columns
through :mod:`simkit.metrics`, so the fast path (summary only) needs no pandas at all.
"""

from __future__ import annotations

import math

import numpy as np

from simkit import metrics

VOTER_COLUMNS = (
    "voter_id",
    "category",
    "assisted",
    "n_types",
    "arrival_min",
    "entrance_start_min",
    "entrance_end_min",
    "called_min",
    "booth_start_min",
    "booth_end_min",
    "booth_id",
    "exit_min",
    "wait_min",
    "outcome",
    "reason",
    "place",
    "spoiled",
    "wrong_box",
    "extra_types",
)
STAFF_COLUMNS = (
    "member",
    "roles",
    "arrive_min",
    "release_min",
    "on_duty_h",
    "busy_h",
    "longest_stretch_h",
    "past_midnight_h",
    "break_min",
    "away_min",
)
COUNTING_COLUMNS = (
    "ballot_type",
    "panel",
    "start_min",
    "end_min",
    "ballots_counted",
    "valid",
    "invalid",
    "recounts",
    "objections",
    "objection_outcome",
    "wrong_box_found",
    "count_min",
    "paperwork_min",
    "c_hasil_done_min",
)


def everyone(tps) -> list:
    """Every person of the day: those who came to the TPS and those served at home."""
    return tps.people + [p for p in tps.sick if p.outcome]


def voter_columns(tps) -> dict[str, np.ndarray]:
    """One array per column of ``day.voters``."""
    people = everyone(tps)
    nan = math.nan

    def col(getter, dtype=float):
        return np.array([getter(p) for p in people], dtype=dtype)

    booth_start = col(lambda p: p.booth_start)
    arrival = col(lambda p: p.arrival)
    voted_here = col(lambda p: p.outcome == "voted" and p.place == "tps", bool)
    wait = np.where(voted_here, booth_start - arrival, nan)
    return {
        "voter_id": col(lambda p: p.pid, int),
        "category": col(lambda p: p.category, object),
        "assisted": col(lambda p: p.assisted, bool),
        "n_types": col(lambda p: len(p.types), int),
        "arrival_min": arrival,
        "entrance_start_min": col(lambda p: p.entrance_start),
        "entrance_end_min": col(lambda p: p.entrance_end),
        "called_min": col(lambda p: p.called),
        "booth_start_min": booth_start,
        "booth_end_min": col(lambda p: p.booth_end),
        "booth_id": col(lambda p: p.booth_id, int),
        "exit_min": col(lambda p: p.exit),
        "wait_min": wait,
        "outcome": col(lambda p: p.outcome, object),
        "reason": col(lambda p: p.reason, object),
        "place": col(lambda p: p.place, object),
        "spoiled": col(lambda p: p.spoiled, int),
        "wrong_box": col(lambda p: p.wrong_box, object),
        "extra_types": col(lambda p: p.extra_types, int),
    }


def staff_rows(tps) -> list[dict]:
    """One row per KPPS member and Linmas."""
    release = tps.released if not math.isnan(tps.released) else tps.last_exit
    rows = []
    for name, m in tps.members.items():
        breaks = [(s, e) for s, e, why in m.away if why == "break"]
        rows.append(
            {
                "member": name,
                "roles": "/".join(m.stations),
                "arrive_min": m.arrive,
                "release_min": release,
                "on_duty_h": (release - m.arrive) / 60.0,
                "busy_h": m.busy_min / 60.0,
                "longest_stretch_h": metrics.longest_stretch_h(m.arrive, release, breaks),
                "past_midnight_h": metrics.hours_past_midnight(release),
                "break_min": sum(e - s for s, e in breaks),
                "away_min": sum(e - s for s, e, why in m.away if why != "break"),
            }
        )
    arrive = tps.sc.hours.kpps_arrive
    for name in tps.linmas:
        hours = (release - arrive) / 60.0
        rows.append(
            {
                "member": name,
                "roles": "ketertiban",
                "arrive_min": arrive,
                "release_min": release,
                "on_duty_h": hours,
                "busy_h": hours,
                "longest_stretch_h": hours,
                "past_midnight_h": metrics.hours_past_midnight(release),
                "break_min": 0.0,
                "away_min": 0.0,
            }
        )
    return rows


def station_rows(tps) -> list[dict]:
    """Servers, busy time and utilisation of each voting station while the TPS was open."""
    open_min = max(0.0, tps.last_exit - tps.open)
    rows, seen = [], set()
    for station in tps.stations.values():
        if id(station) in seen:
            continue
        seen.add(id(station))
        rows.append(
            {
                "station": station.name,
                "servers": station.servers,
                "busy_min": station.busy_min,
                "utilisation": metrics.utilisation(station.busy_min, station.servers, open_min),
            }
        )
    rows.append(
        {
            "station": "booth",
            "servers": tps.sc.tps.booths,
            "busy_min": tps.booth_busy_min,
            "utilisation": metrics.utilisation(tps.booth_busy_min, tps.sc.tps.booths, open_min),
        }
    )
    order = {"entrance": 0, "ketua_table": 1, "booth": 2, "ink": 3}
    rows.sort(key=lambda r: order.get(r["station"], 9))
    return rows


def summary(tps) -> dict:
    """The day's KPIs (the keys of :data:`simkit.metrics.KPIS`) from plain records."""
    people = everyone(tps)
    sc = tps.sc
    outcomes = [p.outcome for p in people]
    waits = np.array(
        [p.booth_start - p.arrival for p in people if p.outcome == "voted" and p.place == "tps"],
        dtype=float,
    )
    exits = [p.exit for p in people if p.place == "tps" and not math.isnan(p.exit)]
    staff = [r for r in staff_rows(tps) if r["member"].startswith("KPPS")]
    hours = [r["on_duty_h"] for r in staff]
    stations = station_rows(tps)
    busiest = max(stations, key=lambda r: r["utilisation"]) if stations else None
    counters = tps.log.counters
    out = {
        "voters_eligible": sc.tps.voters_dpt + sc.tps.voters_dptb + sc.tps.voters_dpk,
        "voters_arrived": len(people),
        "voters_voted": outcomes.count("voted"),
        "voters_turned_away": outcomes.count("turned_away"),
        "voters_left": outcomes.count("left"),
        **metrics.wait_stats(waits),
        "last_voter_exit_min": float(max(exits)) if exits else float(tps.open),
        "counting_end_min": float(tps.counting_end),
        "work_end_min": float(tps.work_end),
        "kpps_hours_max": float(max(hours)) if hours else 0.0,
        "kpps_hours_mean": float(np.mean(hours)) if hours else 0.0,
        "past_deadline": bool(tps.work_end > sc.hours.counting_deadline),
        "ballots_spoiled": counters["ballots_spoiled"],
        "recounts": counters["recounts"],
        "objections": counters["objections"],
        "psu_risk_events": counters["psu_risk_events"],
        "busiest_station": busiest["station"] if busiest else "",
        "busiest_utilisation": float(busiest["utilisation"]) if busiest else 0.0,
    }
    return {key: out[key] for key in metrics.SUMMARY_KEYS}  # the catalogue's order


def frames(tps) -> dict:
    """All result frames of a detailed day."""
    import pandas as pd  # lazy: the summary-only fast path (many TPS) never loads pandas

    counting = pd.DataFrame(tps.log.counting, columns=list(COUNTING_COLUMNS))
    if len(counting):
        order = {t: i for i, t in enumerate(tps.types)}
        counting = counting.sort_values("ballot_type", key=lambda s: s.map(order)).reset_index(
            drop=True
        )
    voters = pd.DataFrame(voter_columns(tps), columns=list(VOTER_COLUMNS))
    voters = voters.sort_values(["arrival_min", "voter_id"], kind="stable").reset_index(drop=True)
    events = pd.DataFrame(tps.log.events, columns=["time_min", "kind", "actor", "place", "detail"])
    events = events.sort_values("time_min", kind="stable").reset_index(drop=True)
    queues = pd.DataFrame(tps.log.queues, columns=["time_min", "place", "length"])
    timeline = pd.DataFrame(
        tps.log.timeline, columns=["member", "start_min", "end_min", "activity", "place"]
    )
    return {
        "voters": voters,
        "staff": pd.DataFrame(staff_rows(tps), columns=list(STAFF_COLUMNS)),
        "counting": counting,
        "events": events,
        "queues": queues,
        "stations": pd.DataFrame(
            station_rows(tps), columns=["station", "servers", "busy_min", "utilisation"]
        ),
        "timeline": timeline,
    }


def ballot_ledger(tps) -> dict[str, dict[str, int]]:
    """Per ballot type: stock, issued, unused, spoiled, used by voters, and found in each box."""
    ledger = {}
    for t in tps.types:
        boxes = tps.boxes if tps.boxes_at_close is None else tps.boxes_at_close
        in_boxes = sum(boxes[b][t] for b in tps.types)
        ledger[t] = {
            "stock": tps.stock[t],
            "issued": tps.issued[t],
            "unused": tps.unused()[t],
            "spoiled": tps.spoiled[t],
            "used": tps.used[t],
            "in_boxes": in_boxes,
        }
    return ledger
