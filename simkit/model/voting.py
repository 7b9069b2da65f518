"""The voting phase: who comes, when, and each person's way through the TPS (§1.1-§1.5).

The people are drawn up front, one row per person on the lists (a finite population): DPT voters
who turn out, DPTb voters with their ballot entitlement, DPK voters, and people who are turned
away at meja A. Every random quantity of a person (arrival, service times, mistakes) is drawn
here from its own named stream in list order, so two scenarios that differ in staffing see the
same voters arrive at the same times and need the same booth times (common random numbers).
"""

from __future__ import annotations

import heapq
import math

import numpy as np

from simkit.model.staff import KETUA_TEAM_FACTOR

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


class Person:
    """One person who comes to the TPS, with everything drawn for them in advance."""

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


def build_population(sc, streams) -> tuple[list[Person], list[Person]]:
    """Everyone who comes to the TPS and the DPT voters sick at home, in arrival order.

    Returns ``(people, sick_at_home)``.
    """
    tps, arr, hours = sc.tps, sc.arrivals, sc.hours
    open_, close = hours.voting_open, hours.voting_close
    all_types = tuple(tps.ballot_types)
    people: list[Person] = []
    sick: list[Person] = []

    if arr.pattern == "poisson":
        return _poisson_population(sc, streams, all_types), []
    if arr.pattern == "fixed":
        return fixed_population(sc, streams, all_types), []

    # --- DPT: a finite list; voter i turns out when its draw is below the turnout
    n_dpt = tps.voters_dpt
    rng_turn = streams["turnout"]
    rng_arr = streams["arrivals.dpt"]
    u_turn = rng_turn.random(n_dpt)
    u_ignore = rng_arr.random(n_dpt)
    u_slot = rng_arr.random(n_dpt)
    u_free = rng_arr.random(n_dpt)
    u_late = rng_arr.random(n_dpt)
    n_sick = min(tps.sick_at_home, n_dpt)

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

    turned_out = [i for i in range(n_dpt) if u_turn[i] < tps.turnout]
    # voters sick at home: the last names on the list among those who vote (assumption)
    sick_ids = set(turned_out[len(turned_out) - n_sick :]) if n_sick else set()
    # The line at opening: the first turned-out voters of the first slot come before 07:00.
    first_group = [i for i in turned_out if i not in sick_ids and not late[i]]
    if arr.pattern == "kpu_groups":
        first_group = [i for i in first_group if dpt_time[i] < arr.dpt_groups[0][1]]
    line = set(first_group[: arr.opening_line])
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

    # --- DPTb: moved in with an A-Pindah Memilih form, suggested 11:00-11:59
    n_b = tps.voters_dptb
    rng_b = streams["arrivals.dptb"]
    u_turn_b = rng_b.random(n_b)
    u_ign_b = rng_b.random(n_b)
    u_time_b = rng_b.random(n_b)
    u_ent = rng_b.random(n_b)
    keys = sorted(tps.dptb_entitlement)
    cdf = np.cumsum([tps.dptb_entitlement[k] for k in keys])
    lo, hi = arr.dptb_window
    for j in range(n_b):
        if u_turn_b[j] >= tps.turnout:
            continue
        p = Person(100_000 + j, "DPTb")
        k = keys[min(int(np.searchsorted(cdf, u_ent[j] * cdf[-1], side="right")), len(keys) - 1)]
        p.types = tuple(t for t in ENTITLEMENT_TYPES[k] if t in all_types) or all_types[:1]
        p.extra_docs = True
        if u_ign_b[j] < arr.share_ignore_slot:
            p.arrival = open_ + u_time_b[j] * (close - open_)
        else:
            p.arrival = lo + u_time_b[j] * (hi - lo)
        people.append(p)

    # --- DPK: KTP-el only; come in the last hour (some earlier, and wait until 12:00)
    n_k = tps.voters_dpk
    rng_k = streams["arrivals.dpk"]
    u_ign_k = rng_k.random(n_k)
    u_time_k = rng_k.random(n_k)
    lo, hi = arr.dpk_window
    for j in range(n_k):
        p = Person(200_000 + j, "DPK")
        p.types = all_types
        p.extra_docs = True
        if u_ign_k[j] < arr.share_ignore_slot:
            # early DPK voters come in the hour before their window and wait (§1.1)
            p.arrival = lo - 60.0 + u_time_k[j] * (hi - lo + 60.0)
        else:
            p.arrival = lo + u_time_k[j] * (hi - lo)
        people.append(p)

    # --- people not on any list here (wrong TPS, not registered): checked and turned away
    rng_x = streams["arrivals.other"]
    n_x = int(rng_x.binomial(n_dpt, tps.share_not_eligible)) if n_dpt else 0
    times_x = open_ + rng_x.random(n_x) * (close - open_)
    for j in range(n_x):
        p = Person(300_000 + j, "OTHER")
        p.refuse = "not_on_list"
        p.extra_docs = True
        p.arrival = float(times_x[j])
        people.append(p)

    _draw_service(sc, streams, people + sick)
    people.sort(key=lambda p: (p.arrival, p.pid))
    return people, sick


