"""Replications, summaries, paired comparisons, sweeps, recommendations and planning."""

import math
import re

import numpy as np
import pandas as pd
import pytest
from scipy import stats
from test_executors import standin_summary

import simkit
from simkit.experiment import (
    ExperimentError,
    clopper_pearson_interval,
    compare,
    paired_differences,
    recommend,
    replicate,
    replication_seed,
    replications_needed,
    summarize,
    sweep,
    wilson_interval,
)
from simkit.report.sentences import format_difference, recommendation_text
from simkit.scenario import ScenarioError, load_scenario, with_overrides
from simkit.simulation import simulate_summary

SC = load_scenario({})
FAST = {"summary_fn": standin_summary}


def test_public_api_is_exported():
    for name in ("replicate", "summarize", "compare", "sweep", "recommend", "replications_needed"):
        assert getattr(simkit, name) is globals()[name]


def test_replication_seeds_of_different_experiments_do_not_overlap():
    a = {replication_seed(1, i) for i in range(2000)}
    b = {replication_seed(2, i) for i in range(2000)}
    assert len(a) == 2000 and not a & b
    assert replication_seed(1, 5) == replication_seed(1, 5)


def test_replicate_rows_replay_and_repeat():
    frame = replicate(SC, reps=12, seed=3, **FAST)
    assert len(frame) == 12
    assert frame["replication"].tolist() == list(range(12))
    assert (frame["scenario"] == SC.name).all() and (frame["tps_id"] == "TPS").all()
    row = frame.iloc[7]
    assert standin_summary(SC, int(row["seed"]), "TPS")["work_end_min"] == row["work_end_min"]
    pd.testing.assert_frame_equal(frame, replicate(SC, reps=12, seed=3, **FAST))
    assert not frame["work_end_min"].equals(replicate(SC, reps=12, seed=4, **FAST)["work_end_min"])


def test_replicate_with_the_real_model_replays_one_day():
    frame = replicate(SC, reps=3, seed=8)
    row = frame.iloc[2]
    again = simulate_summary(SC, int(row["seed"]), "TPS")
    assert again["work_end_min"] == row["work_end_min"]
    assert again["voters_arrived"] == row["voters_arrived"]


@pytest.mark.parametrize("bad", [{"reps": 0}, {"reps": 2.5}, {"seed": -1}, {"seed": "x"}])
def test_replicate_bad_arguments(bad):
    args = {"reps": 3, "seed": 1, **bad}
    with pytest.raises(ExperimentError, match="reps|seed"):
        replicate(SC, summary_fn=standin_summary, **args)


def test_summarize_matches_the_textbook_formulas():
    frame = replicate(SC, reps=40, seed=1, **FAST)
    table = summarize(frame).set_index("kpi")
    x = frame["work_end_min"].to_numpy()
    half = stats.t.ppf(0.975, 39) * x.std(ddof=1) / math.sqrt(40)
    row = table.loc["work_end_min"]
    assert row["mean"] == pytest.approx(x.mean())
    assert row["ci_low"] == pytest.approx(x.mean() - half)
    assert row["ci_high"] == pytest.approx(x.mean() + half)
    assert row["median"] == pytest.approx(np.median(x))
    assert row["p10"] == pytest.approx(np.percentile(x, 10))
    late = (frame["counting_end_min"] > 1020).mean()
    p = table.loc["p_counting_after_midnight"]
    assert p["kind"] == "probability" and p["mean"] == pytest.approx(late)
    assert 0 <= p["ci_low"] <= late <= p["ci_high"] <= 1
    assert table.loc["p_wait_over_30min", "mean"] == pytest.approx(
        (frame["wait_max_min"] > 30).mean()
    )
    assert "busiest_station" not in table.index


def test_proportion_intervals():
    low, high = wilson_interval(0, 20)
    assert low == 0 and 0.1 < high < 0.2  # Wilson: 0.161
    assert clopper_pearson_interval(20, 20) == (pytest.approx(0.8316, abs=1e-4), 1.0)
    cp = clopper_pearson_interval(9, 10)
    assert cp[0] < wilson_interval(9, 10)[0]  # exact is the more conservative


