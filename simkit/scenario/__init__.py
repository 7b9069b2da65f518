"""The scenario: everything that describes one TPS day, validated once at load.

A scenario is a frozen pydantic model with ``extra="forbid"``: a misspelled key, a wrong type or
an impossible value is caught here, with the file, the dotted field, the value and what is
allowed, in Bahasa Indonesia or English. The model code never re-checks its inputs.

Times in scenario files are clock strings (``"13:00"``; hours past 24 mean the next day, so
``"36:00"`` is 12:00 the next day) or numbers of model minutes since voting opens (07:00 = 0).
Durations are distribution specs in minutes (see :mod:`simkit.distributions`); fields ending in
``_s`` are seconds. Every default here is the standard 2024 TPS; the shipped file
``scenarios/tps_standar_2024.yaml`` repeats each one with its DOMAIN.md source or "assumption".
"""

from __future__ import annotations

import copy
import difflib
import math
import re
import warnings
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from simkit.distributions import (
    Distribution,
    DistributionError,
    LogNormal,
    Triangular,
    make_distribution,
)
from simkit.i18n import t
from simkit.tps import (
    BALLOT_TYPES,
    COUNTING_ROLES,
    KPPS_MEMBERS,
    KPU_DPT_CAP,
    LEGAL_DEADLINE_MIN,
    LEGAL_DPT_MAX,
    MIDNIGHT_MIN,
    STAFFED_STATIONS,
    VOTING_STATIONS,
    min_to_clock,
)

__all__ = [
    "BALLOT_TYPES",
    "STAFFED_STATIONS",
    "KPU_DPT_CAP",
    "LEGAL_DPT_MAX",
    "COUNTING_ROLES",
    "KPPS_MEMBERS",
    "LEGAL_DEADLINE_MIN",
    "MIDNIGHT_MIN",
    "SCENARIO_DIR",
    "VOTING_STATIONS",
    "Scenario",
    "ScenarioError",
    "ScenarioWarning",
    "clock_to_min",
    "list_scenarios",
    "load_scenario",
    "min_to_clock",
    "scenario_to_dict",
    "with_overrides",
]

SCENARIO_DIR = Path(__file__).resolve().parents[2] / "scenarios"


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

    def __init__(self, key, first_line: int, second_line: int):
        self.key, self.first_line, self.second_line = key, first_line, second_line
        super().__init__(f"key {key!r} appears twice (lines {first_line} and {second_line})")


def _construct_mapping(loader, node, deep=False):
    seen = {}
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        line = key_node.start_mark.line + 1
        if key in seen:
            raise DuplicateKeyError(key, seen[key], line)
        seen[key] = line
    return yaml.SafeLoader.construct_mapping(loader, node, deep=deep)


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def yaml_load(text: str):
    """Read YAML safely; ``13:30`` is a clock string, never the base-60 number 810."""
    return yaml.load(text, Loader=_Loader)  # noqa: S506 - _Loader is a SafeLoader


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
        head = (
            f"Skenario {self.source} tidak valid:"
            if self.lang == "id"
            else f"Scenario {self.source} is not valid:"
        )
        lines = [head]
        for field, value, message in self.problems:
            where = f"{self.source}: {field}" if field else self.source
            shown = "" if value is MISSING else f" = {value!r}"
            lines.append(f"  - {where}{shown}: {message}")
        return "\n".join(lines)


MISSING = object()


def bi_error(kind: str, id_text: str, en_text: str) -> PydanticCustomError:
    """A validation error carrying its message in both languages."""
    return PydanticCustomError(kind, "{en}", {"id": id_text, "en": en_text})


def rule_error(kind: str, key: str, **fields: Any) -> PydanticCustomError:
    """A validation error whose message is the i18n text ``key``, filled with ``fields``."""
    return bi_error(kind, t(key, "id").format(**fields), t(key, "en").format(**fields))


# --------------------------------------------------------------------------- clock times

_CLOCK = re.compile(r"^\s*(\d{1,2})[:.](\d{2})\s*$")


