"""The dashboard's widgets without a browser: mapping to the scenario, errors, run, language."""

from __future__ import annotations

import base64
import io
import json
import re
import time

import pytest

pytest.importorskip("ipywidgets")

import openpyxl  # noqa: E402

import simkit  # noqa: E402
from simkit.dashboard import App  # noqa: E402
from simkit.dashboard.controls import (  # noqa: E402
    ChoiceControl,
    PatternControl,
    RolesControl,
    SliderControl,
)
from simkit.dashboard.floorplan import Floorplan  # noqa: E402
from simkit.dashboard.serve import find_notebook, notebook_json, voila_command  # noqa: E402
from simkit.scenario import Scenario, ScenarioWarning  # noqa: E402


@pytest.fixture(scope="module")
def ran_app():
    app = App(reps=3, seed=5)
    app.run()
    assert app.result is not None, app.message.value
    return app


def _field_exists(dotted: str) -> bool:
    model = Scenario
    for part in dotted.split("."):
        fields = getattr(model, "model_fields", None)
        if not fields or part not in fields:
            return False
        model = fields[part].annotation
    return True


def _get(sc, dotted):
    for part in dotted.split("."):
        sc = getattr(sc, part)
    return sc


def _perturb(control) -> None:
    """Move a control away from its current value, as a trainer would."""
    if isinstance(control, SliderControl):
        wdg = control.widget
        down = wdg.value - wdg.step
        wdg.value = down if down >= max(wdg.min, 1) else wdg.value + wdg.step
    elif isinstance(control, ChoiceControl):
        options = [v for _label, v in control.widget.options]
        control.widget.value = next(v for v in options if v != control.widget.value)
    elif isinstance(control, PatternControl):
        control.choice.value = "custom"
        control.text.value = "10, 10, 20, 20, 20, 20"
    elif isinstance(control, RolesControl):
        control.auto.value = False
    else:  # pragma: no cover - a new control type needs a perturbation here
        raise AssertionError(f"no perturbation for {type(control).__name__}")


def test_every_control_maps_to_a_real_scenario_field():
    app = App(reps=1)
    base = app.current_scenario()
    names = [c.name for c in app.controls]
    assert len(names) == len(set(names))
    for control in app.controls:
        assert control.fields, control.name
        for field in control.fields:
            assert _field_exists(field), f"{control.name}: {field} is not a Scenario field"
        assert set(control.overrides()) <= set(control.fields), control.name
    # setting each control changes its field(s) in the scenario handed to the model
    for control in app.controls:
        app.reset()
        _perturb(control)
        changed = simkit.with_overrides(base, app.overrides())
        assert any(_get(changed, f) != _get(base, f) for f in control.fields), control.name
        others = [c for c in app.controls if c is not control]
        for other in others:
            for f in other.fields:
                assert _get(changed, f) == _get(base, f), (control.name, f)


def test_controls_cover_the_issue_list():
    fields = {f for c in App(reps=1).controls for f in c.fields}
    for needed in (
        "tps.voters_dpt",
        "tps.turnout",
        "tps.voters_dptb",
        "tps.voters_dpk",
        "staff.kpps",
        "staff.roles",
        "tps.booths",
        "arrivals.pattern",
        "arrivals.hourly_shares",
        "staff.training",
        "counting.mode",
        "counting.saksi",
        "counting.copier",
    ):
        assert needed in fields, needed


def test_controls_load_every_shipped_scenario_and_reset_restores_it():
    app = App(reps=1)
    for name in simkit.list_scenarios():
        sc = simkit.load_scenario(name)
        app._load_controls(sc)
        rebuilt = simkit.with_overrides(sc, app.overrides())
        for control in app.controls:
            for f in control.fields:
                if f == "arrivals.hourly_shares" and sc.arrivals.pattern != "hourly_shares":
                    continue
                got, want = _get(rebuilt, f), _get(sc, f)
                if isinstance(want, float):
                    assert got == pytest.approx(want, abs=1e-6), (name, f)
                else:
                    assert got == want, (name, f)


def test_zero_kpps_shows_a_message_not_a_traceback():
    app = App(reps=2)
    app.control("kpps").widget.value = 0
    assert app.run() is None
    text = app.message.value
    assert "tidak bisa disimulasikan" in text
    assert "staff.kpps" in text and "1 atau lebih" in text
    assert "Traceback" not in text
    assert not app.run_button.disabled
    app.lang_toggle.value = "en"  # the message follows the language
    assert "cannot be simulated" in app.message.value and "must be 1 or more" in app.message.value
    assert "KPPS present" in app.message.value


