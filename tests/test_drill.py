"""The drill engine, the scorecard and the terminal drill (stdin/stdout and a pseudo-terminal)."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from simkit.cli import build_parser
from simkit.cli.drill import drill_command
from simkit.drills.engine import DrillRun, choice_costs, make_drill, play, scorecard
from simkit.drills.incidents import list_incidents, load_incident
from simkit.report.drill import debrief_rows, describe_cost, write_scorecard

REPO = Path(__file__).resolve().parents[1]
PICK = ["dpt_tanpa_undangan", "dpk_desa_lain", "tally_ke_partai"]


@pytest.fixture(scope="module")
def drill():
    return make_drill("tps_standar_2024", PICK, seed=7)


@pytest.fixture(scope="module")
def costs(drill):
    return choice_costs(drill, reps=2)


def run_drill(args, stdin: str, timeout: float = 120.0) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONWARNINGS="ignore")
    return subprocess.run(
        [sys.executable, "-m", "simkit", "drill", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=REPO,
        env=env,
    )


# --------------------------------------------------------------------------- engine


def test_drill_pauses_at_each_incident_in_order(drill):
    run = DrillRun(drill, "A")
    first = run.next_incident()
    assert first.id == "dpt_tanpa_undangan" and run.now_min == 90.0
    assert run.next_incident() is first  # still waiting for an answer
    with pytest.raises(RuntimeError, match="waiting for an answer"):
        run.finish()
    assert run.answer("tolak").correct is False
    with pytest.raises(RuntimeError, match="no incident"):
        run.answer("tolak")
    assert run.next_incident().id == "dpk_desa_lain" and run.now_min == 315.0
    run.answer("layani")
    third = run.next_incident()
    assert third.id == "tally_ke_partai" and "DPR" in run.snapshot().opened
    run.answer("koreksi_paraf")
    assert run.next_incident() is None and run.done
    team = run.finish()
    assert [d.correct for d in team.decisions] == [False, False, True]
    assert team.counters == {
        "wrongly_refused": 1,
        "wrongly_served": 1,
        "rule_breaches": 0,
        "psu_risk_events": 1,
    }


def test_playback_slices_stop_at_the_asked_time(drill):
    run = DrillRun(drill, "A")
    assert run.next_incident(until=30.0) is None and run.now_min == 30.0 and not run.done
    assert run.next_incident(until=200.0).id == "dpt_tanpa_undangan" and run.now_min == 90.0


def test_same_drill_same_seed_same_answers_same_scorecard(drill, tmp_path):
    answers = {
        "dpt_tanpa_undangan": "tolak",
        "dpk_desa_lain": "layani",
        "tally_ke_partai": "biarkan",
    }
    outs = []
    for k in range(2):
        d = make_drill("tps_standar_2024", PICK, seed=7)
        plays = [play(d, answers, "A"), play(d, {}, "B")]
        paths = write_scorecard(tmp_path / str(k), d, plays, choice_costs(d, reps=2), "en")
        outs.append([p.read_bytes() for p in paths])
    assert outs[0] == outs[1]
    rows = list(csv.DictReader(outs[0][0].decode().splitlines()))
    a, b = rows
    assert (a["team"], a["correct"], a["answered"]) == ("A", "0", "3")
    assert (b["team"], b["correct"], b["work_added_min"]) == ("B", "3", "0.0")
    assert int(a["wrongly_refused"]) == 1 and int(a["psu_risk_events"]) == 1
    assert int(a["recounts"]) == 1 and float(a["work_added_min"]) > 30
    html = outs[0][2].decode()
    assert "<table" in html and "PKPU 25/2023 Pasal 80" in html and "Team A" in html


def test_teams_share_the_random_numbers(drill):
    a = play(drill, {}, "A")
    b = play(drill, {}, "B")
    assert a.day.summary == b.day.summary
    assert a.day.voters.equals(b.day.voters)


def test_costs_of_wrong_answers_for_the_debrief(drill, costs):
    assert costs[("tally_ke_partai", "koreksi_paraf")]["work_min"] == 0.0
    recount = costs[("tally_ke_partai", "biarkan")]
    assert recount["recounts"] == 1 and recount["work_min"] > 30
    assert costs[("dpk_desa_lain", "layani")]["psu_risk_events"] == 1
    assert "PSU" in describe_cost(costs[("dpk_desa_lain", "layani")], "en")
    assert describe_cost(costs[("dpk_desa_lain", "arahkan_ke_desanya")], "en").startswith(
        "nothing added"
    )
    team = play(drill, {"tally_ke_partai": "biarkan"}, "A")
    rows = debrief_rows(drill, team, costs, "id")
    tally = rows[-1]
    assert not tally["correct"] and "menit" in tally["cost"]
    assert tally["rule_domain"].startswith("§1.6")
    assert {ok for _, _, ok in tally["others"]} == {True, False}
    card = scorecard(drill, [team], costs)[0]
    assert card["work_added_min"] == pytest.approx(recount["work_min"], abs=0.1)


def test_random_draw_is_reproducible():
    a = make_drill(random_n=5, seed=11)
    b = make_drill(random_n=5, seed=11)
    assert [i.id for i in a.incidents] == [i.id for i in b.incidents] and len(a.incidents) == 5
    others = {tuple(i.id for i in make_drill(random_n=5, seed=s).incidents) for s in range(5)}
    assert len(others) > 1


# --------------------------------------------------------------------------- terminal


def test_terminal_drill_in_process_asks_again_on_bad_input(tmp_path):
    answers = iter(["", "abc", "9", "-1", " 2 ", "1", "3", "1", "2", "2"])
    out: list[str] = []

    def read(prompt):
        out.append(prompt)
        return next(answers)

    args = build_parser().parse_args(
        [
            "drill",
            "--incidents",
            ",".join(PICK),
            "--seed",
            "7",
            "--lang",
            "en",
            "--teams",
            "A,B",
            "--out",
            str(tmp_path),
        ]
    )
    code = drill_command(args, read=read, write=out.append)
    text = "\n".join(out)
    assert code == 0
    assert text.count("Unknown answer") == 4
    assert "Team A's answer (1-4): " in out and "Team B's answer (1-4): " in out
    assert next(answers, None) is None  # every answer was read
    assert "Debrief: Team A" in text and "Debrief: Team B" in text
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "decisions.csv",
        "scorecard.csv",
        "scorecard.html",
        "simkit-output.json",  # what wrote the folder (a later run of another kind is refused)
    ]


@pytest.mark.process
def test_terminal_drill_through_stdin_with_bad_inputs(tmp_path):
    proc = run_drill(
        [
            "--incidents",
            "dpt_tanpa_undangan,tally_ke_partai",
            "--seed",
            "3",
            "--lang",
            "id",
            "--out",
            str(tmp_path),
        ],
        "\nabc\n9\n1\n2\n",
    )
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    out = proc.stdout
    assert out.count("Jawaban tidak dikenal") == 3
    assert "Pembahasan" in out and "Kartu nilai" in out
    assert (tmp_path / "scorecard.csv").exists()


@pytest.mark.process
def test_terminal_drill_exits_cleanly_at_end_of_input():
    proc = run_drill(["--incidents", "dpt_tanpa_undangan,tally_ke_partai", "--lang", "en"], "1\n")
    assert proc.returncode == 0
    assert "Traceback" not in proc.stderr
    assert "Input ended: drill stopped" in proc.stdout
    empty = run_drill(["--incidents", "tinta_di_jari"], "")
    assert empty.returncode == 0 and "Masukan berakhir" in empty.stdout


@pytest.mark.process
@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--incidents", "tidak_ada"], "insiden tidak dikenal"),
        (["--scenario", "tidak_ada"], "skenario tidak dikenal"),
        (["--random", "99"], "--random 99"),
        (["--seed", "abc"], "invalid int value"),
        (["--teams", "A,A"], "nama tim berulang"),
        (["--incidents", "a", "--random", "2"], "not allowed with argument"),
    ],
)
def test_bad_arguments_exit_2_with_a_message(args, words):
    proc = run_drill(args, "")
    assert proc.returncode == 2
    assert words in proc.stderr and "Traceback" not in proc.stderr


@pytest.mark.process
def test_list_shows_every_incident():
    proc = run_drill(["--list", "--lang", "en"], "")
    assert proc.returncode == 0
    assert "dpk_desa_lain" in proc.stdout and "when the DPR box is opened" in proc.stdout


@pytest.mark.process
def test_simkit_drill_command_reaches_the_drill(tmp_path):
    env = dict(os.environ, PYTHONWARNINGS="ignore")
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "simkit",
            "drill",
            "--incidents",
            "datang_1305",
            "--seed",
            "2",
            "--lang",
            "en",
            "--out",
            str(tmp_path),
        ],
        input="x\n2\n",
        capture_output=True,
        text=True,
        timeout=120,
        cwd=REPO,
        env=env,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.count("Unknown answer: 'x'") == 1 and "Scorecard:" in proc.stdout
    assert (tmp_path / "scorecard.html").exists()


@pytest.mark.process
@pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a pseudo-terminal")
def test_terminal_drill_in_a_pseudo_terminal():
    import pty

    pid, fd = pty.fork()
    if pid == 0:  # the child: the drill on the pty
        os.chdir(REPO)
        os.execv(
            sys.executable,
            [
                sys.executable,
                "-m",
                "simkit",
                "drill",
                "--incidents",
                "tinta_di_jari",
                "--lang",
                "en",
            ],
        )
    seen = b""

    def read_until(marker: bytes, timeout: float = 60.0) -> None:
        nonlocal seen
        deadline = time.monotonic() + timeout
        while marker not in seen and time.monotonic() < deadline:
            try:
                chunk = os.read(fd, 4096)
            except OSError:
                break
            if not chunk:
                break
            seen += chunk
        assert marker in seen, seen.decode(errors="replace")[-2000:]

    try:
        read_until(b"answer (1-3): ")
        for bad in (b"\r", b"abc\r", b"9\r"):
            os.write(fd, bad)
            read_until(
                b"Unknown answer: " + (bad.strip() and repr(bad.strip().decode()).encode() or b"''")
            )
        order = seen.decode(errors="replace")
        refuse = next(line for line in order.splitlines() if "Refuse politely" in line)
        os.write(fd, refuse.strip()[0].encode() + b"\r")
        read_until(b"Scorecard:")
        read_until(b"Work done")
    finally:
        _, status = os.waitpid(pid, 0)
        os.close(fd)
    assert os.waitstatus_to_exitcode(status) == 0
    assert b"CORRECT" in seen


# --------------------------------------------------------------------------- dashboard panel


def test_drill_panel_plays_one_incident_in_python():
    from simkit.dashboard.drill_panel import DrillPanel

    panel = DrillPanel("en", incidents=["keberatan_saksi"], frame_s=0)
    assert panel.incidents.value == ("keberatan_saksi",)
    assert panel.play_box.layout.display == "none"
    panel.team.value = "A"
    panel._on_start()
    assert panel.run.current.id == "keberatan_saksi"
    assert "A saksi" in panel.situation.value and panel.choices.layout.display is None
    keys = [k for _, k in panel.choices.options]
    assert sorted(keys) == ["abaikan", "nanti_di_ppk", "periksa_koreksi"]
    panel._on_answer()  # nothing picked yet: asked again, nothing applied
    assert panel.run.current is not None and "Pick an answer" in panel.feedback.value
    panel.choices.value = "abaikan"
    panel._on_answer()
    assert "WRONG" in panel.feedback.value and "Pengawas TPS" in panel.feedback.value
    panel._on_continue()
    assert panel.run.done and panel.end_box.layout.display is None
    debrief = panel.debrief.value
    assert "Debrief: Team A" in debrief and "recount" in debrief
    assert 'download="scorecard.csv"' in debrief and "data:text/html;base64," in debrief
    panel._on_next_team()
    assert panel.team.value == "B" and panel.run.current.id == "keberatan_saksi"
    panel.choices.value = "periksa_koreksi"
    panel._on_answer()
    panel._on_continue()
    rows = scorecard(panel.drill, panel.plays, panel.costs)
    assert [(r["team"], r["correct"]) for r in rows] == [("A", 0), ("B", 1)]
    panel.set_lang("id")
    assert panel.start_button.description == "Mulai latihan"


def test_numbers_for_people_use_a_decimal_comma_in_indonesian():
    from simkit.report.drill import show
    from simkit.report.format import number

    assert number(0.5, "id", 1) == "0,5" and number(0.5, "en", 1) == "0.5"
    assert number(3.0, "id", 0, sign=True) == "+3" and number(-2.5, "en") == "-2.5"
    assert show(True, "id") == "ya" and show(6.8, "id") == "6,8" and show(2, "id") == "2"
    cost = {"wait_mean_min": 0.94, "wrongly_refused": 1.0}
    assert describe_cost(cost, "id") == "+0,9 menit rata-rata menunggu; +1 pemilih salah ditolak"


# --------------------------------------------------------------------------- invariants

LIBRARY = {key: load_incident(key) for key in list_incidents()}


@st.composite
def drills(draw):
    ids = draw(st.lists(st.sampled_from(sorted(LIBRARY)), min_size=1, max_size=6, unique=True))
    answers = {i: draw(st.sampled_from([c.key for c in LIBRARY[i].choices])) for i in ids}
    return ids, answers, draw(st.integers(0, 50))


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(drills())
def test_any_drill_keeps_the_books_and_the_declared_counters(case):
    ids, answers, seed = case
    drill = make_drill("tps_standar_2024", ids, seed=seed)
    team = play(drill, answers, "T", detailed=True)
    again = play(drill, answers, "T", detailed=False)
    s = team.day.summary
    assert s == again.day.summary  # detailed or not, the same day
    assert s["voters_arrived"] == s["voters_voted"] + s["voters_turned_away"] + s["voters_left"]
    for ledger in team.day.ledger.values():
        assert ledger["issued"] + ledger["unused"] == ledger["stock"]
    effects = [LIBRARY[i].choice(k).effect for i, k in answers.items()]
    assert team.counters["wrongly_refused"] == sum(e.wrongly_refused for e in effects)
    assert team.counters["wrongly_served"] == sum(e.wrongly_served for e in effects)
    assert team.counters["rule_breaches"] == sum(e.rule_breach for e in effects)
    assert s["psu_risk_events"] >= sum(e.psu_risk for e in effects)
    assert team.not_fired == [] and len(team.decisions) == len(ids)