def clock_to_min(value: Any) -> float:
    """Turn ``"13:00"`` (or a number of model minutes) into minutes since 07:00."""
    if isinstance(value, bool):
        raise bi_error("clock", 'waktu harus berbentuk "HH:MM"', 'a time must look like "HH:MM"')
    if isinstance(value, (int, float)):
        if not math.isfinite(value):
            raise bi_error("clock", "waktu harus bilangan terhingga", "a time must be finite")
        return float(value)
    if isinstance(value, str):
        m = _CLOCK.match(value)
        if m:
            hours, minutes = int(m.group(1)), int(m.group(2))
            if hours > 47 or minutes > 59:
                raise bi_error(
                    "clock",
                    "jam 00-47 dan menit 00-59 (jam >24 = hari berikutnya)",
                    "hours 00-47 and minutes 00-59 (hours >24 = next day)",
                )
            return float(hours * 60 + minutes - 7 * 60)
    raise bi_error(
        "clock",
        'waktu harus "HH:MM" (mis. "13:00") atau menit sejak 07:00',
        'a time must be "HH:MM" (e.g. "13:00") or minutes since 07:00',
    )


Clock = Annotated[float, BeforeValidator(clock_to_min)]


def _dist(value: Any) -> Distribution:
    try:
        return make_distribution(value)
    except DistributionError as exc:
        raise bi_error(
            "distribution", f"sebaran tidak valid: {exc.text_id}", f"invalid distribution: {exc}"
        ) from None


Dist = Annotated[Distribution, BeforeValidator(_dist)]
Share = Annotated[float, Field(ge=0.0, le=1.0)]
BallotType = Literal["PPWP", "DPR", "DPD", "DPRD_PROV", "DPRD_KABKOTA"]
Member = Literal["KPPS1", "KPPS2", "KPPS3", "KPPS4", "KPPS5", "KPPS6", "KPPS7"]
Station = Literal["entrance", "ketua_table", "boxes", "ink"]
CountingRole = Literal["announce", "open", "tally", "fold", "sort"]


class Section(BaseModel):
    model_config = ConfigDict(
        frozen=True, extra="forbid", arbitrary_types_allowed=True, allow_inf_nan=False
    )


# --------------------------------------------------------------------------- sections


class Text(Section):
    """A label in both languages."""

    id: str = ""
    en: str = ""


class TPS(Section):
    """The polling station and its voters (§1.1-§1.5, §4)."""

    voters_dpt: int = Field(270, ge=0, le=LEGAL_DPT_MAX)
    turnout: Share = 0.82
    voters_dptb: int = Field(5, ge=0, le=LEGAL_DPT_MAX)
    dptb_entitlement: dict[int, float] = Field(
        default_factory=lambda: {5: 0.4, 4: 0.2, 2: 0.2, 1: 0.2}
    )
    voters_dpk: int = Field(3, ge=0, le=LEGAL_DPT_MAX)
    share_assisted: Share = 0.05
    share_no_invitation: Share = 0.05
    share_not_eligible: Share = 0.01
    booths: int = Field(4, ge=1, le=20)
    ballot_types: list[BallotType] = Field(default_factory=lambda: list(BALLOT_TYPES))
    waiting_seats: int = Field(25, ge=0, le=500)
    reserve_share: Share = 0.02
    sick_at_home: int = Field(0, ge=0, le=50)
    women_share: Share = 0.5

    @field_validator("ballot_types")
    @classmethod
    def _ordered_unique(cls, value):
        if not value:
            raise bi_error(
                "ballot_types", "minimal satu jenis surat suara", "at least one ballot type"
            )
        if len(set(value)) != len(value):
            raise bi_error(
                "ballot_types", "jenis surat suara berulang", "a ballot type is repeated"
            )
        if list(value) != [b for b in BALLOT_TYPES if b in value]:
            raise bi_error(
                "ballot_types",
                "urutan harus PPWP, DPR, DPD, DPRD_PROV, DPRD_KABKOTA (§1.6)",
                "order must be PPWP, DPR, DPD, DPRD_PROV, DPRD_KABKOTA (§1.6)",
            )
        return value

    @field_validator("dptb_entitlement")
    @classmethod
    def _entitlement(cls, value):
        if not value:
            raise bi_error("entitlement", "tidak boleh kosong", "must not be empty")
        for k, v in value.items():
            if k not in (1, 2, 3, 4, 5):
                raise bi_error(
                    "entitlement",
                    f"jumlah jenis surat suara {k} tidak dikenal; boleh 1-5",
                    f"number of ballot types {k} unknown; allowed 1-5",
                )
            if not (0 <= v <= 1):
                raise bi_error("entitlement", "porsi harus 0-1", "shares must be 0-1")
        if abs(sum(value.values()) - 1.0) > 1e-6:
            raise bi_error(
                "entitlement",
                f"jumlah porsi harus 1, sekarang {sum(value.values()):.3f}",
                f"shares must add up to 1, got {sum(value.values()):.3f}",
            )
        return value

    @property
    def boxes(self) -> int:
        """One ballot box per ballot type (5; 4 in DKI Jakarta, §1.4)."""
        return len(self.ballot_types)


