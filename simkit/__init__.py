"""simkit: simulation and rehearsal kit for an Indonesian polling station (TPS) day.

The public API (a contract, see docs/):

>>> import simkit
>>> sc = simkit.load_scenario("tps_standar_2024")
>>> day = simkit.simulate(simkit.with_overrides(sc, {"staff.kpps": 5}), seed=7)
>>> day.summary["last_voter_exit_min"]  # doctest: +SKIP
"""

import importlib

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


# Where each lazily loaded name lives. `import simkit` loads only the scenario: the model
# (SimPy, numpy) and the experiment layer (pandas, scipy) are imported on first use, which keeps
# the CLI start and every worker process quick (PEP 562 module __getattr__).
_LAZY = {
    "simulate": "simkit.simulation",
    "DayResult": "simkit.simulation",
    "simulate_group": "simkit.simulation",
    "replicate": "simkit.experiment",
    "summarize": "simkit.experiment",
    "compare": "simkit.experiment",
    "sweep": "simkit.experiment",
    "recommend": "simkit.experiment",
    "replications_needed": "simkit.experiment",
}


def __getattr__(name: str):
    """Load a public name of the simulation or experiment layer on first use."""
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'simkit' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
