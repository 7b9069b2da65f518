"""The scenario schema: frozen pydantic sections, the Scenario model and its cross-checks.

A scenario is a frozen pydantic model with ``extra="forbid"``: a misspelled key, a wrong type or
an impossible value is caught here, once, at load. The model code never re-checks its inputs.

Times in scenario files are clock strings (``"13:00"``; hours past 24 mean the next day, so
``"36:00"`` is 12:00 the next day) or numbers of model minutes since voting opens (07:00 = 0).
Durations are distribution specs in minutes (see :mod:`simkit.distributions`); fields ending in
``_s`` are seconds. Every default here is the standard 2024 TPS; the shipped file
``scenarios/tps_standar_2024.yaml`` repeats each one with its DOMAIN.md source or "assumption".
"""

from __future__ import annotations

import math
import re
from typing import Annotated, Any, Literal, cast, get_args

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    field_validator,
    model_validator,
)

from simkit.distributions import (
    Distribution,
    DistributionError,
    LogNormal,
    Triangular,
    make_distribution,
)
from simkit.i18n import t
from simkit.scenario.problems import bi_error, rule_error
from simkit.tps import (
    BALLOT_TYPES,
    KPPS_MEMBERS,
    LEGAL_DEADLINE_MIN,
    LEGAL_DPT_MAX,
    min_to_clock,
)

# --------------------------------------------------------------------------- clock times

_CLOCK = re.compile(r"^\s*(\d{1,2})[:.](\d{2})\s*$")


def clock_to_min(value: Any) -> float:
    """Turn ``"13:00"`` (or a number of model minutes) into minutes since 07:00."""
    if isinstance(value, bool):
        raise rule_error("clock", "scn_clock_not_bool")
    if isinstance(value, (int, float)):
        if not math.isfinite(value):
            raise rule_error("clock", "scn_clock_finite")
        return float(value)
    if isinstance(value, str):
        m = _CLOCK.match(value)
        if m:
            hours, minutes = int(m.group(1)), int(m.group(2))
            if hours > 47 or minutes > 59:
                raise rule_error("clock", "scn_clock_range")
            return float(hours * 60 + minutes - 7 * 60)
    raise rule_error("clock", "scn_clock_form")


Clock = Annotated[float, BeforeValidator(clock_to_min)]


def _dist(value: Any) -> Distribution:
    try:
        return make_distribution(value)
    except DistributionError as exc:
        raise bi_error(
            "distribution",
            t("scn_bad_distribution", "id").format(reason=exc.text("id")),
            t("scn_bad_distribution", "en").format(reason=exc.text("en")),
        ) from None


Dist = Annotated[Distribution, BeforeValidator(_dist)]


# --------------------------------------------------------------------------- strict numbers


def _count(value: Any) -> Any:
    """A count is a number: YAML ``true`` or the text ``"12"`` is refused, never read as 1 or 12.

    pydantic's lax mode would turn them into numbers silently (``voters_dpt: true`` ran with 1
    voter). Stricter than lax, looser than ``Strict()``: numpy integers (a notebook's
    ``np.arange`` grid) still count. ``--set`` values are text read as YAML first, so
    ``--set staff.kpps=5`` is the number 5.
    """
    if isinstance(value, (bool, str, bytes)):
        raise rule_error("int_type", "scn_whole_number")
    return value


def _number(value: Any) -> Any:
    """A share, factor or number of minutes is a number: ``true`` or ``"0.5"`` is refused."""
    if isinstance(value, (bool, str, bytes)):
        raise rule_error("float_type", "scn_number")
    return value


def _yes_no(value: Any) -> Any:
    """A switch is ``true`` or ``false``: ``1``, ``0`` or ``"yes"`` in quotes is refused."""
    if not isinstance(value, bool):
        raise rule_error("bool_type", "scn_yes_no")
    return value


Count = Annotated[int, BeforeValidator(_count)]
Number = Annotated[float, BeforeValidator(_number)]
YesNo = Annotated[bool, BeforeValidator(_yes_no)]
Share = Annotated[float, BeforeValidator(_number), Field(ge=0.0, le=1.0)]

