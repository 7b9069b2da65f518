"""The run folder of a region run: its manifest, the Parquet parts, resume bookkeeping, results.

Layout of ``out_dir``: ``manifest.json`` (the run's parameters), ``scenario.yaml``,
``tps/part-NNNNN.parquet`` (one per finished batch, written to a temp file and renamed, so a part
on disk is always whole), and, once the run is read back, ``areas.csv`` and ``total.json``.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow.parquet as pq

from simkit.i18n import t
from simkit.region.aggregate import REPORT_COLUMNS, region_report
from simkit.region.regionfile import (
    Region,
    RegionError,
    RegionWarning,
    errors_in,
    in_both_languages,
)
from simkit.scenario import Scenario, load_scenario, save_scenario, scenario_to_dict
from simkit.spreadsheet import write_csv

__all__ = [
    "MANIFEST_FORMAT",
    "RegionResult",
    "check_manifest",
    "check_parts",
    "done_parts",
    "new_manifest",
    "read_manifest",
    "read_parts",
    "read_region_result",
    "read_tps_rows",
    "start_store",
    "write_part",
]

# 2: the manifest records the simkit version, parts carry page checksums (issue 15)
MANIFEST_FORMAT = 2
_PART = re.compile(r"^part-(\d{5,})\.parquet$")
# a resume must match the first run on these manifest entries
_RESUME_KEYS = [
    "format", "simkit_version", "region_fingerprint", "scenario_hash", "reps", "seed",
    "batch_size", "dpt_cap", "n_tps",
]  # fmt: skip


# --------------------------------------------------------------------------- the manifest


def _scenario_hash(scenario: Scenario) -> str:
    text = json.dumps(scenario_to_dict(scenario), sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def new_manifest(
    region: Region, scenario: Scenario, reps: int, seed: int, batch_size: int, n_batches: int
) -> dict[str, Any]:
    """The parameters of a run, as ``manifest.json`` records them."""
    import simkit  # at call time: simkit's __init__ may still be loading when this module is

    return {
        "format": MANIFEST_FORMAT,
        "simkit_version": simkit.__version__,
        "region": region.name,
        "region_source": region.source,
        "region_fingerprint": region.fingerprint(),
        "scenario": scenario.name,
        "scenario_hash": _scenario_hash(scenario),
        "reps": int(reps),
        "seed": int(seed),
        "batch_size": batch_size,
        "dpt_cap": region.dpt_cap,
        "n_tps": region.n_tps,
        "n_batches": n_batches,
        "dpt_rule": "equal spread: first (D mod n) TPS get ceil(D/n), the rest floor(D/n)",
    }


def _fsync_folder(folder: Path) -> None:
    """Make a rename in ``folder`` durable (POSIX: fsync the folder; not possible on Windows)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some file systems cannot fsync a folder; the rename itself is still atomic
    finally:
        os.close(fd)


def _write_atomic(final: Path, write: Any) -> None:
    """``write(file)`` to a temp file, fsync it, rename it to ``final``, fsync the folder.

    A crash at any moment leaves either no ``final`` or the whole of it, also after a power cut.
    """
    tmp = final.with_name(f".{final.name}.tmp-{os.getpid()}")
    with open(tmp, "wb") as fh:
        write(fh)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, final)
    _fsync_folder(final.parent)


def _write_json_atomic(path: Path, data: dict[str, Any]) -> None:
    text = json.dumps(data, indent=2, ensure_ascii=False, default=str)
    _write_atomic(path, lambda fh: fh.write(text.encode("utf-8")))


