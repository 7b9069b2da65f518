"""Region runs at scale: Kota Batu, a 20,000-TPS slice of Indonesia, Dask scaling, memory.

Targets (experiments-at-scale issue), not timed tests:
- Kota Batu, 611 TPS, one replication of the whole day: wall time < 10 s on 2 cores.
- A 20,000-TPS slice of Indonesia, projected to 820,161 TPS: < 1 h on 2 cores.
- Dask LocalCluster, 1 vs 2 workers: the speed-up.
- Peak RSS of a large run (driver + workers): < 2 GiB, and flat (no growth with the run).

Run: ``.venv/bin/python benchmarks/bench_region.py [--quick]`` (``--quick``: a 4,000-TPS slice).
Figures are recorded by hand in benchmarks/README.md with the machine.
"""

from __future__ import annotations

import json
import os
import platform
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

from simkit.region import load_region, run_region
from simkit.scenario import load_scenario

NATIONAL_TPS = 820_161


class RssSampler:
    """Sample the RSS of this process and its children (the workers) every ``interval`` s."""

    def __init__(self, interval: float = 0.25):
        self.interval = interval
        self.samples: list[tuple[float, float, float]] = []  # (t, driver MiB, total MiB)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self):
        me = psutil.Process()
        t0 = time.perf_counter()
        while not self._stop.is_set():
            try:
                driver = me.memory_info().rss
                total = driver + sum(c.memory_info().rss for c in me.children(recursive=True))
            except psutil.Error:
                continue
            self.samples.append((time.perf_counter() - t0, driver / 2**20, total / 2**20))
            self._stop.wait(self.interval)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()

    def quartiles(self) -> list[float]:
        """Total RSS (MiB) at 25/50/75/100% of the run: flat means no growth."""
        if not self.samples:
            return []
        n = len(self.samples)
        return [round(self.samples[min(n - 1, int(q * n) - 1)][2]) for q in (0.25, 0.5, 0.75, 1)]


CPU_S: dict[str, float] = {}


def cpu_seconds() -> float:
    """CPU time of this process and of its finished children (pool workers, Dask nannies)."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def timed_run(region, scenario, out, label="", **kwargs) -> float:
    """Wall seconds of one run; its CPU seconds go to CPU_S[label] (load-independent)."""
    c0, t0 = cpu_seconds(), time.perf_counter()
    run_region(region, scenario, reps=1, seed=1, out_dir=out, progress=False, **kwargs)
    wall = time.perf_counter() - t0
    CPU_S[label] = cpu_seconds() - c0
    return wall


def main(quick: bool = False) -> dict:
    scenario = load_scenario("tps_standar_2024")
    tmp = Path(tempfile.mkdtemp(prefix="simkit-bench-region-"))
    figures: dict = {
        "machine": f"{platform.node()} {platform.machine()}, {psutil.cpu_count()} CPUs"
        f" (affinity {len(os.sched_getaffinity(0))}),"
        f" Python {platform.python_version()}",
        "load_avg_at_start": os.getloadavg(),
    }
    batu = load_region("kota_batu_2024")
    figures["batu_611_serial_s"] = round(timed_run(batu, scenario, tmp / "b1", "s", workers=1), 2)
    figures["batu_611_processes_2_s"] = round(
        timed_run(batu, scenario, tmp / "b2", "p", workers=2), 2
    )
    figures["batu_cpu_ms_per_tps_serial"] = round(1000 * CPU_S["s"] / 611, 2)
    figures["batu_cpu_ms_per_tps_processes_2"] = round(1000 * CPU_S["p"] / 611, 2)

    for n in (1, 2):
        figures[f"batu_dask_local_{n}_workers_s"] = round(
            timed_run(batu, scenario, tmp / f"d{n}", f"d{n}", dask="local", workers=n), 2
        )
    figures["dask_speedup_2_vs_1"] = round(
        figures["batu_dask_local_1_workers_s"] / figures["batu_dask_local_2_workers_s"], 2
    )

    n_slice = 4_000 if quick else 20_000
    indonesia = load_region("indonesia_2024").head(n_slice)
    with RssSampler() as rss:
        wall = timed_run(indonesia, scenario, tmp / "id", "id", workers=2)
    figures[f"indonesia_{n_slice}_tps_processes_2_s"] = round(wall, 1)
    figures["projection_820161_tps_2_cores_h"] = round(wall * NATIONAL_TPS / n_slice / 3600, 2)
    cpu_per_tps = CPU_S["id"] / n_slice
    figures["indonesia_cpu_ms_per_tps"] = round(1000 * cpu_per_tps, 2)
    # what two otherwise idle cores would take: CPU time split over 2 cores
    figures["projection_820161_tps_2_idle_cores_h"] = round(
        cpu_per_tps * NATIONAL_TPS / 2 / 3600, 2
    )
    figures["peak_rss_total_mib"] = round(max(s[2] for s in rss.samples))
    figures["peak_rss_driver_mib"] = round(max(s[1] for s in rss.samples))
    figures["rss_total_mib_at_25_50_75_100pct"] = rss.quartiles()
    figures["parquet_parts"] = len(list((tmp / "id" / "tps").glob("part-*.parquet")))
    figures["dask_cpu_ms_per_tps_1_2_workers"] = [
        round(1000 * CPU_S["d1"] / 611, 2),
        round(1000 * CPU_S["d2"] / 611, 2),
    ]
    figures["load_avg_at_end"] = os.getloadavg()
    return figures


if __name__ == "__main__":
    print(json.dumps(main(quick="--quick" in sys.argv), indent=2))
