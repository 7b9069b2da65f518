"""Replications, comparisons, sweeps and staffing recommendations, with honest uncertainty.

One replication is one simulated TPS day. Replication ``i`` of an experiment with seed ``s`` runs
with the seed :func:`replication_seed` ``(s, i)``, whatever the scenario, so every variant of a
comparison or a sweep sees the same voters, arrivals and service draws where the scenarios share
them (common random numbers, through the model's per-purpose random streams). The seed is kept in
each row: ``simkit.simulate(scenario, seed=row.seed, tps_id=row.tps_id)`` replays that day in full.

Intervals: means get a Student-t 95% interval, paired differences a paired-t interval,
probabilities a Wilson interval (the sequential search of :func:`recommend` uses the exact
Clopper-Pearson interval).
"""

from __future__ import annotations

import itertools
import math
import operator
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from simkit.executors import open_runner
from simkit.i18n import t
from simkit.scenario import (
    LEGAL_DEADLINE_MIN,
    MIDNIGHT_MIN,
    Scenario,
    load_scenario,
    with_overrides,
)

__all__ = [
    "PROBABILITIES",
    "SUMMARY_KEYS",
    "ExperimentError",
    "Recommendation",
    "compare",
    "format_difference",
    "paired_differences",
    "recommend",
    "replicate",
    "replication_seed",
    "replications_needed",
    "summarize",
    "sweep",
]

SUMMARY_KEYS = (
    "voters_eligible", "voters_arrived", "voters_voted", "voters_turned_away", "voters_left",
    "wait_mean_min", "wait_p90_min", "wait_max_min", "share_wait_over_30min",
    "last_voter_exit_min", "counting_end_min", "work_end_min", "kpps_hours_max",
    "kpps_hours_mean", "past_deadline", "ballots_spoiled", "recounts", "objections",
    "psu_risk_events", "busiest_station", "busiest_utilisation",
)  # fmt: skip

# The probabilities users ask about: name -> (KPI, comparison, threshold).
PROBABILITIES: dict[str, tuple[str, str, float]] = {
    "p_wait_over_30min": ("wait_max_min", ">", 30.0),
    "p_counting_after_midnight": ("counting_end_min", ">", MIDNIGHT_MIN),
    "p_work_after_midnight": ("work_end_min", ">", MIDNIGHT_MIN),
    "p_past_deadline": ("work_end_min", ">", LEGAL_DEADLINE_MIN),
}

_OPS: dict[str, Callable[[Any, Any], Any]] = {
    "<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge,
    "==": operator.eq, "!=": operator.ne,
}  # fmt: skip

_ID_COLUMNS = ("scenario", "variant", "replication", "seed", "tps_id")


class ExperimentError(ValueError):
    """An experiment asked for something that cannot be done (a bad target, grid or KPI)."""


# --------------------------------------------------------------------------- seeds and running


def replication_seed(seed: int, replication: int) -> int:
    """Return the seed of replication ``replication`` of an experiment seeded with ``seed``.

    Derived through :class:`numpy.random.SeedSequence`, so experiments with seeds 1 and 2 share no
    replication (``seed + i`` would make them overlap almost entirely). A 63-bit integer.
    """
    _check_seed(seed)
    state = np.random.SeedSequence([int(seed), int(replication)]).generate_state(1, np.uint64)
    return int(state[0] >> np.uint64(1))


def _check_seed(seed: Any) -> None:
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise ExperimentError(f"seed must be a whole number 0 or more, got {seed!r}")


def _check_reps(reps: Any) -> int:
    if isinstance(reps, bool) or not isinstance(reps, (int, np.integer)) or reps < 1:
        raise ExperimentError(f"reps must be a whole number 1 or more, got {reps!r}")
    return int(reps)


def _default_summary_fn():
    from simkit import simulation

    return simulation.simulate_summary


def _simulate_batch(payload: dict) -> list[dict]:
    """Worker task: run a batch of (scenario index, seed, tps_id) jobs; return their summaries."""
    fn = payload.get("fn") or _default_summary_fn()
    scenarios = payload["scenarios"]
    return [dict(fn(scenarios[si], seed, tps_id)) for si, seed, tps_id in payload["jobs"]]


