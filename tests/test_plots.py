"""Each chart returns an Axes with the expected artists, clock-time ticks and translated labels."""

from __future__ import annotations

import os
import tempfile
from types import SimpleNamespace

os.environ.setdefault("MPLCONFIGDIR", tempfile.mkdtemp(prefix="mpl-"))

import matplotlib  # noqa: E402

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from simkit import plots  # noqa: E402
from simkit.i18n import t  # noqa: E402


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def tiny_day() -> SimpleNamespace:
    """A hand-made day: 6 voters, 2 queue places, 3 members, 2 ballot types (one recount)."""
    voters = pd.DataFrame(
        {
            "voter_id": range(6),
            "category": ["DPT", "DPT", "DPT", "DPTb", "DPK", "DPT"],
            "arrival_min": [-20.0, 5.0, 10.0, 70.0, 310.0, 130.0],
            "wait_min": [25.0, 8.0, 12.0, 3.0, 1.0, float("nan")],
            "outcome": ["voted", "voted", "voted", "voted", "voted", "turned_away"],
        }
    )
    queues = pd.DataFrame(
        {
            "time_min": [-20.0, 0.0, 30.0, 0.0, 10.0, 40.0],
            "place": ["entrance", "entrance", "entrance", "booth", "booth", "booth"],
            "length": [1, 3, 0, 0, 2, 0],
        }
    )
    timeline = pd.DataFrame(
        {
            "member": ["KPPS1", "KPPS1", "KPPS2", "KPPS2", "KPPS10", "LINMAS1"],
            "start_min": [-60.0, 380.0, 0.0, 400.0, 0.0, -60.0],
            "end_min": [360.0, 1100.0, 360.0, 1050.0, 360.0, 1100.0],
            "activity": ["ketua_table", "counting", "entrance", "paperwork", "ink", "break"],
            "place": ["tps"] * 6,
        }
    )
    counting = pd.DataFrame(
        {
            "ballot_type": ["PPWP", "DPR"],
            "panel": ["A", "A"],
            "start_min": [400.0, 520.0],
            "end_min": [510.0, 760.0],
            "recounts": [0, 2],
        }
    )
    return SimpleNamespace(voters=voters, queues=queues, timeline=timeline, counting=counting)


def _fresh_axes():
    return Figure().add_subplot()


def test_clock_labels():
    assert plots.clock_label(0) == "07:00"
    assert plots.clock_label(-60) == "06:00"
    assert plots.clock_label(1020) == "00:00+1"
    assert plots.clock_label(1740) == "12:00+1"
    assert plots.clock_label(float("nan")) == ""


def test_plot_arrivals_stacks_categories():
    day = tiny_day()
    ax = plots.plot_arrivals(day, ax=_fresh_axes(), lang="id")
    legend = [x.get_text() for x in ax.get_legend().get_texts()]
    assert legend == ["DPT", "DPTb", "DPK"]
    n_bins = (315 - (-30)) // 15  # 06:30 .. 12:15 in 15-minute slots
    assert len(ax.patches) == 3 * n_bins
    assert sum(p.get_height() for p in ax.patches) == len(day.voters) - 0  # everyone counted once
    assert ax.get_title() == t("plot_arrivals_title", "id")
    assert ax.xaxis.get_major_formatter()(60) == "08:00"


def test_plot_queues_one_step_line_per_place_in_both_languages():
    for lang in ("id", "en"):
        ax = plots.plot_queues(tiny_day(), ax=_fresh_axes(), lang=lang)
        assert len(ax.get_lines()) == 2
        labels = [x.get_text() for x in ax.get_legend().get_texts()]
        assert labels == [t("entrance", lang), t("booth", lang)]
        assert ax.get_ylabel() == t("plot_queue_length", lang)
        assert ax.get_lines()[0].get_drawstyle() == "steps-post"


def test_plot_wait_by_hour_one_box_per_hour_of_voters_who_voted():
    ax = plots.plot_wait_by_hour(tiny_day(), ax=_fresh_axes(), lang="en")
    # hours of arrival of voters who voted: 06:00, 07:00 (two), 08:00, 12:00 -> 4 boxes
    assert len(ax.patches) == 4
    assert ax.get_xlabel() == t("plot_arrival_hour", "en")
    assert ax.get_ylim()[0] == 0


