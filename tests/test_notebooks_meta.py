"""The notebooks as committed: numbered, no outputs, Indonesian prose with English summaries.

Running them is `make test`'s job (``pytest --nbmake notebooks``); these checks read the files only,
so they are fast and catch a notebook committed with its outputs or without its summaries.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"

# Voila apps served by name (`simkit dashboard`, the drill app): entry points, not lessons.
APP_NOTEBOOKS = {"dashboard.ipynb", "drill.ipynb"}
# DESIGN.md "Faces": the lessons that must exist.
REQUIRED = {"01_tur_tps", "02_what_if_pps", "03_beban_kerja", "04_latihan_insiden", "05_validasi"}
NUMBERED = re.compile(r"^(\d\d)_[a-z0-9_]+\.ipynb$")

# Common Indonesian function words; English prose has none of them.
ID_WORDS = {
    "yang",
    "dan",
    "di",
    "dengan",
    "untuk",
    "dari",
    "ini",
    "tidak",
    "pada",
    "atau",
    "setiap",
    "sampai",
    "bisa",
    "satu",
    "lebih",
    "tetap",
    "agar",
    "oleh",
    "adalah",
}
EN_SUMMARY = re.compile(r"^>\s*\*English( summary)?:", re.MULTILINE)
LONG_PROSE = 250  # characters: a markdown cell this long is prose that needs a summary


def all_notebooks() -> list[Path]:
    return sorted(p for p in NOTEBOOKS.glob("*.ipynb"))


def lessons() -> list[Path]:
    return [p for p in all_notebooks() if p.name not in APP_NOTEBOOKS]


def words(text: str) -> list[str]:
    return re.findall(r"[a-zA-Z]+", text.lower())


def indonesian_share(text: str) -> float:
    w = words(text)
    return sum(1 for x in w if x in ID_WORDS) / len(w) if w else 0.0


def prose(cell) -> str:
    """Markdown without code blocks and the English summary lines."""
    text = re.sub(r"```.*?```", "", cell.source, flags=re.DOTALL)
    return "\n".join(line for line in text.splitlines() if not line.startswith(">"))


def output_problems(nb, name: str) -> list[str]:
    """Code cells that keep outputs or execution counts."""
    out = []
    for k, cell in enumerate(nb.cells):
        if cell.cell_type == "code" and (cell.outputs or cell.execution_count is not None):
            out.append(f"{name} cell {k}: outputs committed (strip them)")
    return out


def prose_problems(nb, name: str) -> list[str]:
    """Missing English summaries, or prose that does not read as Indonesian."""
    md = [c for c in nb.cells if c.cell_type == "markdown"]
    if not md:
        return [f"{name}: no prose"]
    out = []
    if not EN_SUMMARY.search(md[0].source):
        out.append(f"{name}: the first cell needs an English summary")
    share = indonesian_share("\n".join(prose(c) for c in md))
    if share < 0.04:
        out.append(f"{name}: prose does not read as Indonesian ({share:.1%} id words)")
    for k, cell in enumerate(nb.cells):
        long = cell.cell_type == "markdown" and len(prose(cell)) >= LONG_PROSE
        if long and not EN_SUMMARY.search(cell.source):
            out.append(f"{name} cell {k}: long prose without a '> *English: ...*' line")
    return out


@pytest.mark.parametrize("path", all_notebooks(), ids=lambda p: p.name)
def test_valid_and_no_outputs(path):
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    assert output_problems(nb, path.name) == []


def test_required_lessons_exist_and_every_lesson_is_numbered():
    names = [p.name for p in lessons()]
    bad = [n for n in names if not NUMBERED.match(n)]
    assert not bad, f"notebooks must be named NN_name.ipynb: {bad}"
    stems = {Path(n).stem for n in names}
    assert stems >= REQUIRED, f"missing: {sorted(REQUIRED - stems)}"
    numbers = [NUMBERED.match(n).group(1) for n in names]
    assert len(numbers) == len(set(numbers)), f"two notebooks share a number: {names}"


@pytest.mark.parametrize("path", lessons(), ids=lambda p: p.name)
def test_title_matches_number(path):
    nb = nbformat.read(path, as_version=4)
    first = nb.cells[0]
    assert first.cell_type == "markdown"
    number = path.name[:2]
    assert first.source.startswith(f"# {number} "), (
        f"{path.name}: the first cell should start with '# {number} ...'"
    )


@pytest.mark.parametrize("path", lessons(), ids=lambda p: p.name)
def test_indonesian_prose_with_english_summaries(path):
    nb = nbformat.read(path, as_version=4)
    assert prose_problems(nb, path.name) == []


@pytest.mark.parametrize("path", lessons(), ids=lambda p: p.name)
def test_cells_short_and_model_in_package(path):
    nb = nbformat.read(path, as_version=4)
    for k, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        n = len(cell.source.splitlines())
        assert n <= 25, f"{path.name} cell {k}: {n} lines; keep cells short"
        assert "import simpy" not in cell.source, (
            f"{path.name} cell {k}: model code belongs in simkit/, not in a notebook"
        )


@pytest.mark.process
def test_no_checkpoints_committed():
    try:
        files = subprocess.run(
            ["git", "ls-files", "notebooks"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
            timeout=30,
        ).stdout.splitlines()
    except (OSError, subprocess.SubprocessError):
        pytest.skip("not a git checkout")
    assert not [f for f in files if ".ipynb_checkpoints" in f]


def test_checks_catch_a_bad_notebook():
    """The checks themselves: outputs, English-only prose and missing summaries are caught."""
    long_id = "Ini adalah teks yang panjang untuk pelatih dan PPS di TPS. " * 10
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell("# 09 Contoh\n\n" + long_id),
        nbformat.v4.new_code_cell("1 + 1"),
    ]
    nb.cells[1].outputs = [
        nbformat.v4.new_output("execute_result", {"text/plain": "2"}, execution_count=1)
    ]
    assert len(output_problems(nb, "x")) == 1
    assert any("English summary" in p for p in prose_problems(nb, "x"))
    nb.cells[0].source += "\n\n> *English: an example.*"
    assert prose_problems(nb, "x") == []
    nb.cells[0].source = "# 09 Example\n\n> *English: all English.*\n\n" + (
        "The whole election day is modelled with SimPy for trainers. " * 10
    )
    assert any("Indonesian" in p for p in prose_problems(nb, "x"))
