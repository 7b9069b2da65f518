"""The TPS floor plan as SVG frames: voters as dots moving through the station (DOMAIN.md §1.4).

Voting layout (§1.4 voter flow): queue outside, meja A (KPPS 4), 25 waiting seats, the ketua's
table, the booths (``tps.booths``), the ballot boxes (one per ballot type, colour-coded), the ink
and the exit. After the last voter has left the counting layout takes over: the table, the KPPS,
the saksi, and the plano board filling ballot type by ballot type (§1.6), then the paperwork.

Everything here is plain string building from the result frames, so a frame costs about a
millisecond and the dashboard can redraw it live from an ``ipywidgets.Play`` at 10+ frames/s.
"""

from __future__ import annotations

import html

import numpy as np
import pandas as pd

from simkit.i18n import t
from simkit.scenario import min_to_clock

__all__ = ["Floorplan", "BALLOT_COLOURS"]

# colour code of the ballots and their boxes (§1.4)
BALLOT_COLOURS = {
    "PPWP": "#9e9e9e",
    "DPR": "#f9c80e",
    "DPD": "#e53935",
    "DPRD_PROV": "#1e6fd9",
    "DPRD_KABKOTA": "#2e9e48",
}
CATEGORY_COLOURS = {"DPT": "#1565c0", "DPTb": "#ef6c00", "DPK": "#8e24aa"}
W, H = 1000, 600
ROOM = (140, 80, 985, 590)  # x0, y0, x1, y1
OUTSIDE_MAX = 4 * 24  # dots drawn in the line outside (4 abreast, 24 rows)
SEATS_MAX = 25 + 40  # 25 seats (§1.4) and 4 rows of 10 standing

# where KPPS members stand during voting when the result has no timeline (§2, standard split)
_STANDARD_POST = {
    "KPPS1": "ketua_table",
    "KPPS2": "ketua_table",
    "KPPS3": "ketua_table",
    "KPPS4": "entrance",
    "KPPS5": "entrance",
    "KPPS6": "boxes",
    "KPPS7": "ink",
}


def _col(frame: pd.DataFrame, name: str, default=np.nan) -> np.ndarray:
    if name in frame:
        return pd.to_numeric(frame[name], errors="coerce").to_numpy(dtype=float)
    return np.full(len(frame), default, dtype=float)


def _seat_slots(enter: np.ndarray, leave: np.ndarray) -> np.ndarray:
    """Give each voter the lowest free seat when they sit down (-1 if they never sit)."""
    slots = np.full(len(enter), -1, dtype=int)
    order = np.argsort(enter, kind="stable")
    taken: list[tuple[float, int]] = []  # (leave time, slot)
    free: set[int] = set()
    next_slot = 0
    for i in order:
        if not np.isfinite(enter[i]) or not leave[i] > enter[i]:
            continue
        still = []
        for end, slot in taken:
            if end <= enter[i]:
                free.add(slot)
            else:
                still.append((end, slot))
        taken = still
        if free:
            slot = min(free)
            free.remove(slot)
        else:
            slot, next_slot = next_slot, next_slot + 1
        slots[i] = slot
        taken.append((leave[i], slot))
    return slots