# Longest lists and mappings a scenario may hold (a file is capped at 1 MiB, but an 8.7 MB list
# of shares once used 1 GB before it was refused); each is far above any real TPS day.
MAX_FIXED_PEOPLE = 4 * LEGAL_DPT_MAX  # planted people: DPT, DPTb and DPK at their legal most
MAX_HOURLY_SHARES = 48  # one share per hour; voting may run to 47:59 at the latest
MAX_ARRIVAL_GROUPS = 48  # KPU's suggested arrival groups (4 in 2024), one per hour at most
MAX_BREAKS = 100  # breaks and home visits over the day, for all seven members
MAX_PANELS = len(BALLOT_TYPES)  # counting panels: at most one per ballot type
BallotType = Literal["PPWP", "DPR", "DPD", "DPRD_PROV", "DPRD_KABKOTA"]
Member = Literal["KPPS1", "KPPS2", "KPPS3", "KPPS4", "KPPS5", "KPPS6", "KPPS7"]
Station = Literal["entrance", "ketua_table", "boxes", "ink"]
CountingRole = Literal["announce", "open", "tally", "fold", "sort"]
StationList = Annotated[list[Station], Field(max_length=len(get_args(Station)))]


class Section(BaseModel):
    """A frozen part of a scenario: unknown keys, NaN and infinity are refused."""

    model_config = ConfigDict(
        frozen=True, extra="forbid", arbitrary_types_allowed=True, allow_inf_nan=False
    )


# --------------------------------------------------------------------------- sections


class Text(Section):
    """A label in both languages."""

    id: str = ""
    en: str = ""


def _all_ballot_types() -> list[BallotType]:
    return cast("list[BallotType]", list(BALLOT_TYPES))  # the same five, in counting order


class TPS(Section):
    """The polling station and its voters (§1.1-§1.5, §4)."""

    voters_dpt: Count = Field(270, ge=0, le=LEGAL_DPT_MAX)
    turnout: Share = 0.82
    voters_dptb: Count = Field(5, ge=0, le=LEGAL_DPT_MAX)
    dptb_entitlement: dict[Count, Number] = Field(
        default_factory=lambda: {5: 0.4, 4: 0.2, 2: 0.2, 1: 0.2}, max_length=5
    )
    voters_dpk: Count = Field(3, ge=0, le=LEGAL_DPT_MAX)
    share_assisted: Share = 0.05
    share_no_invitation: Share = 0.05
    share_not_eligible: Share = 0.01
    booths: Count = Field(4, ge=1, le=20)
    ballot_types: list[BallotType] = Field(
        default_factory=_all_ballot_types, max_length=len(BALLOT_TYPES)
    )
    waiting_seats: Count = Field(25, ge=0, le=500)
    reserve_share: Share = 0.02
    sick_at_home: Count = Field(0, ge=0, le=50)
    women_share: Share = 0.5

    @field_validator("ballot_types")
    @classmethod
    def _ordered_unique(cls, value):
        if not value:
            raise rule_error("ballot_types", "scn_ballot_types_empty")
        if len(set(value)) != len(value):
            raise rule_error("ballot_types", "scn_ballot_types_repeated")
        if list(value) != [b for b in BALLOT_TYPES if b in value]:
            raise rule_error("ballot_types", "scn_ballot_types_order")
        return value

    @field_validator("dptb_entitlement")
    @classmethod
    def _entitlement(cls, value):
        if not value:
            raise rule_error("entitlement", "scn_not_empty")
        for k, v in value.items():
            if k not in (1, 2, 3, 4, 5):
                raise rule_error("entitlement", "scn_entitlement_types", n=k)
            if not (0 <= v <= 1):
                raise rule_error("entitlement", "scn_entitlement_share")
        if abs(sum(value.values()) - 1.0) > 1e-6:
            raise rule_error("entitlement", "scn_entitlement_sum", total=sum(value.values()))
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
    enforce_close: YesNo = True


class Balking(Section):
    """People who give up when the line is long (default off)."""

    enabled: YesNo = False
    queue_threshold: Count = Field(30, ge=0)
    share_leave: Share = 0.5