def _run_jobs(
    scenarios: Sequence[Scenario],
    jobs: Sequence[tuple[int, int, str]],
    executor: Any = None,
    summary_fn: Callable | None = None,
    progress: bool = False,
    desc: str = "",
) -> list[dict]:
    """Run every job, in batches, on the executor; summaries come back in job order."""
    results: list[dict | None] = [None] * len(jobs)
    with open_runner(executor) as runner:
        size = max(1, min(50, math.ceil(len(jobs) / (4 * runner.n_workers))))
        starts = range(0, len(jobs), size)
        payloads = (
            {"scenarios": list(scenarios), "jobs": list(jobs[s : s + size]), "fn": summary_fn}
            for s in starts
        )
        bar = _progress_bar(len(jobs), progress, desc)
        try:
            for b, summaries in runner.map_unordered(_simulate_batch, payloads):
                results[b * size : b * size + len(summaries)] = summaries
                bar.update(len(summaries))
        finally:
            bar.close()
    return results  # type: ignore[return-value]


def _progress_bar(total: int, enabled: bool, desc: str):
    from tqdm.auto import tqdm

    return tqdm(total=total, disable=not enabled, desc=desc, unit="TPS", smoothing=0.1)


# --------------------------------------------------------------------------- replicate


def replicate(
    scenario: Scenario | str | Mapping,
    reps: int = 100,
    seed: int = 1,
    executor: Any = None,
    *,
    tps_id: str = "TPS",
    progress: bool = False,
    summary_fn: Callable | None = None,
) -> pd.DataFrame:
    """Simulate ``reps`` independent days of one TPS; one row per replication.

    Columns: ``scenario``, ``replication``, ``seed`` (replay with
    ``simkit.simulate(sc, seed=..., tps_id=...)``), ``tps_id`` and the summary keys.
    ``executor``: None runs here, one day after the other; see :func:`simkit.executors.open_runner`
    for processes and Dask. The rows are the same whatever the executor.
    ``summary_fn(scenario, seed, tps_id) -> dict`` replaces the model (tests, custom models).
    """
    sc = load_scenario(scenario)
    reps = _check_reps(reps)
    _check_seed(seed)
    jobs = [(0, replication_seed(seed, i), tps_id) for i in range(reps)]
    summaries = _run_jobs([sc], jobs, executor, summary_fn, progress, sc.name)
    return _frame(summaries, {"scenario": sc.name}, jobs)


def _frame(
    summaries: list[dict],
    constant: Mapping[str, Any],
    jobs: Sequence[tuple[int, int, str]],
    replications: Sequence[int] | None = None,
) -> pd.DataFrame:
    reps = list(replications) if replications is not None else list(range(len(jobs)))
    head = pd.DataFrame(
        {
            **{k: [v] * len(jobs) for k, v in constant.items()},
            "replication": reps,
            "seed": [j[1] for j in jobs],
            "tps_id": [j[2] for j in jobs],
        }
    )
    body = pd.DataFrame.from_records(summaries)
    ordered = [k for k in SUMMARY_KEYS if k in body.columns]
    ordered += [k for k in body.columns if k not in ordered]
    return pd.concat([head, body[ordered]], axis=1)


# --------------------------------------------------------------------------- summarize


def _indicators(frame: pd.DataFrame) -> pd.DataFrame:
    """0/1 columns for the probabilities in :data:`PROBABILITIES` (only where the KPI exists)."""
    out = {}
    for name, (kpi, op, value) in PROBABILITIES.items():
        if name == "p_past_deadline" and "past_deadline" in frame:
            out[name] = frame["past_deadline"].astype(float)
        elif kpi in frame:
            out[name] = _OPS[op](frame[kpi].astype(float), value).astype(float)
    return pd.DataFrame(out, index=frame.index)


def _numeric_kpis(frame: pd.DataFrame, exclude: Iterable[str] = ()) -> list[str]:
    skip = set(_ID_COLUMNS) | set(exclude)
    return [
        c
        for c in frame.columns
        if c not in skip
        and (pd.api.types.is_numeric_dtype(frame[c]) or pd.api.types.is_bool_dtype(frame[c]))
    ]


def t_interval(values: np.ndarray, conf: float = 0.95) -> tuple[float, float, float]:
    """Mean and Student-t interval of ``values`` (NaN bounds with fewer than 2 values)."""
    x = np.asarray(values, dtype=float)
    x = x[~np.isnan(x)]
    n = len(x)
    if n == 0:
        return math.nan, math.nan, math.nan
    mean = float(x.mean())
    if n < 2:
        return mean, math.nan, math.nan
    half = float(stats.t.ppf(0.5 + conf / 2, n - 1) * x.std(ddof=1) / math.sqrt(n))
    return mean, mean - half, mean + half


