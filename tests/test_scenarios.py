"""Every shipped scenario loads, cites its sources, and runs; bad scenarios get clear messages."""

import ast
import pickle
import re
import warnings
from pathlib import Path

import pytest

import simkit
import simkit.scenario as facade
from simkit.distributions import DistributionError, make_distribution
from simkit.i18n import LABELS
from simkit.scenario import SCENARIO_DIR, ScenarioWarning, scenario_to_dict

SHIPPED = list(simkit.list_scenarios())


def test_the_required_scenarios_ship():
    for name in (
        "tps_standar_2024",
        "tps_kurang_kpps",
        "tps_antrean_pagi",
        "tps_dptb_banyak",
        "validation/mmc",
    ):
        assert name in SHIPPED


@pytest.mark.parametrize("name", SHIPPED)
def test_shipped_scenario_loads_and_runs(name):
    sc = simkit.load_scenario(name)
    assert sc.title.id and sc.title.en
    day = simkit.simulate(sc, seed=11)
    s = day.summary
    assert s["voters_arrived"] == s["voters_voted"] + s["voters_turned_away"] + s["voters_left"]
    assert s["voters_voted"] > 0


def test_standard_file_states_every_default_of_the_code():
    file_data = scenario_to_dict(simkit.load_scenario("tps_standar_2024"))
    code_data = scenario_to_dict(simkit.Scenario())
    for key in ("title", "description"):
        file_data.pop(key), code_data.pop(key)
    assert file_data == code_data


def test_every_value_line_of_the_standard_file_cites_a_source():
    text = (SCENARIO_DIR / "tps_standar_2024.yaml").read_text(encoding="utf-8")
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith("#") or stripped.endswith(":"):
            continue
        if re.match(
            r"^(name|id|en|enabled|record_ballots|announce|open|tally|fold|sort|"
            r"PPWP|DPR|DPD|DPRD_PROV|DPRD_KABKOTA|onset_h|slowdown_per_h|"
            r"error_growth_per_h|max_slowdown|queue_threshold|share_leave):",
            stripped,
        ):
            continue  # grouped values cite their source on the group's line
        assert "#" in stripped, f"no source: {stripped}"
        comment = stripped.split("#", 1)[1]
        assert any(
            w in comment for w in ("§", "assumption", "defaults table", "issue", "used only")
        ), stripped


def test_extends_inherits_and_overrides():
    sc = simkit.load_scenario("tps_kurang_kpps")
    assert sc.staff.kpps == 5 and sc.tps.voters_dpt == 270 and sc.name == "tps_kurang_kpps"


def test_unquoted_clock_times_are_not_base_60_numbers(tmp_path):
    path = tmp_path / "clock.yaml"
    path.write_text("extends: tps_standar_2024\nhours:\n  voting_close: 13:30\n", encoding="utf-8")
    assert simkit.load_scenario(path).hours.voting_close == 390


def test_dotted_overrides_and_mmc_overrides():
    sc = simkit.with_overrides(
        "validation/mmc",
        {
            "arrivals.rate_per_hour": "30",
            "tps.booths": 3,
            "durations.booth": {"dist": "exponential", "mean": 4},
        },
    )
    assert sc.arrivals.rate_per_hour == 30 and sc.tps.booths == 3 and sc.durations.booth.mean == 4
    sc = simkit.with_overrides("tps_standar_2024", {"hours.voting_close": "13:30"})
    assert sc.hours.voting_close == 390


@pytest.mark.parametrize(
    "data,field,words",
    [
        ({"tps": {"turnout": 1.3}}, "tps.turnout", "1.0"),
        ({"tps": {"booths": 0}}, "tps.booths", "1"),
        ({"tps": {"voters_dpt": 600}}, "tps.voters_dpt", "500"),
        ({"tps": {"voters_dpt": -3}}, "tps.voters_dpt", "0"),
        ({"tps": {"booths": "four"}}, "tps.booths", "bulat"),
        ({"tps": {"votrs_dpt": 3}}, "tps.votrs_dpt", "voters_dpt"),
        ({"hours": {"voting_close": "06:00"}}, "", "voting_close"),
        ({"hours": {"voting_open": "25:99"}}, "hours.voting_open", "00-59"),
        ({"staff": {"kpps": 9}}, "staff.kpps", "7"),
        ({"counting": {"mode": "three_panel"}}, "counting.mode", "single_panel"),
        ({"durations": {"booth": {"dist": "normal", "mean": 3}}}, "durations.booth", "lognormal"),
        (
            {"durations": {"booth": {"dist": "lognormal", "mean": -3, "sd": 1}}},
            "durations.booth",
            "0",
        ),
    ],
)
def test_bad_values_name_field_value_and_rule(data, field, words):
    with pytest.raises(simkit.ScenarioError) as err:
        simkit.load_scenario(data)
    text = str(err.value)
    assert field in text and words in text
    assert "Traceback" not in text


