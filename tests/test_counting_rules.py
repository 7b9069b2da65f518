"""Trace tests of the count and its paperwork (DOMAIN.md §1.6, §3.1)."""

import pytest
from tiny_tps import const, tiny

import simkit
from simkit.simulation import simulate_group

THREE = [{"time": "07:00"}, {"time": "08:00"}, {"time": "09:00"}]
ORDER = ["PPWP", "DPR", "DPD", "DPRD_PROV", "DPRD_KABKOTA"]


def counting_const(**extra):
    c = {
        "break_after_voting": const(15.0),
        "preparation": const(15.0),
        "box_open": const(3.0),
        "role_s": {
            r: const(s)
            for r, s in {
                "announce": 9.0,
                "open": 5.0,
                "tally": 14.0,
                "fold": 5.0,
                "sort": 8.0,
            }.items()
        },
        "invalid_share": {t: 0.0 for t in ORDER},
        "c_hasil_fill": {t: const(10.0) for t in ORDER},
        "signature_min": const(0.25),
        "sirekap_photo": const(5.0),
        "closing": const(30.0),
        "copy_page_s": const(6.0),
        "copier_transfer": const(10.0),
        "hand_copy_page": const(6.0),
        "wrong_box_search": const(10.0),
        "objection_answer": const(5.0),
        "objection_correction": const(10.0),
    }
    c.update(extra)
    return c


def test_announcements_in_legal_order_one_per_ballot():
    day = simkit.simulate(tiny(THREE, counting=counting_const(), record_ballots=True), seed=0)
    ann = day.events[day.events.kind == "announce"]
    types = [p.split(":")[1] for p in ann.place]
    assert types == [t for t in ORDER for _ in range(3)]
    assert ann.time_min.is_monotonic_increasing
    # 7 members: the tally (14 s x type factor) sets the pace; PPWP ballots every 14 s
    ppwp = ann[ann.place == "count:PPWP"].time_min.diff().dropna()
    assert list(ppwp.round(6)) == [round(14 / 60, 6)] * 2
    assert list(day.counting.ballot_type) == ORDER
    assert (day.counting.ballots_counted == 3).all()


def test_counting_starts_after_break_and_preparation():
    day = simkit.simulate(tiny(THREE, counting=counting_const()), seed=0)
    last_exit = day.summary["last_voter_exit_min"]
    start = day.events[day.events.kind == "counting_start"].time_min.iloc[0]
    assert start == pytest.approx(max(last_exit, 360.0) + 30.0)  # voting closes at 13:00
    assert day.counting.start_min.iloc[0] == pytest.approx(start)


def test_planted_mismatch_forces_a_recount_of_that_type():
    sc = tiny(THREE, counting=counting_const(), errors={"tally_error": 1.0})
    day = simkit.simulate(sc, seed=0)
    assert day.summary["recounts"] == 5
    assert (day.counting.recounts == 1).all()
    assert (day.events.kind == "reconcile_mismatch").sum() == 5
    base = simkit.simulate(tiny(THREE, counting=counting_const()), seed=0)
    extra = (
        day.counting.end_min.iloc[0]
        - day.counting.start_min.iloc[0]
        - (base.counting.end_min.iloc[0] - base.counting.start_min.iloc[0])
    )
    # the recount of PPWP takes 0.8 of its count: 3 ballots x 14 s x 0.8
    assert extra == pytest.approx(3 * 14 / 60 * 0.8)


@pytest.mark.parametrize(
    "answered,corrected,outcome,recounts",
    [(1.0, 0.0, "answered", 0), (0.0, 1.0, "corrected", 0), (0.0, 0.0, "recount", 5)],
)
def test_objection_paths(answered, corrected, outcome, recounts):
    sc = tiny(
        THREE,
        counting=counting_const(),
        errors={"objection": 1.0, "objection_answered": answered, "objection_corrected": corrected},
    )
    day = simkit.simulate(sc, seed=0)
    assert day.summary["objections"] == 5
    assert day.summary["recounts"] == recounts
    assert set(day.counting.objection_outcome) == {outcome}
    logged = day.events[day.events.kind == "objection"].detail
    assert all("C.Kejadian Khusus" in d for d in logged)


def test_wrong_box_ballot_moves_to_its_own_count():
    people = [{"time": "07:00", "wrong_box": True}, {"time": "07:10"}, {"time": "07:20"}]
    day = simkit.simulate(tiny(people, counting=counting_const()), seed=0)
    rows = day.counting.set_index("ballot_type")
    assert rows.loc["PPWP", "ballots_counted"] == 3
    assert rows.loc["DPR", "ballots_counted"] == 3
    assert rows.loc["PPWP", "wrong_box_found"] == 1
    search = day.events[day.events.kind == "wrong_box_search"]
    assert list(search.place) == ["box:DPR"]


