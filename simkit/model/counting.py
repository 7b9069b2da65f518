"""The count and its paperwork (§1.6, §3.1).

After the last voter has left: a break set by the ketua, the preparation (attendance totals,
unused ballots counted and crossed out, spoiled ballots grouped, the counting layout), then the
count of each ballot type in order PPWP, DPR, DPD, DPRD Prov, DPRD Kab/Kota, in one panel (2024)
or two (the cancelled 2024 proposal). Per type: the box is opened and emptied; each ballot is
opened (KPPS 2), examined and announced by the ketua, tallied on the C.Hasil plano (KPPS 3-4),
folded (KPPS 5), sorted and bundled (KPPS 6-7); then the figures are reconciled, saksi may object,
the C.Hasil is filled and signed, photographed into Sirekap and uploaded, and a C.Hasil Salinan
is made for every saksi and the Pengawas TPS.

A type's count is drawn in one vectorised step (one draw per ballot and role), not one SimPy
process per ballot; the per-ballot announcements are written to the log when the scenario asks
for them (``record_ballots``).
"""

from __future__ import annotations

import contextlib
import math
from typing import Any

import numpy as np
import simpy

from simkit.model.staff import counting_weights, tally_checked
from simkit.model.station import TPSDay
from simkit.scenario import BallotType
from simkit.tps import COUNTING_ROLES

TYPE_DEPENDENT_ROLES = ("announce", "tally")  # DPR/DPRD: party + candidate, many plano pages
MAX_SIGNERS = 7 + 40  # KPPS + the most saksi a scenario allows
MAX_COPIES = 40 + 1  # one salinan per saksi and one for the Pengawas TPS


def counting_day(tps: TPSDay):
    """Process: everything from the last voter out to the boxes handed to the PPS (§1.6, §3.1).

    The ketua sets a break, the KPPS prepare (attendance totals, unused ballots counted and
    crossed out, the counting layout), each panel counts its ballot types (:func:`count_panel`),
    the salinan are made if not made per type, the Sirekap uploads finish, and the KPPS close:
    the boxes and forms go to the PPS.
    """
    env, sc, log = tps.env, tps.sc, tps.log
    voting_end = yield tps.voting_done
    tps.voting_end = voting_end
    tps.boxes_at_close = {b: dict(content) for b, content in tps.boxes.items()}
    members = list(tps.members)
    for name in members:  # the voting stretch of each member, less breaks and time away
        _log_span(tps, name, tps.open, voting_end, "voting", "/".join(tps.members[name].stations))
    if not sc.counting.enabled:
        tps.work_end = voting_end
        tps.released = voting_end
        return
    c = sc.counting
    rng = tps.streams["counting.prep"]
    # a break set by the ketua (counting often starts about 13:30, §3.1)
    pause = float(c.break_after_voting.sample(rng, 1)[0])
    _all_do(tps, members, env.now, env.now + pause, "break", "tps", busy=False)
    log.event(env.now, "break_start", "KPPS", "tps", f"{pause:.0f} min")
    yield env.timeout(pause)
    for name in members:
        tps.members[name].away.append((env.now - pause, env.now, "break"))
    # attendance totals, unused ballots counted and crossed out, layout for counting
    prep = float(c.preparation.sample(rng, 1)[0]) * _team_factor(tps, members, env.now)
    _all_do(tps, members, env.now, env.now + prep, "preparation", "counting")
    log.event(env.now, "counting_preparation", "KPPS2", "counting", _attendance_text(tps))
    yield env.timeout(prep)
    tps.counting_start = env.now
    log.event(env.now, "counting_start", "KPPS1", "counting", c.mode)

    tps.count_done = {t: False for t in tps.types}
    tps.opened = {t: False for t in tps.types}
    tps.pending_found = {t: 0 for t in tps.types}
    tps.uploads = []
    tps.last_announce = env.now
    panels = _panels(tps)
    tps.panel_of = {m: name for name, _, ms in panels for m in ms}
    procs = []
    for name, types, ms in panels:
        tps.panel_procs[name] = env.process(count_panel(tps, name, types, ms))
        procs.append(tps.panel_procs[name])
    yield env.all_of(procs)
    tps.counting_end = tps.last_announce
    log.event(env.now, "counting_end", "KPPS1", "counting", "")

    if c.salinan_timing == "after_count":
        start = env.now
        for t in tps.types:
            yield from make_salinan(tps, t, members)
        _all_do(tps, members, start, env.now, "salinan", "paperwork", busy=True)
    if tps.uploads:
        yield env.all_of(tps.uploads)
    # breaks taken during the salinan, and any other time still owed, before closing
    owed = tps.take_delay("closing", *(f"panel:{name}" for name, _, _ in panels))
    if owed:
        yield env.timeout(owed)
    closing = float(c.closing.sample(rng, 1)[0]) * _team_factor(tps, members, env.now)
    _all_do(tps, members, env.now, env.now + closing, "closing", "tps")
    yield env.timeout(closing)
    tps.work_end = env.now
    tps.released = env.now
    log.event(env.now, "work_end", "KPPS1", "tps", "boxes and forms handed to the PPS")


