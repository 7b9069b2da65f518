"""The dashboard's drill mode: pick incidents and a scenario, play, answer, debrief, scorecard.

``DrillPanel(lang).widget`` is one ipywidgets box the dashboard can put in a tab (or a notebook
can display alone, ``notebooks/drill.ipynb``). The trainer picks a scenario, incidents (or a
random draw) and a seed, names the team and starts; the day plays back on a clock; when an
incident fires the playback stops and shows the situation and the choices; the group answers
and sees the verdict and the rule; Continue plays on with the consequence; at the end the
debrief lists each decision, the rule and what the other answers would have cost. Another team
can then play the same drill (same seed: the same day), and the scorecard of every team that
played is shown with CSV and printable HTML downloads.
"""

from __future__ import annotations

import base64
import html
import time

import ipywidgets as w

from simkit.drill import (
    DrillRun,
    choice_costs,
    debrief_rows,
    label,
    make_drill,
    place_label,
    scorecard,
    scorecard_html,
    show,
    write_scorecard,
)
from simkit.incidents import list_incidents, load_incident
from simkit.scenario import ScenarioError, list_scenarios, min_to_clock

__all__ = ["DrillPanel"]

TEXT: dict[str, tuple[str, str]] = {
    "heading": ("Latihan insiden", "Incident drill"),
    "scenario": ("Skenario", "Scenario"),
    "incidents": ("Insiden (Ctrl/Shift untuk beberapa)", "Incidents (Ctrl/Shift for several)"),
    "random": ("Acak", "Random"),
    "seed": ("Seed", "Seed"),
    "team": ("Nama tim", "Team name"),
    "start": ("Mulai latihan", "Start drill"),
    "answer": ("Jawab", "Answer"),
    "continue": ("Lanjutkan", "Continue"),
    "next_team": ("Tim berikutnya (latihan sama)", "Next team (same drill)"),
    "new_drill": ("Latihan baru", "New drill"),
    "pick_one": ("Pilih minimal satu insiden.", "Pick at least one incident."),
    "pick_answer": ("Pilih satu jawaban dulu.", "Pick an answer first."),
    "playing": ("Simulasi berjalan", "Simulation running"),
    "paused": ("Dijeda: insiden", "Paused: incident"),
    "voted": ("sudah memilih", "voted"),
    "in_tps": ("di TPS", "in the TPS"),
    "counted": ("jenis selesai dihitung", "types counted"),
    "costs_wait": ("Menghitung akibat setiap jawaban...", "Working out what every answer costs..."),
    "download_csv": ("Unduh kartu nilai (CSV)", "Download scorecard (CSV)"),
    "download_html": ("Kartu nilai siap cetak (HTML)", "Printable scorecard (HTML)"),
    "download_decisions": ("Unduh keputusan (CSV)", "Download decisions (CSV)"),
}
SLICE_MIN = 15.0  # model minutes per playback frame
FRAME_S = 0.02  # pause between frames, so the clock visibly runs


def _t(key: str, lang: str) -> str:
    return TEXT[key][1 if lang == "en" else 0]


def _link(payload: str, mime: str, filename: str, text: str) -> str:
    data = base64.b64encode(payload.encode("utf-8")).decode("ascii")
    return (
        f'<a download="{html.escape(filename)}" href="data:{mime};base64,{data}" '
        f'target="_blank">{html.escape(text)}</a>'
    )


CSS = """
<style>
.sk-drill { font-family: "DejaVu Sans", "Noto Sans", Arial, sans-serif; font-size: 17px; }
.sk-drill .sk-drill-clock { font-size: 26px; font-weight: 700; }
.sk-drill .sk-drill-situation { background: #fff8e1; border-left: 6px solid #b71c1c;
  padding: 8px 14px; margin: 6px 0; font-size: 19px; }
.sk-drill .sk-drill-situation p { font-size: 19px; line-height: 1.4; }
.sk-drill .sk-drill-ok { color: #1a7f37; font-weight: 700; }
.sk-drill .sk-drill-bad { color: #b42318; font-weight: 700; }
.sk-drill table { border-collapse: collapse; margin: 6px 0 12px; }
.sk-drill th, .sk-drill td { border: 1px solid #bbb; padding: 3px 8px; vertical-align: top; }
.sk-drill th { background: #eee; }
.sk-drill .widget-radio-box label { font-size: 17px; white-space: normal; }
</style>
"""


