"""simkit as its three kinds of users meet it: a PPS officer, a KPU trainer, a researcher.

Each test is one thing such a user does at the command line, and what they must see:
numbers that move the way DOMAIN.md and common sense say, a summary in plain TPS Bahasa, files
that reproduce byte for byte, and for every malformed file one message (file, field or
row/column, value, what is allowed) with exit status 2 and no traceback.
"""

from __future__ import annotations

import io
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import simkit
from simkit.cli import main
from simkit.i18n import LABELS, t
from simkit.simulation import simulate_summary

ROOT = Path(__file__).resolve().parent.parent
SEEDS = (3, 17, 58, 404, 2024)  # not only 0/1/7: the directions must hold on any day


def _mean(overrides: dict, key: str, seeds=SEEDS) -> float:
    sc = simkit.with_overrides("tps_standar_2024", overrides)
    return float(np.mean([simulate_summary(sc, seed=s, tps_id="TPS")[key] for s in seeds]))


# --------------------------------------------------------------------------- PPS officer


def test_fewer_kpps_end_the_work_later():
    ends = [_mean({"staff.kpps": k}, "work_end_min") for k in (7, 5, 3, 1)]
    assert ends == sorted(ends), ends
    assert ends[-1] > ends[0] + 8 * 60  # one KPPS alone: a day and a half of work
    assert _mean({"staff.kpps": 3}, "wait_mean_min") > _mean({}, "wait_mean_min")


@pytest.mark.filterwarnings("ignore::simkit.scenario.ScenarioWarning")
def test_more_voters_wait_longer_and_above_300_a_warning(capsys):
    waits = [_mean({"tps.voters_dpt": n}, "wait_mean_min") for n in (150, 270, 300, 400)]
    assert waits == sorted(waits), waits
    assert main(["run", "--set", "tps.voters_dpt=350", "--seed", "12"]) == 0
    err = capsys.readouterr().err
    assert "350" in err and "300" in err and "500" in err and "Traceback" not in err


def test_morning_rush_means_longer_waits():
    assert (
        _mean({"arrivals.pattern": "hourly_shares"}, "wait_mean_min")
        > _mean({}, "wait_mean_min") + 3
    )


def test_copier_choices_and_two_panels_move_the_end_of_the_day():
    own = _mean({}, "work_end_min")
    shared = _mean({"counting.copier": "shared"}, "work_end_min")
    by_hand = _mean({"counting.copier": "none"}, "work_end_min")
    assert own < shared < by_hand
    assert by_hand > own + 2 * 60  # salinan written by hand: hours, not minutes (2019, §3.1)
    assert (
        _mean({"counting.mode": "two_panel"}, "counting_end_min")
        < _mean({}, "counting_end_min") - 60
    )


def test_dki_jakarta_four_ballot_types(tmp_path, capsys):
    args = [
        "run",
        "--seed",
        "31",
        "--set",
        "tps.ballot_types=[PPWP,DPR,DPD,DPRD_PROV]",
        "--set",
        "tps.dptb_entitlement={4: 0.4, 3: 0.2, 2: 0.2, 1: 0.2}",
        "--out",
        str(tmp_path / "dki"),
    ]
    assert main(args) == 0
    counting = pd.read_csv(tmp_path / "dki" / "counting.csv")
    assert list(counting["ballot_type"]) == ["PPWP", "DPR", "DPD", "DPRD_PROV"]
    five = simulate_summary(simkit.load_scenario("tps_standar_2024"), seed=31, tps_id="TPS")
    summary = pd.read_csv(tmp_path / "dki" / "summary.csv").iloc[0]
    assert summary["counting_end_min"] < five["counting_end_min"]  # one type fewer to count
    capsys.readouterr()
    # forgetting the entitlement names both fields and both numbers
    code = main(["run", "--set", "tps.ballot_types=[PPWP,DPR,DPD,DPRD_PROV]"])
    err = capsys.readouterr().err
    assert code == 2 and "tps.dptb_entitlement" in err and "5" in err and "4" in err


