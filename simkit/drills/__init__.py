"""Rehearsal drills: a scenario, incidents in order and a seed; teams answer; a scorecard.

A drill runs one simulated TPS day step by step. When an incident's moment comes (a clock time
of the voting day, or a box opened at the count) the day pauses, the group picks a choice, the
choice's consequence is applied (:mod:`simkit.model.incidents`) and the day goes on. Every team
plays the same day with the same random numbers, so only their answers differ.

The debrief shows, per decision, the rule (DOMAIN.md section and the regulation it names) and
what each wrong answer costs: each choice is replayed against the all-correct day with the same
seed, and the difference is measured (minutes added to the work, to the waits, voters wrongly
refused or served, breaches of procedure, PSU risks, recounts).

Faces: :mod:`simkit.cli.drill` is ``simkit drill`` for a terminal;
:mod:`simkit.dashboard.drill_panel` is the dashboard's drill mode.

>>> from simkit.drills import make_drill, play, choice_costs, scorecard
>>> drill = make_drill("tps_standar_2024", ["dpt_tanpa_undangan"], seed=3)     # doctest: +SKIP
>>> team = play(drill, {"dpt_tanpa_undangan": "tolak"}, team="A")             # doctest: +SKIP
>>> team.counters["wrongly_refused"]                                          # doctest: +SKIP
1
"""

from __future__ import annotations

import csv
import html
import io
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np

from simkit.drills.incidents import Incident, list_incidents, load_incident
from simkit.model import incidents as model_incidents
from simkit.scenario import (
    Scenario,
    load_scenario,
    min_to_clock,
    with_overrides,
)

