"""The root parser and what every command shares: options, argument types, exit codes, errors."""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import time
from collections.abc import Callable, Sequence
from typing import TypeAlias

import yaml

import simkit
from simkit.i18n import t
from simkit.scenario import ScenarioError

__all__ = [
    "DEFAULT_SCENARIO",
    "EXIT_BAD_INPUT",
    "EXIT_INTERRUPTED",
    "EXIT_OK",
    "MAX_REPS",
    "PlainProgress",
    "Subparsers",
    "UsageError",
    "WORKERS_HERE",
    "add_set",
    "assignments",
    "both_languages",
    "default_lang",
    "describe_error",
    "lang_option",
    "parse_assignment",
    "parse_grid",
    "port_int",
    "positive_int",
    "progress_report",
    "reps_int",
    "repro_options",
    "root_parser",
    "say",
    "seed_int",
    "silence_stdout",
    "warn",
]

DEFAULT_SCENARIO = "tps_standar_2024"
EXIT_OK = 0
EXIT_BAD_INPUT = 2
EXIT_INTERRUPTED = 130

# --reps of run, compare, sweep and region: the bound of simkit.experiment.MAX_REPS, stated
# here so that `simkit --help` need not import the experiment package (a test keeps them equal).
# A million TPS-days is about a day of CPU on one core; a larger number is a typo.
MAX_REPS = 1_000_000
# a run shorter than this prints no progress lines at all (off a terminal, where no bar shows)
PROGRESS_QUIET_S = 10.0
# then one line at most this often, so a log of a day-long run stays a few hundred lines
PROGRESS_EVERY_S = 30.0
# how much of a word typed on the command line an error message repeats
ECHO_CHARS = 40

# --workers of run, compare and sweep (region has its own default: every CPU)
WORKERS_HERE = "local worker processes for replications (default: this process)"

# what add_subparsers() returns (argparse has no public name for it); commands register on it
Subparsers: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"


class UsageError(Exception):
    """Bad command-line input found after parsing; the message is shown as is (exit 2)."""


def say(text: str = "") -> None:
    """One line of a command's result, on stdout."""
    print(text, file=sys.stdout)


def warn(text: str) -> None:
    """One line of a warning or an error, on stderr."""
    print(text, file=sys.stderr)


def both_languages(key: str) -> str:
    """``"<Bahasa> / <English>"``: for messages written before the language is known."""
    return f"{t(key, 'id')} / {t(key, 'en')}"


# --------------------------------------------------------------------------- argument types


def whole_number(low: int, high: int | None, what: str) -> Callable[[str], int]:
    """An argparse type reading a whole number from ``low`` to ``high`` (no upper bound: None)."""

    def read(text: str) -> int:
        try:
            value = int(text)
        except ValueError:  # not a number, or more than 4,300 digits
            value = None
        if value is None or value < low or (high is not None and value > high):
            allowed = f">= {low}" if high is None else f"{low}-{high}"
            shown = text if len(text) <= ECHO_CHARS else f"{text[: ECHO_CHARS - 3]}..."
            raise argparse.ArgumentTypeError(
                f"{shown!r}: {t('cli_whole_number', 'id').format(allowed=allowed)}"
                f" / {t('cli_whole_number', 'en').format(allowed=allowed)} ({what})"
            )
        return value

    read.__name__ = what  # argparse names the type in some messages
    return read


positive_int = whole_number(1, None, "workers, batch size")
reps_int = whole_number(1, MAX_REPS, "replications, MAX_REPS")
seed_int = whole_number(0, None, "seed")
port_int = whole_number(1, 65535, "port")


def parse_assignment(text: str) -> tuple[str, str]:
    """``"staff.kpps=5"`` -> ``("staff.kpps", "5")``; anything else is an argparse error."""
    key, sep, value = text.partition("=")
    key = key.strip()
    if not sep or not key or not value.strip():
        raise argparse.ArgumentTypeError(f"{text!r}: {both_languages('cli_key_value')}")
    return key, value.strip()


def parse_grid(text: str) -> tuple[str, list[str]]:
    """``"staff.kpps=5,6,7"`` -> ``("staff.kpps", ["5", "6", "7"])`` for ``--grid``."""
    key, value = parse_assignment(text)
    values = [v.strip() for v in value.split(",")]
    if any(not v for v in values):
        raise argparse.ArgumentTypeError(
            f"{text!r}: {both_languages('cli_empty_in_list')} (e.g. staff.kpps=5,6,7)"
        )
    return key, values


def assignments(items: Sequence[str]) -> list[tuple[str, str]]:
    """``KEY=VALUE`` words given after a label (``--variant``, ``--set-for``); UsageError if not."""
    try:
        return [parse_assignment(s) for s in items]
    except argparse.ArgumentTypeError as exc:
        raise UsageError(str(exc)) from None


def lang_choice(text: str) -> str:
    """The ``--lang`` type: ``id`` or ``en``."""
    if text not in ("id", "en"):
        raise argparse.ArgumentTypeError(f"{text!r}: id | en")
    return text