class Hours(Section):
    """Clock times of the day (§1.1)."""

    kpps_arrive: Clock = -60.0
    voting_open: Clock = 0.0
    voting_close: Clock = 360.0
    dpk_from: Clock = 300.0
    sick_visit_from: Clock = 300.0
    counting_deadline: Clock = LEGAL_DEADLINE_MIN
    enforce_close: bool = True


class Balking(Section):
    """People who give up when the line is long (default off)."""

    enabled: bool = False
    queue_threshold: int = Field(30, ge=0)
    share_leave: Share = 0.5


class FixedPerson(Section):
    """One planted person for ``pattern: fixed`` (trace tests, drills, a trainer's story)."""

    time: Clock
    category: Literal["DPT", "DPTb", "DPK", "OTHER"] = "DPT"
    types: int | None = Field(None, ge=1, le=5)
    assisted: bool = False
    refuse: Literal["", "ink_on_finger", "not_on_list"] = ""
    spoil: int = Field(0, ge=0, le=2)
    wrong_box: bool = False
    extra_ballots: bool = False
    no_invitation: bool = False


class Arrivals(Section):
    """When people come (§1.1 KPU's suggested arrival groups, §6)."""

    pattern: Literal["kpu_groups", "hourly_shares", "poisson", "fixed"] = "kpu_groups"
    fixed: list[FixedPerson] = Field(default_factory=list)
    dpt_groups: list[tuple[Clock, Clock]] = Field(
        default_factory=lambda: [(0.0, 60.0), (60.0, 120.0), (120.0, 180.0), (180.0, 240.0)]
    )
    share_ignore_slot: Share = 0.3
    opening_line: int = Field(15, ge=0, le=LEGAL_DPT_MAX)
    opening_line_from: Clock = -30.0
    hourly_shares: list[float] = Field(default_factory=lambda: [0.3, 0.25, 0.2, 0.12, 0.08, 0.05])
    dptb_window: tuple[Clock, Clock] = (240.0, 300.0)
    dpk_window: tuple[Clock, Clock] = (300.0, 360.0)
    share_after_close: Share = 0.0
    rate_per_hour: float = Field(40.0, gt=0, le=10000)
    balking: Balking = Field(default_factory=Balking)

    @field_validator("dpt_groups")
    @classmethod
    def _groups(cls, value):
        if not value:
            raise bi_error("groups", "minimal satu kelompok", "at least one group")
        for start, end in value:
            if end <= start:
                raise bi_error(
                    "groups", "akhir kelompok harus setelah awal", "group end must follow start"
                )
        return value

    @field_validator("dptb_window", "dpk_window")
    @classmethod
    def _window(cls, value):
        if value[1] <= value[0]:
            raise bi_error("window", "akhir harus setelah awal", "end must follow start")
        return value

    @field_validator("hourly_shares")
    @classmethod
    def _shares(cls, value):
        if not value or any(v < 0 for v in value):
            raise bi_error("shares", "porsi per jam harus >= 0", "hourly shares must be >= 0")
        if abs(sum(value) - 1.0) > 1e-6:
            raise bi_error(
                "shares",
                f"jumlah porsi per jam harus 1, sekarang {sum(value):.3f}",
                f"hourly shares must add up to 1, got {sum(value):.3f}",
            )
        return value


class Break(Section):
    """A member away from their station (a rest, or serving sick voters at home)."""

    member: Member
    start: Clock
    minutes: float = Field(gt=0, le=24 * 60)


class Fatigue(Section):
    """Slower work and more mistakes after many hours on duty (assumption, §3.2, §3.5)."""

    onset_h: float = Field(10.0, ge=0, le=48)
    slowdown_per_h: float = Field(0.02, ge=0, le=1)
    error_growth_per_h: float = Field(0.05, ge=0, le=5)
    max_slowdown: float = Field(1.5, ge=1, le=5)


