"""The docs hold together: every § cited exists, every local link resolves, the evidence is kept."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
EVIDENCE = DOCS / "domain_sources.md"
CITED_IN = [
    ROOT / "README.md",
    *sorted(DOCS.glob("*.md")),
    ROOT / "simkit" / "theory.py",
    *sorted((ROOT / "notebooks").glob("0*.ipynb")),
]
SECTION = re.compile(r"§\s?(\d+(?:\.\d+)?)")
LINK = re.compile(r"\]\(([^)#\s]+)(?:#[^)]*)?\)")


def sections() -> set[str]:
    """Section numbers of the evidence file ("1", "1.1", ..., "6")."""
    heads = re.findall(
        r"^#{2,3}\s+(\d+(?:\.\d+)?)\.?\s", EVIDENCE.read_text(encoding="utf-8"), re.M
    )
    return set(heads)


def test_evidence_file_has_its_sections_and_header():
    text = EVIDENCE.read_text(encoding="utf-8")
    assert "evidence file" in text.lower()
    assert "# A TPS day: rules, figures and evidence" in text
    assert {"1.1", "1.3", "1.6", "2", "3.1", "3.2", "4.1", "6"} <= sections()


@pytest.mark.parametrize("path", CITED_IN, ids=lambda p: p.name)
def test_every_cited_section_exists(path):
    known = sections()
    cited = set(SECTION.findall(path.read_text(encoding="utf-8")))
    missing = sorted(cited - known, key=lambda s: [int(x) for x in s.split(".")])
    assert not missing, f"{path.name} cites § {missing}, not in docs/domain_sources.md"


@pytest.mark.parametrize(
    "path", [ROOT / "README.md", *sorted(DOCS.glob("*.md"))], ids=lambda p: p.name
)
def test_local_links_resolve(path):
    text = path.read_text(encoding="utf-8")
    if path == EVIDENCE:
        pytest.skip("the evidence file links to the web only")
    broken = []
    for target in LINK.findall(text):
        if "://" in target or target.startswith("mailto:"):
            continue
        if not (path.parent / target).exists():
            broken.append(target)
    assert not broken, f"{path.name}: broken links {broken}"


def test_model_doc_labels_assumptions_and_covers_the_day():
    text = (DOCS / "model.md").read_text(encoding="utf-8")
    assert text.count("assumption") >= 20
    for topic in (
        "Time convention",
        "stations",
        "default role rule",
        "Arrivals",
        "rules of the day",
        "Errors",
        "Counting",
        "Paperwork",
        "Fatigue and training",
        "Limitations",
    ):
        assert topic.lower() in text.lower(), topic


def test_validation_doc_is_generated_with_its_command():
    text = (DOCS / "validation.md").read_text(encoding="utf-8")
    assert "generated" in text and "docs/make_validation.py" in text
    assert "Erlang C" in text and "rho" in text
    rows = [line for line in text.splitlines() if line.startswith("| ") and "§" in line]
    assert len(rows) >= 6, "one row per calibration target, each with its source"
