"""Headline cards and the baseline comparison as HTML (no widgets; the app puts them in place).

Times are medians over replications shown as clock times, with the lowest-highest range below.
Each card carries ``data-kpi`` and ``data-value`` (model minutes) so tests can read the figure.
"""

from __future__ import annotations

import html
import math

import pandas as pd

from simkit.i18n import t
from simkit.scenario import min_to_clock

__all__ = ["CARDS", "cards_html", "compare_html", "fmt_number", "fmt_kpi", "fmt_diff"]

# (summary key, card label key, kind); kind decides the format
CARDS = (
    ("last_voter_exit_min", "dash_card_last_voter", "clock"),
    ("counting_end_min", "dash_card_counting_end", "clock"),
    ("work_end_min", "dash_card_work_end", "clock"),
    ("wait_max_min", "dash_card_wait", "minutes"),
    ("kpps_hours_max", "dash_card_hours", "hours"),
    ("past_deadline", "dash_card_risk", "share"),
)

COMPARE_ROWS = (
    ("last_voter_exit_min", "clock"),
    ("counting_end_min", "clock"),
    ("work_end_min", "clock"),
    ("wait_mean_min", "minutes"),
    ("wait_max_min", "minutes"),
    ("share_wait_over_30min", "share"),
    ("kpps_hours_max", "hours"),
    ("kpps_hours_mean", "hours"),
    ("past_deadline", "share"),
    ("voters_voted", "count"),
)


def fmt_number(value: float, lang: str, digits: int = 1) -> str:
    """Format a number with the decimal comma in Indonesian (``21,5``) and a point in English."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "-"
    text = f"{value:.{digits}f}"
    return text.replace(".", ",") if lang == "id" else text


def fmt_kpi(value: float, kind: str, lang: str) -> str:
    """One KPI value for display."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "-"
    if kind == "clock":
        return min_to_clock(value)
    if kind == "minutes":
        return f"{fmt_number(value, lang, 0)} {t('minutes', lang)}"
    if kind == "hours":
        return f"{fmt_number(value, lang, 1)} {'jam' if lang == 'id' else 'h'}"
    if kind == "share":
        return f"{fmt_number(100 * value, lang, 0)}%"
    return f"{value:.0f}"


def fmt_diff(diff: float, kind: str, lang: str) -> str:
    """Format a difference, signed, with 'later'/'earlier' for clock times."""
    if diff is None or (isinstance(diff, float) and math.isnan(diff)):
        return "-"
    mag = abs(diff)
    shown = {
        "clock": round(mag),
        "minutes": round(mag),
        "hours": round(mag, 1),
        "share": round(100 * mag),
        "count": round(mag),
    }.get(kind, mag)
    if shown == 0:  # too small to show in the KPI's unit
        return t("dash_same", lang)
    sign = "+" if diff > 0 else "−"
    if kind == "clock":
        h, m = divmod(round(mag), 60)
        hu, mu = ("j", "m") if lang == "id" else ("h", "min")
        span = f"{h} {hu} {m} {mu}" if h else f"{m} {mu}"
        word = t("dash_later", lang) if diff > 0 else t("dash_earlier", lang)
        return f"{sign}{span} ({word})"
    if kind == "share":
        return (
            f"{sign}{fmt_number(100 * mag, lang, 0)} %-poin"
            if lang == "id"
            else (f"{sign}{100 * mag:.0f} pp")
        )
    if kind == "count":
        return f"{sign}{mag:.0f}"
    return f"{sign}{fmt_kpi(mag, kind, lang)}"


def kpi_stat(table: pd.DataFrame, key: str, kind: str) -> tuple[float, float, float]:
    """Middle value, low and high of one KPI column over the replications."""
    col = pd.to_numeric(table[key], errors="coerce").astype(float)
    if kind == "share":
        mean = float(col.mean())
        return mean, mean, mean
    return float(col.median()), float(col.min()), float(col.max())


def _risk_class(key: str, value: float) -> str:
    if key == "past_deadline":
        return "sk-bad" if value >= 0.2 else ("sk-warn" if value > 0 else "sk-good")
    if key == "work_end_min":
        return "sk-bad" if value >= 1740 else ("sk-warn" if value >= 1020 else "sk-good")
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
        if kind == "share":
            k = int(round(mid * n))
            sub = t("dash_risk_of", lang).format(k=k, n=n)
        elif n > 1:
            sub = t("dash_range", lang).format(
                lo=fmt_kpi(lo, kind, lang), hi=fmt_kpi(hi, kind, lang)
            )
        else:
            sub = "&nbsp;"
        parts.append(
            f'<div class="sk-card {_risk_class(key, mid)}" data-kpi="{key}" data-value="{mid:.3f}">'
            f'<div class="sk-card-label">{html.escape(t(label, lang))}</div>'
            f'<div class="sk-card-value">{_value_html(fmt_kpi(mid, kind, lang))}</div>'
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
    from simkit.experiment import paired_differences

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


def fmt_ci(low: float, high: float, kind: str, lang: str) -> str:
    """A confidence interval of a difference, in the KPI's unit (clock KPIs in minutes)."""
    if math.isnan(low) or math.isnan(high):
        return "-"
    if kind == "share":
        a, b, unit = 100 * low, 100 * high, ("%-poin" if lang == "id" else "pp")
    elif kind == "hours":
        a, b, unit = low, high, ("jam" if lang == "id" else "h")
    elif kind == "count":
        a, b, unit = low, high, ""
    else:
        a, b, unit = low, high, t("minutes", lang)
    digits = 1 if kind == "hours" else 0
    a, b = (round(x, digits) + 0.0 for x in (a, b))  # + 0.0 turns -0.0 into 0.0
    if a == b == 0:
        return "-"
    return f"{fmt_number(a, lang, digits)} … {fmt_number(b, lang, digits)} {unit}".strip()


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
        up_is_bad = key != "voters_voted"
        cls = ""
        if clear or (math.isnan(low) and abs(diff) > 1e-9):
            cls = "sk-worse" if (diff > 0) == up_is_bad else "sk-better"
        body.append(
            f'<tr data-kpi="{key}"><td>{html.escape(t(key, lang))}</td>'
            f"<td>{html.escape(fmt_kpi(base, kind, lang))}</td>"
            f"<td>{html.escape(fmt_kpi(cur, kind, lang))}</td>"
            f'<td class="{cls}">{html.escape(fmt_diff(diff, kind, lang))}</td>'
            f'<td class="sk-ci">{html.escape(fmt_ci(low, high, kind, lang))}</td></tr>'
        )
    note = html.escape(t("dash_compare_note", lang).format(n=len(current)))
    table = f'<table class="sk-compare">{head}{"".join(body)}</table>'
    return f'{table}<div class="sk-note">{note}</div>'
