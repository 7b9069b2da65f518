"""The formula guard: text a spreadsheet would run gets an apostrophe; numbers and data stay."""

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from simkit.spreadsheet import FORMULA_STARTS, formula_safe, formula_safe_frame

ATTACKS = [
    "=cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    '=HYPERLINK("http://evil.example","klik")',
    "+1+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]


@pytest.mark.parametrize("text", ATTACKS)
def test_formula_text_is_neutralised_and_stays_readable(text):
    safe = formula_safe(text)
    assert safe == "'" + text  # the original is still there, after the apostrophe


@pytest.mark.parametrize(
    "value", ["-5", "+1,5", "-0.25", "12%", "-", "Kecamatan Batu", "", 3, -2.5, None]
)
def test_numbers_and_plain_text_are_left_alone(value):
    assert formula_safe(value) == value or (value is None and formula_safe(value) is None)


@given(st.text(max_size=30))
def test_no_cell_starts_a_formula_after_the_guard(text):
    safe = formula_safe(text)
    assert safe.endswith(text)
    if safe.startswith(FORMULA_STARTS):
        assert (
            safe.lstrip("+-").replace(",", "").replace(".", "").rstrip("%").isdigit()
            or safe in "+-"
        )


def test_a_frame_keeps_numbers_and_guards_text_names_and_labels():
    frame = pd.DataFrame(
        {"area": ["=1+1", "Batu"], "tps": [3, -4], "=x": ["@a", "b"]},
        index=pd.Index(["-a+b", "ok"]),
    )
    safe = formula_safe_frame(frame)
    assert safe["area"].tolist() == ["'=1+1", "Batu"]
    assert safe["tps"].tolist() == [3, -4] and safe["tps"].dtype == frame["tps"].dtype
    assert list(safe.columns) == ["area", "tps", "'=x"]
    assert list(safe.index) == ["'-a+b", "ok"]
    assert frame["area"].tolist() == ["=1+1", "Batu"]  # the input is not changed
