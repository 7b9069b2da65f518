"""``simkit region``: every TPS of a region file, in batches that resume; the region report."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from simkit.cli.inputs import load, scenario_warnings
from simkit.cli.parser import (
    DEFAULT_SCENARIO,
    EXIT_OK,
    Subparsers,
    UsageError,
    add_set,
    lang_option,
    positive_int,
    repro_options,
    say,
    warn,
)
from simkit.executors import WorkerLost
from simkit.i18n import t

__all__ = ["register"]

EXIT_WORKER_LOST = 1


def register(sub: Subparsers) -> None:
    """Add ``region`` to the ``simkit`` subparsers."""
    every_cpu = "local processes (default: every CPU)"
    reg = sub.add_parser(
        "region",
        parents=[lang_option(), repro_options(1, every_cpu)],
        help="simulate every TPS of a region",
    )
    reg.add_argument("region", type=Path, metavar="REGION.csv")
    reg.add_argument("--scenario", default=DEFAULT_SCENARIO)
    add_set(reg)
    reg.add_argument(
        "--out",
        type=Path,
        default=Path("results/region"),
        help="folder for the per-TPS Parquet parts and the report (resumable)",
    )
    reg.add_argument(
        "--dask",
        default=None,
        metavar="local|tcp://HOST:8786",
        help="run on Dask: a LocalCluster or a scheduler address",
    )
    reg.add_argument("--chunk", type=positive_int, default=None, help="TPS-days per Parquet part")
    reg.add_argument(
        "--dpt-cap",
        dest="dpt_cap",
        type=positive_int,
        default=300,
        help="most DPT per TPS when spreading an area's DPT (300 KPU; up to 500)",
    )
    reg.set_defaults(handler=region_command)


def region_command(args: argparse.Namespace) -> int:
    """``simkit region``: run (or resume) the region, print its report and the files written.

    Every message of the run (a bad file, a refused resume, an unreachable Dask scheduler, the
    report) is in ``args.lang``.
    """
    # lazy: simkit.region pulls in pandas, too heavy for `simkit --help` (2.8 s instead of 0.5 s)
    from simkit.region import run_region
    from simkit.report.region import format_region_report

    lang = args.lang
    if args.region.is_dir():
        raise UsageError(f"{args.region}: {t('cli_is_folder', lang)}")
    if not args.region.is_file():
        raise UsageError(f"{args.region}: {t('cli_file_missing', lang)}")
    with scenario_warnings(lang):
        scenario = load(args.scenario, args.overrides, lang)  # fail fast on a bad scenario
        try:
            result = run_region(
                args.region, scenario=scenario, reps=args.reps, seed=args.seed,
                out_dir=args.out, workers=args.workers, dask=args.dask,
                progress=sys.stderr.isatty(), batch_size=args.chunk, dpt_cap=args.dpt_cap,
                lang=lang,
            )  # fmt: skip
        except WorkerLost as exc:
            warn(f"simkit region: {exc.text(lang)}")
            return EXIT_WORKER_LOST
    say(format_region_report(result, lang))
    out = Path(args.out)
    if out.is_dir():
        listing = sorted(p.name + ("/" if p.is_dir() else "") for p in out.iterdir())
        say(t("cli_files_written", lang).format(dir=args.out) + "\n  " + "\n  ".join(listing))
    return EXIT_OK
