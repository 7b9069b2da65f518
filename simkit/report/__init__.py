"""Text tables and files for the command line: summaries, replications, comparisons, outputs.

Everything a person reads is labelled through :mod:`simkit.i18n`; times of day are clock times
(``01:30 (+1)`` is half past one the next morning). :func:`write_outputs` writes result frames as
CSV and Parquet and charts as PNG into a folder; it only ever creates or overwrites its own file
names and never deletes anything else in that folder.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from simkit.i18n import t
from simkit.metrics import SUMMARY_KEYS
from simkit.scenario import min_to_clock

__all__ = [
    "CLOCK_KPIS",
    "FRAME_NAMES",
    "PROBABILITY_ROWS",
    "SUMMARY_ROWS",
    "as_frame",
    "comparison_table",
    "files_written",
    "format_kpi",
    "number",
    "replications_table",
    "run_replications",
    "simulate_day",
    "stale_outputs",
    "summary_table",
    "sweep_table",
    "write_charts",
    "write_frames",
    "write_outputs",
]

# the order a trainer reads the day: who came, how long they waited, when the work ended
SUMMARY_ROWS = SUMMARY_KEYS
# probabilities experiment.compare adds (p_* rows), shown after the KPIs
PROBABILITY_ROWS = (
    "p_wait_over_30min",
    "p_counting_after_midnight",
    "p_work_after_midnight",
    "p_past_deadline",
)
CLOCK_KPIS = ("last_voter_exit_min", "counting_end_min", "work_end_min")
SHARE_KPIS = ("share_wait_over_30min", "busiest_utilisation", *PROBABILITY_ROWS)
FRAME_NAMES = ("voters", "staff", "counting", "events", "queues", "stations", "timeline")


# --------------------------------------------------------------------------- running


def simulate_day(scenario: Any, seed: int, tps_id: str = "TPS") -> Any:
    """One TPS day with :func:`simkit.simulate` (imported late: the CLI starts fast)."""
    from simkit.simulation import simulate

    return simulate(scenario, seed=seed, tps_id=tps_id)


def run_replications(
    scenario: Any, reps: int, seed: int, executor: Any = None, progress: bool = False
) -> pd.DataFrame:
    """One summary row per replication, from :func:`simkit.experiment.replicate`.

    Replication ``i`` runs with ``experiment.replication_seed(seed, i)``; the ``seed`` and
    ``tps_id`` columns replay any row with :func:`simulate_day`.
    """
    from simkit.experiment import replicate

    return replicate(scenario, reps=reps, seed=seed, executor=executor, progress=progress)


# --------------------------------------------------------------------------- formatting


def _is_missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def number(value: float, lang: str = "id", digits: int = 1) -> str:
    """Write a decimal number as ``lang`` does: ``3,2`` in Indonesian, ``3.2`` in English."""
    text = f"{float(value):.{digits}f}"
    return text.replace(".", ",") if lang == "id" else text


def format_kpi(key: str, value: Any, lang: str = "id") -> str:
    """Write one KPI value as a person reads it: clock times, minutes, percent, hours, ya/tidak.

    The unit is left out where the label already names it (the waits say "(menit)").
    """
    if _is_missing(value):
        return "-"
    if key in CLOCK_KPIS:
        return min_to_clock(float(value))
    if key == "past_deadline":
        return t("yes" if bool(value) else "no", lang)
    if key == "busiest_station":
        return t(str(value), lang)
    if key in SHARE_KPIS:
        return f"{number(100 * float(value), lang)}%"
    if key.startswith("wait_") and key.endswith("_min"):
        return number(value, lang)
    if key.startswith("kpps_hours"):
        return f"{number(value, lang)} {t('hours', lang)}"
    if isinstance(value, (bool, np.bool_)):
        return t("yes" if value else "no", lang)
    if isinstance(value, (int, np.integer)) or float(value).is_integer():
        return f"{int(value)}"
    if 0 < abs(float(value)) < 0.05:  # a rare event (0.02 per day) must not read as "0,0"
        return number(value, lang, digits=2)
    return number(value, lang)


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


def replications_table(
    frame: pd.DataFrame, lang: str = "id", scenario: Any = None, seed: int | None = None
) -> str:
    """Mean and the 5%-95% range of each KPI over replications."""
    rows = []
    for key in SUMMARY_ROWS:
        if key not in frame:
            continue
        col = frame[key]
        if key == "busiest_station":
            counts = col.astype(str).value_counts()
            top = counts.index[0]
            rows.append(
                (
                    t(key, lang),
                    f"{t(top, lang)}",
                    f"{t('cli_most_often', lang)} {100 * counts.iloc[0] / len(col):.0f}%",
                )
            )
            continue
        if key == "past_deadline":
            share = col.astype(bool).mean()
            rows.append(
                (t(key, lang), f"{number(100 * share, lang)}%", t("cli_share_of_reps", lang))
            )
            continue
        values = pd.to_numeric(col, errors="coerce").dropna()
        if values.empty:
            rows.append((t(key, lang), "-", "-"))
            continue
        low, high = np.quantile(values, [0.05, 0.95])
        rows.append(
            (
                t(key, lang),
                format_kpi(key, float(values.mean()), lang),
                f"{format_kpi(key, float(low), lang)} .. {format_kpi(key, float(high), lang)}",
            )
        )
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
    tidy = _tidy_comparison(frame, labels)
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
                _fmt_diff(key, r.get("diff"), r.get("ci_low"), r.get("ci_high"), lang),
            ]
        rows.append(row)
    title = t("cli_compare_title", lang).format(n=reps) if reps else ""
    head = _heading(title, None, seed, lang)
    text = head + "\n" + _table(rows, header)
    sentences = _difference_sentences(frame, labels[1:], lang)
    return text + ("\n\n" + "\n".join(sentences) if sentences else "")


def _difference_sentences(table: pd.DataFrame, variants: Sequence[str], lang: str) -> list[str]:
    """Say the main differences in words (``experiment.format_difference``), for PPS officers."""
    try:
        from simkit.experiment import format_difference
    except ImportError:  # pragma: no cover - experiment.py ships with simkit
        return []
    out = []
    for variant in variants:
        for kpi in ("wait_mean_min", "work_end_min", "kpps_hours_max"):
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
    if key == "past_deadline":
        return "-" if _is_missing(value) else f"{number(100 * float(value), lang)}%"
    if key == "busiest_station":
        return "-"
    return format_kpi(key, value, lang)


def _fmt_diff(key: str, diff: Any, low: Any, high: Any, lang: str = "id") -> str:
    """Write a signed difference with its interval: ``+12,3 menit [+8,1; +16,5]``."""
    if _is_missing(diff):
        return "-"
    if all(not _is_missing(x) and float(x) == 0 for x in (diff, low, high)):
        return t("cli_same", lang)  # identical on every paired day (common random numbers)
    scale, unit = 1.0, ""
    if key in SHARE_KPIS or key == "past_deadline":
        scale, unit = 100.0, "pp"
    elif key in CLOCK_KPIS or key.startswith("wait_"):
        unit = t("minutes", lang)
    elif key.startswith("kpps_hours"):
        unit = t("hours", lang)

    def signed(x: Any) -> str:
        text = number(scale * float(x), lang)
        if text.lstrip("-").strip("0,.") == "":  # rounds to zero: "0,0", never "-0,0"
            return text.lstrip("-")
        return text if text.startswith("-") else "+" + text

    text = signed(diff) + (f" {unit}" if unit else "")
    if not (_is_missing(low) or _is_missing(high)):
        sep = "; " if lang == "id" else ", "
        text += f" [{signed(low)}{sep}{signed(high)}]"
    return text


_COLUMN_ALIASES = {
    "kpi": ("kpi", "metric", "measure", "indicator"),
    "variant": ("variant", "scenario", "label", "name"),
    "mean": ("mean", "value_mean", "avg"),
    "diff": ("diff", "difference", "diff_mean", "delta"),
    "ci_low": ("ci_low", "diff_ci_low", "ci95_low", "low", "lo"),
    "ci_high": ("ci_high", "diff_ci_high", "ci95_high", "high", "hi"),
}


def _tidy_comparison(frame: pd.DataFrame, labels: Sequence[str]) -> pd.DataFrame | None:
    """Rename experiment.compare's long table to kpi, variant, mean, diff, ci_low, ci_high."""
    frame = frame.reset_index()
    rename = {}
    for target, options in _COLUMN_ALIASES.items():
        for name in options:
            if name in frame.columns and name not in rename:
                rename[name] = target
                break
    tidy = frame.rename(columns=rename)
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
    kpis = [
        k
        for k in (
            "wait_mean_min",
            "wait_p90_min",
            "last_voter_exit_min",
            "work_end_min",
            "kpps_hours_max",
            "past_deadline",
        )
        if k in frame.columns
    ]
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


