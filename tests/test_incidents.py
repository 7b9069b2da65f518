"""The incident library: every file loads, fires in a day, and each choice does what it declares."""

from __future__ import annotations

from pathlib import Path

import pytest

from simkit.drills import DrillError, DrillRun, make_drill, play
from simkit.drills.incidents import (
    IncidentError,
    list_incidents,
    load_all,
    load_incident,
    looks_like_incident,
    validate_incident,
)
from simkit.scenario import ScenarioError, list_scenarios, min_to_clock, with_overrides

REPO = Path(__file__).resolve().parents[1]

# Situations the issue asks the library to cover (DOMAIN.md §1, §1.6, §3.5)
REQUIRED = (
    "dpt_tanpa_undangan",
    "tinta_di_jari",
    "dpk_datang_1130",
    "dpk_desa_lain",
    "dptb_hanya_ppwp",
    "ganti_surat_suara_kedua",
    "lansia_minta_bantuan",
    "antrean_1300",
    "datang_1305",
    "cadangan_habis_dpk",
    "surat_suara_salah_kotak",
    "keabsahan_diperdebatkan",
    "tally_ke_partai",
    "c_hasil_tidak_cocok",
    "keberatan_saksi",
    "sirekap_salah_baca",
    "fotokopi_rusak",
    "lewat_tengah_malam",
    "kpps_sakit",
)
ALL = sorted(list_incidents())


@pytest.fixture(scope="module")
def everything():
    """All incidents in one drill, answered right: the yardstick day."""
    drill = make_drill("tps_standar_2024", ALL, seed=4)
    return drill, play(drill, {}, "ref")


def minimal(**changes) -> dict:
    data = {
        "id": "contoh",
        "title": {"id": "Contoh", "en": "Example"},
        "when": {"at": "09:00"},
        "place": "entrance",
        "who": ["KPPS4"],
        "situation": {"id": "Situasi.", "en": "Situation."},
        "choices": [
            {
                "key": "benar",
                "text": {"id": "Benar", "en": "Right"},
                "correct": True,
                "feedback": {"id": "Ya.", "en": "Yes."},
            },
            {
                "key": "salah",
                "text": {"id": "Salah", "en": "Wrong"},
                "feedback": {"id": "Tidak.", "en": "No."},
                "effect": {"wrongly_refused": 1},
            },
        ],
        "rule": {
            "source": "PKPU 25/2023 Pasal 26",
            "domain": "§1.3",
            "text": {"id": "Aturan.", "en": "Rule."},
        },
    }
    data.update(changes)
    return data


# --------------------------------------------------------------------------- the library


def test_library_has_at_least_20_incidents_covering_the_issue_list():
    assert len(ALL) >= 20
    assert set(REQUIRED) <= set(ALL)


@pytest.mark.parametrize("incident_id", ALL)
def test_each_incident_is_complete(incident_id):
    inc = load_incident(incident_id)
    assert inc.id == incident_id
    assert inc.correct_keys and len(inc.correct_keys) < len(inc.choices)
    assert inc.rule.source and inc.rule.domain.startswith("§")
    for text in (inc.title, inc.situation, inc.rule.text):
        assert text.id.strip() and text.en.strip() and text.id != text.en
    wrong = [c for c in inc.choices if not c.correct]
    assert len(wrong) >= 1
    # every choice changes the day somehow, except a right answer that needs nothing done
    for c in wrong:
        assert c.effect != type(c.effect)(), f"{inc.id}.{c.key} has no consequence"


def test_regulations_named_in_the_issue_are_cited():
    sources = {i.id: i.rule.source for i in load_all()}
    assert "Pasal 26" in sources["ganti_surat_suara_kedua"]
    assert "Pasal 80" in sources["dpk_desa_lain"] and "Pasal 80" in sources["dptb_hanya_ppwp"]
    assert "MK 20/PUU-XVII/2019" in sources["lewat_tengah_malam"]
    assert "Pasal 506" in sources["fotokopi_rusak"]


def test_every_incident_fires_in_the_standard_day(everything):
    drill, ref = everything
    assert ref.not_fired == []
    assert [d.incident_id for d in ref.decisions] == [i.id for i in drill.incidents]
    counting_start = ref.day.events.query("kind == 'counting_start'").time_min.iloc[0]
    for d in ref.decisions:
        inc = drill.incident(d.incident_id)
        if inc.when.at is not None:
            assert d.time_min == inc.when.at
        else:
            assert d.time_min >= counting_start
    # the all-right day has no wrong service, breach or PSU risk (quiet drill errors)
    assert ref.counters == {
        "wrongly_refused": 0,
        "wrongly_served": 0,
        "rule_breaches": 0,
        "psu_risk_events": 0,
    }
    assert set(ref.day.events.kind) >= {"incident"}


