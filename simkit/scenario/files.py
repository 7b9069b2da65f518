"""Scenario files: safe YAML, ``extends:``, shipped names, load, save and dotted overrides."""

from __future__ import annotations

import copy
import re
import stat
import warnings
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from simkit.distributions import KNOWN_DISTRIBUTIONS, Distribution, Scaled
from simkit.i18n import t
from simkit.scenario.problems import (
    MISSING,
    ScenarioError,
    ScenarioWarning,
    field_names,
    unknown_name_hint,
    validation_problems,
)
from simkit.scenario.schema import Scenario
from simkit.tps import KPU_DPT_CAP, LEGAL_DPT_MAX, min_to_clock

SCENARIO_DIR = Path(__file__).resolve().parents[2] / "scenarios"

# --------------------------------------------------------------------------- YAML


# Limits on what a simkit YAML file (scenario or incident) may be. The standard scenario is
# about 10 KB and 5 levels deep; an incident about 3.5 KB. Each limit is stated in its message.
MAX_FILE_BYTES = 1024 * 1024  # 1 MiB: a hundred times the standard scenario; checked before reading
MAX_YAML_DEPTH = 32  # nesting levels of lists and mappings; the deepest shipped field has 5
# values (YAML nodes) in one file: the standard scenario has 614; 2,000 planted people fit. Pure
# Python YAML reads ~20,000 values a second, so 1 MiB of short values would take 10 s or more
MAX_YAML_NODES = 50_000
MAX_EXTENDS_DEPTH = 16  # files in one ``extends:`` chain; the shipped ones use at most 2


class RefusedYamlError(yaml.YAMLError):
    """Valid YAML refused in simkit files: aliases, anchors, merge keys, deep nesting, bulk.

    An alias repeats a value without writing it out: 342 bytes of nested aliases expand to a
    billion values (the "alias bomb"). simkit files never need them, so the composer refuses
    them at the first one, before anything walks or builds the value. ``kind`` is "alias",
    "anchor", "merge" or "depth"; ``read_yaml`` tells users in their language.
    """

    def __init__(self, kind: str, line: int, name: str = ""):
        self.kind, self.line, self.name = kind, line, name
        super().__init__(f"line {line}: {kind} {name} is not allowed in simkit files")


class FileTooBigError(OSError):
    """A file larger than :data:`MAX_FILE_BYTES` (``size`` is None when read from a stream)."""

    def __init__(self, size: int | None):
        self.size = size
        super().__init__(f"larger than {MAX_FILE_BYTES} bytes")


def read_text_capped(path: Path) -> str:
    """The UTF-8 text of ``path``, refused past :data:`MAX_FILE_BYTES` before it is read.

    A regular file is measured with ``stat`` first; a pipe or special file (``/dev/zero``) is
    read at most one byte past the limit. Raises :class:`FileTooBigError`, ``OSError`` or
    ``UnicodeDecodeError``.
    """
    info = path.stat()
    if stat.S_ISREG(info.st_mode) and info.st_size > MAX_FILE_BYTES:
        raise FileTooBigError(info.st_size)
    with path.open("rb") as f:
        raw = f.read(MAX_FILE_BYTES + 1)
    if len(raw) > MAX_FILE_BYTES:
        raise FileTooBigError(info.st_size if stat.S_ISREG(info.st_mode) else None)
    return raw.decode("utf-8")


