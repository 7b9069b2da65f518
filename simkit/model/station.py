"""The TPS itself: its stations, staff, ballot stock and boxes, shared by every process (§1.4).

A :class:`TPSDay` owns the SimPy resources (meja A, the ketua's table, the booths, the ink), the
KPPS members, the ballot stock per type (DPT + DPTb + a 2% reserve, §1.3) and the content of each
ballot box, and the day's log. The people come from :mod:`.population`; the processes of
:mod:`.voting`, :mod:`.staff` and :mod:`.counting` act on it. Every attribute the day carries is
declared in ``TPSDay.__init__``, with its value before the process that sets it has run.
"""

from __future__ import annotations

import simpy

from simkit.model.desk import Desk
from simkit.model.log import DayLog
from simkit.model.population import ENTITLEMENT_TYPES, Person, build_population
from simkit.model.staff import FALLBACK, Member, StaffedStation, away, voting_roles
from simkit.model.streams import Streams
from simkit.scenario import Scenario


class Copier(simpy.Resource):
    """The copier of a desa, used by its TPS in turn for the C.Hasil Salinan (``copier: shared``).

    ``last_user`` is the TPS that had it last: carrying it to another TPS takes time.
    """

    def __init__(self, env: simpy.Environment):
        super().__init__(env, capacity=1)
        self.last_user: str | None = None


class TPSDay:
    """One polling station's day inside a SimPy environment.

    Several TPSDay objects may share one environment (and a copier), as the TPS of one desa do.
    """

    def __init__(
        self,
        env: simpy.Environment,
        scenario: Scenario,
        seed: int,
        tps_id: str = "TPS",
        detailed: bool = True,
        copier: Copier | None = None,
    ):
        self.env = env
        self.sc = sc = scenario
        self.tps_id = str(tps_id)
        self.seed = seed
        self.streams = Streams(seed, tps_id)
        self.log = DayLog(detailed)
        self.types: tuple[str, ...] = tuple(sc.tps.ballot_types)
        self.open = sc.hours.voting_open
        self.close = sc.hours.voting_close

        # staff
        self.members = {
            name: Member(name, sc.hours.kpps_arrive, sc.staff.training, sc.staff.fatigue)
            for name in sc.staff.present
        }
        self.linmas = [f"LINMAS{i}" for i in range(1, sc.staff.linmas + 1)]
        self.roles = voting_roles(sc.staff.kpps, sc.staff.roles)
        for station, names in self.roles.items():
            for name in names:
                self.members[name].stations.append(station)
        # desks and booths
        self.stations = _voting_stations(env, sc, self.roles)
        self.booths = Desk(env, sc.tps.booths)
        self.free_booths = list(range(1, sc.tps.booths + 1))
        self.booth_busy_min = 0.0
        self.booth_waiting = 0
        self.called_waiting = 0  # voters called by the ketua who have no booth yet
        self.call_queue: list = []  # (priority, order, event) of voters waiting to be called
        self.call_seq = 0
        self.copier = copier

        self.reserve, self.regular, self.stock = _ballot_stock(sc, self.types)
        self.issued = {t: 0 for t in self.types}  # handed to voters, spoiled ones included
        self.spoiled = {t: 0 for t in self.types}
        self.used = {t: 0 for t in self.types}  # voters who used the type (C.Hasil)
        self.boxes = {t: {u: 0 for u in self.types} for t in self.types}  # box -> type -> n

        # people
        self.people, self.sick = build_population(sc, self.streams)
        if sc.arrivals.pattern == "poisson":  # the queueing validation mode: no ballot limit
            for t in self.types:
                self.regular[t] = max(self.regular[t], len(self.people))
                self.stock[t] = self.regular[t] + self.reserve[t]
        self.in_tps = 0  # admitted people not yet out
        self.arrived = 0
        self.arrived_all = False  # every arrival process has ended
        self.voting_done = env.event()
        self.voting_end = float("nan")
        self.last_exit = self.open
        self.counting_end = float("nan")
        self.work_end = float("nan")
        self.released = float("nan")
        self.counting_start = float("nan")
        self.pending = 0  # processes that must end before counting starts
        # set by the count (counting.counting_day); the values before it starts
        self.boxes_at_close: dict[str, dict[str, int]] | None = None  # None: voting not over
        self.count_done = {t: False for t in self.types}
        self.opened = {t: False for t in self.types}  # box opened for counting
        self.pending_found = {t: 0 for t in self.types}  # ballots of t found in other boxes
        self.uploads: list = []  # Sirekap upload processes
        self.last_announce = float("nan")
        # incident hooks (drills): extra minutes owed at a place, forced recounts, objections
        self.delays: dict[str, float] = {}
        self.panel_of: dict[str, str] = {}  # member -> counting panel, set when counting starts
        self.pause_until: dict[str, float] = {}  # panel -> end of the breaks that pause it
        self.panel_procs: dict = {}  # panel -> its SimPy process
        self.panel_working: dict[str, bool] = {}  # panel -> inside an interruptible stretch
        self.forced_recounts: set[str] = set()
        self.forced_objections: dict[str, str] = {}
        self.drill_people: list[Person] = []  # planted by incidents (incidents.planted)
        self.drill_finished = False  # the planted people have joined self.people

    # ------------------------------------------------------------------ ballots
    def take_ballot(self, ballot_type: str, reserve_only: bool = False) -> bool:
        """Take one ballot of a type from the stock; the reserve is used last unless asked."""
        if reserve_only:
            if self.reserve[ballot_type] <= 0:
                return False
            self.reserve[ballot_type] -= 1
        elif self.regular[ballot_type] > 0:
            self.regular[ballot_type] -= 1
        elif self.reserve[ballot_type] > 0:
            self.reserve[ballot_type] -= 1
        else:
            return False
        self.issued[ballot_type] += 1
        return True

    def take_replacement(self, ballot_type: str) -> bool:
        """A replacement for a spoiled ballot: from the reserve, then from the rest (§1.3)."""
        if self.reserve[ballot_type] > 0:
            self.reserve[ballot_type] -= 1
        elif self.regular[ballot_type] > 0:
            self.regular[ballot_type] -= 1
        else:
            return False
        self.issued[ballot_type] += 1
        return True

    def unused(self) -> dict[str, int]:
        """Ballots never handed out, per type (counted and crossed out before the count)."""
        return {t: self.regular[t] + self.reserve[t] for t in self.types}

    # ------------------------------------------------------------------ incident hooks
    def add_delay(self, place: str, minutes: float) -> None:
        """Owe ``minutes`` at a place ("counting", "count:DPR", ...), paid at its next step."""
        self.delays[place] = self.delays.get(place, 0.0) + float(minutes)

    def take_delay(self, *places: str) -> float:
        """Minutes owed at any of ``places``, cleared once taken."""
        return sum(self.delays.pop(p, 0.0) for p in places)

    def hold_members(self, names: list[str], minutes: float, why: str = "incident"):
        """Start a process taking members off their voting stations for ``minutes``."""
        return self.env.process(away(self, list(names), minutes, why))

    def people_waiting(self) -> int:
        """Everyone in the TPS waiting for a desk or a booth (what a newcomer sees)."""
        seen, waiting = set(), len(self.call_queue) + self.booth_waiting
        for station in self.stations.values():
            if id(station) not in seen:
                seen.add(id(station))
                waiting += len(station.desk.waiting)
        return waiting

    # ------------------------------------------------------------------ bookkeeping
    def queue_changed(self, place: str, length: int) -> None:
        """Write a queue length for the animation and the time-weighted metrics."""
        if self.log.detailed:
            now = self.env.now
            if place != "call":
                self.log.queues.append((now, place, length))
            if place in ("ketua_table", "call"):  # who waits for the ketua sits, up to 25 seats
                waiting = len(self.call_queue)
                if "ketua_table" in self.stations:
                    waiting += len(self.stations["ketua_table"].desk.waiting)
                seats = self.sc.tps.waiting_seats
                self.log.queues.append((now, "seats", min(waiting, seats)))
                self.log.queues.append((now, "standing", max(0, waiting - seats)))

    def person_done(self, person) -> None:
        """A person has left the TPS; when the last one is out after closing, voting is done."""
        self.in_tps -= 1
        if person.exit > self.last_exit:
            self.last_exit = person.exit
        self.check_voting_done()

    def check_voting_done(self) -> None:
        """Signal the end of voting once the TPS is closed and nobody is left inside."""
        if (
            self.in_tps == 0
            and self.pending == 0
            and self.env.now >= self.close
            and self.arrived_all
            and not self.voting_done.triggered
        ):
            self.voting_done.succeed(self.env.now)