SCENARIOS = [n for n in list_scenarios() if not n.startswith("validation/")]


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_every_incident_fires_in_every_shipped_scenario(scenario):
    drill = make_drill(scenario, ALL, seed=1)
    right = play(drill, {}, "right")
    assert right.not_fired == [] and len(right.decisions) == len(ALL)
    wrong = play(
        drill,
        {i.id: next(c.key for c in i.choices if not c.correct) for i in drill.incidents},
        "wrong",
    )
    assert wrong.not_fired == [] and wrong.n_correct == 0
    assert wrong.day.summary["work_end_min"] > right.day.summary["work_end_min"]


# --------------------------------------------------------------------------- consequences


def _choices():
    return [(i.id, c.key) for i in load_all() for c in i.choices]


@pytest.mark.parametrize(("incident_id", "key"), _choices())
def test_each_choice_changes_the_day_as_declared(incident_id, key):
    drill = make_drill("tps_standar_2024", [incident_id], seed=2)
    inc = drill.incidents[0]
    effect = inc.choice(key).effect
    team = play(drill, {incident_id: key}, "T")
    s, c = team.day.summary, team.counters
    assert team.decisions[0].correct == inc.choice(key).correct
    assert c["wrongly_refused"] == effect.wrongly_refused
    assert c["wrongly_served"] == effect.wrongly_served
    assert c["rule_breaches"] == effect.rule_breach
    v = effect.voter
    automatic_psu = int(
        v is not None and not v.refuse and (v.extra_ballots or v.category == "OTHER")
    )
    assert s["psu_risk_events"] == effect.psu_risk + automatic_psu
    forced_recount = len(effect.recount) + sum(o == "recount" for o in effect.objection.values())
    assert s["recounts"] == forced_recount
    assert s["objections"] == len(effect.objection)
    planted = team.day.voters[team.day.voters.voter_id >= 900_000]
    if v is None:
        assert planted.empty
    else:
        assert len(planted) == 1
        row = planted.iloc[0]
        assert row.arrival_min == inc.when.at
        if v.refuse:
            assert (row.outcome, row.reason) == ("turned_away", v.refuse)
        else:
            closed = inc.when.at > 360 and "close" not in v.waive
            assert row.outcome == ("turned_away" if closed else "voted")


def test_refusing_the_dpt_voter_without_invitation_adds_a_wrongly_refused_voter():
    drill = make_drill("tps_standar_2024", ["dpt_tanpa_undangan"], seed=1)
    right = play(drill, {"dpt_tanpa_undangan": "layani_dengan_ktp"})
    wrong = play(drill, {"dpt_tanpa_undangan": "tolak"})
    for team in (right, wrong):
        assert team.day.summary["voters_arrived"] == right.day.summary["voters_arrived"]
    assert wrong.counters["wrongly_refused"] == 1 and right.counters["wrongly_refused"] == 0
    assert wrong.day.summary["voters_turned_away"] == right.day.summary["voters_turned_away"] + 1
    assert wrong.day.summary["voters_voted"] == right.day.summary["voters_voted"] - 1
    v = wrong.day.voters.set_index("voter_id").loc[900_000]
    assert (v.arrival_min, v.outcome, v.reason) == (90.0, "turned_away", "no_invitation")
    ev = wrong.day.events
    assert list(ev[ev.kind == "wrongly_refused"].time_min) == [90.0]
    # served: the KTP-el check without the invitation takes the extra documents time
    served = right.day.voters.set_index("voter_id").loc[900_000]
    sc = drill.scenario.durations
    assert served.outcome == "voted"
    assert served.entrance_end_min - served.entrance_start_min == pytest.approx(
        sc.entrance_check.mean + sc.entrance_extra_documents.mean, rel=0.3
    )


def test_serving_the_dpk_voter_from_another_desa_adds_a_psu_risk_event():
    drill = make_drill("tps_standar_2024", ["dpk_desa_lain"], seed=1)
    right = play(drill, {"dpk_desa_lain": "arahkan_ke_desanya"})
    wrong = play(drill, {"dpk_desa_lain": "layani"})
    assert right.day.summary["psu_risk_events"] == 0
    assert wrong.day.summary["psu_risk_events"] == 1
    ev = wrong.day.events
    assert list(ev[ev.kind == "psu_risk_events"].detail) == ["dpk_desa_lain"]
    assert wrong.day.voters.set_index("voter_id").loc[900_000, "category"] == "DPK"


