"""Tiny deterministic TPS scenarios for trace tests (planted people, constant durations)."""

from __future__ import annotations

import simkit

CONSTANT_STAGES = (
    "entrance_check",
    "entrance_extra_documents",
    "entrance_refusal",
    "ketua_table",
    "pendamping_form",
    "booth",
    "booth_assisted",
    "spoiled_replacement",
    "box",
    "ink",
)


def const(value: float) -> dict:
    return {"dist": "constant", "value": value}


def tiny(people, **sections):
    """A TPS with planted people, constant 1-minute stages and no random mistakes.

    ``people`` is the ``arrivals.fixed`` list; keyword arguments deep-merge into the scenario.
    """
    data = {
        "name": "tiny",
        "tps": {"voters_dpt": 50, "voters_dptb": 0, "voters_dpk": 0, "booths": 1},
        "arrivals": {"pattern": "fixed", "fixed": people},
        "durations": {stage: const(1.0) for stage in CONSTANT_STAGES},
        "errors": {
            k: 0.0
            for k in (
                "spoiled_ballot",
                "second_spoil_request",
                "wrong_box",
                "dptb_extra_ballots",
                "ink_on_finger",
                "ineligible_admitted",
                "tally_error",
                "misjudged_ballot",
                "objection",
                "sirekap_upload_failure",
                "copier_failure",
            )
        },
    }
    data["durations"]["booth_assisted"] = const(3.0)
    for key, value in sections.items():
        if isinstance(value, dict) and isinstance(data.get(key), dict):
            data[key] = {**data[key], **value}
        else:
            data[key] = value
    return simkit.load_scenario(data)