__all__ = [
    "Decision",
    "Drill",
    "DrillError",
    "DrillRun",
    "Play",
    "choice_costs",
    "debrief_rows",
    "describe_cost",
    "make_drill",
    "play",
    "reference",
    "scorecard",
    "write_scorecard",
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

LABELS: dict[str, tuple[str, str]] = {
    "title": ("Latihan insiden TPS", "TPS incident drill"),
    "scenario": ("Skenario", "Scenario"),
    "seed": ("Seed", "Seed"),
    "teams": ("Tim", "Teams"),
    "team": ("Tim", "Team"),
    "incidents": ("Insiden", "Incidents"),
    "incident": ("Insiden", "Incident"),
    "when": ("Kapan", "When"),
    "who": ("Siapa", "Who"),
    "place": ("Tempat", "Place"),
    "clock": ("Pukul", "Time"),
    "choose": ("Pilih jawaban 1-{n}", "Choose an answer 1-{n}"),
    "ask_team": ("Jawaban tim {team} (1-{n}): ", "Team {team}'s answer (1-{n}): "),
    "bad_answer": (
        "Jawaban tidak dikenal: {value!r}. Ketik angka 1-{n} lalu Enter.",
        "Unknown answer: {value!r}. Type a number 1-{n} and press Enter.",
    ),
    "eof": (
        "Masukan berakhir: latihan dihentikan (belum ada kartu nilai).",
        "Input ended: drill stopped (no scorecard written).",
    ),
    "interrupted": ("Latihan dihentikan.", "Drill stopped."),
    "correct": ("BENAR", "CORRECT"),
    "wrong": ("SALAH", "WRONG"),
    "right_answer": ("Jawaban benar", "Right answer"),
    "rule": ("Aturan", "Rule"),
    "consequence": ("Akibat dalam simulasi", "Consequence in the simulation"),
    "no_cost": (
        "tidak ada tambahan dibanding jawaban benar",
        "nothing added compared with the right answer",
    ),
    "debrief": ("Pembahasan", "Debrief"),
    "answer": ("Jawaban", "Answer"),
    "other_answers": ("Jika menjawab lain", "Had you answered otherwise"),
    "scorecard": ("Kartu nilai", "Scorecard"),
    "score": ("Benar", "Correct"),
    "time_cost": ("Tambahan waktu kerja (menit)", "Work time added (min)"),
    "wait_cost": ("Tambahan rata-rata menunggu (menit)", "Mean wait added (min)"),
    "work_end": ("Semua pekerjaan selesai", "All work done"),
    "not_fired": ("Tidak terjadi dalam hari ini", "Did not happen on this day"),
    "files": ("Berkas ditulis di {dir}:", "Files written in {dir}:"),
    "continue": ("Simulasi berlanjut...", "The simulation goes on..."),
    "day_end": ("Hari TPS selesai.", "The TPS day is over."),
    "cost_work_min": (
        "{v} menit sampai semua pekerjaan selesai",
        "{v} min until all work is done",
    ),
    "cost_count_min": ("{v} menit penghitungan", "{v} min of counting"),
    "cost_wait_mean_min": ("{v} menit rata-rata menunggu", "{v} min mean wait"),
    "cost_last_exit_min": ("{v} menit pemilih terakhir keluar", "{v} min last voter out"),
    "cost_wrongly_refused": ("{v} pemilih salah ditolak", "{v} voter(s) wrongly refused"),
    "cost_wrongly_served": ("{v} pemilih salah dilayani", "{v} voter(s) wrongly served"),
    "cost_rule_breaches": ("{v} pelanggaran prosedur", "{v} breach(es) of procedure"),
    "cost_psu_risk_events": (
        "{v} risiko PSU (pemungutan suara ulang)",
        "{v} PSU (re-vote) risk(s)",
    ),
    "cost_recounts": ("{v} penghitungan ulang", "{v} recount(s)"),
    "cost_objections": ("{v} keberatan saksi", "{v} saksi objection(s)"),
    "past_deadline": (
        "melewati batas 12:00 H+1 ({p:.0f}% hari)",
        "past the 12:00 next-day deadline ({p:.0f}% of days)",
    ),
    "yes": ("ya", "yes"),
    "no": ("tidak", "no"),
    "list_head": ("Insiden yang tersedia:", "Available incidents:"),
}


def label(key: str, lang: str = "id", **kw) -> str:
    """Return a drill label in Bahasa Indonesia or English."""
    text = LABELS[key][1 if lang == "en" else 0]
    return text.format(**kw) if kw else text


def place_label(place: str, lang: str = "id") -> str:
    """Return where an incident happens in trainer words ("Meja A (pendaftaran)")."""
    from simkit.i18n import t

    return "TPS" if place == "tps" else t(place, lang)


class DrillError(ValueError):
    """A drill that cannot be built (unknown incident, incident impossible in the scenario)."""


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

    def const(dist) -> dict:
        return {"dist": "constant", "value": float(dist.mean)}

    return {
        **QUIET_ERRORS,
        "counting.c_hasil_fill": {t: const(d) for t, d in c.c_hasil_fill.items()},
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
        raise DrillError(
            f"seed: {seed!r}: "
            + ("harus bilangan bulat >= 0" if lang == "id" else "must be a whole number >= 0")
        )
    if incidents:
        loaded = [load_incident(i, lang) for i in incidents]
    else:
        shipped = sorted(list_incidents())
        n = DEFAULT_RANDOM if random_n is None else int(random_n)
        if not 1 <= n <= len(shipped):
            raise DrillError(
                f"--random {n}: "
                + (f"boleh 1-{len(shipped)}" if lang == "id" else f"allowed 1-{len(shipped)}")
            )
        rng = np.random.default_rng([int(seed), 6])
        picked = sorted(rng.choice(len(shipped), size=n, replace=False))
        loaded = [load_incident(shipped[i], lang) for i in picked]
    ids = [i.id for i in loaded]
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    if dupes:
        raise DrillError(
            ("insiden berulang: " if lang == "id" else "incident repeated: ") + ", ".join(dupes)
        )
    for inc in loaded:
        t = inc.when.during_count
        if t is not None and (t not in sc.tps.ballot_types or not sc.counting.enabled):
            raise DrillError(
                f"{inc.id}: "
                + (
                    f"skenario {sc.name} tidak punya penghitungan {t}"
                    if lang == "id"
                    else f"scenario {sc.name} has no count of {t}"
                )
            )
    return Drill(sc, tuple(sorted(loaded, key=Incident.sort_key)), int(seed), str(tps_id))


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
    day: Any  # simkit.simulation.DayResult
    counters: dict
    not_fired: list[str] = field(default_factory=list)

    @property
    def n_correct(self) -> int:
        """Right answers."""
        return sum(d.correct for d in self.decisions)

    def measures(self) -> dict:
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


class DrillRun:
    """One team's drill in progress: ``next_incident()``, ``answer(key)``, ..., ``finish()``.

    The SimPy environment is built as :func:`simkit.simulation.simulate` builds it (with the
    other TPS of the desa when the copier is shared) and run in steps between incidents.
    """

    def __init__(self, drill: Drill, team: str = "", detailed: bool = True):
        from simkit import simulation

        self.drill = drill
        self.team = team
        self.detailed = detailed
        sc = drill.scenario
        ids = simulation.desa_tps_ids(sc, drill.tps_id)
        self.env, self.days = simulation.build_days(
            [sc] * len(ids), drill.seed, ids, detailed, shared_copier=len(ids) > 1
        )
        self.tps = self.days[0]
        self.pending: list[Incident] = list(drill.incidents)
        self.current: Incident | None = None
        self.decisions: list[Decision] = []
        self.done = False
        self._result = None

    @property
    def now_min(self) -> float:
        """The model clock (minutes since 07:00)."""
        return float(self.env.now)

    def next_incident(self, until: float | None = None) -> Incident | None:
        """Run the day until the next incident fires (returned, the day paused) or the day ends.

        With ``until`` (model minutes) the run also stops there and returns None with the day
        not finished (``done`` False): the dashboard's playback advances in such slices.
        """
        if self.current is not None:
            return self.current
        env, tps = self.env, self.tps
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

    def _step_until(self, target: float, event=None) -> None:
        """Process events until model time ``target`` or until ``event`` has been processed.

        Stepping by hand (not ``env.run(until=...)``) leaves no stop marker in SimPy's queue,
        so the end of the day is seen as an empty queue.
        """
        env = self.env
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
        model_incidents.apply(self.tps, inc, choice)
        decision = Decision(inc.id, choice.key, choice.correct, self.now_min, self.team)
        self.decisions.append(decision)
        self.current = None
        return decision

    def _end(self) -> None:
        if self.done:
            return
        self.done = True
        for day in self.days:
            model_incidents.finish(day)

    def finish(self) -> Play:
        """Run to the end of the day (answering nothing more) and return the team's play."""
        if self._result is not None:
            return self._result
        from simkit import simulation

        if self.current is not None:
            raise RuntimeError(f"incident {self.current.id} is waiting for an answer")
        if self.pending:
            self.env.run()
        self._end()
        day = simulation.day_result(self.tps, self.detailed)
        counters = {k: int(self.tps.log.counters.get(k, 0)) for k in model_incidents.DRILL_COUNTERS}
        self._result = Play(
            self.team, list(self.decisions), day, counters, [i.id for i in self.pending]
        )
        return self._result


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


def _delta(a: dict, b: dict) -> dict:
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


def number(value: float, lang: str = "id", digits: int | None = None, sign: bool = False) -> str:
    """Format a number for people, with a decimal comma in Bahasa Indonesia."""
    if digits is None:
        text = f"{value:+g}" if sign else f"{value:g}"
    else:
        text = f"{value:+.{digits}f}" if sign else f"{value:.{digits}f}"
    return text.replace(".", ",") if lang == "id" else text


def show(value: Any, lang: str = "id") -> str:
    """Show a scorecard value: ya/tidak for booleans, decimal comma in Bahasa Indonesia."""
    if isinstance(value, bool):
        return label("yes" if value else "no", lang)
    if isinstance(value, float):
        return number(value, lang)
    return str(value)


def describe_cost(cost: Mapping, lang: str = "id") -> str:
    """Describe a cost, e.g. "+25 min until all work is done; +1 PSU risk" (changes only)."""
    parts = []
    for k in COST_KEYS:
        v = float(cost.get(k, 0.0))
        small = {
            "wait_mean_min": 0.05,
            "last_exit_min": 1.0,
            "work_min": COUNT_NOISE_MIN,
            "count_min": COUNT_NOISE_MIN,
        }.get(k, 0.05)
        if abs(v) >= small:
            digits = 1 if k == "wait_mean_min" else (0 if k.endswith("_min") else None)
            parts.append(label(f"cost_{k}", lang, v=number(v, lang, digits, sign=True)))
    late = float(cost.get("past_deadline", 0.0))
    if late > 0:
        parts.append(label("past_deadline", lang, p=100 * late))
    return "; ".join(parts) if parts else label("no_cost", lang)


# --------------------------------------------------------------------------- debrief, scorecard


def debrief_rows(drill: Drill, team_play: Play, costs: Mapping, lang: str = "id") -> list[dict]:
    """One row per decision: the answer, right or wrong, the rule, and the cost of every choice."""
    rows = []
    for d in team_play.decisions:
        inc = drill.incident(d.incident_id)
        chosen = inc.choice(d.choice_key)
        others = [
            (c.text.get(lang), describe_cost(costs[(inc.id, c.key)], lang), c.correct)
            for c in inc.choices
            if c.key != d.choice_key
        ]
        rows.append(
            {
                "team": team_play.team,
                "incident": inc.id,
                "title": inc.title.get(lang),
                "clock": min_to_clock(d.time_min),
                "answer": chosen.text.get(lang),
                "answer_key": d.choice_key,
                "correct": d.correct,
                "right_answer": " / ".join(inc.choice(k).text.get(lang) for k in inc.correct_keys),
                "feedback": chosen.feedback.get(lang),
                "rule_source": inc.rule.source,
                "rule_domain": inc.rule.domain,
                "rule": inc.rule.text.get(lang),
                "cost": describe_cost(costs[(inc.id, d.choice_key)], lang),
                **{
                    f"cost_{k}": round(float(costs[(inc.id, d.choice_key)][k]), 2)
                    for k in COST_KEYS
                },
                "others": others,
            }
        )
    return rows


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


SCORE_HEADERS = {
    "team": ("Tim", "Team"),
    "correct": ("Benar", "Correct"),
    "answered": ("Dijawab", "Answered"),
    "score_pct": ("Nilai (%)", "Score (%)"),
    "work_added_min": ("Tambahan waktu kerja (menit)", "Work time added (min)"),
    "count_added_min": ("Tambahan waktu hitung (menit)", "Counting time added (min)"),
    "wait_mean_added_min": ("Tambahan rata-rata menunggu (menit)", "Mean wait added (min)"),
    "wrongly_refused": ("Salah ditolak", "Wrongly refused"),
    "wrongly_served": ("Salah dilayani", "Wrongly served"),
    "rule_breaches": ("Pelanggaran prosedur", "Breaches of procedure"),
    "psu_risk_events": ("Risiko PSU", "PSU risks"),
    "recounts": ("Hitung ulang", "Recounts"),
    "objections": ("Keberatan", "Objections"),
    "work_end": ("Selesai kerja", "Work done"),
    "past_deadline": ("Lewat batas 12:00 H+1", "Past 12:00 next day"),
}


def _csv_text(rows: list[dict], columns: Sequence[str]) -> str:
    buf = io.StringIO()
    writer = csv.DictWriter(
        buf, fieldnames=list(columns), extrasaction="ignore", lineterminator="\n"
    )
    writer.writeheader()
    for r in rows:
        writer.writerow(r)
    return buf.getvalue()


DECISION_COLUMNS = (
    "team",
    "incident",
    "clock",
    "answer_key",
    "correct",
    "rule_source",
    "rule_domain",
) + tuple(f"cost_{k}" for k in COST_KEYS)


def scorecard_html(drill: Drill, plays: Sequence[Play], costs: Mapping, lang: str = "id") -> str:
    """Return a printable page: the scores, then every decision with its rule and cost."""
    e = html.escape
    rows = scorecard(drill, plays, costs)
    cols = list(SCORE_HEADERS)
    head = "".join(f"<th>{e(SCORE_HEADERS[c][1 if lang == 'en' else 0])}</th>" for c in cols)

    def cell(v):
        return show(v, lang)

    body = "".join(
        "<tr>" + "".join(f"<td>{e(cell(r[c]))}</td>" for c in cols) + "</tr>" for r in rows
    )
    parts = [
        "<!DOCTYPE html><html><head><meta charset='utf-8'>",
        f"<title>{e(label('scorecard', lang))}</title>",
        "<style>body{font-family:sans-serif;margin:1.5em;color:#222}"
        "table{border-collapse:collapse;margin:.5em 0 1.5em}"
        "th,td{border:1px solid #999;padding:4px 8px;font-size:11pt;vertical-align:top}"
        "th{background:#eee}.ok{color:#1a7f37;font-weight:bold}.bad{color:#b42318;font-weight:bold}"
        "@media print{h2{page-break-before:auto}tr{page-break-inside:avoid}}</style></head><body>",
        f"<h1>{e(label('title', lang))}: {e(label('scorecard', lang))}</h1>",
        f"<p>{e(label('scenario', lang))}: <b>{e(drill.scenario.name)}</b> &middot; "
        f"{e(label('seed', lang))}: {drill.seed} &middot; {e(label('incidents', lang))}: "
        f"{len(drill.incidents)}</p>",
        f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>",
    ]
    for p in plays:
        parts.append(f"<h2>{e(label('debrief', lang))}: {e(label('team', lang))} {e(p.team)}</h2>")
        parts.append(
            "<table><thead><tr>"
            + "".join(
                f"<th>{e(h)}</th>"
                for h in (
                    label("clock", lang),
                    label("incident", lang),
                    label("answer", lang),
                    "",
                    label("rule", lang),
                    label("consequence", lang),
                )
            )
            + "</tr></thead><tbody>"
        )
        for r in debrief_rows(drill, p, costs, lang):
            mark = (
                f"<span class='ok'>{e(label('correct', lang))}</span>"
                if r["correct"]
                else f"<span class='bad'>{e(label('wrong', lang))}</span><br>"
                f"{e(label('right_answer', lang))}: {e(r['right_answer'])}"
            )
            parts.append(
                f"<tr><td>{e(r['clock'])}</td><td>{e(r['title'])}</td><td>{e(r['answer'])}</td>"
                f"<td>{mark}</td><td><b>{e(r['rule_source'])}</b> (DOMAIN.md {e(r['rule_domain'])})"
                f"<br>{e(r['rule'])}</td><td>{e(r['cost'])}</td></tr>"
            )
        parts.append("</tbody></table>")
    parts.append(f"<h2>{e(label('other_answers', lang))}</h2><table><tbody>")
    for inc in drill.incidents:
        for c in inc.choices:
            tag = label("correct", lang) if c.correct else label("wrong", lang)
            cost = describe_cost(costs[(inc.id, c.key)], lang)
            parts.append(
                f"<tr><td>{e(inc.title.get(lang))}</td><td>{e(c.text.get(lang))}</td>"
                f"<td>{e(tag)}</td><td>{e(cost)}</td></tr>"
            )
    parts.append("</tbody></table></body></html>")
    return "\n".join(parts)


def write_scorecard(
    out_dir: str | Path,
    drill: Drill,
    plays: Sequence[Play],
    costs: Mapping | None = None,
    lang: str = "id",
) -> list[Path]:
    """Write ``scorecard.csv``, ``decisions.csv`` and the printable ``scorecard.html``."""
    costs = choice_costs(drill) if costs is None else costs
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    rows = scorecard(drill, plays, costs)
    paths = [out / "scorecard.csv", out / "decisions.csv", out / "scorecard.html"]
    paths[0].write_text(_csv_text(rows, list(SCORE_HEADERS)), encoding="utf-8")
    decisions = [r for p in plays for r in debrief_rows(drill, p, costs, lang)]
    paths[1].write_text(_csv_text(decisions, DECISION_COLUMNS), encoding="utf-8")
    paths[2].write_text(scorecard_html(drill, plays, costs, lang), encoding="utf-8")
    return paths


# --------------------------------------------------------------------------- terminal


def situation_text(inc: Incident, run: DrillRun, order: Sequence[str], lang: str) -> str:
    """Return the incident as the group reads it, with numbered choices."""
    lines = [
        "",
        "=" * 72,
        f"{label('incident', lang)}: {inc.title.get(lang)}",
        f"{label('clock', lang)} {min_to_clock(run.now_min)} | {label('place', lang)}: "
        f"{place_label(inc.place, lang)}"
        f" | {label('who', lang)}: {', '.join(inc.who)}",
        "-" * 72,
        inc.situation.get(lang).strip(),
        "",
    ]
    for k, key in enumerate(order, start=1):
        lines.append(f"  {k}. {inc.choice(key).text.get(lang)}")
    return "\n".join(lines)


def choice_order(drill: Drill, inc: Incident) -> list[str]:
    """Return the order of the choices: shuffled by the drill's seed, the same for every team."""
    keys = [c.key for c in inc.choices]
    rng = np.random.default_rng([drill.seed, sum(inc.id.encode())])
    return [keys[i] for i in rng.permutation(len(keys))]
