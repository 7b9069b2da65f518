"""Hostile and careless scenario and incident files (issue 15, defects 1, 9 and 12).

A 342-byte YAML alias bomb hung every command that read a scenario (the duplicate-key check
re-walked each alias); a 50 MB scenario was read whole; ``voters_dpt: true`` ran with 1 voter;
``validate`` took a trainer's incident outside ``scenarios/incidents/`` for a scenario;
``extends:`` was read against the current folder; an empty incident file was told to write
``extends: tps_standar_2024``. Each case here ends fast, with a message naming the file and rule.
"""

from __future__ import annotations

import os
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import simkit
from simkit.cli import main
from simkit.drills.incidents import (
    INCIDENT_DIR,
    Incident,
    IncidentError,
    load_incident,
    looks_like_incident,
)
from simkit.scenario import (
    MAX_FILE_BYTES,
    Scenario,
    ScenarioError,
    load_scenario,
    with_overrides,
    yaml_load,
)
from simkit.scenario.filecheck import check_scenario_file
from simkit.scenario.files import MAX_YAML_DEPTH, MAX_YAML_NODES
from simkit.scenario.schema import MAX_BREAKS, MAX_HOURLY_SHARES

MEMORY_LIMIT = 3 * 1024**3  # a command that needs more than 3 GB for a tiny file is a defect
RULE = "aliases (*name) are not allowed in simkit files"


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def cli(*args, timeout: float = 120, cwd: Path | None = None, memory=False):
    """Run ``python -m simkit ARGS``; a hang past ``timeout`` fails the test."""
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    return subprocess.run(
        [sys.executable, "-m", "simkit", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=cwd,
        env=env,
        preexec_fn=_limit_memory if memory else None,
    )


def alias_bomb(depth: int = 9, width: int = 9) -> str:
    """A few hundred bytes of YAML whose aliases expand to width**depth nodes."""
    lines = [f"x0: &a0 [{', '.join(['1'] * width)}]"]
    for level in range(1, depth + 1):
        refs = ", ".join([f"*a{level - 1}"] * width)
        lines.append(f"x{level}: &a{level} [{refs}]")
    return "\n".join(lines) + "\n"


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# --------------------------------------------------------------------------- defect 1: aliases


@pytest.mark.process
def test_an_alias_bomb_is_refused_at_once_by_validate_and_run(tmp_path):
    path = tmp_path / "bom.yaml"
    path.write_text(alias_bomb(), encoding="utf-8")
    assert path.stat().st_size < 600  # a few hundred bytes
    for command in (("validate", path), ("run", path)):
        done = cli(*command, timeout=30)
        assert done.returncode == 2, done.stderr
        assert "bom.yaml" in done.stderr and "Traceback" not in done.stderr
        assert "alias" in done.stderr.lower()
        assert "alias (*nama)" in done.stderr  # the rule, in Indonesian (tmp_path holds "alias")


@pytest.mark.process
def test_an_alias_bomb_is_refused_by_the_library_too(tmp_path):
    plain = tmp_path / "bom.yaml"
    plain.write_text(alias_bomb(), encoding="utf-8")
    # under a real field pydantic would expand it: each of 9 items a list of 9...
    field = tmp_path / "bom_shares.yaml"
    field.write_text(alias_bomb() + "arrivals:\n  hourly_shares: *a9\n", encoding="utf-8")
    code = (
        "import sys, simkit\n"
        "from simkit.scenario import ScenarioError\n"
        "try:\n    simkit.load_scenario(sys.argv[1], lang='en')\n"
        "except ScenarioError as e:\n    print(e.render())\n"
    )
    for path in (plain, field):
        done = subprocess.run(
            [sys.executable, "-c", code, str(path)], capture_output=True, text=True, timeout=30
        )
        out = done.stdout
        assert path.name in out and "alias" in out.lower(), out + done.stderr
        assert RULE in out, out


@pytest.mark.process
def test_a_huge_scenario_file_is_refused_before_it_is_read(tmp_path):
    path = tmp_path / "besar.yaml"
    shares = ", ".join(["0.1"] * 600_000)  # ~3 MB: one list of hourly shares
    path.write_text(f"arrivals:\n  hourly_shares: [{shares}]\n", encoding="utf-8")
    done = cli("validate", path, timeout=30, memory=True)
    assert done.returncode == 2
    assert "besar.yaml" in done.stderr and "Traceback" not in done.stderr
    assert "MiB" in done.stderr or "MB" in done.stderr


def test_a_depth_6_bomb_is_refused_in_well_under_two_seconds(tmp_path, capsys):
    """Depth 6 took 1.0 s before (depth 9 more than 120 s); now the first anchor stops it."""
    path = _write(tmp_path, "bom6.yaml", alias_bomb(depth=6))
    start = time.perf_counter()
    with pytest.raises(ScenarioError) as info:
        load_scenario(path, lang="en")
    assert check_scenario_file(path, "en") is None  # the file check never walks an alias
    assert main(["validate", "--lang", "en", str(path)]) == 2
    elapsed = time.perf_counter() - start
    assert elapsed < 30.0  # a hang, not a speed target (speed lives in benchmarks/), elapsed
    text = info.value.render()
    assert "bom6.yaml" in text and RULE in text and "line 1" in text
    assert RULE in capsys.readouterr().err


def test_an_alias_alone_and_a_merge_key_are_refused_with_the_line(tmp_path):
    anchor_first = "tps: &t\n  booths: 3\nstaff:\n  kpps: 5\n"
    alias = "name: x\ntps: {booths: 3}\nhours: *nothing\n"
    merge = "tps:\n  booths: 3\n  <<: {turnout: 0.8}\n"
    for name, text, words in [
        ("anchor.yaml", anchor_first, ["line 1", "&t", RULE]),
        ("alias.yaml", alias, ["line 3", "*nothing", RULE]),
        ("merge.yaml", merge, ["line 3", "merge keys (<<)"]),
    ]:
        path = _write(tmp_path, name, text)
        with pytest.raises(ScenarioError) as info:
            load_scenario(path, lang="en")
        for word in [name, *words]:
            assert word in info.value.render(), (word, info.value.render())


def test_an_incident_file_bomb_is_refused_at_once(tmp_path, capsys):
    path = _write(tmp_path / "scenarios" / "incidents", "bom_insiden.yaml", alias_bomb())
    start = time.perf_counter()
    with pytest.raises(IncidentError) as info:
        load_incident(path, lang="en")
    assert "bom_insiden.yaml" in info.value.render() and RULE in info.value.render()
    assert not looks_like_incident(path)
    assert main(["validate", "--lang", "en", str(path)]) == 2
    assert main(["drill", "--incidents", str(path), "--teams", "A", "--lang", "en"]) == 2
    assert time.perf_counter() - start < 30.0
    err = capsys.readouterr().err
    assert "bom_insiden.yaml" in err and "alias" in err and "Traceback" not in err


def test_an_alias_bomb_in_a_set_value_is_only_text(tmp_path):
    bomb = "[" + alias_bomb(depth=9).replace("\n", ", ").rstrip(", ") + "]"
    with pytest.raises(ScenarioError, match="ballot_types"):
        with_overrides("tps_standar_2024", {"tps.ballot_types": "&a [1, 1]"})
    start = time.perf_counter()
    with pytest.raises(ScenarioError):
        with_overrides("tps_standar_2024", {"arrivals.hourly_shares": bomb})
    assert time.perf_counter() - start < 30.0


def test_deep_nesting_is_refused_with_the_limit_not_a_recursion_error(tmp_path):
    path = _write(tmp_path, "dalam.yaml", "tps: " + "[" * 200_000 + "]" * 200_000 + "\n")
    with pytest.raises(ScenarioError) as info:
        load_scenario(path, lang="en")
    assert "dalam.yaml" in str(info.value) and f"more than {MAX_YAML_DEPTH} levels" in str(
        info.value
    )
    with pytest.raises(yaml.YAMLError):
        yaml_load("a: " + "{b: " * 100 + "1" + "}" * 100)


# --------------------------------------------------------------------------- defect 1: sizes


def test_a_large_file_is_refused_from_its_size_before_reading(tmp_path, monkeypatch):
    path = tmp_path / "jarang.yaml"
    with path.open("wb") as f:  # 50 MB, sparse: nothing to read in the time allowed
        f.truncate(50 * 1024 * 1024)
    opened = []
    real_open = Path.open

    def spy(self, *args, **kwargs):
        opened.append(self)
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", spy)
    with pytest.raises(ScenarioError) as info:
        load_scenario(path, lang="en")
    with pytest.raises(IncidentError) as inc:
        load_incident(path, lang="id")
    assert path not in opened  # refused from stat, never opened
    text = str(info.value)
    assert "jarang.yaml" in text and "52428800 bytes" in text and "1 MiB" in text
    assert str(MAX_FILE_BYTES) in text
    assert "jarang.yaml" in str(inc.value) and "1 MiB" in str(inc.value)


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_an_endless_special_file_is_cut_at_the_limit():
    start = time.perf_counter()
    with pytest.raises(ScenarioError) as info:
        load_scenario("/dev/zero", lang="en")
    assert time.perf_counter() - start < 30.0
    assert "/dev/zero" in str(info.value) and "1 MiB" in str(info.value)


def test_a_file_of_many_short_values_is_stopped_at_the_value_limit(tmp_path, capsys):
    """900 KB of ``0.1, `` took 17 s and 190 MB to refuse; the value limit stops it early."""
    shares = ", ".join(["0.1"] * 180_000)
    path = _write(tmp_path, "hampir.yaml", f"arrivals:\n  hourly_shares: [{shares}]\n")
    assert path.stat().st_size < MAX_FILE_BYTES
    start = time.perf_counter()
    assert main(["validate", "--lang", "en", str(path)]) == 2
    assert (
        time.perf_counter() - start < 60
    )  # a hang, not a speed target: coverage and a busy machine slow it
    err = capsys.readouterr().err
    assert "hampir.yaml" in err and f"more than {MAX_YAML_NODES} values" in err


def test_a_file_just_under_the_limit_is_read(tmp_path):
    padding = "#" * (MAX_FILE_BYTES - 100) + "\n"
    path = _write(tmp_path, "pas.yaml", padding + "tps:\n  booths: 3\n")
    assert path.stat().st_size <= MAX_FILE_BYTES
    assert load_scenario(path).tps.booths == 3


def test_unbounded_lists_have_a_stated_length(tmp_path):
    shares = ", ".join(["0.01"] * 100)
    path = _write(tmp_path, "bagian.yaml", f"arrivals:\n  hourly_shares: [{shares}]\n")
    with pytest.raises(ScenarioError) as info:
        load_scenario(path, lang="en")
    text = str(info.value)
    assert "arrivals.hourly_shares" in text and f"at most {MAX_HOURLY_SHARES} items" in text
    breaks = [{"member": "KPPS1", "start": 300, "minutes": 1}] * (MAX_BREAKS + 1)
    with pytest.raises(ScenarioError, match="staff.breaks"):
        load_scenario({"staff": {"breaks": breaks}})
    with pytest.raises(ScenarioError, match="paling banyak 5 butir"):
        load_scenario({"counting": {"panels": {str(i): ["PPWP"] for i in range(6)}}})


def test_odd_yaml_values_are_scenario_errors_not_crashes(tmp_path):
    cases = {
        "key_list.yaml": "? [1, 2]\n: 3\n",
        "tanggal.yaml": "name: 2024-02-30\n",
        "angka.yaml": "tps:\n  voters_dpt: " + "9" * 5000 + "\n",
        "biner.yaml": "name: !!binary 'not base64 at all!'\n",
        "dua.yaml": "name: a\n---\nname: b\n",
    }
    for name, text in cases.items():
        path = _write(tmp_path, name, text)
        with pytest.raises(ScenarioError) as info:
            load_scenario(path, lang="en")
        assert name in str(info.value)


def test_names_the_system_refuses_are_scenario_errors(tmp_path):
    for name in ("a" * 5000, "a" * 5000 + ".yaml", "a\x00b.yaml", "a\x00b"):
        with pytest.raises(ScenarioError):
            load_scenario(name)
        with pytest.raises(ScenarioError):
            load_scenario({"extends": name})
        with pytest.raises(IncidentError):
            load_incident(name)
    child = _write(tmp_path, "panjang.yaml", f"extends: {'a' * 5000}\n")
    with pytest.raises(ScenarioError, match="extends"):
        load_scenario(child)


def test_a_long_bad_value_is_cut_in_the_message(tmp_path):
    path = _write(tmp_path, "panjang_nilai.yaml", "tps:\n  booths: " + "x" * 500_000 + "\n")
    with pytest.raises(ScenarioError) as info:
        load_scenario(path, lang="en")
    text = str(info.value)
    assert "tps.booths" in text and "500002 chars" in text and len(text) < 1000


def test_a_file_that_is_not_utf8_is_a_scenario_error_in_the_library(tmp_path):
    path = tmp_path / "biner.yaml"
    path.write_bytes(b"\xff\xfe\x00tps")
    with pytest.raises(ScenarioError, match="UTF-8"):
        load_scenario(path)


# --------------------------------------------------------------------------- defect 9


@pytest.mark.parametrize(
    ("text", "field", "rule"),
    [
        ("tps:\n  voters_dpt: true\n", "tps.voters_dpt", "must be a whole number"),
        ('tps:\n  voters_dpt: "12"\n', "tps.voters_dpt", "must be a whole number"),
        ("tps:\n  turnout: true\n", "tps.turnout", "must be a number"),
        ('tps:\n  turnout: "0.8"\n', "tps.turnout", "must be a number"),
        (
            "arrivals:\n  hourly_shares: [true, 0, 0, 0, 0, 0]\n",
            "arrivals.hourly_shares.0",
            "number",
        ),
        ("counting:\n  salinan_pages: {PPWP: yes}\n", "counting.salinan_pages.PPWP", "whole"),
        ("arrivals:\n  balking: {enabled: 1}\n", "arrivals.balking.enabled", "true or false"),
    ],
)
def test_a_count_or_share_is_never_coerced_from_a_switch_or_text(tmp_path, text, field, rule):
    path = _write(tmp_path, "paksa.yaml", text)
    with pytest.raises(ScenarioError) as info:
        load_scenario(path, lang="en")
    message = str(info.value)
    assert "paksa.yaml" in message and field in message and rule in message, message


def test_set_values_are_still_read_from_text():
    sc = with_overrides("tps_standar_2024", {"staff.kpps": "5", "tps.turnout": "0.7"})
    assert (sc.staff.kpps, sc.tps.turnout) == (5, 0.7)
    with pytest.raises(ScenarioError, match="harus bilangan bulat"):
        with_overrides("tps_standar_2024", {"tps.voters_dpt": "true"})
    with pytest.raises(ScenarioError, match="must be a whole number"):
        with_overrides("tps_standar_2024", {"tps.voters_dpt": True}, lang="en")


def test_cli_refuses_a_switch_as_a_count(tmp_path, capsys):
    path = _write(tmp_path, "benar.yaml", "tps:\n  voters_dpt: true\n")
    assert main(["validate", "--lang", "en", str(path)]) == 2
    err = capsys.readouterr().err
    assert "benar.yaml" in err and "tps.voters_dpt" in err and "must be a whole number" in err
    assert main(["run", "--set", "tps.voters_dpt=true", "--lang", "en"]) == 2
    assert "must be a whole number" in capsys.readouterr().err


def test_numpy_counts_from_a_notebook_grid_still_work():
    np = pytest.importorskip("numpy")
    sc = with_overrides(
        "tps_standar_2024", {"staff.kpps": np.int64(5), "tps.turnout": np.float64(0.7)}
    )
    assert sc.staff.kpps == 5 and isinstance(sc.staff.kpps, int)


# --------------------------------------------------------------------------- defect 12


def test_validate_recognises_an_incident_outside_the_incidents_folder(tmp_path, capsys):
    good = tmp_path / "pelatihan" / "latihan_tinta.yaml"
    good.parent.mkdir()
    shutil.copy(INCIDENT_DIR / "tinta_di_jari.yaml", good)
    assert looks_like_incident(good)
    assert main(["validate", "--lang", "en", str(good)]) == 0
    assert f"{good}: OK" in capsys.readouterr().out
    text = good.read_text(encoding="utf-8").replace("place:", "place: nowhere\nxplace:", 1)
    bad = _write(tmp_path / "pelatihan", "latihan_rusak.yaml", text)
    assert main(["validate", "--lang", "en", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "Incident" in err and "latihan_rusak.yaml" in err and "tps.booths" not in err
    assert not looks_like_incident(
        Path(simkit.__file__).parents[1] / "scenarios" / "tps_standar_2024.yaml"
    )


def test_extends_is_read_against_the_extending_files_folder(tmp_path, monkeypatch):
    folder = tmp_path / "proyek"
    _write(folder, "dasar.yaml", "extends: tps_standar_2024\ntps:\n  booths: 3\n")
    child = _write(folder, "anak.yaml", "extends: dasar.yaml\nstaff:\n  kpps: 5\n")
    _write(tmp_path, "dasar.yaml", "tps:\n  booths: 9\n")  # the current folder's, not this one
    monkeypatch.chdir(tmp_path)
    sc = load_scenario(child)
    assert (sc.tps.booths, sc.staff.kpps, sc.name) == (3, 5, "anak")
    monkeypatch.chdir(folder.parent.parent)
    assert load_scenario(folder / "anak.yaml").tps.booths == 3
    sub = _write(folder / "varian", "cucu.yaml", "extends: ../anak.yaml\ntps:\n  turnout: 0.7\n")
    assert load_scenario(sub).tps.booths == 3


def test_extends_names_the_folder_it_looked_in_and_catches_loops(tmp_path, capsys):
    lost = _write(tmp_path, "hilang.yaml", "extends: tidak_ada.yaml\n")
    with pytest.raises(ScenarioError) as info:
        load_scenario(lost, lang="en")
    text = str(info.value)
    assert "hilang.yaml: extends = 'tidak_ada.yaml'" in text and str(tmp_path) in text
    assert main(["validate", "--lang", "en", str(lost)]) == 2
    assert "tidak_ada.yaml" in capsys.readouterr().err
    _write(tmp_path, "a.yaml", "extends: ./b.yaml\n")
    loop = _write(tmp_path, "b.yaml", "extends: a.yaml\n")
    with pytest.raises(ScenarioError, match="extends"):
        load_scenario(loop)


def test_an_empty_incident_file_is_not_told_to_extend_a_scenario(tmp_path, capsys):
    path = _write(tmp_path / "scenarios" / "incidents", "kosong.yaml", "# belum ditulis\n")
    with pytest.raises(IncidentError) as info:
        load_incident(path, lang="en")
    text = info.value.render()
    assert "kosong.yaml" in text and "extends" not in text and "choices" in text
    assert main(["validate", str(path)]) == 2
    err = capsys.readouterr().err
    assert "kosong.yaml" in err and "extends" not in err


# --------------------------------------------------------------------------- property

TIME_BUDGET_S = 5.0  # each example; most take milliseconds (the bomb took 120 s and more)

_TOKENS = list("abtpsx01259:.-_ []{},&*!<>|'\"#?%@\n\t") + [
    "name: 2024-02-30\n",
    "tps:\n  voters_dpt: true\n",
    "x: &a [1, 2]\ny: [*a, *a]\n",
    "<<: {a: 1}\n",
    "? [1, 2]\n: 3\n",
    "extends: ",
    "  ",
    "tps",
    "staff",
    "voters_dpt",
    "hourly_shares",
    "extends",
    "choices",
    ": ",
    "- ",
    "\n  ",
    "true",
    "1e999",
    ".nan",
    "13:30",
    "2024-02-30",
    "!!python/object:os.system",
    "!!set",
]
_yamlish = st.lists(st.sampled_from(_TOKENS), max_size=120).map("".join)
_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
    st.sampled_from(["a" * 5000, "a\x00b", "../../x.yaml", "tps_standar_2024", "13:30"]),
)
_keys = st.sampled_from(
    ["tps", "staff", "arrivals", "counting", "hours", "voters_dpt", "kpps", "booths",
     "hourly_shares", "breaks", "extends", "choices", "when", "at", "situation", "fixed", "id"]
)  # fmt: skip
_nested = st.recursive(
    _scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=5),
        st.dictionaries(st.one_of(_keys, st.text(max_size=5)), inner, max_size=5),
    ),
    max_leaves=30,
)