class _Loader(yaml.SafeLoader):
    """YAML safe loader for simkit files.

    No YAML 1.1 base-60 numbers, so ``13:30`` stays a clock string; no aliases, anchors or
    merge keys, and at most :data:`MAX_YAML_DEPTH` levels, refused while composing (before any
    value is built or walked).
    """

    def __init__(self, stream: Any):
        super().__init__(stream)
        self._depth = 0
        self._nodes = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        event = self.peek_event()
        line = event.start_mark.line + 1
        if isinstance(event, yaml.AliasEvent):
            raise RefusedYamlError("alias", line, f"*{event.anchor}")
        anchor = getattr(event, "anchor", None)
        if anchor is not None:
            raise RefusedYamlError("anchor", line, f"&{anchor}")
        if self._depth >= MAX_YAML_DEPTH:
            raise RefusedYamlError("depth", line)
        self._nodes += 1
        if self._nodes > MAX_YAML_NODES:
            raise RefusedYamlError("nodes", line)
        self._depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def compose_mapping_node(self, anchor: Any) -> Any:
        node = super().compose_mapping_node(anchor)
        for key, _ in node.value:
            if key.tag == "tag:yaml.org,2002:merge":
                raise RefusedYamlError("merge", key.start_mark.line + 1, "<<")
        return node

    def construct_object(self, node: Any, deep: bool = False) -> Any:
        try:
            return super().construct_object(node, deep=deep)
        except (ValueError, OverflowError) as exc:  # 2024-02-30, an int of 5,000 digits
            raise yaml.constructor.ConstructorError(
                None, None, f"cannot read this value ({exc})", node.start_mark
            ) from None


_Loader.yaml_implicit_resolvers = {
    key: [
        (tag, regex)
        for tag, regex in resolvers
        if tag not in ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float")
    ]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:int",
    re.compile(r"^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+)$"),
    list("-+0123456789"),
)
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(
        r"^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+]?[0-9]+)?|\.[0-9_]+(?:[eE][-+]?[0-9]+)?"
        r"|[-+]?[0-9][0-9_]*[eE][-+]?[0-9]+|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
    ),
    list("-+0123456789."),
)


class DuplicateKeyError(yaml.YAMLError):
    """A key written twice in one mapping (YAML would silently keep the last)."""

    def __init__(self, key: Any, first_line: int, second_line: int):
        self.key, self.first_line, self.second_line = key, first_line, second_line
        # for developers; read_yaml tells users in their language (scn_key_twice)
        super().__init__(f"key {key!r} appears twice (lines {first_line} and {second_line})")


def _construct_mapping(loader: yaml.SafeLoader, node: yaml.MappingNode, deep: bool = False):
    seen: dict[Any, int] = {}
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        line = key_node.start_mark.line + 1
        try:
            hash(key)
        except TypeError:  # a list or mapping as a key: YAML's own message names the line
            raise yaml.constructor.ConstructorError(
                "while constructing a mapping",
                node.start_mark,
                "found unhashable key",
                key_node.start_mark,
            ) from None
        if key in seen:
            raise DuplicateKeyError(key, seen[key], line)
        seen[key] = line
    return yaml.SafeLoader.construct_mapping(loader, node, deep=deep)


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def yaml_load(text: str) -> Any:
    """Read YAML safely; ``13:30`` is a clock string, never the base-60 number 810.

    Aliases, anchors, merge keys and nesting past :data:`MAX_YAML_DEPTH` raise
    :class:`RefusedYamlError` (a ``yaml.YAMLError``).
    """
    return yaml.load(text, Loader=_Loader)  # noqa: S506 - _Loader is a SafeLoader


def yaml_compose(text: str) -> yaml.Node | None:
    """The YAML node tree of ``text``, with the refusals of :func:`yaml_load` (no aliases)."""
    return yaml.compose(text, Loader=_Loader)  # noqa: S506 - _Loader is a SafeLoader


def _file_problem(path: Path, lang: str, msg: str) -> ScenarioError:
    return ScenarioError(str(path), [("", MISSING, msg)], lang)


def refused_yaml_message(exc: RefusedYamlError, lang: str) -> str:
    """The rule a refused YAML construct broke, with its line, in ``lang``."""
    if exc.kind == "depth":
        return t("sec_yaml_too_deep", lang).format(line=exc.line, limit=MAX_YAML_DEPTH)
    if exc.kind == "nodes":
        return t("sec_yaml_too_many", lang).format(line=exc.line, limit=MAX_YAML_NODES)
    if exc.kind == "merge":
        return t("sec_yaml_merge", lang).format(line=exc.line)
    return t("sec_yaml_alias", lang).format(line=exc.line, name=exc.name)


