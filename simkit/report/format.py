"""THE formatter: numbers with the reader's decimal mark, clock times, KPI values, differences.

Bahasa Indonesia writes ``3,2`` and ``1.234`` where English writes ``3.2`` and ``1,234``. Every face
(CLI tables, region and drill reports, the dashboard's cards and downloads) formats through here,
so a number reads the same wherever a trainer meets it. How a KPI is written follows its kind in
the catalogue (:data:`simkit.metrics.KPIS`): clock, minutes, hours, share, count, flag, label.
Two layouts exist: the text tables of the command line (:func:`format_kpi`, :func:`format_diff`)
and the dashboard's cards and comparison (:func:`format_value`, :func:`format_change`,
:func:`format_ci`), which round to whole minutes and say the unit.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from simkit import metrics
from simkit.i18n import t
from simkit.tps import min_to_clock

__all__ = [
    "clock",
    "format_amount",
    "format_change",
    "format_ci",
    "format_diff",
    "format_kpi",
    "format_value",
    "is_missing",
    "number",
]

# Indonesian swaps the two separators of Python's English formatting.
_ID_SEPARATORS = str.maketrans(",.", ".,")


def is_missing(value: Any) -> bool:
    """None or NaN: a value that did not happen (no voter, no count) and shows as ``-``."""
    return value is None or (isinstance(value, float) and math.isnan(value))


def number(
    value: float,
    lang: str = "id",
    digits: int | None = 1,
    *,
    sign: bool = False,
    grouping: bool = False,
    missing: str | None = None,
) -> str:
    """A number as ``lang`` writes it: ``3,2`` and ``1.234`` (id), ``3.2`` and ``1,234`` (en).

    ``digits`` fixes the decimals (``None``: the shortest form, as ``format(x, "g")``); ``sign``
    writes ``+`` before positive values; ``grouping`` separates thousands; ``missing`` is what a
    missing value (None or NaN) becomes (None: formatted as Python does, ``nan``).
    """
    if missing is not None and is_missing(value):
        return missing
    spec = ("+" if sign else "") + ("," if grouping else "")
    spec += "g" if digits is None else f".{digits}f"
    text = format(float(value), spec)
    return text.translate(_ID_SEPARATORS) if lang == "id" else text


def clock(minutes: float, *, seconds: bool = False) -> str:
    """Model minutes as a clock time: ``364`` is ``"13:04"``, ``1188`` is ``"02:48 (+1)"``."""
    return min_to_clock(minutes, seconds=seconds)


def format_amount(value: float, lang: str = "id") -> str:
    """An amount inside a sentence: one decimal under 100 (``2,5``), none from 100 (``120``)."""
    return number(value, lang, 1 if abs(value) < 100 else 0)


# --------------------------------------------------------------------------- text tables


def format_kpi(key: str, value: Any, lang: str = "id") -> str:
    """Write one KPI value as a person reads it: clock times, minutes, percent, hours, ya/tidak.

    The unit is left out where the label already names it (the waits say "(menit)").
    """
    if is_missing(value):
        return "-"
    kind = metrics.kind(key)
    if kind == "clock":
        return clock(float(value))
    if kind == "flag":
        return t("yes" if bool(value) else "no", lang)
    if kind == "label":
        return t(str(value), lang)
    if kind == "share":
        return f"{number(100 * float(value), lang)}%"
    if kind == "minutes":
        return number(value, lang)
    if kind == "hours":
        return f"{number(value, lang)} {t('hours', lang)}"
    if isinstance(value, (bool, np.bool_)):
        return t("yes" if value else "no", lang)
    if isinstance(value, (int, np.integer)) or float(value).is_integer():
        return f"{int(value)}"
    if 0 < abs(float(value)) < 0.05:  # a rare event (0.02 per day) must not read as "0,0"
        return number(value, lang, digits=2)
    return number(value, lang)


def _signed(value: float, lang: str) -> str:
    text = number(value, lang)
    if text.lstrip("-").strip("0,.") == "":  # rounds to zero: "0,0", never "-0,0"
        return text.lstrip("-")
    return text if text.startswith("-") else "+" + text


def format_diff(key: str, diff: Any, low: Any, high: Any, lang: str = "id") -> str:
    """Write a signed difference with its interval: ``+12,3 menit [+8,1; +16,5]``."""
    if is_missing(diff):
        return "-"
    if all(not is_missing(x) and float(x) == 0 for x in (diff, low, high)):
        return t("cli_same", lang)  # identical on every paired day (common random numbers)
    kind = metrics.kind(key)
    scale, unit = 1.0, ""
    if kind in ("share", "flag"):
        scale, unit = 100.0, t("exp_unit_pp_table", lang)
    elif kind in ("clock", "minutes"):
        unit = t("minutes", lang)
    elif kind == "hours":
        unit = t("hours", lang)
    text = _signed(scale * float(diff), lang) + (f" {unit}" if unit else "")
    if not (is_missing(low) or is_missing(high)):
        sep = t("exp_ci_separator", lang)
        text += f" [{_signed(scale * float(low), lang)}{sep}{_signed(scale * float(high), lang)}]"
    return text


# --------------------------------------------------------------------------- dashboard cards


def _card_kind(kind: str) -> str:
    # a flag's mean over replications is the share of days it was set
    return "share" if kind == "flag" else kind


def format_value(value: Any, kind: str, lang: str = "id") -> str:
    """One KPI value on a card: ``02:50 (+1)``, ``35 menit``, ``21,5 jam``, ``40%``."""
    if is_missing(value):
        return "-"
    kind = _card_kind(kind)
    if kind == "clock":
        return clock(value)
    if kind == "minutes":
        return f"{number(value, lang, 0)} {t('minutes', lang)}"
    if kind == "hours":
        return f"{number(value, lang, 1)} {t('exp_unit_h', lang)}"
    if kind == "share":
        return f"{number(100 * value, lang, 0)}%"
    return f"{value:.0f}"


def format_change(diff: Any, kind: str, lang: str = "id") -> str:
    """A signed difference on a card, rounded to the KPI's unit; clock times say later/earlier."""
    if is_missing(diff):
        return "-"
    kind = _card_kind(kind)
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
        hu, mu = t("exp_unit_h_short", lang), t("exp_unit_min_short", lang)
        span = f"{h} {hu} {m} {mu}" if h else f"{m} {mu}"
        word = t("dash_later", lang) if diff > 0 else t("dash_earlier", lang)
        return f"{sign}{span} ({word})"
    if kind == "share":
        return f"{sign}{number(100 * mag, lang, 0)} {t('exp_unit_pp', lang)}"
    if kind == "count":
        return f"{sign}{mag:.0f}"
    return f"{sign}{format_value(mag, kind, lang)}"


def format_ci(low: float, high: float, kind: str, lang: str = "id") -> str:
    """A confidence interval of a difference, in the KPI's unit (clock KPIs in minutes)."""
    if math.isnan(low) or math.isnan(high):
        return "-"
    kind = _card_kind(kind)
    if kind == "share":
        a, b, unit = 100 * low, 100 * high, t("exp_unit_pp", lang)
    elif kind == "hours":
        a, b, unit = low, high, t("exp_unit_h", lang)
    elif kind == "count":
        a, b, unit = low, high, ""
    else:
        a, b, unit = low, high, t("minutes", lang)
    digits = 1 if kind == "hours" else 0
    a, b = (round(x, digits) + 0.0 for x in (a, b))  # + 0.0 turns -0.0 into 0.0
    if a == b == 0:
        return "-"
    return f"{number(a, lang, digits)} … {number(b, lang, digits)} {unit}".strip()
