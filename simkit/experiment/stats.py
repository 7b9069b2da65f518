"""Statistics over replications: intervals, summaries and paired comparisons of variants.

Intervals: means get a Student-t 95% interval, paired differences a paired-t interval,
probabilities a Wilson interval (the sequential search of :func:`simkit.experiment.recommend`
uses the exact Clopper-Pearson interval).
"""

from __future__ import annotations

import math
import operator
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from simkit.experiment.replicate import (
    ExperimentError,
    Progress,
    check_reps,
    check_seed,
    replication_frame,
    replication_seed,
    run_jobs,
)
from simkit.metrics import PROBABILITIES
from simkit.scenario import Scenario, load_scenario

__all__ = [
    "OPS",
    "clopper_pearson_interval",
    "compare",
    "group_columns",
    "indicators",
    "paired_differences",
    "summarize",
    "t_interval",
    "wilson_interval",
]

# the comparisons a probability or a target may use
OPS: dict[str, Callable[[Any, Any], Any]] = {
    "<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge,
    "==": operator.eq, "!=": operator.ne,
}  # fmt: skip

_ID_COLUMNS = ("scenario", "variant", "replication", "seed", "tps_id")


def indicators(frame: pd.DataFrame) -> pd.DataFrame:
    """0/1 columns for the probabilities in :data:`PROBABILITIES` (only where the KPI exists)."""
    out = {}
    for name, (kpi, op, value) in PROBABILITIES.items():
        if name == "p_past_deadline" and "past_deadline" in frame:
            out[name] = frame["past_deadline"].astype(float)
        elif kpi in frame:
            out[name] = OPS[op](frame[kpi].astype(float), value).astype(float)
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


def group_columns(frame: pd.DataFrame, by: str | Sequence[str] | None) -> list[str]:
    """The columns that tell groups of rows apart: ``by``, else variant, grid or scenario."""
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


def _mean_row(values: np.ndarray, conf: float) -> dict[str, Any]:
    mean, low, high = t_interval(values, conf)
    finite = values[~np.isnan(values)]
    q = np.percentile(finite, [10, 50, 90]) if len(finite) else [math.nan] * 3
    return {
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


def _probability_row(col: pd.Series, conf: float) -> dict[str, Any]:
    n = int(col.notna().sum())
    k = int(col.sum())
    low, high = wilson_interval(k, n, conf)
    return {
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
    groups = group_columns(frame, by)
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
            values = part[kpi].astype(float).to_numpy()
            rows.append({**label, "kpi": kpi, **_mean_row(values, conf)})
        for name, col in indicators(part).items():
            rows.append({**label, "kpi": name, **_probability_row(col, conf)})
    return pd.DataFrame(rows)


def compare(
    variants: Mapping[str, Scenario | str | Mapping],
    reps: int = 100,
    seed: int = 1,
    executor: Any = None,
    *,
    kpis: Sequence[str] | None = None,
    conf: float = 0.95,
    progress: bool | Progress = False,
    summary_fn: Callable | None = None,
    return_frame: bool = False,
) -> pd.DataFrame | tuple[pd.DataFrame, pd.DataFrame]:
    """Run every variant on common random numbers and report differences to the first one.

    Replication ``i`` of every variant uses the same seed, so differences are paired and their
    intervals narrow. Tidy result, one row per (kpi, variant): ``mean`` (with ``mean_ci_low``,
    ``mean_ci_high``), ``baseline``, ``diff`` = variant - baseline (mean of paired differences)
    with its paired-t interval ``ci_low``, ``ci_high``, ``sd_diff`` and ``p_value``. Probability
    KPIs (``p_*``) are compared as paired 0/1 outcomes. ``return_frame=True`` also returns the
    replication rows (column ``variant``). Say a row in words with
    :func:`simkit.report.sentences.format_difference`.
    """
    if not isinstance(variants, Mapping) or len(variants) < 1:
        raise ExperimentError("compare needs a mapping {name: scenario, ...} with at least one")
    reps = check_reps(reps)
    check_seed(seed)
    names = [str(n) for n in variants]
    scenarios = [load_scenario(sc) for sc in variants.values()]
    # variant by variant, replication by replication: generated as the workers ask for them
    jobs = (
        (v, replication_seed(seed, i), "TPS") for v in range(len(scenarios)) for i in range(reps)
    )
    total = len(scenarios) * reps
    done = run_jobs(scenarios, jobs, total, executor, summary_fn, progress, "compare")
    frames = [
        replication_frame(
            done[v * reps : (v + 1) * reps], {"variant": name, "scenario": scenarios[v].name}
        )
        for v, name in enumerate(names)
    ]
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
    data = pd.concat([frame, indicators(frame)], axis=1)
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