TRAINING_LEVELS: dict[str, tuple[float, float]] = {
    # level: (time factor, error factor); assumption: the TOT's effect is not measured (§5)
    "well_trained": (0.9, 0.5),
    "standard": (1.0, 1.0),
    "new": (1.2, 2.0),
}


class Staff(Section):
    """KPPS members, Linmas and their roles (§2)."""

    kpps: int = Field(7, ge=1, le=7)
    linmas: int = Field(2, ge=0, le=4)
    roles: dict[Member, list[Station]] | None = None
    breaks: list[Break] = Field(default_factory=list)
    home_visit_members: int = Field(2, ge=1, le=7)
    training: Literal["well_trained", "standard", "new"] = "standard"
    fatigue: Fatigue = Field(default_factory=Fatigue)
    sirekap_operators: int = Field(2, ge=1, le=7)

    @property
    def present(self) -> tuple[str, ...]:
        """Members present: KPPS1 (the ketua) to KPPSn."""
        return KPPS_MEMBERS[: self.kpps]


class Stations(Section):
    """Which stations exist (the M/M/c validation mode keeps only the booths)."""

    entrance: bool = True
    ketua_table: bool = True
    boxes: bool = True
    ink: bool = True


class Durations(Section):
    """Service times in minutes (§3.1, §1.5; the DOMAIN.md defaults table)."""

    entrance_check: Dist = LogNormal(1.0, 0.4)
    entrance_extra_documents: Dist = LogNormal(1.0, 0.5)
    entrance_refusal: Dist = LogNormal(1.5, 0.7)
    ketua_table: Dist = Triangular(0.5, 0.7, 1.0)
    pendamping_form: Dist = Triangular(1.0, 1.5, 3.0)
    booth: Dist = LogNormal(4.0, 1.5)
    booth_assisted: Dist = LogNormal(10.0, 2.5)
    spoiled_replacement: Dist = Triangular(1.0, 1.5, 3.0)
    box: Dist = Triangular(0.3, 0.5, 0.8)
    ink: Dist = Triangular(0.1, 0.2, 0.4)
    home_visit_travel: Dist = Triangular(10.0, 15.0, 30.0)
    home_visit_per_voter: Dist = Triangular(5.0, 8.0, 15.0)


class Errors(Section):
    """Probabilities of mistakes (§3.5); most rates are assumptions."""

    spoiled_ballot: Share = 0.01
    second_spoil_request: Share = 0.1
    wrong_box: Share = 0.015
    wrong_box_unwatched_factor: float = Field(3.0, ge=1, le=20)
    dptb_extra_ballots: Share = 0.02
    ink_on_finger: Share = 0.002
    ineligible_admitted: Share = 0.0
    tally_error: Share = 0.03
    tally_unchecked_factor: float = Field(2.0, ge=1, le=20)
    misjudged_ballot: Share = 0.02
    objection: Share = 0.08
    objection_answered: Share = 0.6
    objection_corrected: Share = 0.3
    sirekap_upload_failure: Share = 0.25
    copier_failure: Share = 0.02

    @model_validator(mode="after")
    def _objection_split(self):
        if self.objection_answered + self.objection_corrected > 1.0 + 1e-9:
            raise bi_error(
                "objection_split",
                "objection_answered + objection_corrected tidak boleh > 1"
                " (sisanya penghitungan ulang)",
                "objection_answered + objection_corrected must not exceed 1"
                " (the rest are recounts)",
            )
        return self


def _default_role_s() -> dict[str, Distribution]:
    return {
        "announce": LogNormal(9.0, 3.0),
        "open": LogNormal(5.0, 1.5),
        "tally": LogNormal(14.0, 4.0),
        "fold": LogNormal(5.0, 1.5),
        "sort": LogNormal(8.0, 2.5),
    }


