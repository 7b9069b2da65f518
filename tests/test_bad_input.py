"""Every bad input ends with one clear message (file, field, value, allowed) and exit status 2."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from simkit.cli import main

ROOT = Path(__file__).resolve().parent.parent

# (file name, YAML text, words the message must contain: file, dotted field, value, rule)
BAD_FILES = [
    ("typo.yaml", "tps:\n  boths: 4\n", ["typo.yaml", "tps.boths", "tps.booths"]),
    ("turnout.yaml", "tps:\n  turnout: 1.3\n", ["turnout.yaml", "tps.turnout", "1.3", "1.0"]),
    ("booths0.yaml", "tps:\n  booths: 0\n", ["booths0.yaml", "tps.booths", "= 0", "1"]),
    (
        "close.yaml",
        'hours:\n  voting_open: "13:00"\n  voting_close: "07:00"\n',
        ["close.yaml", "hours.voting_close", "07:00", "hours.voting_open"],
    ),
    ("dpt600.yaml", "tps:\n  voters_dpt: 600\n", ["dpt600.yaml", "tps.voters_dpt", "600", "500"]),
    ("four.yaml", 'tps:\n  booths: "four"\n', ["four.yaml", "tps.booths", "'four'"]),
    ("broken.yaml", "tps: [1, 2\n  booths: 3\n", ["broken.yaml", "YAML", "2"]),
    ("list.yaml", "- 1\n- 2\n", ["list.yaml"]),
]


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("command", ["run", "validate"])
@pytest.mark.parametrize(("name", "text", "words"), BAD_FILES, ids=[b[0] for b in BAD_FILES])
def test_bad_scenario_file_exit_2_with_file_field_value(
    tmp_path, capsys, command, name, text, words
):
    path = _write(tmp_path, name, text)
    code = main([command, str(path)])
    err = capsys.readouterr().err
    assert code == 2
    for word in words:
        assert word in err, (word, err)
    assert "Traceback" not in err


def test_messages_follow_the_language(tmp_path, capsys):
    path = _write(tmp_path, "turnout.yaml", "tps:\n  turnout: 1.3\n")
    assert main(["validate", str(path)]) == 2
    assert "harus 1.0 atau kurang" in capsys.readouterr().err
    assert main(["validate", "--lang", "en", str(path)]) == 2
    assert "must be 1.0 or less" in capsys.readouterr().err


def test_unreadable_and_missing_files(tmp_path, capsys):
    folder = tmp_path / "folder.yaml"
    folder.mkdir()
    assert main(["run", str(folder)]) == 2
    err = capsys.readouterr().err
    assert "folder.yaml" in err and "tidak bisa dibaca" in err
    assert main(["validate", str(tmp_path / "nothing.yaml")]) == 2
    assert "nothing.yaml" in capsys.readouterr().err
    binary = tmp_path / "binary.yaml"
    binary.write_bytes(b"\xff\xfe\x00tps")
    assert main(["run", str(binary)]) == 2
    err = capsys.readouterr().err
    assert "binary.yaml" in err and "UTF-8" in err


def test_validate_reports_every_file_and_every_problem(tmp_path, capsys):
    good = _write(tmp_path, "good.yaml", "name: good\n")
    bad = _write(tmp_path, "bad.yaml", "tps:\n  turnout: 1.3\n  booths: 0\n")
    assert main(["validate", str(good), str(bad)]) == 2
    out, err = capsys.readouterr()
    assert f"{good}: OK" in out
    assert "tps.turnout" in err and "tps.booths" in err


def test_unknown_scenario_name_lists_the_available_ones(capsys):
    assert main(["run", "tps_tidak_ada"]) == 2
    err = capsys.readouterr().err
    assert "tps_tidak_ada" in err
    assert "tersedia" in err
    from simkit import list_scenarios

    for name in list_scenarios():
        assert name in err


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--set", "staff.kpps"], ["--set", "staff.kpps", "KEY=VALUE"]),
        (["--set", "=5"], ["--set", "KEY=VALUE"]),
        (["--reps", "0"], ["--reps", "'0'", "1-1000000"]),
        (["--reps", "-3"], ["--reps", "'-3'"]),
        (["--reps", "banyak"], ["--reps", "'banyak'"]),
        (["--seed", "x"], ["--seed", "'x'"]),
        (["--lang", "fr"], ["--lang", "'fr'"]),
    ],
)
def test_bad_options_are_argparse_errors(capsys, args, words):
    assert main(["run", *args]) == 2
    err = capsys.readouterr().err
    assert "usage: simkit run" in err
    for word in words:
        assert word in err
    assert "Traceback" not in err


@pytest.mark.parametrize(
    ("override", "words"),
    [
        ("staff.kpsp=5", ["staff.kpsp", "kpps"]),
        ("staff.kpps=0", ["staff.kpps", "0", "1"]),
        ("tps.turnout=1.3", ["tps.turnout", "1.3"]),
        ("tps.booths=four", ["tps.booths", "four"]),
        ("nonsense.field=1", ["nonsense"]),
    ],
)
def test_bad_set_values_name_field_and_value(tmp_path, capsys, override, words):
    path = _write(tmp_path, "ok.yaml", "name: ok\n")
    assert main(["run", str(path), "--set", override]) == 2
    err = capsys.readouterr().err
    for word in words:
        assert word in err, (word, err)
    assert "Traceback" not in err


def test_dpt_350_warns_but_validates(tmp_path, capsys):
    path = _write(tmp_path, "dpt350.yaml", "tps:\n  voters_dpt: 350\n")
    assert main(["validate", str(path)]) == 0
    out, err = capsys.readouterr()
    assert "OK" in out
    assert "peringatan" in err and "350" in err and "300" in err
    assert err.count("peringatan") == 1 and "UserWarning" not in err  # once, no warnings noise


def _subprocess(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "MPLCONFIGDIR": str(cwd / "mpl"), "PYTHONWARNINGS": "default"}
    env.pop("SIMKIT_DEBUG", None)
    env.pop("SIMKIT_LANG", None)
    return subprocess.run(
        [sys.executable, "-m", "simkit", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.process
def test_subprocess_bad_inputs_exit_2_without_traceback(tmp_path):
    for name, text, _words in BAD_FILES[:6]:
        _write(tmp_path, name, text)
    proc = _subprocess("validate", *[b[0] for b in BAD_FILES[:6]], cwd=tmp_path)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    for _name, _, words in BAD_FILES[:6]:
        for word in words:
            assert word in proc.stderr, (word, proc.stderr)
    proc = _subprocess("run", "typo.yaml", cwd=tmp_path)
    assert proc.returncode == 2 and "tps.boths" in proc.stderr and "Traceback" not in proc.stderr
    proc = _subprocess("run", "--set", "staff.kpps", cwd=tmp_path)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    proc = _subprocess("run", "tidak_ada", cwd=tmp_path)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
