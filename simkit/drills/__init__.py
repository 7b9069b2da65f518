"""Rehearsal drills: the incident library and the drill engine (this module is their facade).

:mod:`simkit.drills.incidents` holds the incident files' model and loader;
:mod:`simkit.drills.engine` plays a drill (a scenario, incidents in order and a seed; teams
answer) and measures what each answer costs. The texts a trainer reads (debrief, scorecard
CSV/HTML) are :mod:`simkit.report.drill`; the dashboard's drill mode is
:mod:`simkit.dashboard.drill_panel`.

>>> from simkit.drills import make_drill, play, choice_costs, scorecard
>>> drill = make_drill("tps_standar_2024", ["dpt_tanpa_undangan"], seed=3)     # doctest: +SKIP
>>> team = play(drill, {"dpt_tanpa_undangan": "tolak"}, team="A")             # doctest: +SKIP
>>> team.counters["wrongly_refused"]                                          # doctest: +SKIP
1

The terminal drill (``simkit drill``: :func:`main` and its helpers at the end of this file) moves
to :mod:`simkit.cli.drill`.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from typing import Any

from simkit.drills.engine import (
    COST_KEYS,
    COUNT_NOISE_MIN,
    DEFAULT_RANDOM,
    QUIET_ERRORS,
    Answerer,
    DaySnapshot,
    Decision,
    Drill,
    DrillError,
    DrillRun,
    Play,
    choice_costs,
    choice_order,
    decision_cost,
    make_drill,
    play,
    quiet_overrides,
    reference,
    scorecard,
)
from simkit.drills.incidents import Incident, IncidentError, list_incidents, load_incident
from simkit.scenario import ScenarioError

__all__ = [
    "COST_KEYS",
    "COUNT_NOISE_MIN",
    "DEFAULT_RANDOM",
    "QUIET_ERRORS",
    "Answerer",
    "DaySnapshot",
    "Decision",
    "Drill",
    "DrillError",
    "DrillRun",
    "Incident",
    "Play",
    "choice_costs",
    "choice_order",
    "debrief_rows",
    "decision_cost",
    "describe_cost",
    "main",
    "make_drill",
    "play",
    "quiet_overrides",
    "reference",
    "scorecard",
    "write_scorecard",
]

# Names whose home is now simkit.report.drill (a higher layer), still importable from here for
# notebook 04 and docs/drills.md. Resolved on first use, so the engine never imports report.
_REPORT_NAMES = frozenset(
    (
        "DECISION_COLUMNS",
        "SCORE_HEADERS",
        "debrief_rows",
        "describe_cost",
        "label",
        "place_label",
        "scorecard_html",
        "show",
        "situation_text",
        "write_scorecard",
    )
)


def __getattr__(name: str) -> Any:
    if name in _REPORT_NAMES:
        # lazy: the faces (simkit.report.drill) import this package, not the other way round
        from simkit.report import drill as report_drill

        return getattr(report_drill, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


# --------------------------------------------------------------------------- terminal
# Everything below moves to simkit/cli/drill.py (the command line's drill).


class _Stop(Exception):
    """End of input: the drill stops cleanly."""


def ask(
    prompt: str,
    n: int,
    lang: str,
    read: Callable[[str], str] = input,
    write: Callable[[str], Any] = print,
) -> int:
    """Ask until a number 1..n is typed; returns it. End of input raises :class:`_Stop`."""
    from simkit.report.drill import label  # moves to simkit/cli/drill.py

    while True:
        try:
            raw = read(prompt)
        except EOFError:
            raise _Stop from None
        value = raw.strip()
        if value.isdigit() and 1 <= int(value) <= n:
            return int(value)
        write(label("bad_answer", lang, value=value, n=n))


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="simkit drill",
        description="Latihan insiden TPS di terminal / TPS incident drill in a terminal.",
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
    p.add_argument("--lang", choices=("id", "en"), default="id")
    p.add_argument("--out", default="", help="folder for scorecard.csv/.html and decisions.csv")
    p.add_argument("--list", action="store_true", help="list the shipped incidents and stop")
    return p


def main(
    argv: Sequence[str] | None = None,
    read: Callable[[str], str] = input,
    write: Callable[[str], Any] = print,
) -> int:
    """``simkit drill``: questions and answers on stdin/stdout; returns the exit status.

    0 when the drill ends (or input ends: the drill stops with a message), 2 on bad arguments.
    """
    from simkit.report.drill import label  # moves to simkit/cli/drill.py

    parser = _parser()
    argv = sys.argv[1:] if argv is None else list(argv)
    if argv[:1] == ["--"]:  # `simkit drill -- --incidents ...`
        argv = argv[1:]
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else 2
    lang = args.lang
    if args.list:
        write(label("list_head", lang))
        for path in list_incidents().values():
            try:
                inc = load_incident(path, lang)
            except IncidentError as exc:
                write(exc.render())
                return 2
            write(f"  {inc.id:26s} {inc.when.describe(lang):46s} {inc.title.get(lang)}")
        return 0
    names = [s.strip() for s in args.incidents.split(",") if s.strip()]
    teams = [s.strip() for s in args.teams.split(",") if s.strip()] or ["1"]
    if len(set(teams)) != len(teams) or any("," in t for t in teams):
        _complain(
            "--teams: " + ("nama tim berulang" if lang == "id" else "a team name is repeated"),
            write,
        )
        return 2
    try:
        drill = make_drill(args.scenario, names or None, args.random, args.seed, lang)
    except (ScenarioError, DrillError) as exc:
        _complain(exc.render() if isinstance(exc, ScenarioError) else str(exc), write)
        return 2
    try:
        return _play_terminal(drill, teams, lang, args.out, read, write)
    except _Stop:
        write("")
        write(label("eof", lang))
        return 0
    except KeyboardInterrupt:
        write("")
        write(label("interrupted", lang))
        return 130


def _complain(text: str, write: Callable[[str], Any]) -> None:
    if write is print:
        print(text, file=sys.stderr)
    else:
        write(text)


def _play_terminal(
    drill: Drill,
    teams: list[str],
    lang: str,
    out: str,
    read: Callable[[str], str],
    write: Callable[[str], Any],
) -> int:
    from simkit.report.drill import (  # moves to simkit/cli/drill.py
        debrief_rows,
        label,
        situation_text,
        write_scorecard,
    )

    sc = drill.scenario
    title = sc.title.en if lang == "en" and sc.title.en else (sc.title.id or sc.name)
    write(
        f"{label('title', lang)} | {label('scenario', lang)}: {title} | "
        f"{label('seed', lang)}: {drill.seed} | {label('teams', lang)}: {', '.join(teams)} | "
        f"{label('incidents', lang)}: {len(drill.incidents)}"
    )
    runs = {team: DrillRun(drill, team) for team in teams}
    while True:
        fired: dict[str, list[str]] = {}
        for team, run in runs.items():
            inc = run.next_incident()
            if inc is not None:
                fired.setdefault(inc.id, []).append(team)
        if not fired:
            break
        for inc_id, group in fired.items():
            inc = drill.incident(inc_id)
            order = choice_order(drill, inc)
            write(situation_text(inc, runs[group[0]], order, lang))
            write(label("choose", lang, n=len(order)))
            picks = {}
            for team in group:
                prompt = label("ask_team", lang, team=team, n=len(order))
                picks[team] = order[ask(prompt, len(order), lang, read, write) - 1]
            for team in group:
                decision = runs[team].answer(picks[team])
                verdict = label("correct" if decision.correct else "wrong", lang)
                chosen = inc.choice(decision.choice_key)
                prefix = f"[{label('team', lang)} {team}] " if len(teams) > 1 else ""
                write(f"{prefix}{verdict}: {chosen.feedback.get(lang).strip()}")
            write(
                f"{label('rule', lang)}: {inc.rule.source} (DOMAIN.md {inc.rule.domain}) - "
                f"{inc.rule.text.get(lang).strip()}"
            )
            write(label("continue", lang))
    plays = [run.finish() for run in runs.values()]
    write("")
    write(label("day_end", lang))
    costs = choice_costs(drill)
    for p in plays:
        write("")
        write("=" * 72)
        write(f"{label('debrief', lang)}: {label('team', lang)} {p.team}")
        for r in debrief_rows(drill, p, costs, lang):
            verdict = label("correct" if r["correct"] else "wrong", lang)
            write(f"- {r['clock']} {r['title']}: {r['answer']} -> {verdict}")
            if not r["correct"]:
                write(f"    {label('right_answer', lang)}: {r['right_answer']}")
            write(f"    {label('rule', lang)}: {r['rule_source']} (DOMAIN.md {r['rule_domain']})")
            write(f"    {label('consequence', lang)}: {r['cost']}")
            for text, cost, ok in r["others"]:
                if not ok:
                    write(f'    {label("other_answers", lang)}: "{text}" -> {cost}')
        if p.not_fired:
            write(f"  {label('not_fired', lang)}: {', '.join(p.not_fired)}")
    write("")
    write(f"{label('scorecard', lang)}:")
    write(_score_table(scorecard(drill, plays, costs), lang))
    if out:
        paths = write_scorecard(out, drill, plays, costs, lang)
        write(label("files", lang, dir=out))
        for path in paths:
            write(f"  {path}")
    return 0


def _score_table(rows: list[dict], lang: str) -> str:
    from simkit.report.drill import SCORE_HEADERS, show  # moves to simkit/cli/drill.py

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


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
