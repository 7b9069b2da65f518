"""Scenario problems: a validation error as file + dotted field + value + rule, in id or en."""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from typing import Any, get_args

from pydantic import BaseModel, ValidationError
from pydantic_core import PydanticCustomError

from simkit.i18n import t

__all__ = [
    "MISSING",
    "PYDANTIC_MESSAGE_KEYS",
    "ScenarioError",
    "ScenarioWarning",
    "bi_error",
    "field_names",
    "rule_error",
    "unknown_name_hint",
    "validation_problems",
]

MISSING = object()  # "no value to show" in a problem row
MAX_SHOWN_VALUE = 120  # characters of a bad value echoed in a message; a file may hold 1 MiB


class ScenarioWarning(UserWarning):
    """A legal but unusual value (for example DPT above KPU's 300 cap)."""


class ScenarioError(ValueError):
    """A scenario that cannot be used; ``problems`` lists (field, value, message) tuples."""

    def __init__(self, source: str, problems: list[tuple[str, Any, str]], lang: str = "id"):
        self.source = source
        self.problems = problems
        self.lang = lang
        super().__init__(self.render())

    def render(self) -> str:
        """One line per problem: file, dotted field, value and what is allowed."""
        lines = [t("scn_invalid_head", self.lang).format(source=self.source)]
        for field, value, message in self.problems:
            where = f"{self.source}: {field}" if field else self.source
            shown = "" if value is MISSING else f" = {_shown(value)}"
            lines.append(f"  - {where}{shown}: {message}")
        return "\n".join(lines)


def _shown(value: Any) -> str:
    """``repr(value)``, cut to :data:`MAX_SHOWN_VALUE` characters."""
    text = repr(value)
    if len(text) <= MAX_SHOWN_VALUE:
        return text
    return f"{text[: MAX_SHOWN_VALUE - 3]}... ({len(text)} chars)"


def bi_error(kind: str, id_text: str, en_text: str) -> PydanticCustomError:
    """A validation error carrying its message in both languages."""
    return PydanticCustomError(kind, "{en}", {"id": id_text, "en": en_text})


def rule_error(kind: str, key: str, **fields: Any) -> PydanticCustomError:
    """A validation error whose message is the i18n text ``key``, filled with ``fields``."""
    return bi_error(kind, t(key, "id").format(**fields), t(key, "en").format(**fields))


# pydantic's error kinds -> the i18n text that says what is allowed
PYDANTIC_MESSAGE_KEYS: dict[str, str] = {
    "greater_than_equal": "scn_ge",
    "greater_than": "scn_gt",
    "less_than_equal": "scn_le",
    "less_than": "scn_lt",
    "finite_number": "scn_finite",
    "int_type": "scn_whole_number",
    "int_parsing": "scn_whole_number",
    "int_from_float": "scn_whole_number",
    "float_type": "scn_number",
    "float_parsing": "scn_number",
    "bool_type": "scn_yes_no",
    "bool_parsing": "scn_yes_no",
    "string_type": "scn_text",
    "list_type": "scn_list",
    "dict_type": "scn_mapping",
    "tuple_type": "scn_start_end",
    "too_short": "scn_too_short",
    "too_long": "sec_yaml_too_long",
    "literal_error": "scn_allowed",
    "missing": "scn_required",
    "model_type": "scn_mapping",
    "model_attributes_type": "scn_mapping",
}


def field_names(model: Any, path: list[str]) -> list[str]:
    """Known keys at a dotted path of a pydantic model, for 'did you mean' hints."""
    current: Any = model
    for part in path:
        if part.isdigit():  # an item of a list
            continue
        fields = _model_fields(current)
        if part not in fields:
            return []
        current = _inner_model(fields[part].annotation)
        if current is None:
            return []
    return sorted(_model_fields(current))


def _model_fields(model: Any) -> dict[str, Any]:
    if isinstance(model, type) and issubclass(model, BaseModel):
        return dict(model.model_fields)
    return {}


def _inner_model(annotation: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in get_args(annotation):
        found = _inner_model(arg)
        if found is not None:
            return found
    return None


def unknown_name_hint(name: str, known: list[str], prefix: list[str], lang: str) -> str:
    """``"; did you mean 'tps.booths'?"`` for the known name closest to ``name``, else ``""``."""
    hint = difflib.get_close_matches(name, known, n=1)
    if not hint:
        return ""
    return t("scn_did_you_mean", lang).format(name=".".join(prefix + hint))


def _unknown_key(model: Any, loc: list[str], lang: str) -> str:
    known = field_names(model, loc[:-1])
    msg = t("scn_unknown_key", lang) + unknown_name_hint(loc[-1], known, loc[:-1], lang)
    if known:
        msg += t("scn_known_keys", lang).format(known=", ".join(known))
    return msg


def _rule_text(
    kind: str, ctx: dict[str, Any], lang: str, texts: Mapping[str, str | tuple[str, str]]
) -> str:
    """The message for a pydantic error kind from ``texts`` (an i18n key or an (id, en) pair)."""
    text = texts[kind]
    template = t(text, lang) if isinstance(text, str) else text[0 if lang == "id" else 1]
    values = dict(ctx)
    if lang == "id" and isinstance(values.get("expected"), str):
        values["expected"] = values["expected"].replace(" or ", " atau ")
    return template.format(**values)


def validation_problems(
    exc: ValidationError,
    lang: str,
    model: Any,
    messages: Mapping[str, str | tuple[str, str]] | None = None,
    cross_field: dict[str, str] | None = None,
) -> list[tuple[str, Any, str]]:
    """A pydantic error as ``(dotted field, value, message)`` rows in ``lang`` ("id" or "en").

    ``model`` gives the known keys for "did you mean" hints; ``messages`` adds texts for more
    error kinds (an i18n key, or an (id, en) pair); ``cross_field`` names the field of a check
    that spans several fields.
    """
    texts: dict[str, str | tuple[str, str]] = {**PYDANTIC_MESSAGE_KEYS, **(messages or {})}
    problems = []
    for err in exc.errors():
        loc = [str(p) for p in err["loc"] if not str(p).startswith("function-")]
        loc = [p for p in loc if p not in ("constrained-float", "constrained-int")]
        kind = err["type"]
        ctx = err.get("ctx") or {}
        field = ".".join(loc) or (cross_field or {}).get(kind, "")
        value = err.get("input", MISSING)
        if kind != "extra_forbidden" and (isinstance(value, dict) or not loc):
            value = MISSING  # a whole section: the message itself names the values
        if kind == "extra_forbidden":
            msg = _unknown_key(model, loc, lang)
            value = MISSING
        elif "id" in ctx and "en" in ctx:
            msg = ctx[lang]
        elif kind in texts:
            msg = _rule_text(kind, ctx, lang, texts)
        elif kind == "value_error":
            msg = str(ctx.get("error", err["msg"]))
        else:
            msg = err["msg"]
        if isinstance(value, (dict, list)) and len(repr(value)) > 80:
            value = MISSING
        problems.append((field, value, msg))
    return problems
