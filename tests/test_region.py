"""Region files and region runs: parsing, the DPT spread, streaming, resume, executors."""

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pandas as pd
import pytest
from test_executors import local_cluster, standin_group, standin_summary

from simkit.region import (
    Region,
    RegionError,
    WorkerLost,
    load_region,
    read_region_result,
    rerun_tps,
    run_region,
    spread_dpt,
)
from simkit.report.region import format_region_report
from simkit.scenario import MIDNIGHT_MIN, load_scenario

SC = load_scenario({})
ROOT = Path(__file__).resolve().parent.parent
FAST = {"summary_fn": standin_summary, "group_fn": standin_group, "progress": False}


def write(tmp_path, text, name="region.csv"):
    path = tmp_path / name
    path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    return path


# --------------------------------------------------------------------------- the DPT spread


@pytest.mark.parametrize(("dpt", "n"), [(10, 3), (75536, 281), (300, 1), (599, 2), (7, 7)])
def test_spread_is_as_equal_as_possible_and_exact(dpt, n):
    shares = spread_dpt(dpt, n)
    assert len(shares) == n
    assert sum(shares) == dpt
    assert max(shares) - min(shares) <= 1
    assert shares == sorted(shares, reverse=True)  # the larger TPS come first


def test_spread_example():
    assert spread_dpt(10, 3) == [4, 3, 3]


# --------------------------------------------------------------------------- shipped files


def test_kota_batu_matches_the_published_totals():
    region = load_region("kota_batu_2024")
    assert region.n_tps == 611
    assert region.tps["dpt"].sum() == 164_516
    assert region.tps["dpt"].max() <= 300
    assert region.areas["area"].tolist() == ["Batu", "Bumiaji", "Junrejo"]
    by_area = region.tps.groupby("area")["dpt"].agg(["size", "sum"])
    assert by_area.loc["Batu"].tolist() == [281, 75_536]
    assert {"source", "tps_quality"} <= set(region.areas.columns)
    assert region.tps["tps_id"].is_unique
    assert region.tps["tps_id"].iloc[0] == "Batu/001"


def test_indonesia_matches_the_national_totals():
    region = load_region("indonesia_2024")
    assert region.n_tps == 820_161
    assert region.tps["dpt"].sum() == 203_056_748
    assert len(region.areas) == 38
    assert region.tps["dpt"].max() <= 300
    assert set(region.areas["tps_quality"]) == {"reported", "low", "derived"}


# --------------------------------------------------------------------------- bad input


def test_missing_column_names_the_file_and_the_columns(tmp_path):
    path = write(tmp_path, "area,tps\nA,3\n")
    with pytest.raises(RegionError, match="kolom dpt tidak ada") as err:
        load_region(path)  # Bahasa Indonesia by default
    assert str(path) in str(err.value) and "area,tps,dpt" in str(err.value)
    assert isinstance(err.value, ValueError)
    with pytest.raises(RegionError, match="missing column") as err:
        load_region(path, lang="en")
    assert str(path) in str(err.value) and "dpt" in str(err.value)


def test_bad_values_name_line_column_and_value(tmp_path):
    path = write(
        tmp_path,
        """
        area,tps,dpt
        A,3,800
        B,-1,100
        C,two,100
        D,2,1.5
        A,1,10
        E,2,1000
        F,0,5
    """,
    )
    with pytest.raises(RegionError) as err:
        load_region(path, lang="en")
    msg = str(err.value)
    assert msg == err.value.text("en")
    assert "line 3, column tps = '-1': must be 0 or more" in msg
    assert "line 4, column tps = 'two': must be a whole number" in msg
    assert "line 5, column dpt = '1.5'" in msg
    assert "line 6, column area = 'A': repeats the area of line 2" in msg
    assert "line 7, column dpt = '1000'" in msg and "needs at least 4 TPS" in msg
    assert "line 8, column tps = '0'" in msg
    assert "line 2" not in msg.replace("of line 2", "")  # 800 over 3 TPS fits under 300
    idn = err.value.text("id")
    assert "baris 3, kolom tps = '-1': harus 0 atau lebih" in idn
    assert "baris 4, kolom tps = 'two': harus bilangan bulat" in idn
    assert "baris 6, kolom area = 'A': sama dengan area di baris 2" in idn
    assert "baris 7, kolom dpt = '1000': 1000 DPT tidak muat di 2 TPS" in idn
    assert "perlu sedikitnya 4 TPS" in idn
    assert "baris 8, kolom tps = '0': ada 5 DPT tetapi tidak ada TPS" in idn


