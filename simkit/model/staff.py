"""KPPS members: who holds which desk and counting role, their breaks, home visits and fatigue (§2).

During voting a member holds one or more stations (meja A, the ketua's table, the ink); the
throughput of a station follows the members assigned to it. During counting each member holds
counting roles (the ketua announces, KPPS 2 opens, KPPS 3-4 tally on the C.Hasil plano, KPPS 5
folds, KPPS 6-7 sort and bundle); the pace of a ballot is set by the busiest member.
The processes here take members away from their desks: a break set by the ketua, and the walk
to voters sick at home (both finish the voter in hand first).
"""

from __future__ import annotations

import simpy

from simkit.model.desk import Desk
from simkit.scenario import TRAINING_LEVELS
from simkit.tps import COUNTING_ROLES

# Which station each present member takes, in order of need. With 7 members this is the 2024
# split of §2 (KPPS 1-3 at the ketua's table, KPPS 4-5 at meja A, KPPS 6 boxes, KPPS 7 ink);
# with fewer members the most needed stations are staffed first (assumption).
VOTING_SEATS = (
    ("KPPS1", "ketua_table"),
    ("KPPS4", "entrance"),
    ("KPPS7", "ink"),
    ("KPPS2", "ketua_table"),
    ("KPPS6", "boxes"),
    ("KPPS5", "entrance"),
    ("KPPS3", "ketua_table"),
)

# A station without its own member is served by a member of the next staffed station here.
FALLBACK = {
    "entrance": ("ketua_table", "ink"),
    "ketua_table": ("entrance", "ink"),
    "ink": ("entrance", "ketua_table"),
}

# Counting seats in order of need (§1.6): announce (ketua), tally, open, sort, fold, a second
# tally (the checker), a second sorter.
COUNTING_SEATS = ("announce", "tally", "open", "sort", "fold", "tally", "sort")
SHAREABLE_ROLES = ("open", "fold", "sort")


def tally_checked(members: list[str]) -> bool:
    """True when a second member checks the tally against the announcement (KPPS 3 and 4)."""
    return (
        sum(1 for role in COUNTING_SEATS[: len(members)] if role == "tally") >= 2
    )  # two people halve the work; a second tally checks


# Ketua's table: one ketua signs every ballot; helpers preparing ballots speed it up.
# Time factor by helpers present at the table (assumption).
KETUA_TEAM_FACTOR = {0: 1.5, 1: 1.5, 2: 1.15}


def voting_roles(kpps: int, roles: dict | None = None) -> dict[str, list[str]]:
    """Members per voting station: explicit ``staff.roles`` or the default rule above."""
    stations: dict[str, list[str]] = {"entrance": [], "ketua_table": [], "boxes": [], "ink": []}
    if roles is not None:
        for member, held in roles.items():
            for station in held:
                stations[station].append(member)
        return stations
    present = [f"KPPS{i}" for i in range(1, kpps + 1)]
    # Present members fill the seats in order of need; names follow the 2024 numbering when all
    # seven are there, otherwise the i-th present member takes the i-th seat.
    if kpps == 7:
        for member, station in VOTING_SEATS:
            stations[station].append(member)
    else:
        for member, (_, station) in zip(present, VOTING_SEATS, strict=False):
            stations[station].append(member)
    for station in stations:
        stations[station].sort(key=lambda m: int(m[4:]))
    return stations


def counting_weights(
    members: list[str], tally_alone_factor: float = 1.0
) -> dict[str, dict[str, float]]:
    """For each member, the share of each counting role they carry per ballot.

    Roles beyond the members present go to the member with the least work (by the roles' typical
    durations), so a small KPPS still does every step, only slower. A tally kept by one person,
    with nobody checking it against the announcement, takes ``tally_alone_factor`` times longer.
    """
    typical = {"announce": 9.0, "open": 5.0, "tally": 14.0, "fold": 5.0, "sort": 8.0}
    people: dict[str, list[str]] = {r: [] for r in COUNTING_ROLES}
    for member, role in zip(members, COUNTING_SEATS, strict=False):
        people[role].append(member)
    load = {m: 0.0 for m in members}
    weights: dict[str, dict[str, float]] = {m: {} for m in members}
    for role in COUNTING_ROLES:
        holders = people[role]
        if holders:
            share = 1.0 / len(holders) if role in SHAREABLE_ROLES else 1.0
            if role == "tally" and len(holders) == 1:
                share = tally_alone_factor
            for m in holders:
                weights[m][role] = weights[m].get(role, 0.0) + share
                load[m] += typical[role] * share
    for role in COUNTING_ROLES:
        if not people[role] and members:
            m = min(members, key=lambda x: (load[x], int(x[4:]) if x[4:].isdigit() else 0))
            share = tally_alone_factor if role == "tally" else 1.0
            weights[m][role] = weights[m].get(role, 0.0) + share
            load[m] += typical[role] * share
    return weights


