"""Write docs/validation.md: the model against Erlang C and against the 2024 field reports.

Every figure in docs/validation.md comes from this script, so anyone can reproduce it::

    .venv/bin/python docs/make_validation.py            # 200 replications, seed 1 (~30 s)
    .venv/bin/python docs/make_validation.py --reps 400 --seed 2 --out /tmp/validation.md

The checks themselves live in :mod:`simkit.theory` (also used by notebooks/05_validasi.ipynb).
"""

from __future__ import annotations

import argparse
import datetime as _dt
import sys
import time
from pathlib import Path

import pandas as pd

import simkit
from simkit import theory
from simkit.scenario import min_to_clock

HERE = Path(__file__).resolve().parent

# Loads for the Erlang C check: (arrivals per hour, booths, mean booth minutes). The 4-booth rows
# step the standard TPS's booths from light to heavy load; rho >= 0.85 is where a queue model
# most often goes wrong.
MMC_LOADS = (
    (24.0, 4, 5.0),
    (34.0, 4, 5.0),
    (40.0, 4, 5.0),
    (43.0, 4, 5.0),
    (10.0, 1, 5.0),
    (18.0, 2, 5.0),
)


def _fmt(value: float, unit: str) -> str:
    if unit == "clock":
        return min_to_clock(value)
    if unit == "h":
        return f"{value:.1f} h"
    return f"{value:.0f} min"


def _range(low: float, high: float, unit: str) -> str:
    if unit == "clock":
        return f"{min_to_clock(low)} - {min_to_clock(high)}"
    if unit == "h":
        return f"{low:.0f} - {high:.0f} h"
    return f"{low:.0f} - {high:.0f} min"


def mmc_section(reps: int, seed: int) -> list[str]:
    """Return the Erlang C table rows."""
    rows = [theory.mmc_check(lam, c, m, reps=reps, seed=seed) for lam, c, m in MMC_LOADS]
    out = [
        "| arrivals/h | booths c | mean booth | rho | P(wait) Erlang C | P(wait) model (95% CI) "
        "| Wq Erlang C | Wq model (95% CI) | Wq inside CI? |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|:---:|",
    ]
    for r in rows:
        inside = abs(r["wq_sim_min"] - r["wq_theory_min"]) <= r["wq_ci_min"]
        out.append(
            f"| {r['arrivals_per_h']:.0f} | {r['booths']} | {r['booth_mean_min']:.0f} min "
            f"| {r['rho']:.2f} | {r['p_wait_theory']:.3f} "
            f"| {r['p_wait_sim']:.3f} ± {r['p_wait_ci']:.3f} "
            f"| {r['wq_theory_min']:.2f} min | {r['wq_sim_min']:.2f} ± {r['wq_ci_min']:.2f} min "
            f"| {'yes' if inside else 'no'} |"
        )
    return out


def calibration_section(frame: pd.DataFrame) -> list[str]:
    """Return the field-report table rows."""
    table = theory.calibration_table(frame, band=0.90)
    out = [
        "| what | field reports | source (docs/domain_sources.md) | model median "
        "| model 90% band | share of days inside | median inside? |",
        "|---|---|---|---:|---|---:|:---:|",
    ]
    for r in table.itertuples():
        out.append(
            f"| {r.text_en} ({r.text_id}) | {_range(r.target_low, r.target_high, r.unit)} "
            f"| {r.source} | {_fmt(r.median, r.unit)} "
            f"| {_fmt(r.band_low, r.unit)} - {_fmt(r.band_high, r.unit)} "
            f"| {r.share_in_target:.0%} | {'yes' if r.median_in_target else 'no'} |"
        )
    return out


