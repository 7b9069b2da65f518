"""The dashboard's drill mode: pick incidents and a scenario, play, answer, debrief, scorecard.

``DrillPanel(lang).widget`` is one ipywidgets box: the dashboard puts it in its "Latihan
insiden" tab, and ``notebooks/drill.ipynb`` displays it alone. The trainer picks a scenario,
incidents (or a random draw) and a seed, names the team and starts; the day plays back on a
clock with the TPS floor plan (the same picture as the dashboard's playback); when an incident
fires the playback stops and shows the situation and the choices; the group answers and sees
the verdict and the rule; Continue plays on with the consequence; at the end the debrief lists
each decision, the rule and what the other answers would have cost. Another team can then play
the same drill (same seed: the same day), and the scorecard of every team that played is shown
with CSV and printable HTML downloads.
"""

from __future__ import annotations

import base64
import html
import tempfile
import time
import warnings
from pathlib import Path

import ipywidgets as w
import pandas as pd

from simkit.dashboard.floorplan import Floorplan, booth_box
from simkit.drills.engine import (
    DaySnapshot,
    Decision,
    Drill,
    DrillRun,
    Play,
    choice_costs,
    choice_order,
    make_drill,
    scorecard,
)
from simkit.drills.incidents import Incident, list_incidents, load_incident
from simkit.i18n import t
from simkit.report.drill import (
    SCORE_COLUMNS,
    debrief_rows,
    label,
    place_label,
    score_header,
    scorecard_html,
    show,
    write_scorecard,
)
from simkit.report.format import clock
from simkit.scenario import Scenario, ScenarioError, list_scenarios, load_scenario
from simkit.simulation import DayResult

__all__ = ["DrillPanel"]

SPEEDS = {"slow": 0.25, "normal": 0.1, "fast": 0.0}  # seconds between frames
SLICE_MIN = 10.0  # model minutes per playback frame while voting
SLICE_COUNT_MIN = 20.0  # ... and during the count (a slower picture: fewer frames)
FRAME_S = 0.1  # pause between frames, so the clock visibly runs
# where each incident place is on the voting floor plan (x, y, width, height; floorplan.py)
PLACE_BOXES = {
    "entrance": (170, 440, 110, 40),
    "ketua_table": (585, 300, 170, 44),
    "ink": (880, 505, 70, 30),
}
DAY_END_MIN = 1500.0  # the day bar runs to 08:00 next day (further if the work goes on)


def _t(key: str, lang: str) -> str:
    return t(f"drill_panel_{key}", lang)


def _title_text(sc: Scenario, lang: str) -> str:
    """A scenario's title in ``lang``, or in Bahasa Indonesia when it has none in English."""
    return (sc.title.en if lang == "en" else sc.title.id) or sc.title.id


def _day_so_far(snap: DaySnapshot, now: float) -> DayResult:
    """The day of ``snap`` for a floor-plan frame at ``now``: what has not ended still goes on."""
    day = snap.day
    if day is None:
        raise ValueError("a snapshot without its day")
    if not snap.voting_done:
        # the voting stretch of each member is logged when voting ends: until then show
        # everyone at their post, as the dashboard's playback does
        open_rows = pd.DataFrame(
            [
                (name, snap.voting_open_min, now + 1.0, "voting", posts)
                for name, posts in snap.posts
            ],
            columns=day.timeline.columns,
        )
        day.timeline = pd.concat([day.timeline, open_rows], ignore_index=True)
    if not snap.done:
        later = now + 600.0
        summary = dict(day.summary)
        if not snap.voting_done:
            summary["last_voter_exit_min"] = later
        summary["counting_end_min"] = later
        summary["work_end_min"] = later
        day.summary = summary
    return day


def _link(payload: str, mime: str, filename: str, text: str) -> str:
    data = base64.b64encode(payload.encode("utf-8")).decode("ascii")
    return (
        f'<a download="{html.escape(filename)}" href="data:{mime};base64,{data}" '
        f'target="_blank">{html.escape(text)}</a>'
    )


