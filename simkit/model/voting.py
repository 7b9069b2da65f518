"""The voting phase: the TPS opens, people arrive, each goes through the desks (§1.1-§1.5).

Who comes and when is drawn up front (:mod:`.population`); this module moves each person through
the TPS: meja A, the waiting seats, the ketua's table, a booth, the boxes and the ink, with the
rules of the day (closing at 13:00, DPK from 12:00 and only from the reserve, one replacement
ballot per voter). Members' breaks and home visits are in :mod:`.staff`.
"""

from __future__ import annotations

import heapq

from simkit.model.population import Person
from simkit.model.staff import KETUA_TEAM_FACTOR
from simkit.model.station import TPSDay


def open_tps(tps: TPSDay):
    """Process: the ketua runs the clock of the voting day (§1.1).

    KPPS arrive at 06:00, prepare the TPS and take the oath; every desk stays shut (early
    voters line up in order) until the ketua opens at exactly 07:00. At 12:00 the ketua
    announces that DPK voters may vote; at 13:00 the TPS closes and only those already in the
    line still vote.
    """
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


def arrivals(tps: TPSDay):
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


def _served(tps: TPSDay, station_name, base_min, priority=0):
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
    member_name: str | None
    if station.team:
        member_name = station.members[0] if station.members else ""
        factor = 1.0
        if station_name == "ketua_table":  # fewer hands preparing ballots for the ketua
            factor = KETUA_TEAM_FACTOR.get(station.present_team(), 1.0)
    else:
        member_name = station.pick()
        factor = 1.0
    lead = tps.members.get(member_name) if member_name is not None else None
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


def voter(tps: TPSDay, p: Person):
    """Process: one person's way through the TPS (§1.4 voter flow).

    Meja A (KPPS 4/5 check the C.Pemberitahuan and KTP-el against the lists and the fingers for
    ink) -> waiting seats -> the ketua's table (ballots signed and handed; DPK voters only from
    12:00, after the DPT/DPTb voters present, and only while reserve ballots last) -> a booth ->
    the boxes (KPPS 6 watches the colours) -> ink at the exit (KPPS 7).
    """
    env, sc, log = tps.env, tps.sc, tps.log
    who = f"V{p.pid}"
    if log.detailed:  # the fast path writes no event log
        log.event(env.now, "arrive", who, "entrance", p.category)
    if _turned_back_at_the_gate(tps, p, who):
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
    if not (yield from _meja_a(tps, p, who)):
        return
    if not (yield from _ketua_table(tps, p, who)):
        return
    yield from _booth(tps, p, who)
    yield from _boxes(tps, p, who)
    # ink at the exit (KPPS 7)
    if "ink" in tps.stations:
        start, member = yield from _served(tps, "ink", p.t_ink)
        if log.detailed:
            log.event(start, "ink", who, "ink", member)
    _leave(tps, p, "voted", p.reason, who)


def _turned_back_at_the_gate(tps: TPSDay, p: Person, who: str) -> bool:
    """Whoever comes after 13:00, or leaves because the line is too long, goes home at once."""
    sc = tps.sc
    # after 13:00 only those already in the line may vote (§1.1)
    if sc.hours.enforce_close and tps.env.now >= tps.close and "close" not in p.waived:
        _leave(tps, p, "turned_away", "after_close", who)
        return True
    balk = sc.arrivals.balking
    if balk.enabled:
        line = tps.people_waiting()
        if line >= balk.queue_threshold and p.u_balk < balk.share_leave:
            _leave(tps, p, "left", "line_too_long", who)
            return True
    return False