def test_run_reps_50_writes_every_file_and_readable_charts(tmp_path, capsys):
    out = tmp_path / "r50"
    assert main(["run", "--reps", "50", "--seed", "23", "--out", str(out), "--lang", "en"]) == 0
    names = {p.name for p in out.iterdir()}
    for frame in ("summary", "replications", "voters", "counting", "staff", "events"):
        assert {f"{frame}.csv", f"{frame}.parquet"} <= names
    pngs = sorted(p for p in names if p.endswith(".png"))
    assert "work_end_distribution.png" in pngs and len(pngs) == 6
    reps = pd.read_parquet(out / "replications.parquet")
    assert len(reps) == 50 and reps["past_deadline"].dtype == bool
    assert reps["work_end_min"].dtype == float and reps["voters_voted"].dtype.kind == "i"
    from matplotlib.image import imread

    height, width = imread(out / "staff_timeline.png").shape[:2]
    assert width >= 1200 and height >= 550  # big enough for a projector


# --------------------------------------------------------------------------- trainer


def test_summary_table_reads_as_tps_bahasa(capsys):
    assert main(["run", "--seed", "5", "--set", "counting.copier=none"]) == 0
    out = capsys.readouterr().out
    for key in (
        "voters_voted",
        "wait_mean_min",
        "counting_end_min",
        "work_end_min",
        "kpps_hours_max",
        "past_deadline",
        "busiest_station",
    ):
        assert LABELS[key][0] in out
    assert not re.search(r"\b[a-z]+_[a-z_]+\b", out.split("\n", 1)[1])  # no raw field names
    assert not re.search(r"\d[.,]\d{3,}", out)  # no 17-decimal numbers
    assert re.search(r"Semua pekerjaan selesai +\d\d:\d\d \(\+1\)", out)  # the next morning
    assert re.search(r"Jam kerja KPPS, terlama +\d+,\d jam", out)  # decimal comma
    assert "Bilik suara" in out or "Meja A" in out


def test_replication_table_keeps_rare_events_visible(capsys):
    from simkit.report import format_kpi

    assert format_kpi("psu_risk_events", 0.02, "id") == "0,02"
    assert format_kpi("psu_risk_events", 0.0, "id") == "0"
    assert format_kpi("work_end_min", 1200.0, "id") == "03:00 (+1)"
    assert format_kpi("last_voter_exit_min", 359.7, "id") == "12:59"


def test_compare_differences_never_read_minus_zero(capsys):
    from simkit.report import _fmt_diff

    assert _fmt_diff("objections", -0.01, -0.04, 0.0, "id") == "0,0 [0,0; 0,0]"
    assert _fmt_diff("wait_mean_min", 2.24, 1.9, 2.4, "id") == "+2,2 menit [+1,9; +2,4]"


# --------------------------------------------------------------------------- researcher


def test_compare_five_kpps_and_two_panels(tmp_path, capsys):
    args = [
        "compare",
        "tps_standar_2024",
        "--variant",
        "5 KPPS",
        "staff.kpps=5",
        "--variant",
        "dua panel",
        "counting.mode=two_panel",
        "--reps",
        "12",
        "--seed",
        "13",
        "--out",
        str(tmp_path / "cmp"),
    ]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "5 KPPS" in out and "dua panel" in out and "-0,0" not in out
    assert re.search(r"Memilih .* sama", out)  # the same voters on every paired day
    table = pd.read_parquet(tmp_path / "cmp" / "comparison.parquet")
    work = table[table["kpi"] == "work_end_min"].set_index("variant")
    assert work.loc["5 KPPS", "ci_low"] > 0  # later, surely
    assert work.loc["dua panel", "ci_high"] < 0  # earlier, surely
    reps = pd.read_parquet(tmp_path / "cmp" / "replications.parquet")
    assert len(reps) == 36 and set(reps["variant"]) == {"tps_standar_2024", "5 KPPS", "dua panel"}


def test_out_that_cannot_be_made_fails_before_simulating(tmp_path, capsys):
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    assert main(["run", "--out", str(blocker / "hasil")]) == 2
    out, err = capsys.readouterr()
    assert "Ringkasan" not in out and "--out" in err and "Traceback" not in err
    bad = tmp_path / "bad.yaml"
    bad.write_text("tps:\n  booths: 0\n", encoding="utf-8")
    assert main(["run", str(bad), "--out", str(tmp_path / "never")]) == 2
    assert not (tmp_path / "never").exists()  # a bad scenario leaves no empty folder