def test_dpt_above_the_law_and_bad_hourly_text_show_messages():
    app = App(reps=2)
    app.control("dpt").widget.value = 550
    assert app.run() is None
    assert "tps.voters_dpt" in app.message.value and "500" in app.message.value
    app.reset()
    pattern = app.control("pattern")
    pattern.choice.value = "custom"
    pattern.text.value = "banyak, sedikit"
    assert app.run() is None
    assert "Porsi per jam" in app.message.value


def test_dpt_above_kpu_cap_runs_with_a_warning():
    app = App(reps=2)
    app.control("dpt").widget.value = 400
    assert app.run() is not None
    assert "sk-msg-warn" in app.message.value and "300" in app.message.value


def test_run_button_draws_headline_cards(ran_app):
    app = ran_app
    app.control("kpps").widget.value = 6
    assert "Jalankan" in app.status.value  # settings changed: press Run
    app.run_button.click()
    assert app.result.scenario.staff.kpps == 6
    assert len(app.result.table) == 3
    cards = app.cards.value
    for label in (
        "Pemilih terakhir keluar",
        "Penghitungan selesai",
        "Semua pekerjaan selesai",
        "Antrean terlama",
        "Jam kerja KPPS terlama",
        "Risiko lewat 12:00",
    ):
        assert label in cards, label
    assert re.search(r'data-kpi="work_end_min" data-value="\d+\.\d+"', cards)
    assert re.search(r"\d\d:\d\d", cards) and "rentang" in cards
    median = app.result.table["work_end_min"].median()
    assert f'data-value="{median:.3f}"' in cards
    assert app.chart.value.startswith("<img") and "data:image/png;base64," in app.chart.value
    assert "Selesai: 3 ulangan" in app.status.value


def test_replications_match_simkit_replicate(ran_app):
    r = ran_app.result
    ref = simkit.replicate(r.scenario, reps=r.reps, seed=r.seed)
    assert list(ref["work_end_min"]) == pytest.approx(list(r.table["work_end_min"]))
    assert r.day.summary["work_end_min"] == pytest.approx(r.table["work_end_min"].iloc[0])


def test_language_toggle_switches_labels(ran_app):
    app = ran_app
    app.lang_toggle.value = "en"
    try:
        assert app.run_button.description == "Run"
        assert app.control("kpps").label.value == "KPPS present (1-7)"
        assert "Last voter out" in app.cards.value and "Pemilih terakhir" not in app.cards.value
        assert app.tabs.titles == (
            "Results",
            "Compare",
            "TPS playback",
            "Download",
            "Incident drill",
        )
        assert app.drill.start_button.description == "Start drill"
        assert ("Two panels", "two_panel") in app.control("mode").widget.options
        assert app.control("mode").widget.value == app.result.scenario.counting.mode
    finally:
        app.lang_toggle.value = "id"
    assert app.run_button.description == "Jalankan"
    assert "Pemilih terakhir keluar" in app.cards.value


def test_compare_with_the_standard_tps(ran_app):
    app = ran_app
    app.tabs.selected_index = 1
    html = app.compare.value
    assert "TPS standar 2024" in html and "Selisih" in html
    assert 'data-kpi="work_end_min"' in html


def test_compare_pairs_replications_and_shows_the_interval():
    from simkit.dashboard import runner
    from simkit.dashboard.cards import compare_rows

    base = runner.load_baseline()
    fewer = simkit.with_overrides(base, {"staff.kpps": 5})
    table_7 = runner.run_table(base, 6, 11)
    table_5 = runner.run_table(fewer, 6, 11)
    rows = {r[0]: r for r in compare_rows(table_5, table_7)}
    key, _kind, mean_7, mean_5, diff, low, high = rows["work_end_min"]
    assert mean_7 == pytest.approx(table_7["work_end_min"].mean())
    paired = (table_5["work_end_min"] - table_7["work_end_min"]).mean()
    assert diff == pytest.approx(paired) and low < diff < high
    assert low > 0  # 5 KPPS finish later than 7, clearly, on the same seeds