def check_manifest(out_dir: Path, manifest: dict[str, Any]) -> None:
    """Refuse to write into ``out_dir`` if it holds another run (or something else)."""
    path = out_dir / "manifest.json"
    if not path.exists():
        if (out_dir / "tps").exists() and any((out_dir / "tps").iterdir()):
            raise RegionError.of("region_tps_without_manifest", out=out_dir)
        return
    try:
        old = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise RegionError.of("region_manifest_unreadable", path=path, error=exc) from None
    if not isinstance(old, dict):
        raise RegionError.of("region_manifest_unreadable", path=path, error=type(old).__name__)
    if old.get("simkit_version") != manifest.get("simkit_version") or old.get(
        "format"
    ) != manifest.get("format"):
        raise RegionError.of(
            "sec_region_other_version",
            out=out_dir,
            old=old.get("simkit_version") or "?",
            old_format=old.get("format", "?"),
            new=manifest.get("simkit_version"),
            new_format=manifest.get("format"),
        )
    changed = [k for k in _RESUME_KEYS if old.get(k) != manifest.get(k)]
    if changed:
        shown = [
            in_both_languages(f"region_changed_{k}")
            if k in ("region_fingerprint", "scenario_hash")
            else in_both_languages(
                "region_changed_value", key=k, old=old.get(k), new=manifest.get(k)
            )
            for k in changed
        ]
        raise RegionError(
            t("region_other_parameters", "id").format(
                out=out_dir, changes="; ".join(id_text for id_text, _ in shown)
            ),
            t("region_other_parameters", "en").format(
                out=out_dir, changes="; ".join(en_text for _, en_text in shown)
            ),
        )


def start_store(out: Path, scenario: Scenario, manifest: dict[str, Any]) -> Path:
    """Create the run folder (first run only: scenario and manifest); returns its ``tps/``."""
    tps_dir = out / "tps"
    tps_dir.mkdir(parents=True, exist_ok=True)
    if not (out / "manifest.json").exists():
        save_scenario(scenario, out / "scenario.yaml")
        _write_json_atomic(out / "manifest.json", manifest)
    return tps_dir


def read_manifest(out: Path) -> dict[str, Any]:
    """The manifest of the run in ``out``."""
    return json.loads((out / "manifest.json").read_text(encoding="utf-8"))


# --------------------------------------------------------------------------- the parts


def done_parts(tps_dir: Path, n_batches: int | None = None) -> set[int]:
    """Numbers of the batches on disk; a temp file left by a cut-short write is removed.

    With ``n_batches``, parts numbered beyond the run's batches are left out.
    """
    done = set()
    for entry in tps_dir.iterdir():
        m = _PART.match(entry.name)
        if m:
            done.add(int(m.group(1)))
        elif entry.name.startswith(".part-") and ".tmp" in entry.name:
            entry.unlink(missing_ok=True)  # a write cut short; that batch runs again
    if n_batches is not None:
        done = {k for k in done if k < n_batches}
    return done


# per-TPS columns every part must have (the summary's columns follow them)
PART_COLUMNS = ["area", "tps_id", "replication", "seed", "dpt", "copier_group"]


def _part_problem(path: Path, rows: int) -> str | None:
    """Why the part at ``path`` cannot be used (unreadable, other rows or columns), or None."""
    try:
        table = pq.read_table(path, page_checksum_verification=True)
    except Exception as exc:  # pyarrow raises many kinds (OSError, ArrowInvalid, ...) for damage
        return f"{type(exc).__name__}: {exc}"[:300]
    missing = [c for c in PART_COLUMNS if c not in table.column_names]
    if missing:
        return f"columns {', '.join(missing)} missing"
    if table.num_rows != rows:
        return f"{table.num_rows} rows instead of {rows}"
    return None


def check_parts(tps_dir: Path, rows: Sequence[int]) -> set[int]:
    """The batches whose parts are whole, on resume (batch ``k`` has ``rows[k]`` rows).

    A part that cannot be read or has other rows or columns is moved aside to ``*.bad`` (its
    batch runs again); a part numbered beyond the run's batches is ignored. Each is told with a
    :class:`RegionWarning`.
    """
    good = set()
    for k in sorted(done_parts(tps_dir)):
        path = tps_dir / f"part-{k:05d}.parquet"
        if k >= len(rows):
            warnings.warn(
                RegionWarning.of("sec_region_part_stray", path=path, n=len(rows)), stacklevel=2
            )
            continue
        why = _part_problem(path, rows[k])
        if why is None:
            good.add(k)
            continue
        bad = path.with_name(path.name + ".bad")
        os.replace(path, bad)
        warnings.warn(
            RegionWarning.of("sec_region_part_bad", path=path, error=why, bad=bad.name),
            stacklevel=2,
        )
    return good


