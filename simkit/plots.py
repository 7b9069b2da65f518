"""Charts of a TPS day: pure matplotlib functions, clock-time axes, labels in id/en.

Every function has the same shape (a stable contract used by the CLI, the dashboard and the
notebooks)::

    plot_xxx(day_or_frame, ax=None, lang="id") -> matplotlib.axes.Axes

``day`` is a :class:`simkit.simulation.DayResult` (or anything with the same frames as
attributes); ``ax`` is drawn into when given, else a new figure is made with pyplot (so a
notebook shows it). Nothing here opens a window or picks a backend: the CLI draws on
``matplotlib.figure.Figure`` objects (Agg). The x axis is model minutes since 07:00 shown as
clock times, ``01:00+1`` for the next day.

==============================  =============================================================
function                        what it shows
==============================  =============================================================
:func:`plot_arrivals`           people arriving per 15 minutes, stacked by DPT/DPTb/DPK
:func:`plot_queues`             queue length per place through the day (steps)
:func:`plot_wait_by_hour`       wait of voters who voted, a box per hour of arrival
:func:`plot_staff_timeline`     KPPS Gantt chart from ``day.timeline`` with a midnight line
:func:`plot_counting`           one bar per ballot type from start to end, recounts marked
:func:`plot_work_end_distribution`  histogram of ``work_end_min`` over replications
==============================  =============================================================
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.patches import Patch
from matplotlib.ticker import FuncFormatter, MaxNLocator, MultipleLocator

from simkit.i18n import LABELS, t
from simkit.scenario import LEGAL_DEADLINE_MIN, MIDNIGHT_MIN

__all__ = [
    "ACTIVITY_COLOURS",
    "PLACE_COLOURS",
    "binned_max",
    "clock_formatter",
    "clock_label",
    "plot_arrivals",
    "plot_counting",
    "plot_queues",
    "plot_staff_timeline",
    "plot_wait_by_hour",
    "plot_work_end_distribution",
    "set_clock_axis",
]

# colour-blind safe (Okabe-Ito) and stable across charts: the same place has the same colour
_PALETTE = [
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#CC79A7",
    "#56B4E9",
    "#D55E00",
    "#F0E442",
    "#000000",
    "#999999",
]
# in the order a voter meets them (the legend follows it)
PLACE_COLOURS = {
    "entrance": "#0072B2",
    "seats": "#56B4E9",
    "standing": "#000000",
    "ketua_table": "#E69F00",
    "booth": "#009E73",
    "boxes": "#CC79A7",
    "ink": "#D55E00",
    "exit": "#999999",
}
# activities are grouped by their first word ("count DPR" -> "count"); the ballot type is
# written on the bar instead, so the legend stays short and colours do not repeat
ACTIVITY_COLOURS = {
    "preparation": "#999999",
    "voting": "#E69F00",
    "break": "#DDDDDD",
    "home_visit": "#F0E442",
    "count": "#009E73",
    "C.Hasil": "#56B4E9",
    "salinan": "#0072B2",
    "closing": "#CC79A7",
    "entrance": "#0072B2",
    "ketua_table": "#E69F00",
    "boxes": "#CC79A7",
    "ink": "#D55E00",
    "counting": "#009E73",
    "paperwork": "#56B4E9",
    "idle": "#EEEEEE",
}
_SHORT_TYPES = {
    "PPWP": "PPWP",
    "DPR": "DPR",
    "DPD": "DPD",
    "DPRD_PROV": "PROV",
    "DPRD_KABKOTA": "KAB",
}
CATEGORY_COLOURS = {
    "DPT": "#0072B2",
    "DPTb": "#E69F00",
    "DPK": "#009E73",
    "OTHER": "#999999",
    "-": "#999999",
}


# --------------------------------------------------------------------------- clock axes


def clock_label(minutes: float, _pos: Any = None) -> str:
    """Model minutes as ``HH:MM``; the next day gets ``+1`` (``1080 -> "01:00+1"``)."""
    if minutes is None or not math.isfinite(minutes):
        return ""
    # floor, as simkit.min_to_clock does: 12:59.6 is still 12:59 (not yet the 13:00 close)
    total = math.floor(minutes + 1e-6) + 7 * 60
    day, rest = divmod(total, 24 * 60)
    text = f"{rest // 60:02d}:{rest % 60:02d}"
    if day > 0:
        text += f"+{day}"
    elif day < 0:
        text += f"{day}"
    return text


clock_formatter = FuncFormatter(clock_label)


def set_clock_axis(ax: Axes, axis: str = "x") -> Axes:
    """Clock-time ticks on ``ax``: every hour for a short span, every 2-4 hours for a long one."""
    target = ax.xaxis if axis == "x" else ax.yaxis
    low, high = ax.get_xlim() if axis == "x" else ax.get_ylim()
    span = abs(high - low)
    # at most ~8 ticks: "00:00+1" labels are wide
    step = next((m for m in (30, 60, 120, 180, 240, 360, 720) if span / m <= 8), 1440)
    target.set_major_locator(MultipleLocator(step))
    target.set_major_formatter(clock_formatter)
    return ax


def _axes(ax: Axes | None, size: tuple[float, float] = (9, 4)) -> Axes:
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt  # lazy: pyplot (a GUI backend) only when no axes are given

    _, ax = plt.subplots(figsize=size, layout="constrained")
    return ax


def _frame(obj: Any, name: str) -> pd.DataFrame:
    frame = obj if isinstance(obj, pd.DataFrame) else getattr(obj, name, None)
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"expected a DayResult or a DataFrame with the {name} frame, got {obj!r}")
    return frame


def _no_data(ax: Axes, lang: str) -> Axes:
    ax.text(
        0.5,
        0.5,
        t("exp_no_data", lang),
        ha="center",
        va="center",
        transform=ax.transAxes,
        color="#666666",
    )
    return ax


def _vline(ax: Axes, x: float, key: str, lang: str, colour: str, style: str = "--") -> None:
    ax.axvline(x, color=colour, linestyle=style, linewidth=1.2, label=t(key, lang))


# --------------------------------------------------------------------------- day charts


def plot_arrivals(day: Any, ax: Axes | None = None, lang: str = "id") -> Axes:
    """People arriving per 15 minutes, stacked by category (DPT, DPTb, DPK).

    Uses ``day.voters`` (``arrival_min``, ``category``); bars start at each 15-minute slot.
    """
    ax = _axes(ax)
    voters = _frame(day, "voters")
    ax.set_title(t("plot_arrivals_title", lang))
    ax.set_xlabel(t("time_of_day", lang))
    ax.set_ylabel(t("plot_people", lang))
    if voters.empty:
        return _no_data(ax, lang)
    arrival = voters["arrival_min"].astype(float)
    start = 15 * math.floor(arrival.min() / 15)
    end = 15 * math.ceil((arrival.max() + 1e-9) / 15)
    edges = np.arange(start, max(end, start + 15) + 15, 15)
    bottom = np.zeros(len(edges) - 1)
    cats = voters["category"].astype(str) if "category" in voters else pd.Series("-", voters.index)
    order = [c for c in ("DPT", "DPTb", "DPK") if c in set(cats)]
    order += sorted(set(cats) - set(order))
    for cat in order:
        counts, _ = np.histogram(arrival[cats == cat], bins=edges)
        ax.bar(
            edges[:-1],
            counts,
            width=15,
            bottom=bottom,
            align="edge",
            label=t(cat, lang),
            color=CATEGORY_COLOURS.get(cat, _PALETTE[len(order) % len(_PALETTE)]),
            edgecolor="white",
            linewidth=0.5,
        )
        bottom += counts
    ax.set_xlim(edges[0], edges[-1])
    ax.set_ylim(0, max(1.0, float(bottom.max()) * 1.1))
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    close = _voting_close(day)
    if edges[-1] > close:  # people after the close are refused (§1.1): show where it is
        _vline(ax, close, "voting_close", lang, "#D55E00")
    set_clock_axis(ax)
    # beside the bars, not on them: the busiest quarter-hours are what a trainer points at
    ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False)
    return ax


def _voting_close(day: Any) -> float:
    hours = getattr(getattr(day, "scenario", None), "hours", None)
    return float(getattr(hours, "voting_close", 360.0))


def plot_queues(
    day: Any, ax: Axes | None = None, lang: str = "id", bin_min: float | None = 5.0
) -> Axes:
    """Queue length per place through the day, as step lines (one line per place).

    Uses ``day.queues`` (``time_min``, ``place``, ``length``): each row is the length from that
    time until the next row of the same place. With ``bin_min`` (default 5) each line shows the
    longest queue in every ``bin_min`` minutes: a day has thousands of one-person changes, which
    drawn raw are a scribble on a projector; the peaks a trainer asks about stay. ``None``
    draws every change. Places whose queue is always empty are left out of the legend.
    """
    ax = _axes(ax)
    queues = _frame(day, "queues")
    title = t("plot_queues_title", lang)
    if bin_min:
        title += " (" + t("plot_queue_length_max", lang).format(n=f"{bin_min:g}") + ")"
    ax.set_title(title)
    ax.set_xlabel(t("time_of_day", lang))
    ax.set_ylabel(t("plot_queue_length", lang))
    if queues.empty:
        return _no_data(ax, lang)
    seen = list(dict.fromkeys(queues["place"].astype(str)))
    places = [p for p in PLACE_COLOURS if p in seen] + [p for p in seen if p not in PLACE_COLOURS]
    lowest, highest = float(queues["time_min"].min()), float(queues["time_min"].max())
    for i, place in enumerate(places):
        q = queues[queues["place"].astype(str) == place].sort_values("time_min", kind="stable")
        times, lengths = q["time_min"].to_numpy(float), q["length"].to_numpy(float)
        if not np.nanmax(lengths, initial=0) > 0:
            continue
        if bin_min:
            times, lengths = binned_max(times, lengths, bin_min, lowest, highest)
        ax.step(
            times,
            lengths,
            where="post",
            label=t(place, lang),
            linewidth=1.8,
            color=PLACE_COLOURS.get(place, _PALETTE[i % len(_PALETTE)]),
        )
    ax.set_ylim(bottom=0)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    set_clock_axis(ax)
    ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False)  # off the peaks
    return ax


def binned_max(
    times: np.ndarray, lengths: np.ndarray, bin_min: float, start: float, end: float
) -> tuple[np.ndarray, np.ndarray]:
    """The longest value of a step function in each ``bin_min`` bin from ``start`` to ``end``.

    ``lengths[k]`` holds from ``times[k]`` until ``times[k + 1]``; before the first change the
    queue is empty. Returns the bin edges and one value per bin plus the last repeated, ready
    for ``ax.step(..., where="post")``.
    """
    first = bin_min * math.floor(start / bin_min)
    last = bin_min * (math.floor(end / bin_min) + 1)  # the bin holding ``end`` is drawn too
    edges = np.arange(first, last + bin_min / 2, bin_min)
    # the value in force at each bin's start, then the changes inside the bin
    at_start = np.searchsorted(times, edges[:-1], side="right") - 1
    peaks = np.where(at_start >= 0, lengths[np.clip(at_start, 0, None)], 0.0)
    which = np.searchsorted(edges, times, side="right") - 1
    inside = (which >= 0) & (which < len(peaks))
    np.maximum.at(peaks, which[inside], lengths[inside])
    return edges, np.append(peaks, peaks[-1])


def plot_wait_by_hour(day: Any, ax: Axes | None = None, lang: str = "id") -> Axes:
    """Wait of the voters who voted, one box per hour of arrival (whiskers 5%-95%).

    Uses ``day.voters`` (``arrival_min``, ``wait_min``, ``outcome``); the box for 07:00 holds
    everyone who arrived 07:00-07:59 (those waiting before opening are in the 06:00 box).
    """
    ax = _axes(ax)
    voters = _frame(day, "voters")
    ax.set_title(t("plot_wait_title", lang))
    ax.set_xlabel(t("plot_arrival_hour", lang))
    ax.set_ylabel(t("plot_wait_min", lang))
    voted = voters
    if "outcome" in voters:
        voted = voters[voters["outcome"] == "voted"]
    voted = voted.dropna(subset=["wait_min"])
    if voted.empty:
        return _no_data(ax, lang)
    hour = np.floor(voted["arrival_min"].astype(float) / 60).astype(int)
    hours = sorted(hour.unique())
    data = [voted.loc[hour == h, "wait_min"].astype(float).to_numpy() for h in hours]
    positions = [60 * h + 30 for h in hours]
    ax.boxplot(
        data,
        positions=positions,
        widths=40,
        whis=(5, 95),
        showfliers=True,
        patch_artist=True,
        boxprops={"facecolor": "#56B4E9", "alpha": 0.7},
        medianprops={"color": "#000000"},
        flierprops={"markersize": 3},
    )
    ax.set_xlim(60 * hours[0], 60 * (hours[-1] + 1))
    ax.set_ylim(bottom=0)
    set_clock_axis(ax)
    return ax


def activity_kind(activity: str) -> tuple[str, str]:
    """Split ``"count DPR"`` into its kind and detail: ``("count", "DPR")``."""
    kind, _, detail = str(activity).partition(" ")
    return kind, detail


def plot_staff_timeline(day: Any, ax: Axes | None = None, lang: str = "id") -> Axes:
    """Gantt chart of what each KPPS member (and Linmas) does, with the midnight line.

    Uses ``day.timeline`` (``member``, ``start_min``, ``end_min``, ``activity``): one row per
    member (KPPS1 on top), one colour per kind of activity (``count DPR`` is the kind ``count``;
    the ballot type is written on bars wide enough to hold it), a legend of kinds.
    """
    ax = _axes(ax, (11, 5))
    tl = _frame(day, "timeline")
    ax.set_title(t("plot_staff_title", lang))
    ax.set_xlabel(t("time_of_day", lang))
    ax.set_ylabel(t("plot_member", lang))
    if tl.empty:
        return _no_data(ax, lang)
    members = sorted(dict.fromkeys(tl["member"].astype(str)), key=_member_order)
    split = tl["activity"].astype(str).map(activity_kind)
    kinds = split.map(lambda kd: kd[0])
    details = split.map(lambda kd: kd[1])
    order = list(dict.fromkeys(kinds))
    colours = {k: ACTIVITY_COLOURS.get(k, _PALETTE[i % len(_PALETTE)]) for i, k in enumerate(order)}
    low, high = float(tl["start_min"].min()), float(tl["end_min"].max())
    min_width = (high - low) / 40  # room for a short label at the default size
    for row, member in enumerate(members):
        mine = tl["member"].astype(str) == member
        for kind in order:
            part = tl[mine & (kinds == kind)]
            if part.empty:
                continue
            spans = list(
                zip(
                    part["start_min"].astype(float),
                    (part["end_min"] - part["start_min"]).astype(float),
                    strict=True,
                )
            )
            # time away (a break, a home visit) is drawn over work: an overlap must show
            away = kind in ("break", "home_visit")
            ax.broken_barh(
                spans,
                (row - 0.4, 0.8),
                facecolors=colours[kind],
                zorder=3 if away else 2,
                hatch="xx" if away else None,
                edgecolor="#777777" if away else None,
                linewidth=0.0,
            )
        spans = tl.loc[mine, ["start_min", "end_min"]].to_numpy()
        _label_bars(ax, row, zip(spans, kinds[mine], details[mine], strict=True), min_width)
    handles = [
        _patch(
            colours[k], t(_activity_label(k), lang), "xx" if k in ("break", "home_visit") else None
        )
        for k in order
    ]
    ax.set_yticks(range(len(members)), members)
    ax.set_ylim(len(members) - 0.5, -0.5)
    ax.set_xlim(low - 10, high + 10)
    if low <= MIDNIGHT_MIN <= high + 10:
        _vline(ax, MIDNIGHT_MIN, "midnight", lang, "#000000", ":")
        handles.append(ax.get_lines()[-1])
    if high >= LEGAL_DEADLINE_MIN - 60:
        _vline(ax, LEGAL_DEADLINE_MIN, "deadline", lang, "#D55E00")
        handles.append(ax.get_lines()[-1])
    set_clock_axis(ax)
    ax.legend(
        handles=handles,
        loc="upper left",
        bbox_to_anchor=(1.0, 1.0),
        frameon=False,
        fontsize="small",
    )
    return ax


def _label_bars(ax: Axes, row: int, bars: Any, min_width: float) -> None:
    """Write the ballot type on the bars of one member wide enough to hold it."""
    for (start, end), kind, detail in bars:
        # label the counts; paperwork bars only when wide (they sit between the counts)
        if detail and end - start >= min_width * (1 if kind == "count" else 2.5):
            ax.text(
                (start + end) / 2,
                row,
                _SHORT_TYPES.get(detail, detail),
                ha="center",
                va="center",
                fontsize="x-small",
                clip_on=True,
            )


def _activity_label(kind: str) -> str:
    key = f"activity_{kind.lower().replace('.', '_')}"
    return key if key in LABELS else kind


def _member_order(member: str) -> tuple[int, int, str]:
    digits = "".join(ch for ch in member if ch.isdigit())
    group = 0 if member.upper().startswith("KPPS") else 1
    return group, int(digits) if digits else 0, member


def _patch(colour: str, label: str, hatch: str | None = None):
    return Patch(facecolor=colour, label=label, hatch=hatch, edgecolor="#777777" if hatch else None)


def plot_counting(day: Any, ax: Axes | None = None, lang: str = "id") -> Axes:
    """One bar per ballot type (and panel) from the start to the end of its count.

    Uses ``day.counting`` (``ballot_type``, ``panel``, ``start_min``, ``end_min``,
    ``recounts``); a type that needed recounts is hatched and labelled with their number.
    """
    ax = _axes(ax)
    counting = _frame(day, "counting")
    ax.set_title(t("plot_counting_title", lang))
    ax.set_xlabel(t("time_of_day", lang))
    if counting.empty:
        return _no_data(ax, lang)
    rows = counting.sort_values("start_min", kind="stable").reset_index(drop=True)
    panel_names = list(dict.fromkeys(rows["panel"].astype(str))) if "panel" in rows else [""]
    panels = len(panel_names)
    labels = []
    for i, r in rows.iterrows():
        recounts = int(r.get("recounts", 0) or 0)
        colour = (
            _PALETTE[panel_names.index(str(r["panel"])) % len(_PALETTE)]
            if panels > 1
            else "#009E73"
        )
        ax.barh(
            i,
            r["end_min"] - r["start_min"],
            left=r["start_min"],
            height=0.6,
            color=colour,
            hatch="//" if recounts else None,
            edgecolor="#333333",
        )
        if recounts:
            ax.text(
                r["end_min"] + 3,
                i,
                f"{recounts}x {t('plot_recount', lang)}",
                va="center",
                fontsize="small",
            )
        label = t(str(r["ballot_type"]), lang)
        if panels > 1:
            label += f" ({r['panel']})"
        labels.append(label)
    ax.set_yticks(range(len(rows)), labels)
    ax.set_ylim(len(rows) - 0.5, -0.5)
    low, high = float(rows["start_min"].min()), float(rows["end_min"].max())
    pad = max(15.0, 0.15 * (high - low))
    ax.set_xlim(low - 10, high + pad)
    if low <= MIDNIGHT_MIN <= high + pad:
        _vline(ax, MIDNIGHT_MIN, "midnight", lang, "#000000", ":")
        ax.legend(loc="lower left", frameon=False)  # counts run top-left to bottom-right
    set_clock_axis(ax)
    return ax


# --------------------------------------------------------------------------- replications


def plot_work_end_distribution(reps: Any, ax: Axes | None = None, lang: str = "id") -> Axes:
    """Histogram of ``work_end_min`` over replications with the midnight and deadline lines.

    ``reps`` is the frame from :func:`simkit.replicate` (or anything with a ``work_end_min``
    column); the deadline is 12:00 the next day (MK 20/PUU-XVII/2019, DOMAIN.md §1.1).
    """
    ax = _axes(ax)
    frame = reps if isinstance(reps, pd.DataFrame) else pd.DataFrame(reps)
    ax.set_title(t("plot_work_end_title", lang))
    ax.set_xlabel(t("time_of_day", lang))
    ax.set_ylabel(t("plot_replications", lang))
    values = pd.to_numeric(frame.get("work_end_min"), errors="coerce").dropna()
    if values.empty:
        return _no_data(ax, lang)
    low, high = float(values.min()), float(values.max())
    width = max(5.0, 5 * math.ceil((high - low) / 25 / 5)) if high > low else 10.0
    edges = np.arange(5 * math.floor(low / 5), high + width, width)
    if len(edges) < 2:
        edges = np.array([low - 5, low + 5])
    ax.hist(values, bins=edges, color="#0072B2", edgecolor="white")
    _vline(ax, MIDNIGHT_MIN, "midnight", lang, "#000000", ":")
    _vline(ax, LEGAL_DEADLINE_MIN, "deadline", lang, "#D55E00")
    ax.set_xlim(min(low, MIDNIGHT_MIN) - 60, max(high, LEGAL_DEADLINE_MIN) + 60)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    set_clock_axis(ax)
    ax.legend(loc="best", frameon=True, framealpha=0.9)
    return ax
