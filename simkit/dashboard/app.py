"""The trainer dashboard: one small class in the style of the ipywidgets tutorial's MyApplication.

``App`` builds its widgets, lays them out, wires the handlers and draws results; ``show()``
displays it (in Voila or JupyterLab) and runs the default scenario once. Every scenario control
writes real dotted fields through :func:`simkit.with_overrides`; a bad combination shows the
:class:`simkit.ScenarioError` message in the page, never a traceback.
"""

from __future__ import annotations

import html
import os
import warnings
from typing import Any

import ipywidgets as w

import simkit
from simkit.dashboard import cards, charts, export, runner
from simkit.dashboard.controls import (
    ChoiceControl,
    Control,
    PatternControl,
    RolesControl,
    build_controls,
)
from simkit.dashboard.drill_panel import DrillPanel
from simkit.dashboard.floorplan import Floorplan
from simkit.dashboard.style import CSS
from simkit.i18n import t
from simkit.report.format import number
from simkit.scenario import Scenario, ScenarioError, ScenarioWarning

__all__ = ["App"]

TABS = (
    "dash_tab_results",
    "dash_tab_compare",
    "dash_tab_playback",
    "dash_tab_export",
    "dash_tab_drill",
)
DRILL_TAB = TABS.index("dash_tab_drill")
SPEEDS = (1, 2, 5, 10)  # model minutes per frame; a frame every 75 ms (13 frames/s)