def test_messages_in_english():
    with pytest.raises(simkit.ScenarioError) as err:
        simkit.load_scenario({"tps": {"turnout": 1.3}}, lang="en")
    assert "must be 1.0 or less" in str(err.value)


def test_file_errors_name_the_file(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("tps:\n  turnout: [\n", encoding="utf-8")
    with pytest.raises(simkit.ScenarioError, match="bad.yaml"):
        simkit.load_scenario(bad)
    with pytest.raises(simkit.ScenarioError, match="tidak bisa dibaca"):
        simkit.load_scenario(tmp_path / "missing.yaml")
    with pytest.raises(simkit.ScenarioError, match="tps_standar_2024"):
        simkit.load_scenario("tps_standar_2042")
    unsafe = tmp_path / "unsafe.yaml"
    unsafe.write_text("tps: !!python/object/apply:os.system ['echo hi']\n", encoding="utf-8")
    with pytest.raises(simkit.ScenarioError):
        simkit.load_scenario(unsafe)


def test_dpt_above_kpu_cap_warns_but_loads():
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        sc = simkit.load_scenario({"tps": {"voters_dpt": 350}})
    assert sc.tps.voters_dpt == 350
    assert any(issubclass(w.category, ScenarioWarning) and "300" in str(w.message) for w in caught)


def test_duplicate_keys_and_empty_files_are_refused(tmp_path):
    dup = tmp_path / "dup.yaml"
    dup.write_text("tps:\n  voters_dpt: 3\n  voters_dpt: 4\n", encoding="utf-8")
    with pytest.raises(simkit.ScenarioError, match="baris 2 dan 3"):
        simkit.load_scenario(dup)
    empty = tmp_path / "empty.yaml"
    empty.write_text("# nothing here\n", encoding="utf-8")
    with pytest.raises(simkit.ScenarioError, match="kosong"):
        simkit.load_scenario(empty)


def test_indonesian_messages_stay_indonesian():
    cases = [
        ({"durations": {"booth": {"dist": "lognormal", "mean": 3}}}, "belum ada: sd"),
        ({"tps": {"turnout": float("nan")}}, "terhingga"),
        ({"counting": {"mode": "x"}}, "'single_panel' atau 'two_panel'"),
    ]
    for data, words in cases:
        with pytest.raises(simkit.ScenarioError) as err:
            simkit.load_scenario(data)
        assert words in str(err.value)
        assert " must " not in str(err.value)


def test_voting_hours_other_than_0700_1300_warn():
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        simkit.with_overrides("tps_standar_2024", {"hours.voting_close": "25:00"})
    assert any("PKPU 25/2023 Pasal 5" in str(w.message) for w in caught)


def test_the_facade_reexports_what_the_rest_of_simkit_imports():
    """Every name imported from ``simkit.scenario`` anywhere in the package is in its __all__."""
    package = Path(simkit.__file__).parent
    wanted = set()
    for path in package.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module == "simkit.scenario":
                wanted |= {a.name for a in node.names}
    assert wanted <= set(facade.__all__), sorted(wanted - set(facade.__all__))
    assert set(facade.__all__) <= set(vars(facade))


def test_every_scenario_text_key_is_in_the_text_table():
    """Each ``scn_`` key the scenario area or the distributions use exists in i18n.LABELS."""
    package = Path(simkit.__file__).parent
    sources = [package / "distributions.py", *(package / "scenario").glob("*.py")]
    used = {k for p in sources for k in re.findall(r'"(scn_\w+)"', p.read_text(encoding="utf-8"))}
    assert used and not used - set(LABELS), sorted(used - set(LABELS))


def test_distribution_errors_speak_both_languages_and_pickle():
    with pytest.raises(DistributionError) as info:
        make_distribution({"dist": "triangular", "low": 3, "mode": 1, "high": 2})
    err = info.value
    assert str(err) == "triangular needs low <= mode <= high, got 3.0, 1.0, 2.0"
    assert err.text("id") == "triangular perlu low <= mode <= high, sekarang 3.0, 1.0, 2.0"
    again = pickle.loads(pickle.dumps(err))
    assert (str(again), again.text("id")) == (str(err), err.text("id"))