def wilson_interval(successes: int, n: int, conf: float = 0.95) -> tuple[float, float]:
    """Wilson score interval for a proportion (good coverage near 0 and 1)."""
    if n == 0:
        return math.nan, math.nan
    z = float(stats.norm.ppf(0.5 + conf / 2))
    p = successes / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    return max(0.0, centre - half), min(1.0, centre + half)


def clopper_pearson_interval(successes: int, n: int, conf: float = 0.95) -> tuple[float, float]:
    """Exact (Clopper-Pearson) interval for a proportion; never narrower than it should be."""
    if n == 0:
        return math.nan, math.nan
    alpha = 1 - conf
    low = 0.0 if successes == 0 else float(stats.beta.ppf(alpha / 2, successes, n - successes + 1))
    high = (
        1.0
        if successes == n
        else float(stats.beta.ppf(1 - alpha / 2, successes + 1, n - successes))
    )
    return low, high


def _group_columns(frame: pd.DataFrame, by: str | Sequence[str] | None) -> list[str]:
    if by is not None:
        cols = [by] if isinstance(by, str) else list(by)
        missing = [c for c in cols if c not in frame.columns]
        if missing:
            raise ExperimentError(f"cannot group by {missing}: not columns of the frame")
        return cols
    if "variant" in frame.columns:
        return ["variant"]
    grid = [c for c in frame.columns if "." in c]
    if grid:
        return grid
    if "scenario" in frame.columns and frame["scenario"].nunique() > 1:
        return ["scenario"]
    return []


def summarize(
    frame: pd.DataFrame,
    kpis: Sequence[str] | None = None,
    conf: float = 0.95,
    by: str | Sequence[str] | None = None,
) -> pd.DataFrame:
    """Mean, t-based CI, median, p10/p90 of every KPI, and the probabilities users ask about.

    ``frame``: rows of :func:`replicate`, :func:`compare` (``variant``) or :func:`sweep`
    (grouped by the grid columns). Tidy result: one row per (group, kpi), with ``kind`` "mean" or
    "probability" (for ``p_*`` rows ``mean`` is the estimated probability and the interval is
    Wilson's). Probabilities: any voter waits over 30 min, counting ends after midnight (model
    minute 1020), work ends after midnight, work past the legal deadline (1740).
    """
    if not isinstance(frame, pd.DataFrame) or frame.empty:
        raise ExperimentError("summarize needs a non-empty DataFrame of replications")
    groups = _group_columns(frame, by)
    kpis = list(kpis) if kpis is not None else _numeric_kpis(frame, groups)
    unknown = [k for k in kpis if k not in frame.columns]
    if unknown:
        raise ExperimentError(f"unknown KPI(s) {unknown}; columns: {list(frame.columns)}")
    rows = []
    grouped = frame.groupby(groups, sort=False, dropna=False) if groups else [((), frame)]
    for key, part in grouped:
        key = key if isinstance(key, tuple) else (key,)
        label = dict(zip(groups, key, strict=True))
        for kpi in kpis:
            x = part[kpi].astype(float).to_numpy()
            mean, low, high = t_interval(x, conf)
            finite = x[~np.isnan(x)]
            q = np.percentile(finite, [10, 50, 90]) if len(finite) else [math.nan] * 3
            rows.append(
                {
                    **label,
                    "kpi": kpi,
                    "kind": "mean",
                    "n": len(finite),
                    "mean": mean,
                    "sd": float(finite.std(ddof=1)) if len(finite) > 1 else math.nan,
                    "ci_low": low,
                    "ci_high": high,
                    "median": q[1],
                    "p10": q[0],
                    "p90": q[2],
                }
            )
        for name, col in _indicators(part).items():
            n = int(col.notna().sum())
            k = int(col.sum())
            low, high = wilson_interval(k, n, conf)
            rows.append(
                {
                    **label,
                    "kpi": name,
                    "kind": "probability",
                    "n": n,
                    "mean": k / n if n else math.nan,
                    "sd": math.nan,
                    "ci_low": low,
                    "ci_high": high,
                    "median": math.nan,
                    "p10": math.nan,
                    "p90": math.nan,
                }
            )
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------- compare


