"""Inputs of the commands: a scenario with ``--set``, its warnings once, the ``--out`` folder."""

from __future__ import annotations

import contextlib
import os
import warnings
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from simkit.cli.parser import UsageError, both_languages, warn
from simkit.i18n import t
from simkit.scenario import (
    Scenario,
    ScenarioError,
    ScenarioWarning,
    load_scenario,
    with_overrides,
)
from simkit.scenario.filecheck import check_scenario_file, same_file

__all__ = ["FORCE_HELP", "add_force", "as_dict", "check_out", "load", "scenario_warnings"]

FORCE_HELP = "write into --out even if another command or scenario wrote that folder"


@contextlib.contextmanager
def scenario_warnings(lang: str) -> Iterator[None]:
    """Show each :class:`ScenarioWarning` once, as a plain line on stderr (no file/line noise)."""
    seen: set[str] = set()
    caught: list[warnings.WarningMessage] = []
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            yield
    finally:
        # shown after the recording ends: showing inside it would record the warning again
        # (and again, for ever)
        for w in caught:
            if issubclass(w.category, ScenarioWarning):
                text = str(w.message)
                if text not in seen:
                    seen.add(text)
                    warn(f"{t('cli_warning', lang)}: {text}")
            else:
                warnings.showwarning(w.message, w.category, w.filename, w.lineno)


def load(source: str, overrides: Sequence[tuple[str, str]], lang: str) -> Scenario:
    """Load a scenario (name or path) and apply ``--set`` overrides; raises ScenarioError."""
    path = Path(source)
    try:
        is_file = path.is_file()
    except (OSError, ValueError):  # a name too long, a NUL byte: the loader names the problem
        is_file = False
    parent = check_scenario_file(path, lang) if is_file else None
    try:
        scenario = load_scenario(source, lang=lang)
    except UnicodeDecodeError as exc:
        raise UsageError(f"{source}: {t('cli_not_utf8', lang)} ({exc.reason})") from None
    except ScenarioError as exc:
        if parent is None or same_file(exc.source, path):
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
        scenario = with_overrides(scenario, as_dict(overrides, "--set"), lang=lang)
    return scenario


def add_force(parser: Any) -> None:
    """Add ``--force``: write into an ``--out`` folder that another command or scenario wrote."""
    parser.add_argument("--force", action="store_true", help=FORCE_HELP)


def check_out(
    out: Path | str | None,
    lang: str,
    command: str | None = None,
    scenarios: Sequence[Scenario] = (),
    force: bool = False,
) -> None:
    """Refuse an ``--out`` that is a file before hours of simulation, not after.

    With ``command`` (``run``, ``compare``, ``sweep``, ``region``, ``drill``): also refuse a
    folder that another command, or the same command for another scenario (by name), wrote,
    unless ``force``; then record in the folder that ``command`` writes it (see
    :func:`simkit.report.files.output_owner`). A new or empty folder, a folder of the user's own
    files, and a rerun of the same command and scenario are fine.
    """
    if out is None or out == "":
        return
    out = Path(out)
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
    if command is None:
        return
    # lazy: the report files need pandas, which `simkit --help` must not pay for
    from simkit.report.files import output_owner, write_output_record

    name = scenarios[0].name if scenarios else None
    owner = output_owner(out)
    if owner is not None and not force:
        other_command = owner.get("command") != command
        other_scenario = name is not None and owner.get("scenario") not in (None, name)
        if other_command or other_scenario:
            raise UsageError(f"--out {out}: " + _other_owner(owner, command, name, lang))
    try:
        write_output_record(out, command, *scenarios)
    except OSError as exc:
        raise UsageError(
            f"--out {out}: {t('cli_cannot_write', lang)} ({exc.strerror or exc})"
        ) from None


def _other_owner(owner: dict[str, Any], command: str, name: str | None, lang: str) -> str:
    def of(scenario: Any) -> str:
        return t("sec_outputs_of_scenario", lang).format(name=scenario) if scenario else ""

    return t("sec_outputs_other_owner", lang).format(
        owner=owner.get("command"),
        owner_scenario=of(owner.get("scenario")),
        command=command,
        scenario=of(name),
    )


def as_dict(pairs: Sequence[tuple[str, Any]], option: str) -> dict[str, Any]:
    """``[(key, value), ...]`` as a dict; a key given twice is a UsageError naming ``option``."""
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise UsageError(f"{option} {key}: {both_languages('cli_given_twice')}")
        out[key] = value
    return out