class Floorplan:
    """SVG frames of one simulated day; ``frame(t_min, lang)`` draws the TPS at model minute t."""

    def __init__(self, day, scenario):
        self.scenario = scenario
        voters = day.voters.sort_values("arrival_min", kind="stable").reset_index(drop=True)
        self.n = len(voters)
        inf = np.inf
        self.arr = np.nan_to_num(_col(voters, "arrival_min"), nan=inf)
        self.exit = np.nan_to_num(_col(voters, "exit_min"), nan=inf)
        self.es = np.fmin(np.nan_to_num(_col(voters, "entrance_start_min"), nan=inf), self.exit)
        self.ee = np.fmin(np.nan_to_num(_col(voters, "entrance_end_min"), nan=inf), self.exit)
        self.ee = np.fmax(self.ee, self.es)
        self.call = np.fmin(np.nan_to_num(_col(voters, "called_min"), nan=inf), self.exit)
        self.bs = np.fmin(np.nan_to_num(_col(voters, "booth_start_min"), nan=inf), self.exit)
        self.be = np.fmin(np.nan_to_num(_col(voters, "booth_end_min"), nan=inf), self.exit)
        # booths are numbered from 1; 0 means the voter never reached a booth
        booth = np.nan_to_num(_col(voters, "booth_id", default=0.0), nan=0.0).astype(int) - 1
        self.booths = max(int(scenario.tps.booths), int(booth.max()) + 1 if len(booth) else 1)
        self.booth = np.clip(booth, 0, self.booths - 1)
        self.ink = np.fmin(np.fmax(self._ink_times(day, voters), self.be), self.exit)
        self.timeline = self._timeline(getattr(day, "timeline", None))
        cats = (
            voters["category"].astype(str) if "category" in voters else pd.Series(["DPT"] * self.n)
        )
        self.colour = np.array([CATEGORY_COLOURS.get(c, "#455a64") for c in cats])
        assisted = voters["assisted"].fillna(False).astype(bool) if "assisted" in voters else None
        self.assisted = assisted.to_numpy() if assisted is not None else np.zeros(self.n, bool)
        voted = voters["outcome"].astype(str).to_numpy() == "voted" if "outcome" in voters else None
        self.voted = voted if voted is not None else np.isfinite(self.bs)
        seat_leave = np.fmin(self.call, self.exit)
        self.seat = _seat_slots(np.where(seat_leave > self.ee, self.ee, np.inf), seat_leave)
        self.types = list(scenario.tps.ballot_types)
        self.kpps = int(scenario.staff.kpps)
        self.saksi = int(getattr(scenario.counting, "saksi", 0))
        self.linmas = int(getattr(scenario.staff, "linmas", 0))
        self.voting_close = float(scenario.hours.voting_close)
        s = day.summary
        self.last_exit = float(s.get("last_voter_exit_min", self.voting_close) or self.voting_close)
        self.counting_end = float(s.get("counting_end_min", self.last_exit + 300))
        self.work_end = float(s.get("work_end_min", self.counting_end + 60))
        self.count_rows = self._count_rows(getattr(day, "counting", None))
        self.start_min = float(min(-60.0, np.nanmin(self.arr) if self.n else -60.0))
        self.end_min = float(np.ceil(max(self.work_end, self.last_exit) + 15))
        self._static_voting: dict[str, str] = {}

    # ------------------------------------------------------------------ data

    def _count_rows(self, counting) -> list[tuple[str, str, float, float]]:
        """(ballot type, panel, start, end) in counting order."""
        rows = []
        if counting is not None and len(counting):
            grouped = counting.groupby("ballot_type", sort=False).agg(
                start=("start_min", "min"),
                end=("end_min", "max"),
                panel=("panel", "first") if "panel" in counting else ("start_min", "size"),
            )
            for bt in self.types:
                if bt in grouped.index:
                    r = grouped.loc[bt]
                    rows.append((bt, str(r["panel"]), float(r["start"]), float(r["end"])))
        return rows

    def _ink_times(self, day, voters: pd.DataFrame) -> np.ndarray:
        """When each voter reached the ink (from the event log); else 2/3 of the way out."""
        fallback = self.be + (self.exit - self.be) * 0.65
        events = getattr(day, "events", None)
        if events is None or not len(events) or "voter_id" not in voters:
            return fallback
        ink = events[events["kind"] == "ink"]
        by_actor = dict(zip(ink["actor"].astype(str), ink["time_min"].astype(float), strict=True))
        times = np.array([by_actor.get(f"V{v}", np.nan) for v in voters["voter_id"]], dtype=float)
        return np.where(np.isfinite(times), times, fallback)

    def _timeline(self, timeline) -> dict[str, tuple[np.ndarray, np.ndarray, list[str]]]:
        """Per KPPS member: start and end arrays and the place, for placing their dot."""
        out: dict[str, tuple[np.ndarray, np.ndarray, list[str]]] = {}
        if timeline is None or not len(timeline):
            return out
        for member, rows in timeline.groupby("member", sort=False):
            rows = rows.sort_values("start_min")
            out[str(member)] = (
                rows["start_min"].to_numpy(float),
                rows["end_min"].to_numpy(float),
                rows["place"].astype(str).tolist(),
            )
        return out

    def place_of(self, member: str, t_min: float) -> str | None:
        """Where ``member`` is at ``t_min`` according to the KPPS timeline (None: unknown)."""
        if member not in self.timeline:
            return None
        starts, ends, places = self.timeline[member]
        idx = np.flatnonzero((starts <= t_min) & (t_min < ends))
        return places[idx[-1]] if len(idx) else None

    def counts_at(self, t_min: float) -> dict[str, int]:
        """How many people are outside, inside, and have voted at minute ``t_min``."""
        outside = int(np.sum((self.arr <= t_min) & (t_min < self.es)))
        inside = int(np.sum((self.es <= t_min) & (t_min < self.exit)))
        voted = int(np.sum(self.voted & (self.be <= t_min)))
        return {"outside": outside, "inside": inside, "voted": voted}

    def phase(self, t_min: float) -> str:
        """before, voting, counting, paperwork or done."""
        if t_min < 0:
            return "before"
        if t_min < max(self.voting_close, self.last_exit):
            return "voting"
        if t_min < self.counting_end:
            return "counting"
        if t_min < self.work_end:
            return "paperwork"
        return "done"

    def strip_html(self, lang: str = "id") -> str:
        """A band under the time slider: the day's phases in colour, with clock hours marked."""
        span = max(self.end_min - self.start_min, 1.0)

        def pct(t_min: float) -> float:
            return 100.0 * (min(max(t_min, self.start_min), self.end_min) - self.start_min) / span

        bounds = [
            ("before", self.start_min, 0.0, "#bdbdbd"),
            ("voting", 0.0, max(self.voting_close, self.last_exit), "#43a047"),
            ("counting", max(self.voting_close, self.last_exit), self.counting_end, "#1e6fd9"),
            ("paperwork", self.counting_end, self.work_end, "#8d6e63"),
        ]
        parts = []
        for phase, start, end, colour in bounds:
            left, right = pct(start), pct(end)
            if right > left:
                title = html.escape(t(f"dash_phase_{phase}", lang))
                parts.append(
                    f'<div title="{title}" style="position:absolute;left:{left:.2f}%;'
                    f'width:{right - left:.2f}%;top:0;height:8px;background:{colour}"></div>'
                )
        first = int(np.ceil((self.start_min + 60) / 120.0)) * 120 - 60  # even clock hours
        for mark in range(first, int(self.end_min) + 1, 120):
            if not 3.0 <= pct(mark) <= 96.0:  # a label at the very edge would be cut in half
                continue
            parts.append(
                f'<div style="position:absolute;left:{pct(mark):.2f}%;top:10px;'
                f'transform:translateX(-50%);font-size:14px;color:#5f6368">'
                f"{min_to_clock(mark).split(' ')[0]}</div>"
            )
        return f'<div class="sk-strip" style="position:relative;height:30px">{"".join(parts)}</div>'

    # ------------------------------------------------------------------ drawing

    def frame(self, t_min: float, lang: str = "id") -> str:
        """Draw the whole SVG (a string) for model minute ``t_min``."""
        phase = self.phase(t_min)
        body = (
            self._voting(t_min, lang)
            if phase in ("before", "voting")
            else self._counting(t_min, lang)
        )
        return (
            f'<svg class="sk-floor-svg" viewBox="0 0 {W} {H}" xmlns="http://www.w3.org/2000/svg" '
            f'font-family="DejaVu Sans, Arial, sans-serif">'
            f'<rect width="{W}" height="{H}" fill="#f7f4ec"/>'
            f"{self._header(t_min, phase, lang)}{body}</svg>"
        )

    def _header(self, t_min: float, phase: str, lang: str) -> str:
        clock = min_to_clock(t_min)
        label = t(f"dash_phase_{phase}", lang)
        c = self.counts_at(t_min)
        stats = (
            f"{t('dash_queue_outside', lang)}: {c['outside']} · {t('dash_in_tps', lang)}: "
            f"{c['inside']} · {t('dash_voted_so_far', lang)}: {c['voted']}"
        )
        hhmm, _sep, day = clock.partition(" ")
        day_mark = f'<tspan font-size="22" fill="#5f6368"> {day}</tspan>' if day else ""
        return (
            f'<text class="sk-clock" x="14" y="54" font-size="48" font-weight="700" '
            f'fill="#1b1b1b">{hhmm}{day_mark}</text>'
            f'<text x="250" y="32" font-size="22" font-weight="700" '
            f'fill="#b71c1c">{html.escape(label)}</text>'
            f'<text x="250" y="60" font-size="18" fill="#333">{html.escape(stats)}</text>'
        )

    def _room(self) -> str:
        x0, y0, x1, y1 = ROOM
        return (
            f'<rect x="{x0}" y="{y0}" width="{x1 - x0}" height="{y1 - y0}" rx="6" fill="#fffdf7" '
            f'stroke="#6d4c41" stroke-width="4"/>'
        )

    def _static(self, lang: str) -> str:
        if lang in self._static_voting:
            return self._static_voting[lang]
        out = [self._room()]
        x0, y0, x1, y1 = ROOM
        # doors: entrance on the left wall, exit on the right wall
        out.append(f'<rect x="{x0 - 4}" y="515" width="10" height="50" fill="#43a047"/>')
        out.append(f'<rect x="{x1 - 6}" y="515" width="10" height="50" fill="#e53935"/>')
        out.append(_label(x0 + 10, 582, t("dash_entry", lang), 14, anchor="start"))
        out.append(_label(x1 - 10, 582, t("exit", lang), 14, anchor="end"))
        # meja A
        out.append('<rect x="170" y="440" width="110" height="40" rx="4" fill="#8d6e63"/>')
        out.append(_label(225, 466, "Meja A", 16, fill="#fff", weight=700))
        # waiting seats: 25 (§1.4)
        for s in range(25):
            sx, sy = _seat_xy(s)
            out.append(
                f'<rect x="{sx - 11}" y="{sy - 11}" width="22" height="22" rx="3" fill="#d7ccc8"/>'
            )
        out.append(_label(398, 557, t("seats", lang), 16))
        # ketua's table
        out.append('<rect x="585" y="300" width="170" height="44" rx="4" fill="#8d6e63"/>')
        out.append(_label(670, 327, t("ketua_table", lang), 15, fill="#fff", weight=700))
        # booths along the top wall, facing the ketua (§1.4)
        for b in range(self.booths):
            bx, by, bw = booth_box(b, self.booths)
            out.append(
                f'<rect x="{bx}" y="{by}" width="{bw}" height="74" rx="3" fill="#eceff1" '
                f'stroke="#455a64" stroke-width="2"/>'
            )
            out.append(_label(bx + bw / 2, by + 92, t("dash_booth_n", lang).format(n=b + 1), 14))
        # ballot boxes, colour-coded (§1.4)
        for i, bt in enumerate(self.types):
            bx = 735 + i * 46
            out.append(
                f'<rect x="{bx}" y="390" width="38" height="38" rx="3" '
                f'fill="{BALLOT_COLOURS.get(bt, "#999")}" stroke="#333"/>'
            )
        out.append(_label(735 + 23 * len(self.types), 448, t("boxes", lang), 15))
        # ink at the exit
        out.append('<rect x="880" y="505" width="70" height="30" rx="4" fill="#5e35b1"/>')
        out.append(_label(915, 526, t("ink", lang), 15, fill="#fff", weight=700))
        # saksi and Pengawas TPS watch from the side
        for k in range(min(self.saksi, 10)):
            out.append(f'<rect x="{560 + 16 * k}" y="560" width="12" height="12" fill="#90a4ae"/>')
        if self.saksi:
            out.append(_label(560, 552, t("dash_saksi_seats", lang), 13, anchor="start"))
        # outside
        out.append(_label(68, 100, t("dash_queue_outside", lang), 15))
        self._static_voting[lang] = "".join(out)
        return self._static_voting[lang]

    def _kpps_dots(self, where: dict[str, tuple[float, float]]) -> str:
        out = []
        for i in range(self.kpps):
            member = f"KPPS{i + 1}"
            x, y = where[member]
            out.append(
                f'<circle cx="{x:.0f}" cy="{y:.0f}" r="13" fill="#b71c1c" stroke="#fff" '
                f'stroke-width="2"/>'
                f'<text x="{x:.0f}" y="{y + 5:.0f}" font-size="14" font-weight="700" fill="#fff" '
                f'text-anchor="middle">{i + 1}</text>'
            )
        return "".join(out)

    def _voting(self, t_min: float, lang: str) -> str:
        t0 = t_min
        out = [self._static(lang)]
        posts = {
            "entrance": [(195, 425), (255, 425)],
            "ketua_table": [(615, 285), (670, 285), (725, 285)],
            "boxes": [(850, 372)],
            "ink": [(915, 490)],
        }
        posts["rest"] = [(175 + 28 * k, 150) for k in range(7)]
        where = {}
        used = {k: 0 for k in posts}
        for i in range(self.kpps):
            member = f"KPPS{i + 1}"
            post = self.place_of(member, t0) if self.timeline else _STANDARD_POST[member]
            if post not in posts:
                post = "rest" if self.timeline else _STANDARD_POST[member]
            spots = posts[post]
            where[member] = spots[min(used[post], len(spots) - 1)]
            if used[post] >= len(spots):  # more staff than drawn spots: step aside
                x, y = where[member]
                where[member] = (x + 22 * (used[post] - len(spots) + 1), y - 20)
            used[post] += 1
        out.append(self._kpps_dots(where))
        out.append(self._linmas(lang))

        xs = np.full(self.n, np.nan)
        ys = np.full(self.n, np.nan)
        outside = (self.arr <= t0) & (t0 < self.es)
        k = np.cumsum(outside) - 1
        drawn = outside & (k < OUTSIDE_MAX)  # the rest are counted in the label
        xs[drawn] = 30 + (k[drawn] % 4) * 24
        ys[drawn] = 570 - (k[drawn] // 4) * 18
        extra_outside = int(outside.sum()) - OUTSIDE_MAX
        if extra_outside > 0:
            out.append(_label(68, 125, f"+{extra_outside}", 18, fill="#b71c1c", weight=700))
        desk = (self.es <= t0) & (t0 < self.ee)
        k = np.cumsum(desk) - 1
        xs[desk] = 200 + k[desk] * 26
        ys[desk] = 505
        waiting = (self.ee <= t0) & (t0 < self.call) & (self.seat >= 0)
        seated = waiting & (self.seat < SEATS_MAX)
        extra_waiting = int(waiting.sum() - seated.sum())
        if extra_waiting > 0:
            out.append(_label(530, 262, f"+{extra_waiting}", 18, fill="#b71c1c", weight=700))
        if seated.any():
            sx, sy = zip(*(_seat_xy(s) for s in self.seat[seated]), strict=True)
            xs[seated], ys[seated] = sx, sy
        ketua = (self.call <= t0) & (t0 < self.bs)
        k = np.cumsum(ketua) - 1
        xs[ketua] = 600 + (k[ketua] % 6) * 26
        ys[ketua] = 362 + (k[ketua] // 6) * 22
        in_booth = (self.bs <= t0) & (t0 < self.be)
        if in_booth.any():
            for i in np.flatnonzero(in_booth):
                bx, by, bw = booth_box(int(self.booth[i]), self.booths)
                xs[i], ys[i] = bx + bw / 2, by + 40
        after = (self.be <= t0) & (t0 < self.exit)
        if after.any():
            at_box = after & (t0 < self.ink)
            at_ink = after & (t0 >= self.ink)
            k = np.cumsum(at_box) - 1
            xs[at_box] = 760 + (k[at_box] % 5) * 40
            ys[at_box] = 462
            k = np.cumsum(at_ink) - 1
            xs[at_ink] = 900 + (k[at_ink] % 3) * 26
            ys[at_ink] = 560
        shown = np.isfinite(xs)
        for i in np.flatnonzero(shown):
            stroke = ' stroke="#000" stroke-width="3"' if self.assisted[i] else ""
            out.append(
                f'<circle class="sk-v" cx="{xs[i]:.0f}" cy="{ys[i]:.0f}" r="8" '
                f'fill="{self.colour[i]}"'
                f"{stroke}/>"
            )
        out.append(self._legend(lang))
        return "".join(out)

    def _legend(self, lang: str) -> str:
        out = []
        for i, (cat, colour) in enumerate(CATEGORY_COLOURS.items()):
            x = 160 + i * 95
            out.append(f'<circle cx="{x}" cy="102" r="8" fill="{colour}"/>')
            out.append(_label(x + 14, 108, cat, 16, anchor="start"))
        x = 160 + 3 * 95
        out.append(f'<circle cx="{x}" cy="102" r="8" fill="#fff" stroke="#000" stroke-width="3"/>')
        out.append(_label(x + 14, 108, t("dash_assisted", lang), 16, anchor="start"))
        return "".join(out)

    def _linmas(self, lang: str) -> str:
        """Linmas (petugas ketertiban) keep order at the entrance (§2)."""
        out = []
        spots = [(160, 500), (160, 540), (184, 540), (184, 500)]  # inside, by the door
        for x, y in spots[: self.linmas]:
            out.append(
                f'<rect x="{x - 9}" y="{y - 9}" width="18" height="18" rx="3" '
                f'fill="#2e7d32" stroke="#fff" stroke-width="2"/>'
            )
        if self.linmas:
            out.append(_label(196, 566, "Linmas", 13, anchor="start"))
        return "".join(out)

    def _counting(self, t_min: float, lang: str) -> str:
        out = [self._room()]
        # the counting table with the opened boxes, KPPS around it, saksi watching (§1.6)
        out.append('<rect x="190" y="250" width="320" height="140" rx="8" fill="#8d6e63"/>')
        for i, bt in enumerate(self.types):
            out.append(
                f'<rect x="{215 + i * 58}" y="270" width="44" height="40" rx="3" '
                f'fill="{BALLOT_COLOURS.get(bt, "#999")}" stroke="#333"/>'
            )
        out.append(_label(350, 372, t("counting", lang), 18, fill="#fff", weight=700))
        seats = [(215 + k * 70, 230) for k in range(5)] + [(180, 320), (525, 320)]
        where = {f"KPPS{i + 1}": seats[i] for i in range(7)}
        out.append(self._kpps_dots(where))
        for k in range(self.saksi):
            x = 190 + (k % 10) * 32
            y = 450 + (k // 10) * 34
            out.append(f'<circle cx="{x}" cy="{y}" r="10" fill="#78909c"/>')
        if self.saksi:
            out.append(_label(190, 432, t("dash_saksi_seats", lang), 15, anchor="start"))
        # the plano board: one bar per ballot type, filling as the count goes
        bx, by = 560, 100
        out.append(
            f'<rect x="{bx}" y="{by}" width="410" height="470" rx="6" fill="#ffffff" '
            f'stroke="#455a64" stroke-width="2"/>'
        )
        out.append(_label(bx + 205, by + 32, "C.Hasil (plano)", 20, weight=700))
        for i, (bt, panel, start, end) in enumerate(self.count_rows):
            y = by + 60 + i * 72
            frac = float(np.clip((t_min - start) / max(end - start, 1e-9), 0.0, 1.0))
            colour = BALLOT_COLOURS.get(bt, "#999")
            name = t(bt, lang)
            if len({r[1] for r in self.count_rows}) > 1:
                name += f" · panel {panel}"
            if t_min < start:
                status = f"{t('dash_waiting', lang)} ({min_to_clock(start)})"
            elif t_min < end:
                status = f"{t('dash_counted', lang)} {100 * frac:.0f}%"
            else:
                status = f"{t('dash_phase_done', lang)} {min_to_clock(end)}"
            out.append(_label(bx + 20, y + 18, name, 17, anchor="start", weight=700))
            out.append(
                f'<rect x="{bx + 20}" y="{y + 28}" width="370" height="20" rx="4" fill="#eceff1"/>'
            )
            out.append(
                f'<rect x="{bx + 20}" y="{y + 28}" width="{370 * frac:.1f}" height="20" '
                f'rx="4" fill="{colour}"/>'
            )
            out.append(_label(bx + 390, y + 18, status, 15, anchor="end"))
        y = by + 60 + len(self.count_rows) * 72
        span = max(self.work_end - self.counting_end, 1e-9)
        frac = float(np.clip((t_min - self.counting_end) / span, 0.0, 1.0))
        out.append(_label(bx + 20, y + 18, t("paperwork", lang), 15, anchor="start", weight=700))
        out.append(
            f'<rect x="{bx + 20}" y="{y + 28}" width="370" height="20" rx="4" fill="#eceff1"/>'
        )
        out.append(
            f'<rect x="{bx + 20}" y="{y + 28}" width="{370 * frac:.1f}" height="20" rx="4" '
            f'fill="#6d4c41"/>'
        )
        return "".join(out)


def _seat_xy(slot: int) -> tuple[float, float]:
    if slot < 25:
        return 310 + (slot % 5) * 44, 350 + (slot // 5) * 44
    extra = slot - 25  # standing when all 25 seats are taken
    return 300 + (extra % 10) * 22, 335 - 18 * (1 + extra // 10)


def booth_box(b: int, n: int) -> tuple[float, float, float]:
    """Left edge, top and width of booth ``b`` of ``n`` on the floor plan."""
    x0, x1 = 300, 970
    gap = 14
    bw = min(120.0, (x1 - x0 - gap * (n - 1)) / n)
    total = n * bw + gap * (n - 1)
    start = x1 - total
    return start + b * (bw + gap), 118, bw


def _label(x, y, text, size, fill="#263238", anchor="middle", weight=400) -> str:
    return (
        f'<text x="{x:.0f}" y="{y:.0f}" font-size="{size}" fill="{fill}" '
        f'text-anchor="{anchor}" font-weight="{weight}">{html.escape(str(text))}</text>'
    )
