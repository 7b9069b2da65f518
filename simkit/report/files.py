"""Files of a run: result frames as CSV and Parquet, charts as PNG, provenance, stale outputs.

:func:`write_outputs` writes into a folder; it only ever creates or overwrites its own file names
(:data:`RUN_FILES`) and never deletes anything else in that folder. Every file is written under a
temporary name and renamed when complete (a full disk leaves no half ``events.csv``); CSV cells
go through the formula guard (:mod:`simkit.spreadsheet`). Every output folder records
what wrote it (:data:`OUTPUT_RECORD`), so one command does not overwrite another's results.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa

import simkit
from simkit.experiment.stats import summarize
from simkit.i18n import t
from simkit.scenario import save_scenario, scenario_to_dict
from simkit.simulation import DayResult
from simkit.spreadsheet import replace_atomically, write_csv

__all__ = [
    "FRAME_NAMES",
    "OUTPUT_RECORD",
    "PROJECTOR_STYLE",
    "RUN_FILES",
    "files_written",
    "output_owner",
    "scenario_hash",
    "stale_outputs",
    "write_charts",
    "write_frames",
    "write_output_record",
    "write_outputs",
]

FRAME_NAMES = ("voters", "staff", "counting", "events", "queues", "stations", "timeline")
# the charts write_charts draws
CHART_NAMES = (
    "arrivals",
    "queues",
    "wait_by_hour",
    "staff_timeline",
    "counting",
    "work_end_distribution",
)


def _parquet_safe(frame: pd.DataFrame) -> pd.DataFrame:
    # object columns holding lists/dicts/mixed types are written as text
    out = frame.copy()
    for col in out.columns:
        if out[col].dtype == object:
            out[col] = out[col].map(lambda v: v if v is None or isinstance(v, str) else str(v))
    return out


def write_frames(out_dir: str | Path, frames: Mapping[str, pd.DataFrame]) -> list[Path]:
    """Write each frame as ``<name>.csv`` and ``<name>.parquet``; returns the paths written.

    The CSV is for spreadsheets: text that would run as a formula gets an apostrophe. The
    Parquet file keeps the raw data: no spreadsheet opens it, and programs reading it want the
    names exactly as typed.
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, frame in frames.items():
        csv = write_csv(frame, out / f"{name}.csv")
        parquet = out / f"{name}.parquet"
        with replace_atomically(parquet) as tmp:
            try:
                frame.to_parquet(tmp, index=False)
            except (TypeError, ValueError, ImportError, pa.ArrowException):
                _parquet_safe(frame).to_parquet(tmp, index=False)
        written += [csv, parquet]
    return written


def _day_frames(day: DayResult) -> dict[str, pd.DataFrame]:
    """The frames of a detailed day (a summary-only day has none)."""
    frames = {
        "voters": day.voters,
        "staff": day.staff,
        "counting": day.counting,
        "events": day.events,
        "queues": day.queues,
        "stations": day.stations,
        "timeline": day.timeline,
    }
    return {name: frame for name, frame in frames.items() if isinstance(frame, pd.DataFrame)}


def write_charts(
    out_dir: str | Path, day: Any = None, replications: pd.DataFrame | None = None, lang: str = "id"
) -> list[Path]:
    """Draw the standard charts as PNG (Agg, no window) and return the paths written."""
    # lazy: matplotlib costs a second at start; a run with --no-charts never loads it
    from matplotlib import rc_context
    from matplotlib.figure import Figure

    from simkit import plots

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    jobs: list[tuple[str, Any, Any, tuple[float, float]]] = []
    if day is not None:
        jobs += [
            ("arrivals", plots.plot_arrivals, day, (9, 4)),
            ("queues", plots.plot_queues, day, (9, 4)),
            ("wait_by_hour", plots.plot_wait_by_hour, day, (9, 4)),
            ("staff_timeline", plots.plot_staff_timeline, day, (11, 5)),
            ("counting", plots.plot_counting, day, (9, 4)),
        ]
    if replications is not None and "work_end_min" in replications and len(replications) > 1:
        jobs.append(
            ("work_end_distribution", plots.plot_work_end_distribution, replications, (9, 4))
        )
    written = []
    with rc_context(PROJECTOR_STYLE):  # type: ignore[arg-type]  # stubs want Literal keys
        for name, draw, data, size in jobs:
            fig = Figure(figsize=size, layout="constrained")
            ax = fig.add_subplot()
            draw(data, ax=ax, lang=lang)
            path = out / f"{name}.png"
            with replace_atomically(path) as tmp:
                fig.savefig(tmp, dpi=120, format="png")
            written.append(path)
    return written


# the PNG files go on a projector in a KPPS training room: larger text than the screen default
PROJECTOR_STYLE = {
    "font.size": 12,
    "axes.titlesize": 15,
    "axes.titleweight": "bold",
    "axes.labelsize": 13,
    "xtick.labelsize": 12,
    "ytick.labelsize": 12,
    "legend.fontsize": 12,
}