def test_compare_is_paired_on_common_random_numbers():
    variants = {"7 KPPS": SC, "5 KPPS": with_overrides(SC, {"staff.kpps": 5})}
    table, frame = compare(variants, reps=25, seed=2, return_frame=True, **FAST)
    a = frame[frame["variant"] == "7 KPPS"]
    b = frame[frame["variant"] == "5 KPPS"]
    assert a["seed"].tolist() == b["seed"].tolist()
    d = b["work_end_min"].to_numpy() - a["work_end_min"].to_numpy()
    row = table[(table["kpi"] == "work_end_min") & (table["variant"] == "5 KPPS")].iloc[0]
    half = stats.t.ppf(0.975, 24) * d.std(ddof=1) / 5
    assert row["diff"] == pytest.approx(d.mean()) == pytest.approx(180)  # 2 x 90 in the stand-in
    assert row["ci_low"] == pytest.approx(d.mean() - half)
    assert row["baseline"] == "7 KPPS"
    base = table[(table["kpi"] == "work_end_min") & (table["variant"] == "7 KPPS")].iloc[0]
    assert base["diff"] == 0 and math.isnan(base["ci_low"])
    assert {"kpi", "variant", "mean", "diff", "ci_low", "ci_high"} <= set(table.columns)


def test_compare_with_the_real_model_shares_the_voters():
    variants = {"7 KPPS": SC, "5 KPPS": with_overrides(SC, {"staff.kpps": 5})}
    table = compare(variants, reps=6, seed=5).set_index(["kpi", "variant"])
    # staffing does not change who comes: the arrivals stream is common to both variants
    assert table.loc[("voters_arrived", "5 KPPS"), "diff"] == 0
    assert table.loc[("voters_arrived", "5 KPPS"), "sd_diff"] == 0
    assert table.loc[("work_end_min", "5 KPPS"), "ci_low"] > 0


def test_format_difference_in_both_languages():
    variants = {"7 KPPS": SC, "5 KPPS": with_overrides(SC, {"staff.kpps": 5})}
    table = compare(variants, reps=25, seed=2, **FAST)
    en = format_difference(table, "work_end_min", "5 KPPS", lang="en")
    assert en.startswith("With 5 KPPS instead of 7 KPPS, all work done: 3.0 h later (95% CI")
    assert en.endswith("; 25 paired replications).")
    idn = format_difference(table, "kpps_hours_mean", "5 KPPS", lang="id")
    assert idn.startswith("Dengan 5 KPPS, bukan 7 KPPS: rata-rata jam kerja KPPS 3,0 jam lebih")
    assert idn.endswith("; 25 replikasi berpasangan).")
    same = format_difference(table, "voters_arrived", "5 KPPS", lang="en")
    assert "about the same" in same and "not statistically clear" in same
    same_id = format_difference(table, "voters_arrived", "5 KPPS", lang="id")
    assert "hampir sama (selisih" in same_id and "tidak jelas secara statistik" in same_id


@pytest.mark.parametrize("lang", ["id", "en"])
@pytest.mark.parametrize(
    "kpi", ["wait_mean_min", "wait_p90_min", "wait_max_min", "counting_end_min"]
)
def test_format_difference_says_the_unit_once(kpi, lang):
    """QA: "rata-rata menunggu (menit): 2,2 menit lebih lama" said the unit twice."""
    fast = with_overrides(SC, {"tps.booths": 6})
    five = with_overrides(SC, {"staff.kpps": 5})
    table = compare({"4 bilik": SC, "6 bilik": fast, "5 KPPS": five}, reps=10, seed=3, **FAST)
    for variant in ("6 bilik", "5 KPPS"):
        text = format_difference(table, kpi, variant, lang=lang)
        assert "(menit)" not in text and "(min)" not in text and "dan bukan" not in text
        units = r"\b(menit|jam)\b" if lang == "id" else r"\b(min|h)\b"
        assert len(re.findall(units, text)) == 1, text
        assert text.startswith(f"Dengan {variant}, bukan 4 bilik: " if lang == "id"
                               else f"With {variant} instead of 4 bilik, ")  # fmt: skip
    with pytest.raises(ExperimentError, match="no comparison row"):
        format_difference(table, "nope")