def test_cap_500_is_allowed_when_asked(tmp_path):
    path = write(tmp_path, "area,tps,dpt\nA,2,1000\n")
    with pytest.raises(RegionError, match="cap of 300"):
        load_region(path, lang="en")
    with pytest.raises(RegionError, match="batas 300 pemilih per TPS"):
        load_region(path)
    assert load_region(path, dpt_cap=500).tps["dpt"].tolist() == [500, 500]
    with pytest.raises(RegionError, match="dpt_cap"):
        load_region(path, dpt_cap=600)


def test_per_tps_file_checks_ids_and_caps(tmp_path):
    path = write(
        tmp_path,
        """
        area,tps_id,dpt,copier_group
        Desa A,A-1,250,A
        Desa A,A-1,250,A
        Desa A,A-3,301,A
        Desa B,B-1,0,
    """,
    )
    with pytest.raises(RegionError) as err:
        load_region(path, lang="en")
    msg = str(err.value)
    assert "line 3, column tps_id = 'A-1': repeats the TPS of line 2" in msg
    assert "line 4, column dpt = '301': DPT per TPS must be 1-300" in msg
    assert "line 5, column dpt = '0'" in msg
    assert "baris 4, kolom dpt = '301': DPT per TPS harus 1-300" in err.value.text("id")


def test_empty_and_missing_files(tmp_path):
    with pytest.raises(RegionError, match="berkas kosong"):
        load_region(write(tmp_path, ""))
    with pytest.raises(RegionError, match="empty"):
        load_region(write(tmp_path, ""), lang="en")
    with pytest.raises(RegionError, match="tidak dapat dibaca"):
        load_region(tmp_path / "nope.csv")
    with pytest.raises(RegionError, match="cannot be read"):
        load_region(tmp_path / "nope.csv", lang="en")
    with pytest.raises(RegionError, match="wilayah bawaan: indonesia_2024, kota_batu_2024"):
        load_region("atlantis")
    with pytest.raises(RegionError, match="shipped regions: indonesia_2024, kota_batu_2024"):
        load_region("atlantis", lang="en")


def test_per_tps_file_with_copier_groups(tmp_path):
    path = write(
        tmp_path,
        """
        area,tps_id,dpt,desa
        Desa A,A-1,250,A
        Desa B,B-1,200,
        Desa A,A-2,240,A
    """,
    )
    region = load_region(path)
    assert region.units() == [[0, 2], [1]]
    assert region.areas.set_index("area")["tps"].to_dict() == {"Desa A": 2, "Desa B": 1}


# --------------------------------------------------------------------------- runs


@pytest.fixture
def small(tmp_path):
    return write(
        tmp_path,
        """
        area,level,tps,dpt,source
        Kec A,kecamatan,23,5900,made up
        Kec B,kecamatan,17,4100,made up
    """,
        "small.csv",
    )


