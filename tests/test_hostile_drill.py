"""Hostile and careless input to the terminal drill and to ``--reps`` (issue 15, defects 6 and 10).

Drill answers were lost: ``ask()`` trusted ``str.isdigit()`` then ``int()``, so ``²``, ``①`` or
5,000 digits ended the drill with every decision gone; ``--out`` was checked only after the whole
drill; end of input threw the answers away; endless invalid input looped for ever. ``--reps`` had no
bound and the whole job list was built before the first day ran. Each case here broke once.
"""

from __future__ import annotations

import csv
import importlib
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from simkit import experiment
from simkit.cli import build_parser, main
from simkit.cli import parser as cli_parser
from simkit.cli.drill import MAX_INVALID_ANSWERS, ask, drill_command
from simkit.drills.engine import make_drill
from simkit.experiment import MAX_REPS, ExperimentError
from simkit.scenario import load_scenario

# the module (``simkit.experiment.replicate`` is also the name of the function)
replicate_module = importlib.import_module("simkit.experiment.replicate")
REPO = Path(__file__).resolve().parents[1]
MEMORY_LIMIT = 3 * 1024**3  # a command that needs more than 3 GB for a bad number is a defect
TWO = "tinta_di_jari,keberatan_saksi"


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def cli(*args, stdin: str | bytes = "", timeout: float = 120, memory=False):
    """Run ``python -m simkit ARGS``; a hang past ``timeout`` fails the test."""
    env = dict(os.environ, PYTHONIOENCODING="utf-8", PYTHONWARNINGS="ignore")
    binary = isinstance(stdin, bytes)
    done = subprocess.run(
        [sys.executable, "-m", "simkit", *map(str, args)],
        input=stdin,
        capture_output=True,
        text=not binary,
        timeout=timeout,
        cwd=REPO,
        env=env,
        preexec_fn=_limit_memory if memory else None,
    )
    if binary:  # the checks read text
        done.stdout = done.stdout.decode("utf-8", "replace")
        done.stderr = done.stderr.decode("utf-8", "replace")
    return done


def lines_reader(lines):
    """A ``read`` for drill_command: the lines, then end of input."""
    it = iter(lines)

    def read(prompt: str) -> str:
        try:
            return next(it)
        except StopIteration:
            raise EOFError from None

    return read


def drill_args(*words: str):
    return build_parser().parse_args(["drill", *words])


def decision_rows(folder: Path) -> list[dict]:
    with open(folder / "decisions.csv", encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


# --------------------------------------------------------------------------- answers (in process)


@pytest.mark.parametrize("odd", ["²", "①", "٣", "9" * 5000, "-1", "1.0", "+1", "0", "1 1", ""])
def test_ask_takes_only_ascii_digits_and_asks_again(odd):
    said: list[str] = []
    assert ask("? ", 3, "en", lines_reader([odd, "2"]), said.append) == 2
    assert len(said) == 1 and said[0].startswith("Unknown answer")
    assert len(said[0]) < 200  # 5,000 digits are not repeated back whole


def test_ask_stops_after_a_bounded_number_of_invalid_answers():
    said: list[str] = []
    with pytest.raises(Exception) as caught:  # noqa: PT011 (a private class)
        ask("? ", 3, "en", lines_reader(["x"] * 10_000), said.append)
    assert type(caught.value).__name__ == "_TooManyInvalid"
    assert len(said) == MAX_INVALID_ANSWERS


def test_the_drill_speaks_english_under_a_global_lang_en_in_process(tmp_path):
    args = build_parser().parse_args(["--lang", "en", "drill", "--incidents", "tinta_di_jari"])
    said: list[str] = []
    assert drill_command(args, lines_reader(["x", "1"]), said.append) == 0
    text = "\n".join(said)
    assert "Unknown answer: 'x'" in text and "jawaban" not in text.lower()


def test_answers_given_before_the_end_of_input_are_saved_in_process(tmp_path):
    out = tmp_path / "latihan"
    args = drill_args("--incidents", TWO, "--teams", "A,B", "--lang", "en", "--out", str(out))
    said: list[str] = []
    # team A answers the first incident, team B's input ends before it answers
    assert drill_command(args, lines_reader(["1"]), said.append) == 0
    rows = decision_rows(out)
    assert [(r["team"], r["incident"]) for r in rows] == [("A", "tinta_di_jari")]
    assert str(out / "decisions.csv") in "\n".join(said)
    assert not (out / "scorecard.csv").exists()  # the day never ended: no scorecard


def test_without_out_the_drill_says_the_answers_are_not_kept():
    said: list[str] = []
    args = drill_args("--incidents", TWO, "--lang", "en")
    assert drill_command(args, lines_reader(["1"]), said.append) == 0
    assert "1 answer(s) not saved: give --out FOLDER" in "\n".join(said)


def test_endless_invalid_answers_end_with_exit_2_and_the_answers_kept_in_process(tmp_path):
    out = tmp_path / "d"
    args = drill_args("--incidents", TWO, "--lang", "en", "--out", str(out))
    said: list[str] = []
    code = drill_command(args, lines_reader(["1"] + ["x"] * 100_000), said.append)
    assert code == 2
    text = "\n".join(said)
    assert f"{MAX_INVALID_ANSWERS} invalid answers in a row" in text
    assert text.count("Unknown answer") == MAX_INVALID_ANSWERS
    assert [r["incident"] for r in decision_rows(out)] == ["tinta_di_jari"]


def test_a_read_only_out_folder_is_refused_before_the_first_question(tmp_path, monkeypatch):
    import tempfile

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "TemporaryFile", refuse)  # root may write anywhere
    said: list[str] = []
    asked: list[str] = []

    def read(prompt):
        asked.append(prompt)
        return "1"

    code = drill_command(
        drill_args("--incidents", "tinta_di_jari", "--out", str(tmp_path)), read, said.append
    )
    assert code == 2 and not asked
    assert str(tmp_path) in said[0] and "Permission denied" in said[0]


