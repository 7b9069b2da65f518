"""The ``simkit`` command: run, compare, sweep, region, validate, scenarios, dashboard, drill.

Examples (``python -m simkit`` works the same)::

    simkit scenarios --lang en                      # shipped scenarios with their titles
    simkit validate scenarios/ my_tps.yaml          # every problem, or "OK"; exit 2 if invalid
    simkit run                                      # one standard TPS day, summary in Bahasa
    simkit run tps_kurang_kpps --set tps.booths=3 --lang en
    simkit run --reps 200 --seed 7 --out hasil/     # mean and 90% range; CSV, Parquet, PNG
    simkit compare tps_standar_2024 --variant "5 KPPS" staff.kpps=5 \
                   --variant "two panel" counting.mode=two_panel --reps 100
    simkit sweep --grid staff.kpps=5,6,7 --grid tps.booths=3,4,5 --reps 50 --out sweep/
    simkit region scenarios/regions/kota_batu_2024.csv --reps 5 --out batu/ --dask local
    simkit dashboard --port 8866 --no-browser

Every bad input (a scenario file, a ``--set``, a number) ends with one clear message naming the
file, the dotted field, the value and what is allowed, and exit status 2; never a traceback
(set ``SIMKIT_DEBUG=1`` to see one). Labels come from :mod:`simkit.i18n` in the language chosen
with ``--lang id|en`` (before or after the command; default: the ``SIMKIT_LANG`` environment
variable, else Bahasa Indonesia). Replication ``i`` runs with
``simkit.experiment.replication_seed(seed, i)``, so any row can be replayed alone.

One parser: :mod:`simkit.cli.parser` builds the root and holds what commands share (options,
argument types, exit codes, error rendering); :mod:`~simkit.cli.run` (run, validate,
scenarios), :mod:`~simkit.cli.study` (compare, sweep), :mod:`~simkit.cli.region`,
:mod:`~simkit.cli.drill` (with the terminal drill) and :mod:`~simkit.cli.dashboard` each add
their subparser with ``register(subparsers)`` and set its ``handler``.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

import yaml

from simkit.cli import dashboard, drill, region, run, study
from simkit.cli.parser import (
    EXIT_BAD_INPUT,
    EXIT_INTERRUPTED,
    EXIT_OK,
    UsageError,
    default_lang,
    describe_error,
    parse_assignment,
    parse_grid,
    root_parser,
    silence_stdout,
    warn,
)
from simkit.i18n import t
from simkit.scenario import ScenarioError

__all__ = ["build_parser", "main", "parse_assignment", "parse_grid"]


def build_parser() -> argparse.ArgumentParser:
    """The whole ``simkit`` parser: the root options, then each command module's subparsers."""
    parser, sub = root_parser()
    run.register(sub)
    study.register(sub)
    region.register(sub)
    dashboard.register(sub)
    drill.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status (0 ok, 2 bad input, 130 interrupted)."""
    parser = build_parser()
    argv = sys.argv[1:] if argv is None else list(argv)
    if not argv:  # `simkit` alone: show the commands, not argparse's "required: COMMAND"
        parser.print_help(sys.stderr)
        return EXIT_BAD_INPUT
    try:
        args, extra = parser.parse_known_args(drill.without_separator(argv))
        if extra:  # as parse_args says it, by the command's own parser if it has one
            (args.strict_parser or parser).error(f"unrecognized arguments: {' '.join(extra)}")
    except SystemExit as exc:  # argparse already printed its message (or --help)
        return exc.code if isinstance(exc.code, int) else EXIT_BAD_INPUT
    fallback = default_lang() if args.env_lang else "id"
    args.lang = args.lang or args.global_lang or fallback
    try:
        return args.handler(args)
    except BrokenPipeError:  # `simkit run | head`: the reader left; stop quietly
        silence_stdout()
        return EXIT_OK
    except (ScenarioError, UsageError, yaml.YAMLError, OSError, ValueError) as exc:
        if os.environ.get("SIMKIT_DEBUG"):  # developers want the traceback
            raise
        warn(describe_error(exc, args.command, args.lang))
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        resumable = args.command == "region"  # region parts already on disk are kept
        warn(t("cli_interrupted_resume" if resumable else "cli_interrupted", args.lang))
        return EXIT_INTERRUPTED


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
