"""``simkit compare`` and ``simkit sweep``: several scenarios or a grid, common random numbers."""

from __future__ import annotations

import argparse
import warnings
from pathlib import Path
from typing import Any

import yaml

from simkit.cli.inputs import add_force, check_out, load, scenario_warnings
from simkit.cli.parser import (
    DEFAULT_SCENARIO,
    EXIT_OK,
    WORKERS_HERE,
    Subparsers,
    UsageError,
    add_set,
    assignments,
    both_languages,
    lang_option,
    parse_grid,
    progress_report,
    repro_options,
    say,
)
from simkit.i18n import t
from simkit.scenario import Scenario, ScenarioError, ScenarioWarning, with_overrides, yaml_load

__all__ = ["register"]


def register(sub: Subparsers) -> None:
    """Add ``compare`` and ``sweep`` to the ``simkit`` subparsers."""
    cmp_ = sub.add_parser(
        "compare",
        parents=[lang_option(), repro_options(30, WORKERS_HERE)],
        help="compare scenarios or variants with common random numbers",
    )
    cmp_.add_argument(
        "scenarios", nargs="+", metavar="SCENARIO", help="the first one is the baseline"
    )
    add_set(cmp_, "override a field in every scenario")
    cmp_.add_argument(
        "--set-for",
        dest="set_for",
        action="append",
        nargs="+",
        default=[],
        metavar=("NAME", "KEY=VALUE"),
        help="override a field in one scenario",
    )
    cmp_.add_argument(
        "--variant",
        dest="variants",
        action="append",
        nargs="+",
        default=[],
        metavar=("LABEL", "KEY=VALUE"),
        help='a variant of the first scenario: --variant "5 KPPS" staff.kpps=5',
    )
    cmp_.add_argument("--out", type=Path, help="folder for the comparison table (CSV, Parquet)")
    add_force(cmp_)
    cmp_.set_defaults(handler=compare_command)

    sw = sub.add_parser(
        "sweep",
        parents=[lang_option(), repro_options(10, WORKERS_HERE)],
        help="run a grid of overrides",
    )
    sw.add_argument("scenario", nargs="?", default=DEFAULT_SCENARIO)
    sw.add_argument(
        "--grid",
        action="append",
        type=parse_grid,
        default=[],
        required=True,
        metavar="KEY=V1,V2,...",
        help="values of one field, e.g. staff.kpps=5,6,7",
    )
    add_set(sw)
    sw.add_argument("--out", type=Path)
    add_force(sw)
    sw.set_defaults(handler=sweep_command)


# --------------------------------------------------------------------------- compare


def compare_inputs(args: argparse.Namespace) -> dict[str, Scenario]:
    """Build the labelled scenarios for ``compare``: the positional ones, then variants."""
    lang = args.lang
    per_name: dict[str, list[tuple[str, str]]] = {}
    for item in args.set_for:
        name, assigns = item[0], item[1:]
        if name not in args.scenarios:
            raise UsageError(
                f"--set-for {name}: {t('cli_not_compared', lang)} ({', '.join(args.scenarios)})"
            )
        if not assigns:
            raise UsageError(f"--set-for {name}: KEY=VALUE?")
        per_name.setdefault(name, []).extend(assignments(assigns))
    labelled: dict[str, Scenario] = {}
    for name in args.scenarios:
        label = name if name not in labelled else f"{name} ({len(labelled) + 1})"
        labelled[label] = load(name, list(args.overrides) + per_name.get(name, []), lang)
    for item in args.variants:
        label, assigns = item[0], item[1:]
        if "=" in label and not assigns:
            raise UsageError(
                f'--variant {label}: LABEL KEY=VALUE..., e.g. --variant "5 KPPS" staff.kpps=5'
            )
        if label in labelled:
            raise UsageError(f"--variant {label}: {t('cli_duplicate_label', lang)}")
        base = args.scenarios[0]
        labelled[label] = load(
            base, list(args.overrides) + per_name.get(base, []) + assignments(assigns), lang
        )
    if len(labelled) < 2:
        raise UsageError(t("cli_compare_needs_two", lang))
    return labelled


def compare_command(args: argparse.Namespace) -> int:
    """``simkit compare``: paired replications of each scenario; differences with 95% CI."""
    # lazy: pandas (report, experiment) is heavy for `simkit --help`
    from simkit import report
    from simkit.experiment import compare

    lang = args.lang
    with scenario_warnings(lang):
        labelled = compare_inputs(args)
    check_out(args.out, lang, "compare", list(labelled.values()), args.force)
    table, frame = compare(
        labelled,
        reps=args.reps,
        seed=args.seed,
        executor=args.workers,
        progress=progress_report(lang),
        return_frame=True,
    )
    say(report.comparison_table(table, labelled, lang, reps=args.reps, seed=args.seed))
    if args.out:
        written = report.write_frames(
            args.out, {"comparison": report.as_frame(table), "replications": frame}
        )
        say(report.files_written(written, lang))
    return EXIT_OK


# --------------------------------------------------------------------------- sweep


def read_grid(args: argparse.Namespace) -> dict[str, list[Any]]:
    """The ``--grid`` options as ``{field: [values]}``, each value read as YAML."""
    grid: dict[str, list[Any]] = {}
    for key, values in args.grid:
        if key in grid:
            raise UsageError(f"--grid {key}: {both_languages('cli_given_twice')}")
        grid[key] = [yaml_value(v) for v in values]
    return grid


def check_grid(scenario: Scenario, grid: dict[str, list[Any]], lang: str) -> None:
    """Try every grid value at the door, so a typo fails before hours of simulation."""
    for key, values in grid.items():
        for value in values:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                try:
                    with_overrides(scenario, {key: value}, lang=lang)
                except ScenarioError as exc:  # the value came from --grid, not --set
                    exc.source = exc.source.replace("--set", "--grid")
                    raise
            for w in caught:
                warnings.warn(str(w.message).replace("--set", "--grid"), w.category, stacklevel=1)


def sweep_command(args: argparse.Namespace) -> int:
    """``simkit sweep``: every combination of the ``--grid`` values; the mean of each."""
    # lazy: pandas (report, experiment) is heavy for `simkit --help`
    from simkit import report
    from simkit.experiment import sweep

    lang = args.lang
    grid = read_grid(args)
    with scenario_warnings(lang):
        scenario = load(args.scenario, args.overrides, lang)
        check_grid(scenario, grid, lang)
    check_out(args.out, lang, "sweep", [scenario], args.force)
    with warnings.catch_warnings():  # each was shown once above, at the door
        warnings.simplefilter("ignore", ScenarioWarning)
        frame = sweep(
            scenario,
            grid,
            reps=args.reps,
            seed=args.seed,
            executor=args.workers,
            progress=progress_report(lang),
        )
    say(report.sweep_table(frame, grid, lang))
    if args.out:
        written = report.write_frames(args.out, {"sweep": report.as_frame(frame)})
        say(report.files_written(written, lang))
    return EXIT_OK


def yaml_value(text: str) -> Any:
    """A ``--grid`` value as YAML reads it ("13:30" stays a clock time, not base-60 810)."""
    try:
        return yaml_load(text)
    except yaml.YAMLError:
        return text
