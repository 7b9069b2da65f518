"""What people read and keep of a run: the facade of the report package.

:mod:`~simkit.report.format` is THE formatter (numbers, clock times, KPI values, differences);
:mod:`~simkit.report.tables` the command line's text tables; :mod:`~simkit.report.sentences`
results said in words; :mod:`~simkit.report.files` CSV/Parquet/PNG outputs of a run. This facade
stays light: the tables and files (pandas, matplotlib) load on first use of one of their names.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from simkit.metrics import keys_of_kind
from simkit.report.format import format_diff, format_kpi, number

if TYPE_CHECKING:
    import pandas as pd

    from simkit.report.files import (
        FRAME_NAMES,
        PROJECTOR_STYLE,
        RUN_FILES,
        files_written,
        stale_outputs,
        write_charts,
        write_frames,
        write_outputs,
    )
    from simkit.report.tables import (
        PROBABILITY_ROWS,
        SUMMARY_ROWS,
        as_frame,
        comparison_table,
        replications_table,
        summary_table,
        sweep_table,
    )
    from simkit.simulation import DayResult

__all__ = [
    "CLOCK_KPIS",
    "FRAME_NAMES",
    "PROBABILITY_ROWS",
    "PROJECTOR_STYLE",
    "RUN_FILES",
    "SHARE_KPIS",
    "SUMMARY_ROWS",
    "as_frame",
    "comparison_table",
    "files_written",
    "format_kpi",
    "number",
    "replications_table",
    "run_replications",
    "simulate_day",
    "stale_outputs",
    "summary_table",
    "sweep_table",
    "write_charts",
    "write_frames",
    "write_outputs",
]

# the catalogue's kinds under their old names (simkit.metrics.KPIS is the source)
CLOCK_KPIS = keys_of_kind("clock")
SHARE_KPIS = keys_of_kind("share")
# the CLI tests of another area import the difference formatter under its old name; use
# simkit.report.format.format_diff
_fmt_diff = format_diff

_LAZY = {
    "simkit.report.tables": (
        "PROBABILITY_ROWS",
        "SUMMARY_ROWS",
        "as_frame",
        "comparison_table",
        "replications_table",
        "summary_table",
        "sweep_table",
    ),
    "simkit.report.files": (
        "FRAME_NAMES",
        "PROJECTOR_STYLE",
        "RUN_FILES",
        "files_written",
        "stale_outputs",
        "write_charts",
        "write_frames",
        "write_outputs",
    ),
}


def __getattr__(name: str) -> Any:
    # lazy: the tables and files need pandas (and matplotlib), which lean callers of
    # simkit.report.format must not pay for
    import importlib

    for module, names in _LAZY.items():
        if name in names:
            return getattr(importlib.import_module(module), name)
    raise AttributeError(f"module 'simkit.report' has no attribute {name!r}")


def simulate_day(scenario: Any, seed: int, tps_id: str = "TPS") -> DayResult:
    """One TPS day with :func:`simkit.simulate`."""
    from simkit.simulation import simulate  # lazy: the model is not needed to print a table

    return simulate(scenario, seed=seed, tps_id=tps_id)


def run_replications(
    scenario: Any, reps: int, seed: int, executor: Any = None, progress: Any = False
) -> pd.DataFrame:
    """One summary row per replication, from :func:`simkit.experiment.replicate`.

    Replication ``i`` runs with ``experiment.replication_seed(seed, i)``; the ``seed`` and
    ``tps_id`` columns replay any row with :func:`simulate_day`.
    """
    from simkit.experiment import replicate  # lazy: pandas and scipy only when runs start

    return replicate(scenario, reps=reps, seed=seed, executor=executor, progress=progress)