def write_outputs(
    out_dir: str | Path,
    day: DayResult | None = None,
    replications: pd.DataFrame | None = None,
    lang: str = "id",
    charts: bool = True,
    scenario: Any = None,
    run_info: Mapping[str, Any] | None = None,
) -> list[Path]:
    """Write a run to ``out_dir``: the summary, the day's frames, and charts.

    One day: ``summary`` is its one-row summary. With replications: ``replications`` has one
    row per replication, ``summary`` the statistics of each KPI over them
    (:func:`simkit.experiment.summarize`: mean, 95% CI, median, p10, p90, probabilities), and
    the day frames are the first replication's. With ``scenario``, ``scenario.yaml`` holds the
    exact scenario run (overrides applied) and ``run.json`` the seed, replications and version,
    so ``simkit run scenario.yaml --seed S`` repeats the run. Existing files with other names
    are left alone.
    """
    written: list[Path] = []
    if scenario is not None:
        written += _write_provenance(Path(out_dir), scenario, run_info or {})
    frames: dict[str, pd.DataFrame] = {}
    if replications is not None:
        frames["summary"] = summarize(replications)
        frames["replications"] = replications
    elif day is not None:
        frames["summary"] = pd.DataFrame([dict(day.summary)])
    if day is not None:
        frames.update(_day_frames(day))
    written += write_frames(out_dir, frames)
    if charts:
        written += write_charts(out_dir, day=day, replications=replications, lang=lang)
    return written


def _write_provenance(out: Path, scenario: Any, run_info: Mapping[str, Any]) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    yaml_path = out / "scenario.yaml"
    with replace_atomically(yaml_path) as tmp:
        save_scenario(scenario, tmp)
    info = {"simkit": simkit.__version__, "scenario": scenario.name, **dict(run_info)}
    json_path = out / "run.json"
    with replace_atomically(json_path) as tmp:
        tmp.write_text(json.dumps(info, indent=2, default=str) + "\n", encoding="utf-8")
    return [yaml_path, json_path]


def files_written(paths: Iterable[Path], lang: str = "id") -> str:
    """List the files written, under their folder."""
    paths = list(paths)
    if not paths:
        return ""
    folder = paths[0].parent
    names = sorted(p.name for p in paths)
    return t("cli_files_written", lang).format(dir=folder) + "\n  " + "\n  ".join(names)


# every file name write_outputs may write: what is left of an earlier run into the same folder
RUN_FILES = (
    *(
        f"{n}.{ext}"
        for n in ("summary", "replications", *FRAME_NAMES)
        for ext in ("csv", "parquet")
    ),
    *(f"{n}.png" for n in CHART_NAMES),
    "scenario.yaml",
    "run.json",
)


def stale_outputs(paths: Iterable[Path]) -> list[Path]:
    """Files of an earlier ``simkit run`` in the same folder that this run did not rewrite.

    Nothing is deleted (the folder may hold the user's own files); they are named so nobody
    reads last run's replications next to this run's summary.
    """
    paths = list(paths)
    if not paths:
        return []
    folder, written = paths[0].parent, {p.name for p in paths}
    return sorted(folder / n for n in RUN_FILES if n not in written and (folder / n).exists())


# --------------------------------------------------------------------------- what wrote a folder

# the file in every output folder that says which command wrote it (run, compare, sweep, region,
# drill), for which scenario, with which simkit
OUTPUT_RECORD = "simkit-output.json"
# folders written before the record existed: a file only that command writes -> the command
_WRITTEN_BY = (
    ("manifest.json", "region"),
    ("tps/part-*.parquet", "region"),
    ("scorecard.csv", "drill"),
    ("decisions.csv", "drill"),
    ("comparison.csv", "compare"),
    ("sweep.csv", "sweep"),
    ("run.json", "run"),
)


def scenario_hash(*scenarios: Any) -> str:
    """A fingerprint of the scenarios run (every field, overrides applied)."""
    h = hashlib.sha256()
    for sc in scenarios:
        h.update(json.dumps(scenario_to_dict(sc), sort_keys=True, default=str).encode())
    return h.hexdigest()


def write_output_record(out_dir: str | Path, command: str, *scenarios: Any) -> Path:
    """Write :data:`OUTPUT_RECORD` into ``out_dir``: who wrote the folder, for what.

    The command, the (first) scenario's name, the fingerprint of every scenario run and the
    simkit version.
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    record = {
        "command": command,
        "scenario": scenarios[0].name if scenarios else None,
        "scenario_hash": scenario_hash(*scenarios) if scenarios else None,
        "simkit": simkit.__version__,
    }
    path = out / OUTPUT_RECORD
    with replace_atomically(path) as tmp:
        tmp.write_text(json.dumps(record, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def output_owner(out_dir: str | Path) -> dict[str, Any] | None:
    """What wrote ``out_dir``: ``{"command": ..., "scenario": ...}``, or None.

    None for a new or empty folder, or one holding only the user's own files. Read from
    :data:`OUTPUT_RECORD`; a folder written before that file existed is recognised by
    a file only one command writes (a region's ``manifest.json``, a run's ``run.json``...).
    """
    out = Path(out_dir)
    if not out.is_dir():
        return None
    record = out / OUTPUT_RECORD
    if record.is_file():
        try:
            data = json.loads(record.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            data = None
        if isinstance(data, dict) and isinstance(data.get("command"), str):
            return data
    for pattern, command in _WRITTEN_BY:
        if next(out.glob(pattern), None) is not None:
            return {"command": command, "scenario": _recorded_scenario(out, command)}
    return None


def _recorded_scenario(out: Path, command: str) -> str | None:
    source = {"region": "manifest.json", "run": "run.json"}.get(command)
    if source is None:
        return None
    try:
        name = json.loads((out / source).read_text(encoding="utf-8")).get("scenario")
    except (OSError, ValueError, AttributeError):
        return None
    return name if isinstance(name, str) else None
