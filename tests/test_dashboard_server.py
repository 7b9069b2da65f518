"""The dashboard server (issue 15, defects 4, 5): Host check, token, kernel cull and cap, address.

Voila runs for real on 127.0.0.1 on a free port (never on another address), on a one-cell
notebook so a page load takes a second, in a throwaway Jupyter home; every server a test starts
is stopped, every wait is bounded. Off-loopback serving is tested through the plan it builds
(and its token through Voila bound to 127.0.0.1 in off-loopback mode).
"""

from __future__ import annotations

import contextlib
import http.client
import importlib
import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from simkit.testing.browser import VoilaServer, free_port
from simkit.testing.isolated import isolated_env

# the module (the package's `serve` attribute is the function of the same name); its names are
# looked up in each test, so each test fails on its own where a name is missing
serve_module = importlib.import_module("simkit.dashboard.serve")

LOOPBACK = "127.0.0.1"
READY_S = 90  # a cold Voila on a busy 2-core machine
PAGE_S = 90  # one page load (runs the one-cell notebook in a kernel)


def tiny_notebook(folder: Path) -> Path:
    """A one-cell notebook: the page says ``hello simkit``."""
    nb = {
        "cells": [
            {
                "cell_type": "code",
                "execution_count": None,
                "id": "tiny",
                "metadata": {},
                "outputs": [],
                "source": ["print('hello simkit')"],
            }
        ],
        "metadata": {
            "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
            "language_info": {"name": "python"},
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    path = folder / "tiny.ipynb"
    path.write_text(json.dumps(nb), encoding="utf-8")
    return path


def get(port: int, host_header: str, path: str = "/") -> tuple[int, dict[str, str], bytes]:
    """GET ``path`` from 127.0.0.1:``port`` with an explicit ``Host`` header."""
    conn = http.client.HTTPConnection(LOOPBACK, port, timeout=PAGE_S)
    try:
        conn.request("GET", path, headers={"Host": host_header})
        resp = conn.getresponse()
        return resp.status, dict(resp.getheaders()), resp.read()
    finally:
        conn.close()


def kernels_of(pid: int) -> list[int]:
    """PIDs of the kernels ``pid`` started (its children running ipykernel), from /proc."""
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        with contextlib.suppress(OSError):
            for child in (task / "children").read_text().split():
                with contextlib.suppress(OSError):
                    cmdline = Path(f"/proc/{child}/cmdline").read_bytes()
                    if b"ipykernel" in cmdline:
                        found.append(int(child))
    return found


def wait_until(check, timeout: float, step: float = 0.5) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(step)
    return check()


@contextlib.contextmanager
def voila(tmp: Path, env_extra: dict[str, str] | None = None, **options) -> Iterator[tuple]:
    """Voila (``voila_command(..., **options)``) on a free loopback port; (process, port)."""
    port = free_port(LOOPBACK)
    env = isolated_env(tmp / "home")
    env["PYTHONWARNINGS"] = "ignore"
    env.update(env_extra or {})
    log_path = tmp / "voila.log"
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(
            serve_module.voila_command(LOOPBACK, port, tiny_notebook(tmp), **options),
            env=env,
            cwd=tmp,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + READY_S
        while True:
            assert proc.poll() is None, log_path.read_text(errors="replace")[-3000:]
            assert time.monotonic() < deadline, "voila not ready in time"
            try:  # this path starts no kernel
                get(port, f"{LOOPBACK}:{port}", "/voila/files/none")
                break
            except OSError:
                time.sleep(0.3)
        yield proc, port
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def cli(*args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """``python -m simkit ARGS`` in its own process group, killed whole if it runs too long."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "simkit", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=dict(os.environ, PYTHONIOENCODING="utf-8"),
        start_new_session=True,
    )
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)  # Voila and its kernels too
        out, err = proc.communicate()
        pytest.fail(f"simkit {' '.join(args)} still running after {timeout} s:\n{out}\n{err}")
    return subprocess.CompletedProcess(proc.args, proc.returncode, out, err)


# --------------------------------------------------------------------------- defect 4


@pytest.mark.process
def test_a_foreign_host_header_gets_403_and_the_served_names_200(tmp_path):
    # the harness the browser tests use: the default command line of `simkit dashboard`
    with VoilaServer(tmp_path, notebook=tiny_notebook(tmp_path)) as server:
        port = server.port
        for foreign in ("evil.example", f"evil.example:{port}", f"127.0.0.1.evil.example:{port}"):
            status, _, _ = get(port, foreign)
            assert status == 403, foreign  # DNS rebinding: another site's page is refused
        for served in (f"127.0.0.1:{port}", f"localhost:{port}"):
            status, _, body = get(port, served)
            assert status == 200 and b"hello simkit" in body, served


def test_off_loopback_the_plan_requires_a_token_and_on_loopback_checks_the_host():
    plan = serve_module.plan
    wide = plan("0.0.0.0", 8866, ["0.0.0.0"])
    assert not wide.loopback and len(wide.token) >= 32
    assert wide.url.endswith(f":8866/?token={wide.token}")
    assert wide.env == {"JUPYTER_TOKEN": wide.token}  # to Voila, not on its command line
    assert "--Voila.auto_token=True" in wide.command
    assert not any(wide.token in part for part in wide.command)  # never in `ps`
    assert plan("0.0.0.0", 8866, ["0.0.0.0"]).token != wide.token  # fresh each time
    lan = plan("192.0.2.7", 8866, ["192.0.2.7"])
    assert not lan.loopback and lan.url.startswith("http://192.0.2.7:8866/?token=")
    assert "?token=" in plan("::", 8866, ["::"]).url

    local = plan("127.0.0.1", 8866, ["127.0.0.1"])
    assert local.loopback and local.token == "" and local.env == {}
    assert local.url == "http://127.0.0.1:8866/"
    settings = next(p for p in local.command if p.startswith("--Voila.tornado_settings="))
    assert "'allow_remote_access': False" in settings and "'localhost'" in settings
    assert plan("localhost", 8866, ["127.0.0.1", "::1"]).loopback


def test_off_loopback_serve_warns_loudly_in_both_languages(monkeypatch, capsys):
    started = []

    class FakeVoila:  # Voila is not started here; nothing binds a non-loopback address
        def __init__(self, cmd, env):
            started.append((cmd, env))

        def wait(self, timeout=None):
            return 0

    monkeypatch.setattr(serve_module, "check_address", lambda host, port, lang: ["192.0.2.7"])
    monkeypatch.setattr(serve_module.subprocess, "Popen", FakeVoila)
    assert serve_module.serve("192.0.2.7", 8866, open_browser=False, lang="en") == 0
    out, err = capsys.readouterr()
    assert "PERINGATAN" in err and "WARNING" in err and "192.0.2.7" in err
    ((cmd, env),) = started
    token = env["JUPYTER_TOKEN"]
    assert f"http://192.0.2.7:8866/?token={token}" in out


@pytest.mark.process
def test_off_loopback_voila_refuses_a_page_without_the_token(tmp_path):
    # off-loopback mode, yet bound to 127.0.0.1 (tests never bind another address)
    with voila(tmp_path, env_extra={"JUPYTER_TOKEN": "s3cret-token"}, loopback=False) as (_, port):
        host = f"{LOOPBACK}:{port}"
        for path in ("/", "/?token=wrong"):
            status, headers, body = get(port, host, path)
            assert status in (302, 403) and b"hello simkit" not in body, path
            assert status == 403 or "/login" in headers.get("Location", "")
        status, _, body = get(port, host, "/?token=s3cret-token")
        assert status == 200 and b"hello simkit" in body


@pytest.mark.process
def test_idle_kernels_are_culled(tmp_path):
    with voila(tmp_path, cull_idle_timeout=3, cull_interval=1) as (proc, port):
        assert wait_until(lambda: len(kernels_of(proc.pid)) == 1, 60)  # the preheated one
        for _ in range(3):  # anonymous page loads, nobody stays connected
            assert get(port, f"{LOOPBACK}:{port}")[0] == 200
        assert wait_until(lambda: len(kernels_of(proc.pid)) >= 3, 30)
        # the pages' kernels go; the preheated one for the next visitor stays
        assert wait_until(lambda: len(kernels_of(proc.pid)) == 1, 60), kernels_of(proc.pid)


@pytest.mark.process
def test_the_number_of_kernels_is_capped(tmp_path):
    with voila(tmp_path, max_kernels=2) as (proc, port):
        assert wait_until(lambda: len(kernels_of(proc.pid)) == 1, 60)
        statuses: list[int] = []
        peak = [0]

        def load():
            statuses.append(get(port, f"{LOOPBACK}:{port}")[0])

        threads = [threading.Thread(target=load) for _ in range(5)]
        for th in threads:
            th.start()
        while any(th.is_alive() for th in threads):
            peak[0] = max(peak[0], len(kernels_of(proc.pid)))
            time.sleep(0.1)
        for th in threads:
            th.join(PAGE_S)
        assert 503 in statuses and 200 in statuses, statuses
        assert max(peak[0], len(kernels_of(proc.pid))) <= 2


# --------------------------------------------------------------------------- defect 5


@pytest.mark.process
def test_a_taken_port_fails_at_once_with_a_hint(tmp_path):
    import socket

    with socket.socket() as taken:
        taken.bind((LOOPBACK, 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = cli("dashboard", "--lang", "en", "--no-browser", "--port", str(port))
    assert done.returncode == 2, done.stderr
    assert f"port {port}" in done.stderr and "already in use" in done.stderr
    assert "--port" in done.stderr and "Traceback" not in done.stderr
    assert f":{port}" not in done.stdout  # no address printed that is not served


@pytest.mark.process
@pytest.mark.parametrize(("lang", "words"), [("id", "tidak dikenal"), ("en", "cannot be resolved")])
def test_an_unresolvable_host_fails_with_a_message(lang, words):
    done = cli("dashboard", "--lang", lang, "--no-browser", "--host", "nosuch.invalid")
    assert done.returncode == 2, done.stderr
    assert "nosuch.invalid" in done.stderr and words in done.stderr
    assert "Traceback" not in done.stderr and "http://" not in done.stdout


def test_check_address_names_the_reason():
    check_address, AddressError = serve_module.check_address, serve_module.AddressError
    assert check_address(LOOPBACK, free_port(LOOPBACK)) == [LOOPBACK]
    with pytest.raises(AddressError, match="not an address of this machine"):
        check_address("192.0.2.7", 8866, "en")  # TEST-NET-1: never this machine's
