"""Cells that a spreadsheet will not run: the one guard every CSV and Excel writer uses.

Names typed by people (areas, scenarios, variants, teams) end up in the CSV and Excel files that
trainers open in Excel or LibreOffice. A cell that starts with ``=``, ``+``, ``-``, ``@``, a tab
or a carriage return is read there as a formula (``=HYPERLINK(...)``, ``=cmd|' /C calc'!A0``):
"CSV injection" (OWASP). Such text cells get a leading apostrophe, which the spreadsheet shows as
plain text and hides, so the data stays readable. Numbers, and text that is only a number such
as ``-5`` or ``+1,5``, are left alone: a spreadsheet reads them as numbers, never as formulas.

Writers also go through :func:`replace_atomically`: a file is written under a temporary name and
renamed over the old one only when complete, so a full disk or a kill leaves either the old file
or the new one, never half of one, and the error names the file.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd

__all__ = [
    "FORMULA_STARTS",
    "formula_safe",
    "formula_safe_frame",
    "formula_safe_row",
    "replace_atomically",
    "text_not_formulas",
    "write_csv",
]

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


def formula_safe_row(row: dict[str, Any]) -> dict[str, Any]:
    """A ``csv.DictWriter`` row whose text cells are formula-safe."""
    return {key: formula_safe(value) for key, value in row.items()}


def formula_safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` whose text cells, column names and index labels are formula-safe."""
    out = frame.copy()
    for column in out.columns:
        col = out[column]
        if isinstance(col.dtype, pd.CategoricalDtype):
            # as plain text: the categories must stay distinct ("'=x" and "=x" both may be there)
            if any(formula_safe(c) != c for c in col.cat.categories):
                out[column] = col.astype(object).map(formula_safe)
            continue
        if not (pd.api.types.is_object_dtype(col) or pd.api.types.is_string_dtype(col)):
            continue
        out[column] = col.map(formula_safe).astype(col.dtype)
    out.columns = [formula_safe(c) for c in out.columns]
    if not isinstance(out.index, pd.RangeIndex):
        out.index = out.index.map(formula_safe)
    return out


def text_not_formulas(workbook: Any) -> int:
    """Make every cell openpyxl took for a formula a text cell; returns how many there were.

    openpyxl stores any string that starts with ``=`` as a formula. Here such a cell keeps its
    exact text but is typed as a string with Excel's "quote prefix", so Excel and LibreOffice show
    it as text and never run it (an .xlsx string cell is never evaluated, so ``+ - @`` are safe).
    """
    fixed = 0
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    cell.data_type = "s"
                    cell.quotePrefix = True
                    fixed += 1
    return fixed


@contextlib.contextmanager
def replace_atomically(path: str | os.PathLike[str]) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; on success it replaces ``path`` at once.

    On any error the temporary file is removed and ``path`` keeps its old content. An
    :class:`OSError` (disk full, read-only folder) comes out naming ``path``, so the message
    says which file could not be written.
    """
    final = Path(path)
    tmp = final.with_name(f".{final.name}.tmp-{os.getpid()}")
    try:
        yield tmp
        os.replace(tmp, final)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        if exc.filename == str(final):
            raise
        raise OSError(exc.errno, exc.strerror or str(exc), str(final)) from exc
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


def write_csv(frame: pd.DataFrame, path: str | os.PathLike[str], index: bool = False) -> Path:
    """Write ``frame`` as a formula-safe CSV, atomically; returns the path written.

    The one call for a CSV that people open in a spreadsheet (``areas.csv``, ``comparison.csv``,
    ``replications.csv``...): text cells that would run as formulas get an apostrophe.
    """
    final = Path(path)
    with replace_atomically(final) as tmp:
        formula_safe_frame(frame).to_csv(tmp, index=index)
    return final
