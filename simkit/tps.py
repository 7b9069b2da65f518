"""TPS facts the model needs: ballot types, KPPS members, stations, roles, caps, the clock.

These are fixed by law and by KPU's 2024 rules (DOMAIN.md sections in the comments), not chosen per
scenario. The model clock is minutes since voting opens (07:00 = 0); KPPS arrive at -60, midnight is
1020 and the legal deadline (12:00 the next day) is 1740.
"""

from __future__ import annotations

import math

BALLOT_TYPES = ("PPWP", "DPR", "DPD", "DPRD_PROV", "DPRD_KABKOTA")  # counting order, §1.6
KPPS_MEMBERS = tuple(f"KPPS{i}" for i in range(1, 8))
VOTING_STATIONS = ("entrance", "ketua_table", "booth", "boxes", "ink")
STAFFED_STATIONS = ("entrance", "ketua_table", "boxes", "ink")
COUNTING_ROLES = ("announce", "open", "tally", "fold", "sort")
MIDNIGHT_MIN = 1020.0  # 24:00 in minutes since 07:00
LEGAL_DEADLINE_MIN = 1740.0  # 12:00 the next day, MK 20/PUU-XVII/2019 (§1.1)
KPU_DPT_CAP = 300  # KPU's 2024 cap (§1.3); above it is allowed with a warning
LEGAL_DPT_MAX = 500  # UU 7/2017 Pasal 350(1) (§1.3)


def min_to_clock(minutes: float, *, seconds: bool = False) -> str:
    """Model minutes to a clock string; the next day shows as ``+1``: ``1080 -> "01:00 (+1)"``."""
    if minutes is None or (isinstance(minutes, float) and math.isnan(minutes)):
        return "-"
    total = minutes + 7 * 60
    day, rest = divmod(total, 24 * 60)
    h, m = divmod(rest, 60)
    text = f"{int(h):02d}:{int(m):02d}"
    if seconds:
        text += f":{int(round((m - int(m)) * 60)) % 60:02d}"
    if day >= 1:
        text += f" (+{int(day)})"
    elif day < 0:
        text += f" ({int(day)})"
    return text
