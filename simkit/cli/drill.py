"""``simkit drill``: the incident drill in a terminal (questions on stdout, answers on stdin)."""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import sys
import tempfile
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from simkit.cli.inputs import add_force, check_out
from simkit.cli.parser import (
    EXIT_BAD_INPUT,
    EXIT_INTERRUPTED,
    EXIT_OK,
    Subparsers,
    UsageError,
    both_languages,
)
from simkit.drills.engine import (
    DEFAULT_RANDOM,
    Drill,
    DrillError,
    DrillRun,
    Play,
    choice_costs,
    choice_order,
    make_drill,
    scorecard,
)
from simkit.drills.incidents import IncidentError, list_incidents, load_incident
from simkit.i18n import t
from simkit.report.drill import (
    SCORE_HEADERS,
    debrief_rows,
    label,
    show,
    situation_text,
    write_decisions,
    write_scorecard,
)
from simkit.scenario import ScenarioError

__all__ = [
    "MAX_ANSWER_DIGITS",
    "MAX_INVALID_ANSWERS",
    "ask",
    "drill_command",
    "register",
    "without_separator",
]

Read = Callable[[str], str]
Write = Callable[[str], Any]

# An answer is the number of a choice (a handful): ASCII digits 0-9 only, at most this many.
# str.isdigit() also says yes to "²", "①" and "٣", which int() then refuses or misreads, and
# int() of 5,000 digits raises: either ended the drill with every answer lost.
MAX_ANSWER_DIGITS = 3
_ANSWER = re.compile(rf"[0-9]{{1,{MAX_ANSWER_DIGITS}}}")
# Invalid answers in a row after which the drill stops (exit 2, the answers given are saved):
# a script feeding garbage, or a stuck key, must not keep the drill asking for ever.
MAX_INVALID_ANSWERS = 20
# how much of an invalid answer is repeated back to the group
ECHO_CHARS = 40


class _Stop(Exception):
    """End of input: the drill stops cleanly."""


class _TooManyInvalid(Exception):
    """MAX_INVALID_ANSWERS invalid answers in a row: the drill stops (exit 2)."""


def register(sub: Subparsers) -> argparse.ArgumentParser:
    """Add ``drill`` (its own options, as ``simkit drill`` always had) to the subparsers."""
    p = sub.add_parser(
        "drill",
        help="incident drills (arguments passed on)",
        description=both_languages("cli_drill_description"),
    )
    p.add_argument("--scenario", default="tps_standar_2024", help="scenario name or YAML path")
    group = p.add_mutually_exclusive_group()
    group.add_argument(
        "--incidents", default="", help="incident ids or YAML paths, comma-separated"
    )
    group.add_argument(
        "--random",
        type=int,
        default=None,
        metavar="N",
        help=f"draw N shipped incidents (default {DEFAULT_RANDOM})",
    )
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--teams", default="", help='team names, comma-separated, e.g. "A,B"')
    p.add_argument("--lang", choices=("id", "en"), default=None)
    p.add_argument("--out", default="", help="folder for scorecard.csv/.html and decisions.csv")
    add_force(p)
    p.add_argument("--list", action="store_true", help="list the shipped incidents and stop")
    # the drill opens in Bahasa unless --lang says otherwise (it never read $SIMKIT_LANG), and
    # a word it does not know is refused with the drill's own usage line
    p.set_defaults(handler=drill_command, env_lang=False, strict_parser=p)
    return p


def without_separator(argv: list[str]) -> list[str]:
    """``simkit [--lang L] drill -- ARGS``: drop the ``--`` (it once passed ARGS on untouched)."""
    i = 0
    while i < len(argv):
        arg = argv[i]
        if arg == "--lang":
            i += 2
        elif arg.startswith("-"):
            i += 1
        else:
            if arg == "drill" and argv[i + 1 : i + 2] == ["--"]:
                return argv[: i + 1] + argv[i + 2 :]
            break
    return argv


def ask(prompt: str, n: int, lang: str, read: Read = input, write: Write = print) -> int:
    """Ask until a number 1..n is typed; returns it.

    Only ASCII digits count (at most :data:`MAX_ANSWER_DIGITS`); anything else is asked again
    with a message in ``lang``. End of input raises :class:`_Stop`; :data:`MAX_INVALID_ANSWERS`
    invalid answers in a row raise :class:`_TooManyInvalid`.
    """
    for _ in range(MAX_INVALID_ANSWERS):
        try:
            raw = read(prompt)
        except EOFError:
            raise _Stop from None
        value = raw.strip()
        if _ANSWER.fullmatch(value) and 1 <= int(value) <= n:
            return int(value)
        shown = value if len(value) <= ECHO_CHARS else f"{value[: ECHO_CHARS - 3]}..."
        write(label("bad_answer", lang, value=shown, n=n))
    raise _TooManyInvalid


