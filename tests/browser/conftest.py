"""Fixtures for the real-browser dashboard tests: a Voila server and headless Chromium.

In CI (``CI=true``) a missing Chromium or Playwright is a failure; locally the tests are skipped
only when CI is unset and /usr/bin/chromium is missing.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from dashboard_server import CHROMIUM, CHROMIUM_ARGS, VoilaServer


def _require_browser() -> None:
    in_ci = os.environ.get("CI", "").lower() in ("1", "true", "yes")
    if not Path(CHROMIUM).exists():
        if in_ci:
            pytest.fail(f"CI=true but {CHROMIUM} is missing: the browser tests must run in CI")
        pytest.skip(f"{CHROMIUM} not installed (and CI is not set)")


@pytest.fixture(scope="module")
def voila_server(tmp_path_factory):
    _require_browser()
    tmp = tmp_path_factory.mktemp("voila")
    server = VoilaServer(tmp)
    try:
        server.wait_ready()
    except Exception:
        server.stop()
        raise
    yield server
    server.stop()


@pytest.fixture(scope="module")
def browser():
    _require_browser()
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - playwright is a dev dependency
        if os.environ.get("CI"):
            pytest.fail("playwright is not installed")
        pytest.skip("playwright is not installed")
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser, voila_server):
    context = browser.new_context(viewport={"width": 1280, "height": 800}, device_scale_factor=1)
    pg = context.new_page()
    pg.set_default_timeout(60_000)
    yield pg
    context.close()
