"""Headline cards and the baseline comparison as HTML (no widgets; the app puts them in place).

Times are medians over replications shown as clock times, with the lowest-highest range below.
Each card carries ``data-kpi`` and ``data-value`` (model minutes) so tests can read the figure.
"""

from __future__ import annotations

import html
import math

import pandas as pd

from simkit import metrics
from simkit.experiment import paired_differences
from simkit.i18n import t
from simkit.report.format import format_change, format_ci, format_value
from simkit.tps import LEGAL_DEADLINE_MIN, MIDNIGHT_MIN

__all__ = [
    "CARDS",
    "COMPARE_ROWS",
    "SHARE_KINDS",
    "cards_html",
    "compare_html",
    "compare_rows",
    "kpi_stat",
]

# (summary key, card label key, kind): the six headline cards; the kind is the catalogue's
CARDS = tuple(
    (key, label, metrics.kind(key))
    for key, label in (
        ("last_voter_exit_min", "dash_card_last_voter"),
        ("counting_end_min", "dash_card_counting_end"),
        ("work_end_min", "dash_card_work_end"),
        ("wait_max_min", "dash_card_wait"),
        ("kpps_hours_max", "dash_card_hours"),
        ("past_deadline", "dash_card_risk"),
    )
)

# the KPIs of the comparison with the standard TPS, and their kinds
COMPARE_ROWS = tuple(
    (key, metrics.kind(key))
    for key in (
        "last_voter_exit_min",
        "counting_end_min",
        "work_end_min",
        "wait_mean_min",
        "wait_max_min",
        "share_wait_over_30min",
        "kpps_hours_max",
        "kpps_hours_mean",
        "past_deadline",
        "voters_voted",
    )
)
# kinds whose cards show a share of replications rather than a middle value and range
SHARE_KINDS = ("share", "flag")


def kpi_stat(table: pd.DataFrame, key: str, kind: str) -> tuple[float, float, float]:
    """Middle value, low and high of one KPI column over the replications."""
    col = pd.to_numeric(table[key], errors="coerce").astype(float)
    if kind in SHARE_KINDS:
        mean = float(col.mean())
        return mean, mean, mean
    return float(col.median()), float(col.min()), float(col.max())


def _risk_class(key: str, value: float) -> str:
    if key == "past_deadline":
        return "sk-bad" if value >= 0.2 else ("sk-warn" if value > 0 else "sk-good")
    if key == "work_end_min":
        late = value >= LEGAL_DEADLINE_MIN
        return "sk-bad" if late else ("sk-warn" if value >= MIDNIGHT_MIN else "sk-good")
    if key == "kpps_hours_max":
        return "sk-bad" if value >= 24 else ("sk-warn" if value >= 18 else "sk-good")
    if key == "wait_max_min":
        return "sk-bad" if value >= 60 else ("sk-warn" if value >= 30 else "sk-good")
    if key == "last_voter_exit_min":
        return "sk-warn" if value > 390 else "sk-good"
    return "sk-neutral"


def _value_html(text: str) -> str:
    # "02:50 (+1)": the next-day mark smaller, so the clock time stays the big figure
    clock, sep, day = text.partition(" (")
    if sep and day.startswith(("+", "-")):
        return f'{html.escape(clock)} <span class="sk-day">({html.escape(day)}</span>'
    return html.escape(text)


def cards_html(table: pd.DataFrame, lang: str) -> str:
    """Six headline cards over the replications in ``table``."""
    n = len(table)
    parts = ['<div class="sk-cards">']
    for key, label, kind in CARDS:
        mid, lo, hi = kpi_stat(table, key, kind)
        if kind in SHARE_KINDS:
            k = int(round(mid * n))
            sub = t("dash_risk_of", lang).format(k=k, n=n)
        elif n > 1:
            sub = t("dash_range", lang).format(
                lo=format_value(lo, kind, lang), hi=format_value(hi, kind, lang)
            )
        else:
            sub = "&nbsp;"
        parts.append(
            f'<div class="sk-card {_risk_class(key, mid)}" data-kpi="{key}" data-value="{mid:.3f}">'
            f'<div class="sk-card-label">{html.escape(t(label, lang))}</div>'
            f'<div class="sk-card-value">{_value_html(format_value(mid, kind, lang))}</div>'
            f'<div class="sk-card-sub">{sub}</div></div>'
        )
    parts.append("</div>")
    parts.append(f'<div class="sk-note">{html.escape(t("dash_reps_note", lang).format(n=n))}</div>')
    return "".join(parts)


def compare_rows(
    current: pd.DataFrame, baseline: pd.DataFrame
) -> list[tuple[str, str, float, float, float, float, float]]:
    """Per compared KPI: (key, kind, baseline mean, current mean, diff, CI low, CI high).

    Replication i of both tables ran on the same seed, so the difference is paired (common random
    numbers) and its confidence interval comes from :func:`simkit.experiment.paired_differences`.
    """
    keys = [(k, kind) for k, kind in COMPARE_ROWS if k in current and k in baseline]
    frame = pd.concat(
        [baseline.assign(variant="baseline"), current.assign(variant="current")], ignore_index=True
    )
    for key, _kind in keys:
        frame[key] = pd.to_numeric(frame[key], errors="coerce").astype(float)
    table = paired_differences(frame, kpis=[k for k, _ in keys]).set_index(["kpi", "variant"])
    rows = []
    for key, kind in keys:
        base, cur = table.loc[(key, "baseline")], table.loc[(key, "current")]
        rows.append(
            (
                key,
                kind,
                float(base["mean"]),
                float(cur["mean"]),
                float(cur["diff"]),
                float(cur["ci_low"]),
                float(cur["ci_high"]),
            )
        )
    return rows


def compare_html(current: pd.DataFrame, baseline: pd.DataFrame, lang: str) -> str:
    """Show the current settings next to the standard TPS, KPI by KPI, with the difference."""
    head = (
        # the cards show medians: say here that these are means, or the figures look wrong
        f"<tr><th>{t('dash_kpi_mean', lang).format(n=len(current))}</th>"
        f"<th>{t('dash_baseline', lang)}</th>"
        f"<th>{t('dash_current', lang)}</th><th>{t('dash_difference', lang)}</th>"
        f"<th>{t('dash_ci', lang)}</th></tr>"
    )
    body = []
    for key, kind, base, cur, diff, low, high in compare_rows(current, baseline):
        clear = not (math.isnan(low) or math.isnan(high)) and (low > 0 or high < 0)
        up_is_bad = metrics.CATALOGUE[key].better != "higher"
        cls = ""
        if clear or (math.isnan(low) and abs(diff) > 1e-9):
            cls = "sk-worse" if (diff > 0) == up_is_bad else "sk-better"
        body.append(
            f'<tr data-kpi="{key}"><td>{html.escape(t(key, lang))}</td>'
            f"<td>{html.escape(format_value(base, kind, lang))}</td>"
            f"<td>{html.escape(format_value(cur, kind, lang))}</td>"
            f'<td class="{cls}">{html.escape(format_change(diff, kind, lang))}</td>'
            f'<td class="sk-ci">{html.escape(format_ci(low, high, kind, lang))}</td></tr>'
        )
    note = html.escape(t("dash_compare_note", lang).format(n=len(current)))
    table = f'<table class="sk-compare">{head}{"".join(body)}</table>'
    return f'{table}<div class="sk-note">{note}</div>'
