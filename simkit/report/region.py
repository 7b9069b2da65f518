"""The text report of a region run: totals and one line per area, in Bahasa Indonesia or English."""

from __future__ import annotations

import math
import sys
import time
from collections.abc import Callable
from typing import TextIO

from simkit.i18n import t
from simkit.region.store import RegionResult
from simkit.report.format import clock, number

__all__ = [
    "PROGRESS_EVERY_S",
    "PROGRESS_QUIET_S",
    "PROGRESS_STEP",
    "ProgressLines",
    "format_region_report",
]

# Progress when stderr is not a terminal (a log file, a CI job, nohup): plain lines, no bar.
PROGRESS_QUIET_S = 30.0  # a run done within this many seconds prints no progress line at all
PROGRESS_EVERY_S = 60.0  # after that, a line at least this often (when a batch arrives) ...
PROGRESS_STEP = 0.10  # ... and one each time another 10% of the TPS-days is done


def _count(value: float, lang: str) -> str:
    """A count of TPS or hours: whole numbers as such, means per replication with one decimal."""
    return number(value, lang, 0 if float(value).is_integer() else 1, grouping=True)


def format_region_report(result: RegionResult, lang: str = "id") -> str:
    """Totals and per-area lines with clock times, for the CLI and notebooks.

    With several replications, TPS counts are means per replication and the riskiest TPS is
    the one with the latest mean work end.
    """
    tot = result.total
    reps = tot["reps"]
    per_rep = " " + t("region_report_per_replication", lang) if reps > 1 else ""
    riskiest = "region_report_riskiest_mean" if reps > 1 else "region_report_riskiest"
    lines = [
        t("region_report_head", lang).format(
            region=result.manifest["region"],
            tps=_count(tot["tps"], lang),
            dpt=_count(tot["dpt"], lang),
            reps=reps,
            scenario=result.manifest["scenario"],
        ),
        t("region_report_counting", lang).format(
            median=clock(tot["counting_end_median_min"]),
            p90=clock(tot["counting_end_p90_min"]),
            latest=clock(tot["counting_end_max_min"]),
        ),
        t("region_report_work", lang).format(
            median=clock(tot["work_end_median_min"]),
            p90=clock(tot["work_end_p90_min"]),
            latest=clock(tot["work_end_max_min"]),
        ),
        t("region_report_late", lang).format(
            counting=_count(tot["tps_counting_after_midnight"], lang),
            working=_count(tot["tps_work_after_midnight"], lang),
            past=_count(tot["tps_past_deadline"], lang),
        )
        + per_rep,
        t("region_report_hours", lang).format(hours=_count(round(tot["kpps_hours_total"]), lang)),
        t(riskiest, lang).format(tps=tot["riskiest_tps"], end=clock(tot["riskiest_work_end_min"])),
        t("region_report_per_area", lang),
    ]
    areas = [
        t("region_report_area", lang).format(
            area=row.area,
            tps=_count(row.tps, lang),
            median=clock(row.work_end_median_min),
            p90=clock(row.work_end_p90_min),
            late=_count(row.tps_work_after_midnight, lang),
            past=_count(row.tps_past_deadline, lang),
        )
        for row in result.areas.itertuples()
    ]
    return "\n".join([lines[0], *("  " + line for line in lines[1:]), *("  - " + a for a in areas)])


def _duration(seconds: float) -> str:
    """A duration as ``H:MM:SS`` (the same in both languages)."""
    whole = max(0, round(seconds))
    return f"{whole // 3600}:{whole // 60 % 60:02d}:{whole % 60:02d}"


class ProgressLines:
    """``progress(done, total)`` for :func:`simkit.region.run_region`: plain lines on a stream.

    For a log, not a terminal: no line in the first :data:`PROGRESS_QUIET_S` seconds (a short
    run stays silent), then one each :data:`PROGRESS_STEP` of the TPS-days and at least every
    :data:`PROGRESS_EVERY_S` seconds, and a last one at the end: done/total, the share, the time
    elapsed and an estimate of the time left (from the pace of this session, so a resumed run's
    saved batches do not make it look faster).
    """

    def __init__(
        self,
        name: str,
        lang: str = "id",
        stream: TextIO | None = None,
        clock: Callable[[], float] = time.monotonic,
    ):
        self.name = name
        self.lang = lang
        self.stream = stream
        self.clock = clock
        self.start: float | None = None
        self.first_done = 0
        self.last_line = 0.0
        self.last_step = -1
        self.lines = 0

    def __call__(self, done: int, total: int) -> None:
        """``done`` of ``total`` TPS-days are on disk: print a line when one is due."""
        now = self.clock()
        if self.start is None:
            self.start, self.first_done, self.last_line = now, done, now
            self.last_step = self._step(done, total)
            return
        elapsed = now - self.start
        step = self._step(done, total)
        due = (
            step > self.last_step
            or now - self.last_line >= PROGRESS_EVERY_S
            or (done >= total and self.lines > 0)
        )
        if elapsed < PROGRESS_QUIET_S or not due:
            return
        self.last_line, self.last_step = now, step
        self.lines += 1
        print(self.line(done, total, elapsed), file=self.stream or sys.stderr, flush=True)

    @staticmethod
    def _step(done: int, total: int) -> int:
        return math.floor(done / total / PROGRESS_STEP) if total else 0

    def line(self, done: int, total: int, elapsed: float) -> str:
        """One progress line in ``self.lang``."""
        pace = (done - self.first_done) / elapsed if elapsed > 0 else 0.0
        eta = _duration((total - done) / pace) if pace > 0 else "?"
        pct = 100.0 * done / total if total else 100.0
        return t("sec_region_progress", self.lang).format(
            name=self.name,
            done=number(done, self.lang, 0, grouping=True),
            total=number(total, self.lang, 0, grouping=True),
            pct=number(pct, self.lang, 0 if pct in (0.0, 100.0) else 1),
            elapsed=_duration(elapsed),
            eta=eta,
        )