def _meja_a(tps: TPSDay, p: Person, who: str):
    """Sub-process: meja A checks the person; returns False when they are turned away."""
    env, log = tps.env, tps.log
    if "entrance" not in tps.stations:
        if p.refuse:
            p.entrance_start = p.entrance_end = env.now
            _leave(tps, p, "turned_away", p.refuse, who)
            return False
        return True
    p.entrance_start = env.now
    if p.refuse:
        start, member = yield from _served(tps, "entrance", p.t_refusal)
        if log.detailed:
            log.event(start, "entrance_check", who, "entrance", member)
        p.entrance_end = env.now
        _leave(tps, p, "turned_away", p.refuse, who)
        return False
    start, member = yield from _served(tps, "entrance", p.t_entrance)
    p.entrance_start = start
    p.entrance_end = env.now
    if log.detailed:
        log.event(start, "entrance_check", who, "entrance", member)
        log.event(env.now, "seat", who, "seats", "")
    return True


def _ketua_table(tps: TPSDay, p: Person, who: str):
    """Sub-process: the ketua calls the voter and hands the ballots; False if none are left."""
    env, log = tps.env, tps.log
    if "ketua_table" not in tps.stations:
        p.called = env.now
        _hand_ballots(tps, p, who)
        return True
    priority = 1 if p.category == "DPK" else 0  # DPT/DPTb present go first (§1.1)
    # the ketua calls the next voter only while a booth is, or is about to be, free
    yield from _wait_for_call(tps, priority)
    start, member = yield from _served(tps, "ketua_table", p.t_ketua + p.t_form, priority=priority)
    p.called = start
    if log.detailed:
        log.event(start, "called", who, "ketua_table", member)
    if not _hand_ballots(tps, p, who):
        _release_call(tps)
        _leave(tps, p, "turned_away", "no_ballots", who)
        return False
    return True


def _booth(tps: TPSDay, p: Person, who: str):
    """Sub-process: KPPS 5 points the voter to a free booth; they punch their ballots there."""
    env, sc, log = tps.env, tps.sc, tps.log
    detailed = log.detailed
    tps.booth_waiting += 1
    if detailed:
        tps.queue_changed("booth", tps.booth_waiting)
    request = tps.booths.acquire()
    booth: int
    if request is None:
        booth = tps.free_booths.pop(0)
    else:
        booth = yield request  # the voter leaving a booth hands it over
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


def _boxes(tps: TPSDay, p: Person, who: str):
    """Sub-process: the boxes; KPPS 6 watches that each colour goes into its own box (§3.5)."""
    env, sc = tps.env, tps.sc
    if not sc.stations.boxes:
        _drop_ballots(tps, p, who, 0.0)
        return
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


def _wait_for_call(tps: TPSDay, priority: int):
    """Sub-process: wait in the seats until fewer voters hold ballots than there are booths."""
    if tps.called_waiting < tps.sc.tps.booths and not tps.call_queue:
        tps.called_waiting += 1
        return
    event = tps.env.event()
    tps.call_seq += 1
    heapq.heappush(tps.call_queue, (priority, tps.call_seq, event))
    tps.queue_changed("call", 0)
    yield event


def _release_call(tps: TPSDay) -> None:
    """A voter with ballots has entered a booth (or left): the ketua may call the next one."""
    if tps.call_queue:
        _, _, event = heapq.heappop(tps.call_queue)
        event.succeed()  # the slot passes straight to the next voter
        tps.queue_changed("call", 0)
    else:
        tps.called_waiting -= 1


def _hand_ballots(tps: TPSDay, p: Person, who: str) -> bool:
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


def _spoiled_ballot(tps: TPSDay, p: Person, who: str):
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


def _drop_ballots(tps: TPSDay, p: Person, who: str, wrong_rate: float) -> None:
    """The voter puts each ballot in a box; with ``wrong_rate`` one goes into a wrong colour."""
    types = [t for t in p.types if t != p.lost_type]
    if not types:
        return
    wrong = (p.force_wrong_box or p.u_wrong_box < wrong_rate) and len(tps.types) > 1
    wrong_type: str | None
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


def _leave(tps: TPSDay, p: Person, outcome: str, reason: str, who: str) -> None:
    """The person leaves the TPS: voted, turned away, or gave up waiting (``outcome``)."""
    p.exit = tps.env.now
    p.outcome = outcome
    p.reason = reason
    tps.log.event(p.exit, "exit" if outcome == "voted" else outcome, who, "exit", reason)
    tps.person_done(p)
