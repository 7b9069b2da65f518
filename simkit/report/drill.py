"""What a trainer reads of a drill: labels, costs in words, the debrief and the scorecard files.

The drill engine (:mod:`simkit.drills.engine`) returns data; this module turns it into text in
Bahasa Indonesia or English (every label from :mod:`simkit.i18n`, every number through
:func:`simkit.report.format.number`): the situation as the group reads it, the debrief rows,
and ``scorecard.csv``, ``decisions.csv`` and the printable ``scorecard.html``.
"""

from __future__ import annotations

import csv
import html
import io
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from simkit.drills.engine import (
    COST_KEYS,
    COUNT_NOISE_MIN,
    Drill,
    DrillRun,
    Play,
    choice_costs,
    scorecard,
)
from simkit.drills.incidents import Incident
from simkit.i18n import LABELS, t
from simkit.report.format import clock, number
from simkit.spreadsheet import formula_safe_row, replace_atomically

__all__ = [
    "DECISION_COLUMNS",
    "SCORE_COLUMNS",
    "SCORE_HEADERS",
    "debrief_rows",
    "describe_cost",
    "label",
    "place_label",
    "scorecard_html",
    "score_header",
    "show",
    "situation_text",
    "write_decisions",
    "write_scorecard",
]

SCORE_COLUMNS = (
    "team",
    "correct",
    "answered",
    "score_pct",
    "work_added_min",
    "count_added_min",
    "wait_mean_added_min",
    "wrongly_refused",
    "wrongly_served",
    "rule_breaches",
    "psu_risk_events",
    "recounts",
    "objections",
    "work_end",
    "past_deadline",
)
# column -> (Indonesian, English) header: a view of the i18n table, in column order
SCORE_HEADERS: dict[str, tuple[str, str]] = {c: LABELS[f"drill_score_{c}"] for c in SCORE_COLUMNS}
DECISION_COLUMNS = (
    "team",
    "incident",
    "clock",
    "answer_key",
    "correct",
    "rule_source",
    "rule_domain",
) + tuple(f"cost_{k}" for k in COST_KEYS)
# the smallest change of a measure worth telling (time below the noise of a day is not)
_SMALLEST = {
    "wait_mean_min": 0.05,
    "last_exit_min": 1.0,
    "work_min": COUNT_NOISE_MIN,
    "count_min": COUNT_NOISE_MIN,
}


def label(key: str, lang: str = "id", **kw: Any) -> str:
    """Return the drill label ``drill_<key>`` in ``lang``, filled with ``kw``."""
    text = t(f"drill_{key}", lang)
    return text.format(**kw) if kw else text


def score_header(column: str, lang: str = "id") -> str:
    """The header of a scorecard column in ``lang``."""
    return t(f"drill_score_{column}", lang)


def place_label(place: str, lang: str = "id") -> str:
    """Return where an incident happens in trainer words ("Meja A (pendaftaran)")."""
    return "TPS" if place == "tps" else t(place, lang)


def show(value: Any, lang: str = "id") -> str:
    """Show a scorecard value: ya/tidak for booleans, decimal comma in Bahasa Indonesia."""
    if isinstance(value, bool):
        return label("yes" if value else "no", lang)
    if isinstance(value, float):
        return number(value, lang, None)
    return str(value)


def describe_cost(cost: Mapping, lang: str = "id") -> str:
    """Describe a cost, e.g. "+25 min until all work is done; +1 PSU risk" (changes only)."""
    parts = []
    for k in COST_KEYS:
        v = float(cost.get(k, 0.0))
        if abs(v) >= _SMALLEST.get(k, 0.05):
            digits = 1 if k == "wait_mean_min" else (0 if k.endswith("_min") else None)
            parts.append(label(f"cost_{k}", lang, v=number(v, lang, digits, sign=True)))
    late = float(cost.get("past_deadline", 0.0))
    if late > 0:
        parts.append(label("past_deadline", lang, p=100 * late))
    return "; ".join(parts) if parts else label("no_cost", lang)


