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

from pydantic import Field, ValidationError, field_validator, model_validator

from simkit.scenario import (
    BALLOT_TYPES,
    MISSING,
    SCENARIO_DIR,
    BallotType,
    Clock,
    Member,
    ScenarioError,
    Section,
    bi_error,
    min_to_clock,
    read_yaml,
    validation_problems,
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
DELAY_PLACE = re.compile(
    r"^(counting|paperwork|(count|paperwork):(" + "|".join(BALLOT_TYPES) + "))$"
)


class IncidentError(ScenarioError):
    """An incident file that cannot be used; same rendering as a scenario error."""

    def render(self) -> str:
        """One line per problem: file, dotted field, value and what is allowed."""
        text = super().render()
        first, _, rest = text.partition("\n")
        head = (
            f"Insiden {self.source} tidak valid:"
            if self.lang == "id"
            else f"Incident {self.source} is not valid:"
        )
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
            raise bi_error(
                "trigger",
                "isi tepat satu: at (jam) atau during_count (jenis surat suara)",
                "give exactly one of: at (a clock time) or during_count (a ballot type)",
            )
        if self.at is not None and not (-60.0 <= self.at <= 420.0):
            raise bi_error(
                "trigger",
                "at harus antara 06:00 dan 14:00 (insiden penghitungan: during_count)",
                "at must be between 06:00 and 14:00 (for the count use during_count)",
            )
        return self

    def describe(self, lang: str) -> str:
        """Describe the moment: "pukul 09:30", "when the DPR box is opened at the count"."""
        if self.at is not None:
            clock = min_to_clock(self.at)
            return f"pukul {clock}" if lang == "id" else f"at {clock}"
        return (
            f"saat kotak {self.during_count} dibuka pada penghitungan"
            if lang == "id"
            else f"when the {self.during_count} box is opened at the count"
        )


class PlantedVoter(Section):
    """A person who meets the KPPS when the incident fires, and what the KPPS does with them.

    ``refuse`` empty: the person is served (votes); otherwise they are turned away at meja A and
    the text is the reason written in the voters table. ``waive`` lists rules the KPPS wrongly
    set aside for this person: ``close`` (arrived after 13:00), ``dpk_hour`` (DPK before 12:00),
    ``dpk_reserve`` (DPK served from ballots that are not the reserve).
    """

    category: Literal["DPT", "DPTb", "DPK", "OTHER"] = "DPT"
    types: int | None = Field(None, ge=1, le=5)
    assisted: bool = False
    no_invitation: bool = False
    extra_ballots: bool = False
    spoil: int = Field(0, ge=0, le=2)
    wrong_box: bool = False
    refuse: str = Field("", max_length=40)
    waive: list[Literal["close", "dpk_hour", "dpk_reserve"]] = Field(default_factory=list)

    @field_validator("refuse")
    @classmethod
    def _reason(cls, value):
        if value and not SLUG.match(value):
            raise bi_error(
                "reason",
                "alasan: huruf kecil, angka dan _ (mis. no_invitation)",
                "a reason is lower-case letters, digits and _ (e.g. no_invitation)",
            )
        return value


class Hold(Section):
    """Members taken off their voting desks for some minutes (they finish the voter in hand)."""

    members: list[Member] = Field(min_length=1)
    minutes: float = Field(gt=0, le=600)


class Effect(Section):
    """The consequence of a choice inside the simulated day."""

    voter: PlantedVoter | None = None
    hold: Hold | None = None
    delay: dict[str, float] = Field(default_factory=dict)
    recount: list[BallotType] = Field(default_factory=list)
    objection: dict[BallotType, Literal["answered", "corrected", "recount"]] = Field(
        default_factory=dict
    )
    take_reserve: dict[BallotType, int] = Field(default_factory=dict)
    psu_risk: int = Field(0, ge=0, le=10)
    wrongly_refused: int = Field(0, ge=0, le=10)
    wrongly_served: int = Field(0, ge=0, le=10)
    rule_breach: int = Field(0, ge=0, le=10)
    note: BiText | None = None

    @field_validator("delay")
    @classmethod
    def _places(cls, value):
        for place, minutes in value.items():
            if not DELAY_PLACE.match(place):
                raise bi_error(
                    "delay_place",
                    f"tempat '{place}' tidak dikenal; boleh: counting, paperwork,"
                    " count:<jenis>, paperwork:<jenis>",
                    f"place '{place}' unknown; allowed: counting, paperwork,"
                    " count:<type>, paperwork:<type>",
                )
            if not (0 < float(minutes) <= 1440):
                raise bi_error(
                    "delay_minutes",
                    "menit harus > 0 dan <= 1440",
                    "minutes must be > 0 and <= 1440",
                )
        return value

    @field_validator("take_reserve")
    @classmethod
    def _reserve(cls, value):
        if any(not (1 <= n <= 50) for n in value.values()):
            raise bi_error("take_reserve", "jumlah surat suara 1-50", "number of ballots 1-50")
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
    correct: bool = False
    feedback: BiText
    effect: Effect = Field(default_factory=Effect)

    @field_validator("key")
    @classmethod
    def _slug(cls, value):
        if not SLUG.match(value):
            raise bi_error(
                "key",
                "kunci: huruf kecil, angka dan _",
                "a key is lower-case letters, digits and _",
            )
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
    who: list[Member] = Field(min_length=1)
    situation: BiText
    choices: list[Choice] = Field(min_length=2, max_length=6)
    rule: Rule

    @field_validator("id")
    @classmethod
    def _slug(cls, value):
        if not SLUG.match(value):
            raise bi_error(
                "id", "id: huruf kecil, angka dan _", "an id is lower-case letters, digits and _"
            )
        return value

    @field_validator("choices")
    @classmethod
    def _right_and_wrong(cls, choices):
        keys = [c.key for c in choices]
        if len(set(keys)) != len(keys):
            raise bi_error("choices", "kunci pilihan berulang", "a choice key is repeated")
        if not any(c.correct for c in choices):
            raise bi_error(
                "choices",
                "minimal satu pilihan benar (correct: true)",
                "at least one choice must be correct (correct: true)",
            )
        if all(c.correct for c in choices):
            raise bi_error(
                "choices", "minimal satu pilihan salah", "at least one choice must be wrong"
            )
        return choices

    @model_validator(mode="after")
    def _cross_checks(self):
        if self.window is not None:
            lo, hi = self.window
            if hi < lo:
                raise bi_error(
                    "window", "window: akhir sebelum awal", "window: end is before start"
                )
            if self.when.at is not None and not (lo <= self.when.at <= hi):
                raise bi_error("window", "when.at di luar window", "when.at is outside window")
        t = self.when.during_count
        if t is not None:
            order = BALLOT_TYPES.index(t)
            for c in self.choices:
                early = [u for u in c.effect.types_named() if BALLOT_TYPES.index(u) < order]
                if early:
                    raise bi_error(
                        "effect_type",
                        f"pilihan '{c.key}': {', '.join(early)} sudah dihitung sebelum {t}",
                        f"choice '{c.key}': {', '.join(early)} is counted before {t}",
                    )
                if c.effect.voter is not None or c.effect.hold is not None:
                    raise bi_error(
                        "effect_phase",
                        f"pilihan '{c.key}': voter/hold hanya untuk insiden saat pemungutan",
                        f"choice '{c.key}': voter/hold only for voting-time incidents",
                    )
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
        'harus seperti "§1.3" atau "§1.1, §3.5"',
        'must look like "§1.3" or "§1.1, §3.5"',
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
        if not (path.suffix in (".yaml", ".yml") or path.exists()):
            msg = (
                f"insiden tidak dikenal; yang tersedia: {', '.join(shipped)}"
                if lang == "id"
                else f"unknown incident; available: {', '.join(shipped)}"
            )
            raise IncidentError(text, [("", MISSING, msg)], lang)
    try:
        data = read_yaml(path, lang)
    except ScenarioError as exc:
        raise IncidentError(exc.source, exc.problems, lang) from None
    data.setdefault("id", path.stem)
    return validate_incident(data, str(path), lang)


def looks_like_incident(path: str | Path) -> bool:
    """Tell whether a YAML file is meant as an incident (it has ``choices`` or ``situation``).

    For ``simkit validate``: a trainer's incident file outside ``scenarios/incidents/`` is then
    checked as an incident, not as a scenario. Unreadable files answer False (the scenario
    loader then reports them).
    """
    import yaml

    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return False
    return isinstance(data, dict) and ("choices" in data or "situation" in data)


def load_all(lang: str = "id") -> list[Incident]:
    """Every shipped incident, in the order they can fire in a day."""
    return sorted(
        (load_incident(p, lang) for p in list_incidents().values()), key=Incident.sort_key
    )