def test_paired_differences_refuses_unknown_baseline():
    frame = replicate(SC, reps=3, seed=1, **FAST).assign(variant="a")
    with pytest.raises(ExperimentError, match="baseline"):
        paired_differences(frame, baseline="b")


def test_sweep_is_tidy_over_the_grid():
    grid = {"staff.kpps": [5, 6, 7], "tps.booths": [3, 4]}
    frame = sweep(SC, grid, reps=4, seed=1, **FAST)
    assert len(frame) == 3 * 2 * 4
    assert frame[["staff.kpps", "tps.booths"]].drop_duplicates().shape[0] == 6
    seeds = frame.groupby(["staff.kpps", "tps.booths"])["seed"].apply(tuple)
    assert seeds.nunique() == 1  # common random numbers at every grid point
    means = frame.groupby("staff.kpps")["work_end_min"].mean()
    assert means[5] > means[6] > means[7]
    table = summarize(frame)
    assert {"staff.kpps", "tps.booths", "kpi"} <= set(table.columns)


def test_sweep_bad_grid():
    with pytest.raises(ExperimentError, match="grid"):
        sweep(SC, {}, reps=2, **FAST)
    with pytest.raises(ScenarioError, match="staff.kpps"):
        sweep(SC, {"staff.kpps": [5, 9]}, reps=2, **FAST)


def test_recommend_finds_the_cheapest_configuration_that_meets_the_target():
    # stand-in: work_end ~ N(1024 + 90 * (7 - kpps), 60); P(<= 1140) is 0.97 at 7 KPPS, 0.67 at 6
    target = {"kpi": "work_end_min", "op": "<=", "value": 1140, "prob": 0.9}
    over = {"staff.kpps": [5, 6, 7], "tps.booths": [3, 4]}
    rec = recommend(SC, target, over, seed=1, batch=20, max_reps=400, **FAST)
    assert rec.found and rec.config == {"staff.kpps": 7, "tps.booths": 3}
    decisions = rec.table.set_index(["staff.kpps", "tps.booths"])["decision"]
    assert decisions[(5, 3)] == decisions[(6, 4)] == "fails"
    assert decisions[(7, 3)] == "meets"
    assert len(rec.table) == 5  # the search stopped at the answer
    assert "staff.kpps = 7" in recommendation_text(rec, "en") and "peluang" in recommendation_text(
        rec, "id"
    )
    row = rec.table.iloc[-1]
    assert row["ci_low"] >= 0.9


def test_recommend_with_cost_and_joint_target():
    target = [
        {"kpi": "work_end_min", "op": "<=", "value": 1140},
        {"kpi": "wait_max_min", "op": "<=", "value": 30},
    ]
    over = [
        {"staff.kpps": 7, "tps.booths": 2},
        {"staff.kpps": 7, "tps.booths": 5},
        {"staff.kpps": 6, "tps.booths": 5},
    ]
    rec = recommend(SC, target, over, prob=0.8, cost={"tps.booths": 1.0}, max_reps=200, **FAST)
    assert rec.table["tps.booths"].iloc[0] == 2  # cheapest first
    assert rec.config is not None and rec.config["staff.kpps"] == 7


def test_recommend_none_when_nothing_meets():
    target = {"kpi": "work_end_min", "op": "<=", "value": 600, "prob": 0.9}
    rec = recommend(SC, target, {"staff.kpps": [6, 7]}, **FAST)
    assert not rec.found and (rec.table["decision"] == "fails").all()
    assert "No configuration" in recommendation_text(rec, "en")


