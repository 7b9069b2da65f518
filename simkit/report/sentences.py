"""Experiment results said in words a PPS officer reads: differences and recommendations.

Every word comes from :mod:`simkit.i18n` (keys ``exp_*``); numbers from :mod:`simkit.report.format`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Protocol

from simkit import metrics
from simkit.experiment.replicate import ExperimentError
from simkit.i18n import t
from simkit.report.format import format_amount

if TYPE_CHECKING:  # pandas is heavy: only the type is needed here
    import pandas as pd

__all__ = ["format_difference", "recommendation_text", "sentence_label", "sentence_unit"]


class Recommendation(Protocol):
    """What :func:`recommendation_text` reads of :class:`simkit.experiment.Recommendation`."""

    @property
    def config(self) -> dict[str, Any] | None: ...  # noqa: D102
    @property
    def conditions(self) -> Sequence[Any]: ...  # noqa: D102
    @property
    def prob(self) -> float: ...  # noqa: D102
    @property
    def conf(self) -> float: ...  # noqa: D102
    @property
    def table(self) -> pd.DataFrame: ...  # noqa: D102


# the words for "more" and "less" of each kind of KPI: kind -> (key up, key down)
_WORDS = {
    "clock": ("exp_word_later", "exp_word_earlier"),
    "duration": ("exp_word_longer", "exp_word_shorter"),
    "share": ("exp_word_higher", "exp_word_lower"),
    "count": ("exp_word_more", "exp_word_fewer"),
}
# KPIs whose table label would not read well inside a sentence ("Jam kerja KPPS, terlama")
_SENTENCE_LABELS = (
    "wait_p90_min",
    "kpps_hours_max",
    "kpps_hours_mean",
    "wait_max_min",
    "wait_mean_min",
)
_UNIT_IN_LABEL = re.compile(r"\s*\((menit|min|jam|h|hours|%)\)\s*$")


def _sentence_kind(kpi: str) -> str:
    """How a difference of the KPI is said: a clock time, a duration, a share or a count."""
    kind = metrics.kind(kpi)
    if kind in ("minutes", "hours"):
        return "duration"
    if kind in ("share", "flag"):
        return "share"
    return kind if kind == "clock" else "count"


def sentence_unit(kpi: str, diff: float, lang: str) -> tuple[float, str]:
    """Scale factor and unit for saying a difference of ``kpi`` (an hour or more: in hours)."""
    kind = metrics.kind(kpi)
    if kind in ("share", "flag"):
        return 100.0, t("exp_unit_pp_long", lang)
    if kind == "hours":
        return 1.0, t("exp_unit_h", lang)
    if kind in ("clock", "minutes"):
        if abs(diff) >= 60:
            return 1 / 60, t("exp_unit_h", lang)
        return 1.0, t("minutes", lang)
    return 1.0, ""


def sentence_label(kpi: str, lang: str) -> str:
    """The KPI as words in a sentence: no unit in brackets (the amount carries it)."""
    if kpi in _SENTENCE_LABELS:
        return t(f"exp_sentence_{kpi}", lang)
    label = _UNIT_IN_LABEL.sub("", t(kpi, lang))
    return label if label[:4].isupper() else label[:1].lower() + label[1:]


def _comparison_row(table: pd.DataFrame, kpi: str, variant: str | None) -> pd.Series:
    rows = table[(table["kpi"] == kpi) & (table["variant"] != table["baseline"])]
    if variant is not None:
        rows = rows[rows["variant"] == variant]
    if rows.empty:
        raise ExperimentError(
            f"no comparison row for kpi={kpi!r}, variant={variant!r}; kpis:"
            f" {sorted(table['kpi'].unique())}, variants: {list(table['variant'].unique())}"
        )
    return rows.iloc[0]


def format_difference(
    table: pd.DataFrame, kpi: str, variant: str | None = None, lang: str = "id", conf: float = 0.95
) -> str:
    """One sentence a PPS can read: the difference of ``variant`` to the baseline, with its CI.

    ``table`` is the result of :func:`simkit.experiment.compare`. Examples: "Dengan 5 KPPS, bukan
    7 KPPS: rata-rata jam kerja KPPS 3,0 jam lebih lama (IK 95% 2,9-3,1; 25 replikasi
    berpasangan)." and "With 5 KPPS instead of 7 KPPS, all work done: 3.0 h later (95% CI
    2.9-3.1; 25 paired replications)." The unit is said once, with the amount.
    """
    row = _comparison_row(table, kpi, variant)
    diff, low, high = float(row["diff"]), float(row["ci_low"]), float(row["ci_high"])
    scale, unit = sentence_unit(kpi, diff, lang)
    up, down = _WORDS[_sentence_kind(kpi)]
    unit_sp = f" {unit}" if unit else ""
    clear = not (math.isnan(low) or math.isnan(high)) and (low > 0 or high < 0)
    if clear:
        a, b = sorted((abs(low) * scale, abs(high) * scale))
        ci = f"{format_amount(a, lang)}-{format_amount(b, lang)}"
        word = t(up if diff > 0 else down, lang)
        amount = f"{format_amount(abs(diff) * scale, lang)}{unit_sp} {word}"
    else:
        to = t("exp_to", lang)
        ci = f"{format_amount(low * scale, lang)} {to} {format_amount(high * scale, lang)}"
        signed = f"{format_amount(diff * scale, lang)}{unit_sp}"
        amount = t("exp_about_same", lang).format(signed=signed)
    opening = t("exp_diff_opening", lang).format(
        variant=row["variant"], baseline=row["baseline"], label=sentence_label(kpi, lang),
        amount=amount,
    )  # fmt: skip
    stats_ = t("exp_diff_stats", lang).format(pct=f"{conf * 100:.0f}%", ci=ci, n=int(row["n"]))
    if clear:
        return f"{opening} ({stats_})."
    return f"{opening} {stats_}). {t('exp_diff_unclear', lang)}"


def _config_text(config: dict) -> str:
    return ", ".join(f"{k} = {v}" for k, v in config.items())


def recommendation_text(rec: Recommendation, lang: str = "id") -> str:
    """Say the answer of :func:`simkit.experiment.recommend` in a sentence or two."""
    cond = t("exp_and", lang).join(map(str, rec.conditions))
    pct = f"{rec.prob * 100:.0f}%"
    if rec.config is None:
        return t("exp_rec_none", lang).format(cond=cond, pct=pct)
    row = rec.table[rec.table["decision"] == "meets"].iloc[0]
    text = t("exp_rec_found", lang).format(
        cond=cond,
        pct=pct,
        config=_config_text(rec.config),
        p_hat=format_amount(row["p_hat"] * 100, lang),
        conf=f"{rec.conf * 100:.0f}%",
        lo=format_amount(row["ci_low"] * 100, lang),
        hi=format_amount(row["ci_high"] * 100, lang),
        reps=int(row["reps"]),
    )
    unclear = rec.table[rec.table["decision"] == "unclear"]
    if len(unclear):
        names = "; ".join(_config_text(c) for c in unclear["config"])
        text += " " + t("exp_rec_unclear", lang).format(names=names)
    return text