def _poisson_population(sc, streams, all_types) -> list[Person]:
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
    _draw_service(sc, streams, people)
    return people


def fixed_population(sc, streams, all_types) -> list[Person]:
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
    _draw_service(sc, streams, people)
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


def _draw_service(sc, streams, people: list[Person]) -> None:
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


# ---------------------------------------------------------------------------- processes


def open_tps(tps):
    """Process: KPPS arrive at 06:00, prepare, take the oath and open at exactly 07:00 (§1.1)."""
    env, log = tps.env, tps.log
    for name, member in tps.members.items():
        log.activity(name, member.arrive, tps.open, "preparation", "tps")
    log.event(
        env.now, "kpps_arrive", "KPPS", "tps", f"{len(tps.members)} KPPS, {len(tps.linmas)} Linmas"
    )
    # every desk is closed until the ketua opens the meeting: early voters line up in order
    held = []
    for station in {id(s): s for s in tps.stations.values()}.values():
        for _ in range(station.servers):
            station.desk.acquire(-100)
            held.append(station)
    yield env.timeout(max(0.0, tps.open - env.now))
    for station in held:
        station.desk.release()
    log.event(env.now, "voting_open", "KPPS1", "tps", "")
    if tps.sc.tps.voters_dpk and tps.sc.hours.enforce_close:
        yield env.timeout(max(0.0, tps.sc.hours.dpk_from - env.now))
        log.event(
            env.now, "dpk_open", "KPPS1", "ketua_table", "DPK may vote after DPT/DPTb present"
        )
    yield env.timeout(max(0.0, tps.close - env.now))
    if tps.sc.hours.enforce_close:
        log.event(
            env.now, "voting_close", "KPPS1", "tps", f"{tps.in_tps} people in the line still vote"
        )
    tps.check_voting_done()


def arrivals(tps):
    """Process: people reach the TPS at their drawn times; each starts a :func:`voter` process."""
    env = tps.env
    for person in tps.people:
        if person.arrival > env.now:
            yield env.timeout(person.arrival - env.now)
        tps.arrived += 1
        tps.in_tps += 1
        env.process(voter(tps, person))
    tps.arrived_all = True
    tps.check_voting_done()