def _panels(tps: TPSDay):
    """(name, ballot types, members) per panel; an unstaffed panel's types go to the first."""
    sc = tps.sc
    present = list(tps.members)
    if sc.counting.mode == "single_panel":
        return [("1", list(tps.types), present)]
    panels: list[list[Any]] = []  # [name, types, members]
    orphan_types = []
    for name, types in sc.counting.panels.items():
        types = [t for t in tps.types if t in types]
        members = [m for m in sc.counting.panel_members[name] if m in tps.members]
        if not types:
            continue
        if members:
            panels.append([name, types, members])
        else:
            orphan_types += types
    placed = {m for _, _, ms in panels for m in ms}
    spare = [m for m in present if m not in placed]
    if not panels:
        return [("1", list(tps.types), present)]
    panels[0][2] = panels[0][2] + spare  # members named in no panel help the first
    if orphan_types:
        panels[0][1] = [t for t in tps.types if t in panels[0][1] or t in orphan_types]
    return [tuple(p) for p in panels]


def count_panel(tps: TPSDay, panel: str, types: list[BallotType], members: list[str]):
    """Process: one panel counts its ballot types one after another.

    Per type: open the box (and find the ballots dropped in wrong boxes), count the ballots
    (KPPS 2 opens, the ketua announces, KPPS 3-4 tally on the C.Hasil plano, KPPS 5 folds,
    KPPS 6-7 sort), reconcile the figures (a tally slip means a re-tally), hear any saksi
    objection, then fill and sign the C.Hasil, photograph it for Sirekap and make the salinan.
    """
    env, sc, log = tps.env, tps.sc, tps.log
    c, e = sc.counting, sc.errors
    weights = counting_weights(members, c.tally_alone_factor)
    unchecked = 1.0 if tally_checked(members) else e.tally_unchecked_factor
    lead = members[0]
    for t in types:
        # Each purpose draws from its own stream, in a fixed order and amount, so two variants
        # (5 or 7 KPPS, 8 or 12 saksi) see the same ballots and the same mishaps.
        steps = _draw_steps(c, tps.streams[f"count.{t}.steps"])
        row = {
            "ballot_type": t,
            "panel": panel,
            "start_min": env.now,
            "recounts": 0,
            "objections": 0,
            "wrong_box_found": 0,
            "objection_outcome": "",
        }
        factor = _team_factor(tps, members, env.now)
        err = _team_error(tps, members, env.now)
        yield from _open_box(tps, panel, t, steps, factor, row, lead)
        duration = yield from _count_ballots(tps, panel, t, weights, factor, row, lead)
        # reconciliation: used = found, valid + invalid = used; a tally slip forces a recount
        u = steps["u"]
        if t in tps.forced_recounts or u[0] < min(1.0, e.tally_error * err * unchecked):
            log.event(env.now, "reconcile_mismatch", lead, f"count:{t}", "tally does not add up")
            yield from _recount(tps, row, duration, t, lead)
        yield from _objection(tps, t, steps, err, factor, row, duration, lead)
        row["end_min"] = env.now
        tps.last_announce = max(tps.last_announce, env.now)
        tps.count_done[t] = True
        for m in members:
            _log_span(tps, m, row["start_min"], env.now, f"count {t}", f"count:{t}", busy=True)
        tally = f"valid {row['valid']}, invalid {row['invalid']}"
        log.event(env.now, "count_end", lead, f"count:{t}", tally)
        yield from _c_hasil(tps, panel, t, members, factor, row, lead)
        tps.log.counting.append(row)
    return None


