"""A desk with a few servers and a waiting line, cheaper than ``simpy.PriorityResource``.

A SimPy resource schedules an event for every request and every release, even when nobody
waits. At a TPS most requests find a free server, so :class:`Desk` takes a free server at once
(no event) and only a voter who must wait yields an event, which the releasing voter triggers
directly. Waiting is in order of priority, then arrival (like ``PriorityResource``).
"""

from __future__ import annotations

import heapq

import simpy


class Desk:
    """``capacity`` servers and a priority line of waiting processes."""

    __slots__ = ("env", "capacity", "in_use", "waiting", "_seq")

    def __init__(self, env: simpy.Environment, capacity: int):
        self.env = env
        self.capacity = capacity
        self.in_use = 0
        self.waiting: list = []  # heap of (priority, order, event)
        self._seq = 0

    def __len__(self) -> int:
        """How many wait in line."""
        return len(self.waiting)

    def acquire(self, priority: int = 0) -> simpy.Event | None:
        """Take a server: ``None`` if one was free (taken now), else an event to wait for."""
        if self.in_use < self.capacity and not self.waiting:
            self.in_use += 1
            return None
        event = self.env.event()
        self._seq += 1
        heapq.heappush(self.waiting, (priority, self._seq, event))
        return event

    def release(self, value=None) -> None:
        """Free a server; it passes straight to the first in line (with ``value``, e.g. a booth)."""
        if self.waiting:
            _, _, event = heapq.heappop(self.waiting)
            event.succeed(value)
        else:
            self.in_use -= 1