def _served(tps, station_name, base_min, priority=0):
    """Sub-process: wait for the station, be served by one of its members, leave it.

    Returns ``(start time, member who served)``; the service takes ``base_min`` times the
    member's training and fatigue factor (and the ketua table's team factor).
    """
    env = tps.env
    station = tps.stations[station_name]
    desk = station.desk
    wait = desk.acquire(priority)
    if wait is not None:
        if tps.log.detailed:
            tps.queue_changed(station_name, len(desk.waiting))
        yield wait
        if tps.log.detailed:
            tps.queue_changed(station_name, len(desk.waiting))
    start = env.now
    if station.team:
        member_name = station.members[0] if station.members else ""
        factor = 1.0
        if station_name == "ketua_table":  # fewer hands preparing ballots for the ketua
            factor = KETUA_TEAM_FACTOR.get(station.present_team(), 1.0)
    else:
        member_name = station.pick()
        factor = 1.0
    lead = tps.members.get(member_name)
    if lead is not None:
        factor *= lead.time_factor(start)
    duration = base_min * factor
    yield env.timeout(duration)
    station.busy_min += duration
    if station.team:
        for name in station.members:
            if name not in station.away:
                tps.members[name].busy_min += duration
    else:
        if lead is not None:
            lead.busy_min += duration
        station.put_back(member_name)
    desk.release()
    return start, member_name


def voter(tps, p):
    """Process: one person's way through the TPS (§1.4 voter flow).

    Meja A (KPPS 4/5 check the C.Pemberitahuan and KTP-el against the lists and the fingers for
    ink) -> waiting seats -> the ketua's table (ballots signed and handed; DPK voters only from
    12:00, after the DPT/DPTb voters present, and only while reserve ballots last) -> a booth ->
    the boxes (KPPS 6 watches the colours) -> ink at the exit (KPPS 7).
    """
    env, sc, log = tps.env, tps.sc, tps.log
    detailed = log.detailed  # the fast path writes no event log
    who = f"V{p.pid}"
    if detailed:
        log.event(env.now, "arrive", who, "entrance", p.category)
    # after 13:00 only those already in the line may vote (§1.1)
    if sc.hours.enforce_close and env.now >= tps.close and "close" not in p.waived:
        _leave(tps, p, "turned_away", "after_close", who)
        return
    balk = sc.arrivals.balking
    if balk.enabled:
        line = tps.people_waiting()
        if line >= balk.queue_threshold and p.u_balk < balk.share_leave:
            _leave(tps, p, "left", "line_too_long", who)
            return
    # a DPK voter who comes before 12:00 waits until the ketua announces DPK voting
    if (
        p.category == "DPK"
        and sc.hours.enforce_close
        and env.now < sc.hours.dpk_from
        and "dpk_hour" not in p.waived
    ):
        log.event(env.now, "dpk_wait", who, "seats", "DPK waits until 12:00")
        yield env.timeout(sc.hours.dpk_from - env.now)

    if "entrance" in tps.stations:
        p.entrance_start = env.now
        if p.refuse:
            start, member = yield from _served(tps, "entrance", p.t_refusal)
            if detailed:
                log.event(start, "entrance_check", who, "entrance", member)
            p.entrance_end = env.now
            _leave(tps, p, "turned_away", p.refuse, who)
            return
        start, member = yield from _served(tps, "entrance", p.t_entrance)
        p.entrance_start = start
        p.entrance_end = env.now
        if detailed:
            log.event(start, "entrance_check", who, "entrance", member)
            log.event(env.now, "seat", who, "seats", "")
    elif p.refuse:
        p.entrance_start = p.entrance_end = env.now
        _leave(tps, p, "turned_away", p.refuse, who)
        return

    if "ketua_table" in tps.stations:
        priority = 1 if p.category == "DPK" else 0  # DPT/DPTb present go first (§1.1)
        # the ketua calls the next voter only while a booth is, or is about to be, free
        yield from _wait_for_call(tps, priority)
        start, member = yield from _served(
            tps, "ketua_table", p.t_ketua + p.t_form, priority=priority
        )
        p.called = start
        if detailed:
            log.event(start, "called", who, "ketua_table", member)
        if not _hand_ballots(tps, p, who):
            _release_call(tps)
            _leave(tps, p, "turned_away", "no_ballots", who)
            return
    else:
        p.called = env.now
        _hand_ballots(tps, p, who)

    # a booth (KPPS 5 points to a free one)
    tps.booth_waiting += 1
    if detailed:
        tps.queue_changed("booth", tps.booth_waiting)
    booth = tps.booths.acquire()
    if booth is None:
        booth = tps.free_booths.pop(0)
    else:
        booth = yield booth  # the voter leaving a booth hands it over
    if "ketua_table" in tps.stations:
        _release_call(tps)
    tps.booth_waiting -= 1
    p.booth_id = booth
    p.booth_start = env.now
    if detailed:
        tps.queue_changed("booth", tps.booth_waiting)
        log.event(env.now, "booth_start", who, f"booth{booth}", "assisted" if p.assisted else "")
    start_booth = env.now
    yield env.timeout(p.t_booth)
    if p.u_spoil < sc.errors.spoiled_ballot and p.types:
        yield from _spoiled_ballot(tps, p, who)
    tps.booth_busy_min += env.now - start_booth
    p.booth_end = env.now
    if tps.booths.waiting:
        tps.booths.release(booth)
    else:
        tps.booths.release()
        tps.free_booths.append(booth)
    if detailed:
        log.event(env.now, "booth_end", who, f"booth{booth}", "")

    # the boxes: KPPS 6 watches that each colour goes into its own box (§3.5)
    if sc.stations.boxes:
        yield env.timeout(p.t_box)
        watchers = tps.roles["boxes"]
        for name in watchers:
            tps.members[name].busy_min += p.t_box
        rate = sc.errors.wrong_box * (1.0 if watchers else sc.errors.wrong_box_unwatched_factor)
        if watchers:
            rate *= tps.members[watchers[0]].error_factor(env.now)
        if p.assisted:
            rate *= 2.0  # elderly voters confuse the colours (§3.5); factor is an assumption
        _drop_ballots(tps, p, who, rate)
    else:
        _drop_ballots(tps, p, who, 0.0)

    # ink at the exit (KPPS 7)
    if "ink" in tps.stations:
        start, member = yield from _served(tps, "ink", p.t_ink)
        if detailed:
            log.event(start, "ink", who, "ink", member)
    _leave(tps, p, "voted", p.reason, who)


