"""Cells that a spreadsheet will not run: the one guard every CSV and Excel writer uses.

Names typed by people (areas, scenarios, variants, teams) end up in the CSV and Excel files that
trainers open in Excel or LibreOffice. A cell that starts with ``=``, ``+``, ``-``, ``@``, a tab
or a carriage return is read there as a formula (``=HYPERLINK(...)``, ``=cmd|' /C calc'!A0``):
"CSV injection" (OWASP). Such text cells get a leading apostrophe, which the spreadsheet shows as
plain text and hides, so the data stays readable. Numbers, and text that is only a number such
as ``-5`` or ``+1,5``, are left alone: a spreadsheet reads them as numbers, never as formulas.
"""

from __future__ import annotations

import re
from typing import Any

import pandas as pd

__all__ = ["FORMULA_STARTS", "formula_safe", "formula_safe_frame"]

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# a signed number with an optional decimal part (point or comma), or a lone sign
_PLAIN_NUMBER = re.compile(r"^[+-]?(\d+([.,]\d+)?)?%?$")


def formula_safe(value: Any) -> Any:
    """The value, with an apostrophe before text a spreadsheet would run as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        if _PLAIN_NUMBER.match(value):
            return value
        return "'" + value
    return value


def formula_safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` whose text cells, column names and index labels are formula-safe."""
    out = frame.copy()
    for column in out.columns:
        if not (
            pd.api.types.is_object_dtype(out[column]) or pd.api.types.is_string_dtype(out[column])
        ):
            continue
        out[column] = out[column].map(formula_safe).astype(out[column].dtype, copy=False)
    out.columns = [formula_safe(c) for c in out.columns]
    if not isinstance(out.index, pd.RangeIndex):
        out.index = out.index.map(formula_safe)
    return out
