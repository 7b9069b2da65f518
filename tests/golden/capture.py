"""Golden outputs: what simkit produces today, through its public API and CLI only.

The restructuring (issue 10) must not change a single result. This script runs every shipped
scenario at a few seeds, a replication set, a comparison, a small region run, a drill with a
scorecard and the common CLI commands, and writes the SHA-256 of each output (and the short text
outputs themselves, so a failure shows the difference) to ``expected.json``.

    .venv/bin/python tests/golden/capture.py   # rewrite expected.json after a change ON PURPOSE

``tests/test_golden.py`` recomputes the same outputs and compares them byte for byte.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
EXPECTED = Path(__file__).with_name("expected.json")
SEEDS = (1, 7)
FRAMES = ("voters", "staff", "counting", "events", "queues")
REGION_CSV = "area,tps,dpt\nBatu A,3,800\nBatu B,2,555\n"
DRILL_INCIDENTS = "cadangan_habis_dpk,keberatan_saksi"


def _sha(data: bytes | str) -> str:
    if isinstance(data, str):
        data = data.encode()
    return hashlib.sha256(data).hexdigest()


def _summary_text(summary: dict) -> str:
    return json.dumps({k: repr(v) for k, v in sorted(summary.items())}, indent=0)


def _cli(args: list[str], cwd: Path, stdin: str = "") -> str:
    env = dict(os.environ, PYTHONHASHSEED="0", COLUMNS="100", NO_COLOR="1")
    for var in ("SIMKIT_LANG", "SIMKIT_DEBUG"):  # the outputs are those of the defaults
        env.pop(var, None)
    proc = subprocess.run(
        [sys.executable, "-m", "simkit", *args],
        cwd=cwd,
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )
    text = f"exit {proc.returncode}\n--- stdout\n{proc.stdout}\n--- stderr\n{proc.stderr}"
    return text.replace(str(cwd), "TMP").replace(str(ROOT), "ROOT")


def _folder(path: Path) -> dict[str, str]:
    """Hash every file of an output folder (Parquet parts are read back as CSV: their bytes
    carry the library's version)."""
    import pandas as pd

    out = {}
    for f in sorted(path.rglob("*")):
        if not f.is_file():
            continue
        rel = f.relative_to(path).as_posix()
        if f.suffix == ".parquet":
            out[rel] = _sha(pd.read_parquet(f).to_csv(index=False))
        elif f.suffix == ".png":
            out[rel] = "png"  # pixels depend on fonts; the data behind them is hashed elsewhere
        else:
            out[rel] = _sha(f.read_bytes().replace(str(path).encode(), b"OUT"))
    return out


def capture() -> dict[str, object]:
    import simkit

    results: dict[str, object] = {}
    names = sorted(simkit.list_scenarios())
    for name in names:
        sc = simkit.load_scenario(name)
        for seed in SEEDS:
            day = simkit.simulate(sc, seed=seed)
            key = f"simulate/{name}/seed{seed}"
            results[f"{key}/summary"] = _summary_text(day.summary)
            for frame in FRAMES:
                results[f"{key}/{frame}"] = _sha(getattr(day, frame).to_csv(index=False))
    std = simkit.load_scenario("tps_standar_2024")
    reps = simkit.replicate(std, reps=4, seed=3)
    results["replicate/standar/4x3"] = _sha(reps.to_csv(index=False))
    results["summarize/standar/4x3"] = _sha(simkit.summarize(reps).to_csv())
    five = simkit.with_overrides(std, {"staff.kpps": 5, "tps.booths": 3})
    table = simkit.compare({"7 KPPS": std, "5 KPPS": five}, reps=4, seed=2)
    results["compare/7v5"] = _sha(table.to_csv())
    with tempfile.TemporaryDirectory() as tmp:
        tmpdir = Path(tmp)
        (tmpdir / "region.csv").write_text(REGION_CSV)
        for args in (
            ["run"],
            ["run", "--lang", "en"],
            ["run", "--set", "staff.kpps=5", "--reps", "3", "--seed", "2"],
            ["compare", "tps_standar_2024", "--variant", "5 KPPS", "staff.kpps=5", "--reps", "3"],
            ["sweep", "--grid", "staff.kpps=5,7", "--reps", "2"],
            ["scenarios"],
            ["validate", str(ROOT / "scenarios" / "tps_standar_2024.yaml")],
            ["drill", "--list"],
        ):
            results["cli/" + " ".join(args).replace(str(ROOT), "ROOT")] = _cli(args, tmpdir)
        results["cli/region"] = _cli(
            ["region", "region.csv", "--reps", "2", "--workers", "1", "--out", "reg"], tmpdir
        )
        results["files/region"] = _folder(tmpdir / "reg")
        results["cli/run --out"] = _cli(["run", "--reps", "2", "--out", "runout"], tmpdir)
        results["files/run"] = _folder(tmpdir / "runout")
        results["cli/drill"] = _cli(
            ["drill", "--incidents", DRILL_INCIDENTS, "--teams", "A,B", "--out", "drill"],
            tmpdir,
            stdin="1\n2\n2\n1\n",
        )
        results["files/drill"] = _folder(tmpdir / "drill")
    return results


def main() -> int:
    EXPECTED.write_text(json.dumps(capture(), indent=1, ensure_ascii=False, sort_keys=True) + "\n")
    print(f"wrote {EXPECTED}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