def _open_box(
    tps: TPSDay, panel: str, t: BallotType, steps: dict, factor: float, row: dict, lead: str
):
    """Sub-process: open the box of type ``t`` and empty it; find its ballots in other boxes.

    Ballots of other colours go to their own piles. When fewer ballots are found than voters
    used the type, the unopened boxes are searched (§3.5). Sets ``row["ballots_counted"]``.
    """
    env, log = tps.env, tps.log
    owed = tps.take_delay("counting", f"count:{t}", f"panel:{panel}")
    yield env.timeout(steps["box_open"] * factor + owed)
    tps.opened[t] = True
    box = tps.boxes[t]
    for other, n in box.items():
        if other != t and n:
            tps.pending_found[other] += n
            log.event(env.now, "wrong_box_found", lead, f"box:{t}", f"{n} {other}")
            box[other] = 0
    found = box[t] + tps.pending_found[t]
    row["wrong_box_found"] = tps.pending_found[t]
    tps.pending_found[t] = 0
    expected = tps.used[t]
    if found < expected:
        # voters who used the type outnumber its ballots: search the unopened boxes (§3.5)
        yield env.timeout(steps["search"] * factor)
        # the other panel may have found some of them meanwhile
        found += tps.pending_found[t]
        row["wrong_box_found"] += tps.pending_found[t]
        tps.pending_found[t] = 0
        for other in tps.types:
            if other != t and not tps.opened[other] and tps.boxes[other][t]:
                n = tps.boxes[other][t]
                found += n
                row["wrong_box_found"] += n
                tps.boxes[other][t] = 0
                log.event(env.now, "wrong_box_search", lead, f"box:{other}", f"{n} {t} found")
    row["ballots_counted"] = int(found)


def _count_ballots(
    tps: TPSDay, panel: str, t: BallotType, weights, factor: float, row: dict, lead: str
):
    """Sub-process: every ballot opened, announced, tallied, folded and sorted; returns minutes.

    The busiest member sets the pace of each ballot. Sets the valid and invalid counts.
    """
    env, sc, log = tps.env, tps.sc, tps.log
    c = sc.counting
    n = row["ballots_counted"]
    size = max(n, tps.stock.get(t, 0))
    rng_ballots = tps.streams[f"count.{t}.ballots"]
    per_ballot_min = _per_ballot_minutes(c, rng_ballots, n, t, weights, size) * factor
    invalid_mask = rng_ballots.random(size)[:n] < c.invalid_share.get(t, 0.0)
    invalid = int(invalid_mask.sum())
    row["valid"], row["invalid"] = n - invalid, invalid
    log.event(env.now, "count_start", lead, f"count:{t}", f"{n} ballots")
    if sc.record_ballots and log.detailed:
        times = env.now + np.cumsum(per_ballot_min)
        for k in range(n):
            verdict = "invalid" if invalid_mask[k] else "valid"
            log.event(float(times[k]), "announce", lead, f"count:{t}", verdict)
    duration = float(per_ballot_min.sum())
    yield from _work(tps, panel, duration)
    tps.last_announce = max(tps.last_announce, env.now)
    row["count_min"] = duration
    return duration


def _objection(
    tps: TPSDay, t: BallotType, steps: dict, err: float, factor, row: dict, duration, lead: str
):
    """Sub-process: a saksi may object (more likely after a misjudged ballot).

    The KPPS answers it, corrects the figures, or recounts; recorded on the C.Kejadian Khusus
    dan/atau Keberatan.
    """
    env, c, e = tps.env, tps.sc.counting, tps.sc.errors
    u = steps["u"]
    misjudged = u[1] < min(1.0, e.misjudged_ballot * err)
    p_object = e.objection * err + (0.5 if misjudged else 0.0)
    forced = tps.forced_objections.get(t)
    if not (forced or u[2] < min(1.0, p_object)):
        return
    row["objections"] += 1
    tps.log.count("objections")
    if forced:
        outcome = forced
        costs = {"answered": c.objection_answer, "corrected": c.objection_correction}
        cost = costs.get(forced)  # a forced recount has no fixed cost
    elif u[3] < e.objection_answered:
        outcome, cost = "answered", c.objection_answer
    elif u[3] < e.objection_answered + e.objection_corrected:
        outcome, cost = "corrected", c.objection_correction
    else:
        outcome, cost = "recount", None
    row["objection_outcome"] = outcome
    note = f"{outcome}; recorded on C.Kejadian Khusus dan/atau Keberatan"
    tps.log.event(env.now, "objection", "SAKSI", f"count:{t}", note)
    if cost is None:
        yield from _recount(tps, row, duration, t, lead)
    else:
        yield env.timeout(steps[outcome] * factor)


