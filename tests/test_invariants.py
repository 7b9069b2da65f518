"""Invariants over random valid scenarios (hypothesis): no voter or ballot lost, no station over
capacity, nobody in a booth before arriving, same seed -> same day."""

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import simkit

rates = st.floats(min_value=0.0, max_value=0.3)


@st.composite
def scenarios(draw):
    kpps = draw(st.integers(1, 7))
    data = {
        "tps": {
            "voters_dpt": draw(st.integers(0, 300)),
            "turnout": draw(st.floats(0.3, 1.0)),
            "voters_dptb": draw(st.integers(0, 40)),
            "voters_dpk": draw(st.integers(0, 15)),
            "booths": draw(st.integers(1, 6)),
            "share_assisted": draw(st.floats(0.0, 0.3)),
            "share_not_eligible": draw(st.floats(0.0, 0.05)),
            "sick_at_home": draw(st.integers(0, 3)),
        },
        "staff": {"kpps": kpps},
        "arrivals": {
            "pattern": draw(st.sampled_from(["kpu_groups", "hourly_shares"])),
            "share_ignore_slot": draw(st.floats(0.0, 1.0)),
            "opening_line": draw(st.integers(0, 80)),
            "share_after_close": draw(st.floats(0.0, 0.05)),
            "balking": {
                "enabled": draw(st.booleans()),
                "queue_threshold": draw(st.integers(0, 20)),
            },
        },
        "errors": {
            "spoiled_ballot": draw(rates),
            "second_spoil_request": draw(rates),
            "wrong_box": draw(rates),
            "dptb_extra_ballots": draw(rates),
            "ink_on_finger": draw(rates),
            "ineligible_admitted": draw(rates),
            "tally_error": draw(rates),
            "objection": draw(rates),
            "sirekap_upload_failure": draw(rates),
        },
        "counting": {
            "mode": draw(st.sampled_from(["single_panel", "two_panel"])),
            "copier": draw(st.sampled_from(["own", "shared", "none"])),
            "copier_group_size": draw(st.integers(1, 3)),
            "saksi": draw(st.integers(0, 16)),
        },
    }
    if draw(st.booleans()):
        data["tps"]["ballot_types"] = ["PPWP", "DPR", "DPD", "DPRD_PROV"]
        data["tps"]["dptb_entitlement"] = {1: 0.5, 4: 0.5}
    return simkit.load_scenario(data), draw(st.integers(0, 2**31 - 1))


def max_overlap(starts, ends):
    points = sorted([(s, 1) for s in starts] + [(e, -1) for e in ends])
    level = peak = 0
    for _, step in points:
        level += step
        peak = max(peak, level)
    return peak


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenarios())
def test_day_invariants(case):
    sc, seed = case
    day = simkit.simulate(sc, seed=seed)
    s, v = day.summary, day.voters
    # people: arrived = voted + turned away + left; each has exactly one outcome
    assert s["voters_arrived"] == s["voters_voted"] + s["voters_turned_away"] + s["voters_left"]
    assert set(v.outcome) <= {"voted", "turned_away", "left"}
    assert len(v) == s["voters_arrived"]
    # nobody enters a booth before arriving, or before 07:00; times are in order
    voted = v[(v.outcome == "voted") & (v.place == "tps")]
    assert (voted.booth_start_min >= voted.arrival_min - 1e-9).all()
    assert (voted.booth_start_min >= sc.hours.voting_open).all()
    assert (voted.exit_min >= voted.booth_end_min).all()
    assert (voted.wait_min >= -1e-9).all()
    # nobody arriving after closing votes
    late = v[v.arrival_min >= sc.hours.voting_close]
    assert (late.outcome != "voted").all()
    # no station over its capacity
    assert max_overlap(voted.booth_start_min, voted.booth_end_min) <= sc.tps.booths
    for _, group in voted.groupby("booth_id"):
        g = group.sort_values("booth_start_min")
        assert (g.booth_start_min.values[1:] >= g.booth_end_min.values[:-1] - 1e-9).all()
    # ballots: issued + unused = stock; issued = used + spoiled; in the boxes = used
    for t, led in day.ledger.items():
        assert led["issued"] + led["unused"] == led["stock"], t
        assert led["issued"] == led["used"] + led["spoiled"], t
        assert led["in_boxes"] == led["used"], t
    # the count: every ballot cast counted exactly once, in its own type
    counted = day.counting.set_index("ballot_type")
    for t, led in day.ledger.items():
        assert counted.loc[t, "ballots_counted"] == led["used"], t
        assert counted.loc[t, "valid"] + counted.loc[t, "invalid"] == led["used"], t
    assert list(day.counting.ballot_type) == list(sc.tps.ballot_types)
    # staff hours non-negative and consistent with the log
    staff = day.staff
    assert (staff.on_duty_h >= 0).all() and (staff.busy_h >= 0).all()
    assert (staff.busy_h <= staff.on_duty_h + 1e-6).all()
    assert s["work_end_min"] >= s["counting_end_min"] >= s["last_voter_exit_min"] - 1e-9
    work_end = day.events[day.events.kind == "work_end"].time_min
    assert np.isclose(work_end.iloc[0], s["work_end_min"])
    # the same seed gives the same day; the summary fast path agrees
    again = simkit.simulate(sc, seed=seed)
    assert again.summary == s
    assert again.events.equals(day.events)
    from simkit.simulation import simulate_summary

    assert simulate_summary(sc, seed=seed) == s