def _wait_for_call(tps, priority: int):
    """Sub-process: wait in the seats until fewer voters hold ballots than there are booths."""
    if tps.called_waiting < tps.sc.tps.booths and not tps.call_queue:
        tps.called_waiting += 1
        return
    event = tps.env.event()
    tps.call_seq += 1
    heapq.heappush(tps.call_queue, (priority, tps.call_seq, event))
    tps.queue_changed("call", 0)
    yield event


def _release_call(tps) -> None:
    """A voter with ballots has entered a booth (or left): the ketua may call the next one."""
    if tps.call_queue:
        _, _, event = heapq.heappop(tps.call_queue)
        event.succeed()  # the slot passes straight to the next voter
        tps.queue_changed("call", 0)
    else:
        tps.called_waiting -= 1


def _hand_ballots(tps, p, who) -> bool:
    """The ketua hands the voter's ballots; DPK only from the reserve; DPTb per their form."""
    sc, log = tps.sc, tps.log
    types = p.types
    if (
        p.category == "DPTb"
        and len(types) < len(tps.types)
        and p.u_extra < sc.errors.dptb_extra_ballots
    ):
        # more ballot types than the A-Pindah Memilih form allows: a PSU trigger (§1.6)
        p.extra_types = len(tps.types) - len(types)
        types = tps.types
        p.types = types
        tps.log.count("dptb_extra_ballots")
        tps.log.count("psu_risk_events")
        log.event(
            tps.env.now, "dptb_extra_ballots", who, "ketua_table", f"{p.extra_types} extra type(s)"
        )
    if p.reason == "ineligible_admitted":
        tps.log.count("ineligible_admitted")
        tps.log.count("psu_risk_events")
        log.event(tps.env.now, "ineligible_admitted", who, "ketua_table", "not on any list")
    if p.category == "DPK" and "dpk_reserve" not in p.waived:
        if any(tps.reserve[t] <= 0 for t in types):
            tps.log.count("dpk_no_ballots")
            log.event(
                tps.env.now,
                "dpk_no_ballots",
                who,
                "ketua_table",
                "reserve used up: sent to the nearest TPS in the desa",
            )
            return False
        for t in types:
            tps.take_ballot(t, reserve_only=True)
    else:
        missing = [t for t in types if not tps.take_ballot(t)]
        if missing:  # the TPS has run out of a type: the voter gets only what is left
            log.event(tps.env.now, "ballots_short", who, "ketua_table", ", ".join(missing))
            types = tuple(t for t in types if t not in missing)
            p.types = types
            if not types:
                return False
    for t in types:
        tps.used[t] += 1
    return True