def test_an_error_mid_drill_keeps_the_answers_and_is_told(tmp_path, monkeypatch):
    from simkit.cli import drill as drill_cli

    out = tmp_path / "d"
    args = drill_args("--incidents", TWO, "--lang", "en", "--out", str(out))

    def broken(*args, **kwargs):
        raise RuntimeError("the model broke")

    monkeypatch.setattr(drill_cli, "scorecard", broken)  # fails after the last answer
    said: list[str] = []
    with pytest.raises(RuntimeError, match="the model broke"):
        drill_command(args, lines_reader(["1", "2"]), said.append)
    assert "The drill stopped on an error." in said
    assert [r["incident"] for r in decision_rows(out)] == ["tinta_di_jari", "keberatan_saksi"]


# --------------------------------------------------------------------------- answers (processes)


@pytest.mark.process
@pytest.mark.parametrize("odd", ["²", "①", "9" * 5000, "-1", "1.0", "٣"])
def test_odd_answers_are_asked_again_and_the_drill_goes_on(tmp_path, odd):
    out = tmp_path / "d"
    done = cli(
        "drill", "--incidents", "tinta_di_jari", "--teams", "A", "--out", out,
        stdin=f"{odd}\n1\n",
    )  # fmt: skip
    assert done.returncode == 0, done.stdout[-1500:] + done.stderr[-1500:]
    assert (out / "decisions.csv").exists()
    assert "Traceback" not in done.stderr


@pytest.mark.process
def test_bytes_that_are_not_utf8_are_an_invalid_answer_not_a_crash(tmp_path):
    out = tmp_path / "d"
    done = cli("drill", "--incidents", "tinta_di_jari", "--out", out, stdin=b"\xff\xfe\xc3\n1\n")
    assert done.returncode == 0, done.stderr[-1500:]
    assert done.stdout.count("Jawaban tidak dikenal") == 1
    assert len(decision_rows(out)) == 1


@pytest.mark.process
def test_decisions_made_before_the_input_ends_are_saved_and_the_place_is_said(tmp_path):
    out = tmp_path / "d"
    done = cli(
        "drill", "--incidents", TWO, "--teams", "A", "--out", out, "--lang", "en", stdin="1\n",
    )  # fmt: skip
    saved = (out / "decisions.csv").read_text(encoding="utf-8")
    assert "tinta_di_jari" in saved and "keberatan_saksi" not in saved
    assert str(out) in done.stdout + done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.process
def test_endless_invalid_answers_stop_the_drill_and_keep_what_was_answered(tmp_path):
    out = tmp_path / "d"
    done = cli(
        "drill", "--incidents", TWO, "--teams", "A", "--out", out,
        "--lang", "en", stdin="1\n" + "x\n" * 100_000, timeout=60,
    )  # fmt: skip
    assert done.returncode == 2
    assert "tinta_di_jari" in (out / "decisions.csv").read_text(encoding="utf-8")
    assert "Traceback" not in done.stderr
    assert str(out) in done.stderr and "invalid answers in a row" in done.stderr