def compare(
    variants: Mapping[str, Scenario | str | Mapping],
    reps: int = 100,
    seed: int = 1,
    executor: Any = None,
    *,
    kpis: Sequence[str] | None = None,
    conf: float = 0.95,
    progress: bool = False,
    summary_fn: Callable | None = None,
    return_frame: bool = False,
) -> pd.DataFrame | tuple[pd.DataFrame, pd.DataFrame]:
    """Run every variant on common random numbers and report differences to the first one.

    Replication ``i`` of every variant uses the same seed, so differences are paired and their
    intervals narrow. Tidy result, one row per (kpi, variant): ``mean`` (with ``mean_ci_low``,
    ``mean_ci_high``), ``baseline``, ``diff`` = variant - baseline (mean of paired differences)
    with its paired-t interval ``ci_low``, ``ci_high``, ``sd_diff`` and ``p_value``. Probability
    KPIs (``p_*``) are compared as paired 0/1 outcomes. ``return_frame=True`` also returns the
    replication rows (column ``variant``). Format a row with :func:`format_difference`.
    """
    if not isinstance(variants, Mapping) or len(variants) < 1:
        raise ExperimentError("compare needs a mapping {name: scenario, ...} with at least one")
    reps = _check_reps(reps)
    _check_seed(seed)
    names = [str(n) for n in variants]
    scenarios = [load_scenario(sc) for sc in variants.values()]
    base_jobs = [(replication_seed(seed, i), "TPS") for i in range(reps)]
    jobs = [(v, s, tid) for v in range(len(scenarios)) for s, tid in base_jobs]
    summaries = _run_jobs(scenarios, jobs, executor, summary_fn, progress, "compare")
    frames = []
    for v, name in enumerate(names):
        part = summaries[v * reps : (v + 1) * reps]
        frames.append(
            _frame(
                part,
                {"variant": name, "scenario": scenarios[v].name},
                jobs[v * reps : (v + 1) * reps],
            )
        )
    frame = pd.concat(frames, ignore_index=True)
    table = paired_differences(frame, kpis=kpis, conf=conf)
    return (table, frame) if return_frame else table


def paired_differences(
    frame: pd.DataFrame,
    kpis: Sequence[str] | None = None,
    conf: float = 0.95,
    baseline: str | None = None,
) -> pd.DataFrame:
    """Paired-t differences of every variant to ``baseline`` (default: the first variant).

    ``frame`` has columns ``variant`` and ``replication``; rows with the same replication are
    paired (they ran on the same seed).
    """
    if "variant" not in frame.columns or "replication" not in frame.columns:
        raise ExperimentError("paired_differences needs columns 'variant' and 'replication'")
    order = list(dict.fromkeys(frame["variant"]))
    baseline = order[0] if baseline is None else baseline
    if baseline not in order:
        raise ExperimentError(f"baseline {baseline!r} is not a variant; variants: {order}")
    data = pd.concat([frame, _indicators(frame)], axis=1)
    kpis = list(kpis) if kpis is not None else _numeric_kpis(data)
    base = data[data["variant"] == baseline].set_index("replication")
    rows = []
    for kpi in kpis:
        for name in order:
            part = data[data["variant"] == name].set_index("replication")
            x = part[kpi].astype(float)
            mean, mlow, mhigh = t_interval(x.to_numpy(), conf)
            row = {
                "kpi": kpi,
                "variant": name,
                "baseline": baseline,
                "n": int(x.notna().sum()),
                "mean": mean,
                "mean_ci_low": mlow,
                "mean_ci_high": mhigh,
            }
            if name == baseline:
                row.update(
                    diff=0.0, ci_low=math.nan, ci_high=math.nan, sd_diff=math.nan, p_value=math.nan
                )
            else:
                d = (x - base[kpi].astype(float).reindex(x.index)).dropna().to_numpy()
                dmean, dlow, dhigh = t_interval(d, conf)
                sd = float(d.std(ddof=1)) if len(d) > 1 else math.nan
                if len(d) > 1 and sd > 0:
                    p = float(2 * stats.t.sf(abs(dmean) / (sd / math.sqrt(len(d))), len(d) - 1))
                else:
                    p = math.nan if len(d) < 2 else (1.0 if dmean == 0 else 0.0)
                row.update(n=len(d), diff=dmean, ci_low=dlow, ci_high=dhigh, sd_diff=sd, p_value=p)
            rows.append(row)
    return pd.DataFrame(rows)


_CLOCK_KPIS = {"last_voter_exit_min", "counting_end_min", "work_end_min"}

_WORDS = {
    # kind: ((en up, en down), (id up, id down))
    "clock": (("later", "earlier"), ("lebih lambat", "lebih awal")),
    "duration": (("longer", "shorter"), ("lebih lama", "lebih singkat")),
    "share": (("higher", "lower"), ("lebih tinggi", "lebih rendah")),
    "count": (("more", "fewer"), ("lebih banyak", "lebih sedikit")),
}


