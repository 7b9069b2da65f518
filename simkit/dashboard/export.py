"""Downloads for the trainer: tables, charts and a printable one-page summary.

The replication table (CSV), every result table (Excel), charts (PNG) and a one-page summary
(HTML), as bytes plus ``data:`` URIs, so the links work in the page itself, offline.
"""

from __future__ import annotations

import base64
import html
import io

import pandas as pd

from simkit.dashboard.cards import CARDS, SHARE_KINDS, kpi_stat
from simkit.i18n import t
from simkit.report.format import format_value
from simkit.spreadsheet import formula_safe_frame, text_not_formulas

__all__ = ["data_uri", "link", "summary_csv", "excel_bytes", "summary_html"]

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def data_uri(payload: bytes | str, mime: str) -> str:
    """Encode ``payload`` as a base64 ``data:`` URI. for ``payload``."""
    if isinstance(payload, str):
        payload = payload.encode("utf-8")
    return f"data:{mime};base64,{base64.b64encode(payload).decode('ascii')}"


def link(payload: bytes | str, mime: str, filename: str, text: str) -> str:
    """Build an ``<a download>`` link carrying the file in the page itself (works offline)."""
    return (
        f'<a download="{html.escape(filename)}" href="{data_uri(payload, mime)}" '
        f'target="_blank">{html.escape(text)}</a>'
    )


def summary_csv(result) -> bytes:
    """One row per replication, the summary keys as columns (text cells formula-safe)."""
    return formula_safe_frame(result.table).to_csv(index=False).encode("utf-8")


def excel_bytes(result, lang: str = "id") -> bytes:
    """Write an .xlsx workbook: the replications and the full frames of replication 0.

    Text keeps its exact value, but a cell openpyxl would store as a formula (text starting with
    ``=``, e.g. a scenario name) is stored as text (:func:`text_not_formulas`).
    """
    day = result.day
    sheets = {
        t("exp_sheet_summary", lang): result.table,
        t("exp_sheet_voters", lang): day.voters,
        t("exp_sheet_staff", lang): day.staff,
        t("exp_sheet_counting", lang): day.counting,
        t("exp_sheet_queues", lang): day.queues,
        t("exp_sheet_stations", lang): day.stations,
    }
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="openpyxl") as writer:
        for name, frame in sheets.items():
            if isinstance(frame, pd.DataFrame):
                frame.to_excel(writer, sheet_name=name, index=False)
        text_not_formulas(writer.book)
    return buf.getvalue()


_PRINT_CSS = """
body { font-family: "DejaVu Sans", Arial, sans-serif; margin: 14mm; color: #111; }
h1 { font-size: 22pt; margin: 0 0 4pt; color: #b71c1c; } h2 { font-size: 14pt; margin: 12pt 0 4pt; }
.sub { color: #555; font-size: 11pt; }
table { border-collapse: collapse; width: 100%; font-size: 11pt; }
td, th { border: 1px solid #bbb; padding: 3pt 6pt; text-align: left; }
th { background: #eee; }
.kpi td:nth-child(2) { font-size: 15pt; font-weight: 700; }
.charts { display: flex; gap: 4mm; margin-top: 6pt; }
.charts img { width: 50%; object-fit: contain; }
@page { size: A4; margin: 10mm; }
"""


def summary_html(
    result, settings: list[tuple[str, str]], charts: dict[str, bytes], lang: str = "id"
) -> str:
    """Build a one-page printable summary: settings, headline figures with ranges, two charts."""
    n = len(result.table)
    rows = []
    for key, label, kind in CARDS:
        mid, lo, hi = kpi_stat(result.table, key, kind)
        if kind in SHARE_KINDS:
            rng = t("dash_risk_of", lang).format(k=int(round(mid * n)), n=n)
        else:
            rng = t("dash_range", lang).format(
                lo=format_value(lo, kind, lang), hi=format_value(hi, kind, lang)
            )
        rows.append(
            f"<tr><td>{html.escape(t(label, lang))}</td>"
            f"<td>{html.escape(format_value(mid, kind, lang))}</td><td>{rng}</td></tr>"
        )
    cells = [f"<td>{html.escape(k)}</td><td><b>{html.escape(v)}</b></td>" for k, v in settings]
    half = (len(cells) + 1) // 2  # two columns of settings keep the page to one sheet
    left, right = cells[:half], cells[half:] + ["<td></td><td></td>"] * (half - len(cells[half:]))
    setting_rows = "".join(f"<tr>{a}{b}</tr>" for a, b in zip(left, right, strict=True))
    imgs = "".join(
        f'<img alt="{html.escape(name)}" src="{data_uri(png, "image/png")}">'
        for name, png in charts.items()
    )
    imgs = f'<div class="charts">{imgs}</div>'
    title = t("dash_summary_title", lang)
    note = t("dash_reps_note", lang).format(n=n)
    return (
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>{title}</title>'
        f"<style>{_PRINT_CSS}</style></head><body>"
        f"<h1>{html.escape(title)}</h1>"
        f'<div class="sub">{html.escape(result.scenario.name)} · seed {result.seed} · '
        f"{html.escape(note)}</div>"
        f'<h2>{t("dash_tab_results", lang)}</h2><table class="kpi">{"".join(rows)}</table>'
        f"<h2>{t('dash_settings', lang)}</h2><table>{setting_rows}</table>"
        f"{imgs}"
        f'<div class="sub">{t("dash_printed", lang)}</div></body></html>'
    )
