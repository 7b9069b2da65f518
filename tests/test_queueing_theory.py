"""The M/M/c validation mode agrees with Erlang C (mean wait in queue, probability of waiting).

Tolerance: the mean over R independent long runs must lie within 3 standard errors of the
formula, plus a 5% allowance for the finite-window bias of a queue that starts empty.
"""

import math

import numpy as np
import pytest

import simkit

MEAN_SERVICE = 5.0
WARM_UP_MIN = 180.0
REPS = 12


def erlang_c(lam: float, mu: float, c: int) -> tuple[float, float]:
    """(probability of waiting, mean wait in queue) of an M/M/c queue."""
    a = lam / mu
    rho = a / c
    top = a**c / math.factorial(c) / (1 - rho)
    p_wait = top / (sum(a**k / math.factorial(k) for k in range(c)) + top)
    return p_wait, p_wait / (c * mu - lam)


def run(rho: float, c: int, seed: int):
    rate_per_hour = rho * c / MEAN_SERVICE * 60
    sc = simkit.with_overrides(
        "validation/mmc",
        {
            "arrivals.rate_per_hour": rate_per_hour,
            "tps.booths": c,
            "durations.booth": {"dist": "exponential", "mean": MEAN_SERVICE},
        },
    )
    v = simkit.simulate(sc, seed=seed).voters
    v = v[v.arrival_min >= WARM_UP_MIN]
    return v.wait_min.mean(), (v.wait_min > 1e-9).mean(), len(v)


def test_erlang_c_formula_known_value():
    # c=1 reduces to M/M/1: P(wait) = rho, Wq = rho / (mu - lam)
    p, wq = erlang_c(0.5, 1.0, 1)
    assert p == pytest.approx(0.5) and wq == pytest.approx(1.0)


def test_mmc_scenario_has_only_the_booth_station():
    sc = simkit.load_scenario("validation/mmc")
    assert sc.arrivals.pattern == "poisson" and not sc.counting.enabled
    assert not any(
        [sc.stations.entrance, sc.stations.ketua_table, sc.stations.boxes, sc.stations.ink]
    )
    day = simkit.simulate(sc, seed=1)
    assert set(day.events.kind) <= {
        "kpps_arrive",
        "voting_open",
        "arrive",
        "booth_start",
        "booth_end",
        "exit",
    }


@pytest.mark.slow
@pytest.mark.parametrize("rho,c", [(0.5, 4), (0.7, 4), (0.85, 4), (0.9, 2), (0.8, 1)])
def test_mmc_agrees_with_erlang_c(rho, c):
    mu = 1 / MEAN_SERVICE
    p_theory, wq_theory = erlang_c(rho * c * mu, mu, c)
    waits, p_waits = [], []
    for seed in range(REPS):
        wq, pw, n = run(rho, c, seed)
        assert n > 300
        waits.append(wq)
        p_waits.append(pw)
    se = np.std(waits, ddof=1) / math.sqrt(REPS)
    assert abs(np.mean(waits) - wq_theory) < 3 * se + 0.05 * wq_theory, (
        np.mean(waits),
        wq_theory,
        se,
    )
    se_p = np.std(p_waits, ddof=1) / math.sqrt(REPS)
    assert abs(np.mean(p_waits) - p_theory) < 3 * se_p + 0.03, (np.mean(p_waits), p_theory)