def _kpi_kind(kpi: str) -> str:
    if kpi in _CLOCK_KPIS:
        return "clock"
    if kpi.endswith("_min") or kpi.startswith("kpps_hours"):
        return "duration"
    if kpi.startswith(("share_", "p_", "busiest_utilisation")) or kpi == "past_deadline":
        return "share"
    return "count"


def _unit(kpi: str, diff: float, lang: str) -> tuple[float, str]:
    """Scale factor and unit for showing a difference of ``kpi``."""
    kind = _kpi_kind(kpi)
    if kind == "share":
        return 100.0, "poin persen" if lang == "id" else "percentage points"
    if kpi.startswith("kpps_hours"):
        return 1.0, "jam" if lang == "id" else "h"
    if kind in ("clock", "duration"):
        if abs(diff) >= 60:
            return 1 / 60, "jam" if lang == "id" else "h"
        return 1.0, "menit" if lang == "id" else "min"
    return 1.0, ""


def _num(x: float, lang: str) -> str:
    text = f"{x:.1f}" if abs(x) < 100 else f"{x:.0f}"
    return text.replace(".", ",") if lang == "id" else text


# how a KPI reads inside a sentence, where its table label would not ("Jam kerja KPPS, terlama")
_SENTENCE_LABELS = {
    "wait_p90_min": ("waktu tunggu 90% pemilih", "90th-percentile wait"),
    "kpps_hours_max": ("jam kerja KPPS terlama", "longest KPPS hours on duty"),
    "kpps_hours_mean": ("rata-rata jam kerja KPPS", "mean KPPS hours on duty"),
    "wait_max_min": ("waktu tunggu terlama", "longest wait"),
    "wait_mean_min": ("rata-rata waktu tunggu", "mean wait"),
}
_UNIT_IN_LABEL = re.compile(r"\s*\((menit|min|jam|h|hours|%)\)\s*$")


def _sentence_label(kpi: str, lang: str) -> str:
    """The KPI as words in a sentence: no unit in brackets (the amount carries it)."""
    if kpi in _SENTENCE_LABELS:
        return _SENTENCE_LABELS[kpi][0 if lang == "id" else 1]
    label = _UNIT_IN_LABEL.sub("", t(kpi, lang))
    return label if label[:4].isupper() else label[:1].lower() + label[1:]


def format_difference(
    table: pd.DataFrame, kpi: str, variant: str | None = None, lang: str = "id", conf: float = 0.95
) -> str:
    """One sentence a PPS can read: the difference of ``variant`` to the baseline, with its CI.

    ``table`` is the result of :func:`compare`. Examples: "Dengan 5 KPPS, bukan 7 KPPS: rata-rata
    jam kerja KPPS 3,0 jam lebih lama (IK 95% 2,9-3,1; 25 replikasi berpasangan)." and "With 5
    KPPS instead of 7 KPPS, all work done: 3.0 h later (95% CI 2.9-3.1; 25 paired
    replications)." The unit is said once, with the amount.
    """
    rows = table[(table["kpi"] == kpi) & (table["variant"] != table["baseline"])]
    if variant is not None:
        rows = rows[rows["variant"] == variant]
    if rows.empty:
        raise ExperimentError(
            f"no comparison row for kpi={kpi!r}, variant={variant!r}; kpis:"
            f" {sorted(table['kpi'].unique())}, variants: {list(table['variant'].unique())}"
        )
    row = rows.iloc[0]
    diff, low, high = float(row["diff"]), float(row["ci_low"]), float(row["ci_high"])
    scale, unit = _unit(kpi, diff, lang)
    up, down = _WORDS[_kpi_kind(kpi)][1 if lang == "id" else 0]
    label = _sentence_label(kpi, lang)
    pct = f"{conf * 100:.0f}%"
    unit_sp = f" {unit}" if unit else ""
    clear = not (math.isnan(low) or math.isnan(high)) and (low > 0 or high < 0)
    n = int(row["n"])
    if clear:
        word = up if diff > 0 else down
        a, b = sorted((abs(low) * scale, abs(high) * scale))
        ci = f"{_num(a, lang)}-{_num(b, lang)}"
        amount = f"{_num(abs(diff) * scale, lang)}{unit_sp} {word}"
    else:
        to = "sampai" if lang == "id" else "to"
        ci = f"{_num(low * scale, lang)} {to} {_num(high * scale, lang)}"
        signed = f"{_num(diff * scale, lang)}{unit_sp}"
        amount = (
            f"hampir sama (selisih {signed};"
            if lang == "id"
            else f"about the same (difference {signed};"
        )
    if lang == "id":
        opening = f"Dengan {row['variant']}, bukan {row['baseline']}: {label} {amount}"
        stats_ = f"IK {pct} {ci}; {n} replikasi berpasangan"
        tail = "" if clear else " Perbedaannya tidak jelas secara statistik."
    else:
        opening = f"With {row['variant']} instead of {row['baseline']}, {label}: {amount}"
        stats_ = f"{pct} CI {ci}; {n} paired replications"
        tail = "" if clear else " The difference is not statistically clear."
    text = f"{opening} {stats_})." if not clear else f"{opening} ({stats_})."
    return text + tail