def test_run_reports_per_area_and_total(small, tmp_path):
    result = run_region(
        small, SC, reps=2, seed=3, out_dir=tmp_path / "out", workers=1, batch_size=7, **FAST
    )
    tps = result.tps
    assert len(tps) == 80 and not tps.duplicated(["tps_id", "replication"]).any()
    assert tps.groupby("replication")["dpt"].sum().tolist() == [10_000, 10_000]
    areas = result.areas.set_index("area")
    assert areas.loc["Kec A", "tps"] == 23 and areas.loc["Kec B", "dpt"] == 4100
    late = (tps["work_end_min"] > MIDNIGHT_MIN).sum() / 2
    assert result.total["tps_work_after_midnight"] == late
    hours = (tps["kpps_hours_mean"] * 7).sum() / 2
    assert result.total["kpps_hours_total"] == pytest.approx(hours)
    worst = tps.groupby("tps_id")["work_end_min"].mean().idxmax()
    assert result.total["riskiest_tps"] == worst
    assert len(result.riskiest) == 10
    assert (tmp_path / "out" / "areas.csv").exists()
    assert json.loads((tmp_path / "out" / "total.json").read_text())["tps"] == 40
    assert "Kec A" in format_region_report(result, "id")
    assert "TPS at highest risk" in format_region_report(result, "en")


@pytest.mark.process
def test_resume_after_losing_parts_gives_the_identical_frame(small, tmp_path):
    full = run_region(
        small, SC, reps=2, seed=5, out_dir=tmp_path / "a", workers=1, batch_size=6, **FAST
    )
    parts = sorted((tmp_path / "a" / "tps").glob("part-*.parquet"))
    assert len(parts) == 14
    for p in parts[3::2]:
        p.unlink()
    (tmp_path / "a" / "tps" / ".part-00004.parquet.tmp-123").write_bytes(b"half a file")
    with pytest.raises(RegionError, match="jalankan lagi perintah yang sama"):
        read_region_result(tmp_path / "a")
    with pytest.raises(RegionError, match="rerun the same command"):
        read_region_result(tmp_path / "a", lang="en")
    resumed = run_region(
        small, SC, reps=2, seed=5, out_dir=tmp_path / "a", workers=2, batch_size=6, **FAST
    )
    pd.testing.assert_frame_equal(full.tps, resumed.tps)
    pd.testing.assert_frame_equal(full.areas, resumed.areas)
    assert not list((tmp_path / "a" / "tps").glob(".part-*"))


def test_other_parameters_in_the_same_folder_are_refused(small, tmp_path):
    out = tmp_path / "out"
    run_region(small, SC, reps=1, seed=1, out_dir=out, workers=1, **FAST)
    before = sorted(p.name for p in (out / "tps").iterdir())
    with pytest.raises(RegionError, match="seed: dulu 1, sekarang 2") as err:
        run_region(small, SC, reps=1, seed=1 + 1, out_dir=out, workers=1, **FAST)
    assert "ulangi perintah semula" in str(err.value) and "folder --out lain" in str(err.value)
    with pytest.raises(RegionError, match="seed: was 1, now 2") as err:
        run_region(small, SC, reps=1, seed=1 + 1, out_dir=out, workers=1, lang="en", **FAST)
    assert "another --out" in str(err.value)
    with pytest.raises(RegionError, match="skenario berubah"):
        run_region(small, load_scenario({"staff": {"kpps": 5}}), out_dir=out, workers=1, **FAST)
    with pytest.raises(RegionError, match="scenario changed"):
        run_region(
            small,
            load_scenario({"staff": {"kpps": 5}}),
            reps=1,
            seed=1,
            out_dir=out,
            workers=1,
            lang="en",
            **FAST,
        )
    assert sorted(p.name for p in (out / "tps").iterdir()) == before


def test_unreachable_dask_is_a_region_error_and_writes_nothing(small, tmp_path):
    with pytest.raises(RegionError, match=r"127\.0\.0\.1:9") as err:
        run_region(small, SC, out_dir=tmp_path / "out", dask="tcp://127.0.0.1:9", **FAST)
    assert "tidak dapat dihubungi" in str(err.value)
    assert "cannot be reached" in err.value.text("en")
    assert not (tmp_path / "out").exists()


