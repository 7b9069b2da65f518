"""Executors: the same tasks give the same rows in this process, in local processes and on Dask."""

import concurrent.futures as cf
import time
import zlib

import numpy as np
import pandas as pd
import pytest

from simkit.executors import ExecutorError, Runner, open_runner
from simkit.experiment import replicate, replication_seed
from simkit.scenario import load_scenario

SC = load_scenario({})  # the schema defaults are the standard 2024 TPS


def standin_summary(scenario, seed, tps_id):
    """A fast stand-in for simulate_summary: deterministic in (seed, tps_id) and the scenario."""
    rng = np.random.default_rng([int(seed), zlib.crc32(str(tps_id).encode())])
    dpt = scenario.tps.voters_dpt
    kpps = scenario.staff.kpps
    booths = scenario.tps.booths
    work_end = 700 + 1.2 * dpt + 90 * (7 - kpps) + rng.normal(0, 60)
    counting_end = work_end - 120 + rng.normal(0, 10)
    wait_max = max(0.0, 0.15 * dpt / booths + rng.normal(0, 8))
    return {
        "voters_eligible": dpt + 8,
        "voters_arrived": int(0.82 * dpt),
        "voters_voted": int(0.82 * dpt),
        "voters_turned_away": 0,
        "voters_left": 0,
        "wait_mean_min": wait_max / 3,
        "wait_p90_min": wait_max / 1.5,
        "wait_max_min": wait_max,
        "share_wait_over_30min": float(wait_max > 30) * 0.1,
        "last_voter_exit_min": 360.0 + rng.uniform(0, 20),
        "counting_end_min": counting_end,
        "work_end_min": work_end,
        "kpps_hours_max": (work_end + 60) / 60 + 1,
        "kpps_hours_mean": (work_end + 60) / 60,
        "past_deadline": bool(work_end > 1740),
        "ballots_spoiled": int(rng.poisson(2)),
        "recounts": int(rng.poisson(0.5)),
        "objections": int(rng.poisson(0.3)),
        "psu_risk_events": 0,
        "busiest_station": "booth",
        "busiest_utilisation": 0.7,
    }


def standin_group(scenarios, seed, tps_ids, shared_copier=True):
    """Stand-in for simulate_group: each TPS as alone, plus 30 min per extra TPS on the copier."""
    out = []
    for sc, tid in zip(scenarios, tps_ids, strict=True):
        s = standin_summary(sc, seed, tid)
        s["work_end_min"] += 30 * (len(tps_ids) - 1)
        out.append(s)
    return out


def _square(x):
    return x * x


def _slow_square(x):
    time.sleep(0.01 * (5 - x % 5))  # out-of-order completion
    return x * x


def test_serial_runner_yields_in_order():
    with open_runner() as runner:
        assert isinstance(runner, Runner) and runner.n_workers == 1
        assert list(runner.map_unordered(_square, range(4))) == [(0, 0), (1, 1), (2, 4), (3, 9)]


def test_process_runner_returns_every_index_once():
    with open_runner(2) as runner:
        got = dict(runner.map_unordered(_slow_square, range(20), max_in_flight=3))
    assert got == {i: i * i for i in range(20)}


def test_an_executor_passed_in_is_left_open():
    with cf.ThreadPoolExecutor(2) as pool:
        with open_runner(pool) as runner:
            assert dict(runner.map_unordered(_square, range(5))) == {i: i * i for i in range(5)}
        assert pool.submit(_square, 3).result() == 9  # still usable


@pytest.mark.parametrize("bad", ["bogus", 0, -2, 2.5, True])
def test_unknown_executor_is_a_clear_error(bad):
    with pytest.raises(ExecutorError, match="executor|workers"), open_runner(bad):
        pass


def test_unreachable_dask_address_fails_fast_with_the_address():
    start = time.monotonic()
    with (
        pytest.raises(ExecutorError, match="127.0.0.1:1") as err,
        open_runner(dask="tcp://127.0.0.1:1", timeout_s=1.0),
    ):
        pass
    assert "cannot be reached" in str(err.value)
    assert time.monotonic() - start < 20


def test_malformed_dask_address():
    with pytest.raises(ExecutorError, match="tcp://HOST:PORT"), open_runner(dask="somewhere"):
        pass


def test_replicate_identical_on_serial_processes_and_dask_localcluster():
    from distributed import Client, LocalCluster

    kwargs = {"reps": 30, "seed": 11, "summary_fn": standin_summary}
    serial = replicate(SC, **kwargs)
    procs = replicate(SC, executor=2, **kwargs)
    with (
        LocalCluster(
            n_workers=2,
            processes=True,
            host="127.0.0.1",
            dashboard_address=None,
            threads_per_worker=1,
        ) as cluster,
        Client(cluster) as client,
    ):
        dask = replicate(SC, executor=client, **kwargs)
    pd.testing.assert_frame_equal(serial, procs)
    pd.testing.assert_frame_equal(serial, dask)
    assert serial["seed"].tolist() == [replication_seed(11, i) for i in range(30)]


def test_a_runner_passed_in_is_reused_not_closed():
    with open_runner(2) as runner:
        with open_runner(runner) as inner:
            assert inner is runner
        assert dict(runner.map_unordered(_square, range(3))) == {0: 0, 1: 1, 2: 4}
