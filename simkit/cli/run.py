"""``simkit run``, ``validate`` and ``scenarios``: one scenario, checked files, the shipped list."""

from __future__ import annotations

import argparse
import warnings
from collections.abc import Sequence
from pathlib import Path

import yaml

from simkit.cli.inputs import add_force, check_out, load, scenario_warnings
from simkit.cli.parser import (
    DEFAULT_SCENARIO,
    EXIT_BAD_INPUT,
    EXIT_OK,
    WORKERS_HERE,
    Subparsers,
    UsageError,
    add_set,
    lang_option,
    progress_report,
    repro_options,
    say,
    warn,
)
from simkit.drills.incidents import load_incident, looks_like_incident
from simkit.i18n import t
from simkit.scenario import ScenarioError, ScenarioWarning, list_scenarios, load_scenario
from simkit.scenario.filecheck import ScenarioFileError

__all__ = ["RUN_EXAMPLES", "register"]

# what a PPS officer asks first; every field is in the scenario files under scenarios/
RUN_EXAMPLES = """\
what-ifs / contoh --set:
  --set staff.kpps=5                       KPPS yang hadir / KPPS present (1-7)
  --set tps.voters_dpt=300                 DPT (KPU 2024: <= 300; above warns, max 500)
  --set tps.booths=3                       bilik suara / voting booths
  --set arrivals.pattern=hourly_shares     antrean pagi / morning rush
  --set counting.mode=two_panel            penghitungan dua panel / two-panel count
  --set counting.copier=shared             fotokopi bersama / copier shared by 3 TPS
  --set counting.copier=none               salinan ditulis tangan / copies by hand
  --set "staff.breaks=[{member: KPPS1, start: '18:00', minutes: 30}]"
  --set "tps.ballot_types=[PPWP,DPR,DPD,DPRD_PROV]" \\
      --set "tps.dptb_entitlement={4: 0.4, 3: 0.2, 2: 0.2, 1: 0.2}"   DKI Jakarta
examples:
  simkit run --set staff.kpps=5 --lang en
  simkit run --reps 50 --seed 7 --out hasil/
"""


def register(sub: Subparsers) -> None:
    """Add ``run``, ``validate`` and ``scenarios`` to the ``simkit`` subparsers."""
    run = sub.add_parser(
        "run",
        parents=[lang_option(), repro_options(1, WORKERS_HERE)],
        help="simulate one scenario",
        epilog=RUN_EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    run.add_argument(
        "scenario",
        nargs="?",
        default=DEFAULT_SCENARIO,
        help=f"shipped name or YAML path (default {DEFAULT_SCENARIO})",
    )
    add_set(run, "override a field, e.g. staff.kpps=5")
    run.add_argument("--out", type=Path, help="folder for CSV, Parquet and PNG files")
    add_force(run)
    run.set_defaults(handler=run_command)

    val = sub.add_parser(
        "validate", parents=[lang_option()], help="check scenario or incident files"
    )
    val.add_argument("files", nargs="+", metavar="FILE")
    val.set_defaults(handler=validate_command)

    lst = sub.add_parser("scenarios", parents=[lang_option()], help="list the shipped scenarios")
    lst.set_defaults(handler=scenarios_command)


# --------------------------------------------------------------------------- run


def run_command(args: argparse.Namespace) -> int:
    """``simkit run``: one day (a summary) or ``--reps`` days (mean and range); ``--out`` files."""
    from simkit import report  # lazy: pandas is heavy for `simkit --help`

    lang = args.lang
    with scenario_warnings(lang):
        scenario = load(args.scenario, args.overrides, lang)
    check_out(args.out, lang, "run", [scenario], args.force)
    run_info = {"seed": args.seed, "reps": args.reps, "overrides": dict(args.overrides)}
    if args.reps == 1:
        day = report.simulate_day(scenario, seed=args.seed)
        say(report.summary_table(day.summary, lang, scenario=scenario, seed=args.seed))
        if args.out:
            written = report.write_outputs(
                args.out, day=day, lang=lang, scenario=scenario, run_info=run_info
            )
            say(report.files_written(written, lang))
            warn_stale(report.stale_outputs(written), lang)
        return EXIT_OK
    reps = report.run_replications(
        scenario, args.reps, args.seed, executor=args.workers, progress=progress_report(lang)
    )
    say(report.replications_table(reps, lang, scenario=scenario, seed=args.seed))
    if args.out:
        first = reps.sort_values("replication").iloc[0]
        day = report.simulate_day(
            scenario, seed=int(first["seed"]), tps_id=str(first.get("tps_id", "TPS"))
        )
        written = report.write_outputs(
            args.out, day=day, replications=reps, lang=lang, scenario=scenario, run_info=run_info
        )
        say(report.files_written(written, lang))
        warn_stale(report.stale_outputs(written), lang)
    return EXIT_OK


def warn_stale(paths: Sequence[Path], lang: str) -> None:
    """Say which files in ``--out`` are left over from an earlier run."""
    if paths:
        names = ", ".join(p.name for p in paths)
        warn(f"{t('cli_warning', lang)}: {t('cli_stale_files', lang).format(names=names)}")


# --------------------------------------------------------------------------- validate


def validate_command(args: argparse.Namespace) -> int:
    """``simkit validate``: every problem of every file (a folder: its YAML files), or OK."""
    lang = args.lang
    bad = 0
    for name in expand(args.files):
        path = Path(name)
        try:
            with scenario_warnings(lang):
                if is_incident(path):
                    load_incident(path, lang=lang)
                else:
                    load(name, (), lang)
        except ScenarioError as exc:
            bad += 1
            warn(exc.render())
        except (UsageError, ScenarioFileError) as exc:
            bad += 1
            warn(str(exc))
        except (ValueError, OSError, yaml.YAMLError) as exc:
            bad += 1
            warn(f"{name}: {exc}")
        else:
            say(f"{name}: OK")
    return EXIT_BAD_INPUT if bad else EXIT_OK


def expand(names: Sequence[str]) -> list[str]:
    """Files as given; a folder stands for every YAML file under it."""
    out: list[str] = []
    for name in names:
        path = Path(name)
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.suffix in (".yaml", ".yml"))
            out += [str(p) for p in found] or [name]
        else:
            out.append(name)
    return out


def is_incident(path: Path) -> bool:
    """Whether ``path`` is an incident file: under ``scenarios/incidents``, or by its keys.

    A trainer's incident kept anywhere else is recognised by its top-level keys (``choices``,
    ``situation``...; see :func:`simkit.drills.incidents.looks_like_incident`).
    """
    try:
        parts = path.resolve().parts
        pairs = zip(parts, parts[1:], strict=False)
        if any(a == "scenarios" and b == "incidents" for a, b in pairs):
            return True
        return path.is_file() and looks_like_incident(path)
    except (OSError, ValueError):  # a name too long, a NUL byte: the scenario loader says so
        return False


# --------------------------------------------------------------------------- scenarios


def scenarios_command(args: argparse.Namespace) -> int:
    """``simkit scenarios``: each shipped scenario with its title in the chosen language."""
    lang = args.lang
    shipped = list_scenarios()
    if not shipped:
        say(t("cli_no_scenarios", lang))
        return EXIT_OK
    width = max(len(n) for n in shipped)
    for name in shipped:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", ScenarioWarning)
                sc = load_scenario(name, lang=lang)
            title = (sc.title.en or sc.title.id) if lang == "en" else (sc.title.id or sc.title.en)
        except ScenarioError as exc:
            title = f"[{t('cli_invalid', lang)}: {len(exc.problems)}]"
        say(f"{name:<{width}}  {title}")
    return EXIT_OK
