"""Output files against hostile names, a shared --out folder and a full disk (issue 15).

Defect 3: names typed by people (scenario names, variant labels, team names) came back as live
spreadsheet formulas in CSV and Excel files. Defect 8: one command's ``--out`` silently
overwrote another's results (``simkit run`` into a region folder replaced its ``scenario.yaml``).
Defect 12: a full disk gave a message without the file's name and left a truncated ``events.csv``.
"""

from __future__ import annotations

import csv
import errno
import io
import json
import os
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pandas as pd
import pytest

from simkit.cli import main
from simkit.spreadsheet import formula_safe

SMALL = ["--set", "tps.voters_dpt=60", "--set", "arrivals.opening_line=5"]
ATTACK = '=HYPERLINK("http://evil.example","klik")'


def run_cli(capsys, *args: object) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def cli(*args, stdin: str = "", timeout: float = 180) -> subprocess.CompletedProcess:
    """``python -m simkit ARGS`` as a user runs it; a hang past ``timeout`` fails the test."""
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    return subprocess.run(
        [sys.executable, "-m", "simkit", *map(str, args)],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
    )


def _cells(folder: Path) -> list[str]:
    cells = []
    for path in sorted(folder.rglob("*.csv")):
        with path.open(encoding="utf-8", newline="") as f:
            for row in csv.reader(f):
                cells += row
    assert cells, f"no CSV written in {folder}"
    return cells


def _assert_no_live_formula(folder: Path, needle: str) -> None:
    cells = _cells(folder)
    live = [c for c in cells if formula_safe(c) != c]
    assert not live, f"live formulas in {folder}: {live[:5]}"
    assert any(needle in c for c in cells), "the name itself must still be readable"


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


# --------------------------------------------------------------------------- defect 3: formulas


