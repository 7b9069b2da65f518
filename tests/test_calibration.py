"""The standard 2024 TPS against DOMAIN.md's calibration targets (200 replications).

Targets (DOMAIN.md "Calibration targets"): last voter leaves ~13:00-13:30; PPWP counted in about
an hour, a DPR/DPRD type in ~1.5-2 h (Cakung, Kudus, §3.1); counting ends ~21:30-02:00; all
paperwork done ~00:00-05:30 (§3.1); KPPS on duty ~18-22 h (§3.2). The medians must land inside;
the 90% bands inside a window one hour wider on each side.
"""

import numpy as np
import pandas as pd
import pytest

import simkit

REPS = 200


@pytest.fixture(scope="module")
def days():
    sc = simkit.load_scenario("tps_standar_2024")
    return [simkit.simulate(sc, seed=seed, tps_id="calibration") for seed in range(REPS)]


def band(values):
    return np.percentile(values, [5, 50, 95])


@pytest.mark.slow
@pytest.mark.parametrize(
    "key,low,high",
    [
        ("last_voter_exit_min", 360, 390),  # 13:00-13:30
        ("counting_end_min", 870, 1140),  # 21:30-02:00
        ("work_end_min", 1020, 1350),  # 00:00-05:30
        ("kpps_hours_max", 18, 22),  # hours
    ],
)
def test_summary_targets(days, key, low, high):
    p5, median, p95 = band([d.summary[key] for d in days])
    assert low <= median <= high, (key, median)
    slack = 1.0 if key.startswith("kpps") else 60.0
    assert low - slack <= p5 and p95 <= high + slack, (key, p5, p95)


@pytest.mark.slow
@pytest.mark.parametrize(
    "types,low,high",
    [
        (["PPWP"], 45, 80),  # about an hour (Cakung)
        (["DPR", "DPRD_PROV", "DPRD_KABKOTA"], 85, 130),  # about 1.5-2 h (Kudus)
    ],
)
def test_count_duration_per_type(days, types, low, high):
    counting = pd.concat([d.counting for d in days])
    rows = counting[counting.ballot_type.isin(types)]
    median = float((rows.end_min - rows.start_min).median())
    assert low <= median <= high, median


@pytest.mark.slow
def test_nobody_waits_long_at_the_standard_tps(days):
    share = np.mean([d.summary["share_wait_over_30min"] for d in days])
    assert share < 0.05