def other_section(frame: pd.DataFrame) -> list[str]:
    """Return further figures of the same replications (no field target)."""
    kpis = [
        ("voters_voted", "voters who voted", "{:.0f}"),
        ("wait_mean_min", "mean wait (min)", "{:.1f}"),
        ("wait_p90_min", "90th percentile wait (min)", "{:.1f}"),
        ("share_wait_over_30min", "share of voters waiting > 30 min", "{:.3f}"),
        ("count_DPD_min", "DPD count (min)", "{:.0f}"),
        ("recounts", "recounts per TPS", "{:.2f}"),
        ("objections", "objections per TPS", "{:.2f}"),
        ("busiest_utilisation", "busiest station utilisation", "{:.2f}"),
    ]
    out = ["| figure | mean | median | 90% band |", "|---|---:|---:|---|"]
    for col, label, f in kpis:
        if col not in frame:
            continue
        x = frame[col].astype(float)
        out.append(
            f"| {label} | {f.format(x.mean())} | {f.format(x.median())} "
            f"| {f.format(x.quantile(0.05))} - {f.format(x.quantile(0.95))} |"
        )
    p = (frame["work_end_min"] > 1020).mean()
    q = frame["past_deadline"].astype(bool).mean()
    out.append(f"| days with paperwork past midnight | {p:.0%} | | |")
    out.append(f"| days past the legal deadline (12:00 next day) | {q:.1%} | | |")
    return out


def build(reps: int, seed: int, mmc_reps: int) -> str:
    """Return the whole validation report as Markdown."""
    t0 = time.time()
    frame = simkit.replicate(
        "tps_standar_2024", reps=reps, seed=seed, summary_fn=theory.calibration_figures
    )
    cal = calibration_section(frame)
    other = other_section(frame)
    mmc = mmc_section(mmc_reps, seed)
    took = time.time() - t0
    today = _dt.date.today().isoformat()
    text = TEMPLATE.format(
        reps=reps,
        seed=seed,
        mmc_reps=mmc_reps,
        version=simkit.__version__,
        today=today,
        took=took,
        calibration="\n".join(cal),
        other="\n".join(other),
        mmc="\n".join(mmc),
    )
    return text