class Member:
    """One KPPS member (or Linmas): arrival, busy time, time away and fatigue."""

    __slots__ = ("name", "arrive", "busy_min", "away", "stations", "speed", "error", "fatigue")

    def __init__(self, name: str, arrive: float, training: str, fatigue):
        self.name = name
        self.arrive = arrive
        self.busy_min = 0.0
        self.away: list[tuple[float, float, str]] = []  # (start, end, why)
        self.stations: list[str] = []
        self.speed, self.error = TRAINING_LEVELS[training]
        self.fatigue = fatigue

    def hours_on_duty(self, now: float) -> float:
        """Hours since arrival at the TPS."""
        return max(0.0, (now - self.arrive) / 60.0)

    def time_factor(self, now: float) -> float:
        """Multiplier on service times: training level times the fatigue curve."""
        f = self.fatigue
        hours = (now - self.arrive) / 60.0
        if hours <= f.onset_h:
            return self.speed
        extra = (hours - f.onset_h) * f.slowdown_per_h
        return self.speed * min(f.max_slowdown, 1.0 + extra)

    def error_factor(self, now: float) -> float:
        """Multiplier on error probabilities: training level times the fatigue curve."""
        f = self.fatigue
        return self.error * (
            1.0 + max(0.0, self.hours_on_duty(now) - f.onset_h) * f.error_growth_per_h
        )


class StaffedStation:
    """A voting station served by named members (meja A, the ketua's table, the ink).

    ``capacity`` voters are served at once (one per member, or one for a team station such as
    the ketua's table). ``take_member`` lets a member leave for a break or a home visit: they
    finish the voter in hand first.
    """

    def __init__(self, env: simpy.Environment, name: str, members: list[str], team: bool = False):
        self.env = env
        self.name = name
        self.members = list(members)
        self.team = team
        capacity = 1 if team else max(1, len(members))
        self.desk = Desk(env, capacity)
        self.free = list(members) if not team else []
        self.away: set[str] = set()
        self._wanted: dict[str, simpy.Event] = {}
        self.busy_min = 0.0

    @property
    def servers(self) -> int:
        """How many voters this station can serve at once."""
        return self.desk.capacity

    def present_team(self) -> int:
        """Members of a team station at their post now."""
        return len([m for m in self.members if m not in self.away])

    def pick(self) -> str | None:
        """The member who serves the voter just admitted (None for team stations)."""
        if self.team or not self.free:
            return None
        return self.free.pop(0)

    def put_back(self, member: str | None) -> None:
        """A member is done with a voter: give them to a waiting break, or back to the desk."""
        if member is None:
            return
        event = self._wanted.pop(member, None)
        if event is not None:
            event.succeed()
        else:
            self.free.append(member)

    def take_member(self, member: str, priority: int = -10):
        """Process: take ``member`` off this station; yields the held request (release it later)."""
        if self.team:
            # the table keeps working with fewer hands (slower), so no serving slot is held
            self.away.add(member)
            return None
        wait = self.desk.acquire(priority)
        if wait is not None:
            yield wait
        if member in self.free:
            self.free.remove(member)
        else:
            event = self.env.event()
            self._wanted[member] = event
            yield event
        return True

    def give_back(self, member: str, request) -> None:
        """End a break: the member is back at the station."""
        if self.team:
            self.away.discard(member)
            return
        self.free.append(member)
        self.desk.release()


# ---------------------------------------------------------------------------- processes
def staff_breaks(tps, brk):
    """Process: a member takes the break the ketua set for them (``staff.breaks``).

    During voting the member finishes the voter in hand, leaves their desk (its line slows or
    waits) and comes back after ``brk.minutes``. During the count nobody works at a desk: the
    member's counting panel stops for the break and resumes when they are back.
    """
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
    """Sub-process: members leave their desks for a while and come back.

    Each member first finishes the voter in hand. They are away ``minutes``, or while ``work``
    (a sub-process, e.g. the home visit) runs; the time is written to their timeline as ``why``.
    """
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
    """Process: from 12:00 KPPS members take ballots to DPT voters sick at home (§1.1).

    The team (``staff.home_visit_members``, the members the desks miss least) leaves their desks,
    walks to the DPT voters sick at home, lets each one vote (a ballot of every type, counted in
    the box of its type) and walks back; voting cannot end before they are back.
    """
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
