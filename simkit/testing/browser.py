"""The browser harness: Voila on a free loopback port, headless Chromium, the app ready, frames.

One place for what the browser tests (``tests/browser/``) and ``benchmarks/bench_dashboard.py``
both do: start Voila on a notebook in an isolated home and stop it again (:class:`VoilaServer`),
launch the system Chromium through Playwright (:func:`chromium`), open the app and wait until it
has drawn (:func:`open_app`), and count how many frames the playback draws (:func:`count_frames`).
"""

from __future__ import annotations

import contextlib
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from simkit.dashboard.serve import find_notebook, voila_command
from simkit.testing.isolated import isolated_env

if TYPE_CHECKING:  # playwright is a dev extra: its types only for mypy
    from playwright.sync_api import Browser, Page

__all__ = [
    "APP_TIMEOUT_MS",
    "CHROMIUM",
    "CHROMIUM_ARGS",
    "DASHBOARD_READY",
    "DRILL_READY",
    "VoilaServer",
    "chromium",
    "count_frames",
    "free_port",
    "open_app",
]

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking")
DASHBOARD_READY = '.sk-card[data-kpi="work_end_min"]'  # the headline cards of the first run
DRILL_READY = ".sk-drill-start"  # the drill notebook's Start button
APP_TIMEOUT_MS = 120_000  # a cold kernel on a busy 2-core machine

# Poll the clock every `poll` ms for `ms` and count how often its text changed (= frames drawn).
_COUNT_FRAMES_JS = """
async ({ms, selector, poll}) => {
  const clock = () => (document.querySelector(selector) || {}).textContent;
  let last = clock(), changes = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < ms) {
    await new Promise(r => setTimeout(r, poll));
    const now = clock();
    if (now !== last) { changes += 1; last = now; }
  }
  return {changes, seconds: (performance.now() - t0) / 1000, last};
}
"""


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port nobody listens on right now (the OS picks it)."""
    with socket.socket() as s:
        s.bind((host, 0))
        return int(s.getsockname()[1])


class VoilaServer:
    """Voila serving ``notebook`` (default: the dashboard) on a free loopback port.

    Its Jupyter/IPython/matplotlib home and its log (``voila.log``) are in ``tmp``. As a context
    manager it starts, waits until the server answers, and stops on the way out.
    """

    def __init__(self, tmp: Path, notebook: Path | None = None, host: str = "127.0.0.1"):
        self.tmp = Path(tmp)
        self.notebook = Path(notebook) if notebook else find_notebook()
        self.host = host
        self.port = free_port(host)
        self.url = f"http://{host}:{self.port}/"
        self.log_path = self.tmp / "voila.log"
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> VoilaServer:
        """Start Voila (returns at once; :meth:`wait_ready` waits for it)."""
        env = isolated_env(self.tmp / "home")
        env["PYTHONWARNINGS"] = "ignore"
        with open(self.log_path, "wb") as log:  # the child keeps its own copy of the handle
            self.proc = subprocess.Popen(
                voila_command(self.host, self.port, self.notebook),
                env=env,
                cwd=self.tmp,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        return self

    def wait_ready(self, timeout: float = 90.0) -> None:
        """Wait until the server answers HTTP; raise with the log's tail if it dies or is late."""
        if self.proc is None:
            raise RuntimeError("VoilaServer.wait_ready() before start()")
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"voila exited with {self.proc.returncode}:\n{self.log_tail()}")
            try:
                # any HTTP answer means the server is up; this path starts no kernel
                with urllib.request.urlopen(self.url + "voila/files/ready", timeout=2):
                    return
            except urllib.error.HTTPError:
                return
            except OSError:
                time.sleep(0.3)
        raise TimeoutError(f"voila not ready at {self.url} after {timeout} s:\n{self.log_tail()}")

    def log_tail(self, lines: int = 30) -> str:
        """The last ``lines`` lines Voila wrote."""
        try:
            text = self.log_path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return ""
        return "\n".join(text.splitlines()[-lines:])

    def stop(self) -> None:
        """Terminate Voila (kill it after 20 s) and wait for it."""
        if self.proc is None:
            return
        self.proc.terminate()
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.proc = None

    def __enter__(self) -> VoilaServer:
        self.start()
        try:
            self.wait_ready()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


@contextlib.contextmanager
def chromium(executable: str = CHROMIUM) -> Iterator[Browser]:
    """Headless Chromium (the system one, not Playwright's download), closed on the way out."""
    from playwright.sync_api import sync_playwright  # lazy: playwright is a dev extra

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=executable, args=list(CHROMIUM_ARGS))
        try:
            yield browser
        finally:
            browser.close()


def open_app(
    page: Page, url: str, ready: str = DASHBOARD_READY, timeout_ms: float = APP_TIMEOUT_MS
) -> None:
    """Open ``url`` and wait until the app has drawn ``ready`` (a CSS selector)."""
    page.goto(url)
    page.wait_for_selector(ready, timeout=timeout_ms)


def count_frames(
    page: Page, seconds: float, clock: str = ".sk-play .sk-clock", poll_ms: int = 10
) -> dict[str, Any]:
    """Watch the playback clock for ``seconds``; how often it changed, and frames per second.

    Returns ``changes``, ``seconds`` (measured in the page), ``last`` (the clock's text at the
    end) and ``fps``.
    """
    stats = page.evaluate(
        _COUNT_FRAMES_JS, {"ms": int(seconds * 1000), "selector": clock, "poll": poll_ms}
    )
    stats["fps"] = stats["changes"] / stats["seconds"]
    return stats