def test_bad_file_writes_nothing(tmp_path):
    bad = write(tmp_path, "area,tps,dpt\nA,1,900\n")
    with pytest.raises(RegionError, match="baris 2, kolom dpt"):
        run_region(bad, SC, out_dir=tmp_path / "out", **FAST)
    with pytest.raises(RegionError, match="line 2, column dpt"):
        run_region(bad, SC, out_dir=tmp_path / "out", lang="en", **FAST)
    assert not (tmp_path / "out").exists()


def test_copier_groups_run_as_one_task(tmp_path):
    path = write(
        tmp_path,
        """
        area,tps_id,dpt,copier_group
        Desa A,A-1,250,A
        Desa B,B-1,200,
        Desa A,A-2,240,A
    """,
    )
    result = run_region(path, SC, out_dir=tmp_path / "out", workers=1, **FAST)
    rows = result.tps.set_index("tps_id")
    alone = standin_summary(
        load_scenario({"tps": {"voters_dpt": 250}}), rows.loc["A-1", "seed"], "A-1"
    )
    assert rows.loc["A-1", "work_end_min"] == pytest.approx(alone["work_end_min"] + 30)
    assert rows.loc["B-1", "copier_group"] == ""
    assert result.tps["tps_id"].tolist() == ["A-1", "A-2", "B-1"]


@pytest.mark.process
def test_dask_localcluster_gives_the_same_rows_as_local_processes(small, tmp_path):
    local = run_region(
        small, SC, reps=2, seed=9, out_dir=tmp_path / "p", workers=2, batch_size=9, **FAST
    )
    with local_cluster() as cluster:
        dask = run_region(
            small,
            SC,
            reps=2,
            seed=9,
            out_dir=tmp_path / "d",
            dask=cluster.scheduler_address,
            batch_size=9,
            **FAST,
        )
    pd.testing.assert_frame_equal(local.tps, dask.tps)
    pd.testing.assert_frame_equal(local.areas, dask.areas)


# --------------------------------------------------------------------------- the real model


def test_real_model_any_tps_rerun_alone_gives_its_row(tmp_path):
    region = Region(
        "two",
        "-",
        pd.DataFrame({"area": ["X"], "tps": [3], "dpt": [700]}),
        pd.DataFrame(
            {
                "area": ["X"] * 3,
                "tps_id": ["X/1", "X/2", "X/3"],
                "dpt": [234, 233, 233],
                "copier_group": [""] * 3,
            }
        ),
    )
    result = run_region(
        region, SC, reps=2, seed=4, out_dir=tmp_path / "o", workers=1, progress=False
    )
    row = result.tps[(result.tps["tps_id"] == "X/2") & (result.tps["replication"] == 1)].iloc[0]
    again = rerun_tps(tmp_path / "o", "X/2", replication=1)
    for key, value in again.items():
        assert row[key] == value, key
    assert row["voters_eligible"] == 233 + SC.tps.voters_dptb + SC.tps.voters_dpk


DRIVER = """
import sys
from simkit.region import run_region
from simkit.scenario import load_scenario
run_region(sys.argv[1], load_scenario({}), reps=1, seed=21, out_dir=sys.argv[2], workers=1,
           batch_size=8, progress=False)
"""


@pytest.mark.process
def test_sigkill_midway_then_resume_gives_the_uninterrupted_frame(tmp_path):
    csv = write(tmp_path, "area,tps,dpt\nA,200,53000\nB,200,52000\n")
    whole = run_region(
        csv,
        SC,
        reps=1,
        seed=21,
        out_dir=tmp_path / "whole",
        workers=1,
        batch_size=8,
        progress=False,
    )
    out = tmp_path / "killed"
    proc = subprocess.Popen([sys.executable, "-c", DRIVER, str(csv), str(out)], cwd=ROOT)
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            parts = list((out / "tps").glob("part-*.parquet")) if (out / "tps").exists() else []
            if len(parts) >= 3 or proc.poll() is not None:
                break
            time.sleep(0.02)
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait()
    done = len(list((out / "tps").glob("part-*.parquet")))
    assert 3 <= done < 50, "the run should have been killed midway"
    resumed = run_region(
        csv, SC, reps=1, seed=21, out_dir=out, workers=2, batch_size=8, progress=False
    )
    pd.testing.assert_frame_equal(whole.tps, resumed.tps)
    pd.testing.assert_frame_equal(whole.areas, resumed.areas)
    assert resumed.total == whole.total


