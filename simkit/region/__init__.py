"""Many TPS at once: a kecamatan, a city, a province, the country.

A *region file* is a CSV with one row per area (``area,tps,dpt``) or one row per TPS
(``area,tps_id,dpt``); extra columns (``level``, ``source``, ``quality``, ...) are kept as notes.
An optional ``copier_group`` column (or ``desa`` in a per-TPS file) names TPS that share one
copier: all TPS of the rows with the same label run together as one task through
``simkit.simulation.simulate_group(..., shared_copier=True)``.

**Assumption (DPT spread).** A per-area row does not say how its DPT is split over its TPS. We
spread it as equally as possible: with ``D`` voters over ``n`` TPS, the first ``D mod n`` TPS of
the area get ``ceil(D/n)`` and the rest ``floor(D/n)``, so the TPS add up exactly to ``D``. Every
TPS must stay within the cap (default 300, KPU's 2024 rule, DOMAIN §1.3; ``dpt_cap=500`` allows
the legal maximum of UU 7/2017) and have at least one voter, else :class:`RegionError`. The other
scenario values (DPTb, DPK, turnout, staff, booths) are the scenario's, at every TPS.

**Randomness.** Replication ``r`` of a run with seed ``s`` simulates every TPS with the seed
``simkit.experiment.replication_seed(s, r)`` (stored in the ``seed`` column) and the TPS id, so
any TPS re-run alone (:func:`rerun_tps`) gives the same result, whichever executor ran it.

**Streaming and resume.** TPS-days are cut into batches in a fixed order; each finished batch is
written to ``out_dir/tps/part-NNNNN.parquet`` (temp file, then an atomic rename). A
``manifest.json`` records the run's parameters. Rerunning the same command skips the batches
already on disk, so an interrupted run (Ctrl-C, a killed worker or process) loses and duplicates
nothing, and the final frames equal those of an uninterrupted run. Different parameters in the
same ``out_dir`` are refused.
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import io
import json
import math
import os
import re
import sys
import warnings
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from simkit.executors import ExecutorError, WorkerLost, open_runner
from simkit.experiment import replication_seed
from simkit.i18n import TwoLanguageError
from simkit.scenario import (
    KPU_DPT_CAP,
    LEGAL_DPT_MAX,
    MIDNIGHT_MIN,
    Scenario,
    ScenarioWarning,
    load_scenario,
    min_to_clock,
    save_scenario,
    scenario_to_dict,
    with_overrides,
)

__all__ = [
    "Region",
    "RegionError",
    "WorkerLost",
    "default_batch_size",
    "format_region_report",
    "RegionResult",
    "load_region",
    "read_region_result",
    "region_report",
    "rerun_tps",
    "run_region",
    "spread_dpt",
]

REGION_DIR = Path(__file__).resolve().parents[2] / "scenarios" / "regions"
MANIFEST_FORMAT = 1
_PART = re.compile(r"^part-(\d{5,})\.parquet$")
_MAX_PROBLEMS = 20


class RegionError(TwoLanguageError, ValueError):
    """A region file or run that cannot be used; the message names file, row and column.

    Written in Bahasa Indonesia and English: ``str(exc)`` is in ``exc.lang`` (the ``lang`` of
    the call that raised it, default "id"); ``exc.text("en")`` gives either language.
    """


@contextlib.contextmanager
def _speaking(lang: str) -> Iterator[None]:
    """Errors raised inside the block speak ``lang`` (the user's language)."""
    try:
        yield
    except TwoLanguageError as exc:
        exc.in_lang(lang)
        raise


# --------------------------------------------------------------------------- the region file


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
        units: list[list[int]] = []
        where: dict[str, int] = {}
        for i, group in enumerate(self.tps["copier_group"]):
            if not group:
                units.append([i])
            elif group in where:
                units[where[group]].append(i)
            else:
                where[group] = len(units)
                units.append([i])
        return units

    def fingerprint(self) -> str:
        """Hash what the simulation sees (area, TPS id, DPT, copier group), not the notes."""
        h = hashlib.sha256()
        for col in ("area", "tps_id", "dpt", "copier_group"):
            h.update(col.encode())
            h.update("\x1f".join(map(str, self.tps[col])).encode())
        return h.hexdigest()


def _resolve_region_path(source: str | os.PathLike) -> Path:
    path = Path(source)
    if path.exists() or path.suffix:
        return path
    shipped = REGION_DIR / f"{source}.csv"
    if shipped.exists():
        return shipped
    names = ", ".join(sorted(p.stem for p in REGION_DIR.glob("*.csv")))
    raise RegionError(
        f"{source}: berkas wilayah tidak ada; wilayah bawaan: {names}",
        f"{source}: no such region file; shipped regions: {names}",
    )


def _whole(value: str) -> int | None:
    text = value.strip()
    if re.fullmatch(r"[+-]?\d+", text):
        return int(text)
    if re.fullmatch(r"[+-]?\d+\.0*", text):  # "281.0" as written by spreadsheets
        return int(float(text))
    return None


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


def load_region(source: str | os.PathLike, dpt_cap: int = KPU_DPT_CAP, lang: str = "id") -> Region:
    """Read and check a region CSV (a path, or the name of a shipped region).

    Columns may be separated by commas or by semicolons (Excel in an Indonesian locale). Every
    problem is reported at once, each with the file, the line, the column, the value and what
    is allowed, in a :class:`RegionError` in ``lang`` ("id" or "en").
    """
    with _speaking(lang):
        return _load_region(source, dpt_cap)


def _load_region(source: str | os.PathLike, dpt_cap: int) -> Region:
    whole = isinstance(dpt_cap, int) and not isinstance(dpt_cap, bool)
    if not whole or not 1 <= dpt_cap <= LEGAL_DPT_MAX:
        raise RegionError(
            f"dpt_cap = {dpt_cap!r}: boleh 1-{LEGAL_DPT_MAX} (UU 7/2017; KPU 2024 memakai"
            f" {KPU_DPT_CAP})",
            f"dpt_cap = {dpt_cap!r}: allowed 1-{LEGAL_DPT_MAX} (UU 7/2017; KPU 2024"
            f" used {KPU_DPT_CAP})",
        )
    path = _resolve_region_path(source)
    try:
        with open(path, encoding="utf-8-sig", newline="") as fh:
            text = fh.read()
        header_line = text.splitlines()[0] if text.strip() else ""
        delimiter = _pick_delimiter(header_line)
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        try:
            header = next(reader)
        except StopIteration:
            raise RegionError(
                f"{path}: berkas kosong; baris pertama harus berisi nama kolom, misalnya"
                " area,tps,dpt",
                f"{path}: the file is empty; it needs a header line such as area,tps,dpt",
            ) from None
        rows = [(reader.line_num, row) for row in reader]
    except OSError as exc:
        raise RegionError(
            f"{path}: tidak dapat dibaca ({exc.strerror})",
            f"{path}: cannot be read ({exc.strerror})",
        ) from None
    except UnicodeDecodeError:
        raise RegionError(
            f"{path}: bukan teks UTF-8; simpan CSV sebagai UTF-8 (di Excel: CSV UTF-8)",
            f"{path}: not UTF-8 text; save the CSV as UTF-8 (in Excel: CSV UTF-8)",
        ) from None
    except csv.Error as exc:
        raise RegionError(
            f"{path}: bukan CSV yang sah ({exc})", f"{path}: not a valid CSV ({exc})"
        ) from None

    columns = [h.strip().lower() for h in header]
    per_tps = "tps_id" in columns
    required = ["area", "tps_id", "dpt"] if per_tps else ["area", "tps", "dpt"]
    missing = [c for c in required if c not in columns]
    if missing:
        names, found = ", ".join(missing), ", ".join(columns) or "(-)"
        hint_id = hint_en = ""
        if ";" in header_line and "," in header_line:
            hint_id = "; pakai satu pemisah kolom saja: koma (,) atau titik koma (;)"
            hint_en = "; use one column separator only: commas (,) or semicolons (;)"
        raise RegionError(
            f"{path}: kolom {names} tidak ada; berkas wilayah memerlukan kolom area,tps,dpt"
            " (satu baris per wilayah) atau area,tps_id,dpt (satu baris per TPS);"
            f" kolom yang ada: {found}{hint_id}",
            f"{path}: missing column(s) {names}; a region file needs the columns"
            " area,tps,dpt (one row per area) or area,tps_id,dpt (one row per TPS);"
            f" found: {found}{hint_en}",
        )
    dupes = ", ".join(sorted({c for c in columns if columns.count(c) > 1}))
    if dupes:
        raise RegionError(
            f"{path}: kolom {dupes} muncul lebih dari sekali",
            f"{path}: column(s) {dupes} appear more than once",
        )
    group_col = (
        "copier_group"
        if "copier_group" in columns
        else ("desa" if per_tps and "desa" in columns else None)
    )
    idx = {c: columns.index(c) for c in columns}

    problems: list[tuple[str, str]] = []

    def problem(line: int, column: str, value: Any, rule_id: str, rule_en: str) -> None:
        problems.append(
            (
                f"{path}, baris {line}, kolom {column} = {value!r}: {rule_id}",
                f"{path}, line {line}, column {column} = {value!r}: {rule_en}",
            )
        )

    areas, tps_rows, seen_areas, seen_ids = [], [], {}, {}
    for line, row in rows:
        if not any(cell.strip() for cell in row):
            continue  # blank line
        if len(row) != len(columns):
            problems.append(
                (
                    f"{path}, baris {line}: {len(row)} nilai untuk {len(columns)} kolom",
                    f"{path}, line {line}: {len(row)} values for {len(columns)} columns",
                )
            )
            continue
        rec = {c: row[idx[c]].strip() for c in columns}
        area = rec["area"]
        if not area:
            problem(
                line, "area", rec["area"], "nama area tidak boleh kosong",
                "the area name must not be empty",
            )  # fmt: skip
        counts = {}
        for col in required[1:]:
            if col == "tps_id":
                continue
            value = _whole(rec[col])
            if value is None:
                separators = re.fullmatch(r"[\d.,\s]*\d[.,\s]\d[\d.,\s]*", rec[col])
                problem(
                    line, col, rec[col],
                    "harus bilangan bulat"
                    + (", tanpa pemisah ribuan (tulis 75536, bukan 75.536)" if separators else ""),
                    "must be a whole number"
                    + (" (no separators: 75536, not 75,536)" if separators else ""),
                )  # fmt: skip
            elif value < 0:
                problem(line, col, rec[col], "harus 0 atau lebih", "must be 0 or more")
            else:
                counts[col] = value
        group = rec[group_col] if group_col else ""
        if per_tps:
            tid = rec["tps_id"]
            if not tid:
                problem(
                    line, "tps_id", tid, "ID TPS tidak boleh kosong",
                    "the TPS id must not be empty",
                )  # fmt: skip
            elif tid in seen_ids:
                problem(
                    line, "tps_id", tid, f"sama dengan TPS di baris {seen_ids[tid]}",
                    f"repeats the TPS of line {seen_ids[tid]}",
                )  # fmt: skip
            seen_ids.setdefault(tid, line)
            if "dpt" in counts:
                d = counts["dpt"]
                if d < 1 or d > dpt_cap:
                    problem(
                        line, "dpt", rec["dpt"],
                        f"DPT per TPS harus 1-{dpt_cap} (batas {dpt_cap}; KPU 2024:"
                        f" {KPU_DPT_CAP}, undang-undang: {LEGAL_DPT_MAX})",
                        f"DPT per TPS must be 1-{dpt_cap}"
                        f" (cap {dpt_cap}; KPU 2024: {KPU_DPT_CAP}, law: {LEGAL_DPT_MAX})",
                    )  # fmt: skip
            if area and tid and "dpt" in counts:
                tps_rows.append((area, tid, counts["dpt"], group))
                if area not in seen_areas:
                    seen_areas[area] = line
                    areas.append(
                        {
                            "area": area,
                            **{
                                c: rec[c]
                                for c in columns
                                if c not in ("area", "tps_id", "dpt", "desa", "copier_group")
                            },
                        }
                    )
            continue
        if area in seen_areas and area:
            problem(
                line, "area", area, f"sama dengan area di baris {seen_areas[area]}",
                f"repeats the area of line {seen_areas[area]}",
            )  # fmt: skip
            continue
        seen_areas[area] = line
        if len(counts) < 2 or not area:
            continue
        n, d = counts["tps"], counts["dpt"]
        if n == 0 and d > 0:
            problem(
                line, "tps", rec["tps"], f"ada {d} DPT tetapi tidak ada TPS",
                f"{d} DPT but no TPS",
            )  # fmt: skip
            continue
        if d < n:
            problem(
                line, "dpt", rec["dpt"],
                f"pemilih lebih sedikit daripada TPS ({n}); setiap TPS perlu sedikitnya"
                " satu pemilih",
                f"fewer voters than TPS ({n}); every TPS needs at least one voter",
            )  # fmt: skip
            continue
        if n and math.ceil(d / n) > dpt_cap:
            need = math.ceil(d / dpt_cap)
            problem(
                line, "dpt", rec["dpt"],
                f"{d} DPT tidak muat di {n} TPS dengan batas {dpt_cap} pemilih per TPS"
                f" (perlu sedikitnya {need} TPS; batas KPU 2024 {KPU_DPT_CAP}, batas"
                f" undang-undang {LEGAL_DPT_MAX})",
                f"{d} DPT cannot fit {n} TPS under the cap of {dpt_cap} per TPS (needs at"
                f" least {need} TPS; KPU 2024 cap {KPU_DPT_CAP}, legal maximum"
                f" {LEGAL_DPT_MAX})",
            )  # fmt: skip
            continue
        width = max(3, len(str(n)))
        for k, share in enumerate(spread_dpt(d, n), start=1):
            tps_rows.append((area, f"{area}/{k:0{width}d}", share, group))
        notes = {c: rec[c] for c in columns if c not in ("area", "tps", "dpt")}
        areas.append({"area": area, "tps": n, "dpt": d, **notes})
        if len(problems) >= _MAX_PROBLEMS:
            break
    if problems:
        shown = problems[:_MAX_PROBLEMS]
        more = len(problems) >= _MAX_PROBLEMS
        raise RegionError(
            f"Berkas wilayah {path} tidak sah{' (20 masalah pertama)' if more else ''}:\n  - "
            + "\n  - ".join(p[0] for p in shown),
            f"Region file {path} is not valid{' (first 20 shown)' if more else ''}:\n  - "
            + "\n  - ".join(p[1] for p in shown),
        )
    if not tps_rows:
        raise RegionError(f"{path}: tidak ada TPS di dalam berkas", f"{path}: no TPS in the file")
    tps = pd.DataFrame(tps_rows, columns=["area", "tps_id", "dpt", "copier_group"])
    tps["dpt"] = tps["dpt"].astype("int64")
    area_frame = pd.DataFrame(areas)
    if per_tps:
        counts = tps.groupby("area", sort=False).agg(tps=("tps_id", "size"), dpt=("dpt", "sum"))
        area_frame.insert(1, "tps", area_frame["area"].map(counts["tps"]).astype(int))
        area_frame.insert(2, "dpt", area_frame["area"].map(counts["dpt"]).astype(int))
    return Region(path.stem, str(path), area_frame, tps, dpt_cap)


# --------------------------------------------------------------------------- the batch task


def _default_fns() -> tuple[Callable, Callable | None]:
    from simkit import simulation

    return simulation.simulate_summary, getattr(simulation, "simulate_group", None)


def _group_summaries(result: Any, tps_ids: Sequence[str]) -> list[dict]:
    """Per-TPS summaries from whatever ``simulate_group`` returns, in ``tps_ids`` order."""
    if isinstance(result, pd.DataFrame):
        result = (
            result.set_index("tps_id").to_dict("index")
            if "tps_id" in result
            else (result.to_dict("records"))
        )
    if isinstance(result, dict):
        return [dict(getattr(result[t], "summary", result[t])) for t in tps_ids]
    return [dict(getattr(r, "summary", r)) for r in result]


def _run_region_batch(payload: dict) -> pd.DataFrame:
    """Worker task: simulate one batch of TPS-days; a frame of per-TPS rows in batch order."""
    fn, group_fn = payload.get("fn"), payload.get("group_fn")
    if fn is None:
        fn, default_group = _default_fns()
        group_fn = group_fn or default_group
    base: Scenario = payload["scenario"]
    cache: dict[int, Scenario] = {}

    def scenario_for(dpt: int) -> Scenario:
        if dpt not in cache:
            with warnings.catch_warnings():
                # above KPU's 300 is allowed when the run says so (dpt_cap up to 500)
                warnings.simplefilter("ignore", ScenarioWarning)
                cache[dpt] = with_overrides(base, {"tps.voters_dpt": int(dpt)})
        return cache[dpt]

    rows = []
    for rep, seed, members in payload["items"]:
        if len(members) == 1 and not members[0][3]:
            area, tid, dpt, group = members[0]
            summaries = [fn(scenario_for(dpt), seed, tid)]
        else:
            if group_fn is None:
                raise RegionError(
                    "TPS yang berbagi mesin fotokopi memerlukan"
                    " simkit.simulation.simulate_group, yang tidak ada di simkit ini",
                    "copier groups need simkit.simulation.simulate_group,"
                    " which this simkit does not have",
                )
            ids = [m[1] for m in members]
            result = group_fn([scenario_for(m[2]) for m in members], seed, ids, shared_copier=True)
            summaries = _group_summaries(result, ids)
        for (area, tid, dpt, group), summary in zip(members, summaries, strict=True):
            rows.append(
                {
                    "area": area,
                    "tps_id": tid,
                    "replication": rep,
                    "seed": seed,
                    "dpt": dpt,
                    "copier_group": group,
                    **summary,
                }
            )
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------- the run


def default_batch_size(n_tps_days: int) -> int:
    """TPS-days per batch: 50-200, so scheduling costs little and a run has enough batches."""
    return max(50, min(200, math.ceil(n_tps_days / 64)))


def _batches(region: Region, reps: int, size: int) -> list[list[tuple[int, list[int]]]]:
    """(replication, unit) items cut into batches of about ``size`` TPS; groups never split."""
    batches, current, count = [], [], 0
    units = region.units()
    for rep in range(reps):
        for unit in units:
            current.append((rep, unit))
            count += len(unit)
            if count >= size:
                batches.append(current)
                current, count = [], 0
    if current:
        batches.append(current)
    return batches


def _scenario_hash(scenario: Scenario) -> str:
    text = json.dumps(scenario_to_dict(scenario), sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def _write_json_atomic(path: Path, data: dict) -> None:
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    tmp.write_text(json.dumps(data, indent=2, ensure_ascii=False, default=str), encoding="utf-8")
    os.replace(tmp, path)


def _check_manifest(out_dir: Path, manifest: dict) -> None:
    path = out_dir / "manifest.json"
    if not path.exists():
        if (out_dir / "tps").exists() and any((out_dir / "tps").iterdir()):
            raise RegionError(
                f"{out_dir}: ada folder tps/ tetapi tidak ada manifest.json; ini bukan hasil"
                " simkit region (atau sudah rusak): pakai folder --out lain",
                f"{out_dir}: has a tps/ folder but no manifest.json; it is not a"
                " simkit region run (or it is damaged): use another --out",
            )
        return
    try:
        old = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise RegionError(
            f"{path}: tidak dapat dibaca ({exc}); pakai folder --out lain",
            f"{path}: cannot be read ({exc}); use another --out",
        ) from None
    keys = [
        "format",
        "region_fingerprint",
        "scenario_hash",
        "reps",
        "seed",
        "batch_size",
        "dpt_cap",
        "n_tps",
    ]
    changed = [k for k in keys if old.get(k) != manifest.get(k)]
    if changed:
        what_id = {"region_fingerprint": "isi berkas wilayah", "scenario_hash": "skenario"}
        shown_id = "; ".join(
            f"{what_id[k]} berubah"
            if k in what_id
            else f"{k}: dulu {old.get(k)!r}, sekarang {manifest.get(k)!r}"
            for k in changed
        )
        shown_en = "; ".join(
            f"{k.split('_')[0]} changed"
            if k in what_id
            else f"{k}: was {old.get(k)!r}, now {manifest.get(k)!r}"
            for k in changed
        )
        raise RegionError(
            f"{out_dir} berisi simulasi dengan parameter lain ({shown_id}). Untuk"
            " melanjutkannya, ulangi perintah semula; untuk simulasi baru, pilih folder --out"
            " lain (atau hapus folder ini).",
            f"{out_dir} holds a run with other parameters ({shown_en}). To resume it, repeat"
            " the original command; for a new run, choose another --out folder (or delete"
            " this one).",
        )


def _done_parts(tps_dir: Path) -> set[int]:
    done = set()
    for entry in tps_dir.iterdir():
        m = _PART.match(entry.name)
        if m:
            done.add(int(m.group(1)))
        elif entry.name.startswith(".part-") and ".tmp" in entry.name:
            entry.unlink(missing_ok=True)  # a write cut short; that batch runs again
    return done


def _part_path(tps_dir: Path, k: int) -> Path:
    return tps_dir / f"part-{k:05d}.parquet"


def _write_part(tps_dir: Path, k: int, frame: pd.DataFrame) -> None:
    final = _part_path(tps_dir, k)
    tmp = tps_dir / f".{final.name}.tmp-{os.getpid()}"
    frame.to_parquet(tmp, index=False)
    os.replace(tmp, final)


def run_region(
    region_csv: str | os.PathLike | Region,
    scenario: Any = "tps_standar_2024",
    reps: int = 1,
    seed: int = 1,
    out_dir: str | os.PathLike = "results/region",
    *,
    workers: int | None = None,
    dask: str | None = None,
    progress: bool = True,
    batch_size: int | None = None,
    dpt_cap: int = KPU_DPT_CAP,
    summary_fn: Callable | None = None,
    group_fn: Callable | None = None,
    lang: str = "id",
) -> RegionResult:
    """Simulate every TPS of a region ``reps`` times and report per area and in total.

    Results stream to ``out_dir/tps/part-*.parquet`` while the run goes; rerunning the same
    command resumes an interrupted run. ``workers``: local processes (default: every CPU; 1 runs
    in this process). ``dask="local"`` (a LocalCluster on 127.0.0.1) or ``"tcp://HOST:8786"``.
    ``summary_fn``/``group_fn`` replace the model's ``simulate_summary``/``simulate_group``
    (tests). Raises :class:`RegionError` on a bad file, bad parameters or an unreachable Dask
    scheduler, before anything is written; its message (and the resume hint printed after
    Ctrl-C) is in ``lang``: "id" (Bahasa Indonesia) or "en".
    """
    with _speaking(lang):
        return _run_region(
            region_csv, scenario, reps, seed, out_dir, workers=workers, dask=dask,
            progress=progress, batch_size=batch_size, dpt_cap=dpt_cap, summary_fn=summary_fn,
            group_fn=group_fn, lang=lang,
        )  # fmt: skip


def _run_region(
    region_csv, scenario, reps, seed, out_dir, *, workers, dask, progress, batch_size, dpt_cap,
    summary_fn, group_fn, lang,
) -> RegionResult:  # fmt: skip
    region = region_csv if isinstance(region_csv, Region) else load_region(region_csv, dpt_cap)
    sc = load_scenario(scenario)
    for name, value in (("reps", reps), ("seed", seed)):
        if (
            isinstance(value, bool)
            or not isinstance(value, (int, np.integer))
            or value < (1 if name == "reps" else 0)
        ):
            least = 1 if name == "reps" else 0
            raise RegionError(
                f"{name} = {value!r}: harus bilangan bulat {least} atau lebih",
                f"{name} = {value!r}: must be a whole number {least} or more",
            )
    if workers is not None and (
        isinstance(workers, bool) or not isinstance(workers, int) or workers < 1
    ):
        raise RegionError(
            f"workers = {workers!r}: harus bilangan bulat 1 atau lebih",
            f"workers = {workers!r}: must be a whole number 1 or more",
        )
    total = region.n_tps * reps
    size = batch_size or default_batch_size(total)
    if not isinstance(size, int) or size < 1:
        raise RegionError(
            f"batch_size = {batch_size!r}: harus bilangan bulat 1 atau lebih",
            f"batch_size = {batch_size!r}: must be a whole number 1 or more",
        )
    batches = _batches(region, reps, size)
    out = Path(out_dir)
    manifest = {
        "format": MANIFEST_FORMAT,
        "region": region.name,
        "region_source": region.source,
        "region_fingerprint": region.fingerprint(),
        "scenario": sc.name,
        "scenario_hash": _scenario_hash(sc),
        "reps": int(reps),
        "seed": int(seed),
        "batch_size": size,
        "dpt_cap": region.dpt_cap,
        "n_tps": region.n_tps,
        "n_batches": len(batches),
        "dpt_rule": "equal spread: first (D mod n) TPS get ceil(D/n), the rest floor(D/n)",
    }
    if out.exists() and not out.is_dir():
        raise RegionError(
            f"--out {out}: ini berkas, bukan folder", f"--out {out} is a file, not a folder"
        )
    if out.exists():
        _check_manifest(out, manifest)
    tps_dir = out / "tps"
    try:
        runner_cm = open_runner(None, workers=workers, dask=dask, default="processes")
        runner = runner_cm.__enter__()
    except ExecutorError as exc:
        raise RegionError(exc.text("id"), exc.text("en")) from None
    with contextlib.ExitStack() as stack:
        stack.push(runner_cm)
        tps_dir.mkdir(parents=True, exist_ok=True)
        if not (out / "manifest.json").exists():
            save_scenario(sc, out / "scenario.yaml")
            _write_json_atomic(out / "manifest.json", manifest)
        done = _done_parts(tps_dir)
        todo = [k for k in range(len(batches)) if k not in done]
        seeds = [replication_seed(seed, r) for r in range(reps)]
        tps = region.tps
        cols = (
            tps["area"].tolist(),
            tps["tps_id"].tolist(),
            tps["dpt"].tolist(),
            tps["copier_group"].tolist(),
        )

        def payloads() -> Iterator[dict]:
            for k in todo:
                items = [
                    (
                        rep,
                        seeds[rep],
                        [(cols[0][i], cols[1][i], int(cols[2][i]), cols[3][i]) for i in unit],
                    )
                    for rep, unit in batches[k]
                ]
                yield {"scenario": sc, "items": items, "fn": summary_fn, "group_fn": group_fn}

        done_tps = sum(len(u) for k in done for _, u in batches[k])
        bar = _bar(total, done_tps, progress, region.name)
        try:
            for j, frame in runner.map_unordered(_run_region_batch, payloads()):
                _write_part(tps_dir, todo[j], frame)
                bar.update(len(frame))
        except WorkerLost as exc:
            saved = len(_done_parts(tps_dir))
            raise WorkerLost(
                f"{exc.text('id')}: {saved} dari {len(batches)} bagian tersimpan di {tps_dir};"
                " jalankan perintah yang sama lagi untuk melanjutkan",
                f"{exc.text('en')}: {saved} of {len(batches)} batches are saved in {tps_dir};"
                " run the same command again to resume",
            ) from exc
        except KeyboardInterrupt:
            if progress:
                saved = len(_done_parts(tps_dir))
                print("\n" + _saved_so_far(saved, len(batches), tps_dir, lang), file=sys.stderr)
            raise
        finally:
            bar.close()
    return _read_region_result(out, sc)


def _saved_so_far(saved: int, n_batches: int, tps_dir: Path, lang: str) -> str:
    if lang == "en":
        return (
            f"{saved} of {n_batches} batches saved in {tps_dir}; run the same command again"
            " to resume."
        )
    return (
        f"{saved} dari {n_batches} bagian tersimpan di {tps_dir}; jalankan perintah yang sama"
        " lagi untuk melanjutkan."
    )


def _bar(total: int, initial: int, enabled: bool, desc: str):
    from tqdm.auto import tqdm

    return tqdm(
        total=total,
        initial=initial,
        disable=not enabled,
        desc=desc,
        unit="TPS",
        smoothing=0.05,
        dynamic_ncols=True,
    )


# --------------------------------------------------------------------------- results


@dataclass
class RegionResult:
    """A finished region run: per-area report, totals, the riskiest TPS, and the per-TPS rows.

    ``tps`` (every column, one row per TPS-day) is read from the Parquet parts on first use, so
    a national run reports without holding every row in memory.
    """

    out_dir: Path
    manifest: dict
    areas: pd.DataFrame = field(repr=False)
    total: dict = field(repr=False)
    riskiest: pd.DataFrame = field(repr=False)
    _tps: pd.DataFrame | None = field(default=None, repr=False)

    @property
    def tps(self) -> pd.DataFrame:
        """Every per-TPS row, in run order (area order, then TPS, replication-major)."""
        if self._tps is None:
            self._tps = _read_parts(self.out_dir)
        return self._tps

    def text(self, lang: str = "id") -> str:
        """Write a short report in Bahasa Indonesia or English."""
        return format_region_report(self, lang)


_REPORT_COLUMNS = [
    "area", "tps_id", "replication", "dpt", "counting_end_min", "work_end_min",
    "past_deadline", "kpps_hours_mean",
]  # fmt: skip


def _part_files(out: Path) -> list[Path]:
    return sorted(p for p in (out / "tps").glob("part-*.parquet") if _PART.match(p.name))


def _read_parts(out: Path, columns: list[str] | None = None) -> pd.DataFrame:
    frames = [pd.read_parquet(p, columns=columns) for p in _part_files(out)]
    return pd.concat(frames, ignore_index=True)


def read_region_result(
    out_dir: str | os.PathLike, scenario: Scenario | None = None, lang: str = "id"
) -> RegionResult:
    """Read a finished run from ``out_dir`` (refuses a run with batches missing)."""
    with _speaking(lang):
        return _read_region_result(Path(out_dir), scenario)


def _read_region_result(out: Path, scenario: Scenario | None) -> RegionResult:
    try:
        manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise RegionError(
            f"{out}: manifest.json tidak ada atau tidak terbaca ({exc})",
            f"{out}: no readable manifest.json ({exc})",
        ) from None
    parts = _part_files(out)
    if len(parts) != manifest["n_batches"]:
        raise RegionError(
            f"{out}: baru {len(parts)} dari {manifest['n_batches']} bagian yang selesai;"
            " jalankan lagi perintah yang sama untuk menyelesaikannya",
            f"{out}: {len(parts)} of {manifest['n_batches']} batches are done;"
            " rerun the same command to finish the run",
        )
    frame = _read_parts(out, _REPORT_COLUMNS)
    expected = manifest["n_tps"] * manifest["reps"]
    if len(frame) != expected:
        raise RegionError(
            f"{out}: {len(frame)} baris TPS, seharusnya {expected}; folder ini rusak,"
            " jalankan lagi ke folder --out yang baru",
            f"{out}: {len(frame)} TPS rows instead of {expected}; the folder is"
            " damaged, run again into a new --out folder",
        )
    sc = scenario or load_scenario(out / "scenario.yaml")
    areas, total, riskiest = region_report(frame, n_kpps=sc.staff.kpps)
    del frame
    areas.to_csv(out / "areas.csv", index=False)
    _write_json_atomic(out / "total.json", total)
    return RegionResult(out, manifest, areas, total, riskiest)


def _area_row(part: pd.DataFrame, reps: int, n_kpps: int) -> dict:
    ce = part["counting_end_min"].astype(float)
    we = part["work_end_min"].astype(float)
    per_tps = part.groupby("tps_id", sort=False)["work_end_min"].mean()
    risk = per_tps.idxmax()
    return {
        "tps": int(part["tps_id"].nunique()),
        "dpt": int(part.loc[part["replication"] == part["replication"].min(), "dpt"].sum()),
        "reps": reps,
        "counting_end_p10_min": float(ce.quantile(0.1)),
        "counting_end_median_min": float(ce.median()),
        "counting_end_p90_min": float(ce.quantile(0.9)),
        "counting_end_max_min": float(ce.max()),
        "work_end_p10_min": float(we.quantile(0.1)),
        "work_end_median_min": float(we.median()),
        "work_end_p90_min": float(we.quantile(0.9)),
        "work_end_max_min": float(we.max()),
        "tps_counting_after_midnight": float((ce > MIDNIGHT_MIN).sum() / reps),
        "tps_work_after_midnight": float((we > MIDNIGHT_MIN).sum() / reps),
        "tps_past_deadline": float(part["past_deadline"].astype(bool).sum() / reps),
        "kpps_hours_total": float((part["kpps_hours_mean"].astype(float) * n_kpps).sum() / reps),
        "riskiest_tps": str(risk),
        "riskiest_work_end_min": float(per_tps.max()),
    }


def region_report(frame: pd.DataFrame, n_kpps: int = 7) -> tuple[pd.DataFrame, dict, pd.DataFrame]:
    """Per-area and total figures, and the ten TPS at highest risk, from per-TPS rows.

    Counts of TPS (after midnight, past the deadline) are per replication (means when
    ``reps > 1``); distributions pool all TPS-days. KPPS-hours: ``kpps_hours_mean x n_kpps``
    summed over TPS. Risk: the share of replications past the deadline, then the mean work end.
    """
    reps = int(frame["replication"].nunique())
    rows = [
        {"area": area, **_area_row(part, reps, n_kpps)}
        for area, part in frame.groupby("area", sort=False)
    ]
    areas = pd.DataFrame(rows)
    total = {"area": "TOTAL", **_area_row(frame, reps, n_kpps)}
    data = frame.assign(
        past=frame["past_deadline"].astype(float),
        late=(frame["work_end_min"] > MIDNIGHT_MIN).astype(float),
    )
    per_tps = (
        data.groupby(["area", "tps_id"], sort=False, observed=True)
        .agg(
            dpt=("dpt", "first"),
            work_end_mean_min=("work_end_min", "mean"),
            counting_end_mean_min=("counting_end_min", "mean"),
            p_past_deadline=("past", "mean"),
            p_work_after_midnight=("late", "mean"),
        )
        .reset_index()
    )
    riskiest = (
        per_tps.sort_values(
            ["p_past_deadline", "work_end_mean_min"], ascending=False, kind="stable"
        )
        .head(10)
        .reset_index(drop=True)
    )
    return areas, total, riskiest


def _n(x: float, lang: str = "en") -> str:
    text = f"{x:,.0f}" if float(x).is_integer() else f"{x:,.1f}"
    return text.translate(str.maketrans(",.", ".,")) if lang == "id" else text


def format_region_report(result: RegionResult, lang: str = "id") -> str:
    """Totals and per-area lines with clock times, for the CLI and notebooks.

    With several replications, TPS counts are means per replication and the riskiest TPS is
    the one with the latest mean work end.
    """
    tot = dict(result.total)
    counts = {
        key: _n(tot[key], lang)
        for key in ("tps_counting_after_midnight", "tps_work_after_midnight", "tps_past_deadline")
    }
    hours = _n(round(tot["kpps_hours_total"]), lang)
    n_tps, dpt, reps = _n(tot["tps"], lang), _n(tot["dpt"], lang), tot["reps"]
    region, scenario = result.manifest["region"], result.manifest["scenario"]
    c = min_to_clock
    if lang == "en":
        per_rep = " (mean per replication)" if reps > 1 else ""
        lines = [
            f"Region {region}: {n_tps} TPS, {dpt} DPT, {reps} replication(s), scenario {scenario}",
            f"  Counting ends: median {c(tot['counting_end_median_min'])}, 90% of TPS by"
            f" {c(tot['counting_end_p90_min'])}, latest {c(tot['counting_end_max_min'])}",
            f"  All work done: median {c(tot['work_end_median_min'])}, 90% of TPS by"
            f" {c(tot['work_end_p90_min'])}, latest {c(tot['work_end_max_min'])}",
            f"  TPS still counting after midnight: {counts['tps_counting_after_midnight']};"
            f" still working after midnight: {counts['tps_work_after_midnight']};"
            f" past the legal deadline (12:00 next day): {counts['tps_past_deadline']}{per_rep}",
            f"  KPPS hours on duty, all TPS together: {hours} hours",
            f"  TPS at highest risk: {tot['riskiest_tps']}"
            f" (all work done {c(tot['riskiest_work_end_min'])}"
            f"{', on average' if reps > 1 else ''})",
            "  Per area:",
        ]
        area_line = (
            "  - {area}: {tps} TPS; median {median}, 90% by {p90}; after midnight: {late};"
            " past the deadline: {past}"
        )
    else:
        per_rep = " (rata-rata per replikasi)" if reps > 1 else ""
        lines = [
            f"Wilayah {region}: {n_tps} TPS, {dpt} DPT, {reps} replikasi, skenario {scenario}",
            f"  Penghitungan selesai: median pukul {c(tot['counting_end_median_min'])}; 90% TPS"
            f" sudah selesai pukul {c(tot['counting_end_p90_min'])}; paling akhir pukul"
            f" {c(tot['counting_end_max_min'])}",
            f"  Semua pekerjaan selesai: median pukul {c(tot['work_end_median_min'])}; 90% TPS"
            f" sudah selesai pukul {c(tot['work_end_p90_min'])}; paling akhir pukul"
            f" {c(tot['work_end_max_min'])}",
            f"  Jumlah TPS yang masih menghitung lewat tengah malam:"
            f" {counts['tps_counting_after_midnight']}; masih bekerja lewat tengah malam:"
            f" {counts['tps_work_after_midnight']}; melewati batas waktu (12:00 H+1):"
            f" {counts['tps_past_deadline']}{per_rep}",
            f"  Jam kerja KPPS, semua TPS dijumlahkan: {hours} jam",
            f"  TPS paling berisiko: {tot['riskiest_tps']} (semua pekerjaan selesai pukul"
            f" {c(tot['riskiest_work_end_min'])}{', rata-rata' if reps > 1 else ''})",
            "  Per wilayah:",
        ]
        area_line = (
            "  - {area}: {tps} TPS; median pukul {median}, 90% selesai pukul {p90};"
            " lewat tengah malam: {late}; lewat batas waktu: {past}"
        )
    for row in result.areas.itertuples():
        lines.append(
            area_line.format(
                area=row.area,
                tps=_n(row.tps, lang),
                median=c(row.work_end_median_min),
                p90=c(row.work_end_p90_min),
                late=_n(row.tps_work_after_midnight, lang),
                past=_n(row.tps_past_deadline, lang),
            )
        )
    return "\n".join(lines)


def rerun_tps(
    out_dir: str | os.PathLike, tps_id: str, replication: int = 0, full: bool = False
) -> Any:
    """Re-simulate one TPS of a finished run alone; equals its row (``full``: the DayResult)."""
    from simkit import simulation

    out = Path(out_dir)
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    sc = load_scenario(out / "scenario.yaml")
    frame = pd.concat(
        [
            pd.read_parquet(p, filters=[("tps_id", "==", tps_id)])
            for p in sorted((out / "tps").glob("part-*.parquet"))
        ]
    )
    rows = frame[frame["replication"] == replication]
    if rows.empty:
        raise RegionError(
            f"{out}: tidak ada TPS {tps_id!r} pada replikasi {replication}",
            f"{out}: no TPS {tps_id!r} in replication {replication}",
        )
    row = rows.iloc[0]
    seed = replication_seed(manifest["seed"], replication)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ScenarioWarning)
        one = with_overrides(sc, {"tps.voters_dpt": int(row["dpt"])})
    if row["copier_group"]:
        raise RegionError(
            f"{tps_id} berbagi mesin fotokopi ({row['copier_group']}); jalankan ulang seluruh"
            " kelompoknya dengan simkit.simulation.simulate_group",
            f"{tps_id} shares a copier ({row['copier_group']}); re-run its group"
            " with simkit.simulation.simulate_group",
        )
    if full:
        return simulation.simulate(one, seed=seed, tps_id=tps_id)
    return simulation.simulate_summary(one, seed, tps_id)