def too_big_message(exc: FileTooBigError, lang: str) -> str:
    """The file size limit, stated in ``lang``."""
    limit = {"limit": MAX_FILE_BYTES, "mib": MAX_FILE_BYTES // (1024 * 1024)}
    if exc.size is None:
        return t("sec_yaml_too_big_stream", lang).format(**limit)
    return t("sec_yaml_too_big", lang).format(size=exc.size, **limit)


def read_yaml(path: Path, lang: str, empty_key: str = "scn_file_empty") -> dict:
    """The mapping in a YAML file; a :class:`ScenarioError` names any problem reading it.

    The file is refused past :data:`MAX_FILE_BYTES` before it is read, and YAML aliases,
    anchors, merge keys and deep nesting are refused while composing. ``empty_key`` is the
    i18n text for an empty file (incidents have their own: no ``extends:`` hint).
    """
    try:
        text = read_text_capped(path)
    except FileTooBigError as exc:
        raise _file_problem(path, lang, too_big_message(exc, lang)) from None
    except UnicodeDecodeError as exc:
        msg = t("sec_yaml_not_utf8", lang).format(reason=exc.reason)
        raise _file_problem(path, lang, msg) from None
    except (OSError, ValueError) as exc:  # ValueError: a NUL in the name
        reason = getattr(exc, "strerror", None) or exc
        msg = t("scn_file_unreadable", lang).format(reason=reason)
        raise _file_problem(path, lang, msg) from None
    try:
        data = yaml_load(text)
    except RefusedYamlError as exc:
        raise _file_problem(path, lang, refused_yaml_message(exc, lang)) from None
    except DuplicateKeyError as exc:
        fields = {"key": exc.key, "first": exc.first_line, "second": exc.second_line}
        raise _file_problem(path, lang, t("scn_key_twice", lang).format(**fields)) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)  # only parse errors carry a position
        where = t("scn_yaml_line", lang).format(line=mark.line + 1) if mark else ""
        raise _file_problem(path, lang, t("scn_not_yaml", lang) + where) from None
    if data is None:
        raise _file_problem(path, lang, t(empty_key, lang))
    if not isinstance(data, dict):
        raise _file_problem(path, lang, t("scn_file_not_mapping", lang))
    return data


# --------------------------------------------------------------------------- loading


def list_scenarios() -> dict[str, Path]:
    """Shipped scenarios: name (relative path without .yaml) -> file."""
    out = {}
    for path in sorted(SCENARIO_DIR.rglob("*.yaml")):
        rel = path.relative_to(SCENARIO_DIR).with_suffix("").as_posix()
        if rel.startswith("incidents/"):
            continue
        out[rel] = path
    return out


def _deep_merge(base: dict, update: Mapping) -> dict:
    out = copy.deepcopy(base)
    for key, value in update.items():
        if isinstance(value, Mapping) and isinstance(out.get(key), dict) and "dist" not in value:
            out[key] = _deep_merge(out[key], value)
        else:
            out[key] = copy.deepcopy(value)
    return out


def _resolve_source(source: str | Path, lang: str) -> Path:
    shipped = list_scenarios()
    text = str(source)
    if text in shipped:
        return shipped[text]
    path = Path(text)
    if path.suffix in (".yaml", ".yml") or _exists(path):
        return path
    msg = t("scn_unknown_scenario", lang).format(names=", ".join(shipped))
    raise ScenarioError(text, [("", MISSING, msg)], lang)


def _exists(path: Path, file: bool = False) -> bool:
    """``path.exists()`` (``is_file()``), False for a name the system refuses (too long, NUL)."""
    try:
        return path.is_file() if file else path.exists()
    except (OSError, ValueError):
        return False


