"""The dashboard's typed inputs: nothing is coerced silently into another setting (issue 15)."""

import pytest

from simkit.dashboard.controls import PatternControl


@pytest.mark.parametrize(
    "typed",
    ["1e308, 1, 1, 1, 1, 1", "nan, 10, 10, 10, 10, 10", "inf, 1, 1, 1, 1, 1", "101, 0, 0, 0, 0, 0"],
)
def test_impossible_hourly_percentages_are_refused_with_the_typed_text(typed):
    control = PatternControl()
    control.choice.value = "custom"
    control.text.value = typed
    with pytest.raises(ValueError) as err:
        control.overrides()
    assert typed in str(err.value) and "0" in str(err.value) and "100" in str(err.value)


def test_ordinary_percentages_become_shares_adding_up_to_one():
    control = PatternControl()
    control.choice.value = "custom"
    control.text.value = "30, 25, 20, 12, 8, 5"
    shares = control.overrides()["arrivals.hourly_shares"]
    assert shares == [0.3, 0.25, 0.2, 0.12, 0.08, 0.05]