CSS = """
<style>
.sk-drill { font-family: "DejaVu Sans", "Noto Sans", Arial, sans-serif; font-size: 18px;
  color: #1b1b1b; }
.sk-drill .widget-html-content, .sk-drill .widget-label, .sk-drill select, .sk-drill input,
.sk-drill .widget-button { font-size: 17px !important; }
.sk-drill .widget-button { height: 44px; border-radius: 8px; padding: 0 16px; }
.sk-drill .widget-toggle-button { font-size: 17px !important; }
.sk-drill .sk-drill-start, .sk-drill .sk-drill-answer, .sk-drill .sk-drill-continue
  { font-size: 20px !important; font-weight: 700; height: 50px; padding: 0 22px; }
.sk-drill .sk-drill-start { background: #b71c1c; color: #fff; }
.sk-drill .sk-drill-label .widget-html-content { font-weight: 700; font-size: 18px !important;
  color: #b71c1c; line-height: 1.2; }
.sk-drill .sk-drill-intro .widget-html-content { font-size: 16px !important; color: #444;
  line-height: 1.35; white-space: normal; }
.sk-drill .sk-drill-incidents select { font-size: 17px !important; line-height: 1.5; }
.sk-drill .sk-drill-card { background: #fff; border-radius: 8px; padding: 10px 14px;
  box-shadow: 0 1px 3px #0002; }
.sk-drill .sk-drill-clock .widget-html-content { font-size: 20px !important; line-height: 1.3; }
.sk-drill .sk-drill-clock b { font-size: 28px; }
.sk-drill .sk-drill-situation .widget-html-content, .sk-drill .sk-drill-feedback
  .widget-html-content { white-space: normal; line-height: 1.35; }
.sk-drill .sk-drill-situation { background: #fff8e1; border-left: 8px solid #b71c1c;
  padding: 4px 14px; border-radius: 6px; }
.sk-drill .sk-drill-situation h3 { font-size: 22px; margin: 6px 0; color: #b71c1c; }
.sk-drill .sk-drill-situation p { font-size: 19px; margin: 6px 0; }
.sk-drill .sk-drill-choices, .sk-drill .sk-drill-choices .widget-radio-box
  { height: auto !important; gap: 6px; }
.sk-drill .sk-drill-choices .widget-radio-box label { font-size: 19px !important;
  white-space: normal; line-height: 1.3; height: auto !important; display: flex;
  flex-direction: row-reverse; justify-content: flex-end; align-items: flex-start; gap: 10px;
  padding: 4px 6px; border-radius: 6px; cursor: pointer; }
.sk-drill .sk-drill-choices .widget-radio-box label:hover { background: #fff3cd; }
.sk-drill .sk-drill-choices input[type=radio] { width: 20px; height: 20px; flex-shrink: 0;
  margin: 2px 0 0 0; }
.sk-drill .sk-drill-speed .widget-toggle-button { width: auto; padding: 0 12px; height: 38px; }
.sk-drill .sk-drill-speed .widget-toggle-button.mod-active { background: #37474f; color: #fff; }
.sk-drill .sk-drill-feedback { background: #fff; border-radius: 6px; padding: 2px 14px; }
.sk-drill .sk-drill-feedback p { font-size: 19px; margin: 6px 0; }
.sk-drill .sk-drill-ok { color: #1a7f37; font-weight: 800; }
.sk-drill .sk-drill-bad { color: #b42318; font-weight: 800; }
.sk-drill .sk-drill-msg { background: #fdecea; border-left: 6px solid #c62828;
  padding: 8px 14px; border-radius: 6px; white-space: pre-wrap; font-size: 17px; }
.sk-drill .sk-drill-floor svg { width: 100%; height: auto; max-height: calc(100vh - 330px);
  display: block; border-radius: 8px; }
.sk-drill .sk-drill-debrief, .sk-drill .sk-drill-debrief .widget-html-content
  { white-space: normal; width: 100%; max-width: 100%; }
.sk-drill .sk-drill-debrief h3 { font-size: 22px; margin: 10px 0 4px; }
.sk-drill table { border-collapse: collapse; margin: 6px 0 12px; background: #fff;
  width: calc(100% - 6px); table-layout: fixed; overflow-wrap: anywhere; }
.sk-drill table.sk-drill-scorecard { width: auto; min-width: 50%; table-layout: auto; }
.sk-drill table.sk-drill-scorecard td { text-align: center; font-size: 18px; min-width: 90px; }
.sk-drill table.sk-drill-scorecard td:first-child { text-align: left; font-weight: 600; }
.sk-drill th, .sk-drill td { border: 1px solid #ccc; padding: 5px 8px; vertical-align: top;
  font-size: 16px; line-height: 1.3; text-align: left; }
.sk-drill th { background: #37474f; color: #fff; }
.sk-drill .sk-drill-downloads a { display: inline-block; margin: 6px 10px 6px 0;
  padding: 12px 18px; background: #37474f; color: #fff !important; border-radius: 8px;
  font-size: 18px; text-decoration: none; }
.sk-drill .sk-drill-downloads a:hover { background: #b71c1c; }
</style>
"""


