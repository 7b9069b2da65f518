"""Speed of one TPS day: voting only, the whole day, detailed frames, and 100 replications.

Targets (issues 2 and 3): one voting day (~230 voters) under 15 ms; a whole standard day
(voting + counting) under 10 ms median; report the events scheduled. Run: make bench.
"""

from __future__ import annotations

import json
import os
import platform
import statistics
import sys
import time

import simpy

import simkit
from simkit.simulation import simulate, simulate_summary


def median_ms(fn, repeat: int) -> float:
    times = []
    for i in range(repeat):
        t0 = time.perf_counter()
        fn(i)
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def count_events(sc) -> int:
    counter = {"n": 0}
    original = simpy.Environment.schedule

    def counting(self, event, priority=1, delay=0):
        counter["n"] += 1
        return original(self, event, priority, delay)

    simpy.Environment.schedule = counting
    try:
        simulate_summary(sc, seed=1)
    finally:
        simpy.Environment.schedule = original
    return counter["n"]


def main(repeat: int = 200) -> dict:
    std = simkit.load_scenario("tps_standar_2024")
    voting = simkit.with_overrides(std, {"counting.enabled": False})
    simulate_summary(std, seed=0)  # warm up imports and caches
    result = {
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}",
        "voting_day_ms_median": median_ms(lambda i: simulate_summary(voting, seed=i), repeat),
        "whole_day_ms_median": median_ms(lambda i: simulate_summary(std, seed=i), repeat),
        "whole_day_detailed_ms_median": median_ms(lambda i: simulate(std, seed=i), repeat // 4),
        "events_voting_day": count_events(voting),
        "events_whole_day": count_events(std),
    }
    t0 = time.perf_counter()
    for i in range(100):
        simulate_summary(std, seed=i)
    result["reps_100_whole_day_s"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    for i in range(100):
        simulate_summary(voting, seed=i)
    result["reps_100_voting_day_s"] = time.perf_counter() - t0
    result["voters_per_day"] = simulate_summary(std, seed=1)["voters_arrived"]
    return result


if __name__ == "__main__":
    out = main(int(sys.argv[1]) if len(sys.argv) > 1 else 200)
    print(json.dumps(out, indent=2))