# --------------------------------------------------------------------------- sweep


def _grid_points(grid: Mapping[str, Sequence[Any]]) -> list[dict[str, Any]]:
    if not isinstance(grid, Mapping) or not grid:
        raise ExperimentError('grid must be a mapping like {"staff.kpps": [5, 6, 7]}')
    for key, values in grid.items():
        if isinstance(values, (str, bytes)) or not isinstance(values, Iterable):
            raise ExperimentError(f"grid[{key!r}] must be a list of values, got {values!r}")
        if not list(values):
            raise ExperimentError(f"grid[{key!r}] is empty")
    keys = list(grid)
    return [
        dict(zip(keys, combo, strict=True))
        for combo in itertools.product(*(list(grid[k]) for k in keys))
    ]


def sweep(
    scenario: Scenario | str | Mapping,
    grid: Mapping[str, Sequence[Any]],
    reps: int = 50,
    seed: int = 1,
    executor: Any = None,
    *,
    progress: bool = False,
    summary_fn: Callable | None = None,
) -> pd.DataFrame:
    """Replicate the scenario at every point of a grid of dotted overrides.

    Tidy result: one row per (grid point, replication); the grid columns are named by the dotted
    names (``staff.kpps``, ``tps.booths``). Replication ``i`` uses the same seed at every point
    (common random numbers). A value the scenario rejects raises :class:`ScenarioError`
    before anything runs.
    """
    base = load_scenario(scenario)
    reps = _check_reps(reps)
    _check_seed(seed)
    points = _grid_points(grid)
    scenarios = [with_overrides(base, p) for p in points]
    seeds = [replication_seed(seed, i) for i in range(reps)]
    jobs = [(k, s, "TPS") for k in range(len(points)) for s in seeds]
    summaries = _run_jobs(scenarios, jobs, executor, summary_fn, progress, "sweep")
    frames = [
        _frame(
            summaries[k * reps : (k + 1) * reps],
            {**p, "scenario": base.name},
            jobs[k * reps : (k + 1) * reps],
        )
        for k, p in enumerate(points)
    ]
    return pd.concat(frames, ignore_index=True)


# --------------------------------------------------------------------------- recommend


@dataclass(frozen=True)
class Condition:
    """One part of a target: ``kpi op value`` in one replication (e.g. work_end_min <= 1140)."""

    kpi: str
    op: str
    value: float

    def met(self, summary: Mapping[str, Any]) -> bool:
        """Whether this replication meets the condition."""
        return bool(_OPS[self.op](float(summary[self.kpi]), self.value))

    def __str__(self) -> str:
        return f"{self.kpi} {self.op} {self.value:g}"


def parse_target(
    target: Mapping | Sequence[Mapping], prob: float | None = None
) -> tuple[list[Condition], float]:
    """Check a target spec; return its conditions and the required probability.

    A spec is ``{"kpi": "work_end_min", "op": "<=", "value": 1140, "prob": 0.9}`` or a list of
    such conditions that must hold together in the same replication (give ``prob`` once, or as
    the argument).
    """
    items = [target] if isinstance(target, Mapping) else list(target or [])
    if not items:
        raise ExperimentError(
            "target is empty; e.g. {'kpi': 'work_end_min', 'op': '<=', 'value': 1140, 'prob': 0.9}"
        )
    conditions, probs = [], []
    known = set(SUMMARY_KEYS) - {"busiest_station"}
    for i, item in enumerate(items):
        where = f"target[{i}]" if len(items) > 1 else "target"
        if not isinstance(item, Mapping):
            raise ExperimentError(f"{where} must be a mapping, got {item!r}")
        extra = set(item) - {"kpi", "op", "value", "prob"}
        if extra:
            raise ExperimentError(
                f"{where}: unknown key(s) {sorted(extra)}; allowed: kpi, op, value, prob"
            )
        kpi, op, value = item.get("kpi"), item.get("op", "<="), item.get("value")
        if kpi not in known:
            raise ExperimentError(f"{where}.kpi = {kpi!r} unknown; allowed: {sorted(known)}")
        if op not in _OPS:
            raise ExperimentError(f"{where}.op = {op!r} unknown; allowed: {list(_OPS)}")
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ExperimentError(f"{where}.value = {value!r} must be a number")
        conditions.append(Condition(kpi, op, float(value)))
        if "prob" in item:
            probs.append(item["prob"])
    if prob is not None:
        probs.append(prob)
    if not probs or len(set(probs)) > 1:
        raise ExperimentError(f"give the required probability once (e.g. 'prob': 0.9), got {probs}")
    p = probs[0]
    if isinstance(p, bool) or not isinstance(p, (int, float)) or not 0 < p < 1:
        raise ExperimentError(f"target prob = {p!r} must be between 0 and 1 (exclusive)")
    return conditions, float(p)


