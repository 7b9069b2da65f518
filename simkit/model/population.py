"""Who comes to the TPS and when: the people on the lists and every draw made for them (§1.1-§1.3).

The people are drawn up front, one row per person on the lists (a finite population): DPT voters
who turn out, DPTb voters with their ballot entitlement, DPK voters, and people who are turned
away at meja A. Every random quantity of a person (arrival, service times, mistakes) is drawn
here from its own named stream in list order, so two scenarios that differ in staffing see the
same voters arrive at the same times and need the same booth times (common random numbers).
Two other populations serve special scenarios: Poisson arrivals (the queueing-theory check) and
planted people (``arrivals.fixed``, drills and rule tests).
"""

from __future__ import annotations

import math

import numpy as np

from simkit.model.streams import Streams
from simkit.scenario import Scenario

# Ballot types a DPTb voter receives by the number the A-Pindah Memilih form allows (§1.2):
# 1 = moved out of the province (PPWP only); 2 = another kab/kota, other dapil (PPWP + DPD);
# 3 = + DPR; 4 = + DPRD Prov; 5 = another kecamatan, same dapil.
ENTITLEMENT_TYPES = {
    1: ("PPWP",),
    2: ("PPWP", "DPD"),
    3: ("PPWP", "DPR", "DPD"),
    4: ("PPWP", "DPR", "DPD", "DPRD_PROV"),
    5: ("PPWP", "DPR", "DPD", "DPRD_PROV", "DPRD_KABKOTA"),
}

# Person ids by list, so a person's id says which list they are on.
DPTB_PID, DPK_PID, OTHER_PID = 100_000, 200_000, 300_000


class Person:
    """One person who comes to the TPS, with everything drawn for them in advance.

    The draws (``t_*`` minutes of each service, ``u_*`` uniform numbers that decide each
    mistake) are set by :func:`draw_service` or :func:`fixed_population`, before the day starts;
    the rest is what happens to the person during the day.
    """

    __slots__ = (
        "pid",
        "category",
        "assisted",
        "extra_docs",
        "types",
        "arrival",
        "refuse",
        "after_close",
        "t_entrance",
        "t_refusal",
        "t_ketua",
        "t_form",
        "t_booth",
        "t_box",
        "t_ink",
        "t_replace",
        "u_spoil",
        "u_spoil_again",
        "u_wrong_box",
        "wrong_box_pick",
        "u_extra",
        "u_balk",
        "entrance_start",
        "entrance_end",
        "called",
        "booth_start",
        "booth_end",
        "booth_id",
        "exit",
        "outcome",
        "reason",
        "place",
        "spoiled",
        "wrong_box",
        "extra_types",
        "lost_type",
        "force_wrong_box",
        "waived",
    )

    # drawn before the day (draw_service / fixed_population): minutes of each service ...
    t_entrance: float  # meja A check (with the extra documents of DPTb/DPK/no invitation)
    t_refusal: float  # meja A check of someone who is turned away
    t_ketua: float  # the ketua signs and hands the ballots
    t_form: float  # the pendamping's form (assisted voters only)
    t_booth: float
    t_box: float
    t_ink: float
    t_replace: float  # a replacement ballot for a spoiled one
    # ... and the uniform numbers that decide each mistake (below its rate: it happens)
    u_spoil: float
    u_spoil_again: float
    u_wrong_box: float
    wrong_box_pick: float  # which ballot goes wrong, when one does
    u_extra: float  # a DPTb voter handed more ballot types than the form allows
    u_balk: float  # leaves when the line is too long (arrivals.balking)

    def __init__(self, pid: int, category: str):
        self.pid = pid
        self.category = category
        self.assisted = False
        self.extra_docs = False
        self.types: tuple[str, ...] = ()
        self.arrival = 0.0
        self.refuse = ""  # reason to turn this person away at meja A ("" = eligible)
        self.after_close = False
        self.entrance_start = math.nan
        self.entrance_end = math.nan
        self.called = math.nan
        self.booth_start = math.nan
        self.booth_end = math.nan
        self.booth_id = 0
        self.exit = math.nan
        self.outcome = ""
        self.reason = ""
        self.place = "tps"
        self.spoiled = 0
        self.wrong_box = ""
        self.extra_types = 0
        self.lost_type = ""
        self.force_wrong_box = False
        self.waived: tuple[str, ...] = ()  # rules a KPPS wrongly waived for them (drills)


