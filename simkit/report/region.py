"""The text report of a region run: totals and one line per area, in Bahasa Indonesia or English."""

from __future__ import annotations

from simkit.i18n import t
from simkit.region.store import RegionResult
from simkit.report.format import clock, number

__all__ = ["format_region_report"]


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