class DrillPanel:
    """The drill mode as one widget (``.widget``); ``set_lang`` relabels it."""

    def __init__(
        self,
        lang: str = "id",
        scenario: str = "tps_standar_2024",
        incidents: list[str] | None = None,
        seed: int = 1,
        frame_s: float = FRAME_S,
    ):
        self.lang = lang
        self.frame_s = frame_s
        self.run: DrillRun | None = None
        self.drill = None
        self.plays: list = []
        self.costs: dict | None = None
        self._order: list[str] = []
        self._build(scenario, incidents or [], seed)
        self._wire()
        self.set_lang(lang)

    # ------------------------------------------------------------------ widgets
    def _build(self, scenario: str, incidents: list[str], seed: int) -> None:
        names = list(list_scenarios())
        self.css = w.HTML(CSS)
        self.heading = w.HTML()
        self.scenario = w.Dropdown(options=names, value=scenario if scenario in names else names[0])
        self._incidents = {key: load_incident(path) for key, path in list_incidents().items()}
        self.incidents = w.SelectMultiple(rows=8, layout=w.Layout(width="98%"))
        self.incidents.add_class("sk-drill-incidents")
        self.random_n = w.BoundedIntText(
            value=5, min=1, max=len(self._incidents), layout=w.Layout(width="70px")
        )
        self.random_button = w.Button(icon="random")
        wide = {"description_width": "initial"}
        self.seed = w.BoundedIntText(
            value=seed, min=0, max=10**9, style=wide, layout=w.Layout(width="190px")
        )
        self.team = w.Text(value="1", style=wide, layout=w.Layout(width="240px"))
        self.scenario.style = wide
        self.incidents_label = w.HTML()
        self.start_button = w.Button(button_style="danger", icon="play")
        self.start_button.add_class("sk-drill-start")
        self.message = w.HTML()
        self.message.add_class("sk-drill-message")
        self._chosen = list(incidents)

        self.clock = w.HTML()
        self.clock.add_class("sk-drill-clock")
        self.progress = w.FloatProgress(
            min=-60.0, max=1440.0, value=-60.0, layout=w.Layout(width="98%")
        )
        self.status = w.HTML()
        self.situation = w.HTML()
        self.situation.add_class("sk-drill-situation")
        self.choices = w.RadioButtons(options=[], value=None, layout=w.Layout(width="98%"))
        self.choices.add_class("sk-drill-choices")
        self.answer_button = w.Button(button_style="primary", icon="check")
        self.answer_button.add_class("sk-drill-answer")
        self.feedback = w.HTML()
        self.feedback.add_class("sk-drill-feedback")
        self.continue_button = w.Button(button_style="success", icon="forward")
        self.continue_button.add_class("sk-drill-continue")
        self.debrief = w.HTML()
        self.debrief.add_class("sk-drill-debrief")
        self.next_team_button = w.Button(icon="users")
        self.next_team_button.add_class("sk-drill-next-team")
        self.new_drill_button = w.Button(icon="refresh")
        self.new_drill_button.add_class("sk-drill-new")

        self.setup_box = w.VBox(
            [
                w.HBox([self.scenario, self.seed]),
                self.incidents_label,
                self.incidents,
                w.HBox([self.random_n, self.random_button, self.team, self.start_button]),
                self.message,
            ]
        )
        self.play_box = w.VBox(
            [
                self.clock,
                self.progress,
                self.status,
                self.situation,
                self.choices,
                self.answer_button,
                self.feedback,
                self.continue_button,
            ]
        )
        self.end_box = w.VBox(
            [self.debrief, w.HBox([self.next_team_button, self.new_drill_button])]
        )
        self.widget = w.VBox([self.css, self.heading, self.setup_box, self.play_box, self.end_box])
        self.widget.add_class("sk-drill")
        for button in (
            self.random_button,
            self.start_button,
            self.answer_button,
            self.continue_button,
            self.next_team_button,
            self.new_drill_button,
        ):
            button.layout.width = "auto"
        self._show(setup=True)

    def _wire(self) -> None:
        self.random_button.on_click(self._on_random)
        self.start_button.on_click(self._on_start)
        self.answer_button.on_click(self._on_answer)
        self.continue_button.on_click(self._on_continue)
        self.next_team_button.on_click(self._on_next_team)
        self.new_drill_button.on_click(self._on_new_drill)

    def _show(self, setup=False, playing=False, question=False, answered=False, end=False):
        def vis(widget, on):
            widget.layout.display = None if on else "none"

        vis(self.setup_box, setup)
        vis(self.play_box, playing or question or answered)
        vis(self.choices, question)
        vis(self.answer_button, question)
        vis(self.situation, question or answered)
        vis(self.feedback, answered)
        vis(self.continue_button, answered)
        vis(self.end_box, end)

    def set_lang(self, lang: str) -> None:
        """Relabel every control in ``lang`` ("id" or "en")."""
        self.lang = lang
        self.heading.value = f"<h2>{html.escape(_t('heading', lang))}</h2>"
        self.scenario.description = _t("scenario", lang)
        self.seed.description = _t("seed", lang)
        self.team.description = _t("team", lang)
        self.random_button.description = _t("random", lang)
        self.incidents_label.value = f"<b>{html.escape(_t('incidents', lang))}</b>"
        self.start_button.description = _t("start", lang)
        self.answer_button.description = _t("answer", lang)
        self.continue_button.description = _t("continue", lang)
        self.next_team_button.description = _t("next_team", lang)
        self.new_drill_button.description = _t("new_drill", lang)
        chosen = list(self.incidents.value) or self._chosen
        ordered = sorted(self._incidents.values(), key=lambda i: i.sort_key())
        self.incidents.options = [
            (f"{i.when.describe(lang)} | {i.title.get(lang)}", i.id) for i in ordered
        ]
        self.incidents.value = tuple(c for c in chosen if c in self._incidents)

    # ------------------------------------------------------------------ callbacks
    def _on_random(self, _=None) -> None:
        try:
            drill = make_drill(
                self.scenario.value, None, self.random_n.value, self.seed.value, self.lang
            )
        except (ScenarioError, ValueError) as exc:
            self._error(exc)
            return
        self.message.value = ""
        self.incidents.value = tuple(i.id for i in drill.incidents)

    def _error(self, exc: Exception) -> None:
        text = exc.render() if isinstance(exc, ScenarioError) else str(exc)
        self.message.value = f"<pre>{html.escape(text)}</pre>"
        self._show(setup=True)

    def _on_start(self, _=None) -> None:
        ids = list(self.incidents.value)
        if not ids:
            self.message.value = f"<b>{html.escape(_t('pick_one', self.lang))}</b>"
            return
        try:
            self.drill = make_drill(self.scenario.value, ids, seed=self.seed.value, lang=self.lang)
        except (ScenarioError, ValueError) as exc:
            self._error(exc)
            return
        self.message.value = ""
        self.plays, self.costs = [], None
        self._start_team()

    def _start_team(self) -> None:
        self.run = DrillRun(self.drill, self.team.value.strip() or "1")
        self.debrief.value = ""
        self._advance()

    def _on_answer(self, _=None) -> None:
        inc = self.run.current if self.run else None
        if inc is None:
            return
        if self.choices.value is None:
            self.feedback.value = f"<b>{html.escape(_t('pick_answer', self.lang))}</b>"
            self._show(playing=True, question=True, answered=False)
            self.feedback.layout.display = None
            return
        decision = self.run.answer(self.choices.value)
        lang = self.lang
        choice = inc.choice(decision.choice_key)
        verdict = (
            f"<span class='sk-drill-ok'>{label('correct', lang)}</span>"
            if decision.correct
            else f"<span class='sk-drill-bad'>{label('wrong', lang)}</span>"
        )
        right = " / ".join(inc.choice(k).text.get(lang) for k in inc.correct_keys)
        extra = (
            ""
            if decision.correct
            else f"<br>{html.escape(label('right_answer', lang))}: {html.escape(right)}"
        )
        self.feedback.value = (
            f"<p>{verdict}: {html.escape(choice.feedback.get(lang))}{extra}</p>"
            f"<p><b>{html.escape(label('rule', lang))}</b>: {html.escape(inc.rule.source)} "
            f"(DOMAIN.md {html.escape(inc.rule.domain)})<br>{html.escape(inc.rule.text.get(lang))}"
            "</p>"
        )
        self._show(answered=True)

    def _on_continue(self, _=None) -> None:
        self._advance()

    def _on_next_team(self, _=None) -> None:
        self.team.value = self._next_name(self.team.value)
        self._start_team()

    def _on_new_drill(self, _=None) -> None:
        self.run, self.drill, self.plays, self.costs = None, None, [], None
        self._show(setup=True)

    # ------------------------------------------------------------------ playback
    def _advance(self) -> None:
        run = self.run
        self._show(playing=True)
        while True:
            inc = run.next_incident(until=run.now_min + SLICE_MIN)
            self._draw_clock()
            if inc is not None:
                self._ask(inc)
                return
            if run.done:
                self._finish()
                return
            if self.frame_s:
                time.sleep(self.frame_s)

    def _draw_clock(self) -> None:
        run, lang = self.run, self.lang
        tps = run.tps
        now = min(run.now_min, tps.work_end) if run.done else run.now_min
        self.clock.value = f"{html.escape(label('clock', lang))} {min_to_clock(now)}"
        self.progress.value = max(self.progress.min, min(self.progress.max, now))
        voted = sum(1 for p in tps.people if p.outcome == "voted")
        counted = sum(bool(v) for v in getattr(tps, "count_done", {}).values())
        self.status.value = (
            f"{html.escape(_t('playing', lang))}: {voted} {html.escape(_t('voted', lang))}, "
            f"{tps.in_tps} {html.escape(_t('in_tps', lang))}, {counted}/{len(tps.types)} "
            f"{html.escape(_t('counted', lang))}"
        )

    def _ask(self, inc) -> None:
        lang = self.lang
        from simkit.drill import choice_order

        self._order = choice_order(self.drill, inc)
        self.situation.value = (
            f"<h3>{html.escape(_t('paused', lang))}: {html.escape(inc.title.get(lang))}</h3>"
            f"<p><b>{html.escape(label('clock', lang))} {min_to_clock(self.run.now_min)}</b>"
            f" &middot; {html.escape(label('place', lang))}: "
            f"{html.escape(place_label(inc.place, lang))}"
            f" &middot; {html.escape(label('who', lang))}: {html.escape(', '.join(inc.who))}</p>"
            f"<p>{html.escape(inc.situation.get(lang))}</p>"
        )
        self.choices.options = [(inc.choice(k).text.get(lang), k) for k in self._order]
        self.choices.value = None
        self.feedback.value = ""
        self._show(question=True)

    def _finish(self) -> None:
        lang = self.lang
        self.plays.append(self.run.finish())
        self.debrief.value = f"<p>{html.escape(_t('costs_wait', lang))}</p>"
        self._show(end=True)
        if self.costs is None:
            self.costs = choice_costs(self.drill)
        self.debrief.value = self._debrief_html(self.plays[-1])
        self._show(end=True)

    def _debrief_html(self, play) -> str:
        lang, e = self.lang, html.escape
        rows = debrief_rows(self.drill, play, self.costs, lang)
        parts = [
            f"<h3>{e(label('debrief', lang))}: {e(label('team', lang))} {e(play.team)}</h3>",
            "<table><tr>"
            + "".join(
                f"<th>{e(h)}</th>"
                for h in (
                    label("clock", lang),
                    label("incident", lang),
                    label("answer", lang),
                    "",
                    label("rule", lang),
                    label("consequence", lang),
                    label("other_answers", lang),
                )
            )
            + "</tr>",
        ]
        for r in rows:
            mark = (
                "<span class='sk-drill-ok'>" + e(label("correct", lang)) + "</span>"
                if r["correct"]
                else "<span class='sk-drill-bad'>"
                + e(label("wrong", lang))
                + "</span><br>"
                + e(label("right_answer", lang))
                + ": "
                + e(r["right_answer"])
            )
            others = "<br>".join(f"{e(text)}: {e(cost)}" for text, cost, ok in r["others"])
            parts.append(
                f"<tr><td>{e(r['clock'])}</td><td>{e(r['title'])}</td><td>{e(r['answer'])}</td>"
                f"<td>{mark}</td><td><b>{e(r['rule_source'])}</b> (DOMAIN.md "
                f"{e(r['rule_domain'])})<br>{e(r['rule'])}</td><td>{e(r['cost'])}</td>"
                f"<td>{others}</td></tr>"
            )
        parts.append("</table>")
        parts.append(f"<h3>{e(label('scorecard', lang))}</h3>")
        parts.append(self._scorecard_table())
        parts.append(self._downloads())
        return "".join(parts)

    def _scorecard_table(self) -> str:
        from simkit.drill import SCORE_HEADERS

        lang, e = self.lang, html.escape
        cols = list(SCORE_HEADERS)
        rows = scorecard(self.drill, self.plays, self.costs)
        head = "".join(f"<th>{e(SCORE_HEADERS[c][1 if lang == 'en' else 0])}</th>" for c in cols)
        body = "".join(
            "<tr>" + "".join(f"<td>{e(show(r[c], lang))}</td>" for c in cols) + "</tr>"
            for r in rows
        )
        return f"<table class='sk-drill-scorecard'><tr>{head}</tr>{body}</table>"

    def _downloads(self) -> str:
        import tempfile
        from pathlib import Path

        lang = self.lang
        with tempfile.TemporaryDirectory() as tmp:
            paths = write_scorecard(tmp, self.drill, self.plays, self.costs, lang)
            texts = {Path(p).name: Path(p).read_text(encoding="utf-8") for p in paths}
        page = scorecard_html(self.drill, self.plays, self.costs, lang)
        links = [
            _link(texts["scorecard.csv"], "text/csv", "scorecard.csv", _t("download_csv", lang)),
            _link(page, "text/html", "scorecard.html", _t("download_html", lang)),
            _link(
                texts["decisions.csv"], "text/csv", "decisions.csv", _t("download_decisions", lang)
            ),
        ]
        return "<p class='sk-drill-downloads'>" + " &middot; ".join(links) + "</p>"

    @staticmethod
    def _next_name(name: str) -> str:
        name = name.strip() or "1"
        if name.isdigit():
            return str(int(name) + 1)
        if len(name) == 1 and name.isalpha() and name.upper() != "Z":
            return chr(ord(name) + 1)
        return name + "'"