def _dptb_entitled(sc, ballot_type: str) -> int:
    """Expected DPTb voters entitled to a ballot type (their ballots come with the stock)."""
    n = sc.tps.voters_dptb
    share = sum(
        v for k, v in sc.tps.dptb_entitlement.items() if ballot_type in ENTITLEMENT_TYPES[k]
    )
    return int(round(n * share + 0.4999))


def _voting_stations(
    env: simpy.Environment, sc: Scenario, roles: dict[str, list[str]]
) -> dict[str, StaffedStation]:
    """The desks of the day; a desk without its own members is covered by a neighbour's."""
    stations: dict[str, StaffedStation] = {}
    enabled = {
        "ketua_table": sc.stations.ketua_table,
        "entrance": sc.stations.entrance,
        "ink": sc.stations.ink,
    }
    for name in ("ketua_table", "entrance", "ink"):
        if enabled[name] and roles[name]:
            stations[name] = StaffedStation(env, name, roles[name], team=(name == "ketua_table"))
    for name in ("ketua_table", "entrance", "ink"):
        if enabled[name] and name not in stations:
            cover = next((c for c in FALLBACK[name] if c in stations), None)
            if cover is None:  # nobody at any desk: the first member covers everything
                stations[name] = StaffedStation(env, name, [sc.staff.present[0]])
            else:
                stations[name] = stations[cover]
    return stations


def _ballot_stock(
    sc: Scenario, types: tuple[str, ...]
) -> tuple[dict[str, int], dict[str, int], dict[str, int]]:
    """``(reserve, regular, stock)`` per type (§1.3).

    The stock of a type is DPT + the DPTb entitled to it + the reserve (2% of DPT, rounded up).
    """
    reserve = {t: sc.reserve_per_type for t in types}
    regular = {t: sc.tps.voters_dpt + _dptb_entitled(sc, t) for t in types}
    stock = {t: regular[t] + reserve[t] for t in types}
    return reserve, regular, stock