def test_playback_frames(ran_app):
    app = ran_app
    app.tabs.selected_index = 2
    floor = app._floor
    assert app.time_slider.min == floor.start_min <= -60
    assert app.time_slider.max == floor.end_min > floor.work_end
    app.time_slider.value = 30  # 07:30
    assert '<text class="sk-clock"' in app.floor.value and ">07:30<" in app.floor.value
    day = app.result.day
    v = day.voters
    inside = ((v.entrance_start_min <= 30) & (v.exit_min > 30)).sum()
    assert floor.counts_at(30)["inside"] == inside
    start = time.perf_counter()
    for t in range(0, 400, 4):
        floor.frame(t)
    assert (time.perf_counter() - start) / 100 < 0.02  # well under one 75 ms frame
    strip = app.strip.value  # the day's phases under the slider, with clock hours
    assert strip.count("position:absolute") >= 8 and "08:00" in strip
    counting = floor.frame(floor.counting_end - 5)
    assert "C.Hasil" in counting and "Penghitungan" in counting


def test_floorplan_is_deterministic_and_places_every_voter_in_the_tps():
    sc = simkit.load_scenario("tps_standar_2024")
    day = simkit.simulate(sc, seed=3)
    a, b = Floorplan(day, sc), Floorplan(day, sc)
    assert a.frame(100) == b.frame(100)
    v = day.voters
    inside = ((v.entrance_start_min <= 100) & (v.exit_min > 100)).sum()
    outside = ((v.arrival_min <= 100) & (v.entrance_start_min > 100)).sum()
    circles = a.frame(100).count('class="sk-v"')
    assert circles == inside + outside


def test_downloads(ran_app):
    app = ran_app
    app.tabs.selected_index = 3
    links = dict(
        re.findall(r'download="([^"]+)" href="data:[^;]+;base64,([^"]+)"', app.downloads.value)
    )
    csv = next(k for k in links if k.endswith(".csv"))
    assert base64.b64decode(links[csv]).decode().startswith(("voters_eligible", "replication"))
    xlsx = next(k for k in links if k.endswith(".xlsx"))
    book = openpyxl.load_workbook(io.BytesIO(base64.b64decode(links[xlsx])))
    assert {"Ringkasan", "Pemilih", "KPPS", "Penghitungan"} <= set(book.sheetnames)
    page = base64.b64decode(links[next(k for k in links if k.endswith(".html"))]).decode()
    assert "Ringkasan simulasi TPS" in page and "KPPS yang hadir" in page
    assert sum(k.endswith(".png") for k in links) == 5


def test_voila_command_and_notebook():
    cmd = voila_command("127.0.0.1", 8899)
    assert "--no-browser" in cmd and "--port=8899" in cmd and "--Voila.ip=127.0.0.1" in cmd
    nb = json.loads(find_notebook().read_text())
    assert nb["cells"][0]["source"] == notebook_json()["cells"][0]["source"]
    assert all(not c.get("outputs") for c in nb["cells"])
    assert "App(" in "".join(nb["cells"][0]["source"])


def test_floorplan_keeps_a_crowd_inside_the_picture():
    with pytest.warns(ScenarioWarning):  # 500 DPT is above KPU's 300 cap
        sc = simkit.with_overrides(
            "tps_standar_2024",
            {
                "tps.voters_dpt": 500,
                "tps.booths": 1,
                "arrivals.pattern": "hourly_shares",
                "arrivals.hourly_shares": [0.6, 0.2, 0.1, 0.05, 0.03, 0.02],
            },
        )
    day = simkit.simulate(sc, seed=1)
    floor = Floorplan(day, sc)
    assert floor.counts_at(120)["outside"] > 90
    for t in range(-60, 500, 10):
        svg = floor.frame(t)
        for x, y in re.findall(r'class="sk-v" cx="([-\d.]+)" cy="([-\d.]+)"', svg):
            assert 0 <= float(x) <= 1000 and 0 <= float(y) <= 600, (t, x, y)
    assert ">+" in floor.frame(120)  # the ones not drawn are counted


def test_app_takes_an_unshipped_scenario_and_the_picker_switches():
    custom = simkit.with_overrides("tps_standar_2024", {"staff.kpps": 6, "name": "latihan_kelas_a"})
    app = App(scenario=custom, reps=1)
    assert app.control("kpps").widget.value == 6
    assert app.scenario_picker.value == "latihan_kelas_a"
    other = next(n for n in simkit.list_scenarios() if n != "tps_standar_2024")
    app.scenario_picker.value = other
    assert app.current_scenario().name == simkit.load_scenario(other).name
    app.scenario_picker.value = "latihan_kelas_a"
    assert app.control("kpps").widget.value == 6 and "sk-msg-error" not in app.message.value