def test_sweep_bad_grid_value_names_grid_not_set(capsys):
    assert main(["sweep", "--grid", "staff.kpps=5,9", "--reps", "2"]) == 2
    err = capsys.readouterr().err
    assert "--grid" in err and "staff.kpps" in err and "9" in err and "7" in err


@pytest.mark.process
def test_same_command_same_bytes_and_workers_do_not_matter(tmp_path, capsys):
    runs = {}
    for name, extra in (("a", []), ("b", []), ("w2", ["--workers", "2"])):
        out = tmp_path / name
        assert main(["run", "--reps", "4", "--seed", "77", "--out", str(out), *extra]) == 0
        runs[name] = {p.name: p.read_bytes() for p in out.glob("*.csv")}
    assert len(runs["a"]) >= 8
    assert runs["a"] == runs["b"]
    assert runs["a"] == runs["w2"]


def _small_region(tmp_path: Path) -> Path:
    path = tmp_path / "desa.csv"
    path.write_text("area,tps,dpt\nDesa A,12,3000\nDesa B,12,2900\n", encoding="utf-8")
    return path


@pytest.mark.process
@pytest.mark.slow
def test_region_ctrl_c_then_the_same_command_resumes(tmp_path):
    region, out = _small_region(tmp_path), tmp_path / "out"
    cmd = [
        sys.executable,
        "-m",
        "simkit",
        "region",
        str(region),
        "--out",
        str(out),
        "--chunk",
        "2",
        "--workers",
        "1",
    ]
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}

    def as_a_terminal_would():  # Ctrl-C reaches a foreground group with SIGINT not ignored
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        os.setpgrp()

    proc = subprocess.Popen(
        cmd,
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=as_a_terminal_would,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(list(out.glob("tps/*.parquet"))) < 2:
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    if proc.returncode == 0:
        pytest.skip("the region finished before Ctrl-C arrived")
    assert proc.returncode == 130, err
    assert "Traceback" not in err and "perintah yang sama" in err
    done = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    rows = pd.read_parquet(out / "tps")
    assert len(rows) == 24 and not rows.duplicated(["area", "tps_id", "replication"]).any()


# --------------------------------------------------------------------------- bad input

# (file name, contents, words the one message must contain)
BAD_SCENARIOS = [
    ("indent.yaml", "tps:\n  booths: 4\n   turnout: 0.8\n", ["indent.yaml", "YAML", "3"]),
    ("tabs.yaml", "tps:\n\tbooths: 4\n", ["tabs.yaml", "YAML", "2"]),
    ("list_for_map.yaml", "tps:\n  - booths: 4\n", ["list_for_map.yaml", "tps", "pemetaan"]),
    (
        "unknown_nested.yaml",
        "staff:\n  fatigue:\n    onset_hours: 3\n",
        ["unknown_nested.yaml", "staff.fatigue.onset_hours", "onset_h"],
    ),
    (
        "negative.yaml",
        "durations:\n  booth: {dist: lognormal, mean: -4.0, sd: 1.5}\n",
        ["negative.yaml", "durations.booth", "-4.0"],
    ),
    (
        "missing_sd.yaml",
        "durations:\n  booth: {dist: lognormal, mean: 4.0}\n",
        ["missing_sd.yaml", "durations.booth", "sd"],
    ),
    (
        "weibull.yaml",
        "durations:\n  booth: {dist: weibull, mean: 4.0, sd: 1}\n",
        ["weibull.yaml", "durations.booth", "weibull", "lognormal"],
    ),
    (
        "extends.yaml",
        "extends: tps_tidak_ada\n",
        ["extends.yaml", "extends", "tps_tidak_ada", "tps_standar_2024"],
    ),
    ("empty.yaml", "", ["empty.yaml", "kosong", "extends: tps_standar_2024"]),
    ("comments.yaml", "# nanti diisi\n", ["comments.yaml", "kosong"]),
    (
        "twice.yaml",
        "tps:\n  voters_dpt: 270\n  voters_dpt: 100\n",
        ["twice.yaml", "tps.voters_dpt", "baris 3", "baris 2"],
    ),
    (
        "mode.yaml",
        "counting:\n  mode: three_panel\n",
        ["mode.yaml", "counting.mode", "three_panel", "two_panel"],
    ),
    ("kpps.yaml", "staff:\n  kpps: 7.5\n", ["kpps.yaml", "staff.kpps", "7.5", "bulat"]),
    (
        "types.yaml",
        "tps:\n  ballot_types: [PPWP, DPRX]\n",
        ["types.yaml", "tps.ballot_types", "DPRX", "DPRD_PROV"],
    ),
    (
        "shares.yaml",
        "arrivals:\n  hourly_shares: [0.5, 0.6]\n",
        ["shares.yaml", "arrivals.hourly_shares", "1.1"],
    ),
    ("section.yaml", "tps: 5\n", ["section.yaml", "tps", "5"]),
]


@pytest.mark.parametrize("command", ["run", "validate"])
@pytest.mark.parametrize(
    ("name", "text", "words"), BAD_SCENARIOS, ids=[b[0] for b in BAD_SCENARIOS]
)
def test_bad_scenario_file(tmp_path, capsys, command, name, text, words):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    code = main([command, str(path)])
    out, err = capsys.readouterr()
    assert code == 2
    assert "Traceback" not in err and "Ringkasan" not in out
    for word in words:
        assert word in err, (word, err)


def test_binary_junk_and_a_folder_are_not_scenarios(tmp_path, capsys):
    junk = tmp_path / "junk.yaml"
    junk.write_bytes(bytes(range(128, 256)) * 2)
    png = tmp_path / "picture.yaml"
    png.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    folder = tmp_path / "folder.yaml"
    folder.mkdir()
    for path, word in ((junk, "UTF-8"), (png, "UTF-8"), (folder, "folder.yaml")):
        assert main(["run", str(path)]) == 2
        err = capsys.readouterr().err
        assert path.name in err and word in err and "Traceback" not in err


def test_bad_set_values_name_the_field_value_and_rule(capsys):
    cases = [
        (["--set", "staff.kpps=abc"], ["staff.kpps", "'abc'", "bulat"]),
        (
            ["--set", "staff.breaks=[{member: KPPS9, start: '10:00', minutes: 30}]"],
            ["staff.breaks.0.member", "KPPS9", "KPPS7"],
        ),
        (
            ["--set", "staff.breaks=[{member: KPPS4, start: '25:99', minutes: -3}]"],
            ["staff.breaks.0.start", "25:99", "staff.breaks.0.minutes", "-3"],
        ),
        (["--set", "arrivals.pattern=hourly"], ["arrivals.pattern", "hourly_shares"]),
        (["--set", "staff.kpp=5"], ["staff.kpp", "kpps"]),
        (["--reps", "0"], ["--reps", "1"]),
        (["--seed", "-1"], ["--seed", "0"]),
    ]
    for args, words in cases:
        assert main(["run", *args]) == 2, args
        err = capsys.readouterr().err
        assert "Traceback" not in err
        for word in words:
            assert word in err, (args, word, err)


# (file name, contents, words of the message: file, line/column, value, rule)
BAD_REGIONS = [
    ("neg.csv", "area,tps,dpt\nA,3,-5\n", ["neg.csv", "line 2", "dpt", "-5", "0"]),
    ("text.csv", "area,tps,dpt\nA,abc,800\n", ["text.csv", "line 2", "tps", "abc"]),
    ("zero.csv", "area,tps,dpt\nA,0,800\n", ["zero.csv", "line 2", "tps", "0"]),
    ("crowded.csv", "area,tps,dpt\nA,2,900\n", ["crowded.csv", "line 2", "dpt", "900", "300"]),
    ("nodpt.csv", "area,tps\nA,2\n", ["nodpt.csv", "dpt"]),
    ("empty.csv", "", ["empty.csv", "area,tps,dpt"]),
    ("header.csv", "area,tps,dpt\n", ["header.csv"]),
    # Excel in an Indonesian locale writes semicolons: read like commas, so errors still point
    ("semicolon.csv", "area;tps;dpt\nA;2;-5\n", ["semicolon.csv", "line 2", "dpt", "-5"]),
    ("twice.csv", "area,tps,dpt\nA,2,500\nA,3,600\n", ["twice.csv", "line 3", "area", "'A'"]),
    ("extra.csv", "area,tps,dpt\nA,2,500,9\n", ["extra.csv", "line 2", "4", "3"]),
    ("blank.csv", "area,tps,dpt\n,2,500\n", ["blank.csv", "line 2", "area"]),
    ("half.csv", "area,tps,dpt\nA,2.5,500\n", ["half.csv", "line 2", "tps", "2.5"]),
    (
        "tps_twice.csv",
        "area,tps_id,dpt\nA,001,250\nA,001,260\n",
        ["tps_twice.csv", "line 3", "tps_id", "001"],
    ),
    ("big_tps.csv", "area,tps_id,dpt\nA,001,700\n", ["big_tps.csv", "line 2", "dpt", "700"]),
]


@pytest.mark.parametrize(("name", "text", "words"), BAD_REGIONS, ids=[b[0] for b in BAD_REGIONS])
def test_bad_region_csv(tmp_path, capsys, name, text, words):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    # English: region.py's own wording, stable while its Indonesian messages are written
    code = main(["region", str(path), "--out", str(tmp_path / "out"), "--lang", "en"])
    err = capsys.readouterr().err
    assert code == 2
    assert "Traceback" not in err
    for word in words:
        assert word in err, (word, err)
    assert not list((tmp_path / "out").glob("tps/*.parquet"))  # nothing simulated


def test_region_junk_and_folder(tmp_path, capsys):
    junk = tmp_path / "junk.csv"
    junk.write_bytes(bytes(range(128, 256)))
    folder = tmp_path / "batu.csv"
    folder.mkdir()
    assert main(["region", str(junk), "--out", str(tmp_path / "o1"), "--lang", "en"]) == 2
    assert "UTF-8" in capsys.readouterr().err
    assert main(["region", str(folder), "--out", str(tmp_path / "o2")]) == 2
    err = capsys.readouterr().err
    assert "batu.csv" in err and t("cli_is_folder", "id") in err


def test_drill_options_reach_the_drill(capsys, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    assert main(["drill", "--help"]) == 0
    assert "usage: simkit drill" in capsys.readouterr().out
    assert main(["--lang", "en", "drill", "--list"]) == 0
    assert "antrean_1300" in capsys.readouterr().out
    # input ends at once: the drill stops cleanly, in the language given after the command
    assert main(["drill", "--incidents", "antrean_1300", "--lang", "id"]) == 0
    assert "Masukan berakhir" in capsys.readouterr().out


def test_bare_simkit_lists_the_commands(capsys):
    assert main([]) == 2
    err = capsys.readouterr().err
    assert "usage: simkit" in err and "compare" in err and "region" in err


def test_every_what_if_in_run_help_is_a_valid_override():
    import shlex

    from simkit.cli.parser import assignments
    from simkit.cli.run import RUN_EXAMPLES

    text = RUN_EXAMPLES.split("examples:")[0].replace("\\\n", " ")
    for line in text.splitlines()[1:]:
        words = shlex.split(line)
        sets = [words[i + 1] for i, w in enumerate(words) if w == "--set"]
        assert sets, line
        overrides = dict(assignments(sets))
        simkit.with_overrides("tps_standar_2024", overrides)  # raises if the help lies


def test_sweep_warns_once_per_value_above_the_cap(capsys):
    assert main(["sweep", "--grid", "tps.voters_dpt=300,350", "--reps", "1"]) == 0
    err = capsys.readouterr().err
    assert err.count("350") == 1 and "--grid" in err and "--set" not in err


def test_an_earlier_run_in_the_same_folder_is_named_not_mixed_in(tmp_path, capsys):
    out = tmp_path / "hasil"
    (tmp_path / "hasil").mkdir()
    (out / "catatan.txt").write_text("my notes", encoding="utf-8")
    assert main(["run", "--reps", "3", "--out", str(out)]) == 0
    capsys.readouterr()
    assert main(["run", "--out", str(out)]) == 0
    err = capsys.readouterr().err
    assert "replications.csv" in err and "work_end_distribution.png" in err
    assert "summary.csv" not in err and "catatan.txt" not in err
    assert (out / "catatan.txt").read_text(encoding="utf-8") == "my notes"  # never deleted
