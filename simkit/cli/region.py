"""``simkit region``: every TPS of a region file, in batches that resume; the region report."""

from __future__ import annotations

import argparse
import contextlib
import sys
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

from simkit.cli.inputs import add_force, check_out, load, scenario_warnings
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
from simkit.executors import ExecutorWarning, WorkerLost
from simkit.i18n import TwoLanguageError, t

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
    add_force(reg)
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
    from simkit.region import RegionWarning, load_region, run_region
    from simkit.report.region import ProgressLines, format_region_report

    lang = args.lang
    if args.region.is_dir():
        raise UsageError(f"{args.region}: {t('cli_is_folder', lang)}")
    if not args.region.is_file():
        raise UsageError(f"{args.region}: {t('cli_file_missing', lang)}")
    # on a terminal a bar; in a log (CI, nohup, a pipe) plain lines with the time left
    progress = True if sys.stderr.isatty() else ProgressLines(args.region.stem, lang)
    with scenario_warnings(lang), _told_at_once(lang, (ExecutorWarning, RegionWarning)):
        scenario = load(args.scenario, args.overrides, lang)  # fail fast on a bad scenario
        # the file is checked before --out is touched: a refused file leaves no folder behind
        region = load_region(args.region, dpt_cap=args.dpt_cap, lang=lang)
        check_out(args.out, lang, "region", [scenario], args.force)  # not another run's folder
        try:
            result = run_region(
                region, scenario=scenario, reps=args.reps, seed=args.seed,
                out_dir=args.out, workers=args.workers, dask=args.dask,
                progress=progress, batch_size=args.chunk, dpt_cap=args.dpt_cap,
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


@contextlib.contextmanager
def _told_at_once(lang: str, kinds: tuple[type[Warning], ...]) -> Iterator[None]:
    """Warnings of ``kinds`` (two-language) shown as they happen, one plain line in ``lang``.

    Not Python's ``file:line: Category: text`` form; every other warning goes on as before.
    """
    with warnings.catch_warnings():
        passed_on = warnings.showwarning
        for kind in kinds:
            warnings.simplefilter("always", kind)

        def show(
            message: Warning | str,
            category: type[Warning],
            filename: str,
            lineno: int,
            file: TextIO | None = None,
            line: str | None = None,
        ) -> None:
            if isinstance(message, kinds) and isinstance(message, TwoLanguageError):
                warn(f"simkit region: {t('cli_warning', lang)}: {message.text(lang)}")
            else:
                passed_on(message, category, filename, lineno, file, line)

        warnings.showwarning = show
        yield