class Counting(Section):
    """The count and its paperwork (§1.6, §3.1)."""

    enabled: bool = True
    mode: Literal["single_panel", "two_panel"] = "single_panel"
    panels: dict[str, list[BallotType]] = Field(
        default_factory=lambda: {"A": ["PPWP", "DPD"], "B": ["DPR", "DPRD_PROV", "DPRD_KABKOTA"]}
    )
    panel_members: dict[str, list[Member]] = Field(
        default_factory=lambda: {
            "A": ["KPPS1", "KPPS2", "KPPS3"],
            "B": ["KPPS4", "KPPS5", "KPPS6", "KPPS7"],
        }
    )
    break_after_voting: Dist = Triangular(10.0, 15.0, 25.0)
    preparation: Dist = Triangular(10.0, 15.0, 25.0)
    box_open: Dist = Triangular(2.0, 3.0, 6.0)
    role_s: dict[CountingRole, Dist] = Field(default_factory=_default_role_s)
    type_factor: dict[BallotType, float] = Field(
        default_factory=lambda: {
            "PPWP": 1.0,
            "DPR": 1.85,
            "DPD": 1.5,
            "DPRD_PROV": 1.85,
            "DPRD_KABKOTA": 1.85,
        }
    )
    invalid_share: dict[BallotType, float] = Field(
        default_factory=lambda: {
            "PPWP": 0.02,
            "DPR": 0.08,
            "DPD": 0.1,
            "DPRD_PROV": 0.08,
            "DPRD_KABKOTA": 0.08,
        }
    )
    wrong_box_search: Dist = Triangular(5.0, 10.0, 20.0)
    objection_answer: Dist = Triangular(3.0, 5.0, 10.0)
    objection_correction: Dist = Triangular(5.0, 10.0, 20.0)
    c_hasil_fill: dict[BallotType, Dist] = Field(
        default_factory=lambda: {
            "PPWP": LogNormal(8.0, 3.0),
            "DPR": LogNormal(15.0, 5.0),
            "DPD": LogNormal(10.0, 3.0),
            "DPRD_PROV": LogNormal(15.0, 5.0),
            "DPRD_KABKOTA": LogNormal(15.0, 5.0),
        }
    )
    signature_min: Dist = Triangular(0.15, 0.25, 0.5)
    saksi: int = Field(8, ge=0, le=40)
    sirekap_photo: Dist = Triangular(3.0, 5.0, 10.0)
    sirekap_retry_wait: Dist = Triangular(5.0, 10.0, 30.0)
    sirekap_max_attempts: int = Field(6, ge=1, le=50)
    salinan_pages: dict[BallotType, int] = Field(
        default_factory=lambda: {"PPWP": 2, "DPR": 6, "DPD": 4, "DPRD_PROV": 6, "DPRD_KABKOTA": 6}
    )
    salinan_timing: Literal["after_each_type", "after_count"] = "after_count"
    copier: Literal["own", "shared", "none"] = "own"
    copy_page_s: Dist = Triangular(4.0, 6.0, 10.0)
    copier_transfer: Dist = Triangular(5.0, 10.0, 20.0)
    copier_group_size: int = Field(3, ge=1, le=20)
    signing_stacks: int = Field(4, ge=1, le=10)
    copier_repair: Dist = Triangular(15.0, 30.0, 60.0)
    hand_copy_page: Dist = Triangular(4.0, 6.0, 10.0)
    recount_factor: float = Field(0.8, gt=0, le=2)
    tally_alone_factor: float = Field(1.25, ge=1, le=5)
    closing: Dist = Triangular(20.0, 30.0, 60.0)

    @model_validator(mode="after")
    def _panels(self):
        placed = [t for types in self.panels.values() for t in types]
        if len(placed) != len(set(placed)):
            raise bi_error(
                "panels",
                "satu jenis surat suara ada di dua panel",
                "a ballot type is in two panels",
            )
        if set(self.panels) != set(self.panel_members):
            raise bi_error(
                "panels",
                "panels dan panel_members harus punya nama panel yang sama",
                "panels and panel_members must name the same panels",
            )
        members = [m for ms in self.panel_members.values() for m in ms]
        if len(members) != len(set(members)):
            raise bi_error("panels", "satu anggota ada di dua panel", "a member is in two panels")
        return self


