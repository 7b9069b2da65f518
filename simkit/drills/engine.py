"""The drill engine: a scenario, incidents and a seed; teams answer; what each answer costs.

A drill runs one simulated TPS day step by step. When an incident's moment comes (a clock time
of the voting day, or a box opened at the count) the day pauses, the group picks a choice, the
choice's consequence is applied (:mod:`simkit.model.incidents`) and the day goes on. Every team
plays the same day with the same random numbers, so only their answers differ.

Each choice is replayed against the all-correct day with the same seed and the difference is
measured (minutes added to the work, to the waits, voters wrongly refused or served, breaches of
procedure, PSU risks, recounts): :func:`choice_costs`. Everything here returns data; the texts a
trainer reads (debrief, scorecard files) are :mod:`simkit.report.drill`.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import simpy

from simkit import simulation
from simkit.drills.incidents import Incident, list_incidents, load_incident
from simkit.i18n import t
from simkit.model import incidents as model_incidents
from simkit.scenario import Scenario, load_scenario, min_to_clock, with_overrides

__all__ = [
    "COST_KEYS",
    "COUNT_NOISE_MIN",
    "DEFAULT_RANDOM",
    "QUIET_ERRORS",
    "Answerer",
    "DaySnapshot",
    "Decision",
    "Drill",
    "DrillError",
    "DrillRun",
    "Play",
    "choice_costs",
    "choice_order",
    "decision_cost",
    "make_drill",
    "play",
    "quiet_overrides",
    "reference",
    "scorecard",
]

COST_KEYS = (
    "work_min",
    "count_min",
    "wait_mean_min",
    "last_exit_min",
    "wrongly_refused",
    "wrongly_served",
    "rule_breaches",
    "psu_risk_events",
    "recounts",
    "objections",
)
DEFAULT_RANDOM = 6  # about 20 minutes of discussion for a group (assumption)
# In a drill the only recounts, objections and PSU risks are the incidents': chance ones would
# hide what an answer costs (one more voter shifts the count's random draws).
# Time differences below a minute are not shown (nor added to a team's time cost).
COUNT_NOISE_MIN = 1.0
QUIET_ERRORS = {
    "errors.tally_error": 0.0,
    "errors.misjudged_ballot": 0.0,
    "errors.objection": 0.0,
    "errors.dptb_extra_ballots": 0.0,
    "errors.ineligible_admitted": 0.0,
}


class DrillError(ValueError):
    """A drill that cannot be built (unknown incident, incident impossible in the scenario)."""


def _message(key: str, lang: str, **fields: Any) -> str:
    return t(key, lang).format(**fields)


# --------------------------------------------------------------------------- the drill


@dataclass(frozen=True)
class Drill:
    """A scenario, incidents in firing order and a seed: the same for every team."""

    scenario: Scenario
    incidents: tuple[Incident, ...]
    seed: int = 1
    tps_id: str = "TPS"

    def incident(self, incident_id: str) -> Incident:
        """Return the incident with ``incident_id``."""
        for inc in self.incidents:
            if inc.id == incident_id:
                return inc
        raise KeyError(incident_id)


def quiet_overrides(sc: Scenario) -> dict:
    """Return the overrides that make a drill day's chance events the incidents' alone.

    Chance recounts, objections and PSU triggers are off, and the per-type steps drawn after
    the ballots at the count (C.Hasil filling, signatures, Sirekap photo, answering an
    objection) take their mean: one voter more or less would otherwise shift those draws and
    hide what an answer costs behind the chance of the day.
    """
    c = sc.counting

    def const(dist: Any) -> dict:
        return {"dist": "constant", "value": float(dist.mean)}

    return {
        **QUIET_ERRORS,
        "counting.c_hasil_fill": {k: const(d) for k, d in c.c_hasil_fill.items()},
        "counting.signature_min": const(c.signature_min),
        "counting.sirekap_photo": const(c.sirekap_photo),
        "counting.objection_answer": const(c.objection_answer),
        "counting.objection_correction": const(c.objection_correction),
    }


def make_drill(
    scenario: Any = "tps_standar_2024",
    incidents: Sequence[Any] | None = None,
    random_n: int | None = None,
    seed: int = 1,
    lang: str = "id",
    tps_id: str = "TPS",
    quiet: bool = True,
) -> Drill:
    """Build a drill from incident ids/paths (or a random draw of ``random_n`` shipped ones).

    With ``quiet`` (default) the scenario's chance recounts, objections and PSU triggers are
    switched off (:data:`QUIET_ERRORS`), so every one of them in the drill comes from an answer.

    Raises :class:`DrillError` (or :class:`~simkit.drills.incidents.IncidentError` /
    :class:`~simkit.ScenarioError`) with a clear message on bad input.
    """
    sc = load_scenario(scenario, lang=lang)
    if quiet:
        sc = with_overrides(sc, quiet_overrides(sc), lang=lang)
    if not isinstance(seed, (int, np.integer)) or isinstance(seed, bool) or seed < 0:
        raise DrillError(_message("drill_err_seed", lang, seed=repr(seed)))
    if incidents:
        loaded = [load_incident(i, lang) for i in incidents]
    else:
        loaded = _random_incidents(random_n, int(seed), lang)
    _check_incidents(sc, loaded, lang)
    return Drill(sc, tuple(sorted(loaded, key=Incident.sort_key)), int(seed), str(tps_id))


def _random_incidents(random_n: int | None, seed: int, lang: str) -> list[Incident]:
    """Draw ``random_n`` shipped incidents (the drill's seed decides which)."""
    shipped = sorted(list_incidents())
    n = DEFAULT_RANDOM if random_n is None else int(random_n)
    if not 1 <= n <= len(shipped):
        raise DrillError(_message("drill_err_random", lang, n=n, most=len(shipped)))
    rng = np.random.default_rng([seed, 6])
    picked = sorted(rng.choice(len(shipped), size=n, replace=False))
    return [load_incident(shipped[i], lang) for i in picked]


def _check_incidents(sc: Scenario, loaded: list[Incident], lang: str) -> None:
    """Each incident once, and a count incident only for a ballot type the scenario counts."""
    ids = [i.id for i in loaded]
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    if dupes:
        raise DrillError(_message("drill_err_repeated", lang, ids=", ".join(dupes)))
    for inc in loaded:
        kind = inc.when.during_count
        if kind is not None and (kind not in sc.tps.ballot_types or not sc.counting.enabled):
            raise DrillError(
                _message("drill_err_no_count", lang, id=inc.id, scenario=sc.name, type=kind)
            )


@dataclass
class Decision:
    """One answer of one team."""

    incident_id: str
    choice_key: str
    correct: bool
    time_min: float
    team: str = ""


@dataclass
class Play:
    """One team's whole drill: decisions, the simulated day and the drill counters."""

    team: str
    decisions: list[Decision]
    day: simulation.DayResult
    counters: dict[str, int]
    not_fired: list[str] = field(default_factory=list)

    @property
    def n_correct(self) -> int:
        """Right answers."""
        return sum(d.correct for d in self.decisions)

    def measures(self) -> dict[str, float]:
        """Return the figures compared between teams and with the all-correct day."""
        s = self.day.summary
        return {
            "work_min": s["work_end_min"],
            "count_min": s["counting_end_min"],
            "wait_mean_min": s["wait_mean_min"],
            "last_exit_min": s["last_voter_exit_min"],
            "wrongly_refused": self.counters["wrongly_refused"],
            "wrongly_served": self.counters["wrongly_served"],
            "rule_breaches": self.counters["rule_breaches"],
            "psu_risk_events": s["psu_risk_events"],
            "recounts": s["recounts"],
            "objections": s["objections"],
        }


@dataclass(frozen=True)
class DaySnapshot:
    """What a face may show of a drill day in progress (read from :meth:`DrillRun.snapshot`).

    ``now_min`` is the model clock (held at the end of the work once the day is over);
    ``opened`` the ballot types whose box has been opened at the count; ``posts`` each
    member's name and voting stations (``"A/B"``), for a picture of the voting floor;
    ``tps_run`` how many TPS the day runs (more than one when the desa shares a copier);
    ``day`` the day so far as a :class:`~simkit.simulation.DayResult` (frames included) when
    asked for.
    """

    now_min: float
    team: str
    voted: int
    in_tps: int
    counted: int
    types: int
    voting_open_min: float
    voting_done: bool
    opened: tuple[str, ...]
    done: bool
    posts: tuple[tuple[str, str], ...]
    tps_run: int
    day: simulation.DayResult | None = None


class DrillRun:
    """One team's drill in progress: ``next_incident()``, ``answer(key)``, ..., ``finish()``.

    The SimPy environment is built by :func:`simkit.simulation.build_days` (with the other TPS
    of the desa when the copier is shared) and run in steps between incidents. Faces read the
    day through :meth:`snapshot`.
    """

    def __init__(self, drill: Drill, team: str = "", detailed: bool = True):
        self.drill = drill
        self.team = team
        self.detailed = detailed
        sc = drill.scenario
        ids = simulation.desa_tps_ids(sc, drill.tps_id)
        self._env, self._days = simulation.build_days(
            [sc] * len(ids), drill.seed, ids, detailed, shared_copier=len(ids) > 1
        )
        self._tps = self._days[0]
        self.pending: list[Incident] = list(drill.incidents)
        self.current: Incident | None = None
        self.decisions: list[Decision] = []
        self.done = False
        self._play: Play | None = None

    @property
    def now_min(self) -> float:
        """The model clock (minutes since 07:00)."""
        return float(self._env.now)

    def snapshot(self, day: bool = False) -> DaySnapshot:
        """The public picture of the day so far; with ``day`` also its :class:`DayResult`."""
        tps = self._tps
        now = min(self.now_min, tps.work_end) if self.done else self.now_min
        return DaySnapshot(
            now_min=now,
            team=self.team,
            voted=sum(1 for p in tps.people if p.outcome == "voted"),
            in_tps=int(tps.in_tps),
            counted=sum(bool(v) for v in tps.count_done.values()),
            types=len(tps.types),
            voting_open_min=float(tps.open),
            voting_done=bool(tps.voting_done.processed),
            opened=tuple(kind for kind, done in tps.opened.items() if done),
            done=self.done,
            posts=tuple((name, "/".join(m.stations)) for name, m in tps.members.items()),
            tps_run=len(self._days),
            day=simulation.day_result(tps, True) if day else None,
        )

    def next_incident(self, until: float | None = None) -> Incident | None:
        """Run the day until the next incident fires (returned, the day paused) or the day ends.

        With ``until`` (model minutes) the run also stops there and returns None with the day
        not finished (``done`` False): the dashboard's playback advances in such slices.
        """
        if self.current is not None:
            return self.current
        env, tps = self._env, self._tps
        stop = math.inf if until is None else float(until)
        while True:
            for inc in self.pending:
                if model_incidents.fired(tps, inc):
                    self.pending.remove(inc)
                    self.current = inc
                    return inc
            if env.now >= stop:
                return None
            nxt = env.peek()
            clock = min((model_incidents.fire_time(i) for i in self.pending), default=math.inf)
            if nxt == math.inf and clock == math.inf:
                self._end()
                return None
            target = min(clock, stop)
            counts = any(i.when.during_count for i in self.pending)
            if target <= nxt:  # nothing happens before the target time
                self._step_until(target)
            elif counts and tps.voting_done.processed:
                env.step()  # a count incident waits for a box to be opened: check each event
            else:  # no box is opened before voting is done
                self._step_until(target, tps.voting_done if counts else None)

    def _step_until(self, target: float, event: simpy.Event | None = None) -> None:
        """Process events until model time ``target`` or until ``event`` has been processed.

        Stepping by hand (not ``env.run(until=...)``) leaves no stop marker in SimPy's queue,
        so the end of the day is seen as an empty queue.
        """
        env = self._env
        timer = env.timeout(target - env.now) if target < math.inf else None
        while env.peek() < math.inf:
            if timer is not None and timer.processed:
                return
            if event is not None and event.processed:
                return
            env.step()

    def answer(self, choice_key: str) -> Decision:
        """Apply the group's answer to the incident in hand; the day can go on."""
        inc = self.current
        if inc is None:
            raise RuntimeError("no incident waiting for an answer")
        choice = inc.choice(choice_key)
        model_incidents.apply(self._tps, inc, choice)
        decision = Decision(inc.id, choice.key, choice.correct, self.now_min, self.team)
        self.decisions.append(decision)
        self.current = None
        return decision

    def _end(self) -> None:
        if self.done:
            return
        self.done = True
        for day in self._days:
            model_incidents.finish(day)

    def finish(self) -> Play:
        """Run to the end of the day (answering nothing more) and return the team's play."""
        if self._play is not None:
            return self._play
        if self.current is not None:
            raise RuntimeError(f"incident {self.current.id} is waiting for an answer")
        if self.pending:
            self._env.run()
        self._end()
        day = simulation.day_result(self._tps, self.detailed)
        tally = self._tps.log.counters
        counters = {k: int(tally.get(k, 0)) for k in model_incidents.DRILL_COUNTERS}
        self._play = Play(
            self.team, list(self.decisions), day, counters, [i.id for i in self.pending]
        )
        return self._play


Answerer = Callable[[Incident, DrillRun], str]


def play(
    drill: Drill, answers: Mapping[str, str] | Answerer, team: str = "", detailed: bool = True
) -> Play:
    """Play a whole drill with preset answers (incident id -> choice key) or a callback."""
    run = DrillRun(drill, team, detailed)
    while (inc := run.next_incident()) is not None:
        key = answers(inc, run) if callable(answers) else answers.get(inc.id, inc.best_key)
        run.answer(key)
    return run.finish()


def reference(drill: Drill, detailed: bool = False) -> Play:
    """Play the day with every incident answered right: the yardstick of the costs."""
    return play(drill, {i.id: i.best_key for i in drill.incidents}, "*", detailed)


def _delta(a: Mapping[str, float], b: Mapping[str, float]) -> dict[str, float]:
    out = {}
    for k in COST_KEYS:
        x, y = a[k], b[k]
        out[k] = (
            0.0
            if (isinstance(x, float) and math.isnan(x)) or (isinstance(y, float) and math.isnan(y))
            else float(x) - float(y)
        )
    return out


def choice_costs(drill: Drill, reps: int = 5) -> dict[tuple[str, str], dict]:
    """Return what each choice costs against the all-correct day, averaged over ``reps`` days.

    Returns ``{(incident id, choice key): {measure: mean difference}}`` over :data:`COST_KEYS`,
    plus ``past_deadline`` (share of the days that missed the deadline with that choice). Day k
    uses seed ``drill.seed + k`` with the same answers, so a cost is the answer's own effect
    rather than the chance of one day.
    """
    best = {i.id: i.best_key for i in drill.incidents}
    sums: dict[tuple[str, str], dict] = {}
    for k in range(max(1, int(reps))):
        day = replace(drill, seed=drill.seed + k)
        ref = reference(day)
        base = ref.measures()
        for inc in drill.incidents:
            for c in inc.choices:
                if c.key == best[inc.id]:
                    delta, late = dict.fromkeys(COST_KEYS, 0.0), ref.day.summary["past_deadline"]
                else:
                    p = play(day, {**best, inc.id: c.key}, "*", detailed=False)
                    delta, late = _delta(p.measures(), base), p.day.summary["past_deadline"]
                acc = sums.setdefault(
                    (inc.id, c.key), dict.fromkeys(COST_KEYS, 0.0) | {"past_deadline": 0.0}
                )
                for key in COST_KEYS:
                    acc[key] += delta[key]
                acc["past_deadline"] += float(bool(late))
    n = max(1, int(reps))
    return {key: {m: v / n for m, v in acc.items()} for key, acc in sums.items()}


def decision_cost(costs: Mapping, decision: Decision, key: str) -> float:
    """Return one measure of a decision's expected cost (time below the noise counts as 0)."""
    v = float(costs[(decision.incident_id, decision.choice_key)][key])
    if key in ("work_min", "count_min") and abs(v) < COUNT_NOISE_MIN:
        return 0.0
    return v


def scorecard(drill: Drill, plays: Sequence[Play], costs: Mapping | None = None) -> list[dict]:
    """One row per team: right answers, time cost, waits, refused/served wrongly, risks.

    The time added is the sum of the expected cost of each answer (:func:`choice_costs`), so a
    team is not credited or blamed for the chance of one day; the counters and the clock of
    the end of work are those of the team's own day.
    """
    costs = choice_costs(drill) if costs is None else costs
    rows = []
    for p in plays:
        m = p.measures()
        rows.append(
            {
                "team": p.team,
                "correct": p.n_correct,
                "answered": len(p.decisions),
                "score_pct": round(100.0 * p.n_correct / len(p.decisions), 1)
                if p.decisions
                else 0.0,
                "work_added_min": round(
                    sum(decision_cost(costs, d, "work_min") for d in p.decisions), 1
                ),
                "count_added_min": round(
                    sum(decision_cost(costs, d, "count_min") for d in p.decisions), 1
                ),
                "wait_mean_added_min": round(
                    sum(decision_cost(costs, d, "wait_mean_min") for d in p.decisions), 2
                ),
                "wrongly_refused": int(p.counters["wrongly_refused"]),
                "wrongly_served": int(p.counters["wrongly_served"]),
                "rule_breaches": int(p.counters["rule_breaches"]),
                "psu_risk_events": int(m["psu_risk_events"]),
                "recounts": int(m["recounts"]),
                "objections": int(m["objections"]),
                "work_end": min_to_clock(m["work_min"]),
                "past_deadline": bool(p.day.summary["past_deadline"]),
            }
        )
    return rows


def choice_order(drill: Drill, inc: Incident) -> list[str]:
    """Return the order of the choices: shuffled by the drill's seed, the same for every team."""
    keys = [c.key for c in inc.choices]
    rng = np.random.default_rng([drill.seed, sum(inc.id.encode())])
    return [keys[i] for i in rng.permutation(len(keys))]