def test_recount_adds_a_recount_and_its_minutes():
    drill = make_drill("tps_standar_2024", ["surat_suara_salah_kotak"], seed=5)
    right = play(drill, {"surat_suara_salah_kotak": "sisihkan_hitung_dpd"})
    wrong = play(drill, {"surat_suara_salah_kotak": "kembalikan_ke_kotak"})
    r = right.day.counting.set_index("ballot_type")
    w = wrong.day.counting.set_index("ballot_type")
    assert r.loc["DPD", "recounts"] == 0 and w.loc["DPD", "recounts"] == 1
    assert wrong.day.summary["recounts"] == 1
    # the recount takes recount_factor x the count, plus the 15 min owed instead of 5
    recount = drill.scenario.counting.recount_factor * w.loc["DPD", "count_min"]
    took = (w.loc["DPD", "end_min"] - w.loc["DPD", "start_min"]) - (
        r.loc["DPD", "end_min"] - r.loc["DPD", "start_min"]
    )
    assert took == pytest.approx(recount + 10.0, rel=0.15)
    assert wrong.day.summary["work_end_min"] > right.day.summary["work_end_min"] + 0.5 * recount


def test_voter_in_line_at_1300_served_and_the_one_at_1305_refused():
    drill = make_drill("tps_standar_2024", ["antrean_1300", "datang_1305"], seed=3)
    team = play(drill, {"antrean_1300": "catat_layani", "datang_1305": "tolak_sopan"})
    v = team.day.voters.set_index("voter_id")
    assert v.loc[900_000, "outcome"] == "voted" and v.loc[900_000, "exit_min"] > 360
    assert (v.loc[900_001, "outcome"], v.loc[900_001, "reason"]) == ("turned_away", "after_close")
    late = play(drill, {"antrean_1300": "tolak", "datang_1305": "layani"})
    v = late.day.voters.set_index("voter_id")
    assert v.loc[900_000, "outcome"] == "turned_away"
    assert v.loc[900_001, "outcome"] == "voted" and v.loc[900_001, "booth_start_min"] > 365
    assert late.counters["wrongly_refused"] == 1 and late.counters["wrongly_served"] == 1


def test_second_replacement_given_uses_the_reserve_dpk_voters_need():
    drill = make_drill("tps_standar_2024", ["ganti_surat_suara_kedua"], seed=1)
    right = play(drill, {"ganti_surat_suara_kedua": "tolak_kedua"})
    wrong = play(drill, {"ganti_surat_suara_kedua": "beri_set_baru"})
    for t in drill.scenario.tps.ballot_types:
        assert wrong.day.ledger[t]["spoiled"] == right.day.ledger[t]["spoiled"] + 1
        assert wrong.day.ledger[t]["unused"] == right.day.ledger[t]["unused"] - 1
    refused = right.day.events.query("kind == 'replacement_refused' and actor == 'V900000'")
    assert list(refused.detail) == ["second request"]


def test_dpk_voter_served_early_skips_the_1200_wait():
    drill = make_drill("tps_standar_2024", ["dpk_datang_1130"], seed=1)
    wait = play(drill, {"dpk_datang_1130": "tunggu_1200"}).day.voters.set_index("voter_id")
    early = play(drill, {"dpk_datang_1130": "layani_sekarang"}).day.voters.set_index("voter_id")
    assert wait.loc[900_000, "entrance_start_min"] >= 300
    assert early.loc[900_000, "booth_start_min"] < 300


def test_members_held_away_by_a_wrong_answer():
    drill = make_drill("tps_standar_2024", ["pemilih_sakit_di_rumah"], seed=1)
    team = play(drill, {"pemilih_sakit_di_rumah": "berangkat_sekarang"})
    ev = team.day.events
    starts = ev[ev.kind == "incident_start"]
    assert set(starts.actor) == {"KPPS5", "KPPS6"}
    assert team.day.staff.set_index("member").loc["KPPS5", "away_min"] == pytest.approx(40.0)


def test_incident_impossible_in_the_scenario_is_a_clear_error():
    jakarta = with_overrides(
        "tps_standar_2024",
        {  # DKI Jakarta: 4 boxes, no DPRD Kab/Kota
            "tps.ballot_types": ["PPWP", "DPR", "DPD", "DPRD_PROV"],
            "tps.voters_dptb": 0,
        },
    )
    with pytest.raises(DrillError, match="fotokopi_rusak.*DPRD_KABKOTA"):
        make_drill(jakarta, ["fotokopi_rusak"])
    # the 7-hour stop is owed at DPRD_KABKOTA's count; without that count it is owed at once
    drill = make_drill(jakarta, ["lewat_tengah_malam"], seed=1)
    stop = play(drill, {"lewat_tengah_malam": "berhenti_besok"})
    go_on = play(drill, {"lewat_tengah_malam": "lanjut_istirahat_bergilir"})
    assert stop.not_fired == []
    assert stop.day.summary["work_end_min"] - go_on.day.summary["work_end_min"] > 400