def drill_command(args: argparse.Namespace, read: Read = input, write: Write = print) -> int:
    """``simkit drill``: questions and answers on stdin/stdout; returns the exit status.

    0 when the drill ends (or input ends: the drill stops with a message), 2 on bad arguments,
    an unusable ``--out`` (said before the first question) or MAX_INVALID_ANSWERS invalid
    answers in a row. When the drill stops early, the answers given so far are saved in
    ``--out`` (``decisions.csv``) and the message says where.
    """
    # `simkit --lang en drill` parsed without cli.main leaves args.lang unset
    lang = args.lang or getattr(args, "global_lang", None) or "id"
    if args.list:
        return list_shipped(lang, write)
    names = [s.strip() for s in args.incidents.split(",") if s.strip()]
    teams = [s.strip() for s in args.teams.split(",") if s.strip()] or ["1"]
    if len(set(teams)) != len(teams) or any("," in team for team in teams):
        _complain(f"--teams: {t('cli_drill_team_repeated', lang)}", write)
        return EXIT_BAD_INPUT
    try:
        drill = make_drill(args.scenario, names or None, args.random, args.seed, lang)
    except (ScenarioError, DrillError) as exc:
        _complain(exc.render() if isinstance(exc, ScenarioError) else str(exc), write)
        return EXIT_BAD_INPUT
    out = Path(args.out) if args.out else None
    try:  # before the first question, not after the whole drill
        _check_out(out, lang)
        check_out(out, lang, "drill", [drill.scenario], args.force)  # not another run's folder
    except UsageError as exc:
        _complain(str(exc), write)
        return EXIT_BAD_INPUT
    if read is input:
        _lenient_stdin()
    runs = {team: DrillRun(drill, team) for team in teams}
    try:
        return _play_terminal(drill, runs, lang, out, read, write)
    except _Stop:
        write("")
        write(label("eof", lang))
        _save_answers(drill, runs, lang, out, write)
        return EXIT_OK
    except _TooManyInvalid:
        write("")
        stop = t("sec_drill_too_many_invalid", lang).format(limit=MAX_INVALID_ANSWERS)
        _complain(stop, write)
        _save_answers(drill, runs, lang, out, lambda text: _complain(text, write))
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        write("")
        write(label("interrupted", lang))
        _save_answers(drill, runs, lang, out, write)
        return EXIT_INTERRUPTED
    except Exception:  # the error itself is told by cli.main; the answers are kept first
        _complain(t("sec_drill_stopped_by_error", lang), write)
        _save_answers(drill, runs, lang, out, lambda text: _complain(text, write))
        raise


def _check_out(out: Path | None, lang: str) -> None:
    """Refuse an ``--out`` that cannot be created or written, before the first question."""
    if out is None:
        return
    check_out(out, lang)
    try:  # os.access says yes to root even on a read-only file system: write a file
        with tempfile.TemporaryFile(dir=out):
            pass
    except OSError as exc:
        raise UsageError(
            f"--out {out}: {t('cli_cannot_write', lang)} ({exc.strerror or exc})"
        ) from None


def _lenient_stdin() -> None:
    """Bytes that are not UTF-8 on stdin become U+FFFD: an invalid answer, not a crash."""
    with contextlib.suppress(AttributeError, ValueError, OSError):
        sys.stdin.reconfigure(errors="replace")  # type: ignore[union-attr]


def _save_answers(
    drill: Drill, runs: Mapping[str, DrillRun], lang: str, out: Path | None, say: Write
) -> None:
    """The drill stopped early: save the answers given so far in ``--out`` and say where."""
    answered = [run for run in runs.values() if run.decisions]
    n = sum(len(run.decisions) for run in answered)
    if not n:
        say(t("sec_drill_nothing_saved", lang))
        return
    if out is None:
        say(t("sec_drill_not_saved", lang).format(n=n))
        return
    try:
        path = write_decisions(out, drill, answered, lang=lang)
    except (OSError, ValueError) as exc:
        why = getattr(exc, "strerror", None) or exc
        say(t("sec_drill_save_failed", lang).format(path=out, why=why))
        return
    say(t("sec_drill_saved", lang).format(n=n, path=os.fspath(path)))


def list_shipped(lang: str, write: Write = print) -> int:
    """``simkit drill --list``: every shipped incident with its moment and title."""
    write(label("list_head", lang))
    for path in list_incidents().values():
        try:
            inc = load_incident(path, lang)
        except IncidentError as exc:
            write(exc.render())
            return EXIT_BAD_INPUT
        write(f"  {inc.id:26s} {inc.when.describe(lang):46s} {inc.title.get(lang)}")
    return EXIT_OK


