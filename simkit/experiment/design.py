"""Experiment designs: sweeps over a grid, staffing recommendations, replications to plan.

A sweep replicates a scenario at every point of a grid of dotted overrides; :func:`recommend`
searches configurations in cost order for the cheapest one proven to meet a target;
:func:`replications_needed` plans the size of an experiment from a pilot.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from simkit.executors import open_runner
from simkit.experiment.replicate import (
    ExperimentError,
    Progress,
    check_reps,
    check_seed,
    replication_frame,
    replication_seed,
    run_jobs,
)
from simkit.experiment.stats import OPS, clopper_pearson_interval, group_columns, indicators
from simkit.metrics import SUMMARY_KEYS, keys_of_kind
from simkit.scenario import Scenario, load_scenario, with_overrides

__all__ = [
    "Condition",
    "Recommendation",
    "parse_target",
    "recommend",
    "replications_needed",
    "sweep",
]


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
    progress: bool | Progress = False,
    summary_fn: Callable | None = None,
) -> pd.DataFrame:
    """Replicate the scenario at every point of a grid of dotted overrides.

    Tidy result: one row per (grid point, replication); the grid columns are named by the dotted
    names (``staff.kpps``, ``tps.booths``). Replication ``i`` uses the same seed at every point
    (common random numbers). A value the scenario rejects raises :class:`ScenarioError`
    before anything runs.
    """
    base = load_scenario(scenario)
    reps = check_reps(reps)
    check_seed(seed)
    points = _grid_points(grid)
    scenarios = [with_overrides(base, p) for p in points]
    # point by point, replication by replication: generated as the workers ask for them
    jobs = ((k, replication_seed(seed, i), "TPS") for k in range(len(points)) for i in range(reps))
    done = run_jobs(scenarios, jobs, len(points) * reps, executor, summary_fn, progress, "sweep")
    frames = [
        replication_frame(done[k * reps : (k + 1) * reps], {**p, "scenario": base.name})
        for k, p in enumerate(points)
    ]
    return pd.concat(frames, ignore_index=True)


@dataclass(frozen=True)
class Condition:
    """One part of a target: ``kpi op value`` in one replication (e.g. work_end_min <= 1140)."""

    kpi: str
    op: str
    value: float

    def met(self, summary: Mapping[str, Any]) -> bool:
        """Whether this replication meets the condition."""
        return bool(OPS[self.op](float(summary[self.kpi]), self.value))

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
    known = set(SUMMARY_KEYS) - set(keys_of_kind("label"))  # a name cannot be compared
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
        if op not in OPS:
            raise ExperimentError(f"{where}.op = {op!r} unknown; allowed: {list(OPS)}")
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


def _decide(
    sc: Scenario,
    conditions: Sequence[Condition],
    p_req: float,
    conf: float,
    seed: int,
    batch: int,
    max_reps: int,
    runner: Any,
    summary_fn: Callable | None,
) -> tuple[int, int, str]:
    """Add replications of one configuration until it meets or fails the target, or the limit.

    Returns (replications run, replications meeting every condition, decision).
    """
    n = k = 0
    while n < max_reps:
        m = min(batch, max_reps - n)
        jobs = ((0, replication_seed(seed, i), "TPS") for i in range(n, n + m))
        done = run_jobs([sc], jobs, m, runner, summary_fn, progress=False)
        k += sum(all(c.met(s) for c in conditions) for _, s in done)
        n += m
        low, high = clopper_pearson_interval(k, n, conf)
        if low >= p_req:
            return n, k, "meets"
        if high < p_req:
            return n, k, "fails"
    return n, k, "unclear"


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
    check_seed(seed)
    batch = check_reps(batch)
    max_reps = check_reps(max_reps)
    configs = _ordered_configs(over, cost)
    scenarios = [with_overrides(base, c) for c in configs]  # fail early on a bad value
    rows, chosen = [], None
    with open_runner(executor) as runner:  # one pool for the whole search
        for config, sc in zip(configs, scenarios, strict=True):
            n, k, decision = _decide(
                sc, conditions, p_req, conf, seed, batch, max_reps, runner, summary_fn
            )
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
        groups = group_columns(frame_or_pilot, None)
        if groups:
            raise ExperimentError(f"the frame mixes several {groups}; select one before planning")
        data = pd.concat([frame_or_pilot, indicators(frame_or_pilot)], axis=1)
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