TEMPLATE = """# Validation: the model against queueing theory and the 2024 field reports

*Validasi: model dibandingkan dengan teori antrean (Erlang C) dan laporan lapangan Pemilu 2024.*

This file is **generated** by `docs/make_validation.py` (simkit {version}, {today},
{reps} replications of `tps_standar_2024`, seed {seed}; {mmc_reps} replications per Erlang C load;
{took:.0f} s on the build machine). Rerun it to reproduce every figure:

```bash
.venv/bin/python docs/make_validation.py --reps {reps} --seed {seed}
```

The same checks run interactively in `notebooks/05_validasi.ipynb`. Section signs (§) refer to
[domain_sources.md](domain_sources.md), the project's evidence file.

## 1. The standard TPS against the field reports

*TPS standar dibandingkan dengan laporan lapangan.* {reps} simulated days of the default scenario
(270 DPT, 82% turnout, 7 KPPS, 4 booths, one counting panel). For each calibration target (the list
"Calibration targets for the standard TPS" at the top of domain_sources.md) the table gives the reported range, its source, the model's median and
the central 90% of days (5th to 95th percentile), and the share of simulated days that fall
inside the reported range. Clock times after midnight carry `(+1)`.

{calibration}

How to read it:

- The field figures are single TPS reported by the press (§3.1 [ANECDOTE]), one KPU rehearsal
  (Kudus, §3.1 [SIM]) and one survey (UGM 2019, §3.2 [STUDY]). They are the range a plausible
  day falls in, not a distribution; "share of days inside" says how much of the model's spread
  falls in that range, and is not a statistical test.
- "PPWP ~1 h" is read as 45-75 min and "1.5-2 h" per DPR/DPRD type as 90-120 min
  (assumption). A count runs from opening its box to the last announcement, recounts and
  objections included, before the C.Hasil paperwork.
- The later DPRD types run longer than the earlier ones because of the fatigue factor
  (assumption, [model.md](model.md#fatigue-and-training)): the DPRD Kab/Kota count, the last of
  the night, ends near the top of the 1.5-2 h range or just past it.
- KPPS hours run from 06:00 (arrival, §1.1) to the moment the boxes and forms are handed to the
  PPS; every member is released together, so `kpps_hours_max` equals the mean.

### Further figures of the same days (no field target)

{other}

## 2. The queue against Erlang C (M/M/c)

*Antrean dibandingkan dengan rumus Erlang C.* The scenario `validation/mmc` makes the TPS a plain
M/M/c queue: Poisson arrivals at a constant rate for 40 hours, one station of `c` booths with
exponential booth times, every other station off, no 13:00 closing, no counting. The formula
(`simkit.theory.erlang_c`) gives the steady-state probability of waiting and the mean wait Wq:

- offered load a = lambda / mu, utilisation rho = a / c;
- P(wait) = Erlang C(c, a) = B / (1 - rho (1 - B)), with B the Erlang B loss probability;
- Wq = P(wait) / (c mu - lambda).

The model's figures are the mean over {mmc_reps} replications with a 95% t-interval. Each
replication is a 40-hour day that starts empty; the voters of its first 3 hours (warm-up) are
left out, so the rest describe the steady state the formula is about. The intervals widen as rho
nears 1 (long busy periods). The
command-line equivalent of one row is
`simkit run validation/mmc --set arrivals.rate_per_hour=43 --set tps.booths=4`.

{mmc}

## 3. Which inputs are assumptions

The model's *rules* come from regulation (§1, §2) and its structure follows the TPS layout (§1.4).
Many *numbers* have no public measurement and are labelled "assumption" in
`scenarios/tps_standar_2024.yaml` and [model.md](model.md). The ones that move the figures above
most:

| input | default | basis | what it moves |
|---|---|---|---|
| booth time | lognormal mean 4 min, sd 1.5 | §3.1 rehearsals 2-5 min; KPU plans 5-7 (§1.3) | waits, last voter out |
| DPT arrival profile | 4 KPU groups by list order; 30% ignore their slot; 15 in line at 07:00 | groups §1.1; shares **assumption** | morning queue |
| per-ballot count seconds per role | announce 9, open 5, tally 14, fold 5, sort 8 (PPWP) | PPWP pace 15-20 s §3.1 [EST]; split **assumption** | count times |
| DPR/DPRD/DPD slowdown | x1.85 / x1.5 on announce and tally | §3.1 30-40 s and ~25 s [EST] | count times |
| C.Hasil filling | 8-15 min per type | **assumption** ("24 halaman", §3.1) | paperwork end |
| salinan | 8 saksi + Pengawas TPS; 2-6 kuarto pages per type; 4-10 s per page | **assumption** (§1.6 Pati) | paperwork end |
| Sirekap | 25% of uploads fail and are retried | **assumption** (§3.3) | paperwork end |
| fatigue | from 10 h on duty, +2% time and +5% errors per hour | **assumption** (§3.2, §3.5) | late counts |
| errors | spoiled 1%, wrong box 1.5% [EST]; objection 8%, tally slip 3% | §1.3, §3.5 [EST]; rest **assumption** | recounts, search time |

A different reading of these inputs moves the figures; the notebook `03_beban_kerja` and
`simkit sweep` show how far.

## 4. What this validation does not show

- No TPS-level time-stamped data from 2024 was found (§3.1 lists single reports), so the model is
  *calibrated to a plausible range*, not fitted or tested against a sample of TPS.
- The field reports are from busy, urban TPS that made the news; quiet TPS that finished early
  rarely do. The targets may lean late.
- The Erlang C check validates the queueing machinery (arrivals, booths, waits), not the counting
  or paperwork, which have no closed-form benchmark.
"""  # noqa: E501


def main(argv: list[str] | None = None) -> int:
    """Command line: write the report (default docs/validation.md)."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reps", type=int, default=200, help="replications of the standard TPS")
    ap.add_argument("--mmc-reps", type=int, default=40, help="replications per Erlang C load")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", default=str(HERE / "validation.md"))
    args = ap.parse_args(argv)
    if args.reps < 2 or args.mmc_reps < 2:
        print("--reps and --mmc-reps must be 2 or more", file=sys.stderr)
        return 2
    text = build(args.reps, args.seed, args.mmc_reps)
    Path(args.out).write_text(text, encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