def _spoiled_ballot(tps, p, who):
    """Sub-process: a punched-by-mistake or damaged ballot, replaced once from the reserve."""
    env, sc, log = tps.env, tps.sc, tps.log
    ballot_type = p.types[int(p.wrong_box_pick * len(p.types)) % len(p.types)]
    tps.spoiled[ballot_type] += 1
    tps.log.count("ballots_spoiled")
    p.spoiled = 1
    log.event(env.now, "spoiled", who, "ketua_table", ballot_type)
    if "ketua_table" in tps.stations:
        yield from _served(tps, "ketua_table", p.t_replace, priority=-1)
    if tps.take_replacement(ballot_type):
        log.event(env.now, "replacement", who, "ketua_table", ballot_type)
        yield env.timeout(p.t_booth / max(1, len(p.types)))
    else:
        # no ballot of that type left anywhere: the voter cannot cast it
        p.lost_type = ballot_type
        tps.used[ballot_type] -= 1
        log.event(env.now, "replacement_refused", who, "ketua_table", "no ballots left")
    if p.u_spoil_again < sc.errors.second_spoil_request:
        # only one replacement per voter (PKPU 25/2023 Pasal 26, §1.3)
        tps.log.count("spoil_refused")
        log.event(env.now, "replacement_refused", who, "ketua_table", "second request")


def _drop_ballots(tps, p, who, wrong_rate: float) -> None:
    """The voter puts each ballot in a box; with ``wrong_rate`` one goes into a wrong colour."""
    types = [t for t in p.types if t != p.lost_type]
    if not types:
        return
    wrong = (p.force_wrong_box or p.u_wrong_box < wrong_rate) and len(tps.types) > 1
    if p.force_wrong_box:
        wrong_type = types[0]
    else:
        wrong_type = types[int(p.wrong_box_pick * len(types)) % len(types)] if wrong else None
    for t in types:
        box = t
        if t == wrong_type:
            others = [u for u in tps.types if u != t]
            pick = 0.0 if p.force_wrong_box else p.u_wrong_box / max(wrong_rate, 1e-12)
            box = others[int(pick * len(others)) % len(others)]
            p.wrong_box = f"{t}->{box}"
            tps.log.count("wrong_box")
            tps.log.event(tps.env.now, "wrong_box", who, "boxes", p.wrong_box)
        tps.boxes[box][t] += 1


def _leave(tps, p, outcome: str, reason: str, who: str) -> None:
    p.exit = tps.env.now
    p.outcome = outcome
    p.reason = reason
    tps.log.event(p.exit, "exit" if outcome == "voted" else outcome, who, "exit", reason)
    tps.person_done(p)