def _resolve_extends(parent: str, child: Path, lang: str) -> Path:
    """The file ``extends: parent`` in ``child`` names.

    A relative path is read against the extending file's own folder (not the current folder),
    then as a shipped name; an absolute path as it is. Anything else is a problem of ``child``'s
    ``extends`` field.
    """
    shipped = list_scenarios()
    path = Path(parent)
    beside = path if path.is_absolute() else child.parent / path
    if _exists(beside, file=True):
        return beside
    if parent in shipped:
        return shipped[parent]
    fields = {"folder": child.parent, "names": ", ".join(shipped)}
    msg = t("sec_yaml_extends_unknown", lang).format(**fields)
    raise ScenarioError(str(child), [("extends", parent, msg)], lang)


def _raw_data(source: str | Path, lang: str) -> tuple[dict, str]:
    path = _resolve_source(source, lang)
    data = _file_data(path, lang, ())
    data.setdefault("name", path.stem)
    return data, str(path)


def _file_data(path: Path, lang: str, seen: tuple) -> dict:
    """The mapping of ``path`` merged over the files it extends (``seen``: the files below)."""
    data = read_yaml(path, lang)
    parent = data.pop("extends", None)
    if parent is None:
        return data
    if not isinstance(parent, str):
        raise ScenarioError(str(path), [("extends", parent, t("scn_bad_extends", lang))], lang)
    chain = seen + (_same(path),)
    if len(chain) >= MAX_EXTENDS_DEPTH:
        msg = t("sec_yaml_extends_deep", lang).format(limit=MAX_EXTENDS_DEPTH)
        raise ScenarioError(str(path), [("extends", parent, msg)], lang)
    base_path = _resolve_extends(parent, path, lang)
    if _same(base_path) in chain:
        raise ScenarioError(str(path), [("extends", parent, t("scn_bad_extends", lang))], lang)
    base = _file_data(base_path, lang, chain)
    for key in ("name", "title", "description"):
        base.pop(key, None)
    return _deep_merge(base, data)


def _same(path: Path) -> str:
    """A key that is equal for two spellings of one file."""
    try:
        return str(path.resolve())
    except (OSError, RuntimeError):
        return str(path)


def validate_data(data: Mapping, source: str = "<dict>", lang: str = "id") -> Scenario:
    """Validate a mapping as a scenario; raise :class:`ScenarioError` listing every problem."""
    try:
        scenario = Scenario.model_validate(dict(data))
    except ValidationError as exc:
        raise ScenarioError(source, validation_problems(exc, lang, Scenario), lang) from None
    dpt = scenario.tps.voters_dpt
    if dpt > KPU_DPT_CAP:
        fields = {"source": source, "dpt": dpt, "cap": KPU_DPT_CAP, "max": LEGAL_DPT_MAX}
        msg = t("scn_dpt_above_cap", lang).format(**fields)
        warnings.warn(msg, ScenarioWarning, stacklevel=2)
    h = scenario.hours
    if h.enforce_close and (h.voting_open, h.voting_close) != (0.0, 360.0):
        hours = f"{min_to_clock(h.voting_open)}-{min_to_clock(h.voting_close)}"
        msg = t("scn_hours_off_rule", lang).format(source=source, hours=hours)
        warnings.warn(msg, ScenarioWarning, stacklevel=2)
    return scenario


def load_scenario(
    source: str | Path | Mapping | Scenario = "tps_standar_2024", lang: str = "id"
) -> Scenario:
    """Load a scenario from a shipped name, a YAML path, a mapping, or return a Scenario as is."""
    if isinstance(source, Scenario):
        return source
    if isinstance(source, Mapping):
        data = dict(source)
        parent = data.pop("extends", None)
        if parent is not None:
            if not isinstance(parent, (str, Path)):
                msg = t("scn_bad_extends", lang)
                raise ScenarioError("<dict>", [("extends", parent, msg)], lang)
            base, _ = _raw_data(parent, lang)
            data = _deep_merge(base, data)
        return validate_data(data, "<dict>", lang)
    data, where = _raw_data(source, lang)
    return validate_data(data, where, lang)


