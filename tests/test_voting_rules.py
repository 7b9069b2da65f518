"""Trace tests: one per rule of the voting day (PKPU 25/2023 as DOMAIN.md §1 reads it)."""

import math

import pytest
from tiny_tps import const, tiny

import simkit


def kinds(day, who):
    ev = day.events
    return list(ev[ev.actor == who].kind)


def row(day, voter_id):
    v = day.voters
    return v[v.voter_id == voter_id].iloc[0]


def test_exact_trace_of_two_voters():
    day = simkit.simulate(tiny([{"time": "07:00"}, {"time": "07:00"}]), seed=0)
    ev = day.events
    v0 = ev[ev.actor == "V0"][["time_min", "kind"]].values.tolist()
    assert v0 == [
        [0.0, "arrive"],
        [0.0, "entrance_check"],
        [1.0, "seat"],
        [1.0, "called"],
        [2.0, "booth_start"],
        [3.0, "booth_end"],
        [4.0, "ink"],
        [5.0, "exit"],
    ]
    # the second voter is checked at the second desk of meja A (KPPS 5) at the same time,
    # then waits for the ketua (1 min) and for the single booth
    v1 = ev[ev.actor == "V1"][["time_min", "kind", "detail"]].values.tolist()
    assert v1[1] == [0.0, "entrance_check", "KPPS5"]
    assert [t for t, k, _ in v1 if k == "called"] == [2.0]
    assert [t for t, k, _ in v1 if k == "booth_start"] == [3.0]
    assert row(day, 1).wait_min == 3.0


def test_voting_opens_at_exactly_0700():
    day = simkit.simulate(tiny([{"time": "06:40"}, {"time": "06:50"}]), seed=0)
    assert list(day.voters.entrance_start_min) == [0.0, 0.0]
    assert row(day, 0).wait_min == pytest.approx(20.0 + 2.0)


def test_voter_in_line_at_1300_still_votes_and_1305_is_refused():
    day = simkit.simulate(tiny([{"time": "12:59"}, {"time": "13:05"}]), seed=0)
    assert row(day, 0).outcome == "voted" and row(day, 0).exit_min > 360
    assert row(day, 1).outcome == "turned_away" and row(day, 1).reason == "after_close"
    assert day.summary["voters_voted"] == 1 and day.summary["voters_turned_away"] == 1


def test_dpk_voter_arriving_1130_waits_until_1200():
    day = simkit.simulate(tiny([{"time": "11:30", "category": "DPK"}]), seed=0)
    r = row(day, 0)
    assert r.entrance_start_min == 300.0
    assert r.outcome == "voted" and r.wait_min == pytest.approx(30 + 2 + 1)  # 2 min documents
    assert "dpk_wait" in kinds(day, "V0")


def test_dpt_present_go_before_dpk_at_ketua_table():
    # both are at the seats when the ketua is busy; the DPT voter is called first
    people = [{"time": "12:00"}, {"time": "12:00", "category": "DPK"}, {"time": "12:00"}]
    sc = tiny(
        people,
        durations={
            "entrance_check": const(0.0),
            "entrance_extra_documents": const(0.0),
            "ketua_table": const(2.0),
        },
    )
    day = simkit.simulate(sc, seed=0)
    called = day.voters.set_index("voter_id").called_min
    assert called[0] < called[2] < called[1]


def test_second_spoiled_ballot_is_refused():
    day = simkit.simulate(tiny([{"time": "07:00", "spoil": 2}]), seed=0)
    k = kinds(day, "V0")
    assert k.count("spoiled") == 1 and k.count("replacement") == 1
    refused = day.events[(day.events.actor == "V0") & (day.events.kind == "replacement_refused")]
    assert list(refused.detail) == ["second request"]
    assert day.summary["ballots_spoiled"] == 1


def test_replacement_comes_from_reserve_and_dpk_refused_when_reserve_is_gone():
    # DPT 50 -> reserve ceil(1.0) = 1 per type; the replacement takes it, the DPK voter finds none
    people = [{"time": "07:00", "spoil": 1}, {"time": "12:10", "category": "DPK"}]
    day = simkit.simulate(tiny(people), seed=0)
    assert row(day, 1).outcome == "turned_away" and row(day, 1).reason == "no_ballots"
    for ledger in day.ledger.values():
        assert ledger["issued"] + ledger["unused"] == ledger["stock"]


