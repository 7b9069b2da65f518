"""The region file: read a region CSV, check every row, and spread each area's DPT over its TPS.

Also home of :class:`RegionError`, the error every part of a region run raises, and of
:func:`errors_in`, which makes those errors speak the caller's language.
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from simkit.i18n import TwoLanguageError, t
from simkit.tps import KPU_DPT_CAP, LEGAL_DPT_MAX

__all__ = [
    "MAX_REGION_FILE_BYTES",
    "MAX_REGION_ROWS",
    "MAX_REGION_TPS",
    "REGION_DIR",
    "Region",
    "RegionError",
    "RegionWarning",
    "errors_in",
    "in_both_languages",
    "load_region",
    "spread_dpt",
]

REGION_DIR = Path(__file__).resolve().parents[2] / "scenarios" / "regions"
_MAX_PROBLEMS = 20
# Most TPS one region file may hold (per row and in total). The whole country had 820,161 TPS
# in 2024, so a real file stays well below; a 38-byte file asking for a billion TPS once took
# 15.8 GB of memory before anything said no.
MAX_REGION_TPS = 1_000_000
# Most data rows of a region file: each row is one area or one TPS, so never more than TPS.
MAX_REGION_ROWS = MAX_REGION_TPS
# Largest region file read: a per-TPS file of the whole country with notes is ~60 MB.
MAX_REGION_FILE_BYTES = 256 * 1024**2
# longest cell value echoed in a message (the rest is cut: "1111...")
_MAX_SHOWN = 40
# columns that say where a TPS is and who votes there; every other column is a note
_PER_TPS_KEYS = ("area", "tps_id", "dpt", "desa", "copier_group")
_PER_AREA_KEYS = ("area", "tps", "dpt")


def in_both_languages(key: str, /, **values: Any) -> tuple[str, str]:
    """The i18n text ``key`` filled with ``values``: (Bahasa Indonesia, English)."""
    return t(key, "id").format(**values), t(key, "en").format(**values)


class RegionError(TwoLanguageError, ValueError):
    """A region file or run that cannot be used; the message names file, row and column.

    Written in Bahasa Indonesia and English: ``str(exc)`` is in ``exc.lang`` (the ``lang`` of
    the call that raised it, default "id"); ``exc.text("en")`` gives either language.
    """

    @classmethod
    def of(cls, key: str, /, **values: Any) -> RegionError:
        """The error whose text is the i18n text ``key`` filled with ``values``."""
        return cls(*in_both_languages(key, **values))


class RegionWarning(TwoLanguageError, UserWarning):
    """Something a region run put right by itself (a damaged part run again), said to the user."""

    @classmethod
    def of(cls, key: str, /, **values: Any) -> RegionWarning:
        """The warning whose text is the i18n text ``key`` filled with ``values``."""
        return cls(*in_both_languages(key, **values))


@contextlib.contextmanager
def errors_in(lang: str) -> Iterator[None]:
    """Two-language errors raised inside the block speak ``lang`` (the user's language)."""
    try:
        yield
    except TwoLanguageError as exc:
        exc.in_lang(lang)
        raise


def spread_dpt(dpt: int, n_tps: int) -> list[int]:
    """Spread ``dpt`` voters over ``n_tps`` TPS as equally as possible (the sum is exact).

    The first ``dpt % n_tps`` TPS get one voter more: ``spread_dpt(10, 3) == [4, 3, 3]``.
    """
    if n_tps <= 0:
        return []
    base, extra = divmod(int(dpt), int(n_tps))
    return [base + 1] * extra + [base] * (n_tps - extra)


@dataclass
class Region:
    """A parsed region: its areas (with their notes) and one row per TPS.

    ``tps`` columns: ``area``, ``tps_id``, ``dpt``, ``copier_group`` ("" = own copier).
    """

    name: str
    source: str
    areas: pd.DataFrame
    tps: pd.DataFrame
    dpt_cap: int = KPU_DPT_CAP

    @property
    def n_tps(self) -> int:
        """Number of TPS."""
        return len(self.tps)

    def head(self, n_tps: int) -> Region:
        """Keep the first ``n_tps`` TPS (whole copier groups), for benchmarks and trials."""
        tps = self.tps.iloc[:n_tps]
        groups = set(tps["copier_group"]) - {""}
        if groups:
            tps = self.tps[(self.tps.index < n_tps) | self.tps["copier_group"].isin(groups)]
        tps = tps.reset_index(drop=True)
        areas = self.areas[self.areas["area"].isin(set(tps["area"]))].copy()
        counts = tps.groupby("area", sort=False).agg(tps=("tps_id", "size"), dpt=("dpt", "sum"))
        areas["tps"] = areas["area"].map(counts["tps"]).astype(int)
        areas["dpt"] = areas["area"].map(counts["dpt"]).astype(int)
        return Region(
            f"{self.name}[:{n_tps}]", self.source, areas.reset_index(drop=True), tps, self.dpt_cap
        )

    def units(self) -> list[list[int]]:
        """TPS row indices that run as one task: single TPS, or a whole copier group."""
        order, starts = self.unit_arrays()
        return [order[a:b].tolist() for a, b in zip(starts[:-1], starts[1:], strict=True)]

    def unit_arrays(self) -> tuple[np.ndarray, np.ndarray]:
        """:meth:`units` as two arrays (no per-TPS Python objects): ``order``, ``starts``.

        Unit ``u`` is ``order[starts[u]:starts[u + 1]]``; units come in the order of their first
        TPS, the TPS of a copier group in file order.
        """
        n = len(self.tps)
        rows = np.arange(n, dtype="int64")
        groups = self.tps["copier_group"].to_numpy(dtype=object)
        alone = groups == ""
        key = rows.copy()
        if not alone.all():
            # each grouped TPS is keyed by the first row of its group
            first = pd.Series(rows[~alone]).groupby(groups[~alone], sort=False).transform("min")
            key[~alone] = first.to_numpy()
        order = np.argsort(key, kind="stable")
        sorted_key = key[order]
        starts = np.flatnonzero(np.r_[True, sorted_key[1:] != sorted_key[:-1]])
        return order, np.r_[starts, n].astype("int64")

    def fingerprint(self) -> str:
        """Hash what the simulation sees (area, TPS id, DPT, copier group), not the notes."""
        h = hashlib.sha256()
        for col in ("area", "tps_id", "dpt", "copier_group"):
            h.update(col.encode())
            h.update("\x1f".join(map(str, self.tps[col])).encode())
        return h.hexdigest()


def load_region(source: str | os.PathLike, dpt_cap: int = KPU_DPT_CAP, lang: str = "id") -> Region:
    """Read and check a region CSV (a path, or the name of a shipped region).

    Columns may be separated by commas or by semicolons (Excel in an Indonesian locale). Every
    problem is reported at once, each with the file, the line, the column, the value and what
    is allowed, in a :class:`RegionError` in ``lang`` ("id" or "en").
    """
    with errors_in(lang):
        _check_cap(dpt_cap)
        path = _resolve_region_path(source)
        _check_file_size(path)
        return _read_region(path, dpt_cap)


# --------------------------------------------------------------------------- the file itself


def _check_cap(dpt_cap: int) -> None:
    whole = isinstance(dpt_cap, int) and not isinstance(dpt_cap, bool)
    if not whole or not 1 <= dpt_cap <= LEGAL_DPT_MAX:
        raise RegionError.of("region_bad_cap", cap=dpt_cap, legal=LEGAL_DPT_MAX, kpu=KPU_DPT_CAP)


def _resolve_region_path(source: str | os.PathLike) -> Path:
    path = Path(source)
    if path.exists() or path.suffix:
        return path
    shipped = REGION_DIR / f"{source}.csv"
    if shipped.exists():
        return shipped
    names = ", ".join(sorted(p.stem for p in REGION_DIR.glob("*.csv")))
    raise RegionError.of("region_no_such_file", source=source, names=names)


def _pick_delimiter(header_line: str) -> str:
    """``,`` unless the header reads as a region header only when split on ``;``.

    Excel set to Indonesian (decimal comma) saves "CSV" with semicolons; both are accepted.
    """

    def names(delim: str) -> set[str]:
        return {c.strip().lower() for c in next(csv.reader([header_line], delimiter=delim), [])}

    if {"area", "dpt"} <= names(","):
        return ","
    if {"area", "dpt"} <= names(";") or header_line.count(";") > header_line.count(","):
        return ";"
    return ","


def _check_file_size(path: Path) -> None:
    """Refuse a file larger than :data:`MAX_REGION_FILE_BYTES` before reading it."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise RegionError.of("region_unreadable", path=path, reason=exc.strerror) from None
    if size > MAX_REGION_FILE_BYTES:
        raise RegionError.of(
            "sec_region_file_too_big",
            path=path,
            mb=f"{size / 1024**2:.0f}",
            bound=f"{MAX_REGION_FILE_BYTES / 1024**2:.0f}",
        )


def _read_region(path: Path, dpt_cap: int) -> Region:
    """Read the file row by row (never the whole text at once) and check every row."""
    try:
        with open(path, encoding="utf-8-sig", newline="") as fh:
            first = fh.readline()
            header_line = first.splitlines()[0] if first.strip() else ""
            fh.seek(0)
            rows = csv.reader(fh, delimiter=_pick_delimiter(header_line))
            try:
                header = next(rows)
            except StopIteration:
                raise RegionError.of("region_file_empty", path=path) from None
            reader = _RowReader(path, header, header_line, dpt_cap)
            for n_rows, row in enumerate(rows, start=1):
                if n_rows > MAX_REGION_ROWS:
                    raise RegionError.of(
                        "sec_region_too_many_rows", path=path, line=rows.line_num,
                        bound=MAX_REGION_ROWS,
                    )  # fmt: skip
                reader.read(rows.line_num, row)
                if len(reader.problems) >= _MAX_PROBLEMS:
                    break
    except OSError as exc:
        raise RegionError.of("region_unreadable", path=path, reason=exc.strerror) from None
    except UnicodeDecodeError:
        raise RegionError.of("region_not_utf8", path=path) from None
    except csv.Error as exc:
        raise RegionError.of("region_not_csv", path=path, error=exc) from None
    return reader.region()


def _whole(value: str) -> int | None:
    text = value.strip()
    if re.fullmatch(r"[+-]?\d+(\.0*)?", text):  # "281.0" as written by spreadsheets
        digits = text.split(".")[0]
        # beyond 18 digits every count is far over its bound: no need to read it exactly
        # (and int() refuses more than 4,300 digits)
        if len(digits.lstrip("+-")) <= 18:
            return int(digits)
        return -(10**19) if digits.startswith("-") else 10**19
    return None


def _shown(value: Any) -> Any:
    """A cell value as a message shows it: long values cut to :data:`_MAX_SHOWN` characters."""
    if isinstance(value, str) and len(value) > _MAX_SHOWN:
        return value[:_MAX_SHOWN] + "..."
    return value


def _check_columns(path: Path, columns: list[str], header_line: str) -> None:
    per_tps = "tps_id" in columns
    required = ["area", "tps_id", "dpt"] if per_tps else ["area", "tps", "dpt"]
    missing = [c for c in required if c not in columns]
    if missing:
        mixed = ";" in header_line and "," in header_line
        id_hint, en_hint = in_both_languages("region_hint_one_separator") if mixed else ("", "")
        values = {"path": path, "names": ", ".join(missing), "found": ", ".join(columns) or "(-)"}
        raise RegionError(
            t("region_missing_columns", "id").format(**values, hint=id_hint),
            t("region_missing_columns", "en").format(**values, hint=en_hint),
        )
    dupes = ", ".join(sorted({c for c in columns if columns.count(c) > 1}))
    if dupes:
        raise RegionError.of("region_duplicate_columns", path=path, names=dupes)


# --------------------------------------------------------------------------- the rows


@dataclass
class _RowReader:
    """Reads the rows of one region file, collecting every problem (both languages)."""

    path: Path
    header: list[str]
    header_line: str
    dpt_cap: int
    columns: list[str] = field(init=False)
    per_tps: bool = field(init=False)
    group_col: str | None = field(init=False)
    problems: list[tuple[str, str]] = field(default_factory=list)
    areas: list[dict[str, Any]] = field(default_factory=list)
    # per-TPS file: one entry per TPS in each column list (area, tps_id, dpt, copier_group)
    tps_columns: tuple[list[str], list[str], list[int], list[str]] = field(
        default_factory=lambda: ([], [], [], [])
    )
    # per-area file: one entry per area (area, number of TPS, DPT, copier group); the TPS are
    # spread out column by column only once every row is checked (see _spread_columns)
    area_specs: tuple[list[str], list[int], list[int], list[str]] = field(
        default_factory=lambda: ([], [], [], [])
    )
    n_tps: int = 0
    over_total: bool = False
    seen_areas: dict[str, int] = field(default_factory=dict)
    seen_ids: dict[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.columns = [h.strip().lower() for h in self.header]
        _check_columns(self.path, self.columns, self.header_line)
        self.per_tps = "tps_id" in self.columns
        if "copier_group" in self.columns:
            self.group_col = "copier_group"
        elif self.per_tps and "desa" in self.columns:
            self.group_col = "desa"
        else:
            self.group_col = None

    def problem(self, line: int, column: str, value: Any, rule: str, **values: Any) -> None:
        """Note a bad cell: its place, its value and the i18n ``rule`` it breaks."""
        id_rule, en_rule = in_both_languages(rule, **values)
        place = {"path": self.path, "line": line, "column": column, "value": _shown(value)}
        self.problems.append(
            (
                t("region_problem", "id").format(**place, rule=id_rule),
                t("region_problem", "en").format(**place, rule=en_rule),
            )
        )

    def read(self, line: int, row: list[str]) -> None:
        """Check one CSV row and keep its TPS (a blank row is skipped)."""
        if not any(cell.strip() for cell in row):
            return
        if len(row) != len(self.columns):
            self.problems.append(
                in_both_languages(
                    "region_row_width",
                    path=self.path,
                    line=line,
                    values=len(row),
                    columns=len(self.columns),
                )  # fmt: skip
            )
            return
        rec = {c: cell.strip() for c, cell in zip(self.columns, row, strict=True)}
        if not rec["area"]:
            self.problem(line, "area", rec["area"], "region_rule_area_empty")
        counts = self.counts(line, rec)
        group = rec[self.group_col] if self.group_col else ""
        if self.per_tps:
            self.read_tps(line, rec, counts, group)
        else:
            self.read_area(line, rec, counts, group)

    def counts(self, line: int, rec: dict[str, str]) -> dict[str, int]:
        """The row's whole-number columns (``tps``, ``dpt``) that are valid."""
        counts = {}
        for col in ("dpt",) if self.per_tps else ("tps", "dpt"):
            value = _whole(rec[col])
            if value is None:
                separators = re.fullmatch(r"[\d.,\s]*\d[.,\s]\d[\d.,\s]*", rec[col])
                rule = "region_rule_whole_no_separators" if separators else "region_rule_whole"
                self.problem(line, col, rec[col], rule)
            elif value < 0:
                self.problem(line, col, rec[col], "region_rule_not_negative")
            else:
                counts[col] = value
        return counts

    def read_tps(self, line: int, rec: dict[str, str], counts: dict[str, int], group: str) -> None:
        """A row of a per-TPS file: one TPS with its own DPT."""
        area, tid = rec["area"], rec["tps_id"]
        if not tid:
            self.problem(line, "tps_id", tid, "region_rule_tps_id_empty")
        elif tid in self.seen_ids:
            self.problem(
                line, "tps_id", tid, "region_rule_tps_id_repeats", first=self.seen_ids[tid]
            )
        self.seen_ids.setdefault(tid, line)
        cap = self.dpt_cap
        if "dpt" in counts and not 1 <= counts["dpt"] <= cap:
            self.problem(
                line, "dpt", rec["dpt"], "region_rule_dpt_per_tps",
                cap=cap, kpu=KPU_DPT_CAP, legal=LEGAL_DPT_MAX,
            )  # fmt: skip
        if area and tid and "dpt" in counts and self.count_tps(line, "tps_id", tid, 1):
            areas, ids, voters, groups = self.tps_columns
            areas.append(area)
            ids.append(tid)
            voters.append(counts["dpt"])
            groups.append(group)
            if area not in self.seen_areas:
                self.seen_areas[area] = line
                notes = {c: rec[c] for c in self.columns if c not in _PER_TPS_KEYS}
                self.areas.append({"area": area, **notes})

    def read_area(self, line: int, rec: dict[str, str], counts: dict[str, int], group: str) -> None:
        """A row of a per-area file: ``tps`` TPS sharing ``dpt`` voters."""
        area = rec["area"]
        if area in self.seen_areas and area:
            self.problem(
                line, "area", area, "region_rule_area_repeats", first=self.seen_areas[area]
            )
            return
        self.seen_areas[area] = line
        if len(counts) < 2 or not area:
            return
        n, d = counts["tps"], counts["dpt"]
        if n > MAX_REGION_TPS:
            self.problem(line, "tps", rec["tps"], "sec_region_rule_tps_bound", bound=MAX_REGION_TPS)
            return
        if n == 0 and d > 0:
            self.problem(line, "tps", rec["tps"], "region_rule_dpt_without_tps", dpt=d)
            return
        if d < n:
            self.problem(line, "dpt", rec["dpt"], "region_rule_fewer_voters_than_tps", tps=n)
            return
        cap = self.dpt_cap
        if n and -(-d // n) > cap:
            self.problem(
                line, "dpt", rec["dpt"], "region_rule_over_cap", dpt=_shown(str(d)), tps=n,
                cap=cap, need=_shown(str(-(-d // cap))), kpu=KPU_DPT_CAP, legal=LEGAL_DPT_MAX,
            )  # fmt: skip
            return
        if not self.count_tps(line, "tps", rec["tps"], n):
            return
        areas, counts_tps, counts_dpt, groups = self.area_specs
        areas.append(area)
        counts_tps.append(n)
        counts_dpt.append(d)
        groups.append(group)
        notes = {c: rec[c] for c in self.columns if c not in _PER_AREA_KEYS}
        self.areas.append({"area": area, "tps": n, "dpt": d, **notes})

    def count_tps(self, line: int, column: str, value: str, n: int) -> bool:
        """Add ``n`` TPS to the file's total; False (and a problem) past :data:`MAX_REGION_TPS`."""
        self.n_tps += n
        if self.n_tps <= MAX_REGION_TPS:
            return True
        if not self.over_total:  # said once, at the row that goes over
            self.over_total = True
            self.problem(
                line, column, value, "sec_region_rule_total_bound",
                total=self.n_tps, bound=MAX_REGION_TPS,
            )  # fmt: skip
        return False

    def region(self) -> Region:
        """The region read, or a :class:`RegionError` listing the (first 20) problems."""
        if self.problems:
            shown = self.problems[:_MAX_PROBLEMS]
            more = len(self.problems) >= _MAX_PROBLEMS
            key = "region_file_invalid_first" if more else "region_file_invalid"
            heads = in_both_languages(key, path=self.path, n=_MAX_PROBLEMS)
            raise RegionError(
                *("\n  - ".join([head, *(p[i] for p in shown)]) for i, head in enumerate(heads))
            )
        columns = self.tps_columns if self.per_tps else _spread_columns(*self.area_specs)
        if not len(columns[0]):
            raise RegionError.of("region_no_tps", path=self.path)
        tps = pd.DataFrame(
            {
                "area": np.asarray(columns[0], dtype=object),
                "tps_id": np.asarray(columns[1], dtype=object),
                "dpt": np.asarray(columns[2], dtype="int64"),
                "copier_group": np.asarray(columns[3], dtype=object),
            }
        )
        area_frame = pd.DataFrame(self.areas)
        if self.per_tps:
            counts = tps.groupby("area", sort=False).agg(tps=("tps_id", "size"), dpt=("dpt", "sum"))
            area_frame.insert(1, "tps", area_frame["area"].map(counts["tps"]).astype(int))
            area_frame.insert(2, "dpt", area_frame["area"].map(counts["dpt"]).astype(int))
        return Region(self.path.stem, str(self.path), area_frame, tps, self.dpt_cap)


def _spread_columns(
    areas: list[str], n_tps: list[int], dpt: list[int], groups: list[str]
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The per-TPS columns of a per-area file, built column by column (no per-TPS rows).

    Area ``a`` with ``n`` TPS and ``D`` voters gives TPS ``a/001`` .. ``a/n`` (at least three
    digits), the first ``D mod n`` with ``ceil(D/n)`` voters, the rest ``floor(D/n)``
    (:func:`spread_dpt`).
    """
    n = np.asarray(n_tps, dtype="int64")
    d = np.asarray(dpt, dtype="int64")
    total = int(n.sum())
    starts = np.cumsum(n) - n
    k = np.arange(total, dtype="int64") - np.repeat(starts, n)  # 0-based place in its area
    base, extra = np.divmod(d, np.maximum(n, 1))
    voters = np.repeat(base, n) + (k < np.repeat(extra, n))
    ids = np.empty(total, dtype=object)
    for area, count, start in zip(areas, n.tolist(), starts.tolist(), strict=True):
        width = max(3, len(str(count)))
        ids[start : start + count] = [f"{area}/{j:0{width}d}" for j in range(1, count + 1)]
    return (
        np.repeat(np.asarray(areas, dtype=object), n),
        ids,
        voters.astype("int64"),
        np.repeat(np.asarray(groups, dtype=object), n),
    )