@pytest.mark.process
def test_an_unusable_out_folder_is_refused_before_the_first_question(tmp_path):
    blocker = tmp_path / "berkas"
    blocker.write_text("not a folder", encoding="utf-8")
    done = cli("drill", "--incidents", "tinta_di_jari", "--teams", "A", "--out", blocker / "x")
    assert done.returncode == 2
    assert "berkas" in done.stderr and "Traceback" not in done.stderr
    assert "(1-" not in done.stdout  # no question was asked


@pytest.mark.process
def test_an_invalid_answer_is_told_in_english_under_lang_en(tmp_path):
    for words in (("drill", "--lang", "en"), ("--lang", "en", "drill")):
        done = cli(*words, "--incidents", "tinta_di_jari", "--teams", "A", stdin="x\n²\n1\n")
        assert done.returncode == 0, done.stderr[-1500:]
        assert "jawaban" not in done.stdout.lower()
        assert done.stdout.count("Unknown answer") == 2


# --------------------------------------------------------------------------- drill stdin property

LINE = st.one_of(
    st.text(max_size=30),
    st.from_regex(r"[0-9]{1,6}", fullmatch=True),
    st.sampled_from(["", " ", "1", "2", "3", "²", "①", "٣", "-1", "1.0", "\x00", "\t2\t", "\r"]),
    st.integers(min_value=1, max_value=3).map(str),
    st.builds(lambda n, c: c * n, st.integers(1000, 20_000), st.sampled_from("9x ²")),
)


def _valid_choices() -> dict[str, set[str]]:
    drill = make_drill("tps_standar_2024", TWO.split(","), seed=1)
    return {inc.id: {c.key for c in inc.choices} for inc in drill.incidents}


def _check_saved(out: Path, teams: set[str], choices: dict[str, set[str]]) -> None:
    if not (out / "decisions.csv").exists():
        return
    for row in decision_rows(out):
        assert row["team"] in teams
        assert row["answer_key"] in choices[row["incident"]], row


@pytest.mark.slow
@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(lines=st.lists(LINE, max_size=40))
def test_any_stdin_ends_the_drill_in_exit_0_or_2_with_valid_decisions_in_process(tmp_path, lines):
    out = tmp_path / f"d{time.monotonic_ns()}"
    args = drill_args("--incidents", TWO, "--teams", "A,B", "--lang", "en", "--out", str(out))
    said: list[str] = []
    start = time.monotonic()
    code = drill_command(args, lines_reader(lines), said.append)
    assert time.monotonic() - start < 60
    assert code in (0, 2)
    _check_saved(out, {"A", "B"}, _valid_choices())


@pytest.mark.slow
@pytest.mark.process
@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(lines=st.lists(LINE, max_size=40))
def test_any_stdin_ends_the_terminal_drill_in_exit_0_or_2_without_a_traceback(tmp_path, lines):
    out = tmp_path / f"d{time.monotonic_ns()}"
    data = "".join(f"{line}\n" for line in lines).encode("utf-8", "surrogatepass")
    start = time.monotonic()
    done = cli("drill", "--incidents", TWO, "--teams", "A,B", "--out", out, stdin=data, timeout=90)
    assert time.monotonic() - start < 90
    assert done.returncode in (0, 2), done.stderr[-2000:]
    assert "Traceback" not in done.stderr
    _check_saved(out, {"A", "B"}, _valid_choices())


# --------------------------------------------------------------------------- --reps


@pytest.mark.process
@pytest.mark.parametrize("reps", ["99999999999999999999999", "100000001"])
def test_reps_beyond_the_bound_are_refused_at_once(reps):
    done = cli("run", "--reps", reps, timeout=30, memory=True)
    assert done.returncode == 2
    assert "--reps" in done.stderr and "Traceback" not in done.stderr


@pytest.mark.parametrize(
    "command", [["run"], ["compare"], ["sweep", "--grid", "staff.kpps=5,6"], ["region", "x.csv"]]
)
def test_every_command_with_reps_refuses_more_than_the_bound_and_says_it(command, capsys):
    assert main([*command, "--reps", str(MAX_REPS + 1)]) == 2
    err = capsys.readouterr().err
    assert "--reps" in err and f"1-{MAX_REPS}" in err and "Traceback" not in err
    assert main([*command, "--reps", "9" * 5000]) == 2
    assert len(capsys.readouterr().err) < 2000  # 5,000 digits are not repeated back whole