def _timed(load, source):
    start = time.perf_counter()
    try:
        result = load(source, lang="en")
    except (ScenarioError, IncidentError) as exc:
        assert exc.render()
        result = exc
    assert time.perf_counter() - start < TIME_BUDGET_S
    return result


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=_yamlish)
def test_any_yamlish_text_is_a_scenario_or_an_incident_or_their_error(tmp_path_factory, text):
    path = tmp_path_factory.mktemp("prop") / "acak.yaml"
    path.write_text(text, encoding="utf-8")
    assert isinstance(_timed(load_scenario, path), (Scenario, ScenarioError))
    assert isinstance(_timed(load_incident, path), (Incident, IncidentError))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.dictionaries(_keys, _nested, max_size=6))
def test_any_nested_data_is_a_scenario_or_an_incident_or_their_error(tmp_path_factory, data):
    assert isinstance(_timed(load_scenario, data), (Scenario, ScenarioError))
    assert isinstance(_timed(load_incident, data), (Incident, IncidentError))
    path = tmp_path_factory.mktemp("prop") / "acak.yaml"
    try:
        path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    except (yaml.YAMLError, UnicodeEncodeError):
        return
    assert isinstance(_timed(load_scenario, path), (Scenario, ScenarioError))
    assert isinstance(_timed(load_incident, path), (Incident, IncidentError))


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.text(max_size=400))
def test_any_text_at_all_is_a_scenario_or_an_incident_or_their_error(tmp_path_factory, text):
    path = tmp_path_factory.mktemp("prop") / "teks.yaml"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    assert isinstance(_timed(load_scenario, path), (Scenario, ScenarioError))
    assert isinstance(_timed(load_incident, path), (Incident, IncidentError))
