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

__all__ = ["as_dict", "check_out", "load", "scenario_warnings"]


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


def check_out(out: Path | None, lang: str) -> None:
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


def as_dict(pairs: Sequence[tuple[str, Any]], option: str) -> dict[str, Any]:
    """``[(key, value), ...]`` as a dict; a key given twice is a UsageError naming ``option``."""
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise UsageError(f"{option} {key}: {both_languages('cli_given_twice')}")
        out[key] = value
    return out