# --------------------------------------------------------------------------- saving


def scenario_to_dict(scenario: Scenario) -> dict:
    """A plain mapping that :func:`load_scenario` reads back to an equal scenario."""
    return _plain(scenario)


def _plain(obj: Any) -> Any:
    if isinstance(obj, BaseModel):
        return {k: _plain(getattr(obj, k)) for k in type(obj).model_fields}
    if isinstance(obj, Distribution):
        return _dist_spec(obj)
    if isinstance(obj, dict):
        return {k: _plain(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_plain(v) for v in obj]
    return obj


def _dist_spec(dist: Distribution) -> dict:
    for name, (cls, params) in KNOWN_DISTRIBUTIONS.items():
        if type(dist) is cls:
            spec: dict[str, Any] = {"dist": name}
            for p in params:
                value = getattr(dist, p)  # the parameters KNOWN_DISTRIBUTIONS names
                spec[p] = list(value) if isinstance(value, tuple) else value
            return spec
    if isinstance(dist, Scaled):
        return (
            _dist_spec(dist.base.scaled(dist.factor)) if not isinstance(dist.base, Scaled) else {}
        )
    raise TypeError(f"cannot write {dist!r}")


def save_scenario(scenario: Scenario, path: str | Path) -> None:
    """Write a scenario as YAML."""
    Path(path).write_text(
        yaml.safe_dump(scenario_to_dict(scenario), sort_keys=False, allow_unicode=True),
        encoding="utf-8",
    )


# --------------------------------------------------------------------------- overrides

# mappings keyed by ballot type, member or panel may gain keys
_OPEN_MAPPINGS = (
    "type_factor",
    "invalid_share",
    "c_hasil_fill",
    "salinan_pages",
    "roles",
    "panels",
    "panel_members",
    "dptb_entitlement",
    "role_s",
)


def _parse_override_value(value: Any) -> Any:
    if isinstance(value, str):
        try:
            return yaml_load(value)
        except yaml.YAMLError:
            return value
    return value


def _set_dotted(data: dict, dotted: str, raw: Any, lang: str) -> str | None:
    """Set ``data[a][b][c] = raw`` for ``"a.b.c"``; the message if the field is unknown."""
    parts = dotted.split(".")
    node = data
    for i, part in enumerate(parts[:-1]):
        if not isinstance(node.get(part), dict):
            return _unknown_field(parts[: i + 1], lang)
        node = node[part]
    accepts_new = len(parts) >= 2 and parts[-2] in _OPEN_MAPPINGS
    if parts[-1] in node or accepts_new:
        node[parts[-1]] = _parse_override_value(raw)
        return None
    return _unknown_field(parts, lang)


def _unknown_field(bad: list[str], lang: str) -> str:
    known = field_names(Scenario, bad[:-1])
    return t("scn_unknown_field", lang) + unknown_name_hint(bad[-1], known, [], lang)


def with_overrides(
    scenario: Scenario | str | Mapping, overrides: Mapping[str, Any] | None = None, lang: str = "id"
) -> Scenario:
    """A copy of ``scenario`` with dotted fields replaced: ``{"staff.kpps": 5}``.

    String values are read as YAML (``"5"`` is 5, ``"13:30"`` stays a clock string). Unknown
    fields and bad values raise :class:`ScenarioError`.
    """
    base = load_scenario(scenario, lang=lang)
    if not overrides:
        return base
    data = scenario_to_dict(base)
    problems = []
    for dotted, raw in overrides.items():
        msg = _set_dotted(data, str(dotted), raw, lang)
        if msg is not None:
            problems.append((str(dotted), MISSING, msg))
    if problems:
        raise ScenarioError(f"--set ({base.name})", problems, lang)
    return validate_data(data, f"{base.name} + --set", lang)