def test_two_panel_ends_no_later_than_single_panel_with_fixed_durations():
    people = [{"time": f"{7 + i // 10:02d}:{(i % 10) * 5:02d}"} for i in range(40)]
    single = simkit.simulate(tiny(people, counting=counting_const()), seed=0)
    double = simkit.simulate(tiny(people, counting=counting_const(mode="two_panel")), seed=0)
    assert double.summary["counting_end_min"] <= single.summary["counting_end_min"]
    assert set(double.counting.panel) == {"A", "B"}
    a = double.counting[double.counting.panel == "A"]
    assert list(a.ballot_type) == ["PPWP", "DPD"]


def test_copier_shared_by_two_tps_makes_one_wait():
    sc = tiny(THREE, counting=counting_const(copier="shared"))
    alone = simkit.simulate(simkit.with_overrides(sc, {"counting.copier": "own"}), seed=0)
    pair = simulate_group(
        [sc, sc], seed=0, tps_ids=["TPS1", "TPS2"], shared_copier=True, detailed=True
    )
    ends = sorted(d.summary["work_end_min"] for d in pair)
    assert (
        ends[0] == pytest.approx(alone.summary["work_end_min"], abs=1e-9)
        or ends[0] > alone.summary["work_end_min"]
    )
    assert ends[1] > alone.summary["work_end_min"]
    waits = [d.events[d.events.kind == "copier_wait"] for d in pair]
    assert all(len(w) == 5 for w in waits)


def test_salinan_grows_with_saksi():
    few = simkit.simulate(tiny(THREE, counting=counting_const(saksi=2)), seed=0)
    many = simkit.simulate(tiny(THREE, counting=counting_const(saksi=20)), seed=0)
    assert (
        many.summary["work_end_min"] - many.summary["counting_end_min"]
        > (few.summary["work_end_min"] - few.summary["counting_end_min"]) + 30
    )


def test_copies_by_hand_take_longer_than_a_copier():
    own = simkit.simulate(tiny(THREE, counting=counting_const()), seed=0)
    hand = simkit.simulate(tiny(THREE, counting=counting_const(copier="none")), seed=0)
    assert hand.summary["work_end_min"] > own.summary["work_end_min"]
    assert "salinan_by_hand" in set(hand.events.kind)


def test_sirekap_retries_until_upload():
    sc = tiny(
        THREE,
        counting=counting_const(sirekap_retry_wait=const(10.0), sirekap_max_attempts=3),
        errors={"sirekap_upload_failure": 1.0},
    )
    day = simkit.simulate(sc, seed=0)
    ev = day.events
    assert (ev.kind == "sirekap_fail").sum() == 15
    assert (ev.kind == "sirekap_manual").sum() == 5


def test_deadline_flag_when_work_runs_past_1200_next_day():
    sc = tiny(THREE, counting=counting_const(closing=const(2000.0)))
    day = simkit.simulate(sc, seed=0)
    assert day.summary["past_deadline"] is True
    assert day.summary["work_end_min"] > 1740


def test_dki_jakarta_four_ballot_types():
    sc = tiny(
        THREE,
        counting=counting_const(),
        tps={
            "voters_dpt": 50,
            "voters_dptb": 0,
            "voters_dpk": 0,
            "booths": 1,
            "ballot_types": ["PPWP", "DPR", "DPD", "DPRD_PROV"],
            "dptb_entitlement": {4: 1.0},
        },
    )
    day = simkit.simulate(sc, seed=0)
    assert list(day.counting.ballot_type) == ["PPWP", "DPR", "DPD", "DPRD_PROV"]


def test_staff_hours_follow_the_day():
    day = simkit.simulate(tiny(THREE, counting=counting_const()), seed=0)
    staff = day.staff.set_index("member")
    release = day.summary["work_end_min"]
    assert staff.loc["KPPS1", "on_duty_h"] == pytest.approx((release + 60) / 60)
    assert (staff.busy_h <= staff.on_duty_h + 1e-9).all()
    assert (staff.busy_h >= 0).all()
    assert day.summary["kpps_hours_max"] == pytest.approx(staff.loc["KPPS1", "on_duty_h"])
    assert set(staff.index) == {f"KPPS{i}" for i in range(1, 8)} | {"LINMAS1", "LINMAS2"}


def test_a_break_during_the_count_pauses_the_panel_once():
    base = tiny(THREE, counting=counting_const())
    plain = simkit.simulate(base, seed=0)
    start = plain.counting.set_index("ballot_type").loc["DPR", "start_min"] + 3.5  # mid-count
    breaks = [{"member": m, "start": start, "minutes": 45} for m in ("KPPS1", "KPPS2")]
    paused = simkit.simulate(simkit.with_overrides(base, {"staff.breaks": breaks}), seed=0)
    # two members away together stop the panel for 45 min, not 90
    assert paused.summary["counting_end_min"] == pytest.approx(
        plain.summary["counting_end_min"] + 45
    )
    kpps1 = paused.timeline[paused.timeline.member == "KPPS1"].sort_values("start_min")
    kpps1 = kpps1[kpps1.start_min >= start - 10]
    spans = kpps1[kpps1.activity.isin(["count DPR", "break"])][["activity"]].values.ravel()
    assert list(spans) == ["count DPR", "break", "count DPR"]
    staff = paused.staff.set_index("member")
    assert staff.loc["KPPS1", "busy_h"] < staff.loc["KPPS3", "busy_h"]
