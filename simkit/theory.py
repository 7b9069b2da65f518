"""What the model is checked against: queueing theory (Erlang C) and the field reports.

* :func:`erlang_c` gives P(wait) and the mean wait of an M/M/c queue. The scenario
  ``validation/mmc`` turns the TPS into exactly that system (Poisson arrivals, ``c`` booths with
  exponential service, no other station, no closing time); :func:`mmc_check` runs it and sets the
  simulated waits beside the formula.
* :data:`CALIBRATION_TARGETS` are the field figures of DOMAIN.md ("Calibration targets", shipped as
  docs/domain_sources.md); :func:`calibration_table` sets replications of the standard scenario
  beside them.

Used by ``docs/make_validation.py`` (docs/validation.md) and the notebook ``05_validasi``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from simkit.experiment import replication_seed
from simkit.scenario import load_scenario, with_overrides
from simkit.simulation import simulate

__all__ = [
    "CALIBRATION_TARGETS",
    "ErlangC",
    "Target",
    "calibration_figures",
    "calibration_table",
    "erlang_c",
    "mmc_check",
    "mmc_scenario",
]


@dataclass(frozen=True)
class ErlangC:
    """Steady-state figures of an M/M/c queue (times in the unit of ``lam`` and ``mu``)."""

    lam: float
    mu: float
    c: int
    rho: float  #: utilisation of each server, lam / (c mu)
    p_wait: float  #: probability that an arriving customer waits (Erlang C)
    wq: float  #: mean wait in the queue
    lq: float  #: mean number waiting (Little's law: lam x wq)

    def __iter__(self):
        # so that ``p_wait, wq = erlang_c(lam, mu, c)`` unpacks the two figures asked for most
        return iter((self.p_wait, self.wq))


def erlang_c(lam: float, mu: float, c: int) -> ErlangC:
    """Return P(wait) and the mean wait Wq of an M/M/c queue (arrival rate lam, service mu).

    ``lam`` and ``mu`` share one time unit (per minute or per hour); ``wq`` is in that unit's
    reciprocal (minutes if the rates are per minute). Raises ``ValueError`` unless
    ``lam < c * mu`` (the queue would grow without bound).

    >>> r = erlang_c(lam=40 / 60, mu=1 / 5, c=4)   # 40 voters/h, 5-min booth, 4 booths
    >>> round(r.rho, 3), round(r.p_wait, 3), round(r.wq, 2)
    (0.833, 0.658, 4.93)
    """
    if not (lam > 0 and mu > 0):
        raise ValueError(f"lam and mu must be positive (got lam={lam}, mu={mu})")
    if int(c) != c or c < 1:
        raise ValueError(f"c must be a whole number of servers >= 1 (got {c})")
    c = int(c)
    a = lam / mu  # offered load in Erlangs
    rho = a / c
    if rho >= 1:
        raise ValueError(f"unstable queue: rho = lam/(c mu) = {rho:.3f} must be below 1")
    # Erlang B by the stable recursion, then Erlang C from it
    b = 1.0
    for k in range(1, c + 1):
        b = a * b / (k + a * b)
    p_wait = b / (1 - rho * (1 - b))
    wq = p_wait / (c * mu - lam)
    return ErlangC(lam, mu, c, rho, p_wait, wq, lam * wq)


# --------------------------------------------------------------------------- M/M/c in the model


def mmc_scenario(rate_per_hour: float, booths: int, mean_min: float):
    """Return ``validation/mmc`` at one load: arrival rate, booths and mean booth time."""
    return with_overrides(
        load_scenario("validation/mmc"),
        {
            "arrivals.rate_per_hour": float(rate_per_hour),
            "tps.booths": int(booths),
            "durations.booth": {"dist": "exponential", "mean": float(mean_min)},
        },
    )


def mmc_check(
    rate_per_hour: float,
    booths: int,
    mean_min: float,
    reps: int = 30,
    seed: int = 1,
    warm_up_min: float = 180.0,
) -> dict[str, Any]:
    """Simulate ``validation/mmc`` ``reps`` times at one load and compare with Erlang C.

    Each replication is a 40-hour day of Poisson arrivals that starts empty; the voters who
    arrive after ``warm_up_min`` (the steady state the formula describes) give one P(wait) and
    one mean wait. Returns a row: the load, the formula's figures, the simulated means and the
    half-width of their 95% t-interval over replications.
    """
    sc = mmc_scenario(rate_per_hour, booths, mean_min)
    theory = erlang_c(rate_per_hour / 60.0, 1.0 / mean_min, booths)
    p_wait, wq = [], []
    for i in range(reps):
        voters = simulate(sc, seed=replication_seed(seed, i)).voters
        kept = (voters["outcome"] == "voted") & (voters["arrival_min"] >= warm_up_min)
        waits = voters.loc[kept, "wait_min"].to_numpy(float)
        p_wait.append(float((waits > 1e-9).mean()))
        wq.append(float(waits.mean()))
    tq = stats.t.ppf(0.975, reps - 1) if reps > 1 else float("nan")

    def half(x):
        return float(tq * np.std(x, ddof=1) / np.sqrt(len(x))) if len(x) > 1 else float("nan")

    return {
        "arrivals_per_h": rate_per_hour,
        "booths": booths,
        "booth_mean_min": mean_min,
        "rho": theory.rho,
        "reps": reps,
        "warm_up_min": warm_up_min,
        "p_wait_theory": theory.p_wait,
        "p_wait_sim": float(np.mean(p_wait)),
        "p_wait_ci": half(p_wait),
        "wq_theory_min": theory.wq,
        "wq_sim_min": float(np.mean(wq)),
        "wq_ci_min": half(wq),
    }


# --------------------------------------------------------------------------- field reports


@dataclass(frozen=True)
class Target:
    """One calibration target: a KPI, the field range in model minutes (or hours), its source."""

    kpi: str
    low: float
    high: float
    unit: str  # "clock" (model minutes shown as clock times), "min" or "h"
    text_id: str
    text_en: str
    source: str


# DOMAIN.md "Calibration targets for the standard TPS" (docs/domain_sources.md). The ranges are the
# reported ones; "~1 h" for PPWP is read as 45-75 min and "1.5-2 h" as 90-120 min (assumption).
CALIBRATION_TARGETS: tuple[Target, ...] = (
    Target(
        "last_voter_exit_min",
        360.0,
        390.0,
        "clock",
        "Pemilih terakhir keluar",
        "Last voter leaves",
        "§1.3 (300 cap sized for 4 booths x 6 h); calibration targets",
    ),
    Target(
        "count_PPWP_min",
        45.0,
        75.0,
        "min",
        "Penghitungan PPWP",
        "PPWP count",
        "§3.1 TPS 054 Cakung: 13:30-14:30",
    ),
    Target(
        "count_DPR_min",
        90.0,
        120.0,
        "min",
        "Penghitungan DPR",
        "DPR count",
        "§3.1 Kudus simulation ~2 h per type; Cakung",
    ),
    Target(
        "count_DPRD_PROV_min",
        90.0,
        120.0,
        "min",
        "Penghitungan DPRD Provinsi",
        "DPRD Province count",
        "§3.1 Kudus ~2 h per type",
    ),
    Target(
        "count_DPRD_KABKOTA_min",
        90.0,
        120.0,
        "min",
        "Penghitungan DPRD Kab/Kota",
        "DPRD Regency/City count",
        "§3.1 Kudus ~2 h per type",
    ),
    Target(
        "counting_end_min",
        870.0,
        1140.0,
        "clock",
        "Penghitungan selesai",
        "Counting ends",
        "§3.1 Pati 21:50, Tangsel 23:21, Slipi and Deli Serdang ~02:00",
    ),
    Target(
        "work_end_min",
        1020.0,
        1350.0,
        "clock",
        "Semua administrasi selesai",
        "All paperwork done",
        "§3.1 Cakung ~00:00, Tangsel 01:40, Pati 02:30, Slipi 04:00, Pulorejo 04:00-05:30",
    ),
    Target(
        "kpps_hours_max",
        18.0,
        22.0,
        "h",
        "Jam kerja KPPS pada hari-H",
        "KPPS hours on duty",
        "§3.2 UGM 2019: 20-22 h; §3.1 Tangsel 2024: ~20 h",
    ),
)


def calibration_figures(scenario, seed: int, tps_id: str = "TPS") -> dict[str, Any]:
    """Return one day's summary plus the count time of each ballot type (``count_<TYPE>_min``).

    A ``summary_fn`` for :func:`simkit.replicate`: the count time of a type runs from opening its
    box to the last announcement, recounts and objections included, before its C.Hasil paperwork.
    """
    day = simulate(scenario, seed=seed, tps_id=tps_id)
    row = dict(day.summary)
    for rec in day.counting.itertuples():
        row[f"count_{rec.ballot_type}_min"] = float(rec.end_min - rec.start_min)
    return row


def calibration_table(frame: pd.DataFrame, band: float = 0.90) -> pd.DataFrame:
    """Model figures (median and central ``band``) beside every calibration target.

    ``frame``: replications with the columns of :func:`calibration_figures`. One row per target
    present: the target range, the model's median, band limits, the share of replications inside
    the target range and whether the median is inside it.
    """
    lo_q, hi_q = (1 - band) / 2 * 100, (1 + band) / 2 * 100
    rows = []
    for tg in CALIBRATION_TARGETS:
        if tg.kpi not in frame:
            continue
        x = frame[tg.kpi].astype(float).dropna().to_numpy()
        if len(x) == 0:
            continue
        med, lo, hi = np.percentile(x, [50, lo_q, hi_q])
        inside = float(((x >= tg.low) & (x <= tg.high)).mean())
        rows.append(
            {
                "kpi": tg.kpi,
                "unit": tg.unit,
                "target_low": tg.low,
                "target_high": tg.high,
                "median": float(med),
                "band_low": float(lo),
                "band_high": float(hi),
                "share_in_target": inside,
                "median_in_target": bool(tg.low <= med <= tg.high),
                "text_id": tg.text_id,
                "text_en": tg.text_en,
                "source": tg.source,
                "n": len(x),
            }
        )
    return pd.DataFrame(rows)
