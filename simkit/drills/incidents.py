"""Rehearsal incidents: what happens at a TPS, the choices a KPPS has, and the rule that decides.

An incident file (``scenarios/incidents/*.yaml``) is validated once, at load, like a scenario: a
frozen pydantic model with ``extra="forbid"``. A bad file raises :class:`IncidentError` (a
:class:`simkit.ScenarioError`) naming the file, the dotted field, the value and what is allowed,
in Bahasa Indonesia or English.

Each choice carries its consequence inside the simulation (:class:`Effect`): a planted voter who is
served or turned away, members held away from their desks, minutes owed at a place, a recount, a
saksi objection, reserve ballots used up, and the counters a trainer scores (voters wrongly refused
or wrongly served, breaches of procedure, PSU risks). :mod:`simkit.model.incidents` applies them.

>>> from simkit.drills.incidents import list_incidents, load_incident
>>> inc = load_incident("dpt_tanpa_undangan")          # doctest: +SKIP
>>> [c.key for c in inc.choices if c.correct]          # doctest: +SKIP
['layani_dengan_ktp']
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import Field, ValidationError, field_validator, model_validator

from simkit.i18n import t
from simkit.scenario import (
    BALLOT_TYPES,
    KPPS_MEMBERS,
    MISSING,
    SCENARIO_DIR,
    BallotType,
    Clock,
    Count,
    Member,
    Number,
    ScenarioError,
    Section,
    YesNo,
    min_to_clock,
    read_text_capped,
    read_yaml,
    rule_error,
    validation_problems,
    yaml_compose,
)

__all__ = [
    "INCIDENT_DIR",
    "Choice",
    "Effect",
    "Incident",
    "IncidentError",
    "PlantedVoter",
    "Rule",
    "Trigger",
    "list_incidents",
    "load_all",
    "load_incident",
    "looks_like_incident",
    "validate_incident",
]

INCIDENT_DIR = SCENARIO_DIR / "incidents"
PLACES = ("entrance", "ketua_table", "booth", "boxes", "ink", "counting", "paperwork", "tps")
WAIVABLE = ("close", "dpk_hour", "dpk_reserve")
SLUG = re.compile(r"^[a-z0-9][a-z0-9_]*$")
# places a delay may name: counting, paperwork, and each ballot type's count and paperwork
MAX_DELAYS = 2 + 2 * len(BALLOT_TYPES)
DELAY_PLACE = re.compile(
    r"^(counting|paperwork|(count|paperwork):(" + "|".join(BALLOT_TYPES) + "))$"
)


class IncidentError(ScenarioError):
    """An incident file that cannot be used; same rendering as a scenario error."""

    def render(self) -> str:
        """One line per problem: file, dotted field, value and what is allowed."""
        text = super().render()
        first, _, rest = text.partition("\n")
        head = t("drill_inc_invalid", self.lang).format(source=self.source)
        return head + ("\n" + rest if rest else "")


class BiText(Section):
    """A text every trainer reads: both languages are required."""

    id: str = Field(min_length=1)
    en: str = Field(min_length=1)

    def get(self, lang: str) -> str:
        """Return the text in ``lang`` ("id" or "en")."""
        return self.en if lang == "en" else self.id


class Trigger(Section):
    """When an incident fires: at a clock time of the voting day, or when a box is opened."""

    at: Clock | None = None
    during_count: BallotType | None = None

    @model_validator(mode="after")
    def _exactly_one(self):
        if (self.at is None) == (self.during_count is None):
            raise rule_error("trigger", "drill_inc_trigger_one")
        if self.at is not None and not (-60.0 <= self.at <= 420.0):
            raise rule_error("trigger", "drill_inc_trigger_at")
        return self

    def describe(self, lang: str) -> str:
        """Describe the moment: "pukul 09:30", "when the DPR box is opened at the count"."""
        if self.at is not None:
            return t("drill_inc_when_at", lang).format(clock=min_to_clock(self.at))
        return t("drill_inc_when_count", lang).format(type=self.during_count)


class PlantedVoter(Section):
    """A person who meets the KPPS when the incident fires, and what the KPPS does with them.

    ``refuse`` empty: the person is served (votes); otherwise they are turned away at meja A and
    the text is the reason written in the voters table. ``waive`` lists rules the KPPS wrongly
    set aside for this person: ``close`` (arrived after 13:00), ``dpk_hour`` (DPK before 12:00),
    ``dpk_reserve`` (DPK served from ballots that are not the reserve).
    """

    category: Literal["DPT", "DPTb", "DPK", "OTHER"] = "DPT"
    types: Count | None = Field(None, ge=1, le=5)
    assisted: YesNo = False
    no_invitation: bool = False
    extra_ballots: YesNo = False
    spoil: Count = Field(0, ge=0, le=2)
    wrong_box: YesNo = False
    refuse: str = Field("", max_length=40)
    waive: list[Literal["close", "dpk_hour", "dpk_reserve"]] = Field(
        default_factory=list, max_length=len(WAIVABLE)
    )

    @field_validator("refuse")
    @classmethod
    def _reason(cls, value):
        if value and not SLUG.match(value):
            raise rule_error("reason", "drill_inc_reason")
        return value


class Hold(Section):
    """Members taken off their voting desks for some minutes (they finish the voter in hand)."""

    members: list[Member] = Field(min_length=1, max_length=len(KPPS_MEMBERS))
    minutes: Number = Field(gt=0, le=600)


class Effect(Section):
    """The consequence of a choice inside the simulated day."""

    voter: PlantedVoter | None = None
    hold: Hold | None = None
    delay: dict[str, Number] = Field(default_factory=dict, max_length=MAX_DELAYS)
    recount: list[BallotType] = Field(default_factory=list, max_length=len(BALLOT_TYPES))
    objection: dict[BallotType, Literal["answered", "corrected", "recount"]] = Field(
        default_factory=dict
    )
    take_reserve: dict[BallotType, Count] = Field(default_factory=dict)
    psu_risk: Count = Field(0, ge=0, le=10)
    wrongly_refused: Count = Field(0, ge=0, le=10)
    wrongly_served: Count = Field(0, ge=0, le=10)
    rule_breach: Count = Field(0, ge=0, le=10)
    note: BiText | None = None

    @field_validator("delay")
    @classmethod
    def _places(cls, value):
        for place, minutes in value.items():
            if not DELAY_PLACE.match(place):
                raise rule_error("delay_place", "drill_inc_delay_place", place=place)
            if not (0 < float(minutes) <= 1440):
                raise rule_error("delay_minutes", "drill_inc_delay_minutes")
        return value

    @field_validator("take_reserve")
    @classmethod
    def _reserve(cls, value):
        if any(not (1 <= n <= 50) for n in value.values()):
            raise rule_error("take_reserve", "drill_inc_take_reserve")
        return value

    def types_named(self) -> set[str]:
        """Ballot types this effect acts on during the count."""
        named: set[str] = set(self.recount) | set(self.objection)
        named |= {p.split(":", 1)[1] for p in self.delay if ":" in p and p.startswith("count:")}
        return named


class Choice(Section):
    """One answer the group may give, right or wrong, and what follows from it."""

    key: str
    text: BiText
    correct: YesNo = False
    feedback: BiText
    effect: Effect = Field(default_factory=Effect)

    @field_validator("key")
    @classmethod
    def _slug(cls, value):
        if not SLUG.match(value):
            raise rule_error("key", "drill_inc_key")
        return value


class Rule(Section):
    """The rule that decides the incident, as DOMAIN.md gives it."""

    source: str = Field(min_length=3)
    domain: str = Field(pattern=r"^§\d+(\.\d+)*(, ?§\d+(\.\d+)*)*$")
    text: BiText


class Incident(Section):
    """One rehearsal incident (DOMAIN.md §1, §1.6, §3.5)."""

    id: str
    title: BiText
    when: Trigger
    window: tuple[Clock, Clock] | None = None
    place: Literal[
        "entrance", "ketua_table", "booth", "boxes", "ink", "counting", "paperwork", "tps"
    ]
    who: list[Member] = Field(min_length=1, max_length=len(KPPS_MEMBERS))
    situation: BiText
    choices: list[Choice] = Field(min_length=2, max_length=6)
    rule: Rule

    @field_validator("id")
    @classmethod
    def _slug(cls, value):
        if not SLUG.match(value):
            raise rule_error("id", "drill_inc_id")
        return value

    @field_validator("choices")
    @classmethod
    def _right_and_wrong(cls, choices):
        keys = [c.key for c in choices]
        if len(set(keys)) != len(keys):
            raise rule_error("choices", "drill_inc_choices_repeated")
        if not any(c.correct for c in choices):
            raise rule_error("choices", "drill_inc_choices_none_right")
        if all(c.correct for c in choices):
            raise rule_error("choices", "drill_inc_choices_none_wrong")
        return choices

    @model_validator(mode="after")
    def _cross_checks(self):
        if self.window is not None:
            lo, hi = self.window
            if hi < lo:
                raise rule_error("window", "drill_inc_window_order")
            if self.when.at is not None and not (lo <= self.when.at <= hi):
                raise rule_error("window", "drill_inc_window_at")
        kind = self.when.during_count
        if kind is not None:
            order = BALLOT_TYPES.index(kind)
            for c in self.choices:
                early = [u for u in c.effect.types_named() if BALLOT_TYPES.index(u) < order]
                if early:
                    raise rule_error(
                        "effect_type",
                        "drill_inc_effect_type",
                        choice=c.key,
                        types=", ".join(early),
                        type=kind,
                    )
                if c.effect.voter is not None or c.effect.hold is not None:
                    raise rule_error("effect_phase", "drill_inc_effect_phase", choice=c.key)
        return self

    # ---------------------------------------------------------------- helpers
    def choice(self, key: str) -> Choice:
        """Return the choice with ``key``."""
        for c in self.choices:
            if c.key == key:
                return c
        keys = [c.key for c in self.choices]
        raise KeyError(f"incident {self.id}: no choice {key!r}; choices: {keys}")

    @property
    def correct_keys(self) -> list[str]:
        """Keys of the right answers."""
        return [c.key for c in self.choices if c.correct]

    @property
    def best_key(self) -> str:
        """The first right answer (used for the all-correct reference day)."""
        return self.correct_keys[0]

    def sort_key(self) -> tuple:
        """Order of firing in a day: voting incidents by clock, then the count by ballot type."""
        if self.when.at is not None:
            return (0, self.when.at, self.id)
        return (1, BALLOT_TYPES.index(self.when.during_count), self.id)


# --------------------------------------------------------------------------- errors


# checks across fields name the field a trainer has to change
_CROSS_FIELD = {"window": "window", "effect_type": "choices", "effect_phase": "choices"}


_PATTERN_MESSAGE = {
    "string_pattern_mismatch": (
        t("drill_inc_domain_pattern", "id"),
        t("drill_inc_domain_pattern", "en"),
    )
}


def _problems(exc: ValidationError, lang: str) -> list[tuple[str, Any, str]]:
    return validation_problems(exc, lang, Incident, _PATTERN_MESSAGE, _CROSS_FIELD)


# --------------------------------------------------------------------------- loading


def list_incidents() -> dict[str, Path]:
    """Shipped incidents: id (file name without .yaml) -> file."""
    return {p.stem: p for p in sorted(INCIDENT_DIR.glob("*.yaml"))}


def validate_incident(data: Mapping, source: str = "<dict>", lang: str = "id") -> Incident:
    """Validate a mapping as an incident; raise :class:`IncidentError` listing every problem."""
    try:
        return Incident.model_validate(dict(data))
    except ValidationError as exc:
        raise IncidentError(source, _problems(exc, lang), lang) from None


def load_incident(source: str | Path | Mapping | Incident, lang: str = "id") -> Incident:
    """Load an incident from a shipped id, a YAML path or a mapping (or return an Incident)."""
    if isinstance(source, Incident):
        return source
    if isinstance(source, Mapping):
        return validate_incident(source, "<dict>", lang)
    shipped = list_incidents()
    text = str(source)
    if text in shipped:
        path = shipped[text]
    else:
        path = Path(text)
        if not (path.suffix in (".yaml", ".yml") or _exists(path)):
            msg = t("drill_inc_unknown", lang).format(names=", ".join(shipped))
            raise IncidentError(text, [("", MISSING, msg)], lang)
    try:
        data = read_yaml(path, lang, empty_key="sec_yaml_incident_empty")
    except ScenarioError as exc:
        raise IncidentError(exc.source, exc.problems, lang) from None
    data.setdefault("id", path.stem)
    return validate_incident(data, str(path), lang)


# top-level keys only an incident has, and keys only a scenario has
INCIDENT_KEYS = frozenset({"situation", "choices", "when", "who", "rule", "place"})
SCENARIO_KEYS = frozenset(
    {"extends", "tps", "hours", "arrivals", "staff", "stations", "durations", "errors", "counting"}
)


def looks_like_incident(path: str | Path) -> bool:
    """Tell whether a YAML file is meant as an incident, by its top-level keys.

    For ``simkit validate``: a trainer's incident file outside ``scenarios/incidents/`` is then
    checked as an incident, not as a scenario. A file with an incident's keys (``situation``,
    ``choices``, ``when``, ``who``, ``rule``, ``place``) and none of a scenario's is an incident.
    The file is read size-capped and composed without aliases (nothing is built); unreadable
    files answer False (the scenario loader then reports them).
    """
    try:
        root = yaml_compose(read_text_capped(Path(path)))
    except (OSError, ValueError, yaml.YAMLError):  # ValueError: not UTF-8, a NUL in the name
        return False
    if not isinstance(root, yaml.MappingNode):
        return False
    keys = {str(key.value) for key, _ in root.value if isinstance(key, yaml.ScalarNode)}
    return bool(keys & INCIDENT_KEYS) and not keys & SCENARIO_KEYS


def _exists(path: Path) -> bool:
    """``path.exists()``, False for a name the system refuses (too long, a NUL byte)."""
    try:
        return path.exists()
    except (OSError, ValueError):
        return False


def load_all(lang: str = "id") -> list[Incident]:
    """Every shipped incident, in the order they can fire in a day."""
    return sorted(
        (load_incident(p, lang) for p in list_incidents().values()), key=Incident.sort_key
    )