def _ordered_configs(
    over: Mapping[str, Sequence[Any]] | Sequence[Mapping[str, Any]],
    cost: Mapping[str, float] | None,
) -> list[dict[str, Any]]:
    if isinstance(over, Mapping):
        configs = _grid_points(over)
    else:
        configs = [dict(c) for c in over]
        if not configs or not all(isinstance(c, Mapping) for c in configs):
            raise ExperimentError("over must be a grid mapping or a list of override mappings")
    if cost is not None:
        unknown = [k for k in cost if not any(k in c for c in configs)]
        if unknown:
            raise ExperimentError(f"cost names {unknown}, which 'over' does not vary")

        def price(c):
            return sum(float(cost.get(k, 0.0)) * float(v) for k, v in c.items())

        configs = sorted(configs, key=price)  # stable: ties keep the grid order
    return configs


@dataclass
class Recommendation:
    """The answer of :func:`recommend`: the cheapest configuration proven to meet the target."""

    config: dict[str, Any] | None
    conditions: list[Condition]
    prob: float
    conf: float
    table: pd.DataFrame = field(repr=False)

    @property
    def found(self) -> bool:
        """Whether some configuration was shown to meet the target."""
        return self.config is not None

    def text(self, lang: str = "id") -> str:
        """Say the recommendation in a sentence or two."""
        cond = (
            " dan ".join(map(str, self.conditions))
            if lang == "id"
            else " and ".join(map(str, self.conditions))
        )
        pct = f"{self.prob * 100:.0f}%"
        if self.config is None:
            return (
                f"Tidak ada konfigurasi yang terbukti memenuhi {cond} dengan peluang {pct}."
                if lang == "id"
                else f"No configuration was shown to meet {cond} with probability {pct}."
            )
        row = self.table[self.table["decision"] == "meets"].iloc[0]
        conf_txt = ", ".join(f"{k} = {v}" for k, v in self.config.items())
        lo, hi = _num(row["ci_low"] * 100, lang), _num(row["ci_high"] * 100, lang)
        p_hat = _num(row["p_hat"] * 100, lang)
        if lang == "id":
            text = (
                f"Konfigurasi termurah yang memenuhi {cond} dengan peluang ≥ {pct}: "
                f"{conf_txt} (peluang {p_hat}%, IK {self.conf * 100:.0f}% {lo}-{hi}%,"
                f" {int(row['reps'])} replikasi)."
            )
        else:
            text = (
                f"Cheapest configuration meeting {cond} with probability ≥ {pct}: "
                f"{conf_txt} (P = {p_hat}%, {self.conf * 100:.0f}% CI {lo}-{hi}%,"
                f" {int(row['reps'])} replications)."
            )
        unclear = self.table[self.table["decision"] == "unclear"]
        if len(unclear):
            names = "; ".join(
                ", ".join(f"{k} = {v}" for k, v in c.items()) for c in unclear["config"]
            )
            text += (
                f" Belum jelas (batas replikasi tercapai): {names}."
                if lang == "id"
                else f" Undecided at the replication limit: {names}."
            )
        return text