def killing_summary(scenario, seed, tps_id):
    """Stand-in that kills its worker process at one TPS while a marker file exists."""
    marker = os.environ.get("SIMKIT_TEST_KILL_MARKER", "")
    if tps_id == "Kec B/005" and marker and os.path.exists(marker):
        os.kill(os.getpid(), signal.SIGKILL)
    return standin_summary(scenario, seed, tps_id)


@pytest.mark.process
def test_killed_worker_then_resume_gives_the_uninterrupted_frame(small, tmp_path, monkeypatch):
    marker = tmp_path / "kill-now"
    marker.write_text("x")
    monkeypatch.setenv("SIMKIT_TEST_KILL_MARKER", str(marker))
    args = {
        "reps": 1,
        "seed": 13,
        "out_dir": tmp_path / "out",
        "workers": 2,
        "batch_size": 5,
        "summary_fn": killing_summary,
        "progress": False,
    }
    with pytest.raises(WorkerLost, match="jalankan perintah yang sama lagi") as err:
        run_region(small, SC, **args)
    assert "run the same command again to resume" in err.value.text("en")
    saved = list((tmp_path / "out" / "tps").glob("part-*.parquet"))
    assert 0 < len(saved) < 8
    marker.unlink()
    resumed = run_region(small, SC, **args)
    whole = run_region(small, SC, **{**args, "out_dir": tmp_path / "whole", "workers": 1})
    pd.testing.assert_frame_equal(whole.tps, resumed.tps)


def test_real_copier_group_runs_through_simulate_group(tmp_path):
    path = write(
        tmp_path,
        """
        area,tps_id,dpt,copier_group
        Desa A,A-1,250,A
        Desa A,A-2,240,A
    """,
    )
    result = run_region(path, SC, out_dir=tmp_path / "out", workers=1, progress=False)
    assert result.tps["copier_group"].tolist() == ["A", "A"]
    assert (result.tps["work_end_min"] > result.tps["counting_end_min"]).all()
    assert result.tps["voters_eligible"].tolist() == [
        250 + SC.tps.voters_dptb + SC.tps.voters_dpk,
        240 + SC.tps.voters_dptb + SC.tps.voters_dpk,
    ]


DRIVER_CTRL_C = """
import signal
import sys
# Ctrl-C raises KeyboardInterrupt here even when the tests run in a background job (whose shell
# hands its children an ignored SIGINT)
signal.signal(signal.SIGINT, signal.default_int_handler)
from simkit.region import run_region
from simkit.scenario import load_scenario
from simkit.testing.paced import paced_summary
if __name__ == "__main__":
    run_region(sys.argv[1], load_scenario({}), reps=1, seed=22, out_dir=sys.argv[2], workers=2,
               batch_size=8, progress=True, summary_fn=paced_summary)
"""


