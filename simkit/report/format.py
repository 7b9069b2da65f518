"""The one formatter: numbers with the reader's decimal mark, clock times, durations, differences.

Bahasa Indonesia writes ``3,2`` and ``1.234`` where English writes ``3.2`` and ``1,234``. Every face
(CLI tables, region and drill reports, the dashboard's cards and downloads) formats through here,
so a number reads the same wherever a trainer meets it.
"""

from __future__ import annotations

import math
from typing import Any

from simkit.tps import min_to_clock

__all__ = ["clock", "is_missing", "number"]

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