def test_the_bound_of_reps_is_in_the_help_and_the_same_as_the_library(capsys):
    assert cli_parser.MAX_REPS == MAX_REPS == experiment.MAX_REPS
    assert main(["run", "--help"]) == 0  # main turns argparse's exit into a status
    assert f"1-{MAX_REPS}" in capsys.readouterr().out


def _summary(scenario, seed, tps_id):
    return {"work_end_min": 1000.0 + seed % 7, "wait_mean_min": 1.0}


@pytest.mark.parametrize(
    "call",
    [
        lambda n: experiment.replicate("tps_standar_2024", reps=n, summary_fn=_summary),
        lambda n: experiment.compare({"a": "tps_standar_2024"}, reps=n, summary_fn=_summary),
        lambda n: experiment.sweep(
            "tps_standar_2024", {"staff.kpps": [5, 6]}, reps=n, summary_fn=_summary
        ),
    ],
)
def test_the_library_refuses_reps_beyond_the_bound_at_once(call):
    start = time.monotonic()
    for n in (MAX_REPS + 1, 10**22):
        with pytest.raises(ExperimentError, match="1,000,000"):
            call(n)
    assert time.monotonic() - start < 30  # a hang, not a speed target


def test_jobs_are_streamed_not_listed_before_the_first_day(monkeypatch):
    pulled = 0
    seen_at_first_day: list[int] = []

    def jobs():
        nonlocal pulled
        for i in range(100_000):
            pulled += 1
            yield (0, i, "TPS")

    def summary(scenario, seed, tps_id):
        seen_at_first_day.append(pulled)
        return {"work_end_min": float(seed)}

    opened: list[dict] = []
    real = replicate_module.open_runner

    def spy(executor=None, **kw):
        opened.append(kw)
        return real(executor, **kw)

    monkeypatch.setattr(replicate_module, "open_runner", spy)
    sc = load_scenario("tps_standar_2024")
    done = replicate_module.run_jobs([sc], jobs(), 100_000, None, summary)
    assert seen_at_first_day[0] <= replicate_module.MAX_BATCH
    assert [job[1] for job, _ in done[:3]] == [0, 1, 2] and len(done) == 100_000
    assert opened == [{"jobs": 100_000}]


def test_replications_stay_the_same_when_streamed():
    frame = experiment.replicate("tps_standar_2024", reps=7, seed=3, summary_fn=_summary)
    assert list(frame["replication"]) == list(range(7))
    assert list(frame["seed"]) == [experiment.replication_seed(3, i) for i in range(7)]
    table, rows = experiment.compare(
        {"a": "tps_standar_2024", "b": "tps_standar_2024"},
        reps=4,
        summary_fn=_summary,
        return_frame=True,
    )
    assert list(rows["variant"]) == ["a"] * 4 + ["b"] * 4
    assert list(rows["seed"][:4]) == list(rows["seed"][4:])


# --------------------------------------------------------------------------- progress


class FakeClock:
    def __init__(self):
        self.now = 100.0

    def __call__(self):
        return self.now


def test_plain_progress_lines_with_an_eta_for_a_long_run_only():
    clock = FakeClock()
    lines: list[str] = []
    report = cli_parser.PlainProgress("en", clock=clock, write=lines.append)
    for done in range(1, 5):  # a short run: nothing at all
        clock.now += 1
        report(done * 250, 1000)
    assert lines == []

    clock = FakeClock()
    report = cli_parser.PlainProgress("en", clock=clock, write=lines.append)
    for done in range(1, 101):  # 100 batches of 10 TPS-days, 2 s each: 200 s
        clock.now += 2
        report(done * 10, 1000)
    assert lines[0] == "simkit: 50/1,000 TPS-days (5%), 0:10 elapsed, ETA about 3:10 left"
    assert 6 <= len(lines) <= 8  # one line every PROGRESS_EVERY_S, and the last
    assert lines[-1].startswith("simkit: 1,000/1,000 TPS-days (100%), 3:20 elapsed")

    ind: list[str] = []
    report = cli_parser.PlainProgress("id", clock=clock, write=ind.append)
    clock.now += 3600 * 2
    report(1500, 3000)
    assert ind == ["simkit: 1.500/3.000 hari-TPS (50%), 2:00:00 berjalan, kira-kira 2:00:00 lagi"]


def test_off_a_terminal_the_commands_report_plain_lines(capsys):
    assert isinstance(cli_parser.progress_report("en"), cli_parser.PlainProgress)
