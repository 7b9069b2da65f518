"""The scenario: everything that describes one TPS day, validated once at load (the facade).

The work is split in three: :mod:`~simkit.scenario.schema` (the frozen sections, the
:class:`Scenario` and its cross-checks), :mod:`~simkit.scenario.problems` (a validation error as
file + dotted field + value + rule, in Bahasa Indonesia or English) and
:mod:`~simkit.scenario.files` (YAML, ``extends:``, shipped names, load/save, dotted overrides).
This module re-exports the names the rest of simkit imports from ``simkit.scenario``, and the TPS
facts of :mod:`simkit.tps` that used to live here.
"""

from __future__ import annotations

from simkit.scenario.files import (
    MAX_FILE_BYTES,
    SCENARIO_DIR,
    DuplicateKeyError,
    RefusedYamlError,
    list_scenarios,
    load_scenario,
    read_text_capped,
    read_yaml,
    save_scenario,
    scenario_to_dict,
    validate_data,
    with_overrides,
    yaml_compose,
    yaml_load,
)
from simkit.scenario.problems import (
    MISSING,
    ScenarioError,
    ScenarioWarning,
    bi_error,
    rule_error,
    validation_problems,
)
from simkit.scenario.schema import (
    TRAINING_LEVELS,
    BallotType,
    Clock,
    Count,
    Dist,
    FixedPerson,
    Member,
    Number,
    Scenario,
    Section,
    Share,
    YesNo,
    clock_to_min,
)
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
    # TPS facts (simkit.tps)
    "BALLOT_TYPES",
    "COUNTING_ROLES",
    "KPPS_MEMBERS",
    "KPU_DPT_CAP",
    "LEGAL_DEADLINE_MIN",
    "LEGAL_DPT_MAX",
    "MIDNIGHT_MIN",
    "STAFFED_STATIONS",
    "VOTING_STATIONS",
    "min_to_clock",
    # schema
    "TRAINING_LEVELS",
    "BallotType",
    "Clock",
    "Count",
    "Dist",
    "FixedPerson",
    "Member",
    "Number",
    "Scenario",
    "Section",
    "Share",
    "YesNo",
    "clock_to_min",
    # problems
    "MISSING",
    "ScenarioError",
    "ScenarioWarning",
    "bi_error",
    "rule_error",
    "validation_problems",
    # files
    "MAX_FILE_BYTES",
    "SCENARIO_DIR",
    "DuplicateKeyError",
    "RefusedYamlError",
    "list_scenarios",
    "load_scenario",
    "read_text_capped",
    "read_yaml",
    "save_scenario",
    "scenario_to_dict",
    "validate_data",
    "with_overrides",
    "yaml_compose",
    "yaml_load",
]