@pytest.mark.process
def test_ctrl_c_keeps_finished_batches_and_says_how_to_resume(tmp_path):
    # The driver's model sleeps 50 ms per TPS-day (paced_summary: same rows as the model), so the
    # 50 batches take >= 10 s on 2 workers: Ctrl-C, sent once the first part is written, always
    # lands mid-run however busy the machine is, and the test waits for a file, not a time.
    csv = write(tmp_path, "area,tps,dpt\nA,200,53000\nB,200,52000\n")
    out = tmp_path / "out"
    proc = subprocess.Popen(
        [sys.executable, "-c", DRIVER_CTRL_C, str(csv), str(out)],
        cwd=ROOT,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 120
    while not list(out.glob("tps/part-*.parquet")):
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            _, err = proc.communicate(timeout=60)
            pytest.fail(f"no part written before the driver ended or 120 s passed:\n{err}")
        time.sleep(0.02)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=120)
    done = len(list((out / "tps").glob("part-*.parquet")))
    assert proc.returncode != 0 and done < 50, "the run should have been interrupted"
    assert f"{done} dari 50 bagian tersimpan" in err and "perintah yang sama lagi" in err
    assert err.count("Traceback") <= 1  # the driver's KeyboardInterrupt, none from workers
    resumed = run_region(
        csv, SC, reps=1, seed=22, out_dir=out, workers=1, batch_size=8, progress=False
    )
    whole = run_region(
        csv,
        SC,
        reps=1,
        seed=22,
        out_dir=tmp_path / "whole",
        workers=2,
        batch_size=8,
        progress=False,
    )
    pd.testing.assert_frame_equal(whole.tps, resumed.tps)


def test_head_keeps_the_first_tps_and_whole_copier_groups(tmp_path):
    batu = load_region("kota_batu_2024").head(300)
    assert batu.n_tps == 300 and batu.areas["tps"].sum() == 300
    assert batu.areas.set_index("area")["tps"].to_dict() == {"Batu": 281, "Bumiaji": 19}
    assert batu.areas["dpt"].sum() == batu.tps["dpt"].sum()
    path = write(tmp_path, "area,tps_id,dpt,copier_group\nA,A-1,250,g\nB,B-1,200,\nA,A-2,240,g\n")
    assert load_region(path).head(1).tps["tps_id"].tolist() == ["A-1", "A-2"]


# --------------------------------------------------------------------------- languages


def test_report_reads_naturally_in_both_languages(small, tmp_path):
    result = run_region(small, SC, reps=2, seed=3, out_dir=tmp_path / "out", workers=1, **FAST)
    idn, en = format_region_report(result, "id"), format_region_report(result, "en")
    assert "terlambat" not in idn  # it means "late"; the report means "latest"
    assert "paling akhir pukul" in idn and "90% TPS sudah selesai pukul" in idn
    assert "(rata-rata per replikasi)" in idn and "Per wilayah:" in idn
    assert "  - Kec A: 23 TPS; median pukul " in idn
    assert "10.000 DPT" in idn and "10,000 DPT" in en  # Indonesian thousands separator
    assert ", latest " in en and "(mean per replication)" in en and "  - Kec B: 17 TPS;" in en
    for english in ("latest", "median ", "TPS at", "replication", "after midnight"):
        assert english not in idn.replace("median pukul", ""), english
    assert format_region_report(result) == idn  # Bahasa Indonesia by default


BAD_FILES = [  # (contents, words of the Indonesian message, words of the English one)
    ("area,tps\nA,3\n", ["kolom dpt tidak ada", "area,tps,dpt"], ["missing column(s) dpt"]),
    ("area,tps,dpt\nA,3,-5\n", ["baris 2, kolom dpt = '-5'", "harus 0 atau lebih"],
     ["line 2, column dpt = '-5'", "must be 0 or more"]),
    ("area,tps,dpt\nA,tiga,500\n", ["baris 2, kolom tps = 'tiga'", "bilangan bulat"],
     ["line 2, column tps = 'tiga'", "whole number"]),
    ("area,tps,dpt\nA,2,75.536\n", ["'75.536'", "tanpa pemisah ribuan"], ["no separators"]),
    ("area,tps,dpt\nA,2,900\n", ["'900'", "tidak muat di 2 TPS", "perlu sedikitnya 3 TPS"],
     ["'900'", "cannot fit 2 TPS", "needs at least 3 TPS"]),
    ("area,tps,dpt\nA,2,500,9\n", ["baris 2: 4 nilai untuk 3 kolom"], ["line 2: 4 values"]),
    ("area,tps,dpt\n", ["tidak ada TPS"], ["no TPS"]),
]  # fmt: skip


