"""Text tables for the command line: one day's summary, replications, comparisons, sweeps.

Every label comes from :mod:`simkit.i18n`, every number from :mod:`simkit.report.format`; times of
day are clock times (``01:30 (+1)`` is half past one the next morning).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from simkit import metrics
from simkit.i18n import t
from simkit.metrics import PROBABILITIES, SUMMARY_KEYS
from simkit.report.format import format_diff, format_kpi, is_missing, number
from simkit.report.sentences import format_difference

__all__ = [
    "PROBABILITY_ROWS",
    "SUMMARY_ROWS",
    "as_frame",
    "comparison_table",
    "replications_table",
    "summary_table",
    "sweep_table",
]

# the order a trainer reads the day (the catalogue's): who came, how long they waited, when the
# work ended; then the probabilities experiment.compare adds (p_* rows)
SUMMARY_ROWS = SUMMARY_KEYS
PROBABILITY_ROWS = tuple(PROBABILITIES)
# the KPIs a sweep table shows, one column each
SWEEP_KPIS = (
    "wait_mean_min",
    "wait_p90_min",
    "last_voter_exit_min",
    "work_end_min",
    "kpps_hours_max",
    "past_deadline",
)
# the KPIs a comparison says in words under its table
SENTENCE_KPIS = ("wait_mean_min", "work_end_min", "kpps_hours_max")


def _table(rows: Sequence[Sequence[str]], header: Sequence[str] | None = None) -> str:
    """Align a plain text table (first column left, the others right-aligned)."""
    all_rows = ([list(header)] if header else []) + [list(r) for r in rows]
    widths = [max(len(r[i]) for r in all_rows) for i in range(len(all_rows[0]))]
    lines = []
    for n, row in enumerate(all_rows):
        rest = zip(row[1:], widths[1:], strict=True)
        cells = [row[0].ljust(widths[0])] + [c.rjust(w) for c, w in rest]
        lines.append("  ".join(cells).rstrip())
        if header and n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def _heading(title: str, scenario: Any, seed: int | None, lang: str) -> str:
    parts = [title]
    if scenario is not None:
        parts.append(f"{t('cli_scenario', lang)}: {scenario.name}")
    if seed is not None:
        parts.append(f"{t('cli_seed', lang)} {seed}")
    return " | ".join(parts)


def summary_table(
    summary: Mapping[str, Any], lang: str = "id", scenario: Any = None, seed: int | None = None
) -> str:
    """Show the summary of one day as an aligned two-column table, labels in ``lang``."""
    rows = [
        (t(key, lang), format_kpi(key, summary.get(key), lang))
        for key in SUMMARY_ROWS
        if key in summary
    ]
    head = _heading(t("cli_summary_title", lang), scenario, seed, lang)
    return head + "\n" + _table(rows, (t("cli_kpi", lang), t("cli_value", lang)))


def _replication_row(key: str, col: pd.Series, lang: str) -> tuple[str, str, str]:
    """KPI, mean and 5%-95% range over replications (a label: the most frequent; a flag: share)."""
    kind = metrics.kind(key)
    if kind == "label":
        counts = col.astype(str).value_counts()
        share = f"{100 * counts.iloc[0] / len(col):.0f}%"
        return t(key, lang), t(counts.index[0], lang), f"{t('cli_most_often', lang)} {share}"
    if kind == "flag":
        share = col.astype(bool).mean()
        return t(key, lang), f"{number(100 * share, lang)}%", t("cli_share_of_reps", lang)
    values = pd.to_numeric(col, errors="coerce").dropna()
    if values.empty:
        return t(key, lang), "-", "-"
    low, high = np.quantile(values, [0.05, 0.95])
    return (
        t(key, lang),
        format_kpi(key, float(values.mean()), lang),
        f"{format_kpi(key, float(low), lang)} .. {format_kpi(key, float(high), lang)}",
    )


def replications_table(
    frame: pd.DataFrame, lang: str = "id", scenario: Any = None, seed: int | None = None
) -> str:
    """Mean and the 5%-95% range of each KPI over replications."""
    rows = [_replication_row(key, frame[key], lang) for key in SUMMARY_ROWS if key in frame]
    title = t("cli_reps_title", lang).format(n=len(frame))
    head = _heading(title, scenario, seed, lang)
    header = (t("cli_kpi", lang), t("cli_mean", lang), t("cli_range90", lang))
    return head + "\n" + _table(rows, header)


def comparison_table(
    table: Any,
    labelled: Mapping[str, Any],
    lang: str = "id",
    reps: int | None = None,
    seed: int | None = None,
) -> str:
    """KPI, baseline mean, each variant's mean and its difference with a 95% CI."""
    frame = as_frame(table)
    labels = list(labelled)
    base = labels[0]
    tidy = _tidy_comparison(frame)
    if tidy is None:  # an unknown layout: show it as pandas prints it
        return frame.to_string()
    header = [t("cli_kpi", lang), f"{t('cli_baseline', lang)}: {base}"]
    for label in labels[1:]:
        header += [label, t("cli_difference", lang)]
    rows = []
    for key in [k for k in SUMMARY_ROWS + PROBABILITY_ROWS if k in set(tidy["kpi"])]:
        sub = tidy[tidy["kpi"] == key].set_index("variant")
        if base not in sub.index:
            continue
        row = [t(key, lang), _fmt_mean(key, sub.loc[base, "mean"], lang)]
        for label in labels[1:]:
            if label not in sub.index:
                row += ["-", "-"]
                continue
            r = sub.loc[label]
            row += [
                _fmt_mean(key, r["mean"], lang),
                format_diff(key, r.get("diff"), r.get("ci_low"), r.get("ci_high"), lang),
            ]
        rows.append(row)
    title = t("cli_compare_title", lang).format(n=reps) if reps else ""
    head = _heading(title, None, seed, lang)
    text = head + "\n" + _table(rows, header)
    sentences = _difference_sentences(frame, labels[1:], lang)
    return text + ("\n\n" + "\n".join(sentences) if sentences else "")