class FixedPerson(Section):
    """One planted person for ``pattern: fixed`` (trace tests, drills, a trainer's story)."""

    time: Clock
    category: Literal["DPT", "DPTb", "DPK", "OTHER"] = "DPT"
    types: Count | None = Field(None, ge=1, le=5)
    assisted: YesNo = False
    refuse: Literal["", "ink_on_finger", "not_on_list"] = ""
    spoil: Count = Field(0, ge=0, le=2)
    wrong_box: YesNo = False
    extra_ballots: bool = False
    no_invitation: YesNo = False


class Arrivals(Section):
    """When people come (§1.1 KPU's suggested arrival groups, §6)."""

    pattern: Literal["kpu_groups", "hourly_shares", "poisson", "fixed"] = "kpu_groups"
    fixed: list[FixedPerson] = Field(default_factory=list, max_length=MAX_FIXED_PEOPLE)
    dpt_groups: list[tuple[Clock, Clock]] = Field(
        default_factory=lambda: [(0.0, 60.0), (60.0, 120.0), (120.0, 180.0), (180.0, 240.0)],
        max_length=MAX_ARRIVAL_GROUPS,
    )
    share_ignore_slot: Share = 0.3
    opening_line: Count = Field(15, ge=0, le=LEGAL_DPT_MAX)
    opening_line_from: Clock = -30.0
    hourly_shares: list[Number] = Field(
        default_factory=lambda: [0.3, 0.25, 0.2, 0.12, 0.08, 0.05], max_length=MAX_HOURLY_SHARES
    )
    dptb_window: tuple[Clock, Clock] = (240.0, 300.0)
    dpk_window: tuple[Clock, Clock] = (300.0, 360.0)
    share_after_close: Share = 0.0
    rate_per_hour: Number = Field(40.0, gt=0, le=10000)
    balking: Balking = Field(default_factory=Balking)

    @field_validator("dpt_groups")
    @classmethod
    def _groups(cls, value):
        if not value:
            raise rule_error("groups", "scn_groups_empty")
        for start, end in value:
            if end <= start:
                raise rule_error("groups", "scn_group_order")
        return value

    @field_validator("dptb_window", "dpk_window")
    @classmethod
    def _window(cls, value):
        if value[1] <= value[0]:
            raise rule_error("window", "scn_window_order")
        return value

    @field_validator("hourly_shares")
    @classmethod
    def _shares(cls, value):
        if not value or any(v < 0 for v in value):
            raise rule_error("shares", "scn_hourly_negative")
        if abs(sum(value) - 1.0) > 1e-6:
            raise rule_error("shares", "scn_hourly_sum", total=sum(value))
        return value


class Break(Section):
    """A member away from their station (a rest, or serving sick voters at home)."""

    member: Member
    start: Clock
    minutes: Number = Field(gt=0, le=24 * 60)


class Fatigue(Section):
    """Slower work and more mistakes after many hours on duty (assumption, §3.2, §3.5)."""

    onset_h: Number = Field(10.0, ge=0, le=48)
    slowdown_per_h: Number = Field(0.02, ge=0, le=1)
    error_growth_per_h: Number = Field(0.05, ge=0, le=5)
    max_slowdown: Number = Field(1.5, ge=1, le=5)


TRAINING_LEVELS: dict[str, tuple[float, float]] = {
    # level: (time factor, error factor); assumption: the TOT's effect is not measured (§5)
    "well_trained": (0.9, 0.5),
    "standard": (1.0, 1.0),
    "new": (1.2, 2.0),
}


class Staff(Section):
    """KPPS members, Linmas and their roles (§2)."""

    kpps: Count = Field(7, ge=1, le=7)
    linmas: Count = Field(2, ge=0, le=4)
    roles: (
        dict[Member, Annotated[list[Station], Field(max_length=len(get_args(Station)))]] | None
    ) = None
    breaks: list[Break] = Field(default_factory=list, max_length=MAX_BREAKS)
    home_visit_members: Count = Field(2, ge=1, le=7)
    training: Literal["well_trained", "standard", "new"] = "standard"
    fatigue: Fatigue = Field(default_factory=Fatigue)
    sirekap_operators: Count = Field(2, ge=1, le=7)

    @property
    def present(self) -> tuple[str, ...]:
        """Members present: KPPS1 (the ketua) to KPPSn."""
        return KPPS_MEMBERS[: self.kpps]