class Scenario(Section):
    """One TPS day: the station, its voters, staff, durations, errors and the count."""

    name: str = "tps_standar_2024"
    title: Text = Field(default_factory=Text)
    description: Text = Field(default_factory=Text)
    tps: TPS = Field(default_factory=TPS)
    hours: Hours = Field(default_factory=Hours)
    arrivals: Arrivals = Field(default_factory=Arrivals)
    staff: Staff = Field(default_factory=Staff)
    stations: Stations = Field(default_factory=Stations)
    durations: Durations = Field(default_factory=Durations)
    errors: Errors = Field(default_factory=Errors)
    counting: Counting = Field(default_factory=Counting)
    record_ballots: bool = False

    @model_validator(mode="after")
    def _cross_checks(self):
        h = self.hours
        close, open_ = min_to_clock(h.voting_close), min_to_clock(h.voting_open)
        if h.voting_close <= h.voting_open:
            raise bi_error(
                "hours",
                f"hours.voting_close ({close}) harus setelah hours.voting_open ({open_})",
                f"hours.voting_close ({close}) must be after hours.voting_open ({open_})",
            )
        if h.kpps_arrive > h.voting_open:
            arrive = min_to_clock(h.kpps_arrive)
            raise bi_error(
                "hours",
                f"hours.kpps_arrive ({arrive}) harus sebelum atau tepat saat TPS dibuka ({open_})",
                f"hours.kpps_arrive ({arrive}) must be at or before voting opens ({open_})",
            )
        if h.counting_deadline <= h.voting_close:
            deadline = min_to_clock(h.counting_deadline)
            raise bi_error(
                "hours",
                f"hours.counting_deadline ({deadline}) harus setelah TPS ditutup ({close})",
                f"hours.counting_deadline ({deadline}) must be after voting closes ({close})",
            )
        n_types = len(self.tps.ballot_types)
        too_many = [k for k in self.tps.dptb_entitlement if k > n_types]
        if too_many and self.tps.voters_dptb > 0:
            raise bi_error(
                "entitlement",
                f"tps.dptb_entitlement memakai {max(too_many)} jenis, padahal hanya {n_types}"
                f" jenis surat suara; pakai kunci 1-{n_types}, mis. {{1: 0.5, {n_types}: 0.5}}",
                f"tps.dptb_entitlement uses {max(too_many)} types but there are only {n_types};"
                f" use keys 1-{n_types}, e.g. {{1: 0.5, {n_types}: 0.5}}",
            )
        if self.staff.roles is not None:
            present = set(self.staff.present)
            absent = sorted(set(self.staff.roles) - present)
            if absent:
                raise bi_error(
                    "roles",
                    f"staff.roles memberi tugas kepada {', '.join(absent)} yang tidak hadir"
                    f" (staff.kpps = {self.staff.kpps})",
                    f"staff.roles gives roles to {', '.join(absent)} who are not present"
                    f" (staff.kpps = {self.staff.kpps})",
                )
        absent_breaks = sorted({b.member for b in self.staff.breaks} - set(self.staff.present))
        if absent_breaks:
            raise bi_error(
                "breaks",
                f"staff.breaks menyebut {', '.join(absent_breaks)} yang tidak hadir",
                f"staff.breaks names {', '.join(absent_breaks)} who are not present",
            )
        if self.counting.mode == "two_panel":
            placed = {t for ts in self.counting.panels.values() for t in ts}
            missing = [t for t in self.tps.ballot_types if t not in placed]
            if missing:
                raise bi_error(
                    "panels",
                    f"counting.panels tidak memuat {', '.join(missing)}",
                    f"counting.panels does not place {', '.join(missing)}",
                )
        return self

    @property
    def reserve_per_type(self) -> int:
        """Reserve ballots per type: 2% of DPT, rounded up (§1.3)."""
        return math.ceil(self.tps.voters_dpt * self.tps.reserve_share - 1e-9)


# --------------------------------------------------------------------------- error rendering

_PYDANTIC_MESSAGES = {
    "greater_than_equal": ("harus {ge} atau lebih", "must be {ge} or more"),
    "greater_than": ("harus lebih dari {gt}", "must be greater than {gt}"),
    "less_than_equal": ("harus {le} atau kurang", "must be {le} or less"),
    "less_than": ("harus kurang dari {lt}", "must be less than {lt}"),
    "finite_number": ("harus bilangan terhingga (bukan NaN/inf)", "must be a finite number"),
    "int_type": ("harus bilangan bulat", "must be a whole number"),
    "int_parsing": ("harus bilangan bulat", "must be a whole number"),
    "int_from_float": ("harus bilangan bulat", "must be a whole number"),
    "float_type": ("harus angka", "must be a number"),
    "float_parsing": ("harus angka", "must be a number"),
    "bool_type": ("harus ya/tidak (true/false)", "must be true or false"),
    "bool_parsing": ("harus ya/tidak (true/false)", "must be true or false"),
    "string_type": ("harus teks", "must be text"),
    "list_type": ("harus daftar", "must be a list"),
    "dict_type": ("harus pemetaan (kunci: nilai)", "must be a mapping (key: value)"),
    "tuple_type": ("harus daftar [awal, akhir]", "must be a list [start, end]"),
    "too_short": ("terlalu pendek", "too short"),
    "too_long": ("terlalu panjang", "too long"),
    "literal_error": ("boleh: {expected}", "allowed: {expected}"),
    "missing": ("wajib diisi", "is required"),
    "model_type": ("harus pemetaan (kunci: nilai)", "must be a mapping (key: value)"),
    "model_attributes_type": ("harus pemetaan (kunci: nilai)", "must be a mapping (key: value)"),
}


