"""Incidents inside the SimPy day: when one fires, and how a choice changes the day.

The drill engine (:mod:`simkit.drills`) runs a :class:`~simkit.model.station.TPSDay` step by step
and asks :func:`fired` after each step whether an incident's moment has come: a clock time of the
voting day, or the box of a ballot type opened at the count. The group's answer is applied with
:func:`apply` through the TPSDay hooks: a planted person who is served or turned away (the
voting rules of :mod:`.voting` then apply to them as to anyone), members held away from their
desks, minutes owed at a place of the count, a forced recount or saksi objection, reserve ballots
used up, and the drill counters (voters wrongly refused or served, breaches of procedure, PSU
risks). No pandas here: only the TPSDay and its log are touched.
"""

from __future__ import annotations

import math

from simkit.model import voting
from simkit.model.population import Person, fixed_population
from simkit.model.station import TPSDay
from simkit.model.streams import Streams
from simkit.scenario import FixedPerson

DRILL_COUNTERS = ("wrongly_refused", "wrongly_served", "rule_breaches", "psu_risk_events")
PLANTED_PID = 900_000


def fire_time(incident) -> float:
    """Return the clock time of a clock-triggered incident (``inf`` for a count-triggered one)."""
    at = incident.when.at
    return math.inf if at is None else float(at)


def fired(tps: TPSDay, incident) -> bool:
    """Tell whether the incident's moment has come in this TPS day."""
    when = incident.when
    if when.at is not None:
        return tps.env.now >= when.at
    return bool(tps.opened.get(when.during_count))


def planted(tps: TPSDay) -> list[Person]:
    """People planted by incidents so far (added to ``tps.people`` when the day is finished)."""
    return tps.drill_people


def plant_voter(tps: TPSDay, spec, label: str) -> Person:
    """Start a person (from a :class:`~simkit.drills.incidents.PlantedVoter`) who arrives now.

    The person takes the mean of every duration, like ``arrivals.fixed``, so a drill stays
    comparable between teams; they go through :func:`simkit.model.voting.voter` like anyone.
    """
    sc = tps.sc
    fixed = FixedPerson(
        time=tps.env.now,
        category=spec.category,
        types=spec.types,
        assisted=spec.assisted,
        spoil=spec.spoil,
        wrong_box=spec.wrong_box,
        extra_ballots=spec.extra_ballots,
        no_invitation=spec.no_invitation,
    )
    one = sc.model_copy(update={"arrivals": sc.arrivals.model_copy(update={"fixed": [fixed]})})
    person = fixed_population(one, Streams(tps.seed, f"{tps.tps_id}~{label}"), tps.types)[0]
    people = planted(tps)
    person.pid = PLANTED_PID + len(people)
    person.arrival = tps.env.now
    person.wrong_box_pick = 0.0
    if spec.refuse:
        person.refuse = spec.refuse
    elif spec.category == "OTHER":
        person.refuse = ""
        person.reason = "ineligible_admitted"
    person.waived = tuple(spec.waive)
    people.append(person)
    tps.arrived += 1
    tps.in_tps += 1
    tps.env.process(voting.voter(tps, person))
    return person


def apply(tps: TPSDay, incident, choice) -> dict:
    """Apply ``choice`` of ``incident`` to the running day; returns what was done (for the log)."""
    env, log = tps.env, tps.log
    effect = choice.effect
    context_type = incident.when.during_count
    log.event(env.now, "incident", "KPPS", incident.place, f"{incident.id}: {choice.key}")
    done: dict = {"time_min": env.now}
    if effect.voter is not None:
        person = plant_voter(tps, effect.voter, incident.id)
        done["voter"] = f"V{person.pid}"
    if effect.hold is not None:
        names = [m for m in effect.hold.members if m in tps.members]
        if names:
            tps.hold_members(names, effect.hold.minutes, why="incident")
            done["hold"] = (names, effect.hold.minutes)
    for place, minutes in effect.delay.items():
        named = place.split(":", 1)[1] if ":" in place else None
        if named is not None and named not in tps.types:
            place = "paperwork"  # no such count here (4 boxes in DKI Jakarta): owed at once
        if place == "paperwork" and context_type:
            place = f"paperwork:{context_type}"
        tps.add_delay(place, minutes)
        done.setdefault("delay", {})[place] = minutes
    for t in effect.recount:
        if t in tps.types:
            tps.forced_recounts.add(t)
    for t, outcome in effect.objection.items():
        if t in tps.types:
            tps.forced_objections[t] = outcome
    for t, n in effect.take_reserve.items():
        if t in tps.types:
            for _ in range(n):
                if tps.take_replacement(t):
                    tps.spoiled[t] += 1
                    log.count("ballots_spoiled")
    counters = (
        ("psu_risk_events", effect.psu_risk),
        ("wrongly_refused", effect.wrongly_refused),
        ("wrongly_served", effect.wrongly_served),
        ("rule_breaches", effect.rule_breach),
    )
    for name, n in counters:
        if n:
            log.count(name, n)
            log.event(env.now, name, "KPPS", incident.place, incident.id)
    return done


def finish(tps: TPSDay) -> None:
    """Add the planted people to the day's people, so the records and summary include them."""
    people = planted(tps)
    if people and not tps.drill_finished:
        tps.people.extend(people)
        tps.drill_finished = True