class Stations(Section):
    """Which stations exist (the M/M/c validation mode keeps only the booths)."""

    entrance: YesNo = True
    ketua_table: bool = True
    boxes: YesNo = True
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
    wrong_box_unwatched_factor: Number = Field(3.0, ge=1, le=20)
    dptb_extra_ballots: Share = 0.02
    ink_on_finger: Share = 0.002
    ineligible_admitted: Share = 0.0
    tally_error: Share = 0.03
    tally_unchecked_factor: Number = Field(2.0, ge=1, le=20)
    misjudged_ballot: Share = 0.02
    objection: Share = 0.08
    objection_answered: Share = 0.6
    objection_corrected: Share = 0.3
    sirekap_upload_failure: Share = 0.25
    copier_failure: Share = 0.02

    @model_validator(mode="after")
    def _objection_split(self):
        if self.objection_answered + self.objection_corrected > 1.0 + 1e-9:
            raise rule_error("objection_split", "scn_objection_split")
        return self


def _default_role_s() -> dict[CountingRole, Distribution]:
    return {
        "announce": LogNormal(9.0, 3.0),
        "open": LogNormal(5.0, 1.5),
        "tally": LogNormal(14.0, 4.0),
        "fold": LogNormal(5.0, 1.5),
        "sort": LogNormal(8.0, 2.5),
    }


def _default_panels() -> dict[str, list[BallotType]]:
    return {"A": ["PPWP", "DPD"], "B": ["DPR", "DPRD_PROV", "DPRD_KABKOTA"]}


def _default_panel_members() -> dict[str, list[Member]]:
    return {"A": ["KPPS1", "KPPS2", "KPPS3"], "B": ["KPPS4", "KPPS5", "KPPS6", "KPPS7"]}


def _default_type_factor() -> dict[BallotType, float]:
    return {"PPWP": 1.0, "DPR": 1.85, "DPD": 1.5, "DPRD_PROV": 1.85, "DPRD_KABKOTA": 1.85}


def _default_invalid_share() -> dict[BallotType, float]:
    return {"PPWP": 0.02, "DPR": 0.08, "DPD": 0.1, "DPRD_PROV": 0.08, "DPRD_KABKOTA": 0.08}


def _default_c_hasil_fill() -> dict[BallotType, Distribution]:
    return {
        "PPWP": LogNormal(8.0, 3.0),
        "DPR": LogNormal(15.0, 5.0),
        "DPD": LogNormal(10.0, 3.0),
        "DPRD_PROV": LogNormal(15.0, 5.0),
        "DPRD_KABKOTA": LogNormal(15.0, 5.0),
    }


def _default_salinan_pages() -> dict[BallotType, int]:
    return {"PPWP": 2, "DPR": 6, "DPD": 4, "DPRD_PROV": 6, "DPRD_KABKOTA": 6}