def test_plot_staff_timeline_rows_colours_and_midnight():
    ax = plots.plot_staff_timeline(tiny_day(), ax=_fresh_axes(), lang="id")
    rows = [x.get_text() for x in ax.get_yticklabels()]
    assert rows == ["KPPS1", "KPPS2", "KPPS10", "LINMAS1"]  # natural order, Linmas last
    assert len(ax.collections) == 6  # one bar collection per (member, activity)
    legend = [x.get_text() for x in ax.get_legend().get_texts()]
    assert t("midnight", "id") in legend
    assert t("counting", "id") in legend and t("activity_break", "id") in legend
    assert any(line.get_xdata()[0] == 1020 for line in ax.get_lines())


def test_plot_staff_timeline_groups_activities_by_kind_and_names_ballot_types():
    timeline = pd.DataFrame(
        {
            "member": ["KPPS1"] * 4 + ["KPPS2"] * 4,
            "start_min": [380.0, 450.0, 460.0, 600.0] * 2,  # paperwork too narrow for a label
            "end_min": [450.0, 460.0, 600.0, 610.0] * 2,
            "activity": ["count PPWP", "C.Hasil PPWP", "count DPR", "C.Hasil DPR"] * 2,
            "place": ["counting"] * 8,
        }
    )
    ax = plots.plot_staff_timeline(SimpleNamespace(timeline=timeline), ax=_fresh_axes(), lang="en")
    legend = [x.get_text() for x in ax.get_legend().get_texts()]
    assert legend == [t("activity_count", "en"), t("activity_c_hasil", "en")]
    assert len(ax.collections) == 4  # 2 members x 2 kinds
    assert sorted(x.get_text() for x in ax.texts) == ["DPR", "DPR", "PPWP", "PPWP"]


def test_plot_counting_bars_and_recount_marks():
    ax = plots.plot_counting(tiny_day(), ax=_fresh_axes(), lang="en")
    assert len(ax.patches) == 2
    assert [x.get_text() for x in ax.get_yticklabels()] == [t("PPWP", "en"), t("DPR", "en")]
    texts = [x.get_text() for x in ax.texts]
    assert texts == ["2x recount"]
    bar = ax.patches[1]
    assert bar.get_x() == 520 and bar.get_width() == 240


def test_plot_work_end_distribution_with_midnight_and_deadline_lines():
    reps = pd.DataFrame({"work_end_min": [900.0, 950.0, 1000.0, 1060.0, 1100.0, 1800.0]})
    ax = plots.plot_work_end_distribution(reps, ax=_fresh_axes(), lang="en")
    xs = sorted(line.get_xdata()[0] for line in ax.get_lines())
    assert xs == [1020, 1740]
    assert sum(p.get_height() for p in ax.patches) == 6
    labels = [x.get_text() for x in ax.get_legend().get_texts()]
    assert labels == [t("midnight", "en"), t("deadline", "en")]
    assert ax.xaxis.get_major_formatter()(1740) == "12:00+1"


def test_without_ax_a_pyplot_figure_is_made():
    ax = plots.plot_queues(tiny_day())
    assert ax.figure in [plt.figure(n) for n in plt.get_fignums()]


def test_empty_frames_draw_a_no_data_note():
    empty = SimpleNamespace(
        voters=tiny_day().voters.iloc[:0],
        queues=tiny_day().queues.iloc[:0],
        timeline=tiny_day().timeline.iloc[:0],
        counting=tiny_day().counting.iloc[:0],
    )
    for fn in (
        plots.plot_arrivals,
        plots.plot_queues,
        plots.plot_wait_by_hour,
        plots.plot_staff_timeline,
        plots.plot_counting,
    ):
        ax = fn(empty, ax=_fresh_axes(), lang="en")
        assert [x.get_text() for x in ax.texts] == ["no data"]


def test_wrong_input_is_a_clear_type_error():
    with pytest.raises(TypeError, match="queues"):
        plots.plot_queues(object(), ax=_fresh_axes())


# --------------------------------------------------------------------------- the real model


@pytest.fixture(scope="module")
def real_day():
    import simkit

    sc = simkit.with_overrides(
        "tps_standar_2024", {"tps.voters_dpt": 40, "arrivals.opening_line": 3}
    )
    return simkit.simulate(sc, seed=11)