@pytest.mark.process
def test_a_variant_label_cannot_become_a_formula_in_comparison_csv(tmp_path):
    out = tmp_path / "cmp"
    done = cli(
        "compare", "tps_standar_2024", "--variant", ATTACK, "staff.kpps=5",
        "--reps", "2", "--out", out,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    _assert_no_live_formula(out, "HYPERLINK")


@pytest.mark.process
def test_team_names_cannot_become_formulas_in_the_drill_scorecard(tmp_path):
    out = tmp_path / "latihan"
    done = cli(
        "drill", "--incidents", "tinta_di_jari", "--teams", "=1+1,@B", "--out", out,
        stdin="1\n2\n",
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    _assert_no_live_formula(out, "1+1")
    page = (out / "scorecard.html").read_text(encoding="utf-8")
    assert "<td>=1+1</td>" in page or "=1+1" in page  # shown as typed, HTML-escaped


def _formula_scenario(tmp_path: Path, name: str = "=2+3") -> Path:
    path = tmp_path / "rumus.yaml"
    path.write_text(f"extends: tps_standar_2024\nname: '{name}'\n", encoding="utf-8")
    return path


def test_a_scenario_named_like_a_formula_stays_text_in_every_run_csv(tmp_path, capsys):
    out = tmp_path / "hasil"
    code, _, err = run_cli(
        capsys, "run", _formula_scenario(tmp_path), *SMALL, "--reps", "2", "--out", out
    )
    assert code == 0, err
    reps = pd.read_csv(out / "replications.csv")
    named = [c for c in reps.columns if reps[c].astype(str).str.contains("2\\+3").any()]
    assert named, "the scenario name must be in replications.csv"
    _assert_no_live_formula(out, "=2+3")
    # Parquet is not opened by spreadsheets: it keeps the name exactly as typed
    raw = pd.read_parquet(out / "replications.parquet")
    assert (raw[named[0]] == "=2+3").all()


def test_sweep_csv_is_formula_safe(tmp_path, capsys):
    out = tmp_path / "sapu"
    code, _, err = run_cli(
        capsys, "sweep", _formula_scenario(tmp_path, "@SUM(1+1)"), *SMALL,
        "--grid", "staff.kpps=5,7", "--reps", "1", "--out", out,
    )  # fmt: skip
    assert code == 0, err
    cells = _cells(out)
    assert not [c for c in cells if formula_safe(c) != c]


def _result_with(name: str) -> SimpleNamespace:
    table = pd.DataFrame(
        {"scenario": [name, name], "tps_id": ["-A1", "TPS"], "work_end_min": [1200.0, -3.5]}
    )
    voters = pd.DataFrame({"voter": [f"{name}"], "wait_min": [1.5]})
    day = SimpleNamespace(voters=voters, staff=None, counting=None, queues=None, stations=None)
    return SimpleNamespace(table=table, day=day)


def test_the_excel_export_stores_formula_like_names_as_text():
    import openpyxl

    from simkit.dashboard.export import excel_bytes

    book = openpyxl.load_workbook(io.BytesIO(excel_bytes(_result_with(ATTACK), "en")))
    cells = [c for ws in book.worksheets for row in ws.iter_rows() for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    texts = [c.value for c in cells if isinstance(c.value, str)]
    assert ATTACK in texts  # readable, exactly as typed
    numbers = [c.value for c in cells if isinstance(c.value, (int, float))]
    assert -3.5 in numbers and 1200.0 in numbers


def test_the_dashboard_csv_download_is_formula_safe():
    from simkit.dashboard.export import summary_csv

    text = summary_csv(_result_with(ATTACK)).decode("utf-8")
    cells = [c for row in csv.reader(io.StringIO(text)) for c in row]
    assert "'" + ATTACK in cells
    assert not [c for c in cells if formula_safe(c) != c]
    assert "-3.5" in cells  # numbers untouched


def test_a_categorical_text_column_is_made_safe_too():
    from simkit.spreadsheet import formula_safe_frame

    frame = pd.DataFrame({"area": pd.Categorical(["=x", "ok", "=x"])})
    assert list(formula_safe_frame(frame)["area"]) == ["'=x", "ok", "'=x"]


# --------------------------------------------------------------------------- defect 8: --out


def test_run_refuses_a_folder_another_command_wrote_and_writes_nothing(tmp_path, capsys):
    out = tmp_path / "bersama"
    code, _, err = run_cli(capsys, "compare", "tps_standar_2024", "tps_kurang_kpps",
                           *SMALL, "--reps", "2", "--out", out)  # fmt: skip
    assert code == 0, err
    before = _snapshot(out)
    code, _, err = run_cli(capsys, "run", *SMALL, "--out", out)
    assert code == 2
    assert str(out) in err and "compare" in err and "--force" in err
    assert "Traceback" not in err
    assert _snapshot(out) == before


def test_run_refuses_a_region_folder_and_the_region_keeps_its_scenario(tmp_path, capsys):
    region = tmp_path / "daerah.csv"
    region.write_text("area,tps,dpt\nBatu A,1,60\n", encoding="utf-8")
    out = tmp_path / "reg"
    code, _, err = run_cli(
        capsys, "region", region, "--set", "tps.voters_dpt=60", "--reps", "1",
        "--workers", "1", "--out", out,
    )  # fmt: skip
    assert code == 0, err
    before = _snapshot(out)
    code, _, err = run_cli(capsys, "run", "tps_kurang_kpps", "--out", out, "--lang", "en")
    assert code == 2
    assert str(out) in err and "region" in err and "--force" in err
    assert "this folder holds" in err  # --lang en
    assert _snapshot(out) == before


def test_a_region_folder_from_before_the_record_is_still_recognised(tmp_path, capsys):
    out = tmp_path / "lama"
    out.mkdir()
    (out / "manifest.json").write_text('{"scenario": "tps_standar_2024"}', encoding="utf-8")
    code, _, err = run_cli(capsys, "sweep", *SMALL, "--grid", "staff.kpps=5,7",
                           "--reps", "1", "--out", out)  # fmt: skip
    assert code == 2 and "region" in err and "sweep" in err
    parts = tmp_path / "bagian"
    (parts / "tps").mkdir(parents=True)
    (parts / "tps" / "part-00003.parquet").write_bytes(b"PAR1")
    code, _, err = run_cli(capsys, "run", *SMALL, "--out", parts)
    assert code == 2 and "region" in err


def test_another_scenario_into_the_same_run_folder_is_refused(tmp_path, capsys):
    out = tmp_path / "hasil"
    code, _, err = run_cli(capsys, "run", *SMALL, "--out", out)
    assert code == 0, err
    code, _, err = run_cli(capsys, "run", "tps_kurang_kpps", *SMALL, "--out", out)
    assert code == 2
    assert "tps_standar_2024" in err and "tps_kurang_kpps" in err and "--force" in err


def test_force_writes_anyway_and_the_record_says_who_wrote_the_folder(tmp_path, capsys):
    out = tmp_path / "hasil"
    assert run_cli(capsys, "run", *SMALL, "--out", out)[0] == 0
    record = json.loads((out / "simkit-output.json").read_text(encoding="utf-8"))
    assert record["command"] == "run" and record["scenario"] == "tps_standar_2024"
    assert len(record["scenario_hash"]) == 64 and record["simkit"]
    code, _, err = run_cli(capsys, "sweep", *SMALL, "--grid", "staff.kpps=5,7",
                           "--reps", "1", "--out", out, "--force")  # fmt: skip
    assert code == 0, err
    record = json.loads((out / "simkit-output.json").read_text(encoding="utf-8"))
    assert record["command"] == "sweep"


def test_the_same_command_again_and_a_folder_of_own_files_are_fine(tmp_path, capsys):
    out = tmp_path / "hasil"
    out.mkdir()
    (out / "catatan.txt").write_text("milik saya", encoding="utf-8")
    assert run_cli(capsys, "run", *SMALL, "--out", out)[0] == 0
    code, _, err = run_cli(capsys, "run", *SMALL, "--set", "staff.kpps=6", "--out", out)
    assert code == 0, err  # the same scenario with another --set: the same study
    assert (out / "catatan.txt").read_text(encoding="utf-8") == "milik saya"
    cmp_out = tmp_path / "banding"
    for _ in range(2):
        code, _, err = run_cli(capsys, "compare", "tps_standar_2024", "--variant", "lima",
                               "staff.kpps=5", *SMALL, "--reps", "2", "--out", cmp_out)  # fmt: skip
        assert code == 0, err


# --------------------------------------------------------------------------- defect 12: disk


def _disk_fills_while_writing(monkeypatch, victim: str) -> None:
    """``victim``'s CSV gets half its bytes, then the disk is full (ENOSPC)."""
    real = pd.DataFrame.to_csv

    def to_csv(self, path_or_buf=None, *args, **kwargs):
        if path_or_buf is not None and victim in Path(str(path_or_buf)).name:
            text = real(self, None, *args, **kwargs)
            Path(str(path_or_buf)).write_text(text[: len(text) // 2], encoding="utf-8")
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real(self, path_or_buf, *args, **kwargs)

    monkeypatch.setattr(pd.DataFrame, "to_csv", to_csv)


def test_a_full_disk_names_the_file_and_leaves_no_truncated_events_csv(
    tmp_path, capsys, monkeypatch
):
    out = tmp_path / "hasil"
    _disk_fills_while_writing(monkeypatch, "events")
    code, _, err = run_cli(capsys, "run", *SMALL, "--out", out, "--lang", "en")
    assert code == 2
    assert "events.csv" in err and os.strerror(errno.ENOSPC) in err
    assert "Traceback" not in err
    assert not (out / "events.csv").exists()
    assert not [p.name for p in out.iterdir() if ".tmp-" in p.name]


def test_a_full_disk_keeps_the_earlier_events_csv_whole(tmp_path, capsys, monkeypatch):
    out = tmp_path / "hasil"
    assert run_cli(capsys, "run", *SMALL, "--out", out)[0] == 0
    earlier = (out / "events.csv").read_bytes()
    _disk_fills_while_writing(monkeypatch, "events")
    code, _, err = run_cli(capsys, "run", *SMALL, "--out", out)
    assert code == 2 and "events.csv" in err
    assert (out / "events.csv").read_bytes() == earlier


def test_a_full_disk_in_the_drill_scorecard_names_the_file(tmp_path, monkeypatch):
    from simkit.spreadsheet import replace_atomically

    target = tmp_path / "scorecard.csv"
    with pytest.raises(OSError) as caught, replace_atomically(target) as tmp:
        tmp.write_text("team\n", encoding="utf-8")
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
    assert caught.value.filename == str(target) and caught.value.errno == errno.ENOSPC
    assert list(tmp_path.iterdir()) == []


def test_the_stale_files_warning_is_said_once(tmp_path, capsys):
    out = tmp_path / "hasil"
    assert run_cli(capsys, "run", *SMALL, "--reps", "2", "--out", out)[0] == 0
    code, _, err = run_cli(capsys, "run", *SMALL, "--out", out, "--lang", "en")
    assert code == 0
    assert err.count("replications.csv") == 1, err
