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
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import importlib.util
import os
import sys
import warnings
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import yaml

from simkit.i18n import t
from simkit.scenario import ScenarioError, ScenarioWarning

__all__ = ["build_parser", "main", "parse_assignment", "parse_grid"]

DEFAULT_SCENARIO = "tps_standar_2024"
EXIT_OK = 0
EXIT_BAD_INPUT = 2


class UsageError(Exception):
    """Bad command-line input found after parsing; the message is shown as is (exit 2)."""


# --------------------------------------------------------------------------- argument types


def _whole_number(low: int, high: int | None, what: str):
    """An argparse type reading a whole number from ``low`` to ``high`` (no upper bound: None)."""

    def read(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            value = None
        if value is None or value < low or (high is not None and value > high):
            allowed = f">= {low}" if high is None else f"{low}-{high}"
            raise argparse.ArgumentTypeError(
                f"{text!r}: harus bilangan bulat {allowed} / must be a whole number {allowed}"
                f" ({what})"
            )
        return value

    read.__name__ = what  # argparse names the type in some messages
    return read


positive_int = _whole_number(1, None, "replications, workers, batch size")
seed_int = _whole_number(0, None, "seed")
port_int = _whole_number(1, 65535, "port")


def _add_set(parser: argparse.ArgumentParser, help: str = "override a field, e.g. staff.kpps=5"):
    """The repeatable ``--set KEY=VALUE`` option shared by run, compare, sweep and region."""
    parser.add_argument(
        "--set",
        dest="overrides",
        action="append",
        type=parse_assignment,
        default=[],
        metavar="KEY=VALUE",
        help=help,
    )


def parse_assignment(text: str) -> tuple[str, str]:
    """``"staff.kpps=5"`` -> ``("staff.kpps", "5")``; anything else is an argparse error."""
    key, sep, value = text.partition("=")
    key = key.strip()
    if not sep or not key or not value.strip():
        raise argparse.ArgumentTypeError(
            f"{text!r}: harus KUNCI=NILAI, mis. staff.kpps=5 / must be KEY=VALUE, e.g. staff.kpps=5"
        )
    return key, value.strip()


def parse_grid(text: str) -> tuple[str, list[str]]:
    """``"staff.kpps=5,6,7"`` -> ``("staff.kpps", ["5", "6", "7"])`` for ``--grid``."""
    key, value = parse_assignment(text)
    values = [v.strip() for v in value.split(",")]
    if any(not v for v in values):
        raise argparse.ArgumentTypeError(
            f"{text!r}: nilai kosong dalam daftar / empty value in the list (e.g. staff.kpps=5,6,7)"
        )
    return key, values


def _lang_choice(text: str) -> str:
    if text not in ("id", "en"):
        raise argparse.ArgumentTypeError(f"{text!r}: id | en")
    return text


# --------------------------------------------------------------------------- parser


def _default_lang() -> str:
    env = os.environ.get("SIMKIT_LANG", "id")
    return env if env in ("id", "en") else "id"


HERE = "local worker processes for replications (default: this process)"

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


def _repro(reps: int, workers_help: str) -> argparse.ArgumentParser:
    # a fresh parent per command: argparse shares parent actions, so set_defaults on one
    # command would change the default of every other
    repro = argparse.ArgumentParser(add_help=False)
    repro.add_argument(
        "--reps", type=positive_int, default=reps, help=f"replications (>= 1, default {reps})"
    )
    repro.add_argument("--seed", type=seed_int, default=1, help="random seed (default 1)")
    repro.add_argument("--workers", type=positive_int, default=None, help=workers_help)
    return repro


def build_parser() -> argparse.ArgumentParser:
    """Build the full argparse tree; region.py and tests read ``args`` from it."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--lang",
        type=_lang_choice,
        default=None,
        help="language of the output: id (Bahasa Indonesia, default) or en",
    )

    parser = argparse.ArgumentParser(
        prog="simkit",
        description="Simulasi satu hari TPS (pemungutan dan penghitungan suara) / "
        "simulation of one TPS election day (voting and counting).",
    )
    from simkit import __version__

    parser.add_argument("--version", action="version", version=f"simkit {__version__}")
    parser.add_argument(
        "--lang",
        dest="global_lang",
        type=_lang_choice,
        default=None,
        help="id | en (also after the command; default $SIMKIT_LANG or id)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True

    run = sub.add_parser(
        "run",
        parents=[common, _repro(1, HERE)],
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
    _add_set(run, "override a field, e.g. staff.kpps=5")
    run.add_argument("--out", type=Path, help="folder for CSV, Parquet and PNG files")
    run.set_defaults(handler=_cmd_run)

    val = sub.add_parser("validate", parents=[common], help="check scenario or incident files")
    val.add_argument("files", nargs="+", metavar="FILE")
    val.set_defaults(handler=_cmd_validate)

    lst = sub.add_parser("scenarios", parents=[common], help="list the shipped scenarios")
    lst.set_defaults(handler=_cmd_scenarios)

    cmp_ = sub.add_parser(
        "compare",
        parents=[common, _repro(30, HERE)],
        help="compare scenarios or variants with common random numbers",
    )
    cmp_.add_argument(
        "scenarios", nargs="+", metavar="SCENARIO", help="the first one is the baseline"
    )
    _add_set(cmp_, "override a field in every scenario")
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
    cmp_.set_defaults(handler=_cmd_compare)

    sw = sub.add_parser("sweep", parents=[common, _repro(10, HERE)], help="run a grid of overrides")
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
    _add_set(sw)
    sw.add_argument("--out", type=Path)
    sw.set_defaults(handler=_cmd_sweep)

    every_cpu = "local processes (default: every CPU)"
    reg = sub.add_parser(
        "region", parents=[common, _repro(1, every_cpu)], help="simulate every TPS of a region"
    )
    reg.add_argument("region", type=Path, metavar="REGION.csv")
    reg.add_argument("--scenario", default=DEFAULT_SCENARIO)
    _add_set(reg)
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
    reg.set_defaults(handler=_cmd_region)

    dash = sub.add_parser("dashboard", parents=[common], help="start the Voila dashboard")
    dash.add_argument("--host", default="127.0.0.1")
    dash.add_argument("--port", type=port_int, default=8866)
    dash.add_argument("--no-browser", dest="open_browser", action="store_false")
    dash.set_defaults(handler=_cmd_dashboard)

    drill = sub.add_parser("drill", help="incident drills (arguments passed on)", add_help=False)
    drill.add_argument("drill_args", nargs=argparse.REMAINDER)
    drill.set_defaults(handler=_cmd_drill, lang=None)
    return parser


# --------------------------------------------------------------------------- helpers


def _out(text: str = "") -> None:
    print(text, file=sys.stdout)


def _err(text: str) -> None:
    print(text, file=sys.stderr)


@contextlib.contextmanager
def scenario_warnings(lang: str) -> Iterator[None]:
    """Show each :class:`ScenarioWarning` once, as a plain line on stderr (no file/line noise)."""
    seen: set[str] = set()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            yield
        finally:
            for w in caught:
                if issubclass(w.category, ScenarioWarning):
                    text = str(w.message)
                    if text not in seen:
                        seen.add(text)
                        _err(f"{t('cli_warning', lang)}: {text}")
                else:
                    warnings.showwarning(w.message, w.category, w.filename, w.lineno)


def _module(name: str):
    """Import ``simkit.<name>`` if that module exists yet, else None (import errors still raise)."""
    full = f"simkit.{name}"
    if importlib.util.find_spec(full) is None:
        return None
    return importlib.import_module(full)


def _missing(what: str, lang: str) -> int:
    _err(t("cli_not_available", lang).format(what=what))
    return EXIT_BAD_INPUT


def load(source: str, overrides: Sequence[tuple[str, str]], lang: str):
    """Load a scenario (name or path) and apply ``--set`` overrides; raises ScenarioError."""
    from simkit.scenario import load_scenario, with_overrides

    path = Path(source)
    parent = _check_scenario_file(path, lang) if path.is_file() else None
    try:
        scenario = load_scenario(source, lang=lang)
    except UnicodeDecodeError as exc:
        raise UsageError(f"{source}: {t('cli_not_utf8', lang)} ({exc.reason})") from None
    except ScenarioError as exc:
        if parent is None or _same_file(exc.source, path):
            raise
        if exc.source == parent and [f for f, _, _ in exc.problems] == [""]:
            # extends names no scenario: point at this file's extends line
            raise ScenarioError(
                str(source), [("extends", parent, exc.problems[0][2])], lang
            ) from None
        # the problem is inside the scenario this file extends: say which file led there
        exc.source = f"{exc.source} ({t('cli_extends_of', lang).format(file=source)})"
        raise
    if overrides:
        scenario = with_overrides(scenario, _as_dict(overrides, "--set"), lang=lang)
    return scenario


def _check_scenario_file(path: Path, lang: str) -> str | None:
    """Catch what YAML itself lets through: an empty file, a key written twice.

    PyYAML reads an empty file as "no changes" (the defaults run silently) and keeps the last
    of two equal keys; both are typing mistakes a PPS officer would never see. Returns the
    ``extends`` value, if any. Undecodable or malformed YAML is left to the scenario loader,
    which names the line.
    """
    try:
        text = path.read_text(encoding="utf-8")
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except (UnicodeDecodeError, yaml.YAMLError, OSError):
        return None
    if root is None:
        raise UsageError(f"{path}: {t('cli_empty_scenario', lang)}")
    _check_duplicate_keys(root, path, lang)
    if isinstance(root, yaml.MappingNode):
        for key, value in root.value:
            if key.value == "extends" and isinstance(value, yaml.ScalarNode):
                return str(value.value)
    return None


def _check_duplicate_keys(node: yaml.Node, path: Path, lang: str, where: str = "") -> None:
    if isinstance(node, yaml.MappingNode):
        first: dict[str, int] = {}
        for key, value in node.value:
            name = str(getattr(key, "value", ""))
            dotted = f"{where}.{name}" if where else name
            line = key.start_mark.line + 1
            if name in first and name != "<<":
                raise UsageError(
                    f"{path}: "
                    + t("cli_duplicate_key", lang).format(line=line, key=dotted, first=first[name])
                )
            first.setdefault(name, line)
            _check_duplicate_keys(value, path, lang, dotted)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _check_duplicate_keys(item, path, lang, f"{where}.{i}" if where else str(i))


def _same_file(name: str, path: Path) -> bool:
    try:
        return Path(name).resolve() == path.resolve()
    except (OSError, ValueError):
        return False


def _check_out(out: Path | None, lang: str) -> None:
    """Refuse an ``--out`` that is a file before hours of simulation, not after."""
    if out is None:
        return
    if out.exists() and not out.is_dir():
        raise UsageError(f"--out {out}: {t('cli_not_a_folder', lang)}")
    try:  # the folder is written anyway; making it now fails fast on a bad path
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(
            f"--out {out}: {t('cli_cannot_write', lang)} ({exc.strerror or exc})"
        ) from None
    if not os.access(out, os.W_OK):
        raise UsageError(f"--out {out}: {t('cli_cannot_write', lang)}")


def _as_dict(pairs: Sequence[tuple[str, Any]], option: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise UsageError(f"{option} {key}: dua kali / given twice")
        out[key] = value
    return out


# --------------------------------------------------------------------------- commands


def _cmd_run(args: argparse.Namespace) -> int:
    from simkit import report

    lang = args.lang
    with scenario_warnings(lang):
        scenario = load(args.scenario, args.overrides, lang)
    _check_out(args.out, lang)
    if args.reps == 1:
        day = report.simulate_day(scenario, seed=args.seed)
        _out(report.summary_table(day.summary, lang, scenario=scenario, seed=args.seed))
        if args.out:
            written = report.write_outputs(
                args.out,
                day=day,
                lang=lang,
                scenario=scenario,
                run_info={"seed": args.seed, "reps": 1, "overrides": dict(args.overrides)},
            )
            _out(report.files_written(written, lang))
            _warn_stale(report.stale_outputs(written), lang)
        return EXIT_OK
    reps = report.run_replications(
        scenario, args.reps, args.seed, executor=args.workers, progress=sys.stderr.isatty()
    )
    _out(report.replications_table(reps, lang, scenario=scenario, seed=args.seed))
    if args.out:
        first = reps.sort_values("replication").iloc[0]
        day = report.simulate_day(
            scenario, seed=int(first["seed"]), tps_id=str(first.get("tps_id", "TPS"))
        )
        written = report.write_outputs(
            args.out,
            day=day,
            replications=reps,
            lang=lang,
            scenario=scenario,
            run_info={"seed": args.seed, "reps": args.reps, "overrides": dict(args.overrides)},
        )
        _out(report.files_written(written, lang))
        _warn_stale(report.stale_outputs(written), lang)
    return EXIT_OK


def _warn_stale(paths: Sequence[Path], lang: str) -> None:
    if paths:
        names = ", ".join(p.name for p in paths)
        _err(f"{t('cli_warning', lang)}: {t('cli_stale_files', lang).format(names=names)}")


def _cmd_validate(args: argparse.Namespace) -> int:
    lang = args.lang
    bad = 0
    for name in _expand(args.files):
        path = Path(name)
        try:
            with scenario_warnings(lang):
                if _is_incident(path):
                    incidents = _module("drills.incidents")
                    if incidents is None or not hasattr(incidents, "load_incident"):
                        _out(f"{name}: {t('cli_incident_skipped', lang)}")
                        continue
                    incidents.load_incident(path, lang=lang)
                else:
                    load(name, (), lang)
        except ScenarioError as exc:
            bad += 1
            _err(exc.render())
        except UsageError as exc:
            bad += 1
            _err(str(exc))
        except (ValueError, OSError, yaml.YAMLError) as exc:
            bad += 1
            _err(f"{name}: {exc}")
        else:
            _out(f"{name}: OK")
    return EXIT_BAD_INPUT if bad else EXIT_OK


def _expand(names: Sequence[str]) -> list[str]:
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


def _is_incident(path: Path) -> bool:
    parts = path.resolve().parts
    pairs = zip(parts, parts[1:], strict=False)
    return any(a == "scenarios" and b == "incidents" for a, b in pairs)


def _cmd_scenarios(args: argparse.Namespace) -> int:
    from simkit.scenario import list_scenarios, load_scenario

    lang = args.lang
    shipped = list_scenarios()
    if not shipped:
        _out(t("cli_no_scenarios", lang))
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
        _out(f"{name:<{width}}  {title}")
    return EXIT_OK


def _compare_inputs(args: argparse.Namespace) -> dict[str, Any]:
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
        per_name.setdefault(name, []).extend(_assignments(assigns))
    labelled: dict[str, Any] = {}
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
            base, list(args.overrides) + per_name.get(base, []) + _assignments(assigns), lang
        )
    if len(labelled) < 2:
        raise UsageError(t("cli_compare_needs_two", lang))
    return labelled


def _assignments(items: Sequence[str]) -> list[tuple[str, str]]:
    try:
        return [parse_assignment(s) for s in items]
    except argparse.ArgumentTypeError as exc:
        raise UsageError(str(exc)) from None


def _cmd_compare(args: argparse.Namespace) -> int:
    from simkit import report

    lang = args.lang
    experiment = _module("experiment")
    if experiment is None or not hasattr(experiment, "compare"):
        return _missing("simkit.experiment.compare", lang)
    with scenario_warnings(lang):
        labelled = _compare_inputs(args)
    _check_out(args.out, lang)
    table, frame = experiment.compare(
        labelled,
        reps=args.reps,
        seed=args.seed,
        executor=args.workers,
        progress=sys.stderr.isatty(),
        return_frame=True,
    )
    _out(report.comparison_table(table, labelled, lang, reps=args.reps, seed=args.seed))
    if args.out:
        written = report.write_frames(
            args.out, {"comparison": report.as_frame(table), "replications": frame}
        )
        _out(report.files_written(written, lang))
    return EXIT_OK


def _cmd_sweep(args: argparse.Namespace) -> int:
    from simkit import report

    lang = args.lang
    experiment = _module("experiment")
    if experiment is None or not hasattr(experiment, "sweep"):
        return _missing("simkit.experiment.sweep", lang)
    grid: dict[str, list[Any]] = {}
    for key, values in args.grid:
        if key in grid:
            raise UsageError(f"--grid {key}: dua kali / given twice")
        grid[key] = [_yaml_value(v) for v in values]
    with scenario_warnings(lang):
        scenario = load(args.scenario, args.overrides, lang)
        # check every grid value at the door, so a typo fails before hours of simulation
        from simkit.scenario import with_overrides

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
                    warnings.warn(
                        str(w.message).replace("--set", "--grid"), w.category, stacklevel=1
                    )
    _check_out(args.out, lang)
    with warnings.catch_warnings():  # each was shown once above, at the door
        warnings.simplefilter("ignore", ScenarioWarning)
        frame = experiment.sweep(
            scenario,
            grid,
            reps=args.reps,
            seed=args.seed,
            executor=args.workers,
            progress=sys.stderr.isatty(),
        )
    _out(report.sweep_table(frame, grid, lang))
    if args.out:
        written = report.write_frames(args.out, {"sweep": report.as_frame(frame)})
        _out(report.files_written(written, lang))
    return EXIT_OK


def _yaml_value(text: str) -> Any:
    from simkit.scenario import yaml_load  # "13:30" stays a clock time, not base-60 810

    try:
        return yaml_load(text)
    except yaml.YAMLError:
        return text


def _cmd_region(args: argparse.Namespace) -> int:
    lang = args.lang
    if args.region.is_dir():
        raise UsageError(f"{args.region}: {t('cli_is_folder', lang)}")
    if not args.region.is_file():
        raise UsageError(f"{args.region}: {t('cli_file_missing', lang)}")
    region = _module("region")
    if region is None:
        return _missing("simkit.region", lang)
    if hasattr(region, "main"):  # region.py may take over its own command line
        code = region.main(args)
        return EXIT_OK if code is None else int(code)
    if not hasattr(region, "run_region"):
        return _missing("simkit.region.run_region", lang)
    with scenario_warnings(lang):
        scenario = load(args.scenario, args.overrides, lang)  # fail fast on a bad scenario
        try:
            result = region.run_region(
                args.region,
                scenario=scenario,
                reps=args.reps,
                seed=args.seed,
                out_dir=args.out,
                workers=args.workers,
                dask=args.dask,
                progress=sys.stderr.isatty(),
                batch_size=args.chunk,
                dpt_cap=args.dpt_cap,
            )
        except getattr(region, "WorkerLost", ()) as exc:
            _err(f"simkit region: {exc}")
            return 1
    text = result.text(lang) if hasattr(result, "text") else str(result)
    _out(text)
    if Path(args.out).is_dir():
        listing = sorted(p.name + ("/" if p.is_dir() else "") for p in Path(args.out).iterdir())
        _out(t("cli_files_written", lang).format(dir=args.out) + "\n  " + "\n  ".join(listing))
    return EXIT_OK


def _cmd_dashboard(args: argparse.Namespace) -> int:
    dashboard = _module("dashboard")
    serve: Callable | None = getattr(dashboard, "serve", None) if dashboard else None
    if serve is None:
        app = _module("dashboard.app") if dashboard else None
        serve = getattr(app, "serve", None) if app else None
    if serve is None:
        return _missing("simkit.dashboard.serve", args.lang)
    try:
        code = serve(args.host, args.port, args.open_browser, lang=args.lang)
    except TypeError:  # an older serve() without the language
        code = serve(args.host, args.port, args.open_browser)
    return EXIT_OK if code is None else int(code)


def _cmd_drill(args: argparse.Namespace) -> int:
    drill = _module("drills")
    if drill is None or not hasattr(drill, "main"):
        return _missing("simkit.drills", args.lang)
    code = drill.main(list(args.drill_args))
    return EXIT_OK if code is None else int(code)


# --------------------------------------------------------------------------- entry point


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status (0 ok, 2 bad input)."""
    parser = build_parser()
    argv = sys.argv[1:] if argv is None else list(argv)
    if not argv:  # `simkit` alone: show the commands, not argparse's "required: COMMAND"
        parser.print_help(sys.stderr)
        return EXIT_BAD_INPUT
    head, drill_args = _split_drill(argv)
    try:
        args = parser.parse_args(head)
    except SystemExit as exc:  # argparse already printed its message (or --help)
        return exc.code if isinstance(exc.code, int) else EXIT_BAD_INPUT
    if drill_args is not None:
        args.drill_args = drill_args
        if args.global_lang and not any(a.startswith("--lang") for a in drill_args):
            args.drill_args = [*drill_args, "--lang", args.global_lang]
    args.lang = getattr(args, "lang", None) or args.global_lang or _default_lang()
    lang = args.lang
    try:
        return args.handler(args)
    except BrokenPipeError:  # `simkit run | head`: the reader left; stop quietly
        _silence_stdout()
        return EXIT_OK
    except (ScenarioError, UsageError, yaml.YAMLError, OSError, ValueError) as exc:
        if os.environ.get("SIMKIT_DEBUG"):  # developers want the traceback
            raise
        _err(describe_error(exc, args.command, lang))
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        resumable = args.command == "region"  # region parts already on disk are kept
        _err(t("cli_interrupted_resume" if resumable else "cli_interrupted", lang))
        return 130


def _split_drill(argv: list[str]) -> tuple[list[str], list[str] | None]:
    """``simkit [--lang L] drill ARGS...``: hand ARGS to the drill untouched.

    argparse's REMAINDER does not take arguments that start with ``-`` (``drill --help``,
    ``drill --list``), so the drill's own options are cut off here, before parsing.
    """
    i = 0
    while i < len(argv):
        arg = argv[i]
        if arg == "--lang":
            i += 2
            continue
        if arg.startswith("-"):
            i += 1
            continue
        if arg == "drill":
            return argv[: i + 1], argv[i + 1 :]
        break
    return argv, None


def _silence_stdout() -> None:
    # Python would report the broken pipe again when it flushes stdout at exit
    with contextlib.suppress(OSError, ValueError, AttributeError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


def describe_error(exc: BaseException, command: str, lang: str) -> str:
    """Render the one message shown for a bad input (no traceback)."""
    if isinstance(exc, ScenarioError):
        return exc.render()
    prefix = f"simkit {command}: {t('cli_error', lang)}"
    if isinstance(exc, yaml.YAMLError):
        return f"{prefix}: YAML: {exc}"
    if isinstance(exc, OSError):
        where = f"{exc.filename}: " if getattr(exc, "filename", None) else ""
        return f"{prefix}: {where}{exc.strerror or exc}"
    return f"{prefix}: {exc}"


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
