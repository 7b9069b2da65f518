"""Serve the dashboard notebook with Voila: ``simkit dashboard`` and ``make run`` end up here."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import webbrowser
from pathlib import Path

from simkit.i18n import t

__all__ = ["NOTEBOOK_CELL", "find_notebook", "serve", "voila_command", "wait_for_port"]

# The whole entry notebook: one code cell (Voila hides the code; outputs are never committed).
NOTEBOOK_CELL = """\
import warnings

warnings.filterwarnings("ignore")

from simkit.dashboard import App

app = App()  # language: SIMKIT_LANG (set by `simkit dashboard --lang en`), else Indonesian
app.show()"""


def notebook_json() -> dict:
    """Return the entry notebook as nbformat 4 JSON."""
    return {
        "cells": [
            {
                "cell_type": "code",
                "execution_count": None,
                "id": "simkit-dashboard",
                "metadata": {},
                "outputs": [],
                "source": NOTEBOOK_CELL.splitlines(keepends=True),
            }
        ],
        "metadata": {
            "kernelspec": {
                "display_name": "Python 3 (ipykernel)",
                "language": "python",
                "name": "python3",
            },
            "language_info": {"name": "python"},
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }


def find_notebook() -> Path:
    """``notebooks/dashboard.ipynb`` of the repository; a written copy when installed elsewhere."""
    repo_nb = Path(__file__).resolve().parents[2] / "notebooks" / "dashboard.ipynb"
    if repo_nb.exists():
        return repo_nb
    target = Path(tempfile.gettempdir()) / "simkit-dashboard" / "dashboard.ipynb"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(notebook_json(), indent=1), encoding="utf-8")
    return target


def voila_command(
    host: str = "127.0.0.1", port: int = 8866, notebook: Path | None = None
) -> list[str]:
    """Build the Voila command line for the dashboard (no browser, no tracebacks, light theme)."""
    nb = Path(notebook) if notebook else find_notebook()
    return [
        sys.executable,
        "-m",
        "voila",
        str(nb),
        f"--port={int(port)}",
        f"--Voila.ip={host}",
        "--no-browser",
        "--theme=light",
        "--show_tracebacks=False",
        "--strip_sources=True",
        # a pool of one kernel that has already run the notebook: the page opens at once
        "--preheat_kernel=True",
        "--pool_size=1",
    ]


def wait_for_port(host: str, port: int, timeout: float = 60.0, proc=None) -> bool:
    """Return True once ``host:port`` accepts connections (False on timeout or if ``proc`` died)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            return False
        try:
            with socket.create_connection((host, port), timeout=1.0):
                return True
        except OSError:
            time.sleep(0.2)
    return False


def serve(
    host: str = "127.0.0.1",
    port: int = 8866,
    open_browser: bool = True,
    notebook: Path | None = None,
    lang: str | None = None,
) -> int:
    """Run the dashboard with Voila at ``http://host:port/`` until Ctrl+C; return its exit code.

    ``lang`` ("id" or "en") is the language the page opens in.
    """
    cmd = voila_command(host, port, notebook)
    url = f"http://{host}:{port}/"
    stop = f"{t('cli_dashboard_stop', 'id')} / {t('cli_dashboard_stop', 'en')}"
    print(f"simkit dashboard: {url}  ({stop})", flush=True)
    env = dict(os.environ)
    if lang:
        env["SIMKIT_LANG"] = lang
    proc = subprocess.Popen(cmd, env=env)
    if open_browser:

        def _open():
            if wait_for_port(host, port, proc=proc):
                webbrowser.open(url)

        threading.Thread(target=_open, daemon=True).start()
    try:  # `kill PID` of this process stops Voila too, instead of orphaning it
        previous = signal.signal(signal.SIGTERM, lambda *_: proc.terminate())
    except ValueError:  # not the main thread: leave signals alone
        previous = None
    try:
        return proc.wait()
    except KeyboardInterrupt:
        proc.terminate()
        try:
            return proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            return proc.wait()
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)