def test_dpk_served_while_reserve_lasts():
    people = [{"time": "12:10", "category": "DPK"}, {"time": "12:20", "category": "DPK"}]
    day = simkit.simulate(
        tiny(people, tps={"voters_dpt": 50, "voters_dptb": 0, "voters_dpk": 0, "booths": 1}), seed=0
    )
    assert list(day.voters.outcome) == ["voted", "turned_away"]  # reserve 1 per type


def test_ink_on_finger_and_not_on_list_are_turned_away_after_the_check():
    people = [{"time": "08:00", "refuse": "ink_on_finger"}, {"time": "08:10", "category": "OTHER"}]
    day = simkit.simulate(tiny(people), seed=0)
    assert list(day.voters.reason) == ["ink_on_finger", "not_on_list"]
    assert all(day.voters.outcome == "turned_away")
    assert list(day.voters.exit_min) == [61.0, 71.0]  # 1 min refusal at meja A


def test_wrong_box_is_recorded_and_found_at_the_count():
    day = simkit.simulate(tiny([{"time": "07:00", "wrong_box": True}, {"time": "07:10"}]), seed=0)
    assert "wrong_box" in kinds(day, "V0")
    assert list(day.voters.wrong_box) == ["PPWP->DPR", ""]
    assert day.ledger["PPWP"]["in_boxes"] == day.ledger["PPWP"]["used"] == 2
    ppwp = day.counting.set_index("ballot_type").loc["PPWP"]
    assert ppwp.ballots_counted == 2 and ppwp.wrong_box_found == 1
    assert "wrong_box_search" in set(day.events.kind)


def test_dptb_with_more_ballot_types_than_allowed_is_a_psu_risk():
    people = [
        {"time": "11:00", "category": "DPTb", "types": 1, "extra_ballots": True},
        {"time": "11:10", "category": "DPTb", "types": 1},
    ]
    day = simkit.simulate(tiny(people), seed=0)
    assert day.summary["psu_risk_events"] == 1
    assert list(day.voters.n_types) == [5, 1]
    assert day.counting.set_index("ballot_type").ballots_counted.to_dict() == {
        "PPWP": 2,
        "DPR": 1,
        "DPD": 1,
        "DPRD_PROV": 1,
        "DPRD_KABKOTA": 1,
    }


def test_assisted_voter_is_slower_in_the_booth_and_signs_the_pendamping_form():
    day = simkit.simulate(tiny([{"time": "07:00", "assisted": True}]), seed=0)
    r = row(day, 0)
    assert r.booth_end_min - r.booth_start_min == 3.0
    assert r.booth_start_min - r.called_min == 2.0  # ballots (1 min) + pendamping form (1 min)


def test_dptb_booth_time_follows_the_ballots_allowed():
    day = simkit.simulate(tiny([{"time": "11:00", "category": "DPTb", "types": 1}]), seed=0)
    r = row(day, 0)
    assert r.booth_end_min - r.booth_start_min == pytest.approx(1.0 / 5)


def test_a_break_takes_the_member_off_meja_a_after_the_voter_in_hand():
    people = [{"time": "07:00"}, {"time": "07:00"}, {"time": "07:00"}]
    sc = tiny(
        people, staff={"kpps": 2, "breaks": [{"member": "KPPS2", "start": "07:00", "minutes": 30}]}
    )
    day = simkit.simulate(sc, seed=0)
    # with 2 members KPPS2 holds meja A alone; the break starts before anyone is checked
    starts = sorted(day.voters.entrance_start_min)
    assert starts[0] == 30.0
    ev = day.events[day.events.actor == "KPPS2"]
    assert list(ev[ev.kind == "break_start"].time_min) == [0.0]
    assert list(ev[ev.kind == "break_end"].time_min) == [30.0]
    # the break after voting is counted too
    assert day.staff.set_index("member").loc["KPPS2", "break_min"] > 30.0


def test_station_throughput_follows_members():
    people = [{"time": "07:00"} for _ in range(6)]
    two = simkit.simulate(
        tiny(people, tps={"voters_dpt": 50, "voters_dptb": 0, "voters_dpk": 0, "booths": 6}), seed=0
    )
    one = simkit.simulate(
        tiny(
            people,
            tps={"voters_dpt": 50, "voters_dptb": 0, "voters_dpk": 0, "booths": 6},
            staff={
                "kpps": 7,
                "roles": {"KPPS1": ["ketua_table"], "KPPS4": ["entrance"], "KPPS7": ["ink"]},
            },
        ),
        seed=0,
    )
    assert max(two.voters.entrance_end_min) == 3.0  # two desks at meja A
    assert max(one.voters.entrance_end_min) == 6.0  # one desk


