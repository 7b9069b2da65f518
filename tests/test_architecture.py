"""The house rules, checked on the source: layers flow one way, no cycles, no private names abroad.

Layers (low to high): the scenario and TPS facts; the model; records and metrics; experiment,
region, drills and executors; report and plots; the faces (cli, dashboard). A module may import
its own layer or a lower one, never a higher one (docs/architecture.md).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "simkit"

# What each part of the package may import from simkit (besides itself).
# simkit.testing (test support, like numpy.testing) sits beside the faces: it may import them,
# and nothing else in simkit may import it.
FACES = ("simkit.cli", "simkit.dashboard", "simkit.__main__", "simkit.testing")
MODEL_MAY_IMPORT = ("simkit.model", "simkit.scenario", "simkit.tps", "simkit.distributions")


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _sources() -> dict[str, ast.Module]:
    return {_module_name(p): ast.parse(p.read_text()) for p in sorted(PACKAGE.rglob("*.py"))}


def _imports(tree: ast.Module) -> list[tuple[str, list[str]]]:
    """(module, names) for every import of a simkit module, at any depth."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("simkit"):
            found.append((node.module, [a.name for a in node.names]))
        elif isinstance(node, ast.Import):
            found += [(a.name, []) for a in node.names if a.name.startswith("simkit")]
    return found


SOURCES = _sources()


def _within(name: str, prefixes: tuple[str, ...]) -> bool:
    return any(name == p or name.startswith(p + ".") for p in prefixes)


@pytest.mark.parametrize("module", sorted(m for m in SOURCES if m.startswith("simkit.model")))
def test_the_model_imports_only_the_scenario_and_tps_facts(module):
    bad = [m for m, _ in _imports(SOURCES[module]) if not _within(m, MODEL_MAY_IMPORT)]
    assert not bad, f"{module} imports {bad}"


@pytest.mark.parametrize("module", sorted(m for m in SOURCES if not _within(m, FACES)))
def test_nothing_below_the_faces_imports_them(module):
    bad = []
    for imported, names in _imports(SOURCES[module]):
        full = [imported] + [f"{imported}.{n}" for n in names]
        if any(_within(f, FACES) for f in full):
            bad.append(imported)
    assert not bad, f"{module} imports the faces {bad}"


def test_no_private_name_is_imported_from_another_module():
    crossings = []
    for module, tree in SOURCES.items():
        for imported, names in _imports(tree):
            if imported == module:
                continue
            crossings += [f"{module}: from {imported} import {n}" for n in names if n[:1] == "_"]
    assert not crossings, "\n".join(crossings)


def test_no_private_attribute_of_a_simkit_module_is_read_elsewhere():
    crossings = []
    for module, tree in SOURCES.items():
        aliases = {}
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("simkit"):
                for a in node.names:
                    if f"{node.module}.{a.name}" in SOURCES:
                        aliases[a.asname or a.name] = f"{node.module}.{a.name}"
            elif isinstance(node, ast.Import):
                for a in node.names:
                    if a.name in SOURCES and a.asname:
                        aliases[a.asname] = a.name
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Name)
                and node.value.id in aliases
                and node.attr.startswith("_")
                and not node.attr.startswith("__")
                and aliases[node.value.id] != module
            ):
                crossings.append(f"{module}: {aliases[node.value.id]}.{node.attr}")
    assert not crossings, "\n".join(crossings)


def test_every_module_says_its_job_in_a_docstring():
    missing = [m for m, tree in SOURCES.items() if not ast.get_docstring(tree)]
    assert not missing, missing


def _graph() -> dict[str, set[str]]:
    """Module -> the simkit modules it imports (``from simkit import x`` resolves to simkit.x)."""
    graph: dict[str, set[str]] = {}
    for module, tree in SOURCES.items():
        targets = set()
        for imported, names in _imports(tree):
            subs = [f"{imported}.{n}" for n in names if f"{imported}.{n}" in SOURCES]
            targets |= set(subs) if subs else {imported}
        graph[module] = {t for t in targets if t in SOURCES and t != module}
    return graph


def test_the_import_graph_has_no_cycles():
    graph, state, cycles = _graph(), {}, []

    def visit(node: str, path: list[str]) -> None:
        state[node] = "open"
        for nxt in sorted(graph[node]):
            if nxt == "simkit" or node == "simkit":
                continue  # the package's lazy public API points at everything by design
            if state.get(nxt) == "open":
                cycles.append(" -> ".join(path[path.index(nxt) :] + [nxt]))
            elif nxt not in state:
                visit(nxt, path + [nxt])
        state[node] = "done"

    for start in sorted(graph):
        if start not in state:
            visit(start, [start])
    assert not cycles, "\n".join(cycles)


WORDS = ("simkit.report", "simkit.plots")
DOMAIN = (
    "simkit.tps",
    "simkit.scenario",
    "simkit.distributions",
    "simkit.model",
    "simkit.simulation",
    "simkit.records",
    "simkit.metrics",
    "simkit.experiment",
    "simkit.region",
    "simkit.drills",
    "simkit.executors",
    "simkit.theory",
)


@pytest.mark.parametrize("module", sorted(m for m in SOURCES if _within(m, DOMAIN)))
def test_the_domain_returns_data_and_never_imports_the_words(module):
    """Report and plots format for people; the domain below them must not reach up to them."""
    bad = []
    for imported, names in _imports(SOURCES[module]):
        full = [imported] + [f"{imported}.{n}" for n in names]
        if any(_within(f, WORDS + FACES) for f in full):
            bad.append(imported)
    assert not bad, f"{module} imports {bad}"
