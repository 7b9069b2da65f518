"""simkit.theory: the Erlang C formula and the model's M/M/c runs against it."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from simkit import theory


def test_mm1_is_textbook():
    # M/M/1: P(wait) = rho, Wq = rho / (mu - lam)
    r = theory.erlang_c(lam=0.8, mu=1.0, c=1)
    assert r.p_wait == pytest.approx(0.8)
    assert r.wq == pytest.approx(0.8 / 0.2)
    assert r.lq == pytest.approx(0.8 * r.wq)


def test_known_mmc_value_and_unpacking():
    # 40 voters/h, 5-min booth, 4 booths: a = 3.333 Erlang, C(4, a) = 0.6577
    p_wait, wq = theory.erlang_c(40 / 60, 1 / 5, 4)
    assert p_wait == pytest.approx(0.65772, abs=1e-4)
    assert wq == pytest.approx(p_wait / (4 / 5 - 40 / 60))


def test_more_servers_wait_less():
    waits = [theory.erlang_c(1.0, 0.3, c).wq for c in (4, 5, 6, 8)]
    assert waits == sorted(waits, reverse=True)


@pytest.mark.parametrize(
    "lam, mu, c", [(1.0, 0.25, 4), (2.0, 0.5, 3), (0.0, 1.0, 1), (1.0, 1.0, 0), (1.0, 1.0, 1.5)]
)
def test_bad_or_unstable_input_is_refused(lam, mu, c):
    with pytest.raises(ValueError):
        theory.erlang_c(lam, mu, c)


def test_model_matches_erlang_c_at_high_load():
    # rho = 0.83; 8 replications of 40 h each: P(wait) within 0.05, Wq within its CI + 20%
    row = theory.mmc_check(40.0, 4, 5.0, reps=8, seed=3)
    assert row["rho"] == pytest.approx(0.8333, abs=1e-3)
    assert abs(row["p_wait_sim"] - row["p_wait_theory"]) < 0.05
    slack = row["wq_ci_min"] + 0.2 * row["wq_theory_min"]
    assert abs(row["wq_sim_min"] - row["wq_theory_min"]) < slack


def test_calibration_table_reads_targets():
    frame = pd.DataFrame(
        {"last_voter_exit_min": [365.0, 370.0, 400.0], "kpps_hours_max": [20.0, 21.0, 23.0]}
    )
    tab = theory.calibration_table(frame).set_index("kpi")
    assert list(tab.index) == ["last_voter_exit_min", "kpps_hours_max"]
    assert tab.loc["last_voter_exit_min", "median"] == 370.0
    assert tab.loc["last_voter_exit_min", "share_in_target"] == pytest.approx(2 / 3)
    assert bool(tab.loc["kpps_hours_max", "median_in_target"])
    assert all(s.startswith("§") for s in tab["source"])
    assert not math.isnan(tab.loc["kpps_hours_max", "band_high"])