def default_lang() -> str:
    """The language when no ``--lang`` is given: ``$SIMKIT_LANG`` if it is id or en, else id."""
    env = os.environ.get("SIMKIT_LANG", "id")
    return env if env in ("id", "en") else "id"


# --------------------------------------------------------------------------- shared options


def lang_option() -> argparse.ArgumentParser:
    """The ``--lang`` option after a command, as a parent parser."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--lang",
        type=lang_choice,
        default=None,
        help="language of the output: id (Bahasa Indonesia, default) or en",
    )
    return common


def repro_options(reps: int, workers_help: str) -> argparse.ArgumentParser:
    """``--reps`` (default ``reps``), ``--seed`` and ``--workers``, as a parent parser."""
    # a fresh parent per command: argparse shares parent actions, so set_defaults on one
    # command would change the default of every other
    repro = argparse.ArgumentParser(add_help=False)
    repro.add_argument(
        "--reps",
        type=reps_int,
        default=reps,
        help=f"replications (1-{MAX_REPS}, default {reps})",
    )
    repro.add_argument("--seed", type=seed_int, default=1, help="random seed (default 1)")
    repro.add_argument("--workers", type=positive_int, default=None, help=workers_help)
    return repro


def add_set(parser: argparse.ArgumentParser, help: str = "override a field, e.g. staff.kpps=5"):
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


def root_parser() -> tuple[argparse.ArgumentParser, Subparsers]:
    """The ``simkit`` parser with its global options, and the subparsers the commands join."""
    parser = argparse.ArgumentParser(prog="simkit", description=both_languages("cli_description"))
    parser.add_argument("--version", action="version", version=f"simkit {simkit.__version__}")
    parser.add_argument(
        "--lang",
        dest="global_lang",
        type=lang_choice,
        default=None,
        help="id | en (also after the command; default $SIMKIT_LANG or id)",
    )
    # a command that checks its own leftover words sets its own parser here (see cli.main)
    parser.set_defaults(strict_parser=None, env_lang=True)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    return parser, sub


# --------------------------------------------------------------------------- progress


def progress_report(lang: str) -> bool | Callable[[int, int], None]:
    """What a run reports as it goes: a bar on a terminal, else :class:`PlainProgress` lines."""
    return True if sys.stderr.isatty() else PlainProgress(lang)


class PlainProgress:
    """Plain progress lines with an ETA on stderr, for a long run whose stderr is a log or pipe.

    Called ``(done, total)`` after each batch. Silent for the first ``PROGRESS_QUIET_S`` seconds
    (a short run prints nothing), then one line at most every ``PROGRESS_EVERY_S`` seconds, and a
    last line at the end if any was printed.
    """

    def __init__(self, lang: str, clock: Callable[[], float] = time.monotonic, write=warn):
        self.lang = lang
        self.clock = clock
        self.write = write
        self.start = clock()
        self.last: float | None = None  # when the last line was printed

    def __call__(self, done: int, total: int) -> None:
        """Print a line if the run is long and the last line is old enough (or it is over)."""
        now = self.clock()
        elapsed = now - self.start
        if done < total:
            if elapsed < PROGRESS_QUIET_S:
                return
            if self.last is not None and now - self.last < PROGRESS_EVERY_S:
                return
        elif self.last is None:
            return  # a short run: no line at all
        self.last = now
        self.write(self.line(done, total, elapsed))

    def line(self, done: int, total: int, elapsed: float) -> str:
        """``simkit: 1.200/10.000 TPS-days (12%), 1:05 elapsed, about 7:56 left``."""
        from simkit.report.format import number  # lazy: numpy only once a run has started

        left = elapsed * (total - done) / done if done else float("nan")
        return t("sec_drill_progress", self.lang).format(
            done=number(done, self.lang, 0, grouping=True),
            total=number(total, self.lang, 0, grouping=True),
            pct=number(100.0 * done / max(total, 1), self.lang, 0),
            elapsed=_duration(elapsed),
            left=_duration(left) if done else "?",
        )


def _duration(seconds: float) -> str:
    """``H:MM:SS`` (or ``M:SS`` under an hour)."""
    s = max(0, round(seconds))
    h, rest = divmod(s, 3600)
    m, sec = divmod(rest, 60)
    return f"{h}:{m:02d}:{sec:02d}" if h else f"{m}:{sec:02d}"


# --------------------------------------------------------------------------- errors


def describe_error(exc: BaseException, command: str, lang: str) -> str:
    """Render the one message shown for a bad input (no traceback)."""
    if isinstance(exc, ScenarioError):
        return exc.render()
    prefix = f"simkit {command}: {t('cli_error', lang)}"
    if isinstance(exc, yaml.YAMLError):
        return f"{prefix}: YAML: {exc}"
    if isinstance(exc, OSError):
        where = f"{exc.filename}: " if exc.filename else ""
        return f"{prefix}: {where}{exc.strerror or exc}"
    return f"{prefix}: {exc}"


def silence_stdout() -> None:
    """After a broken pipe: point stdout at /dev/null so the exit flush stays quiet."""
    # Python would report the broken pipe again when it flushes stdout at exit
    with contextlib.suppress(OSError, ValueError, AttributeError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