class App:
    """The dashboard: controls on the left; results, comparison, playback, downloads, drill.

    The drill tab holds a :class:`~simkit.dashboard.drill_panel.DrillPanel` (``app.drill``);
    the language toggle switches it too and the sidebar's scenario is offered as its scenario.

    Parameters
    ----------
    scenario:
        A shipped scenario name (``simkit.list_scenarios()``), a path, a mapping or a Scenario.
    lang:
        ``"id"`` (default) or ``"en"``.
    reps, seed:
        Replications per press of Run and the experiment seed; the rows equal
        ``simkit.replicate(scenario, reps, seed)`` and replication 0 is drawn in full.
    """

    def __init__(
        self, scenario: Any = None, lang: str | None = None, reps: int = 20, seed: int = 1
    ):
        env_lang = os.environ.get("SIMKIT_LANG", "id")
        self.lang = lang or (env_lang if env_lang in ("id", "en") else "id")
        self.result: runner.RunResult | None = None
        self._baseline = runner.load_baseline()
        self._base_scenario: Scenario = (
            self._baseline if scenario is None else simkit.load_scenario(scenario)
        )
        self._given = self._base_scenario
        self._baseline_tables: dict[tuple[int, int], Any] = {}
        self._chart_cache: dict[tuple[str, str], bytes] = {}
        self._titles: dict[str, Any] = {}  # shipped scenario name -> its title
        self._floor: Floorplan | None = None
        self._downloads_for: tuple[int, str] | None = None
        self._loading = False
        self._build_widgets(reps, seed)
        self._build_layout()
        self._wire()
        self._load_controls(self._base_scenario)
        self.set_lang(self.lang)

    # ------------------------------------------------------------------ widgets

    def _build_widgets(self, reps: int, seed: int) -> None:
        self.css = w.HTML(CSS)
        self.title = w.HTML()
        self.lang_toggle = w.ToggleButtons(options=[("ID", "id"), ("EN", "en")], value=self.lang)
        self.scenario_picker = w.Dropdown(layout=w.Layout(width="96%"))
        self.scenario_picker.add_class("sk-scenario")
        self.scenario_note = w.HTML()  # the whole title: a dropdown cuts long titles off
        self.scenario_note.add_class("sk-help")
        self._scenario_names = self._shipped_names()
        self.run_button = w.Button(icon="play", layout=w.Layout(width="58%"))
        self.run_button.add_class("sk-run")
        self.reset_button = w.Button(icon="undo", layout=w.Layout(width="40%"))
        self.reset_button.add_class("sk-reset")
        self.status = w.HTML()
        self.status.add_class("sk-status")
        self.message = w.HTML()
        self.controls: list[Control] = build_controls()
        self.reps = w.IntSlider(
            value=reps,
            min=1,
            max=100,
            continuous_update=False,
            layout=w.Layout(width="96%"),
            style={"handle_color": "#b71c1c"},  # like every other slider of the sidebar
        )
        self.seed = w.BoundedIntText(value=seed, min=0, max=2**31 - 1, layout=w.Layout(width="50%"))
        sections = dict.fromkeys(c.section for c in self.controls)
        self.section_titles = {key: w.HTML() for key in sections}
        self.section_titles["dash_sec_run"] = w.HTML()
        for box in self.section_titles.values():
            box.add_class("sk-section")
        self.small_labels = {k: w.HTML() for k in ("dash_scenario", "dash_reps", "dash_seed")}
        for lab in self.small_labels.values():
            lab.add_class("sk-label")
        # results tab
        self.cards = w.HTML()
        self.chart_picker = w.ToggleButtons(options=[(k, k) for k in charts.CHARTS])
        self.chart_picker.add_class("sk-pick")
        self.chart = w.HTML()
        self.chart.add_class("sk-chart")
        # compare tab
        self.compare = w.HTML()
        # playback tab
        self.play = w.Play(interval=75, step=2, min=-60, max=1200, value=-60, repeat=False)
        self.time_slider = w.IntSlider(
            min=-60, max=1200, value=-60, readout=False, layout=w.Layout(width="100%")
        )
        w.jslink((self.play, "value"), (self.time_slider, "value"))
        self.speed = w.ToggleButtons(options=[(f"{s}×", s) for s in SPEEDS], value=2)
        self.speed.add_class("sk-speed")
        self.speed_label = w.HTML()
        self.strip = w.HTML(layout=w.Layout(width="100%", padding="0 10px"))
        self.play_help = w.HTML()
        self.play_help.add_class("sk-help")
        self.floor = w.HTML()
        self.floor.add_class("sk-floor")
        # export tab
        self.downloads = w.HTML()
        self.downloads.add_class("sk-downloads")
        self.download_help = w.HTML()
        self.download_help.add_class("sk-help")
        # drill tab: the drill starts on the scenario chosen in the sidebar (when it is shipped)
        self.drill = DrillPanel(
            self.lang,
            scenario=self._base_scenario.name,
            heading=False,
        )

    def _build_layout(self) -> None:
        header = w.HBox(
            [self.title, self.lang_toggle],
            layout=w.Layout(justify_content="space-between", width="100%"),
        )
        header.add_class("sk-header")
        side = [
            self.small_labels["dash_scenario"],
            self.scenario_picker,
            self.scenario_note,
            w.HBox(
                [self.run_button, self.reset_button],
                layout=w.Layout(justify_content="space-between", margin="10px 0 4px 0"),
            ),
            self.status,
        ]
        section = None
        for control in self.controls:
            if control.section != section:
                section = control.section
                side.append(self.section_titles[section])
            side.append(control.box)
        side += [
            self.section_titles["dash_sec_run"],
            self.small_labels["dash_reps"],
            self.reps,
            self.small_labels["dash_seed"],
            self.seed,
        ]
        self.sidebar = sidebar = w.VBox(side, layout=w.Layout(width="350px", min_width="350px"))
        sidebar.add_class("sk-sidebar")
        results = w.VBox([self.cards, self.chart_picker, self.chart])
        playback = w.VBox(
            [
                w.HBox(
                    [self.play, self.speed_label, self.speed], layout=w.Layout(align_items="center")
                ),
                self.time_slider,
                self.strip,
                self.floor,
                self.play_help,
            ]
        )
        playback.add_class("sk-play")
        exports = w.VBox([self.downloads, self.download_help])
        self.tabs = w.Tab(children=[results, self.compare, playback, exports, self.drill.widget])
        main = w.VBox([self.message, self.tabs], layout=w.Layout(flex="1 1 auto", width="100%"))
        main.add_class("sk-main")
        body = w.HBox([sidebar, main], layout=w.Layout(width="100%"))
        self._root = w.VBox([self.css, header, body])
        self._root.add_class("sk-app")

    def _wire(self) -> None:
        self.run_button.on_click(self._on_run)
        self.reset_button.on_click(self._on_reset)
        self.lang_toggle.observe(self._on_lang, names="value")
        self.scenario_picker.observe(self._on_scenario, names="value")
        self.chart_picker.observe(self._on_chart, names="value")
        self.tabs.observe(self._on_tab, names="selected_index")
        self.time_slider.observe(self._on_frame, names="value")
        self.speed.observe(self._on_speed, names="value")
        for control in self.controls:
            control.observe(self._on_change)
        self.control("kpps").widget.observe(self._on_kpps, names="value")
        self.reps.observe(self._on_change, names="value")
        self.seed.observe(self._on_change, names="value")

    @property
    def widget(self) -> w.Widget:
        """The root widget (display it, or embed it in another layout)."""
        return self._root

    def show(self, run: bool = True) -> None:
        """Display the app; with ``run`` also simulate the current settings once."""
        from IPython.display import display  # lazy: IPython only when shown in a notebook

        display(self._root)
        if run and self.result is None:
            self.run()

    def control(self, name: str) -> Control:
        """Return the control called ``name`` (``"kpps"``, ``"dpt"``, ``"mode"``, ...)."""
        for c in self.controls:
            if c.name == name:
                return c
        raise KeyError(name)

    # ------------------------------------------------------------------ scenario

    def _shipped_names(self) -> list[str]:
        names = list(simkit.list_scenarios())
        if runner.BASELINE in names:
            names.remove(runner.BASELINE)
            names.insert(0, runner.BASELINE)
        if self._base_scenario.name not in names:
            names.insert(0, self._base_scenario.name)
        return names

    def _draw_scenario_note(self) -> None:
        name = self.scenario_picker.value or self._base_scenario.name
        self.scenario_note.value = html.escape(self._scenario_title(name, self.lang))

    def _scenario_title(self, name: str, lang: str) -> str:
        if name == self._base_scenario.name:
            title_obj = self._base_scenario.title
        elif name in self._titles:  # loading every scenario at each language switch is slow
            title_obj = self._titles[name]
        else:
            try:
                title_obj = self._titles[name] = simkit.load_scenario(name).title
            except ScenarioError:
                return name
        title = getattr(title_obj, lang, "") or getattr(title_obj, "id", "")
        return f"{title} ({name})" if title else name

    def _load_controls(self, scenario: Scenario) -> None:
        self._loading = True
        try:
            for control in self.controls:
                control.load(scenario)
        finally:
            self._loading = False

    def overrides(self) -> dict[str, Any]:
        """Every control's dotted fields and values (raises ValueError for bad typed text)."""
        out: dict[str, Any] = {}
        for control in self.controls:
            out.update(control.overrides())
        return out

    def current_scenario(self) -> Scenario:
        """Return the chosen scenario with the controls applied (ScenarioError, ValueError)."""
        return simkit.with_overrides(self._base_scenario, self.overrides(), lang=self.lang)

    # ------------------------------------------------------------------ callbacks

    def _on_run(self, _button=None) -> None:
        self.run()

    def run(self) -> runner.RunResult | None:
        """Simulate the current settings and redraw everything; errors become a message."""
        self.run_button.disabled = True
        self.status.value = t("dash_running", self.lang)
        try:
            try:
                with warnings.catch_warnings(record=True) as caught:
                    warnings.simplefilter("always", ScenarioWarning)
                    scenario = self.current_scenario()
            except ScenarioError as exc:
                self._show_error(self._explain(exc))
                return None
            except ValueError as exc:
                self._show_error(str(exc))
                return None
            try:
                result = runner.run(scenario, reps=int(self.reps.value), seed=int(self.seed.value))
            except ScenarioError as exc:
                self._show_error(str(exc))
                return None
            except Exception as exc:  # the page must never show a traceback
                text = f"{type(exc).__name__}: {exc}"
                self._show_error(t("dash_error_internal", self.lang).format(e=text))
                return None
            self.result = result
            self.tabs.remove_class("sk-stale")
            self._chart_cache.clear()
            self._floor = None
            self._downloads_for = None
            notes = [str(c.message) for c in caught if issubclass(c.category, ScenarioWarning)]
            notes += [n for n in result.notes if n not in notes]
            self.message.value = "".join(
                f'<div class="sk-msg-warn"><b>{t("dash_warning_title", self.lang)}:</b> '
                f"{html.escape(n)}</div>"
                for n in notes
            )
            self._draw_all()
            self._set_status_done()
            return result
        finally:
            self.run_button.disabled = False

    def _set_status_done(self) -> None:
        if self.result is not None:
            self.status.value = t("dash_done", self.lang).format(
                n=self.result.reps, s=number(self.result.elapsed_s, self.lang, missing="-")
            )

    def _explain(self, exc: ScenarioError) -> str:
        """One line per problem, naming the control a trainer touched (and the scenario field)."""
        by_field = {f: c for c in self.controls for f in c.fields}
        lines = []
        for field, value, message in exc.problems:
            control = by_field.get(field)
            name = f"{t(control.label_key, self.lang)} ({field})" if control else field
            plain = isinstance(value, (int, float, str)) and not isinstance(value, bool)
            shown = f" = {value}" if plain else ""
            lines.append(f"• {name}{shown}: {message}")
        return "\n".join(lines) if lines else str(exc)

    def _show_error(self, text: str) -> None:
        self.message.value = (
            f'<div class="sk-msg-error"><b>{html.escape(t("dash_error_title", self.lang))}</b>\n'
            f"{html.escape(text)}</div>"
        )
        self.status.value = ""
        self.tabs.add_class("sk-stale")  # the results below are from the last valid settings

    def _on_reset(self, _button=None) -> None:
        self.reset()

    def reset(self) -> None:
        """Put every control back to the chosen scenario's values."""
        self._load_controls(self._base_scenario)
        self.message.value = ""
        self.status.value = t("dash_stale", self.lang)

    def _on_change(self, _change=None) -> None:
        if not self._loading and self.result is not None:
            self.status.value = t("dash_stale", self.lang)

    def _on_kpps(self, change) -> None:
        roles = self.control("roles")
        if isinstance(roles, RolesControl):
            roles.set_present(int(change["new"]))

    def _on_scenario(self, change) -> None:
        name = change["new"]
        self._draw_scenario_note()
        if self._loading or name is None or name == self._base_scenario.name:
            return
        if name == self._given.name:  # the scenario App was started with (maybe not shipped)
            self._base_scenario = self._given
        else:
            try:
                self._base_scenario = simkit.load_scenario(name, lang=self.lang)
            except ScenarioError as exc:
                self._show_error(str(exc))
                return
        self.drill.set_scenario(name)
        self.reset()

    def _on_lang(self, change) -> None:
        self.set_lang(change["new"])

    def set_lang(self, lang: str) -> None:
        """Switch every label, chart and message to ``lang`` (``"id"`` or ``"en"``)."""
        self.lang = lang
        if self.lang_toggle.value != lang:
            self.lang_toggle.value = lang  # calls back here once more, harmlessly
            return
        self.title.value = (
            f'<div class="sk-title">{html.escape(t("dash_title", lang))}</div>'
            f'<div class="sk-sub">{html.escape(t("dash_subtitle", lang))}</div>'
        )
        self._loading = True  # relabelling options must not count as a user's change
        try:
            self._relabel(lang)
        finally:
            self._loading = False
        if self.result is not None:
            self._set_status_done()
            self._draw_all()
        if "sk-msg-error" in self.message.value:
            self._recheck()  # say the same problem again, in the new language

    def _recheck(self) -> None:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", ScenarioWarning)
                self.current_scenario()
        except ScenarioError as exc:
            self._show_error(self._explain(exc))
        except ValueError as exc:
            self._show_error(str(exc))
        else:
            self.message.value = ""

    def _relabel(self, lang: str) -> None:
        current = self.scenario_picker.value or self._base_scenario.name
        self.scenario_picker.options = [
            (self._scenario_title(n, lang), n) for n in self._scenario_names
        ]
        self.scenario_picker.value = current
        self._draw_scenario_note()
        self.run_button.description = t("dash_run", lang)
        self.reset_button.description = t("dash_reset", lang)
        for key, box in self.section_titles.items():
            box.value = t(key, lang)
        for key, box in self.small_labels.items():
            box.value = t(key, lang)
        for control in self.controls:
            control.relabel(lang)
        chart = self.chart_picker.value
        self.chart_picker.options = [(t(v[0], lang), k) for k, v in charts.CHARTS.items()]
        self.chart_picker.value = chart
        self.tabs.titles = tuple(t(k, lang) for k in TABS)
        self.speed_label.value = f"<b>&nbsp;{t('dash_speed', lang)}&nbsp;</b>"
        self.play_help.value = t("dash_play_help", lang)
        self.download_help.value = t("dash_dl_help", lang)
        self.drill.set_lang(lang)

    def _on_chart(self, _change) -> None:
        if not self._loading:
            self._draw_chart()

    def _on_tab(self, change) -> None:
        # the sidebar's settings do not drive the drill: hide them there, the drill has its own
        self.sidebar.layout.display = "none" if change["new"] == DRILL_TAB else None
        self.message.layout.display = "none" if change["new"] == DRILL_TAB else None
        self._draw_tab(change["new"])

    def _on_speed(self, change) -> None:
        self.play.step = int(change["new"])

    def _on_frame(self, change) -> None:
        if self._floor is not None:
            self.floor.value = self._floor.frame(float(change["new"]), self.lang)

    # ------------------------------------------------------------------ drawing

    def _draw_all(self) -> None:
        if self.result is None:
            return
        self.cards.value = cards.cards_html(self.result.table, self.lang)
        self._draw_chart()
        self._draw_tab(self.tabs.selected_index)

    def _draw_tab(self, index: int | None) -> None:
        if self.result is None:
            return
        if index == 1:
            self._draw_compare()
        elif index == 2:
            self._draw_playback()
        elif index == 3:
            self._draw_downloads()

    def chart_png(self, chart: str) -> bytes:
        """Return the PNG of ``chart`` for the current result and language (cached per run)."""
        key = (chart, self.lang)
        if key not in self._chart_cache:
            self._chart_cache[key] = charts.render_chart(chart, self.result, self.lang)
        return self._chart_cache[key]

    def _draw_chart(self) -> None:
        if self.result is None:
            return
        try:
            png = self.chart_png(self.chart_picker.value)
        except Exception as exc:  # a chart bug must not take the page down
            text = t("dash_chart_missing", self.lang).format(e=exc)
            self.chart.value = f'<div class="sk-msg-warn">{html.escape(text)}</div>'
            return
        uri = export.data_uri(png, "image/png")
        self.chart.value = f'<img alt="{self.chart_picker.value}" src="{uri}">'

    def baseline_table(self):
        """Replication table of the standard TPS with the same reps and seeds (cached)."""
        key = (self.result.reps, self.result.seed)
        if self.result.scenario == self._baseline:
            return self.result.table
        if key not in self._baseline_tables:
            self._baseline_tables[key] = runner.run_table(
                self._baseline, self.result.reps, self.result.seed
            )
        return self._baseline_tables[key]

    def _draw_compare(self) -> None:
        try:
            base = self.baseline_table()
        except Exception as exc:  # keep the page alive; say what failed
            self.compare.value = html.escape(t("dash_error_internal", self.lang).format(e=exc))
            return
        self.compare.value = cards.compare_html(self.result.table, base, self.lang)

    def _draw_playback(self) -> None:
        if self._floor is None:
            self._floor = Floorplan(self.result.day, self.result.scenario)
            lo, hi = int(self._floor.start_min), int(self._floor.end_min)
            self.play.playing = False
            with self.time_slider.hold_trait_notifications():
                self.time_slider.max = max(hi, self.time_slider.min)
                self.time_slider.min = lo
                self.time_slider.max = hi
            self.play.min, self.play.max = lo, hi
            self.play.value = lo
            self.time_slider.value = lo
        self.strip.value = self._floor.strip_html(self.lang)
        self.floor.value = self._floor.frame(float(self.time_slider.value), self.lang)

    def settings_list(self) -> list[tuple[str, str]]:
        """(label, value) of every setting, in the current language, for the printable summary."""
        rows = [(t("dash_scenario", self.lang), self._base_scenario.name)]
        for control in self.controls:
            rows.append((t(control.label_key, self.lang), self._describe(control)))
        rows.append((t("dash_reps", self.lang), str(self.reps.value)))
        rows.append((t("dash_seed", self.lang), str(self.seed.value)))
        return rows

    def _describe(self, control: Control) -> str:
        if isinstance(control, ChoiceControl):
            return t(f"{control.label_key}_{control.widget.value}", self.lang)
        if isinstance(control, PatternControl):
            label = t(f"dash_pattern_{control.choice.value}", self.lang)
            return label + (f": {control.text.value}" if control.choice.value == "custom" else "")
        if isinstance(control, RolesControl):
            roles = control.overrides()["staff.roles"]
            if roles is None:
                return t("dash_roles_auto", self.lang)
            return "; ".join(
                f"{m}: {', '.join(t(s, self.lang).split(' (')[0] for s in st)}"
                for m, st in roles.items()
            )
        return str(control.widget.value)

    def _draw_downloads(self) -> None:
        key = (id(self.result), self.lang)
        if self._downloads_for == key:
            return
        r, lang = self.result, self.lang
        stamp = f"{r.scenario.name}_seed{r.seed}"
        links = [
            export.link(
                export.summary_csv(r), "text/csv", f"simkit_{stamp}.csv", t("dash_dl_csv", lang)
            ),
            export.link(
                export.excel_bytes(r, lang),
                export.XLSX,
                f"simkit_{stamp}.xlsx",
                t("dash_dl_xlsx", lang),
            ),
        ]
        pngs = {}
        for chart in charts.CHARTS:
            try:
                pngs[chart] = self.chart_png(chart)
            except Exception:  # a missing chart only loses its link
                continue
            text = f"{t('dash_dl_png', lang)}: {t(charts.CHARTS[chart][0], lang)}"
            links.append(export.link(pngs[chart], "image/png", f"simkit_{chart}.png", text))
        printable = {}  # smaller figures, so the text stays readable at half an A4 width
        for chart in ("queues", "work_end"):
            try:
                printable[chart] = charts.render_chart(
                    chart, r, lang, size=(6.4, 3.8), dpi=150, rc=charts.PRINT_RC
                )
            except Exception:  # a missing chart only leaves a gap on the page
                continue
        page = export.summary_html(r, self.settings_list(), printable, lang)
        links.insert(
            0,
            export.link(
                page, "text/html", f"simkit_{stamp}_ringkasan.html", t("dash_dl_summary", lang)
            ),
        )
        self.downloads.value = "<div>" + "".join(links) + "</div>"
        self._downloads_for = key
