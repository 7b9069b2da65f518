"""The dashboard in a real browser: Voila + headless Chromium, as a trainer would use it."""

from __future__ import annotations

import time

import openpyxl
import pytest

from simkit.testing.browser import count_frames, open_app

pytestmark = pytest.mark.browser

# Press the drill's Start and record every clock time the drill picture shows until it pauses.
PLAYBACK_CLOCKS_JS = """
async (ms) => {
  const seen = [];
  const clock = () => (document.querySelector('.sk-drill-floor .sk-clock') || {}).textContent;
  const paused = () => {
    const s = document.querySelector('.sk-drill-situation');
    return s && s.offsetParent !== null && s.textContent.trim().length > 0;
  };
  document.querySelector('.sk-drill-start').click();
  const t0 = performance.now();
  while (performance.now() - t0 < ms) {
    await new Promise(r => setTimeout(r, 15));
    const now = clock();
    if (now && seen[seen.length - 1] !== now) seen.push(now);
    if (paused()) break;
  }
  return seen;
}
"""


def card_value(page, kpi: str) -> float:
    return float(page.locator(f'.sk-card[data-kpi="{kpi}"]').get_attribute("data-value"))


def set_slider(page, label: str, value: int) -> None:
    """Type a value into the slider readout under ``label`` (as a trainer can)."""
    control = page.locator(".sk-control", has_text=label)
    readout = control.locator(".widget-readout")
    readout.click()
    page.keyboard.press("Control+A")
    page.keyboard.type(str(value))
    page.keyboard.press("Enter")
    page.wait_for_function(
        "([label, v]) => [...document.querySelectorAll('.sk-control')].some(c =>"
        " c.textContent.includes(label)"
        " && c.querySelector('.widget-readout').textContent.trim() == v)",
        arg=[label, str(value)],
    )


def test_trainer_session(page, voila_server, tmp_path, save_shot):
    open_app(page, voila_server.url)
    body = page.locator("body")
    # Indonesian by default, TPS vocabulary, no code, no traceback
    for text in (
        "Jalankan",
        "Pemilih terakhir keluar",
        "Semua pekerjaan selesai",
        "KPPS yang hadir",
        "Bilik suara",
        "Jumlah saksi",
        "Pemilih DPTb",
        "Hasil",
        "Putar ulang TPS",
        "Latihan insiden",
    ):
        assert text in body.inner_text(), text
    assert "Traceback" not in body.inner_text()
    code = page.locator(".jp-InputArea:visible, .CodeMirror:visible, .cm-editor:visible")
    assert code.count() == 0
    work_end_7 = card_value(page, "work_end_min")
    counting_end_7 = card_value(page, "counting_end_min")
    save_shot(page, tmp_path, "dashboard_id.png")

    # 5 KPPS instead of 7: the count and the paperwork take longer
    set_slider(page, "KPPS yang hadir", 5)
    page.locator(".sk-status", has_text="tekan Jalankan").wait_for()  # the kernel saw it
    page.locator(".sk-run").click()
    page.wait_for_function(
        "v => { const c = document.querySelector('.sk-card[data-kpi=\"work_end_min\"]');"
        " return c && Math.abs(parseFloat(c.dataset.value) - v) > 1e-6; }",
        arg=work_end_7,
        timeout=60_000,
    )
    work_end_5 = card_value(page, "work_end_min")
    assert work_end_5 > work_end_7 + 30, (work_end_7, work_end_5)
    assert card_value(page, "counting_end_min") > counting_end_7

    # the comparison with the standard TPS shows the later work end
    page.locator(".lm-TabBar-tab", has_text="Bandingkan").click()
    row = page.locator('.sk-compare tr[data-kpi="work_end_min"]')
    row.wait_for()
    assert "lebih lambat" in row.inner_text()

    # English toggle switches every label
    page.locator(".sk-header .widget-toggle-button", has_text="EN").click()
    page.wait_for_selector("text=Standard TPS 2024")
    text = body.inner_text()
    for label in (
        "Run",
        "KPPS present (1-7)",
        "Voting booths",
        "Number of saksi",
        "Results",
        "Compare",
        "TPS playback",
        "Incident drill",
        "later",
    ):
        assert label in text, label
    for label in ("Jalankan", "KPPS yang hadir", "Jumlah saksi"):
        assert label not in text, label
    page.locator(".lm-TabBar-tab", has_text="Results").click()
    page.wait_for_selector("text=All work done")
    save_shot(page, tmp_path, "dashboard_en.png")

    # playback: press play, the clock moves at >= 10 frames/s
    page.locator(".sk-header .widget-toggle-button", has_text="ID").click()
    page.locator(".lm-TabBar-tab", has_text="Putar ulang TPS").click()
    clock = page.locator(".sk-play .sk-clock")
    clock.wait_for()
    before = clock.text_content()
    assert before.startswith("06:00")
    page.locator(".widget-play button").first.click()
    stats = count_frames(page, 3.0)
    page.locator(".widget-play button").first.click()  # pause
    time.sleep(0.3)
    after = clock.text_content()
    assert after != before and after > before, (before, after)
    fps = stats["changes"] / stats["seconds"]
    assert fps >= 8, stats  # the benchmark holds the 10 frames/s target; a loaded CI gets slack
    assert page.locator(".sk-floor circle").count() > 7  # voters on the floor, not only the KPPS
    save_shot(page, tmp_path, "playback.png")


