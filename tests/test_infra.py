"""The house tooling: the test support (simkit.testing), the Makefile tiers, CI, pre-commit."""

from __future__ import annotations

import ast
import socket
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import tomllib
import yaml

from simkit.scenario import load_scenario
from simkit.simulation import simulate_summary
from simkit.testing import isolated
from simkit.testing.browser import VoilaServer, free_port
from simkit.testing.paced import paced_summary

ROOT = Path(__file__).resolve().parents[1]
LIST = (
    "MPLCONFIGDIR",
    "IPYTHONDIR",
    "JUPYTER_CONFIG_DIR",
    "JUPYTER_DATA_DIR",
    "JUPYTER_RUNTIME_DIR",
    "MPLBACKEND",
)


def test_isolated_env_points_every_variable_into_the_home(tmp_path):
    assert set(isolated.VARIABLES) == set(LIST)
    env = isolated.isolated_env(tmp_path, {"KEEP": "1", "MPLCONFIGDIR": "/home/someone/.mpl"})
    assert env["KEEP"] == "1" and env["MPLBACKEND"] == "Agg"
    for var in isolated.HOME_DIRS:
        assert Path(env[var]).parent == tmp_path and Path(env[var]).is_dir(), var
    assert set(isolated.isolated_env(tmp_path, {})) == set(LIST)


def test_the_list_is_written_once():
    """The Makefile, the conftests and the benchmarks use simkit.testing.isolated, not a copy."""
    assert "simkit.testing.isolated" in (ROOT / "Makefile").read_text(encoding="utf-8")
    others = [ROOT / "Makefile", *ROOT.glob("tests/**/conftest.py"), *ROOT.glob("benchmarks/*.py")]
    for path in others:
        text = path.read_text(encoding="utf-8")
        assert not [v for v in LIST if v in text], path
        assert "sys.path" not in text, path


def test_nothing_in_simkit_imports_the_test_support():
    for path in (ROOT / "simkit").rglob("*.py"):
        if "testing" in path.relative_to(ROOT / "simkit").parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            assert not [n for n in names if n.startswith("simkit.testing")], path


def test_paced_summary_is_the_model():
    sc = load_scenario({})
    assert paced_summary(sc, 5, "X") == simulate_summary(sc, seed=5, tps_id="X")


def test_free_port_is_free():
    port = free_port()
    with socket.socket() as s:
        s.bind(("127.0.0.1", port))


@pytest.mark.process
def test_isolated_runs_a_command_in_a_fresh_home_and_passes_its_status(tmp_path):
    show = "import os, sys; print(os.environ['MPLCONFIGDIR']); sys.exit(3)"
    cmd = [sys.executable, "-m", "simkit.testing.isolated", "--", sys.executable, "-c", show]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=60, cwd=tmp_path)
    assert proc.returncode == 3, proc.stderr
    home = Path(proc.stdout.strip())
    assert home.name == "mpl" and "simkit-home-" in home.parent.name
    assert not home.parent.exists()  # removed afterwards


@pytest.mark.process
def test_voila_server_starts_answers_and_stops(tmp_path):
    with VoilaServer(tmp_path) as server:
        assert server.url == f"http://127.0.0.1:{server.port}/"
        socket.create_connection(("127.0.0.1", server.port), timeout=10).close()  # listening
        proc = server.proc
    assert proc is not None and proc.poll() is not None  # stopped
    assert (tmp_path / "home" / "jupyter-runtime").is_dir()  # its own Jupyter home


def test_make_test_runs_everything_and_test_fast_the_quick_tier():
    make = (ROOT / "Makefile").read_text(encoding="utf-8")
    test = make.split("\ntest:", 1)[1].split("\n\n", 1)[0]
    fast = make.split("\ntest-fast:", 1)[1].split("\n\n", 1)[0]
    assert "--nbmake tests notebooks" in test and " -m " not in test.replace("python -m ", "")
    assert '-m "not slow and not browser and not process" tests' in fast
    assert "-p simkit.testing.tiers" in fast
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert ci.index("make lint") < ci.index("make typecheck") < ci.index("make test")


def test_pre_commit_runs_the_pinned_ruff():
    pins = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    ruff = [d for d in pins["project"]["optional-dependencies"]["dev"] if d.startswith("ruff==")]
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    repo = next(r for r in config["repos"] if r["repo"].endswith("/ruff-pre-commit"))
    assert ruff == [f"ruff=={repo['rev'].lstrip('v')}"]


@pytest.mark.process
def test_the_tier_check_names_an_unmarked_process_test(tmp_path):
    (tmp_path / "test_probe.py").write_text(
        textwrap.dedent(
            """
            import subprocess, sys, pytest
            def test_unmarked():
                subprocess.run([sys.executable, "-c", "pass"], check=True)
            @pytest.mark.process
            def test_marked():
                subprocess.run([sys.executable, "-c", "pass"], check=True)
            """
        ),
        encoding="utf-8",
    )
    (tmp_path / "pytest.ini").write_text("[pytest]\nmarkers = process: x\n", encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"]
        + ["-p", "simkit.testing.tiers", "test_probe.py"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 1, proc.stdout
    assert "test_probe.py::test_unmarked: subprocess" in proc.stdout
    assert "test_marked:" not in proc.stdout and "2 passed" in proc.stdout