def _field_names(model: Any, path: list[str]) -> list[str]:
    """Known keys at a dotted path of a pydantic model, for 'did you mean' hints."""
    current: Any = model
    for part in path:
        if part.isdigit():  # an item of a list
            continue
        fields = getattr(current, "model_fields", None)
        if not fields or part not in fields:
            return []
        current = _inner_model(fields[part].annotation)
        if current is None:
            return []
    fields = getattr(current, "model_fields", None)
    return sorted(fields) if fields else []


def _inner_model(annotation: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        found = _inner_model(arg)
        if found is not None:
            return found
    return None


def validation_problems(
    exc: ValidationError,
    lang: str,
    model: Any,
    messages: dict[str, tuple[str, str]] | None = None,
    cross_field: dict[str, str] | None = None,
) -> list[tuple[str, Any, str]]:
    """A pydantic error as ``(dotted field, value, message)`` rows in ``lang`` ("id" or "en").

    ``model`` gives the known keys for "did you mean" hints; ``messages`` adds texts for more
    error kinds; ``cross_field`` names the field of a check that spans several fields.
    """
    texts = {**_PYDANTIC_MESSAGES, **(messages or {})}
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
            known = _field_names(model, loc[:-1])
            hint = difflib.get_close_matches(loc[-1], known, n=1)
            if lang == "id":
                msg = "kunci tidak dikenal"
                if hint:
                    msg += f"; maksudnya '{'.'.join(loc[:-1] + hint)}'?"
                if known:
                    msg += f" (yang dikenal: {', '.join(known)})"
            else:
                msg = "unknown key"
                if hint:
                    msg += f"; did you mean '{'.'.join(loc[:-1] + hint)}'?"
                if known:
                    msg += f" (known: {', '.join(known)})"
            value = MISSING
        elif "id" in ctx and "en" in ctx:
            msg = ctx[lang]
        elif kind in texts:
            template = texts[kind][0 if lang == "id" else 1]
            values = dict(ctx)
            if lang == "id" and isinstance(values.get("expected"), str):
                values["expected"] = values["expected"].replace(" or ", " atau ")
            msg = template.format(**values)
        elif kind == "value_error":
            msg = str(ctx.get("error", err["msg"]))
        else:
            msg = err["msg"]
        if isinstance(value, (dict, list)) and len(repr(value)) > 80:
            value = MISSING
        problems.append((field, value, msg))
    return problems


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


def read_yaml(path: Path, lang: str) -> dict:
    """The mapping in a YAML file; a :class:`ScenarioError` names any problem reading it."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        msg = "berkas tidak bisa dibaca" if lang == "id" else "file cannot be read"
        raise ScenarioError(str(path), [("", MISSING, f"{msg}: {exc.strerror}")], lang) from None
    try:
        data = yaml_load(text)
    except DuplicateKeyError as exc:
        msg = (
            f"kunci '{exc.key}' ditulis dua kali (baris {exc.first_line} dan {exc.second_line})"
            if lang == "id"
            else f"key '{exc.key}' is written twice (lines {exc.first_line} and {exc.second_line})"
        )
        raise ScenarioError(str(path), [("", MISSING, msg)], lang) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = (
            f" (baris {mark.line + 1})"
            if mark and lang == "id"
            else (f" (line {mark.line + 1})" if mark else "")
        )
        msg = "bukan YAML yang valid" if lang == "id" else "not valid YAML"
        raise ScenarioError(str(path), [("", MISSING, msg + where)], lang) from None
    if data is None:
        msg = (
            "berkas kosong: tulis setidaknya 'extends: tps_standar_2024'"
            if lang == "id"
            else "the file is empty: write at least 'extends: tps_standar_2024'"
        )
        raise ScenarioError(str(path), [("", MISSING, msg)], lang)
    if not isinstance(data, dict):
        msg = (
            "isi berkas harus pemetaan (kunci: nilai)"
            if lang == "id"
            else "the file must hold a mapping (key: value)"
        )
        raise ScenarioError(str(path), [("", MISSING, msg)], lang)
    return data


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
    msg = (
        f"skenario tidak dikenal; yang tersedia: {', '.join(shipped)}"
        if lang == "id"
        else f"unknown scenario; available: {', '.join(shipped)}"
    )
    raise ScenarioError(text, [("", MISSING, msg)], lang)


def _raw_data(source: str | Path, lang: str, seen: tuple = ()) -> tuple[dict, str]:
    path = _resolve_source(source, lang)
    data = read_yaml(path, lang)
    parent = data.pop("extends", None)
    if parent is not None:
        if not isinstance(parent, str) or parent in seen:
            msg = (
                "extends harus nama skenario lain"
                if lang == "id"
                else "extends must name another scenario"
            )
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
    if scenario.tps.voters_dpt > KPU_DPT_CAP:
        msg = (
            f"{source}: tps.voters_dpt = {scenario.tps.voters_dpt} di atas batas KPU 2024"
            f" ({KPU_DPT_CAP});"
            f" UU 7/2017 mengizinkan sampai {LEGAL_DPT_MAX} (§1.3)"
            if lang == "id"
            else f"{source}: tps.voters_dpt = {scenario.tps.voters_dpt} is above KPU's 2024 cap"
            f" ({KPU_DPT_CAP}); UU 7/2017 allows up to {LEGAL_DPT_MAX} (§1.3)"
        )
        warnings.warn(msg, ScenarioWarning, stacklevel=2)
    h = scenario.hours
    if h.enforce_close and (h.voting_open, h.voting_close) != (0.0, 360.0):
        hours = f"{min_to_clock(h.voting_open)}-{min_to_clock(h.voting_close)}"
        msg = (
            f"{source}: jam pemungutan {hours} berbeda dari aturan 07:00-13:00"
            " (PKPU 25/2023 Pasal 5, §1.1)"
            if lang == "id"
            else f"{source}: voting hours {hours} differ from the rule 07:00-13:00"
            " (PKPU 25/2023 Pasal 5, §1.1)"
        )
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
    from simkit import distributions as d

    for name, (cls, params) in d.KNOWN_DISTRIBUTIONS.items():
        if type(dist) is cls:
            spec: dict[str, Any] = {"dist": name}
            for p in params:
                value = getattr(dist, p)
                spec[p] = list(value) if isinstance(value, tuple) else value
            return spec
    if isinstance(dist, d.Scaled):
        return (
            _dist_spec(dist.base.scaled(dist.factor)) if not isinstance(dist.base, d.Scaled) else {}
        )
    raise TypeError(f"cannot write {dist!r}")


def save_scenario(scenario: Scenario, path: str | Path) -> None:
    """Write a scenario as YAML."""
    Path(path).write_text(
        yaml.safe_dump(scenario_to_dict(scenario), sort_keys=False, allow_unicode=True),
        encoding="utf-8",
    )


def _parse_override_value(value: Any) -> Any:
    if isinstance(value, str):
        try:
            return yaml_load(value)
        except yaml.YAMLError:
            return value
    return value


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
        parts = str(dotted).split(".")
        node = data
        ok = True
        for i, part in enumerate(parts[:-1]):
            if not isinstance(node, dict) or part not in node or not isinstance(node[part], dict):
                ok = False
                bad = ".".join(parts[: i + 1])
                break
            node = node[part]
        if ok and isinstance(node, dict) and (parts[-1] in node or _accepts_new_key(parts)):
            node[parts[-1]] = _parse_override_value(raw)
        else:
            if ok:
                bad = dotted
            known = _field_names(Scenario, parts[: max(0, len(bad.split(".")) - 1)])
            hint = difflib.get_close_matches(bad.split(".")[-1], known, n=1)
            if lang == "id":
                msg = "kolom tidak dikenal" + (f"; maksudnya '{hint[0]}'?" if hint else "")
            else:
                msg = "unknown field" + (f"; did you mean '{hint[0]}'?" if hint else "")
            problems.append((str(dotted), MISSING, msg))
    if problems:
        raise ScenarioError(f"--set ({base.name})", problems, lang)
    return validate_data(data, f"{base.name} + --set", lang)


def _accepts_new_key(parts: list[str]) -> bool:
    # mappings keyed by ballot type, member or panel may gain keys
    return len(parts) >= 2 and parts[-2] in (
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