class DrillPanel:
    """The drill mode as one widget (``.widget``); ``set_lang`` relabels it.

    Parameters
    ----------
    lang:
        ``"id"`` (default) or ``"en"``.
    scenario, incidents, seed:
        What the setup form starts with (a shipped scenario name, incident ids, the seed).
    frame_s:
        Seconds between playback frames (0 in tests).
    picture:
        Draw the TPS floor plan during playback (the dashboard's playback picture).
    heading:
        Show the "Latihan insiden" heading (off when a tab already says it).
    """

    def __init__(
        self,
        lang: str = "id",
        scenario: str = "tps_standar_2024",
        incidents: list[str] | None = None,
        seed: int = 1,
        frame_s: float = FRAME_S,
        picture: bool = True,
        heading: bool = True,
    ):
        self.lang = lang
        self.frame_s = frame_s
        self.picture = picture
        self.run: DrillRun | None = None
        self.drill: Drill | None = None
        self.plays: list[Play] = []
        self.costs: dict | None = None
        self._order: list[str] = []
        self._stage = "setup"
        self._last_decision: tuple[Incident, Decision] | None = None
        self._error_exc: Exception | None = None
        self._build(scenario, incidents or [], seed, heading)
        self._wire()
        self.set_lang(lang)

    # ------------------------------------------------------------------ widgets
    def _build(self, scenario: str, incidents: list[str], seed: int, heading: bool) -> None:
        self._build_setup(scenario, incidents, seed, heading)
        self._build_play()
        self._layout()

    def _build_setup(self, scenario: str, incidents: list[str], seed: int, heading: bool) -> None:
        """The setup form: scenario, incidents (or a random draw), seed, team, Start."""
        # validation scenarios (queue checks without a count) are not for drills
        self._scenario_names = [n for n in list_scenarios() if not n.startswith("validation/")]
        self._titles: dict[str, Scenario | None] = {}
        self.css = w.HTML(CSS)
        self.heading = w.HTML()
        if not heading:
            self.heading.layout.display = "none"
        self.intro = w.HTML()
        self.intro.add_class("sk-drill-intro")
        names = self._scenario_names
        self.scenario = w.Dropdown(
            options=names,
            value=scenario if scenario in names else names[0],
            layout=w.Layout(width="98%"),
        )
        self._incidents = {key: load_incident(path) for key, path in list_incidents().items()}
        self.incidents = w.SelectMultiple(rows=9, layout=w.Layout(width="98%"))
        self.incidents.add_class("sk-drill-incidents")
        self.random_n = w.BoundedIntText(
            value=5, min=1, max=len(self._incidents), layout=w.Layout(width="80px")
        )
        self.random_button = w.Button(icon="random")
        self.random_button.add_class("sk-drill-random")
        self.seed = w.BoundedIntText(value=seed, min=0, max=10**9, layout=w.Layout(width="140px"))
        self.team = w.Text(value="1", layout=w.Layout(width="220px"))
        self.team.add_class("sk-drill-team")
        self.labels = {k: w.HTML() for k in ("scenario", "incidents", "or_random", "seed", "team")}
        for lab in self.labels.values():
            lab.add_class("sk-drill-label")
        self.start_button = w.Button(icon="play")
        self.start_button.add_class("sk-drill-start")
        self.message = w.HTML()
        self.message.add_class("sk-drill-message")
        self._chosen = list(incidents)

    def _build_play(self) -> None:
        """The playback: clock, day bar, floor plan, the question, the feedback, the debrief."""
        self.clock = w.HTML()
        self.clock.add_class("sk-drill-clock")
        self.progress = w.HTML()
        self.progress.add_class("sk-drill-progress")
        self.status = w.HTML()  # kept for callers; the clock line carries the figures
        self.speed_label = w.HTML()
        self.speed_label.add_class("sk-drill-label")
        self.speed = w.ToggleButtons(options=[("", k) for k in SPEEDS], value=self._speed_key())
        self.speed.add_class("sk-drill-speed")
        self.floor = w.HTML()
        self.floor.add_class("sk-drill-floor")
        self.situation = w.HTML()
        self.situation.add_class("sk-drill-situation")
        self.choices_label = w.HTML()
        self.choices_label.add_class("sk-drill-label")
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

    def _layout(self) -> None:
        """Put the widgets in their boxes: setup, playback with the question, the end."""

        def column(children, width):
            return w.VBox(children, layout=w.Layout(width=width, padding="0 14px 0 0"))

        # read top-down: 1. scenario (and seed), 2. incidents, 3. team, then Start
        step1 = w.HBox(
            [
                column([self.labels["scenario"], self.scenario], "62%"),
                column([self.labels["seed"], self.seed], "38%"),
            ]
        )
        step2 = w.VBox(
            [
                self.labels["incidents"],
                self.incidents,
                w.HBox(
                    [self.labels["or_random"], self.random_n, self.random_button],
                    layout=w.Layout(align_items="center"),
                ),
            ]
        )
        step3 = w.HBox(
            [
                column([self.labels["team"], self.team], "30%"),
                column(
                    [
                        self.speed_label,
                        self.speed,
                    ],
                    "36%",
                ),
                w.VBox(
                    [self.start_button],
                    layout=w.Layout(justify_content="flex-end", margin="0 0 2px 0"),
                ),
            ]
        )
        self.setup_box = w.VBox([self.intro, step1, step2, step3, self.message])
        self.setup_box.add_class("sk-drill-card")
        self.question_box = w.VBox(
            [
                self.situation,
                self.choices_label,
                self.choices,
                self.answer_button,
                self.feedback,
                self.continue_button,
            ],
            layout=w.Layout(width="52%", padding="0 12px 0 0"),
        )
        self.floor_box = w.VBox([self.floor], layout=w.Layout(flex="1 1 0", min_width="0"))
        self.play_box = w.VBox(
            [self.clock, self.progress, w.HBox([self.question_box, self.floor_box])]
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
        self.speed.observe(self._on_speed, names="value")
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
        vis(self.question_box, question or answered)
        vis(self.choices, question)
        vis(self.choices_label, question)
        vis(self.answer_button, question)
        vis(self.situation, question or answered)
        vis(self.feedback, answered)
        vis(self.continue_button, answered)
        vis(self.floor_box, self.picture)
        vis(self.end_box, end)
        # while the day plays, the picture takes the whole width
        self.floor_box.layout.max_width = "48%" if (question or answered) else "100%"

    def set_lang(self, lang: str) -> None:
        """Relabel every control in ``lang`` ("id" or "en"), including a drill in progress."""
        self.lang = lang
        self.heading.value = f"<h2>{html.escape(_t('heading', lang))}</h2>"
        self.intro.value = _t("intro", lang)
        for key, box in self.labels.items():
            box.value = html.escape(_t(key, lang))
        self.choices_label.value = html.escape(_t("choices", lang))
        self.speed_label.value = html.escape(_t("speed", lang)) + "&nbsp;"
        speed, frame_s = self.speed.value, self.frame_s
        self.speed.options = [(_t(f"speed_{k}", lang), k) for k in SPEEDS]
        self.speed.value = speed
        self.frame_s = frame_s  # relabelling is not a choice of speed
        self.random_button.description = _t("random", lang)
        self.start_button.description = _t("start", lang)
        self.answer_button.description = _t("answer", lang)
        self.continue_button.description = _t("continue", lang)
        self.next_team_button.description = _t("next_team", lang)
        self.new_drill_button.description = _t("new_drill", lang)
        current = self.scenario.value
        self.scenario.options = [(self._scenario_title(n, lang), n) for n in self._scenario_names]
        self.scenario.value = current
        chosen = list(self.incidents.value) or self._chosen
        ordered = sorted(self._incidents.values(), key=lambda i: i.sort_key())
        self.incidents.options = [
            (f"{i.when.describe(lang)} | {i.title.get(lang)}", i.id) for i in ordered
        ]
        self.incidents.value = tuple(c for c in chosen if c in self._incidents)
        self._redraw()

    def set_scenario(self, name: str) -> bool:
        """Offer shipped scenario ``name`` as the drill's scenario (False if not shipped)."""
        if name not in self._scenario_names:
            return False
        self.scenario.value = name
        return True

    def _scenario_title(self, name: str, lang: str) -> str:
        if name not in self._titles:
            try:
                self._titles[name] = load_scenario(name)
            except ScenarioError:
                self._titles[name] = None
        sc = self._titles[name]
        text = _title_text(sc, lang) if sc is not None else ""
        return f"{text} ({name})" if text else name

    def _redraw(self) -> None:
        """Draw what is on screen again in the current language."""
        if self._error_exc is not None and self._stage == "setup":
            self._error(self._error_exc)
        if self.run is None:
            return
        if self._stage in ("question", "answered", "playing"):
            self._draw_clock()
        if self._stage == "question" and self.run.current is not None:
            picked = self.choices.value
            self._ask(self.run.current)
            if picked in self._order:
                self.choices.value = picked
        elif self._stage == "answered" and self._last_decision is not None:
            inc, decision = self._last_decision
            self.situation.value = self._situation_html(inc, decision.time_min)
            self._draw_feedback(inc, decision)
        elif self._stage == "end" and self.plays:
            self._draw_clock()
            self.debrief.value = self._debrief_html(self.plays[-1])

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
        self._error_exc = None
        self.incidents.value = tuple(i.id for i in drill.incidents)

    def _error(self, exc: Exception) -> None:
        self._error_exc = exc
        text = exc.render() if isinstance(exc, ScenarioError) else str(exc)
        self.message.value = (
            f"<div class='sk-drill-msg'><b>{html.escape(_t('error', self.lang))}</b>\n"
            f"{html.escape(text)}</div>"
        )
        self._stage = "setup"
        self._show(setup=True)

    def _on_start(self, _=None) -> None:
        ids = list(self.incidents.value)
        self._error_exc = None
        if not ids:
            self.message.value = (
                f"<div class='sk-drill-msg'>{html.escape(_t('pick_one', self.lang))}</div>"
            )
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
        self._last_decision = None
        self._advance()

    def _on_answer(self, _=None) -> None:
        inc = self.run.current if self.run else None
        if inc is None:
            return
        if self.choices.value is None:
            self.feedback.value = f"<p><b>{html.escape(_t('pick_answer', self.lang))}</b></p>"
            self._show(playing=True, question=True, answered=False)
            self.feedback.layout.display = None
            return
        decision = self.run.answer(self.choices.value)
        self._last_decision = (inc, decision)
        self._draw_feedback(inc, decision)
        self._stage = "answered"
        self._show(answered=True)

    def _draw_feedback(self, inc: Incident, decision: Decision) -> None:
        lang, e = self.lang, html.escape
        choice = inc.choice(decision.choice_key)
        verdict = (
            f"<span class='sk-drill-ok'>{e(label('correct', lang))}</span>"
            if decision.correct
            else f"<span class='sk-drill-bad'>{e(label('wrong', lang))}</span>"
        )
        right = " / ".join(inc.choice(k).text.get(lang) for k in inc.correct_keys)
        extra = (
            "" if decision.correct else f"<br><b>{e(label('right_answer', lang))}</b>: {e(right)}"
        )
        self.feedback.value = (
            f"<p><b>{e(label('answer', lang))}</b>: {e(choice.text.get(lang))}</p>"
            f"<p>{verdict}: {e(choice.feedback.get(lang))}{extra}</p>"
            f"<p><b>{e(label('rule', lang))}</b>: {e(inc.rule.source)} "
            f"<br>{e(inc.rule.text.get(lang))}</p>"
        )

    def _on_continue(self, _=None) -> None:
        self._advance()

    def _on_next_team(self, _=None) -> None:
        self.team.value = self._next_name(self.team.value)
        self._start_team()

    def _speed_key(self) -> str:
        return min(SPEEDS, key=lambda k: abs(SPEEDS[k] - self.frame_s))

    def _on_speed(self, change) -> None:
        self.frame_s = SPEEDS[change["new"]]

    def _on_new_drill(self, _=None) -> None:
        self.run, self.drill, self.plays, self.costs = None, None, [], None
        self._stage = "setup"
        self._show(setup=True)

    # ------------------------------------------------------------------ playback
    def _advance(self) -> None:
        run = self.run
        self._stage = "playing"
        self._show(playing=True)
        while True:
            voting = run.now_min < self.drill.scenario.hours.voting_close
            inc = run.next_incident(until=run.now_min + (SLICE_MIN if voting else SLICE_COUNT_MIN))
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
        lang, e = self.lang, html.escape
        snap = self.run.snapshot()
        now = snap.now_min
        state = {"question": "paused", "answered": "paused", "end": "ended"}.get(
            self._stage, "playing"
        )
        self.clock.value = (
            f"<b>{e(label('clock', lang))} {e(clock(now))}</b> &nbsp; "
            f"{e(_t(state, lang))} &middot; {e(label('team', lang))} {e(snap.team)} &middot; "
            f"{snap.voted} {e(_t('voted', lang))} &middot; {snap.in_tps} {e(_t('in_tps', lang))} "
            f"&middot; {snap.counted}/{snap.types} {e(_t('counted', lang))}"
        )
        self.status.value = ""
        self.progress.value = self._day_bar(now)
        if self.picture:
            self.floor.value = self._picture(now)

    def _day_bar(self, now: float) -> str:
        """The day from 06:00 to the next morning, filled to ``now``, incident times marked."""
        start, end = -60.0, max(DAY_END_MIN, now + 30.0)

        def pct(t_min: float) -> float:
            return 100.0 * (min(max(t_min, start), end) - start) / (end - start)

        parts = [
            f'<div style="position:absolute;left:0;top:0;height:14px;width:{pct(now):.2f}%;'
            'background:#b71c1c;border-radius:7px"></div>'
        ]
        for mark in range(0, int(end) + 1, 180):
            parts.append(
                f'<div style="position:absolute;left:{pct(mark):.2f}%;top:16px;'
                'transform:translateX(-50%);font-size:14px;color:#5f6368">'
                f"{clock(mark).split(' ')[0]}</div>"
            )
        for inc in self.drill.incidents if self.drill else ():
            if inc.when.at is not None:
                parts.append(
                    f'<div title="{html.escape(inc.title.get(self.lang))}" style="position:'
                    f"absolute;left:{pct(inc.when.at):.2f}%;top:-3px;width:4px;height:20px;"
                    'background:#f9a825;transform:translateX(-50%)"></div>'
                )
        return (
            '<div style="position:relative;height:36px;margin:4px 14px 2px 6px">'
            '<div style="position:absolute;left:0;right:0;top:0;height:14px;background:#ddd;'
            f'border-radius:7px"></div>{"".join(parts)}</div>'
        )

    def _picture(self, now: float) -> str:
        """The dashboard's floor plan of the day so far, at ``now`` ("" if it cannot be drawn)."""
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                day = _day_so_far(self.run.snapshot(day=True), now)
                svg = Floorplan(day, self.drill.scenario).frame(now, self.lang)
        except Exception:  # the picture is a help; the drill goes on without it
            return ""
        return svg.replace("</svg>", self._place_mark() + "</svg>")

    def _place_mark(self) -> str:
        """A red frame around the place of the incident in hand (voting incidents only)."""
        inc = self.run.current if self.run else None
        if inc is None and self._stage == "answered" and self._last_decision:
            inc = self._last_decision[0]
        if inc is None or inc.when.at is None:
            return ""
        sc = self.drill.scenario
        if inc.place == "booth":
            n = int(sc.tps.booths)
            x0, y, _bw = booth_box(0, n)
            x1, _y, bw = booth_box(n - 1, n)
            box = (x0, y, x1 + bw - x0, 74)
        elif inc.place == "boxes":
            box = (735, 390, 46 * len(sc.tps.ballot_types) - 8, 38)
        elif inc.place in PLACE_BOXES:
            box = PLACE_BOXES[inc.place]
        else:
            return ""
        x, y, wd, ht = box
        return (
            f'<rect class="sk-drill-place" x="{x - 9}" y="{y - 9}" width="{wd + 18}" '
            f'height="{ht + 18}" rx="8" fill="none" stroke="#d50000" stroke-width="5" '
            'stroke-dasharray="12 6"/>'
        )

    def _situation_html(self, inc: Incident, time_min: float) -> str:
        lang, e = self.lang, html.escape
        return (
            f"<h3>{e(label('incident', lang))}: {e(inc.title.get(lang))}</h3>"
            f"<p><b>{e(label('clock', lang))} {clock(time_min)}</b>"
            f" &middot; {e(label('place', lang))}: {e(place_label(inc.place, lang))}"
            f" &middot; {e(label('who', lang))}: {e(', '.join(inc.who))}</p>"
            f"<p>{e(inc.situation.get(lang))}</p>"
        )

    def _ask(self, inc: Incident) -> None:
        lang = self.lang
        self._stage = "question"
        self._order = choice_order(self.drill, inc)
        self.situation.value = self._situation_html(inc, self.run.now_min)
        self.choices.options = [(inc.choice(k).text.get(lang), k) for k in self._order]
        self.choices.value = None
        self.feedback.value = ""
        self._draw_clock()
        self._show(question=True)

    def _finish(self) -> None:
        lang = self.lang
        self._stage = "end"
        self.plays.append(self.run.finish())
        self.debrief.value = f"<p>{html.escape(_t('costs_wait', lang))}</p>"
        self._show(playing=True, end=True)
        if self.costs is None:
            self.costs = choice_costs(self.drill)
        self._draw_clock()
        self.debrief.value = self._debrief_html(self.plays[-1])
        self._show(end=True)

    def _debrief_html(self, play: Play) -> str:
        lang, e = self.lang, html.escape
        rows = debrief_rows(self.drill, play, self.costs, lang)
        sc = self.drill.scenario
        title = _title_text(sc, lang) or sc.name
        parts = [
            f"<h3>{e(label('debrief', lang))}: {e(label('team', lang))} {e(play.team)}</h3>",
            f"<p>{e(_t('drill_of', lang))}: {e(title)} &middot; {e(label('seed', lang))} "
            f"{self.drill.seed}</p>",
            "<table class='sk-drill-decisions'><tr>"
            + "".join(
                f"<th style='width:{width}'>{e(h)}</th>"
                for h, width in (
                    (label("clock", lang), "76px"),
                    (label("incident", lang), "13%"),
                    (label("answer", lang), "17%"),
                    (label("rule", lang), "25%"),
                    (label("consequence", lang), "19%"),
                    (label("other_answers", lang), "26%"),
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
            others = "<br>".join(f"&bull; {e(text)}: {e(cost)}" for text, cost, ok in r["others"])
            parts.append(
                f"<tr><td>{e(r['clock'])}</td><td>{e(r['title'])}</td>"
                f"<td>{e(r['answer'])}<br>{mark}</td><td><b>{e(r['rule_source'])}</b> "
                f"<br>{e(r['rule'])}</td><td>{e(r['cost'])}</td>"
                f"<td>{others}</td></tr>"
            )
        parts.append("</table>")
        parts.append(f"<h3>{e(label('scorecard', lang))}</h3>")
        parts.append(self._scorecard_table())
        parts.append(self._downloads())
        return "".join(parts)

    def _scorecard_table(self) -> str:
        """The scorecard on screen: one row per measure, one column per team (fits a projector)."""
        lang, e = self.lang, html.escape
        rows = scorecard(self.drill, self.plays, self.costs)
        name = {c: score_header(c, lang) for c in SCORE_COLUMNS}
        head = f"<th>{e(name['team'])}</th>" + "".join(
            f"<th data-team='{e(r['team'])}'>{e(str(r['team']))}</th>" for r in rows
        )
        body = "".join(
            f"<tr data-measure='{c}'><td>{e(name[c])}</td>"
            + "".join(f"<td>{e(show(r[c], lang))}</td>" for r in rows)
            + "</tr>"
            for c in SCORE_COLUMNS
            if c != "team"
        )
        return f"<table class='sk-drill-scorecard'><tr>{head}</tr>{body}</table>"

    def _downloads(self) -> str:
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
        return "<div class='sk-drill-downloads'>" + "".join(links) + "</div>"

    @staticmethod
    def _next_name(name: str) -> str:
        name = name.strip() or "1"
        if name.isdigit():
            return str(int(name) + 1)
        if len(name) == 1 and name.isalpha() and name.upper() != "Z":
            return chr(ord(name) + 1)
        return name + "'"
