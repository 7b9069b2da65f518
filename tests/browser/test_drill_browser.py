"""The drill panel in a real browser: Voila serves notebooks/drill.ipynb, Chromium plays it."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from simkit.testing.browser import DRILL_READY, VoilaServer, open_app

pytestmark = pytest.mark.browser

NOTEBOOK = Path(__file__).resolve().parents[2] / "notebooks" / "drill.ipynb"


@pytest.fixture(scope="module")
def drill_server(tmp_path_factory, browser):
    """Voila serving the drill notebook on a free loopback port (stopped after the module)."""
    with VoilaServer(tmp_path_factory.mktemp("voila_drill"), NOTEBOOK) as server:
        yield server.url


def test_one_incident_end_to_end(browser, drill_server, tmp_path):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(60_000)
    try:
        open_app(page, drill_server, DRILL_READY)
        body = page.locator("body")
        assert "Latihan insiden" in body.inner_text()
        assert "Traceback" not in body.inner_text()
        # the trainer picks one incident and starts
        page.locator(".sk-drill-incidents select").select_option(
            label="pukul 09:15 | Jari sudah bertinta"
        )
        page.locator(".sk-drill-speed button", has_text="Cepat").click()  # no frame pauses
        time.sleep(0.8)  # let the selection and the speed reach the kernel
        page.locator(".sk-drill-start").click()
        situation = page.locator(".sk-drill-situation")
        situation.filter(has_text="Jari sudah bertinta").wait_for()
        assert "09:15" in situation.inner_text()
        page.screenshot(path=str(tmp_path / "drill_question.png"))
        # the group answers
        page.locator(".sk-drill-choices label", has_text="Tolak dengan sopan").click()
        time.sleep(0.3)
        page.locator(".sk-drill-answer").click()
        feedback = page.locator(".sk-drill-feedback")
        feedback.filter(has_text="BENAR").wait_for()
        assert "Pasal 80" in feedback.inner_text()
        # the day goes on to its end; the debrief and the scorecard appear
        page.locator(".sk-drill-continue").click()
        debrief = page.locator(".sk-drill-debrief")
        debrief.filter(has_text="Kartu nilai").wait_for(timeout=120_000)
        text = debrief.inner_text()
        assert "Pembahasan" in text and "Jari sudah bertinta" in text
        assert "risiko PSU" in text  # what serving her would have cost
        assert page.locator('a[download="scorecard.csv"]').count() == 1
        assert page.locator('a[download="scorecard.html"]').count() == 1
        page.screenshot(path=str(tmp_path / "drill_debrief.png"), full_page=True)
    finally:
        context.close()