def situation_text(inc: Incident, run: DrillRun, order: Sequence[str], lang: str) -> str:
    """Return the incident as the group reads it, with numbered choices."""
    lines = [
        "",
        "=" * 72,
        f"{label('incident', lang)}: {inc.title.get(lang)}",
        f"{label('clock', lang)} {clock(run.now_min)} | {label('place', lang)}: "
        f"{place_label(inc.place, lang)}"
        f" | {label('who', lang)}: {', '.join(inc.who)}",
        "-" * 72,
        inc.situation.get(lang).strip(),
        "",
    ]
    for k, key in enumerate(order, start=1):
        lines.append(f"  {k}. {inc.choice(key).text.get(lang)}")
    return "\n".join(lines)


# --------------------------------------------------------------------------- debrief


def debrief_rows(
    drill: Drill, team_play: Play | DrillRun, costs: Mapping, lang: str = "id"
) -> list[dict]:
    """One row per decision: the answer, right or wrong, the rule, and the cost of every choice."""
    rows = []
    for d in team_play.decisions:
        inc = drill.incident(d.incident_id)
        chosen = inc.choice(d.choice_key)
        cost = costs[(inc.id, d.choice_key)]
        others = [
            (c.text.get(lang), describe_cost(costs[(inc.id, c.key)], lang), c.correct)
            for c in inc.choices
            if c.key != d.choice_key
        ]
        rows.append(
            {
                "team": team_play.team,
                "incident": inc.id,
                "title": inc.title.get(lang),
                "clock": clock(d.time_min),
                "answer": chosen.text.get(lang),
                "answer_key": d.choice_key,
                "correct": d.correct,
                "right_answer": " / ".join(inc.choice(k).text.get(lang) for k in inc.correct_keys),
                "feedback": chosen.feedback.get(lang),
                "rule_source": inc.rule.source,
                "rule_domain": inc.rule.domain,
                "rule": inc.rule.text.get(lang),
                "cost": describe_cost(cost, lang),
                **{f"cost_{k}": round(float(cost[k]), 2) for k in COST_KEYS},
                "others": others,
            }
        )
    return rows


# --------------------------------------------------------------------------- scorecard files


def _csv_text(rows: list[dict], columns: Sequence[str]) -> str:
    # team names are typed by the trainer: a name such as "=1+1" must not run in a spreadsheet
    buf = io.StringIO()
    writer = csv.DictWriter(
        buf, fieldnames=list(columns), extrasaction="ignore", lineterminator="\n"
    )
    writer.writeheader()
    for r in rows:
        writer.writerow(formula_safe_row(r))
    return buf.getvalue()


_PAGE_STYLE = (
    "<style>body{font-family:sans-serif;margin:1.5em;color:#222}"
    "table{border-collapse:collapse;margin:.5em 0 1.5em}"
    "th,td{border:1px solid #999;padding:4px 8px;font-size:11pt;vertical-align:top}"
    "th{background:#eee}.ok{color:#1a7f37;font-weight:bold}.bad{color:#b42318;font-weight:bold}"
    "@media print{h2{page-break-before:auto}tr{page-break-inside:avoid}}</style></head><body>"
)


def _scores_html(drill: Drill, rows: list[dict], lang: str) -> list[str]:
    """The page's head and the table of scores, one row per team."""
    e = html.escape
    head = "".join(f"<th>{e(score_header(c, lang))}</th>" for c in SCORE_COLUMNS)
    body = "".join(
        "<tr>" + "".join(f"<td>{e(show(r[c], lang))}</td>" for c in SCORE_COLUMNS) + "</tr>"
        for r in rows
    )
    return [
        "<!DOCTYPE html><html><head><meta charset='utf-8'>",
        f"<title>{e(label('scorecard', lang))}</title>",
        _PAGE_STYLE,
        f"<h1>{e(label('title', lang))}: {e(label('scorecard', lang))}</h1>",
        f"<p>{e(label('scenario', lang))}: <b>{e(drill.scenario.name)}</b> &middot; "
        f"{e(label('seed', lang))}: {drill.seed} &middot; {e(label('incidents', lang))}: "
        f"{len(drill.incidents)}</p>",
        f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>",
    ]


