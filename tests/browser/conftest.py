"""Fixtures for the real-browser dashboard tests: a Voila server, headless Chromium, screenshots.

The harness itself (Voila on a free port, Chromium flags, waiting for the app, counting frames) is
``simkit.testing.browser``, shared with ``benchmarks/bench_dashboard.py``. In CI (``CI=true``) a
missing Chromium or Playwright is a failure; locally the tests are skipped.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from simkit.testing.browser import CHROMIUM, VoilaServer, chromium

DOCS_IMG = Path(__file__).resolve().parents[2] / "docs" / "img"


def _in_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


def _require_browser() -> None:
    if not Path(CHROMIUM).exists():
        if _in_ci():
            pytest.fail(f"CI=true but {CHROMIUM} is missing: the browser tests must run in CI")
        pytest.skip(f"{CHROMIUM} not installed (and CI is not set)")
    if importlib.util.find_spec("playwright") is None:  # a dev dependency
        if _in_ci():
            pytest.fail("playwright is not installed")
        pytest.skip("playwright is not installed")


@pytest.fixture(scope="module")
def voila_server(tmp_path_factory):
    _require_browser()
    with VoilaServer(tmp_path_factory.mktemp("voila")) as server:
        yield server


@pytest.fixture(scope="module")
def browser():
    _require_browser()
    with chromium() as b:
        yield b


@pytest.fixture
def page(browser, voila_server):
    context = browser.new_context(viewport={"width": 1280, "height": 800}, device_scale_factor=1)
    pg = context.new_page()
    pg.set_default_timeout(60_000)
    yield pg
    context.close()


@pytest.fixture
def save_shot() -> Callable[..., Path]:
    """``save_shot(page, tmp_path, name)``: a screenshot in the test's tmp folder, and docs/img/.

    docs/img/NAME is written when it is missing or SIMKIT_UPDATE_SCREENSHOTS=1 (so an ordinary
    test run leaves the committed PNGs alone); PNGs of 500 KB or more are never copied.
    """

    def save(page, tmp_path: Path, name: str) -> Path:
        out = tmp_path / name
        page.screenshot(path=str(out))
        target = DOCS_IMG / name
        wanted = os.environ.get("SIMKIT_UPDATE_SCREENSHOTS") == "1" or not target.exists()
        if wanted and out.stat().st_size < 500_000:
            DOCS_IMG.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(out, target)
        return out

    return save