def build_population(sc: Scenario, streams: Streams) -> tuple[list[Person], list[Person]]:
    """Everyone who comes to the TPS and the DPT voters sick at home, in arrival order.

    Returns ``(people, sick_at_home)``.
    """
    all_types = tuple(sc.tps.ballot_types)
    if sc.arrivals.pattern == "poisson":
        return _poisson_population(sc, streams, all_types), []
    if sc.arrivals.pattern == "fixed":
        return fixed_population(sc, streams, all_types), []
    people, sick = _dpt_voters(sc, streams, all_types)
    people += _dptb_voters(sc, streams, all_types)
    people += _dpk_voters(sc, streams, all_types)
    people += _not_on_list(sc, streams)
    draw_service(sc, streams, people + sick)
    people.sort(key=lambda p: (p.arrival, p.pid))
    return people, sick


def _dpt_times(sc: Scenario, u_ignore, u_slot, u_free, u_late) -> tuple[np.ndarray, np.ndarray]:
    """When each DPT voter would come (their KPU group or the hourly profile) and who comes late."""
    arr, open_, close = sc.arrivals, sc.hours.voting_open, sc.hours.voting_close
    n_dpt = len(u_slot)
    if arr.pattern == "kpu_groups":
        groups = arr.dpt_groups
        g = (np.arange(n_dpt) * len(groups)) // max(1, n_dpt)
        lows = np.array([groups[k][0] for k in g], dtype=float)
        highs = np.array([groups[k][1] for k in g], dtype=float)
        slot_time = lows + u_slot * (highs - lows)
    else:  # hourly_shares: the hour by the profile, uniform within it
        shares = np.asarray(arr.hourly_shares, dtype=float)
        width = (close - open_) / len(shares)
        cdf = np.cumsum(shares)
        hour = np.minimum(np.searchsorted(cdf, u_slot * cdf[-1], side="right"), len(shares) - 1)
        slot_time = open_ + (hour + u_free) * width
    free_time = open_ + u_free * (close - open_)
    ignore = u_ignore < arr.share_ignore_slot
    dpt_time = np.where(ignore, free_time, slot_time) if arr.pattern == "kpu_groups" else slot_time
    late = u_late < arr.share_after_close
    dpt_time = np.where(late, close + u_free * 30.0, dpt_time)
    return dpt_time, late


def _dpt_voters(sc: Scenario, streams: Streams, all_types) -> tuple[list[Person], list[Person]]:
    """DPT: a finite list; voter i turns out when its draw is below the turnout.

    Returns ``(people who come, voters sick at home)``.
    """
    tps, arr, open_ = sc.tps, sc.arrivals, sc.hours.voting_open
    n_dpt = tps.voters_dpt
    rng_arr = streams["arrivals.dpt"]
    u_turn = streams["turnout"].random(n_dpt)
    u_ignore = rng_arr.random(n_dpt)
    u_slot = rng_arr.random(n_dpt)
    u_free = rng_arr.random(n_dpt)
    u_late = rng_arr.random(n_dpt)
    n_sick = min(tps.sick_at_home, n_dpt)
    dpt_time, late = _dpt_times(sc, u_ignore, u_slot, u_free, u_late)

    turned_out = [i for i in range(n_dpt) if u_turn[i] < tps.turnout]
    # voters sick at home: the last names on the list among those who vote (assumption)
    sick_ids = set(turned_out[len(turned_out) - n_sick :]) if n_sick else set()
    # The line at opening: the first turned-out voters of the first slot come before 07:00.
    first_group = [i for i in turned_out if i not in sick_ids and not late[i]]
    if arr.pattern == "kpu_groups":
        first_group = [i for i in first_group if dpt_time[i] < arr.dpt_groups[0][1]]
    line = set(first_group[: arr.opening_line])
    people: list[Person] = []
    sick: list[Person] = []
    for i in turned_out:
        p = Person(i, "DPT")
        p.types = all_types
        if i in line:
            p.arrival = arr.opening_line_from + u_slot[i] * (open_ - arr.opening_line_from)
        else:
            p.arrival = float(dpt_time[i])
        p.after_close = bool(late[i])
        if i in sick_ids:
            p.place = "home"
            sick.append(p)
        else:
            people.append(p)
    return people, sick


