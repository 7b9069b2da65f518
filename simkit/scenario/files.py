"""Scenario files: safe YAML, ``extends:``, shipped names, load, save and dotted overrides."""

from __future__ import annotations

import copy
import re
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


class _Loader(yaml.SafeLoader):
    """YAML safe loader without YAML 1.1 base-60 numbers, so ``13:30`` stays a clock string."""


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
        if key in seen:
            raise DuplicateKeyError(key, seen[key], line)
        seen[key] = line
    return yaml.SafeLoader.construct_mapping(loader, node, deep=deep)


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def yaml_load(text: str) -> Any:
    """Read YAML safely; ``13:30`` is a clock string, never the base-60 number 810."""
    return yaml.load(text, Loader=_Loader)  # noqa: S506 - _Loader is a SafeLoader


def _file_problem(path: Path, lang: str, msg: str) -> ScenarioError:
    return ScenarioError(str(path), [("", MISSING, msg)], lang)


def read_yaml(path: Path, lang: str) -> dict:
    """The mapping in a YAML file; a :class:`ScenarioError` names any problem reading it."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        msg = t("scn_file_unreadable", lang).format(reason=exc.strerror)
        raise _file_problem(path, lang, msg) from None
    try:
        data = yaml_load(text)
    except DuplicateKeyError as exc:
        fields = {"key": exc.key, "first": exc.first_line, "second": exc.second_line}
        raise _file_problem(path, lang, t("scn_key_twice", lang).format(**fields)) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)  # only parse errors carry a position
        where = t("scn_yaml_line", lang).format(line=mark.line + 1) if mark else ""
        raise _file_problem(path, lang, t("scn_not_yaml", lang) + where) from None
    if data is None:
        raise _file_problem(path, lang, t("scn_file_empty", lang))
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
    if path.suffix in (".yaml", ".yml") or path.exists():
        return path
    msg = t("scn_unknown_scenario", lang).format(names=", ".join(shipped))
    raise ScenarioError(text, [("", MISSING, msg)], lang)


def _raw_data(source: str | Path, lang: str, seen: tuple = ()) -> tuple[dict, str]:
    path = _resolve_source(source, lang)
    data = read_yaml(path, lang)
    parent = data.pop("extends", None)
    if parent is not None:
        if not isinstance(parent, str) or parent in seen:
            msg = t("scn_bad_extends", lang)
            raise ScenarioError(str(path), [("extends", parent, msg)], lang)
        base, _ = _raw_data(parent, lang, seen + (parent,))
        base.pop("name", None)
        base.pop("title", None)
        base.pop("description", None)
        data = _deep_merge(base, data)
    data.setdefault("name", path.stem)
    return data, str(path)


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