def test_impossible_setting_shows_message(page, voila_server):
    open_app(page, voila_server.url)
    set_slider(page, "KPPS yang hadir", 0)
    page.locator(".sk-run").click()
    error = page.locator(".sk-msg-error")
    error.wait_for()
    text = error.inner_text()
    assert "staff.kpps" in text and "tidak bisa disimulasikan" in text
    assert "Traceback" not in page.locator("body").inner_text()


def test_downloads_in_the_browser(page, voila_server, tmp_path):
    open_app(page, voila_server.url)
    page.locator(".lm-TabBar-tab", has_text="Unduh").click()
    link = page.locator(".sk-downloads a", has_text="Excel")
    link.wait_for()
    with page.expect_download() as info:
        link.click()
    path = tmp_path / info.value.suggested_filename
    info.value.save_as(path)
    assert path.suffix == ".xlsx"
    book = openpyxl.load_workbook(path)
    assert "Ringkasan" in book.sheetnames and book["Ringkasan"].max_row == 21  # header + 20 reps
    with page.expect_download() as info:
        page.locator(".sk-downloads a", has_text="HTML").click()
    html = tmp_path / "summary.html"
    info.value.save_as(html)
    assert "Ringkasan simulasi TPS" in html.read_text(encoding="utf-8")


def test_drill_tab_in_the_dashboard(page, voila_server, tmp_path, save_shot):
    """The trainer runs one incident in the dashboard's drill tab, to the scorecard download."""
    open_app(page, voila_server.url)
    page.locator(".lm-TabBar-tab", has_text="Latihan insiden").click()
    drill = page.locator(".sk-drill")
    page.locator(".sk-drill-start").wait_for(state="visible")
    page.locator(".sk-sidebar").wait_for(state="hidden")  # the drill has its own settings
    text = drill.inner_text()
    for label in ("1. Skenario", "2. Insiden", "3. Nama tim", "Mulai latihan", "Undi acak"):
        assert label in text, label
    picked = drill.locator("select").first.evaluate("s => s.options[s.selectedIndex].text")
    assert "(tps_standar_2024)" in picked  # the sidebar's scenario is offered
    # one incident, team A; the day plays back to 09:15 with the floor plan, then pauses
    drill.locator(".sk-drill-incidents select").select_option(
        label="pukul 09:15 | Jari sudah bertinta"
    )
    team = drill.locator(".sk-drill-team input")
    team.fill("A")
    team.press("Enter")
    time.sleep(1.0)  # let the selection and the name reach the kernel
    clocks = page.evaluate(PLAYBACK_CLOCKS_JS, 60_000)  # presses Start, watches the clock
    assert len(clocks) >= 5 and clocks[-1] == "09:15", clocks  # the day visibly played
    assert clocks == sorted(clocks), clocks
    situation = drill.locator(".sk-drill-situation")
    situation.filter(has_text="Jari sudah bertinta").wait_for()
    clock = drill.locator(".sk-drill-clock").inner_text()
    assert "09:15" in clock and "Dijeda" in clock and "Tim A" in clock, clock
    assert "09:15" in drill.locator(".sk-drill-floor .sk-clock").text_content()
    assert drill.locator(".sk-drill-floor circle").count() > 7  # voters in the TPS
    page.mouse.move(5, 5)  # no hover highlight on a choice in the picture
    save_shot(page, tmp_path, "drill_dashboard.png")
    # the group answers; the verdict and the rule
    drill.locator(".sk-drill-choices label", has_text="Tolak dengan sopan").click()
    time.sleep(0.3)
    drill.locator(".sk-drill-answer").click()
    feedback = drill.locator(".sk-drill-feedback")
    feedback.filter(has_text="BENAR").wait_for()
    assert "Pasal 80" in feedback.inner_text()
    # the day goes on to its end; debrief and scorecard with downloads
    drill.locator(".sk-drill-continue").click()
    debrief = drill.locator(".sk-drill-debrief")
    debrief.filter(has_text="Kartu nilai").wait_for(timeout=120_000)
    text = debrief.inner_text()
    assert "Pembahasan: Tim A" in text and "Jari sudah bertinta" in text
    assert "risiko PSU" in text  # what serving her would have cost
    assert "Traceback" not in page.locator("body").inner_text()
    link = drill.locator('a[download="scorecard.csv"]')
    with page.expect_download() as info:
        link.click()
    path = tmp_path / "scorecard.csv"
    info.value.save_as(path)
    header, row = path.read_text(encoding="utf-8").strip().splitlines()
    assert header.startswith("team,correct,answered") and row.startswith("A,1,1,100")
    assert drill.locator('a[download="scorecard.html"]').count() == 1
    page.mouse.move(5, 5)
    page.evaluate("document.querySelector('.sk-drill-debrief h3').scrollIntoView()")
    save_shot(page, tmp_path, "drill_debrief.png")  # the debrief table, the scorecard below
    # English: the tab, the debrief and the scorecard switch too
    page.locator(".sk-header .widget-toggle-button", has_text="EN").click()
    debrief.filter(has_text="Debrief: Team A").wait_for()
    assert page.locator(".lm-TabBar-tab", has_text="Incident drill").count() == 1
    text = drill.inner_text()
    for label in ("Scorecard", "Printable scorecard (HTML)", "Next team (same drill)"):
        assert label in text, label
    for label in ("Pembahasan", "Kartu nilai", "Tim berikutnya"):
        assert label not in text, label