def test_shared_copier_scenario_runs_a_drill():
    drill = make_drill("tps_fotokopi_bersama", ["fotokopi_rusak", "dpt_tanpa_undangan"], seed=1)
    run = DrillRun(drill, "A")
    assert run.snapshot().tps_run == drill.scenario.counting.copier_group_size
    assert run.next_incident().id == "dpt_tanpa_undangan"
    run.answer("tolak")
    assert run.next_incident().id == "fotokopi_rusak"
    run.answer("minta_pps")
    team = run.finish()
    assert team.counters["wrongly_refused"] == 1 and team.day.tps_id == "TPS"


# --------------------------------------------------------------------------- validation


def test_minimal_incident_is_valid():
    inc = validate_incident(minimal())
    assert inc.best_key == "benar" and inc.when.describe("en") == "at 09:00"


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"plce": "entrance"}, "plce", "did you mean 'place'"),
        ({"place": "kitchen"}, "place", "allowed"),
        ({"who": ["KPPS9"]}, "who.0", "allowed"),
        ({"when": {"at": "09:00", "during_count": "DPR"}}, "when", "exactly one"),
        ({"when": {"at": "25:00"}}, "when", "between 06:00 and 14:00"),
        ({"when": {"during_count": "DPRX"}}, "when.during_count", "allowed"),
        (
            {"rule": {"source": "PKPU", "domain": "section 1", "text": {"id": "a", "en": "b"}}},
            "rule.domain",
            "§1.3",
        ),
        ({"title": {"id": "Judul"}}, "title.en", "required"),
    ],
)
def test_bad_fields_name_the_dotted_field_and_what_is_allowed(changes, field, words):
    with pytest.raises(IncidentError) as info:
        validate_incident(minimal(**changes), "latihan.yaml", lang="en")
    text = info.value.render()
    assert text.startswith("Incident latihan.yaml is not valid:")
    assert f"latihan.yaml: {field}" in text and words in text


def test_choice_rules_are_checked():
    choices = minimal()["choices"]
    all_right = [dict(c, correct=True) for c in choices]
    with pytest.raises(IncidentError, match="at least one choice must be wrong"):
        validate_incident(minimal(choices=all_right), lang="en")
    none_right = [dict(c, correct=False) for c in choices]
    with pytest.raises(IncidentError, match="harus benar|minimal satu pilihan benar"):
        validate_incident(minimal(choices=none_right), lang="id")
    bad_delay = [choices[0], dict(choices[1], effect={"delay": {"kantin": 5}})]
    with pytest.raises(IncidentError, match="kantin"):
        validate_incident(minimal(choices=bad_delay), lang="en")
    earlier = [choices[0], dict(choices[1], effect={"recount": ["PPWP"]})]
    with pytest.raises(IncidentError, match="PPWP is counted before DPD"):
        validate_incident(minimal(when={"during_count": "DPD"}, choices=earlier), lang="en")
    planted = [choices[0], dict(choices[1], effect={"voter": {"category": "DPX"}})]
    with pytest.raises(IncidentError, match=r"choices\.1\.effect\.voter\.category"):
        validate_incident(minimal(choices=planted), lang="en")


def test_incident_files_from_trainers(tmp_path):
    good = tmp_path / "insiden_saya.yaml"
    import yaml

    data = minimal()
    del data["id"]
    good.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    assert load_incident(good).id == "insiden_saya"
    assert looks_like_incident(good)
    assert not looks_like_incident(REPO / "scenarios" / "tps_standar_2024.yaml")
    drill = make_drill("tps_standar_2024", [str(good)], seed=1)
    assert play(drill, {"insiden_saya": "salah"}).counters["wrongly_refused"] == 1
    broken = tmp_path / "rusak.yaml"
    broken.write_text("id: rusak\nchoices: [\n", encoding="utf-8")
    with pytest.raises(ScenarioError) as info:
        load_incident(broken, lang="id")
    assert "rusak.yaml" in info.value.render() and "bukan YAML yang valid" in info.value.render()
    with pytest.raises(IncidentError, match="unknown incident"):
        load_incident("tidak_ada", lang="en")


def test_clock_of_trigger_is_shown_like_the_rest_of_the_kit():
    inc = load_incident("datang_1305")
    assert min_to_clock(inc.when.at) == "13:05"
    assert inc.when.describe("id") == "pukul 13:05"