def test_drill_tab_plays_a_drill_in_the_dashboard():
    """The drill tab: one incident, answered wrong, then the debrief and the scorecard."""
    from simkit.dashboard.app import DRILL_TAB

    app = App(reps=1)
    panel = app.drill
    panel.frame_s = 0
    assert app.tabs.children[DRILL_TAB] is panel.widget
    assert app.tabs.titles[DRILL_TAB] == "Latihan insiden"
    assert panel.scenario.value == app.scenario_picker.value  # the sidebar's scenario is offered
    # the sidebar's settings do not drive the drill: hidden while the drill tab is open
    app.tabs.selected_index = DRILL_TAB
    assert app.sidebar.layout.display == "none"
    app.tabs.selected_index = 0
    assert app.sidebar.layout.display is None
    # picking another scenario in the sidebar offers it to the drill too
    app.scenario_picker.value = "tps_kurang_kpps"
    assert panel.scenario.value == "tps_kurang_kpps"
    app.scenario_picker.value = "tps_standar_2024"
    # start without an incident: a message, no traceback, still on the setup form
    panel._on_start()
    assert "Pilih minimal satu insiden" in panel.message.value
    assert panel.setup_box.layout.display is None
    panel.incidents.value = ("tinta_di_jari",)
    panel.team.value = "A"
    panel._on_start()
    assert panel.run.current.id == "tinta_di_jari"
    assert "Pukul 09:15" in panel.clock.value and "Dijeda" in panel.clock.value
    clock_a = panel.clock.value
    assert "<svg" in panel.floor.value and ">09:15<" in panel.floor.value  # the floor plan
    assert 'class="sk-drill-place"' in panel.floor.value  # meja A framed in red
    assert "Jari sudah bertinta" in panel.situation.value
    # the language toggle of the dashboard switches the paused question too
    app.lang_toggle.value = "en"
    assert "Ink already on a finger" in panel.situation.value
    assert panel.answer_button.description == "Answer"
    assert any("Serve her" in text for text, _key in panel.choices.options)
    app.lang_toggle.value = "id"
    right = set(panel.run.current.correct_keys)
    wrong = next(k for _t, k in panel.choices.options if k not in right)
    panel.choices.value = wrong
    panel._on_answer()
    assert "SALAH" in panel.feedback.value and "Pasal 80" in panel.feedback.value
    panel._on_continue()
    assert panel.run.done and panel.end_box.layout.display is None
    debrief = panel.debrief.value
    assert "Pembahasan: Tim A" in debrief and "risiko PSU" in debrief
    assert "Kartu nilai" in debrief and 'download="scorecard.csv"' in debrief
    assert 'download="scorecard.html"' in debrief
    csv_b64 = re.search(r'download="scorecard.csv" href="data:text/csv;base64,([^"]+)"', debrief)
    csv_text = base64.b64decode(csv_b64.group(1)).decode("utf-8")
    header, row = csv_text.strip().splitlines()
    assert header.startswith("team,correct,answered") and row.startswith("A,0,1")
    app.lang_toggle.value = "en"
    assert "Debrief: Team A" in panel.debrief.value and "Scorecard" in panel.debrief.value
    app.lang_toggle.value = "id"
    # the next team takes the same drill: the same day up to the incident, then its own answer
    panel._on_next_team()
    assert panel.team.value == "B" and panel.run.current.id == "tinta_di_jari"
    assert panel.clock.value == clock_a.replace("Tim A", "Tim B")  # same voters, same clock
    panel.choices.value = next(iter(right))
    panel._on_answer()
    panel._on_continue()
    debrief = panel.debrief.value
    score = re.search(r"<table class='sk-drill-scorecard'>.*?</table>", debrief).group(0)
    assert "data-team='A'" in score and "data-team='B'" in score
    correct = re.search(r"<tr data-measure='correct'>(.*?)</tr>", score).group(1)
    assert re.findall(r"<td>([^<]*)</td>", correct) == ["Benar", "0", "1"]


def test_drill_picture_of_a_count_incident_shows_the_count_going_on():
    from simkit.dashboard.drill_panel import DrillPanel

    panel = DrillPanel("id", incidents=["keberatan_saksi"], frame_s=0, heading=False)
    panel._on_start()
    assert panel.run.current.id == "keberatan_saksi" and panel.run.now_min > 360
    phase = re.findall(r'fill="#b71c1c">([^<]*)</text>', panel.floor.value)
    assert phase == ["Penghitungan suara"], phase  # not "Selesai": the day is not over
    assert "sk-drill-place" not in panel.floor.value  # count incidents: no voting-floor frame
