"""Plain records the processes append to; :mod:`simkit.records` turns them into frames."""

from __future__ import annotations


class DayLog:
    """Everything one TPS day writes down: events, queue lengths, staff activity, counting rows.

    ``detailed=False`` keeps only what the summary needs (the fast path for regions and many
    replications): no event log, no queue trace, no staff timeline.
    """

    __slots__ = ("detailed", "events", "queues", "timeline", "counting", "counters")

    def __init__(self, detailed: bool = True):
        self.detailed = detailed
        self.events: list[tuple] = []  # (time_min, kind, actor, place, detail)
        self.queues: list[tuple] = []  # (time_min, place, length)
        self.timeline: list[tuple] = []  # (member, start_min, end_min, activity, place)
        self.counting: list[dict] = []
        self.counters: dict[str, int] = {
            "ballots_spoiled": 0,
            "spoil_refused": 0,
            "wrong_box": 0,
            "dptb_extra_ballots": 0,
            "ineligible_admitted": 0,
            "psu_risk_events": 0,
            "recounts": 0,
            "objections": 0,
            "sirekap_failures": 0,
            "copier_failures": 0,
            "dpk_no_ballots": 0,
        }

    def event(self, time_min: float, kind: str, actor: str = "", place: str = "", detail: str = ""):
        """Write one line of the event log (kept only in detailed mode)."""
        if self.detailed:
            self.events.append((time_min, kind, actor, place, detail))

    def activity(self, member: str, start: float, end: float, activity: str, place: str):
        """Write a stretch of a member's day (kept only in detailed mode)."""
        if self.detailed and end > start:
            self.timeline.append((member, start, end, activity, place))

    def count(self, name: str, n: int = 1):
        """Add to one of the day's counters."""
        self.counters[name] = self.counters.get(name, 0) + n