# --------------------------------------------------------------------------- files


def as_frame(obj: Any) -> pd.DataFrame:
    """Make a DataFrame from a DataFrame, a mapping, or an object with a ``.frame``."""
    if isinstance(obj, pd.DataFrame):
        return obj
    if hasattr(obj, "frame") and isinstance(obj.frame, pd.DataFrame):
        return obj.frame
    if isinstance(obj, Mapping):
        scalars = all(np.isscalar(v) for v in obj.values())
        return pd.DataFrame([obj]) if scalars else pd.DataFrame(obj)
    return pd.DataFrame(obj)


def _parquet_safe(frame: pd.DataFrame) -> pd.DataFrame:
    # object columns holding lists/dicts/mixed types are written as text
    out = frame.copy()
    for col in out.columns:
        if out[col].dtype == object:
            out[col] = out[col].map(lambda v: v if v is None or isinstance(v, str) else str(v))
    return out


def write_frames(out_dir: str | Path, frames: Mapping[str, pd.DataFrame]) -> list[Path]:
    """Write each frame as ``<name>.csv`` and ``<name>.parquet``; returns the paths written."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, frame in frames.items():
        csv = out / f"{name}.csv"
        frame.to_csv(csv, index=False)
        parquet = out / f"{name}.parquet"
        try:
            frame.to_parquet(parquet, index=False)
        except (TypeError, ValueError, ImportError, _arrow_error()):
            _parquet_safe(frame).to_parquet(parquet, index=False)
        written += [csv, parquet]
    return written


def _arrow_error() -> type[Exception]:
    try:
        import pyarrow as pa

        return pa.ArrowException
    except ImportError:  # pragma: no cover - pyarrow is a pinned dependency
        return ValueError


def _day_frames(day: Any) -> dict[str, pd.DataFrame]:
    frames = {}
    for name in FRAME_NAMES:
        frame = getattr(day, name, None)
        if isinstance(frame, pd.DataFrame):
            frames[name] = frame
    return frames


def write_charts(
    out_dir: str | Path, day: Any = None, replications: pd.DataFrame | None = None, lang: str = "id"
) -> list[Path]:
    """Draw the standard charts as PNG (Agg, no window) and return the paths written."""
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
    with rc_context(PROJECTOR_STYLE):
        for name, draw, data, size in jobs:
            fig = Figure(figsize=size, layout="constrained")
            ax = fig.add_subplot()
            draw(data, ax=ax, lang=lang)
            path = out / f"{name}.png"
            fig.savefig(path, dpi=120)
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
    day: Any = None,
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
        frames["summary"] = _summarize(replications)
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
    import json

    from simkit import __version__
    from simkit.scenario import save_scenario

    out.mkdir(parents=True, exist_ok=True)
    yaml_path = out / "scenario.yaml"
    save_scenario(scenario, yaml_path)
    info = {"simkit": __version__, "scenario": scenario.name, **dict(run_info)}
    json_path = out / "run.json"
    json_path.write_text(json.dumps(info, indent=2, default=str) + "\n", encoding="utf-8")
    return [yaml_path, json_path]


def _summarize(replications: pd.DataFrame) -> pd.DataFrame:
    from simkit.experiment import summarize

    return summarize(replications)


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
    *(
        f"{n}.png"
        for n in (
            "arrivals",
            "queues",
            "wait_by_hour",
            "staff_timeline",
            "counting",
            "work_end_distribution",
        )
    ),
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
