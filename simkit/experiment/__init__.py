"""Replications, comparisons, sweeps and staffing recommendations, with honest uncertainty.

The facade of the experiment package: :mod:`~simkit.experiment.replicate` (seeds, running days on
an executor), :mod:`~simkit.experiment.stats` (intervals, summaries, paired comparisons) and
:mod:`~simkit.experiment.design` (sweeps, recommendations, planning). The words that say a result
(``format_difference``) live in :mod:`simkit.report.sentences`.
"""

from __future__ import annotations

from simkit.experiment.design import (
    Condition,
    Recommendation,
    parse_target,
    recommend,
    replications_needed,
    sweep,
)
from simkit.experiment.replicate import MAX_REPS, ExperimentError, replicate, replication_seed
from simkit.experiment.stats import (
    clopper_pearson_interval,
    compare,
    paired_differences,
    summarize,
    t_interval,
    wilson_interval,
)
from simkit.metrics import PROBABILITIES, SUMMARY_KEYS

__all__ = [
    "MAX_REPS",
    "PROBABILITIES",
    "SUMMARY_KEYS",
    "Condition",
    "ExperimentError",
    "Recommendation",
    "clopper_pearson_interval",
    "compare",
    "paired_differences",
    "parse_target",
    "recommend",
    "replicate",
    "replication_seed",
    "replications_needed",
    "summarize",
    "sweep",
    "t_interval",
    "wilson_interval",
]