def write_part(tps_dir: Path, k: int, frame: pd.DataFrame) -> None:
    """Write batch ``k`` atomically and durably: temp file, fsync, rename, fsync the folder.

    Pages carry checksums, so a part damaged on disk is found on resume (:func:`check_parts`).
    """
    final = tps_dir / f"part-{k:05d}.parquet"
    _write_atomic(final, lambda fh: frame.to_parquet(fh, index=False, write_page_checksum=True))


def _part_files(out: Path, n_batches: int | None = None) -> list[Path]:
    """The parts of the run in ``out``, in batch order (only the first ``n_batches``, if given)."""
    if n_batches is None:
        with contextlib.suppress(OSError, ValueError, KeyError, TypeError):
            n_batches = int(read_manifest(out)["n_batches"])
    parts = []
    for p in (out / "tps").glob("part-*.parquet"):
        m = _PART.match(p.name)
        if m and (n_batches is None or int(m.group(1)) < n_batches):
            parts.append(p)
    return sorted(parts, key=lambda p: int(p.name[5:].split(".")[0]))


def read_parts(out: Path, columns: list[str] | None = None) -> pd.DataFrame:
    """Every per-TPS row of the run in ``out`` (only ``columns``, if given), in run order."""
    frames = [pd.read_parquet(p, columns=columns) for p in _part_files(out)]
    return pd.concat(frames, ignore_index=True)


def read_tps_rows(out: Path, tps_id: str) -> pd.DataFrame:
    """The rows of one TPS (every replication) of the run in ``out``."""
    return pd.concat(
        [pd.read_parquet(p, filters=[("tps_id", "==", tps_id)]) for p in _part_files(out)]
    )


# --------------------------------------------------------------------------- the result


@dataclass
class RegionResult:
    """A finished region run: per-area report, totals, the riskiest TPS, and the per-TPS rows.

    ``tps`` (every column, one row per TPS-day) is read from the Parquet parts on first use, so
    a national run reports without holding every row in memory. The text report is
    ``simkit.report.region.format_region_report(result, lang)``.
    """

    out_dir: Path
    manifest: dict[str, Any]
    areas: pd.DataFrame = field(repr=False)
    total: dict[str, Any] = field(repr=False)
    riskiest: pd.DataFrame = field(repr=False)
    _tps: pd.DataFrame | None = field(default=None, repr=False)

    @property
    def tps(self) -> pd.DataFrame:
        """Every per-TPS row, in run order (area order, then TPS, replication-major)."""
        if self._tps is None:
            self._tps = read_parts(self.out_dir)
        return self._tps


def read_region_result(
    out_dir: str | os.PathLike, scenario: Scenario | None = None, lang: str = "id"
) -> RegionResult:
    """Read a finished run from ``out_dir`` (refuses a run with batches missing).

    Writes the aggregates next to the parts: ``areas.csv`` and ``total.json``.
    """
    out = Path(out_dir)
    with errors_in(lang):
        try:
            manifest = read_manifest(out)
        except (OSError, ValueError) as exc:
            raise RegionError.of("region_no_manifest", out=out, error=exc) from None
        n_batches = manifest["n_batches"]
        n_parts = len(_part_files(out, n_batches))
        if n_parts != n_batches:
            raise RegionError.of("region_unfinished", out=out, done=n_parts, n=n_batches)
        frames = []
        for part in _part_files(out, n_batches):
            try:
                frames.append(pd.read_parquet(part, columns=REPORT_COLUMNS))
            except Exception as exc:  # pyarrow: OSError, ArrowInvalid, ... for a damaged part
                error = f"{type(exc).__name__}: {exc}"[:300]
                raise RegionError.of("sec_region_part_unreadable", path=part, error=error) from None
        frame = pd.concat(frames, ignore_index=True)
        del frames
        expected = manifest["n_tps"] * manifest["reps"]
        if len(frame) != expected:
            raise RegionError.of("region_damaged", out=out, rows=len(frame), expected=expected)
        sc = scenario or load_scenario(out / "scenario.yaml")
    areas, total, riskiest = region_report(frame, n_kpps=sc.staff.kpps)
    del frame
    write_csv(areas, out / "areas.csv")  # area names are typed by people: formula-safe
    _write_json_atomic(out / "total.json", total)
    return RegionResult(out, manifest, areas, total, riskiest)