def staff_breaks(tps, brk):
    """Process: a member takes a break set by the ketua; they finish the voter in hand first."""
    env = tps.env
    if brk.start > tps.open:  # a break from opening is queued now and starts when the desk opens
        yield env.timeout(max(0.0, brk.start - env.now))
    if tps.voting_done.triggered:
        # during the count nobody works at a desk: the member's panel waits for them (§1.6:
        # every ballot is opened, announced and tallied in view of the saksi)
        member = tps.members[brk.member]
        start = env.now
        member.away.append((start, start + brk.minutes, "break"))  # known now, for the timeline
        panel = tps.panel_of.get(brk.member, "1")
        # breaks at the same time pause the panel once, not once per member
        until = tps.pause_until.get(panel, start)
        new_until = max(until, start + brk.minutes)
        tps.pause_until[panel] = new_until
        proc = tps.panel_procs.get(panel)
        if tps.panel_working.get(panel) and proc is not None and proc.is_alive:
            proc.interrupt("break")  # the count stops now and resumes after the break
        else:
            tps.add_delay(f"panel:{panel}", new_until - max(until, start))
        yield env.timeout(brk.minutes)
        tps.log.activity(brk.member, start, env.now, "break", "break")
        tps.log.event(start, "break_start", brk.member, "break", f"{brk.minutes:.0f} min")
        return
    yield from away(tps, [brk.member], brk.minutes, "break")


def away(tps, names, minutes, why, work=None):
    """Sub-process: members leave their stations (after the voter in hand) and come back."""
    env = tps.env
    held = []
    for member_name in names:
        for station_name in tps.members[member_name].stations:
            station = tps.stations.get(station_name)
            if station is None or member_name not in station.members:
                continue
            request = yield from station.take_member(member_name)
            held.append((station, member_name, request))
    start = env.now
    for member_name in names:
        tps.log.event(
            start, f"{why}_start", member_name, why, f"{minutes:.0f} min" if minutes else ""
        )
    if work is not None:
        yield from work()
    else:
        yield env.timeout(minutes)
    for member_name in names:
        tps.members[member_name].away.append((start, env.now, why))
        tps.log.activity(member_name, start, env.now, why, why)
        tps.log.event(env.now, f"{why}_end", member_name, why, "")
    for station, member_name, request in held:
        station.give_back(member_name, request)


def home_visits(tps):
    """Process: from 12:00 some members take ballots to DPT voters sick at home (§1.1)."""
    env, sc, log = tps.env, tps.sc, tps.log
    tps.pending += 1
    yield env.timeout(max(0.0, sc.hours.sick_visit_from - env.now))
    order = (
        tps.roles["boxes"]
        + tps.roles["entrance"][1:]
        + tps.roles["ketua_table"][1:]
        + tps.roles["ink"]
        + tps.roles["entrance"][:1]
    )
    seen = []
    for m in order:
        if m not in seen:
            seen.append(m)
    team = seen[: sc.staff.home_visit_members] or [sc.staff.present[0]]
    rng = tps.streams["home_visits"]
    travel = float(sc.durations.home_visit_travel.sample(rng, 1)[0])
    per_voter = sc.durations.home_visit_per_voter.sample(rng, len(tps.sick))

    def work():
        yield env.timeout(travel / 2)
        for k, p in enumerate(tps.sick):
            p.arrival = env.now
            p.booth_start = env.now
            yield env.timeout(float(per_voter[k]))
            for t in p.types:
                if tps.take_ballot(t):
                    tps.used[t] += 1
                    tps.boxes[t][t] += 1
            p.booth_end = p.exit = env.now
            p.outcome = "voted"
            p.reason = "home_visit"
            log.event(env.now, "home_vote", f"V{p.pid}", "home", "")
        yield env.timeout(travel / 2)

    yield from away(tps, team, 0.0, "home_visit", work)
    for name in team:
        tps.members[name].busy_min += sum(
            e - s for s, e, why in tps.members[name].away[-1:] if why == "home_visit"
        )
    tps.pending -= 1
    tps.check_voting_done()