@pytest.mark.parametrize(("text", "idn", "en"), BAD_FILES)
def test_bad_file_messages_in_bahasa_indonesia_and_english(tmp_path, text, idn, en):
    path = write(tmp_path, text, "wilayah.csv")
    with pytest.raises(RegionError) as err:
        load_region(path)
    for msg, words, foreign in (
        (str(err.value), idn, ("line", "column", "must", "missing")),
        (err.value.text("en"), en, ("baris", "kolom", "harus", "tidak")),
    ):
        assert str(path) in msg
        for word in words:
            assert word in msg, (word, msg)
        for word in foreign:
            assert word not in msg.replace(str(path), ""), (word, msg)


def test_region_error_keeps_both_languages_through_pickling():
    import pickle

    err = RegionError("satu", "one").in_lang("en")
    back = pickle.loads(pickle.dumps(err))
    assert (str(back), back.text("id"), back.lang) == ("one", "satu", "en")


def test_semicolon_files_from_excel_are_read_like_comma_files(tmp_path):
    comma = load_region(write(tmp_path, "area,tps,dpt,source\nA,3,800,x\nB,2,500,y\n", "c.csv"))
    semi = load_region(write(tmp_path, "area;tps;dpt;source\nA;3;800;x\nB;2;500;y\n", "s.csv"))
    pd.testing.assert_frame_equal(comma.tps, semi.tps)
    pd.testing.assert_frame_equal(comma.areas, semi.areas)
    per_tps = load_region(write(tmp_path, "\ufeffarea;tps_id;dpt\r\nA;A-1;250\r\n", "t.csv"))
    assert per_tps.tps["tps_id"].tolist() == ["A-1"]
    bad = write(tmp_path, "area;tps;dpt\nA;2;75.536\n", "b.csv")  # Excel's thousands dot
    with pytest.raises(RegionError, match=r"baris 2, kolom dpt = '75\.536'"):
        load_region(bad)


def test_mixed_separators_get_a_hint(tmp_path):
    path = write(tmp_path, "area;tps,dpt\nA;2,500\n")
    with pytest.raises(RegionError) as err:
        load_region(path)
    assert "koma (,) atau titik koma (;)" in str(err.value)
    assert "commas (,) or semicolons (;)" in err.value.text("en")


def test_cli_region_speaks_the_chosen_language(small, tmp_path, capsys):
    from simkit.cli import main

    bad = write(tmp_path, "area,tps,dpt\nA,2,900\n", "padat.csv")
    assert main(["region", str(bad), "--out", str(tmp_path / "o1")]) == 2
    err = capsys.readouterr().err
    assert "padat.csv, baris 2, kolom dpt = '900'" in err and "tidak muat" in err
    assert "Traceback" not in err
    assert main(["region", str(bad), "--out", str(tmp_path / "o1"), "--lang", "en"]) == 2
    err = capsys.readouterr().err
    assert "padat.csv, line 2, column dpt = '900'" in err and "cannot fit" in err
    out = tmp_path / "o2"
    assert main(["region", str(small), "--out", str(out), "--workers", "1", "--seed", "1"]) == 0
    assert "Wilayah small: 40 TPS" in capsys.readouterr().out
    assert main(["region", str(small), "--out", str(out), "--workers", "1", "--seed", "2"]) == 2
    assert "seed: dulu 1, sekarang 2" in capsys.readouterr().err
    args = ["region", str(small), "--out", str(out), "--seed", "2", "--lang", "en"]
    assert main(args) == 2
    assert "seed: was 1, now 2" in capsys.readouterr().err
