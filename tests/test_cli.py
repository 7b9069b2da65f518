"""The ``simkit`` command, in-process through ``simkit.cli.main`` and as a subprocess."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("MPLCONFIGDIR", tempfile.mkdtemp(prefix="mpl-"))

import pandas as pd  # noqa: E402
import pytest  # noqa: E402

import simkit.region  # noqa: E402
import simkit.report.region  # noqa: E402
from simkit import cli  # noqa: E402
from simkit.cli import main  # noqa: E402
from simkit.i18n import t  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
# a small TPS keeps each simulated day fast; the CLI does not care about the size
SMALL = ["--set", "tps.voters_dpt=60", "--set", "arrivals.opening_line=5"]


@pytest.fixture(autouse=True)
def _plain_env(monkeypatch):
    monkeypatch.delenv("SIMKIT_LANG", raising=False)
    monkeypatch.delenv("SIMKIT_DEBUG", raising=False)


def run_cli(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


# --------------------------------------------------------------------------- parser and listing


def test_help_lists_every_command(capsys):
    code, out, _ = run_cli(capsys, "--help")
    assert code == 0
    for command in (
        "run",
        "validate",
        "scenarios",
        "compare",
        "sweep",
        "region",
        "dashboard",
        "drill",
    ):
        assert command in out


def test_no_command_is_an_argparse_error(capsys):
    code, _, err = run_cli(capsys)
    assert code == 2 and "usage: simkit" in err


def test_scenarios_lists_names_and_titles_in_the_language(capsys):
    from simkit import list_scenarios, load_scenario

    shipped = list_scenarios()
    if not shipped:
        pytest.skip("no shipped scenarios yet")
    code, out_id, _ = run_cli(capsys, "scenarios")
    assert code == 0
    code, out_en, _ = run_cli(capsys, "scenarios", "--lang", "en")
    assert code == 0
    lines_id, lines_en = out_id.splitlines(), out_en.splitlines()
    assert len(lines_id) == len(shipped) == len(lines_en)
    for name, line_id, line_en in zip(shipped, lines_id, lines_en, strict=True):
        sc = load_scenario(name)
        assert line_id.startswith(name) and line_en.startswith(name)
        assert (sc.title.id or sc.title.en) in line_id
        assert (sc.title.en or sc.title.id) in line_en


def test_lang_before_or_after_the_command(capsys):
    assert "People who came" in run_cli(capsys, "--lang", "en", "run", *SMALL)[1]
    assert "Orang yang datang" in run_cli(capsys, "--lang", "en", "run", *SMALL, "--lang", "id")[1]


def test_lang_from_environment(capsys, monkeypatch):
    monkeypatch.setenv("SIMKIT_LANG", "en")
    code, _, err = run_cli(capsys, "run", "no_such_scenario")
    assert code == 2 and "unknown scenario" in err


# --------------------------------------------------------------------------- run


def test_run_prints_the_summary_in_bahasa_indonesia(capsys):
    code, out, err = run_cli(capsys, "run", *SMALL, "--seed", "3")
    assert code == 0, err
    for key in (
        "voters_arrived",
        "voters_voted",
        "voters_turned_away",
        "voters_left",
        "wait_mean_min",
        "wait_p90_min",
        "wait_max_min",
        "share_wait_over_30min",
        "last_voter_exit_min",
        "counting_end_min",
        "work_end_min",
        "kpps_hours_max",
        "kpps_hours_mean",
        "past_deadline",
        "recounts",
        "objections",
        "psu_risk_events",
        "busiest_station",
        "busiest_utilisation",
    ):
        assert t(key, "id") in out, key
    assert t("cli_summary_title", "id") in out
    line = next(x for x in out.splitlines() if x.startswith(t("past_deadline", "id")))
    assert line.split()[-1] in ("ya", "tidak")
    line = next(x for x in out.splitlines() if x.startswith(t("wait_mean_min", "id")))
    assert "," in line.split()[-1]  # decimal comma in Bahasa Indonesia
    line = next(x for x in out.splitlines() if x.startswith(t("kpps_hours_max", "id")))
    assert line.endswith(" jam")
    assert "People who came" not in out


def test_run_in_english_matches_the_model_summary(capsys):
    import simkit

    code, out, _ = run_cli(capsys, "run", *SMALL, "--seed", "3", "--lang", "en")
    assert code == 0
    assert t("voters_arrived", "en") in out and t("cli_summary_title", "en") in out
    sc = simkit.with_overrides(
        "tps_standar_2024", {"tps.voters_dpt": 60, "arrivals.opening_line": 5}
    )
    summary = simkit.simulate(sc, seed=3).summary
    line = next(x for x in out.splitlines() if x.startswith(t("voters_arrived", "en")))
    assert line.split()[-1] == str(int(summary["voters_arrived"]))
    line = next(x for x in out.splitlines() if x.startswith(t("work_end_min", "en")))
    assert simkit.min_to_clock(summary["work_end_min"]) in line


def test_run_is_reproducible_and_the_seed_matters(capsys):
    first = run_cli(capsys, "run", *SMALL, "--seed", "5")[1]
    again = run_cli(capsys, "run", *SMALL, "--seed", "5")[1]
    other = run_cli(capsys, "run", *SMALL, "--seed", "6")[1]
    assert first == again
    assert first != other


def test_run_reps_prints_mean_and_90_percent_range(capsys):
    code, out, err = run_cli(capsys, "run", *SMALL, "--reps", "3", "--seed", "2")
    assert code == 0, err
    assert t("cli_reps_title", "id").format(n=3) in out
    assert t("cli_mean", "id") in out and t("cli_range90", "id") in out
    line = next(x for x in out.splitlines() if x.startswith(t("work_end_min", "id")))
    assert ".." in line  # low .. high
    line = next(x for x in out.splitlines() if x.startswith(t("past_deadline", "id")))
    assert "%" in line


def test_run_out_writes_csv_parquet_png_and_keeps_other_files(tmp_path, capsys):
    out_dir = tmp_path / "hasil"
    out_dir.mkdir()
    keep = out_dir / "catatan.txt"
    keep.write_text("jangan dihapus", encoding="utf-8")
    stale = out_dir / "voters.csv"
    stale.write_text("old", encoding="utf-8")
    code, out, err = run_cli(capsys, "run", *SMALL, "--out", str(out_dir), "--lang", "en")
    assert code == 0, err
    assert keep.read_text(encoding="utf-8") == "jangan dihapus"
    for name in ("summary", "voters", "staff", "counting", "events", "queues"):
        csv = pd.read_csv(out_dir / f"{name}.csv")
        parquet = pd.read_parquet(out_dir / f"{name}.parquet")
        assert len(csv) == len(parquet) > 0, name
        assert list(csv.columns) == list(parquet.columns)
    assert stale.read_text(encoding="utf-8") != "old"
    summary = pd.read_csv(out_dir / "summary.csv")
    assert "work_end_min" in summary.columns and len(summary) == 1
    for name in ("arrivals", "queues", "wait_by_hour", "staff_timeline", "counting"):
        png = out_dir / f"{name}.png"
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert str(out_dir) in out and "voters.parquet" in out


def test_run_out_scenario_yaml_repeats_the_run(tmp_path, capsys):
    import json

    first = tmp_path / "pertama"
    code, out1, err = run_cli(
        capsys, "run", *SMALL, "--set", "staff.kpps=6", "--seed", "4", "--out", str(first)
    )
    assert code == 0, err
    info = json.loads((first / "run.json").read_text(encoding="utf-8"))
    assert info["seed"] == 4 and info["overrides"]["staff.kpps"] == "6"
    code, out2, err = run_cli(capsys, "run", str(first / "scenario.yaml"), "--seed", "4")
    assert code == 0, err
    table = [x for x in out1.splitlines()[1:] if not x.startswith(("Berkas", "  "))]
    assert table == out2.splitlines()[1:]


def test_run_reps_out_writes_replications_and_the_first_day(tmp_path, capsys):
    import simkit

    out_dir = tmp_path / "reps"
    code, _, err = run_cli(capsys, "run", *SMALL, "--reps", "2", "--out", str(out_dir))
    assert code == 0, err
    reps = pd.read_parquet(out_dir / "replications.parquet")
    assert list(reps["replication"]) == [0, 1]
    stats = pd.read_csv(out_dir / "summary.csv")
    assert {"kpi", "mean", "ci_low", "ci_high"} <= set(stats.columns)
    assert "work_end_min" in set(stats["kpi"])
    assert (out_dir / "work_end_distribution.png").exists()
    voters = pd.read_parquet(out_dir / "voters.parquet")
    sc = simkit.with_overrides(
        "tps_standar_2024", {"tps.voters_dpt": 60, "arrivals.opening_line": 5}
    )
    first = simkit.simulate(sc, seed=int(reps["seed"].iloc[0]))
    assert len(voters) == len(first.voters)


def test_out_that_is_a_file_is_a_clear_error(tmp_path, capsys):
    target = tmp_path / "a_file"
    target.write_text("x", encoding="utf-8")
    code, out, err = run_cli(capsys, "run", *SMALL, "--out", str(target))
    assert code == 2
    assert "a_file" in err and "Traceback" not in err
    assert out == ""  # refused before simulating


def test_run_dpt_350_warns_and_runs(tmp_path, capsys):
    path = tmp_path / "besar.yaml"
    path.write_text("extends: tps_standar_2024\ntps:\n  voters_dpt: 350\n", encoding="utf-8")
    code, out, err = run_cli(capsys, "run", str(path), "--lang", "en")
    assert code == 0
    assert "warning" in err and "350" in err and "300" in err
    assert t("voters_arrived", "en") in out


# --------------------------------------------------------------------------- compare and sweep


def test_compare_variants_prints_baseline_variants_and_differences(capsys):
    code, out, err = run_cli(
        capsys,
        "compare",
        "tps_standar_2024",
        *SMALL,
        "--variant",
        "5 KPPS",
        "staff.kpps=5",
        "--variant",
        "two panel",
        "counting.mode=two_panel",
        "--reps",
        "3",
        "--lang",
        "en",
    )
    assert code == 0, err
    assert t("cli_compare_title", "en").format(n=3) in out
    header = out.splitlines()[1]
    assert "Baseline: tps_standar_2024" in header
    assert "5 KPPS" in header and "two panel" in header
    assert header.count(t("cli_difference", "en")) == 2
    line = next(x for x in out.splitlines() if x.startswith(t("kpps_hours_mean", "en")))
    assert "[" in line and "]" in line  # a 95% interval
    assert "With 5 KPPS instead of tps_standar_2024" in out  # said in words too


def test_compare_two_scenarios_with_set_for(tmp_path, capsys):
    other = tmp_path / "lain.yaml"
    other.write_text("extends: tps_standar_2024\nname: lain\n", encoding="utf-8")
    code, out, err = run_cli(
        capsys,
        "compare",
        "tps_standar_2024",
        str(other),
        *SMALL,
        "--set-for",
        str(other),
        "tps.booths=2",
        "--reps",
        "2",
    )
    assert code == 0, err
    assert str(other) in out and t("cli_difference", "id") in out


def test_compare_out_writes_the_table_and_the_paired_replications(tmp_path, capsys):
    code, _, err = run_cli(
        capsys,
        "compare",
        "tps_standar_2024",
        *SMALL,
        "--variant",
        "6",
        "staff.kpps=6",
        "--reps",
        "2",
        "--out",
        str(tmp_path),
    )
    assert code == 0, err
    table = pd.read_parquet(tmp_path / "comparison.parquet")
    assert {"kpi", "variant", "mean", "diff", "ci_low", "ci_high"} <= set(table.columns)
    reps = pd.read_csv(tmp_path / "replications.csv")
    assert sorted(reps["variant"].unique()) == ["6", "tps_standar_2024"]
    assert len(reps) == 4


def test_compare_set_for_unknown_name(capsys):
    code, _, err = run_cli(
        capsys,
        "compare",
        "tps_standar_2024",
        "--variant",
        "x",
        "staff.kpps=5",
        "--set-for",
        "nope",
        "staff.kpps=4",
    )
    assert code == 2 and "nope" in err


def test_compare_needs_two(capsys):
    code, _, err = run_cli(capsys, "compare", "tps_standar_2024")
    assert code == 2 and t("cli_compare_needs_two", "id") in err


def test_compare_bad_variant_value(capsys):
    code, _, err = run_cli(
        capsys, "compare", "tps_standar_2024", "--variant", "nol", "staff.kpps=0"
    )
    assert code == 2 and "staff.kpps" in err and "Traceback" not in err


def test_sweep_table_and_files(tmp_path, capsys):
    code, out, err = run_cli(
        capsys,
        "sweep",
        "tps_standar_2024",
        *SMALL,
        "--grid",
        "staff.kpps=5,7",
        "--grid",
        "tps.booths=3,4",
        "--reps",
        "2",
        "--out",
        str(tmp_path),
    )
    assert code == 0, err
    assert t("cli_sweep_title", "id") in out
    assert "staff.kpps / tps.booths" in out  # the header names the fields, rows the values
    rows = [line.split("  ")[0] for line in out.splitlines() if re.match(r"\d / \d ", line)]
    assert rows == ["5 / 3", "5 / 4", "7 / 3", "7 / 4"]  # in the order of the --grid values
    frame = pd.read_parquet(tmp_path / "sweep.parquet")
    assert len(frame) == 2 * 2 * 2


def test_sweep_bad_grid_value_fails_before_running(capsys):
    code, _, err = run_cli(capsys, "sweep", "--grid", "staff.kpps=5,nine", "--reps", "2")
    assert code == 2 and "staff.kpps" in err and "nine" in err


def test_sweep_grid_syntax(capsys):
    code, _, err = run_cli(capsys, "sweep", "--grid", "staff.kpps")
    assert code == 2 and "--grid" in err


# --------------------------------------------------------------------------- delegation


def test_dashboard_serves_in_the_chosen_language(capsys, monkeypatch):
    calls = []

    def serve(host, port, open_browser, lang=None):  # Voila itself is not started here
        calls.append((host, port, open_browser, lang))
        return 0

    monkeypatch.setattr(cli.dashboard, "serve", serve)
    assert run_cli(capsys, "dashboard", "--port", "9000", "--no-browser")[0] == 0
    assert run_cli(capsys, "--lang", "en", "dashboard")[0] == 0
    assert calls == [("127.0.0.1", 9000, False, "id"), ("127.0.0.1", 8866, True, "en")]


def test_dashboard_bad_port(capsys):
    code, _, err = run_cli(capsys, "dashboard", "--port", "99999")
    assert code == 2 and "port" in err


def test_region_calls_run_region_with_the_parsed_options(tmp_path, capsys, monkeypatch):
    csv = tmp_path / "r.csv"
    csv.write_text("area,tps,dpt\nA,2,500\n", encoding="utf-8")
    seen = []

    def run_region(region_csv, **kwargs):
        seen.append((region_csv, kwargs))
        return "result"

    # the run itself (Dask, workers) is tested in test_region.py; here: what reaches it
    monkeypatch.setattr(simkit.region, "run_region", run_region)
    monkeypatch.setattr(
        simkit.report.region, "format_region_report", lambda r, lang: f"laporan ({lang})"
    )
    code, out, err = run_cli(
        capsys,
        "region",
        str(csv),
        "--reps",
        "2",
        "--seed",
        "9",
        "--workers",
        "2",
        "--dask",
        "local",
        "--out",
        str(tmp_path / "o"),
        "--set",
        "staff.kpps=5",
        "--dpt-cap",
        "500",
        "--lang",
        "en",
    )
    assert code == 0, err
    assert "laporan (en)" in out
    region, kw = seen[0]  # the file is read (and checked) before --out is touched
    assert region.source == str(csv) and region.dpt_cap == 500
    assert (kw["reps"], kw["seed"], kw["workers"], kw["dask"]) == (2, 9, 2, "local")
    assert kw["out_dir"] == tmp_path / "o" and kw["dpt_cap"] == 500
    assert kw["scenario"].staff.kpps == 5


def test_region_bad_csv_is_a_clear_message(tmp_path, capsys):
    csv = tmp_path / "rusak.csv"
    csv.write_text("area,tps,dpt\nA,dua,500\n", encoding="utf-8")
    code, _, err = run_cli(capsys, "region", str(csv), "--out", str(tmp_path / "o"))
    assert code == 2
    assert "rusak.csv" in err and "dua" in err and "Traceback" not in err


def test_region_missing_file(tmp_path, capsys):
    code, _, err = run_cli(capsys, "region", str(tmp_path / "tidak_ada.csv"))
    assert code == 2 and "tidak_ada.csv" in err


def test_drill_options_are_the_drill_subcommand():
    args = cli.build_parser().parse_args(["drill", "--incidents", "listrik_padam", "--seed", "3"])
    assert (args.command, args.incidents, args.seed, args.lang) == (
        "drill",
        "listrik_padam",
        3,
        None,
    )


@pytest.mark.parametrize(
    ("argv", "heading"),
    [
        (["drill", "--list"], "Insiden yang tersedia"),
        (["drill", "--", "--list", "--lang", "en"], "Available incidents"),  # `--` as before
        (["--lang", "en", "drill", "--list"], "Available incidents"),
        (["--lang", "en", "drill", "--list", "--lang", "id"], "Insiden yang tersedia"),
    ],
)
def test_drill_list_in_the_chosen_language(capsys, argv, heading):
    code, out, err = run_cli(capsys, *argv)
    assert code == 0, err
    assert heading in out.splitlines()[0] and "dpk_desa_lain" in out


def test_drill_does_not_read_simkit_lang(capsys, monkeypatch):
    monkeypatch.setenv("SIMKIT_LANG", "en")  # the drill opens in Bahasa unless --lang says so
    code, out, _ = run_cli(capsys, "drill", "--list")
    assert code == 0 and "Insiden yang tersedia" in out.splitlines()[0]


def test_drill_unknown_word_is_refused_with_the_drill_usage(capsys):
    code, _, err = run_cli(capsys, "drill", "listrik_padam")
    assert code == 2
    assert "usage: simkit drill" in err and "unrecognized arguments: listrik_padam" in err


def test_a_shipped_incident_file_validates(tmp_path, capsys):
    folder = tmp_path / "scenarios" / "incidents"
    folder.mkdir(parents=True)
    shipped = sorted((ROOT / "scenarios" / "incidents").glob("*.yaml"))[0]
    path = folder / shipped.name
    path.write_text(shipped.read_text(encoding="utf-8"), encoding="utf-8")
    code, out, err = run_cli(capsys, "validate", str(path))
    assert code == 0, err
    assert out == f"{path}: OK\n"


def test_validate_a_folder_checks_every_yaml_in_it(tmp_path, capsys):
    (tmp_path / "a.yaml").write_text("name: a\n", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.yml").write_text("tps:\n  booths: 0\n", encoding="utf-8")
    code, out, err = run_cli(capsys, "validate", str(tmp_path))
    assert code == 2
    assert "a.yaml: OK" in out and "b.yml" in err and "tps.booths" in err


def test_a_bad_incident_file_is_reported_with_field_and_value(tmp_path, capsys):
    folder = tmp_path / "scenarios" / "incidents"
    folder.mkdir(parents=True)
    path = folder / "rusak.yaml"
    path.write_text("nama_salah: 1\n", encoding="utf-8")
    code, _, err = run_cli(capsys, "validate", str(path))
    assert code == 2
    assert "rusak.yaml" in err and "nama_salah" in err and "Traceback" not in err


def test_shipped_scenarios_all_validate(capsys):
    from simkit import list_scenarios

    files = [str(p) for p in list_scenarios().values()]
    if not files:
        pytest.skip("no shipped scenarios yet")
    code, out, err = run_cli(capsys, "validate", *files)
    assert code == 0, err
    assert out.count(": OK") == len(files)


# --------------------------------------------------------------------------- subprocess


def _simkit(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "MPLCONFIGDIR": str(cwd / "mpl")}
    env.pop("SIMKIT_LANG", None)
    return subprocess.run(
        [sys.executable, "-m", "simkit", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.mark.process
def test_python_m_simkit_run_in_english(tmp_path):
    proc = _simkit("run", *SMALL, "--lang", "en", "--out", "hasil", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert t("voters_arrived", "en") in proc.stdout
    assert "Traceback" not in proc.stderr
    assert (tmp_path / "hasil" / "voters.parquet").exists()


@pytest.mark.process
def test_console_script_is_installed():
    script = Path(sys.executable).parent / "simkit"
    if not script.exists():
        pytest.skip("simkit is not installed as a console script in this environment")
    proc = subprocess.run([str(script), "--version"], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0 and "simkit" in proc.stdout


def test_each_command_keeps_its_own_default_reps():
    parser = cli.build_parser()
    assert parser.parse_args(["run"]).reps == 1
    assert parser.parse_args(["compare", "a", "b"]).reps == 30
    assert parser.parse_args(["sweep", "--grid", "staff.kpps=5,6"]).reps == 10
    assert parser.parse_args(["region", "r.csv"]).reps == 1


def test_region_runs_a_tiny_region_and_resumes(tmp_path, capsys):
    csv = tmp_path / "kecil.csv"
    csv.write_text("area,tps,dpt\nA,2,120\nB,1,50\n", encoding="utf-8")
    args = [
        "region",
        str(csv),
        "--workers",
        "1",
        "--reps",
        "2",
        "--out",
        str(tmp_path / "o"),
        "--lang",
        "en",
    ]
    code, out, err = run_cli(capsys, *args)
    assert code == 0, err
    assert "3 TPS" in out and "areas.csv" in out
    again = run_cli(capsys, *args)
    assert again[0] == 0 and again[1] == out  # the finished run is read back, not redone
    code, _, err = run_cli(capsys, *args[:-2], "--reps", "3", "--lang", "en")
    assert code == 2 and "reps" in err and "Traceback" not in err


def test_the_whole_scenarios_folder_validates(capsys):
    code, out, err = run_cli(capsys, "validate", str(ROOT / "scenarios"))
    assert code == 0, err
    shipped = [p for p in (ROOT / "scenarios").rglob("*.yaml")]
    assert out.count(": OK") == len(shipped)
