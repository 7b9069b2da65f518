"""Aggregate a region run's per-TPS rows into per-area figures, totals and the riskiest TPS.

Pure pandas on the rows: no files and no text (the store reads and writes, the report words).
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from simkit.tps import MIDNIGHT_MIN

__all__ = ["REPORT_COLUMNS", "area_row", "region_report"]

# the per-TPS columns the aggregation reads (the store loads only these)
REPORT_COLUMNS = [
    "area", "tps_id", "replication", "dpt", "counting_end_min", "work_end_min",
    "past_deadline", "kpps_hours_mean",
]  # fmt: skip


def area_row(part: pd.DataFrame, reps: int, n_kpps: int) -> dict[str, Any]:
    """The figures of one area (or of the whole region) from its per-TPS rows."""
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


def region_report(
    frame: pd.DataFrame, n_kpps: int = 7
) -> tuple[pd.DataFrame, dict[str, Any], pd.DataFrame]:
    """Per-area and total figures, and the ten TPS at highest risk, from per-TPS rows.

    Counts of TPS (after midnight, past the deadline) are per replication (means when
    ``reps > 1``); distributions pool all TPS-days. KPPS-hours: ``kpps_hours_mean x n_kpps``
    summed over TPS. Risk: the share of replications past the deadline, then the mean work end.
    """
    reps = int(frame["replication"].nunique())
    rows = [
        {"area": area, **area_row(part, reps, n_kpps)}
        for area, part in frame.groupby("area", sort=False)
    ]
    areas = pd.DataFrame(rows)
    total = {"area": "TOTAL", **area_row(frame, reps, n_kpps)}
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