def _dptb_voters(sc: Scenario, streams: Streams, all_types) -> list[Person]:
    """DPTb: moved in with an A-Pindah Memilih form, suggested 11:00-11:59."""
    tps, arr, hours = sc.tps, sc.arrivals, sc.hours
    n_b = tps.voters_dptb
    rng_b = streams["arrivals.dptb"]
    u_turn_b = rng_b.random(n_b)
    u_ign_b = rng_b.random(n_b)
    u_time_b = rng_b.random(n_b)
    u_ent = rng_b.random(n_b)
    keys = sorted(tps.dptb_entitlement)
    cdf = np.cumsum([tps.dptb_entitlement[k] for k in keys])
    lo, hi = arr.dptb_window
    people = []
    for j in range(n_b):
        if u_turn_b[j] >= tps.turnout:
            continue
        p = Person(DPTB_PID + j, "DPTb")
        k = keys[min(int(np.searchsorted(cdf, u_ent[j] * cdf[-1], side="right")), len(keys) - 1)]
        p.types = tuple(t for t in ENTITLEMENT_TYPES[k] if t in all_types) or all_types[:1]
        p.extra_docs = True
        if u_ign_b[j] < arr.share_ignore_slot:
            p.arrival = hours.voting_open + u_time_b[j] * (hours.voting_close - hours.voting_open)
        else:
            p.arrival = lo + u_time_b[j] * (hi - lo)
        people.append(p)
    return people


def _dpk_voters(sc: Scenario, streams: Streams, all_types) -> list[Person]:
    """DPK: KTP-el only; come in the last hour (some earlier, and wait until 12:00)."""
    n_k = sc.tps.voters_dpk
    rng_k = streams["arrivals.dpk"]
    u_ign_k = rng_k.random(n_k)
    u_time_k = rng_k.random(n_k)
    lo, hi = sc.arrivals.dpk_window
    people = []
    for j in range(n_k):
        p = Person(DPK_PID + j, "DPK")
        p.types = all_types
        p.extra_docs = True
        if u_ign_k[j] < sc.arrivals.share_ignore_slot:
            # early DPK voters come in the hour before their window and wait (§1.1)
            p.arrival = lo - 60.0 + u_time_k[j] * (hi - lo + 60.0)
        else:
            p.arrival = lo + u_time_k[j] * (hi - lo)
        people.append(p)
    return people


def _not_on_list(sc: Scenario, streams: Streams) -> list[Person]:
    """People not on any list here (wrong TPS, not registered): checked and turned away."""
    n_dpt, open_, close = sc.tps.voters_dpt, sc.hours.voting_open, sc.hours.voting_close
    rng_x = streams["arrivals.other"]
    n_x = int(rng_x.binomial(n_dpt, sc.tps.share_not_eligible)) if n_dpt else 0
    times_x = open_ + rng_x.random(n_x) * (close - open_)
    people = []
    for j in range(n_x):
        p = Person(OTHER_PID + j, "OTHER")
        p.refuse = "not_on_list"
        p.extra_docs = True
        p.arrival = float(times_x[j])
        people.append(p)
    return people


def _poisson_population(sc: Scenario, streams: Streams, all_types) -> list[Person]:
    """Queueing-theory mode: Poisson arrivals at a constant rate over the opening hours."""
    rng = streams["arrivals.poisson"]
    open_, close = sc.hours.voting_open, sc.hours.voting_close
    rate = sc.arrivals.rate_per_hour / 60.0
    expected = rate * (close - open_)
    gaps = rng.exponential(1.0 / rate, int(expected + 10 * math.sqrt(expected) + 50))
    times = open_ + np.cumsum(gaps)
    while times[-1] < close:  # rare: draw more
        more = times[-1] + np.cumsum(rng.exponential(1.0 / rate, len(gaps)))
        times = np.concatenate([times, more])
    times = times[times < close]
    people = []
    for i, t in enumerate(times):
        p = Person(i, "DPT")
        p.types = all_types
        p.arrival = float(t)
        people.append(p)
    draw_service(sc, streams, people)
    return people