def test_one_member_alone_serves_every_desk_in_turn():
    day = simkit.simulate(tiny([{"time": "07:00"}], staff={"kpps": 1}), seed=0)
    r = row(day, 0)
    # one member: entrance 1 min, then ketua's table at 1.5x (no helpers), then ink
    assert r.entrance_end_min == 1.0 and r.booth_start_min == 2.5 and r.exit_min == 5.5


def test_sick_voters_at_home_served_from_1200_by_members_away_from_the_tps():
    sc = simkit.with_overrides("tps_standar_2024", {"tps.sick_at_home": 2})
    day = simkit.simulate(sc, seed=3)
    home = day.voters[day.voters.place == "home"]
    assert len(home) == 2 and (home.outcome == "voted").all()
    assert (home.booth_start_min >= 300).all()
    staff = day.staff.set_index("member")
    assert (staff.away_min > 0).sum() == 2


def test_balking_when_the_line_is_too_long():
    people = [{"time": "07:00"} for _ in range(8)]
    sc = tiny(
        people,
        arrivals={
            "pattern": "fixed",
            "fixed": people,
            "balking": {"enabled": True, "queue_threshold": 3, "share_leave": 1.0},
        },
        staff={"kpps": 1},
    )
    day = simkit.simulate(sc, seed=0)
    s = day.summary
    assert s["voters_left"] > 0
    assert s["voters_arrived"] == s["voters_voted"] + s["voters_turned_away"] + s["voters_left"]


def test_arrivals_follow_kpu_groups_by_list_order():
    sc = simkit.with_overrides(
        "tps_standar_2024",
        {
            "arrivals.share_ignore_slot": 0.0,
            "arrivals.opening_line": 0,
            "tps.share_not_eligible": 0.0,
        },
    )
    day = simkit.simulate(sc, seed=5)
    dpt = day.voters[day.voters.category == "DPT"]
    group = dpt.voter_id * 4 // 270
    assert ((dpt.arrival_min >= group * 60) & (dpt.arrival_min < group * 60 + 60)).all()
    dptb = day.voters[day.voters.category == "DPTb"]
    assert ((dptb.arrival_min >= 240) & (dptb.arrival_min < 300)).all()


def test_finite_population_turnout():
    sc = simkit.with_overrides(
        "tps_standar_2024",
        {
            "tps.turnout": 1.0,
            "tps.voters_dptb": 0,
            "tps.voters_dpk": 0,
            "tps.share_not_eligible": 0.0,
            "errors.ink_on_finger": 0.0,
        },
    )
    day = simkit.simulate(sc, seed=1)
    assert day.summary["voters_voted"] == 270
    assert sorted(day.voters.voter_id) == list(range(270))


def test_psu_risk_when_an_ineligible_person_is_admitted():
    sc = simkit.with_overrides(
        "tps_standar_2024", {"errors.ineligible_admitted": 1.0, "tps.share_not_eligible": 0.02}
    )
    day = simkit.simulate(sc, seed=2)
    admitted = day.voters[day.voters.reason == "ineligible_admitted"]
    assert len(admitted) > 0
    assert day.summary["psu_risk_events"] >= len(admitted)


def test_time_convention_and_clock_strings():
    assert simkit.min_to_clock(0) == "07:00"
    assert simkit.min_to_clock(1020) == "00:00 (+1)"
    assert simkit.min_to_clock(1740) == "12:00 (+1)"
    assert simkit.min_to_clock(-60) == "06:00"
    assert math.isnan(float("nan"))


def test_balking_looks_at_everyone_waiting_not_only_meja_a():
    # meja A is quick and never has a line; the line forms in the seats before the one booth
    people = [{"time": f"07:{i:02d}"} for i in range(12)]
    sc = tiny(
        people,
        arrivals={
            "pattern": "fixed",
            "fixed": people,
            "balking": {"enabled": True, "queue_threshold": 3, "share_leave": 1.0},
        },
        durations={"entrance_check": const(0.1), "booth": const(5.0)},
    )
    day = simkit.simulate(sc, seed=0)
    assert not (day.queues[day.queues.place == "entrance"].length > 0).any()
    assert day.summary["voters_left"] > 0
    assert set(day.voters[day.voters.outcome == "left"].reason) == {"line_too_long"}