@pytest.mark.parametrize(
    ("target", "message"),
    [
        ({"kpi": "nope", "op": "<=", "value": 1, "prob": 0.9}, "kpi"),
        ({"kpi": "work_end_min", "op": "~", "value": 1, "prob": 0.9}, "op"),
        ({"kpi": "work_end_min", "op": "<=", "value": "late", "prob": 0.9}, "value"),
        ({"kpi": "work_end_min", "op": "<=", "value": 1, "prob": 1.5}, "prob"),
        ({"kpi": "work_end_min", "op": "<=", "value": 1}, "probability"),
        ({"kpi": "work_end_min", "value": 1, "prob": 0.9, "extra": 1}, "unknown key"),
    ],
)
def test_recommend_bad_targets(target, message):
    with pytest.raises(ExperimentError, match=message):
        recommend(SC, target, {"staff.kpps": [7]}, **FAST)


def test_replications_needed_gives_the_requested_half_width():
    rng = np.random.default_rng(0)
    pilot = rng.normal(1000, 60, size=50)
    n = replications_needed(pilot, half_width=10)
    s = pilot.std(ddof=1)
    assert stats.t.ppf(0.975, n - 1) * s / math.sqrt(n) <= 10
    assert stats.t.ppf(0.975, n - 2) * s / math.sqrt(n - 1) > 10
    assert 100 < n < 180  # about (1.96 * 60 / 10) ** 2 = 138
    frame = replicate(SC, reps=20, seed=1, **FAST)
    assert replications_needed(frame, "work_end_min", 10) == replications_needed(
        frame["work_end_min"], half_width=10
    )
    with pytest.raises(ExperimentError, match="kpi"):
        replications_needed(frame, half_width=10)
    with pytest.raises(ExperimentError, match="at least 2"):
        replications_needed([1.0], half_width=1)


@pytest.mark.process
def test_recommend_on_processes_equals_serial():
    target = {"kpi": "work_end_min", "op": "<=", "value": 1140, "prob": 0.9}
    over = {"staff.kpps": [6, 7]}
    serial = recommend(SC, target, over, **FAST)
    procs = recommend(SC, target, over, executor=2, **FAST)
    assert serial.config == procs.config == {"staff.kpps": 7}
    pd.testing.assert_frame_equal(serial.table, procs.table)


def test_the_kpi_catalogue_is_the_summary():
    from simkit import metrics
    from simkit.i18n import LABELS

    summary = simulate_summary(SC, seed=1)
    assert tuple(summary) == metrics.SUMMARY_KEYS  # the catalogue's keys, in its order
    kinds = {"clock", "minutes", "hours", "share", "count", "flag", "label"}
    for kpi in metrics.CATALOGUE.values():
        assert kpi.kind in kinds and kpi.better in ("lower", "higher", "")
        assert kpi.label in LABELS, kpi.key
    assert set(metrics.PROBABILITIES) == set(metrics.keys_of_kind("share")) - {
        "share_wait_over_30min",
        "busiest_utilisation",
    }


def test_tables_and_cards_format_through_one_module():
    from simkit.report import format as fmt

    assert fmt.format_kpi("work_end_min", 1200.0, "id") == "03:00 (+1)"
    assert fmt.format_kpi("share_wait_over_30min", 0.125, "id") == "12,5%"
    assert fmt.format_kpi("kpps_hours_max", 21.25, "en") == "21.2 hours"
    assert fmt.format_value(21.25, "hours", "id") == "21,2 jam"
    assert fmt.format_value(0.4, "flag", "en") == "40%"
    assert fmt.format_change(75, "clock", "id") == "+1 j 15 m (lebih lambat)"
    assert fmt.format_change(-0.1, "share", "id") == "−10 %-poin"
    assert fmt.format_ci(-1.04, 2.0, "hours", "en") == "-1.0 … 2.0 h"
    assert fmt.format_diff("past_deadline", 0.1, 0.05, 0.15, "en") == "+10.0 pp [+5.0, +15.0]"
