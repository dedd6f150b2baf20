"""Malformed cases: each error names the field, the value and what would be valid."""

from __future__ import annotations

import json

import pytest
from unit_helpers import case

import penalty

P = "dsl-48-1-entity-base"


def error_of(c) -> penalty.InputError:
    with pytest.raises(penalty.InputError) as exc:
        penalty.assess(c)
    return exc.value


# (case, field the error must name, fragments the message must contain: value and what is valid)
BAD = {
    "unknown provision id, with close matches": (
        case("dsl-48-1-entity-bse"), "provision",
        ["dsl-48-1-entity-bse", "close matches", "dsl-48-1-entity-base"]),
    "unknown provision id, nothing close": (
        case("zzz"), "provision", ["'zzz'", "penalty provisions"]),
    "unknown circumstance code, with close matches": (
        case(P, circumstances=["eliminated_harm"]), "circumstances",
        ["eliminated_harm", "eliminated_or_reduced_harm"]),
    "end before start": (
        case(P, violation_end_date="2025-08-01"), "violation_end_date",
        ["2025-08-01", "on or after violation_date (2025-09-01)"]),
    "decision before the end of the act": (
        case(P, decision_date="2025-08-15"), "decision_date",
        ["2025-08-15", "on or after the end of the violation"]),
    "negative money": (
        case(P, illegal_gain_cny="-5"), "illegal_gain_cny",
        ["-5", "greater than or equal to 0"]),
    "non-numeric money": (
        case(P, turnover_cny="lots"), "turnover_cny", ["lots", "decimal"]),
    "more than two decimals": (
        case(P, procurement_amount_cny="10.005"), "procurement_amount_cny",
        ["10.005", "2 decimal places"]),
    "date before the provision existed": (
        case(P, violation_date="2021-01-01", decision_date="2021-12-01"), "violation_date",
        ["2021-01-01", "must be in force", "from 2021-09-01"]),
    "2026 provision without counterpart for a 2025 act": (
        case("csl2026-63-0-entity-base", violation_date="2025-06-01"), "violation_date",
        ["2025-06-01", "csl2026-63-0-entity-base from 2026-01-01"]),
    "unknown field": (
        case(P, fine_cny="100"), "fine_cny", ["unknown field", "known fields", "illegal_gain_cny"]),
    "not a date": (
        case(P, decision_date="1 Dec 2025"), "decision_date", ["1 Dec 2025", "date"]),
    "missing decision date": (
        {"provision": P, "violation_date": "2025-09-01"}, "decision_date", ["required"]),
    "both provision and provisions": (
        {**case(P), "provisions": [P]}, "case", ["exactly one of 'provision'"]),
    "unknown option value": (
        case(P, options={"turnover_ceiling": "lowest"}), "options.turnover_ceiling",
        ["lowest", "'higher', 'fixed' or 'turnover'"]),
    "negative persons count": (
        case(P, persons_count=-1), "persons_count", ["-1", "greater than or equal to 0"]),
}


@pytest.mark.parametrize("name", list(BAD))
def test_bad_input_names_field_value_and_what_is_valid(name):
    c, field, fragments = BAD[name]
    err = error_of(c)
    assert err.field == field, str(err)
    message = str(err)
    assert message.startswith(f"{field}:") or field == "case", message
    for fragment in fragments:
        assert fragment in message, f"{fragment!r} not in {message!r}"


def test_age_on_an_organisation():
    err = error_of(case(P, party={"kind": "organisation", "age": 30}))
    assert err.field == "party.age" and err.value == 30
    assert "age" in str(err) and "individual" in str(err)


def test_input_error_is_a_value_error_with_a_dict_form():
    err = error_of(case("zzz"))
    assert isinstance(err, ValueError)
    d = err.to_dict()
    assert d["field"] == "provision" and "zzz" in d["message"]


def test_json_text_is_accepted_and_bad_json_named():
    ok = penalty.assess(json.dumps(case(P)))
    assert ok.band == "standard"
    err = error_of('{"provision": ')
    assert "not valid JSON" in str(err)


def test_turnover_missing_is_not_an_error():
    # issue 2: compute with the fixed ceiling and say so (see test_fine_bases)
    assert penalty.assess(case("pipl-66-2-entity-serious")).statutory is not None