def _complain(text: str, write: Write) -> None:
    if write is print:
        print(text, file=sys.stderr)
    else:
        write(text)


def _play_terminal(
    drill: Drill,
    runs: dict[str, DrillRun],
    lang: str,
    out: Path | None,
    read: Read,
    write: Write,
) -> int:
    sc = drill.scenario
    teams = list(runs)
    title = sc.title.en if lang == "en" and sc.title.en else (sc.title.id or sc.name)
    write(
        f"{label('title', lang)} | {label('scenario', lang)}: {title} | "
        f"{label('seed', lang)}: {drill.seed} | {label('teams', lang)}: {', '.join(teams)} | "
        f"{label('incidents', lang)}: {len(drill.incidents)}"
    )
    while True:
        fired: dict[str, list[str]] = {}
        for team, run in runs.items():
            inc = run.next_incident()
            if inc is not None:
                fired.setdefault(inc.id, []).append(team)
        if not fired:
            break
        for inc_id, group in fired.items():
            _play_incident(drill, inc_id, group, runs, len(teams) > 1, lang, read, write)
    plays = [run.finish() for run in runs.values()]
    write("")
    write(label("day_end", lang))
    costs = choice_costs(drill)
    for p in plays:
        _write_debrief(drill, p, costs, lang, write)
    write("")
    write(f"{label('scorecard', lang)}:")
    write(_score_table(scorecard(drill, plays, costs), lang))
    if out:
        paths = write_scorecard(out, drill, plays, costs, lang)
        write(label("files", lang, dir=out))
        for path in paths:
            write(f"  {path}")
    return EXIT_OK


def _play_incident(
    drill: Drill,
    inc_id: str,
    group: Sequence[str],
    runs: dict[str, DrillRun],
    several: bool,
    lang: str,
    read: Read,
    write: Write,
) -> None:
    """One incident for the teams it fired for: the situation, each team's answer, the rule."""
    inc = drill.incident(inc_id)
    order = choice_order(drill, inc)
    write(situation_text(inc, runs[group[0]], order, lang))
    write(label("choose", lang, n=len(order)))
    decisions = {}
    for team in group:  # each answer counts (and is saved) as soon as it is given
        prompt = label("ask_team", lang, team=team, n=len(order))
        decisions[team] = runs[team].answer(order[ask(prompt, len(order), lang, read, write) - 1])
    for team in group:  # the verdicts once every team has answered
        decision = decisions[team]
        verdict = label("correct" if decision.correct else "wrong", lang)
        chosen = inc.choice(decision.choice_key)
        prefix = f"[{label('team', lang)} {team}] " if several else ""
        write(f"{prefix}{verdict}: {chosen.feedback.get(lang).strip()}")
    write(f"{label('rule', lang)}: {inc.rule.source} - {inc.rule.text.get(lang).strip()}")
    write(label("continue", lang))


def _write_debrief(drill: Drill, p: Play, costs: Mapping, lang: str, write: Write) -> None:
    """One team's debrief: each decision, the right answer, the rule, what it cost."""
    write("")
    write("=" * 72)
    write(f"{label('debrief', lang)}: {label('team', lang)} {p.team}")
    for r in debrief_rows(drill, p, costs, lang):
        verdict = label("correct" if r["correct"] else "wrong", lang)
        write(f"- {r['clock']} {r['title']}: {r['answer']} -> {verdict}")
        if not r["correct"]:
            write(f"    {label('right_answer', lang)}: {r['right_answer']}")
        write(f"    {label('rule', lang)}: {r['rule_source']}")
        write(f"    {label('consequence', lang)}: {r['cost']}")
        for text, cost, ok in r["others"]:
            if not ok:
                write(f'    {label("other_answers", lang)}: "{text}" -> {cost}')
    if p.not_fired:
        write(f"  {label('not_fired', lang)}: {', '.join(p.not_fired)}")


def _score_table(rows: list[dict], lang: str) -> str:
    cols = (
        "team",
        "correct",
        "answered",
        "work_added_min",
        "wait_mean_added_min",
        "wrongly_refused",
        "wrongly_served",
        "rule_breaches",
        "psu_risk_events",
        "recounts",
        "work_end",
    )
    heads = [SCORE_HEADERS[c][1 if lang == "en" else 0] for c in cols]
    table = [heads] + [[show(r[c], lang) for c in cols] for r in rows]
    widths = [max(len(row[i]) for row in table) for i in range(len(cols))]
    return "\n".join(
        "  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)) for row in table
    )
