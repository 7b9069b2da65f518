"""Region runs under hostile input and killed processes (issue 15, defects 2, 7, 10 and 11).

A 38-byte region file once asked for a billion TPS and took 15.8 GB; a truncated part gave a raw
"Parquet magic bytes not found"; a stray ``part-00099.parquet`` crashed with IndexError; a resume
after an upgrade would have mixed model versions; a killed ``simkit region`` left its workers
running; ``--workers 40`` started 40 processes for 2 batches; a run in a log showed no progress.
"""

from __future__ import annotations

import json
import os
import random
import resource
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pandas as pd
import pytest
from test_executors import standin_group, standin_summary

import simkit
from simkit.region import (
    MAX_REGION_TPS,
    RegionError,
    RegionWarning,
    load_region,
    read_region_result,
    regionfile,
    run_region,
    store,
)
from simkit.report import region as report_region
from simkit.report.region import ProgressLines
from simkit.scenario import load_scenario

SC = load_scenario({})
ROOT = Path(__file__).resolve().parent.parent
FAST = {"summary_fn": standin_summary, "group_fn": standin_group, "progress": False}
MEMORY_LIMIT = 3 * 1024**3  # a command that needs more than 3 GB for a tiny file is a defect


def write(tmp_path, text, name="region.csv"):
    path = tmp_path / name
    path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    return path


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def cli(*args, timeout: float = 120, memory=False):
    """Run ``python -m simkit ARGS``; a hang past ``timeout`` fails the test."""
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    return subprocess.run(
        [sys.executable, "-m", "simkit", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
        preexec_fn=_limit_memory if memory else None,
    )


@pytest.fixture
def small(tmp_path):
    return write(tmp_path, "area,tps,dpt\nKec A,23,5900\nKec B,17,4100\n", "small.csv")


# --------------------------------------------------------------------------- defect 2: bounds


@pytest.mark.process
def test_a_tiny_region_file_asking_for_a_billion_tps_is_refused_with_the_bound(tmp_path):
    path = tmp_path / "milyar.csv"
    path.write_text("area,tps,dpt\nA,1000000000,1000000000\n", encoding="utf-8")
    done = cli("region", path, "--out", tmp_path / "o", timeout=60, memory=True)
    assert done.returncode == 2, done.stderr[-2000:]
    assert "milyar.csv" in done.stderr and "Traceback" not in done.stderr
    assert "1000000000" in done.stderr.replace(".", "").replace(",", "")
    assert str(MAX_REGION_TPS) in done.stderr and not (tmp_path / "o").exists()


@pytest.mark.process
def test_a_region_whose_total_is_over_the_bound_is_refused(tmp_path):
    rows = "".join(f"A{i},300000,60000000\n" for i in range(5))  # 1.5 million TPS in all
    path = tmp_path / "terlalu_banyak.csv"
    path.write_text("area,tps,dpt\n" + rows, encoding="utf-8")
    done = cli("region", path, "--out", tmp_path / "o", timeout=60, memory=True)
    assert done.returncode == 2, done.stderr[-2000:]
    assert "terlalu_banyak.csv" in done.stderr and "Traceback" not in done.stderr


def test_the_bounds_are_named_in_both_languages(tmp_path):
    one = write(tmp_path, "area,tps,dpt\nA,1000001,200000000\n", "satu.csv")
    with pytest.raises(RegionError) as err:
        load_region(one, lang="en")
    text = str(err.value)
    assert "satu.csv, line 2, column tps = '1000001'" in text and "1000000 TPS per row" in text
    assert "820,161" in text
    total = write(tmp_path, "area,tps,dpt\nA,600000,60000000\nB,600000,60000000\n", "dua.csv")
    with pytest.raises(RegionError, match=r"dua.csv, baris 3, kolom tps = '600000'.*1200000"):
        load_region(total)
    per_tps = "area,tps_id,dpt\n" + "".join(f"A,{i},100\n" for i in range(5))
    with (
        pytest.raises(RegionError, match="5 TPS up to this row, over the limit of 4 TPS"),
        pytest.MonkeyPatch.context() as mp,
    ):
        mp.setattr(regionfile, "MAX_REGION_TPS", 4)
        mp.setattr(regionfile, "MAX_REGION_ROWS", 100)
        load_region(write(tmp_path, per_tps, "per_tps.csv"), lang="en")


def test_a_huge_count_of_digits_is_refused_not_crashed(tmp_path):
    path = write(tmp_path, f"area,tps,dpt\nA,{'9' * 5000},{'9' * 400}.0\n", "digits.csv")
    with pytest.raises(RegionError) as err:
        load_region(path, lang="en")
    assert "digits.csv, line 2, column tps" in str(err.value) and len(str(err.value)) < 1000


def test_file_size_and_row_count_are_bounded(tmp_path, monkeypatch):
    path = write(tmp_path, "area,tps,dpt\n" + "".join(f"A{i},1,100\n" for i in range(50)))
    monkeypatch.setattr(regionfile, "MAX_REGION_FILE_BYTES", 100)
    with pytest.raises(RegionError, match=r"region.csv: the region file is 0 MB, over the limit"):
        load_region(path, lang="en")
    monkeypatch.setattr(regionfile, "MAX_REGION_FILE_BYTES", 10**6)
    monkeypatch.setattr(regionfile, "MAX_REGION_ROWS", 20)
    with pytest.raises(RegionError, match=r"region.csv, line 22: more than 20 data rows"):
        load_region(path, lang="en")


def test_the_per_area_spread_is_the_same_as_before(tmp_path):
    path = write(tmp_path, "area,tps,dpt,copier_group\nA,3,10,g\nB,0,0,\nC,1200,300000,\n")
    tps = load_region(path).tps
    assert tps["tps_id"].tolist()[:4] == ["A/001", "A/002", "A/003", "C/0001"]
    assert tps["dpt"].tolist()[:3] == [4, 3, 3] and tps["dpt"].dtype == "int64"
    assert tps["copier_group"].tolist()[:4] == ["g", "g", "g", ""]
    assert len(tps) == 1203 and tps["dpt"].sum() == 300010


# --------------------------------------------------------------------------- defect 11: resume


def _whole_and_resumed(small, tmp_path):
    args = {"reps": 2, "seed": 5, "workers": 1, "batch_size": 6, **FAST}
    whole = run_region(small, SC, out_dir=tmp_path / "whole", **args)
    shutil.copytree(tmp_path / "whole", tmp_path / "again")
    return whole, args


def test_a_truncated_part_is_moved_aside_and_its_batch_rerun(small, tmp_path):
    whole, args = _whole_and_resumed(small, tmp_path)
    part = tmp_path / "again" / "tps" / "part-00003.parquet"
    data = part.read_bytes()
    part.write_bytes(data[: len(data) // 2])
    with pytest.raises(RegionError, match="part-00003.parquet cannot be read.*run the same"):
        read_region_result(tmp_path / "again", lang="en")  # not a raw pyarrow error
    with pytest.warns(RegionWarning, match="part-00003.parquet") as caught:
        resumed = run_region(small, SC, out_dir=tmp_path / "again", **args)
    assert "part-00003.parquet.bad" in caught[0].message.text("en")
    assert (tmp_path / "again" / "tps" / "part-00003.parquet.bad").exists()
    assert len(pd.read_parquet(part)) == 6  # written again, whole
    pd.testing.assert_frame_equal(whole.tps, resumed.tps)


def test_a_part_with_corrupt_bytes_is_moved_aside_and_its_batch_rerun(small, tmp_path):
    whole, args = _whole_and_resumed(small, tmp_path)
    part = tmp_path / "again" / "tps" / "part-00005.parquet"
    data = bytearray(part.read_bytes())
    middle = len(data) // 3
    data[middle : middle + 24] = bytes(b ^ 0xFF for b in data[middle : middle + 24])
    part.write_bytes(bytes(data))
    with pytest.warns(RegionWarning, match="part-00005.parquet"):
        resumed = run_region(small, SC, out_dir=tmp_path / "again", **args)
    pd.testing.assert_frame_equal(whole.tps, resumed.tps)
    assert (tmp_path / "again" / "tps" / "part-00005.parquet.bad").exists()


def test_a_part_with_other_rows_is_moved_aside(small, tmp_path):
    whole, args = _whole_and_resumed(small, tmp_path)
    part = tmp_path / "again" / "tps" / "part-00001.parquet"
    pd.read_parquet(part).head(2).to_parquet(part, index=False)
    with pytest.warns(RegionWarning, match="2 rows instead of 6"):
        resumed = run_region(small, SC, out_dir=tmp_path / "again", **args)
    pd.testing.assert_frame_equal(whole.tps, resumed.tps)


def test_a_stray_part_beyond_the_batches_is_ignored_with_a_warning(small, tmp_path):
    whole, args = _whole_and_resumed(small, tmp_path)
    tps = tmp_path / "again" / "tps"
    (tps / "part-00005.parquet").unlink()
    shutil.copy(tps / "part-00000.parquet", tps / "part-00099.parquet")
    with pytest.warns(RegionWarning, match="part-00099.parquet: simulasi ini hanya punya 14") as w:
        resumed = run_region(small, SC, out_dir=tmp_path / "again", **args)
    assert "part-00099.parquet: this run has only 14 batches" in w[0].message.text("en")
    pd.testing.assert_frame_equal(whole.tps, resumed.tps)
    again = read_region_result(tmp_path / "again")
    pd.testing.assert_frame_equal(whole.tps, again.tps)
    assert again.total == whole.total


@pytest.mark.parametrize("recorded", ["0.0.9", None])
def test_a_run_written_by_another_simkit_version_is_not_resumed(small, tmp_path, recorded):
    whole, args = _whole_and_resumed(small, tmp_path)
    path = tmp_path / "again" / "manifest.json"
    manifest = json.loads(path.read_text())
    assert manifest["simkit_version"] == simkit.__version__ and manifest["format"] == 2
    if recorded is None:  # written before the version was recorded
        del manifest["simkit_version"]
        manifest["format"] = 1
    else:
        manifest["simkit_version"] = recorded
    path.write_text(json.dumps(manifest))
    (tmp_path / "again" / "tps" / "part-00002.parquet").unlink()
    with pytest.raises(RegionError) as err:
        run_region(small, SC, out_dir=tmp_path / "again", **args, lang="en")
    text = str(err.value)
    assert f"written by simkit {recorded or '?'}" in text and simkit.__version__ in text
    assert "new --out folder, or delete this folder" in text
    assert "--out baru" in err.value.text("id")
    assert not (tmp_path / "again" / "tps" / "part-00002.parquet").exists()


def test_each_part_is_fsynced_then_renamed_then_its_folder_fsynced(tmp_path, monkeypatch):
    events = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd):
        events.append(("fsync", "dir" if os.path.isdir(f"/proc/self/fd/{fd}") else "file"))
        return real_fsync(fd)

    def replace(src, dst):
        events.append(("replace", Path(dst).name))
        return real_replace(src, dst)

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "replace", replace)
    store.write_part(tmp_path, 7, pd.DataFrame({"a": [1, 2]}))
    assert events == [("fsync", "file"), ("replace", "part-00007.parquet"), ("fsync", "dir")]
    assert not list(tmp_path.glob(".part-*"))


# --------------------------------------------------------------------------- defect 7: workers


def test_workers_never_outnumber_the_batches_left(small, tmp_path, monkeypatch):
    from simkit.region import run as region_run

    seen = []
    real = region_run.open_runner

    def spy(*args, **kwargs):
        seen.append(kwargs.get("jobs"))
        return real(*args, **{**kwargs, "workers": 1})

    monkeypatch.setattr(region_run, "open_runner", spy)
    args = {"reps": 1, "seed": 5, "workers": 8, "batch_size": 6, **FAST}
    run_region(small, SC, out_dir=tmp_path / "o", **args)  # 40 TPS in batches of 6: 7
    for k in (1, 4):
        (tmp_path / "o" / "tps" / f"part-{k:05d}.parquet").unlink()
    run_region(small, SC, out_dir=tmp_path / "o", **args)
    run_region(small, SC, out_dir=tmp_path / "o", **args)
    assert seen == [7, 2, 1]


@pytest.mark.process
def test_the_cpu_cap_reaches_the_user_as_one_clean_line(small, tmp_path):
    done = cli("region", small, "--out", tmp_path / "o", "--workers", "999", "--lang", "en")
    assert done.returncode == 0, done.stderr[-2000:]
    lines = [line for line in done.stderr.splitlines() if "999" in line]
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("simkit region: warning: 999 workers asked for")
    assert "ExecutorWarning" not in done.stderr and ".py:" not in done.stderr


# --------------------------------------------------------------------------- defect 10: progress


def test_progress_lines_in_a_log_say_done_total_elapsed_and_time_left(monkeypatch, capsys):
    now = [0.0]
    lines = ProgressLines("jatim", "en", clock=lambda: now[0])
    lines(100, 1100)  # a resume: 100 TPS-days were already on disk
    for done in range(200, 1101, 100):
        now[0] += 10
        lines(done, 1100)
    out = capsys.readouterr().err.splitlines()
    # quiet for 30 s, then at each 10% (or each minute), and at the end
    assert out[0] == "jatim: 400/1,100 TPS-days (36.4%), 0:00:30 elapsed, about 0:01:10 left"
    assert out[-1] == "jatim: 1,100/1,100 TPS-days (100%), 0:01:40 elapsed, about 0:00:00 left"
    assert len(out) == 8
    quick = ProgressLines("kecil", "id", clock=lambda: now[0])
    quick(0, 10)
    quick(10, 10)
    assert capsys.readouterr().err == ""  # a short run prints nothing


def test_simkit_region_prints_plain_progress_when_not_on_a_terminal(small, tmp_path, capsys):
    from simkit.cli import main

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(report_region, "PROGRESS_QUIET_S", 0.0)
        args = ["region", str(small), "--out", str(tmp_path / "o"), "--workers", "1"]
        assert main([*args, "--chunk", "10"]) == 0
    err = capsys.readouterr().err
    assert "small: 40/40 TPS-hari (100%), berjalan 0:00:" in err, err
    assert "\r" not in err  # no bar


# --------------------------------------------------------------------------- fault: SIGKILL


def _children(pid: int) -> set[int]:
    """PIDs whose parent is ``pid`` (read from /proc)."""
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            fields = stat.rsplit(")", 1)[1].split()
            if int(fields[1]) == pid:
                found.add(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def _frames(out: Path) -> tuple[str, bytes, bytes]:
    parts = sorted((out / "tps").glob("part-*.parquet"))
    rows = pd.concat([pd.read_parquet(p) for p in parts], ignore_index=True)
    return (
        rows.to_csv(index=False),
        (out / "areas.csv").read_bytes(),
        (out / "total.json").read_bytes(),
    )


@pytest.mark.process
@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")
def test_sigkill_of_simkit_region_leaves_no_worker_and_resumes_byte_identical(tmp_path):
    csv = write(tmp_path, "area,tps,dpt\nA,100,25000\nB,100,24000\n", "kill.csv")
    common = ["--reps", "1", "--seed", "4", "--chunk", "4"]
    whole = cli("region", csv, "--out", tmp_path / "whole", "--workers", "1", *common, timeout=300)
    assert whole.returncode == 0, whole.stderr[-2000:]
    out = tmp_path / "killed"
    proc = subprocess.Popen(
        [sys.executable, "-m", "simkit", "region", str(csv), "--out", str(out), "--workers", "2"]
        + common,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 120
        while not list(out.glob("tps/part-*.parquet")):
            assert proc.poll() is None and time.monotonic() < deadline, "no part written"
            time.sleep(0.02)
        time.sleep(random.uniform(0.0, 0.5))  # a random moment after the first part
        workers = _children(proc.pid)
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait()
    assert proc.returncode == -signal.SIGKILL, "the run should have been killed midway"
    assert workers, "the run should have had worker processes"
    assert len(list(out.glob("tps/part-*.parquet"))) < 50
    deadline = time.monotonic() + 30
    while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not [pid for pid in workers if _alive(pid)], "workers outlived their driver"
    again = cli("region", csv, "--out", out, "--workers", "2", *common, timeout=300)
    assert again.returncode == 0, again.stderr[-2000:]
    assert _frames(out) == _frames(tmp_path / "whole")


def _simple_batches(units, reps, size):
    """The plain greedy cut the batch plan must equal (one Python object per TPS-day)."""
    batches, current, count = [], [], 0
    for rep in range(reps):
        for unit in units:
            current.append((rep, unit))
            count += len(unit)
            if count >= size:
                batches.append(current)
                current, count = [], 0
    return [*batches, current] if current else batches


def test_the_batch_plan_equals_the_plain_greedy_cut():
    from simkit.region.regionfile import Region
    from simkit.region.run import _batches

    rnd = random.Random(1)
    for _ in range(300):
        n = rnd.randint(1, 60)
        labels = ["", "", "", "g1", "g2", "g3"]
        groups = [rnd.choice(labels) if rnd.random() < 0.5 else "" for _ in range(n)]
        tps = pd.DataFrame(
            {
                "area": "A",
                "tps_id": [f"A/{i}" for i in range(n)],
                "dpt": 100,
                "copier_group": groups,
            }
        )
        region = Region("r", "r", pd.DataFrame({"area": ["A"]}), tps)
        reps, size = rnd.randint(1, 4), rnd.randint(1, 30)
        plain = _simple_batches(region.units(), reps, size)
        plan = _batches(region, reps, size)
        assert len(plan) == len(plain)
        for k, batch in enumerate(plain):
            assert [(rep, unit.tolist()) for rep, unit in plan.batch(k)] == batch
            assert plan.rows[k] == sum(len(unit) for _, unit in batch)


def test_a_national_run_is_planned_without_an_object_per_tps():
    from simkit.region.run import _batches

    region = load_region("indonesia_2024")
    started = time.perf_counter()
    plan = _batches(region, 3, 200)
    assert sum(plan.rows) == 3 * 820_161 and len(plan) == -(-3 * 820_161 // 200)
    assert time.perf_counter() - started < 60  # a hang, not a speed target
