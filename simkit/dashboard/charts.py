"""Charts as PNG bytes, drawn by :mod:`simkit.plots` on a projector-sized figure.

Uses a bare :class:`matplotlib.figure.Figure` with the Agg canvas, so nothing depends on the
notebook's matplotlib backend and no window ever opens.
"""

from __future__ import annotations

import io

import matplotlib
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from simkit import plots

__all__ = ["CHARTS", "render_chart"]

# chart id -> (label key, simkit.plots function name, what it takes: "day" or "table")
CHARTS = {
    "queues": ("dash_chart_queues", "plot_queues", "day"),
    "wait": ("dash_chart_wait", "plot_wait_by_hour", "day"),
    "staff": ("dash_chart_staff", "plot_staff_timeline", "day"),
    "counting": ("dash_chart_counting", "plot_counting", "day"),
    "work_end": ("dash_chart_work_end", "plot_work_end_distribution", "table"),
}

_RC = {
    "font.size": 15,
    "axes.titlesize": 18,
    "axes.labelsize": 15,
    "xtick.labelsize": 13,
    "ytick.labelsize": 13,
    "legend.fontsize": 12,
    "figure.dpi": 100,
}
# half an A4 width on paper: smaller type, or the hour labels run into each other
PRINT_RC = {
    "font.size": 10,
    "axes.titlesize": 11,
    "axes.labelsize": 10,
    "xtick.labelsize": 8,
    "ytick.labelsize": 9,
    "legend.fontsize": 8,
    "figure.dpi": 100,
}


def render_chart(
    chart: str, result, lang: str = "id", size=(11.0, 4.8), dpi: int = 100, rc: dict | None = None
) -> bytes:
    """Draw chart ``chart`` (a key of :data:`CHARTS`) for a :class:`RunResult`; PNG bytes.

    ``rc`` replaces the projector type sizes (:data:`PRINT_RC` for half an A4 page).
    """
    _label, func_name, takes = CHARTS[chart]
    func = getattr(plots, func_name)
    data = result.day if takes == "day" else result.table
    with matplotlib.rc_context(_RC if rc is None else rc):
        fig = Figure(figsize=size, dpi=dpi)
        FigureCanvasAgg(fig)
        ax = fig.add_subplot(1, 1, 1)
        func(data, ax=ax, lang=lang)
        fig.tight_layout()
        buf = io.BytesIO()
        fig.savefig(buf, format="png", dpi=dpi)
    return buf.getvalue()
