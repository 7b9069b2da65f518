"""A Voila server for the dashboard and the Chromium settings; used by tests and benchmarks."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

from simkit.dashboard.serve import find_notebook, voila_command

REPO = Path(__file__).resolve().parents[2]
DOCS_IMG = REPO / "docs" / "img"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def isolated_env(tmp: Path) -> dict[str, str]:
    """Environment with every Jupyter/IPython/matplotlib directory in ``tmp``."""
    env = dict(os.environ)
    for var, sub in (
        ("JUPYTER_CONFIG_DIR", "jupyter_config"),
        ("JUPYTER_DATA_DIR", "jupyter_data"),
        ("JUPYTER_RUNTIME_DIR", "jupyter_runtime"),
        ("IPYTHONDIR", "ipython"),
        ("MPLCONFIGDIR", "mpl"),
    ):
        path = tmp / sub
        path.mkdir(parents=True, exist_ok=True)
        env[var] = str(path)
    env["PYTHONWARNINGS"] = "ignore"
    return env


class VoilaServer:
    """A Voila process serving the dashboard notebook on a free loopback port."""

    def __init__(self, tmp: Path):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self.log = open(tmp / "voila.log", "wb")  # noqa: SIM115 - closed in stop()
        self.proc = subprocess.Popen(
            voila_command("127.0.0.1", self.port, find_notebook()),
            env=isolated_env(tmp),
            cwd=tmp,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )

    def wait_ready(self, timeout: float = 90.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"voila exited with {self.proc.returncode}")
            try:
                # any HTTP answer means the server is up; this path starts no kernel
                with urllib.request.urlopen(self.url + "voila/files/ready", timeout=2):
                    return
            except urllib.error.HTTPError:
                return
            except OSError:
                time.sleep(0.3)
        raise TimeoutError(f"voila not ready at {self.url} after {timeout} s")

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.log.close()


def save_shot(page, tmp_path: Path, name: str) -> Path:
    """Screenshot into the test's tmp folder and refresh docs/img/ when asked.

    docs/img/NAME is written when it is missing or SIMKIT_UPDATE_SCREENSHOTS=1 (so an ordinary
    test run leaves the committed PNGs alone); PNGs of 500 KB or more are never copied.
    """
    out = tmp_path / name
    page.screenshot(path=str(out))
    target = DOCS_IMG / name
    wanted = os.environ.get("SIMKIT_UPDATE_SCREENSHOTS") == "1" or not target.exists()
    if wanted and out.stat().st_size < 500_000:
        DOCS_IMG.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(out, target)
    return out