class Counting(Section):
    """The count and its paperwork (§1.6, §3.1)."""

    enabled: YesNo = True
    mode: Literal["single_panel", "two_panel"] = "single_panel"
    panels: dict[str, Annotated[list[BallotType], Field(max_length=len(BALLOT_TYPES))]] = Field(
        default_factory=_default_panels, max_length=MAX_PANELS
    )
    panel_members: dict[str, Annotated[list[Member], Field(max_length=len(KPPS_MEMBERS))]] = Field(
        default_factory=_default_panel_members, max_length=MAX_PANELS
    )
    break_after_voting: Dist = Triangular(10.0, 15.0, 25.0)
    preparation: Dist = Triangular(10.0, 15.0, 25.0)
    box_open: Dist = Triangular(2.0, 3.0, 6.0)
    role_s: dict[CountingRole, Dist] = Field(default_factory=_default_role_s)
    type_factor: dict[BallotType, Number] = Field(default_factory=_default_type_factor)
    invalid_share: dict[BallotType, Number] = Field(default_factory=_default_invalid_share)
    wrong_box_search: Dist = Triangular(5.0, 10.0, 20.0)
    objection_answer: Dist = Triangular(3.0, 5.0, 10.0)
    objection_correction: Dist = Triangular(5.0, 10.0, 20.0)
    c_hasil_fill: dict[BallotType, Dist] = Field(default_factory=_default_c_hasil_fill)
    signature_min: Dist = Triangular(0.15, 0.25, 0.5)
    saksi: Count = Field(8, ge=0, le=40)
    sirekap_photo: Dist = Triangular(3.0, 5.0, 10.0)
    sirekap_retry_wait: Dist = Triangular(5.0, 10.0, 30.0)
    sirekap_max_attempts: Count = Field(6, ge=1, le=50)
    salinan_pages: dict[BallotType, Count] = Field(default_factory=_default_salinan_pages)
    salinan_timing: Literal["after_each_type", "after_count"] = "after_count"
    copier: Literal["own", "shared", "none"] = "own"
    copy_page_s: Dist = Triangular(4.0, 6.0, 10.0)
    copier_transfer: Dist = Triangular(5.0, 10.0, 20.0)
    copier_group_size: Count = Field(3, ge=1, le=20)
    signing_stacks: Count = Field(4, ge=1, le=10)
    copier_repair: Dist = Triangular(15.0, 30.0, 60.0)
    hand_copy_page: Dist = Triangular(4.0, 6.0, 10.0)
    recount_factor: Number = Field(0.8, gt=0, le=2)
    tally_alone_factor: Number = Field(1.25, ge=1, le=5)
    closing: Dist = Triangular(20.0, 30.0, 60.0)

    @model_validator(mode="after")
    def _panels(self):
        placed = [bt for types in self.panels.values() for bt in types]
        if len(placed) != len(set(placed)):
            raise rule_error("panels", "scn_panels_type_twice")
        if set(self.panels) != set(self.panel_members):
            raise rule_error("panels", "scn_panels_names")
        members = [m for ms in self.panel_members.values() for m in ms]
        if len(members) != len(set(members)):
            raise rule_error("panels", "scn_panels_member_twice")
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
    record_ballots: YesNo = False

    @model_validator(mode="after")
    def _cross_checks(self):
        self._check_hours()
        self._check_entitlement()
        self._check_members()
        self._check_panels()
        return self

    def _check_hours(self) -> None:
        h = self.hours
        close, open_ = min_to_clock(h.voting_close), min_to_clock(h.voting_open)
        if h.voting_close <= h.voting_open:
            raise rule_error("hours", "scn_close_before_open", close=close, open=open_)
        if h.kpps_arrive > h.voting_open:
            arrive = min_to_clock(h.kpps_arrive)
            raise rule_error("hours", "scn_kpps_arrive_late", arrive=arrive, open=open_)
        if h.counting_deadline <= h.voting_close:
            deadline = min_to_clock(h.counting_deadline)
            raise rule_error("hours", "scn_deadline_early", deadline=deadline, close=close)

    def _check_entitlement(self) -> None:
        n_types = len(self.tps.ballot_types)
        too_many = [k for k in self.tps.dptb_entitlement if k > n_types]
        if too_many and self.tps.voters_dptb > 0:
            raise rule_error(
                "entitlement", "scn_entitlement_too_many", used=max(too_many), n=n_types
            )

    def _check_members(self) -> None:
        present = set(self.staff.present)
        if self.staff.roles is not None:
            absent = sorted(set(self.staff.roles) - present)
            if absent:
                names = ", ".join(absent)
                raise rule_error("roles", "scn_roles_absent", names=names, kpps=self.staff.kpps)
        absent_breaks = sorted({b.member for b in self.staff.breaks} - present)
        if absent_breaks:
            raise rule_error("breaks", "scn_breaks_absent", names=", ".join(absent_breaks))

    def _check_panels(self) -> None:
        if self.counting.mode == "two_panel":
            placed = {bt for types in self.counting.panels.values() for bt in types}
            missing = [bt for bt in self.tps.ballot_types if bt not in placed]
            if missing:
                raise rule_error("panels", "scn_panels_missing", types=", ".join(missing))

    @property
    def reserve_per_type(self) -> int:
        """Reserve ballots per type: 2% of DPT, rounded up (§1.3)."""
        return math.ceil(self.tps.voters_dpt * self.tps.reserve_share - 1e-9)
