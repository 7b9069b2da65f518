"""Checks of a scenario file's YAML text that YAML itself lets through: empty file, a key twice."""

from __future__ import annotations

from pathlib import Path

import yaml

from simkit.i18n import t
from simkit.scenario.files import read_text_capped, yaml_compose

__all__ = [
    "ScenarioFileError",
    "check_duplicate_keys",
    "check_scenario_file",
    "compose_file",
    "same_file",
]


class ScenarioFileError(ValueError):
    """A scenario file that reads as YAML but cannot be what its writer meant; names the file."""


def check_scenario_file(path: Path, lang: str = "id") -> str | None:
    """Catch what YAML itself lets through: an empty file, a key written twice.

    PyYAML reads an empty file as "no changes" (the defaults run silently) and keeps the last
    of two equal keys; both are typing mistakes a PPS officer would never see. Returns the
    ``extends`` value, if any. Undecodable or malformed YAML is left to the scenario loader,
    which names the line. Raises :class:`ScenarioFileError` in ``lang``.
    """
    try:
        root = compose_file(path)
    except (ValueError, yaml.YAMLError, OSError):  # ValueError: not UTF-8, a NUL in the name
        return None  # too big, aliases, bad YAML: the loader names the file, line and rule
    if root is None:
        raise ScenarioFileError(f"{path}: {t('cli_empty_scenario', lang)}")
    check_duplicate_keys(root, path, lang)
    if isinstance(root, yaml.MappingNode):
        for key, value in root.value:
            if key.value == "extends" and isinstance(value, yaml.ScalarNode):
                return str(value.value)
    return None


def compose_file(path: Path) -> yaml.Node | None:
    """The YAML node tree of ``path``: size-capped, no aliases or anchors, bounded depth.

    Raises ``OSError`` (also :class:`~simkit.scenario.files.FileTooBigError`),
    ``UnicodeDecodeError`` or ``yaml.YAMLError`` (also
    :class:`~simkit.scenario.files.RefusedYamlError`). Without aliases the tree is a tree: each
    node is reached once, so walking it is linear in the file size.
    """
    return yaml_compose(read_text_capped(path))


def check_duplicate_keys(node: yaml.Node, path: Path, lang: str = "id", where: str = "") -> None:
    """Raise :class:`ScenarioFileError` at the second of two equal keys (dotted name, lines).

    ``node`` comes from :func:`compose_file`, which refuses aliases: no node is walked twice.
    """
    if isinstance(node, yaml.MappingNode):
        first: dict[str, int] = {}
        for key, value in node.value:
            name = str(key.value)
            dotted = f"{where}.{name}" if where else name
            line = key.start_mark.line + 1
            if name in first and name != "<<":
                raise ScenarioFileError(
                    f"{path}: "
                    + t("cli_duplicate_key", lang).format(line=line, key=dotted, first=first[name])
                )
            first.setdefault(name, line)
            check_duplicate_keys(value, path, lang, dotted)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            check_duplicate_keys(item, path, lang, f"{where}.{i}" if where else str(i))


def same_file(name: str, path: Path) -> bool:
    """Whether the file named ``name`` is ``path`` (False when either cannot be resolved)."""
    try:
        return Path(name).resolve() == path.resolve()
    except (OSError, ValueError):
        return False