def fixed_population(sc: Scenario, streams: Streams, all_types) -> list[Person]:
    """Planted people (``arrivals.fixed``): every mistake is stated, none is drawn."""
    people = []
    for i, spec in enumerate(sc.arrivals.fixed):
        p = Person(i, spec.category)
        n = spec.types or len(all_types)
        p.types = (
            tuple(t for t in ENTITLEMENT_TYPES[n] if t in all_types) or all_types[:1]
            if spec.category == "DPTb"
            else all_types
        )
        p.arrival = spec.time
        p.refuse = spec.refuse if spec.category != "OTHER" else (spec.refuse or "not_on_list")
        p.extra_docs = spec.category in ("DPTb", "DPK", "OTHER")
        people.append(p)
    draw_service(sc, streams, people)
    d = sc.durations
    n_all = len(all_types)
    for p, spec in zip(sorted(people, key=lambda q: q.pid), sc.arrivals.fixed, strict=True):
        # planted people take the mean of every duration, so their trace is exact
        p.assisted = spec.assisted
        p.extra_docs = spec.no_invitation or spec.category in ("DPTb", "DPK", "OTHER")
        p.t_entrance = d.entrance_check.mean + (
            d.entrance_extra_documents.mean if p.extra_docs else 0.0
        )
        p.t_refusal = d.entrance_refusal.mean
        p.t_ketua = d.ketua_table.mean
        p.t_form = d.pendamping_form.mean if spec.assisted else 0.0
        booth = d.booth_assisted.mean if spec.assisted else d.booth.mean
        p.t_booth = booth * len(p.types) / n_all if p.category == "DPTb" else booth
        p.t_box = d.box.mean
        p.t_ink = d.ink.mean
        p.t_replace = d.spoiled_replacement.mean
        p.u_spoil = -1.0 if spec.spoil >= 1 else 2.0
        p.u_spoil_again = -1.0 if spec.spoil >= 2 else 2.0
        p.u_wrong_box = 2.0
        p.force_wrong_box = spec.wrong_box
        p.u_extra = -1.0 if spec.extra_ballots else 2.0
        p.u_balk = -1.0  # a planted person always follows the balking rule when it is on
        if spec.category == "OTHER" and not p.refuse:
            p.reason = "ineligible_admitted"
    people.sort(key=lambda q: (q.arrival, q.pid))
    return people


def draw_service(sc: Scenario, streams: Streams, people: list[Person]) -> None:
    """Draw every service time and mistake of every person, each from its own stream."""
    n = len(people)
    if n == 0:
        return
    people.sort(key=lambda p: p.pid)  # list order, independent of arrival times
    d, e, tps = sc.durations, sc.errors, sc.tps
    n_all = len(tps.ballot_types)

    def draw(name, dist):
        return dist.sample(streams[name], n)

    t_entrance = draw("entrance", d.entrance_check)
    t_extra = draw("entrance.documents", d.entrance_extra_documents)
    t_refusal = draw("entrance.refusal", d.entrance_refusal)
    t_ketua = draw("ketua_table", d.ketua_table)
    t_form = draw("pendamping", d.pendamping_form)
    t_booth = draw("booth", d.booth)
    t_booth_a = draw("booth.assisted", d.booth_assisted)
    t_box = draw("box", d.box)
    t_ink = draw("ink", d.ink)
    t_replace = draw("replacement", d.spoiled_replacement)
    rng_who = streams["people"]
    u_assist = rng_who.random(n)
    u_noinv = rng_who.random(n)
    u_ink_finger = rng_who.random(n)
    u_balk = rng_who.random(n)
    rng_err = streams["errors.voting"]
    u_spoil = rng_err.random(n)
    u_spoil2 = rng_err.random(n)
    u_wrong = rng_err.random(n)
    u_wrong_pick = rng_err.random(n)
    u_extra = rng_err.random(n)
    u_admit = rng_err.random(n)
    for k, p in enumerate(people):
        p.assisted = bool(u_assist[k] < tps.share_assisted) and p.category != "OTHER"
        if p.category == "DPT" and u_noinv[k] < tps.share_no_invitation:
            p.extra_docs = True
        if not p.refuse and p.category != "OTHER" and u_ink_finger[k] < e.ink_on_finger:
            p.refuse = "ink_on_finger"
        if p.refuse == "not_on_list" and u_admit[k] < e.ineligible_admitted:
            p.refuse = ""  # wrongly admitted: votes although not on any list (a PSU trigger)
            p.category = "OTHER"
            p.types = tuple(tps.ballot_types)
            p.reason = "ineligible_admitted"
        share_types = (len(p.types) / n_all) if n_all else 1.0
        p.t_entrance = float(t_entrance[k] + (t_extra[k] if p.extra_docs else 0.0))
        p.t_refusal = float(t_refusal[k])
        p.t_ketua = float(t_ketua[k])
        p.t_form = float(t_form[k]) if p.assisted else 0.0
        booth = t_booth_a[k] if p.assisted else t_booth[k]
        # booth time grows with the ballots to punch: "about 1 min per ballot" (§1.3)
        p.t_booth = float(booth * share_types) if p.category == "DPTb" else float(booth)
        p.t_box = float(t_box[k])
        p.t_ink = float(t_ink[k])
        p.t_replace = float(t_replace[k])
        p.u_spoil = float(u_spoil[k])
        p.u_spoil_again = float(u_spoil2[k])
        p.u_wrong_box = float(u_wrong[k])
        p.wrong_box_pick = float(u_wrong_pick[k])
        p.u_extra = float(u_extra[k])
        p.u_balk = float(u_balk[k])