def _debrief_html(drill: Drill, team_play: Play, costs: Mapping, lang: str) -> list[str]:
    """One team's decisions: answer, verdict, rule and consequence."""
    e = html.escape
    heads = ("clock", "incident", "answer", "", "rule", "consequence")
    parts = [
        f"<h2>{e(label('debrief', lang))}: {e(label('team', lang))} {e(team_play.team)}</h2>",
        "<table><thead><tr>"
        + "".join(f"<th>{e(label(h, lang) if h else '')}</th>" for h in heads)
        + "</tr></thead><tbody>",
    ]
    for r in debrief_rows(drill, team_play, costs, lang):
        mark = (
            f"<span class='ok'>{e(label('correct', lang))}</span>"
            if r["correct"]
            else f"<span class='bad'>{e(label('wrong', lang))}</span><br>"
            f"{e(label('right_answer', lang))}: {e(r['right_answer'])}"
        )
        parts.append(
            f"<tr><td>{e(r['clock'])}</td><td>{e(r['title'])}</td><td>{e(r['answer'])}</td>"
            f"<td>{mark}</td><td><b>{e(r['rule_source'])}</b>"
            f"<br>{e(r['rule'])}</td><td>{e(r['cost'])}</td></tr>"
        )
    parts.append("</tbody></table>")
    return parts


def _other_answers_html(drill: Drill, costs: Mapping, lang: str) -> list[str]:
    """Every choice of every incident, right or wrong, and what it costs."""
    e = html.escape
    parts = [f"<h2>{e(label('other_answers', lang))}</h2><table><tbody>"]
    for inc in drill.incidents:
        for c in inc.choices:
            tag = label("correct", lang) if c.correct else label("wrong", lang)
            cost = describe_cost(costs[(inc.id, c.key)], lang)
            parts.append(
                f"<tr><td>{e(inc.title.get(lang))}</td><td>{e(c.text.get(lang))}</td>"
                f"<td>{e(tag)}</td><td>{e(cost)}</td></tr>"
            )
    parts.append("</tbody></table></body></html>")
    return parts


def scorecard_html(drill: Drill, plays: Sequence[Play], costs: Mapping, lang: str = "id") -> str:
    """Return a printable page: the scores, then every decision with its rule and cost."""
    parts = _scores_html(drill, scorecard(drill, plays, costs), lang)
    for p in plays:
        parts += _debrief_html(drill, p, costs, lang)
    parts += _other_answers_html(drill, costs, lang)
    return "\n".join(parts)


def write_scorecard(
    out_dir: str | Path,
    drill: Drill,
    plays: Sequence[Play],
    costs: Mapping | None = None,
    lang: str = "id",
) -> list[Path]:
    """Write ``scorecard.csv``, ``decisions.csv`` and the printable ``scorecard.html``."""
    costs = choice_costs(drill) if costs is None else costs
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    rows = scorecard(drill, plays, costs)
    paths = [out / "scorecard.csv", out / "decisions.csv", out / "scorecard.html"]
    decisions = [r for p in plays for r in debrief_rows(drill, p, costs, lang)]
    texts = [
        _csv_text(rows, SCORE_COLUMNS),
        _csv_text(decisions, DECISION_COLUMNS),
        scorecard_html(drill, plays, costs, lang),  # every text in it is HTML-escaped
    ]
    for path, text in zip(paths, texts, strict=True):
        with replace_atomically(path) as tmp:
            tmp.write_text(text, encoding="utf-8")
    return paths


def write_decisions(
    out_dir: str | Path,
    drill: Drill,
    plays: Sequence[Play | DrillRun],
    costs: Mapping | None = None,
    lang: str = "id",
) -> Path:
    """Write ``decisions.csv`` alone: the answers given so far, when a drill stops early.

    The day of a stopped drill never ended, so there is no scorecard; the answers (with their
    rule and cost) are what the group must not lose. Written to a temporary file first, so an
    earlier ``decisions.csv`` is replaced whole or not at all.
    """
    costs = choice_costs(drill) if costs is None else costs
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    rows = [r for p in plays for r in debrief_rows(drill, p, costs, lang)]
    path = out / "decisions.csv"
    part = out / "decisions.csv.part"
    part.write_text(_csv_text(rows, DECISION_COLUMNS), encoding="utf-8")
    part.replace(path)
    return path