def _c_hasil(
    tps: TPSDay, panel: str, t: BallotType, members: list[str], factor: float, row: dict, lead: str
):
    """Sub-process: the C.Hasil filled and signed by the KPPS and every saksi, then Sirekap.

    The photo is uploaded in the background (:func:`sirekap_upload`); with ``salinan_timing:
    after_each_type`` the salinan of this type are made now.
    """
    env, c, log = tps.env, tps.sc.counting, tps.log
    paper_start = env.now
    yield env.timeout(tps.take_delay("paperwork", f"paperwork:{t}", f"panel:{panel}"))
    rng_paper = tps.streams[f"paperwork.{t}"]
    fill_dist = c.c_hasil_fill.get(t)
    fill = float(fill_dist.sample(rng_paper, 1)[0]) if fill_dist is not None else 10.0
    signers = len(tps.members) + c.saksi
    sign = float(c.signature_min.sample(rng_paper, MAX_SIGNERS)[:signers].sum())
    photo = float(c.sirekap_photo.sample(rng_paper, 1)[0])
    yield from _work(tps, panel, fill * factor + sign)
    row["c_hasil_done_min"] = env.now
    log.event(env.now, "c_hasil_signed", lead, f"count:{t}", f"{signers} signatures")
    yield env.timeout(photo * factor)
    log.event(env.now, "sirekap_photo", "KPPS", f"count:{t}", "")
    tps.uploads.append(env.process(sirekap_upload(tps, t)))
    if c.salinan_timing == "after_each_type":
        yield from make_salinan(tps, t, members)
    row["paperwork_min"] = env.now - paper_start
    for m in members:
        _log_span(tps, m, paper_start, env.now, f"C.Hasil {t}", "paperwork", busy=True)


def _work(tps: TPSDay, panel: str, minutes: float):
    """Sub-process: the panel works ``minutes``; a break of its members pauses the work."""
    env = tps.env
    remaining = minutes
    tps.panel_working[panel] = True
    try:
        while remaining > 0:
            start = env.now
            try:
                yield env.timeout(remaining)
                remaining = 0.0
            except simpy.Interrupt:
                remaining -= env.now - start
                while env.now < tps.pause_until.get(panel, env.now):
                    # another member's break interrupts again: wait until the later end
                    with contextlib.suppress(simpy.Interrupt):
                        yield env.timeout(tps.pause_until[panel] - env.now)
    finally:
        tps.panel_working[panel] = False


def _recount(tps: TPSDay, row, duration, t, lead):
    """Sub-process: the panel counts the type again (a re-tally, or an upheld objection)."""
    tps.log.count("recounts")
    row["recounts"] += 1
    tps.log.event(tps.env.now, "recount", lead, f"count:{t}", "")
    yield tps.env.timeout(duration * tps.sc.counting.recount_factor)


def _draw_steps(c, rng) -> dict:
    """The random durations and chances of one type's count, drawn whether used or not."""
    return {
        "box_open": float(c.box_open.sample(rng, 1)[0]),
        "search": float(c.wrong_box_search.sample(rng, 1)[0]),
        "u": rng.random(4),
        "answered": float(c.objection_answer.sample(rng, 1)[0]),
        "corrected": float(c.objection_correction.sample(rng, 1)[0]),
    }


def _per_ballot_minutes(c, rng, n: int, ballot_type: str, weights, size: int) -> np.ndarray:
    """Minutes per ballot: each member's share of the roles, the busiest member sets the pace.

    ``size`` draws are taken per role (the ballot stock) and the first ``n`` used, so one more
    or one fewer ballot does not reshuffle the others.
    """
    type_factor = c.type_factor.get(ballot_type, 1.0)
    draws = {}
    for role in COUNTING_ROLES:
        values = c.role_s[role].sample(rng, size)[:n]
        if role in TYPE_DEPENDENT_ROLES:
            values = values * type_factor
        draws[role] = values
    pace = np.zeros(n)
    for shares in weights.values():
        load = np.zeros(n)
        for role, share in shares.items():
            load += draws[role] * share
        np.maximum(pace, load, out=pace)
    return pace / 60.0


def sirekap_upload(tps: TPSDay, t):
    """Process: the Sirekap operators upload the C.Hasil photo, retrying when the network fails."""
    env, sc, log = tps.env, tps.sc, tps.log
    c = sc.counting
    rng = tps.streams[f"sirekap.{t}"]
    for attempt in range(1, c.sirekap_max_attempts + 1):
        yield env.timeout(1.0)
        if rng.random() >= sc.errors.sirekap_upload_failure:
            log.event(env.now, "sirekap_upload", "KPPS", f"count:{t}", f"attempt {attempt}")
            return
        tps.log.count("sirekap_failures")
        log.event(env.now, "sirekap_fail", "KPPS", f"count:{t}", f"attempt {attempt}")
        yield env.timeout(float(c.sirekap_retry_wait.sample(rng, 1)[0]))
    log.event(env.now, "sirekap_manual", "KPPS", f"count:{t}", "left for the PPS to enter")