def recommend(
    scenario: Scenario | str | Mapping,
    target: Mapping | Sequence[Mapping],
    over: Mapping[str, Sequence[Any]] | Sequence[Mapping[str, Any]],
    *,
    seed: int = 1,
    batch: int = 20,
    max_reps: int = 400,
    conf: float = 0.95,
    prob: float | None = None,
    cost: Mapping[str, float] | None = None,
    executor: Any = None,
    progress: bool = False,
    summary_fn: Callable | None = None,
) -> Recommendation:
    """Find the cheapest configuration that meets a target with a stated probability.

    ``target``: ``{"kpi": "work_end_min", "op": "<=", "value": 1140, "prob": 0.9}`` (work done
    before 02:00 in 90% of days) or a list of conditions that must all hold in the same day.
    ``over``: a grid ``{"staff.kpps": [3, 4, 5, 6, 7], "tps.booths": [2, 3, 4, 5]}`` tried in
    order (the first key varies slowest, so: fewest KPPS first, then fewest booths), or an
    ordered list of override mappings; ``cost={"staff.kpps": 1.1e6, "tps.booths": 2e5}`` orders
    by linear cost instead.

    Sequential search: for each configuration in cost order, add ``batch`` replications at a time
    (common random numbers across configurations) until the exact Clopper-Pearson ``conf``
    interval of P(target met) lies wholly at or above ``prob`` ("meets": the answer, search stops)
    or wholly below ("fails": try the next), or ``max_reps`` is reached ("unclear": counted as not
    shown, the search goes on and the text names it). Repeated looks make the real error rate
    somewhat higher than ``1 - conf``; raise ``conf`` for a stricter answer.
    """
    base = load_scenario(scenario)
    conditions, p_req = parse_target(target, prob)
    _check_seed(seed)
    batch = _check_reps(batch)
    max_reps = _check_reps(max_reps)
    configs = _ordered_configs(over, cost)
    scenarios = [with_overrides(base, c) for c in configs]  # fail early on a bad value
    rows, chosen = [], None
    with open_runner(executor) as runner:  # one pool for the whole search
        for config, sc in zip(configs, scenarios, strict=True):
            n = k = 0
            decision = "unclear"
            while n < max_reps:
                m = min(batch, max_reps - n)
                jobs = [(0, replication_seed(seed, i), "TPS") for i in range(n, n + m)]
                summaries = _run_jobs([sc], jobs, runner, summary_fn, progress=False)
                k += sum(all(c.met(s) for c in conditions) for s in summaries)
                n += m
                low, high = clopper_pearson_interval(k, n, conf)
                if low >= p_req:
                    decision = "meets"
                    break
                if high < p_req:
                    decision = "fails"
                    break
            low, high = clopper_pearson_interval(k, n, conf)
            rows.append(
                {
                    "config": config,
                    **config,
                    "reps": n,
                    "met": k,
                    "p_hat": k / n,
                    "ci_low": low,
                    "ci_high": high,
                    "decision": decision,
                }
            )
            if progress:
                print(f"{config}: {decision} (P = {k}/{n}, CI {low:.3f}-{high:.3f})")
            if decision == "meets":
                chosen = config
                break
    return Recommendation(chosen, conditions, p_req, conf, pd.DataFrame(rows))


# --------------------------------------------------------------------------- planning


def replications_needed(
    frame_or_pilot: pd.DataFrame | Sequence[float] | np.ndarray,
    kpi: str | None = None,
    half_width: float = 1.0,
    conf: float = 0.95,
) -> int:
    """Replications giving a t-interval of the KPI's mean no wider than ± ``half_width``.

    From a pilot (a :func:`replicate` frame and a ``kpi``, or the values themselves), the
    smallest ``n`` with ``t(n-1) * s / sqrt(n) <= half_width``, with ``s`` the pilot's standard
    deviation. Probabilities work too (``kpi="p_past_deadline"``). A pilot of a few dozen
    replications gives a usable ``s``.
    """
    if isinstance(frame_or_pilot, pd.DataFrame):
        if kpi is None:
            raise ExperimentError(
                "give the kpi, e.g. replications_needed(frame, 'work_end_min', 15)"
            )
        groups = _group_columns(frame_or_pilot, None)
        if groups:
            raise ExperimentError(f"the frame mixes several {groups}; select one before planning")
        data = pd.concat([frame_or_pilot, _indicators(frame_or_pilot)], axis=1)
        if kpi not in data.columns:
            raise ExperimentError(f"unknown kpi {kpi!r}; columns: {list(data.columns)}")
        values = data[kpi].astype(float).to_numpy()
    else:
        values = np.asarray(frame_or_pilot, dtype=float)
    values = values[~np.isnan(values)]
    if len(values) < 2:
        raise ExperimentError("the pilot needs at least 2 replications")
    if not (isinstance(half_width, (int, float)) and half_width > 0):
        raise ExperimentError(f"half_width must be a positive number, got {half_width!r}")
    s = float(values.std(ddof=1))
    if s == 0:
        return 2
    z = float(stats.norm.ppf(0.5 + conf / 2))
    n = max(2, math.ceil((z * s / half_width) ** 2))
    while stats.t.ppf(0.5 + conf / 2, n - 1) * s / math.sqrt(n) > half_width:
        n += 1
    return n