def test_every_chart_of_a_tiny_simulated_day(real_day):
    import numpy as np

    day = real_day
    ax = plots.plot_queues(day, ax=_fresh_axes(), lang="en")
    ever_queued = day.queues.groupby("place")["length"].max().gt(0).sum()
    assert len(ax.get_lines()) == ever_queued  # places never queued at stay out of the legend

    ax = plots.plot_arrivals(day, ax=_fresh_axes(), lang="en")
    assert sum(p.get_height() for p in ax.patches) == len(day.voters)

    ax = plots.plot_wait_by_hour(day, ax=_fresh_axes(), lang="en")
    voted = day.voters[day.voters["outcome"] == "voted"]
    assert len(ax.patches) == np.floor(voted["arrival_min"] / 60).nunique()

    ax = plots.plot_staff_timeline(day, ax=_fresh_axes(), lang="en")
    assert len(ax.get_yticklabels()) == day.timeline["member"].nunique()
    kinds = {plots.activity_kind(a)[0] for a in day.timeline["activity"]}
    assert len(ax.get_legend().get_texts()) >= len(kinds)

    ax = plots.plot_counting(day, ax=_fresh_axes(), lang="en")
    assert len(ax.patches) == len(day.counting)
    assert len(ax.texts) == int((day.counting["recounts"] > 0).sum())


def test_two_panel_counting_names_the_panels():
    import simkit

    sc = simkit.with_overrides(
        "tps_standar_2024", {"tps.voters_dpt": 40, "counting.mode": "two_panel"}
    )
    day = simkit.simulate(sc, seed=2)
    ax = plots.plot_counting(day, ax=_fresh_axes(), lang="id")
    labels = [x.get_text() for x in ax.get_yticklabels()]
    assert len(labels) == len(day.counting)
    assert all(label.endswith(")") for label in labels)


def test_work_end_distribution_of_real_replications():
    import simkit

    sc = simkit.with_overrides("tps_standar_2024", {"tps.voters_dpt": 40})
    reps = simkit.replicate(sc, reps=4, seed=3)
    ax = plots.plot_work_end_distribution(reps, ax=_fresh_axes(), lang="id")
    assert sum(p.get_height() for p in ax.patches) == 4


def test_queue_peaks_per_5_minutes_keep_every_peak():
    # entrance: 1 at -20, 3 at 0, 0 at 30 -> bins [-20,-15) .. ; the 3 lasts 0..30
    times = [-20.0, 0.0, 2.0, 3.0, 30.0]
    lengths = [1.0, 3.0, 7.0, 2.0, 0.0]
    edges, peaks = plots.binned_max(
        pd.Series(times).to_numpy(), pd.Series(lengths).to_numpy(), 5.0, -20.0, 30.0
    )
    assert edges[0] == -20 and edges[-1] == 35
    by_bin = dict(zip(edges[:-1], peaks[:-1], strict=True))
    assert by_bin[-20] == 1 and by_bin[-5] == 1  # the 1 holds until minute 0
    assert by_bin[0] == 7  # a 1-minute peak of 7 is not lost
    assert by_bin[5] == 2 and by_bin[25] == 2  # the 2 holds from minute 3 to 30
    assert by_bin[30] == 0
    assert peaks[-1] == peaks[-2]  # ready for step(where="post")


def test_queue_chart_says_it_shows_peaks_and_translates_every_place():
    day = tiny_day()
    day.queues = pd.concat(
        [
            day.queues,
            pd.DataFrame(
                {"time_min": [5.0, 9.0], "place": ["standing", "standing"], "length": [2, 0]}
            ),
        ]
    )
    ax = plots.plot_queues(day, ax=_fresh_axes(), lang="id")
    assert "terpanjang per 5 menit" in ax.get_title()
    legend = [x.get_text() for x in ax.get_legend().get_texts()]
    assert legend == [t("entrance", "id"), t("standing", "id"), t("booth", "id")]  # voter flow
    assert "standing" not in legend
    raw = plots.plot_queues(day, ax=_fresh_axes(), lang="en", bin_min=None)
    assert "per 5" not in raw.get_title()


def test_clock_labels_match_the_summary_table():
    from simkit.scenario import min_to_clock

    for minutes in (-60.0, 359.6, 1019.7, 1020.0, 1739.5, 2900.0):
        assert plots.clock_label(minutes) == min_to_clock(minutes).replace(" (", "").rstrip(")")


def test_arrivals_after_the_close_are_shown_beyond_the_closing_line():
    day = tiny_day()
    day.voters.loc[5, "arrival_min"] = 375.0  # came at 13:15: refused (§1.1)
    ax = plots.plot_arrivals(day, ax=_fresh_axes(), lang="id")
    lines = [ln for ln in ax.get_lines() if ln.get_label() == t("voting_close", "id")]
    assert len(lines) == 1 and lines[0].get_xdata()[0] == 360
    legend = [x.get_text() for x in ax.get_legend().get_texts()]
    assert t("voting_close", "id") in legend and "DPT" in legend