def make_salinan(tps: TPSDay, t, members):
    """Sub-process: one C.Hasil Salinan per saksi and for the Pengawas TPS, copied and signed."""
    env, sc, log = tps.env, tps.sc, tps.log
    c = sc.counting
    rng = tps.streams[f"salinan.{t}"]
    copies = c.saksi + 1
    pages = c.salinan_pages.get(t, 4)
    # fixed amounts in a fixed order (common random numbers across variants)
    u_failure = rng.random()
    repair = float(c.copier_repair.sample(rng, 1)[0])
    transfer = float(c.copier_transfer.sample(rng, 1)[0])
    per_page = c.hand_copy_page if c.copier == "none" else c.copy_page_s
    page_times = per_page.sample(rng, MAX_COPIES * max(pages, 1))[: copies * pages]
    signatures = c.signature_min.sample(rng, MAX_COPIES * MAX_SIGNERS)
    factor = _team_factor(tps, members, env.now)
    if c.copier == "none":
        writers = max(1, len(members) - 1)
        yield env.timeout(float(page_times.sum()) / writers * factor)
        log.event(env.now, "salinan_by_hand", "KPPS", f"salinan:{t}", f"{copies} copies")
    else:
        request = None
        shared = tps.copier if c.copier == "shared" else None  # the desa's copier, in turn
        if shared is not None:
            request = shared.request()
            log.event(env.now, "copier_wait", "KPPS", f"salinan:{t}", "")
            yield request
            last = shared.last_user
            if last is not None and last != tps.tps_id:
                yield env.timeout(transfer)
            shared.last_user = tps.tps_id
        if u_failure < sc.errors.copier_failure:
            tps.log.count("copier_failures")
            log.event(env.now, "copier_failure", "KPPS", f"salinan:{t}", "")
            yield env.timeout(repair)
        yield env.timeout(float(page_times.sum()) / 60.0)
        if shared is not None and request is not None:
            shared.release(request)
        log.event(env.now, "salinan_copied", "KPPS", f"salinan:{t}", f"{copies} copies")
    signers = len(tps.members) + c.saksi
    signed = float(signatures.reshape(MAX_COPIES, MAX_SIGNERS)[:copies, :signers].sum())
    # copies go round in stacks, one per pair of members, up to counting.signing_stacks
    stacks = max(1, min(c.signing_stacks, math.ceil(len(members) / 2)))
    yield env.timeout(signed / stacks * factor)
    log.event(env.now, "salinan_signed", "KPPS", f"salinan:{t}", f"{copies} copies")


def _team_factor(tps: TPSDay, members, now) -> float:
    """The members' mean time factor now (training and fatigue): how slow the team works."""
    ms = [tps.members[m] for m in members]
    return sum(m.time_factor(now) for m in ms) / len(ms) if ms else 1.0


def _team_error(tps: TPSDay, members, now) -> float:
    """The members' mean error factor now (training and fatigue): how often slips happen."""
    ms = [tps.members[m] for m in members]
    return sum(m.error_factor(now) for m in ms) / len(ms) if ms else 1.0


def _log_span(tps: TPSDay, name, start, end, activity, place, busy=False):
    """Write a member's stretch of work, leaving out their breaks and time away.

    With ``busy`` the minutes actually worked are added to the member's busy time.
    """
    member = tps.members[name]
    worked = 0.0
    for away_start, away_end, _ in sorted(member.away):
        if away_end <= start or away_start >= end:
            continue
        tps.log.activity(name, start, away_start, activity, place)
        worked += max(0.0, away_start - start)
        start = max(start, away_end)
    tps.log.activity(name, start, end, activity, place)
    worked += max(0.0, end - start)
    if busy:
        member.busy_min += worked


def _all_do(tps: TPSDay, members, start, end, activity, place, busy=True):
    """Write the same stretch for every member (a break or a step the whole KPPS does)."""
    for name in members:
        tps.log.activity(name, start, end, activity, place)
        if busy:
            tps.members[name].busy_min += end - start


def _attendance_text(tps: TPSDay) -> str:
    """The attendance totals read out before the count (the event log's detail)."""
    people = tps.people + tps.sick
    voted = [p for p in people if p.outcome == "voted"]
    by = {k: sum(1 for p in voted if p.category == k) for k in ("DPT", "DPTb", "DPK")}
    women = int(math.floor(len(voted) * tps.sc.tps.women_share + 0.5))
    unused = tps.unused()
    return (
        f"DPT {by['DPT']}, DPTb {by['DPTb']}, DPK {by['DPK']}; women {women}, "
        f"men {len(voted) - women}; unused " + ", ".join(f"{t} {n}" for t, n in unused.items())
    )