def _difference_sentences(table: pd.DataFrame, variants: Sequence[str], lang: str) -> list[str]:
    """Say the main differences in words (:func:`.sentences.format_difference`) for a PPS."""
    out = []
    for variant in variants:
        for kpi in SENTENCE_KPIS:
            row = table[(table["kpi"] == kpi) & (table["variant"] == variant)]
            if row.empty or not np.isfinite(row[["ci_low", "ci_high"]].to_numpy(float)).all():
                continue  # one replication: no interval to speak of
            if (row[["diff", "ci_low", "ci_high"]].to_numpy(float) == 0).all():
                continue  # the same on every paired day: nothing to say
            try:
                out.append("- " + format_difference(table, kpi, variant, lang=lang))
            except (ValueError, KeyError, TypeError):
                continue
    return out


def _fmt_mean(key: str, value: Any, lang: str) -> str:
    """A mean over replications: a flag's mean is a share of days; a label has no mean."""
    kind = metrics.kind(key)
    if kind == "flag":
        return "-" if is_missing(value) else f"{number(100 * float(value), lang)}%"
    if kind == "label":
        return "-"
    return format_kpi(key, value, lang)


def _tidy_comparison(frame: pd.DataFrame) -> pd.DataFrame | None:
    """experiment.compare's long table with diff, ci_low and ci_high (None: not such a table)."""
    tidy = frame.reset_index()
    if not {"kpi", "variant", "mean"} <= set(tidy.columns):
        return None
    for col in ("diff", "ci_low", "ci_high"):
        if col not in tidy:
            tidy[col] = np.nan
    return tidy


def sweep_table(frame: Any, grid: Mapping[str, Sequence[Any]], lang: str = "id") -> str:
    """Mean of the main KPIs for each combination of grid values."""
    frame = as_frame(frame).reset_index(drop=False)
    keys = [k for k in grid if k in frame.columns]
    kpis = [k for k in SWEEP_KPIS if k in frame.columns]
    if not keys or not kpis:
        return frame.to_string()
    means = frame.groupby(keys, sort=False)[kpis].mean(numeric_only=False)

    def grid_order(combo: Any) -> tuple:
        # the order the user wrote the values in (own, shared, none), not alphabetical
        combo = combo if isinstance(combo, tuple) else (combo,)
        return tuple(_position(grid[k], v) for k, v in zip(keys, combo, strict=True))

    means = means.loc[sorted(means.index, key=grid_order)]
    rows = []
    for combo, row in means.iterrows():
        combo = combo if isinstance(combo, tuple) else (combo,)
        cells = [" / ".join(str(v) for v in combo)]  # the header names the fields
        cells += [_fmt_mean(k, row[k], lang) for k in kpis]
        rows.append(cells)
    header = [" / ".join(keys)] + [t(k, lang) for k in kpis]
    return t("cli_sweep_title", lang) + "\n" + _table(rows, header)


def _position(values: Sequence[Any], value: Any) -> tuple[int, str]:
    for i, candidate in enumerate(values):
        if candidate == value or str(candidate) == str(value):
            return i, ""
    return len(values), str(value)


def as_frame(obj: Any) -> pd.DataFrame:
    """Make a DataFrame from a DataFrame, a mapping of scalars (one row) or of columns."""
    if isinstance(obj, pd.DataFrame):
        return obj
    if isinstance(obj, Mapping):
        scalars = all(np.isscalar(v) for v in obj.values())
        return pd.DataFrame([obj]) if scalars else pd.DataFrame(obj)
    return pd.DataFrame(obj)
