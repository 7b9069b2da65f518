"""simkit: simulation and rehearsal kit for an Indonesian polling station (TPS) day.

The public API (a contract, see docs/):

>>> import simkit
>>> sc = simkit.load_scenario("tps_standar_2024")
>>> day = simkit.simulate(simkit.with_overrides(sc, {"staff.kpps": 5}), seed=7)
>>> day.summary["last_voter_exit_min"]  # doctest: +SKIP
"""

from simkit.scenario import (
    Scenario,
    ScenarioError,
    list_scenarios,
    load_scenario,
    min_to_clock,
    with_overrides,
)

__all__ = [
    "Scenario",
    "ScenarioError",
    "list_scenarios",
    "load_scenario",
    "min_to_clock",
    "with_overrides",
    "simulate",
    "DayResult",
    "replicate",
    "summarize",
    "compare",
    "sweep",
    "recommend",
    "replications_needed",
]

__version__ = "0.1.0"


def __getattr__(name):
    # Lazy imports keep `import simkit` light for the CLI and workers.
    if name in ("simulate", "DayResult", "simulate_group"):
        from simkit import simulation

        return getattr(simulation, name)
    if name in ("replicate", "summarize", "compare", "sweep", "recommend", "replications_needed"):
        from simkit import experiment

        return getattr(experiment, name)
    raise AttributeError(f"module 'simkit' has no attribute {name!r}")
