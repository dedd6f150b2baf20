"""Malformed cases: each error names the field, the value and what would be valid."""

from __future__ import annotations

import json
from decimal import Decimal

import pandas as pd
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
        ["-5", "zero or a positive number of yuan"]),
    "non-numeric money": (
        case(P, turnover_cny="lots"), "turnover_cny", ["lots", "number of yuan", "5万"]),
    "more than two decimals": (
        case(P, procurement_amount_cny="10.005"), "procurement_amount_cny",
        ["10.005", "at most two decimals"]),
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
        {"provision": P, "violation_date": "2025-09-01"}, "decision_date",
        ["None", "is required (ISO date)"]),
    "both provision and provisions": (
        {**case(P), "provisions": [P]}, "provision", ["(and provisions)", "exactly one of"]),
    "neither provision nor provisions": (
        {"violation_date": "2025-09-01", "decision_date": "2025-12-01"}, "provision",
        ["None", "is required"]),
    "unknown option value": (
        case(P, options={"turnover_ceiling": "lowest"}), "options.turnover_ceiling",
        ["lowest", "one of higher, fixed, turnover"]),
    "negative persons count": (
        case(P, persons_count=-1), "persons_count", ["-1", "whole number from 0 to 1000"]),
    # issue 13: loose conversions are refused, one grammar with the frame reader
    "decimal comma": (
        case(P, illegal_gain_cny="1,50"), "illegal_gain_cny", ["'1,50'", "decimal mark", "1.50"]),
    "commas not in groups of three": (
        case(P, illegal_gain_cny="1,2,3"), "illegal_gain_cny", ["'1,2,3'", "groups of three"]),
    "trailing comma": (
        case(P, turnover_cny="5,"), "turnover_cny", ["'5,'", "number of yuan"]),
    "true as an age": (
        case(P, party={"kind": "individual", "age": True}), "party.age",
        ["True", "whole number from 0 to 130"]),
    "true as a persons count": (
        case(P, persons_count=True), "persons_count", ["True", "whole number"]),
    "Unix timestamp as text": (
        case(P, decision_date="1756684800"), "decision_date", ["1756684800", "YYYY-MM-DD"]),
    "Unix timestamp as a number": (
        case(P, violation_date=0), "violation_date", ["0", "YYYY-MM-DD"]),
    "date beyond the calendar the rules can extend": (
        case(P, violation_end_date="9999-12-31", decision_date="9999-12-31"),
        "violation_end_date", ["9999-12-31", "to 2999-12-31"]),
    "date without zero padding": (
        case(P, decision_date="2025-12-1"), "decision_date", ["2025-12-1", "YYYY-MM-DD"]),
    "money as true": (
        case(P, illegal_gain_cny=True), "illegal_gain_cny", ["True", "number of yuan"]),
    "integer of 5,000 digits": (
        case(P, illegal_gain_cny=10**5000), "illegal_gain_cny", ["5001 digits", "below"]),
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


@pytest.mark.parametrize("text, yuan", [
    ("5万", "50000"), ("2亿元", "200000000"), ("1,000,000", "1000000"), ("3.5万元", "35000"),
    ("１２０", "120"), ("1,000.50", "1000.50"), ("99.5", "99.5"), (" 7 元", "7"),
])
def test_amounts_typed_the_chinese_way_are_read(text, yuan):
    from decimal import Decimal
    c = penalty.parse_case(case(P, illegal_gain_cny=text))
    assert c.illegal_gain_cny == Decimal(yuan)


def test_json_text_inside_a_json_string_is_refused():
    err = error_of(json.dumps(json.dumps(case(P))))
    assert err.field == "case" and "JSON object" in str(err)


def test_deep_nesting_and_huge_integers_in_json_are_clear_errors():
    err = error_of('{"circumstances": ' + "[" * 100_000 + "]" * 100_000 + "}")
    assert "nested" in str(err)
    err = error_of('{"persons_count": ' + "9" * 5000 + "}")
    assert "5000 digits" in str(err)
    err = error_of('{"illegal_gain_cny": NaN}')
    assert "NaN" in str(err)


def test_json_numbers_stay_exact():
    # 0.1000000000000000001 is 0.1 as a float: read exactly, it has more than two decimals
    text = json.dumps(case(P))[:-1] + ', "illegal_gain_cny": 0.1000000000000000001}'
    assert "at most two decimals" in str(error_of(text))


@pytest.mark.parametrize("acts, fragment", [([], "1 to 1,000"), ([case(P)] * 1001, "1,001 acts")])
def test_act_lists_are_bounded(acts, fragment):
    with pytest.raises(penalty.InputError) as exc:
        penalty.assess_acts(acts)
    assert exc.value.field == "acts" and fragment in str(exc.value)


def test_illegal_gains_count_for_every_provision():
    """issue 13: gains given for a provision whose fine does not use them are still confiscated
    and counted in the total exposure (APL Art. 28); amounts_used says so for every provision."""
    a = penalty.assess(case(P, illegal_gain_cny="1000"))  # a fixed-range fine
    assert a.fine_basis == "fixed" and a.confiscation_cny == Decimal("1000.00")
    assert "illegal_gain_cny" in penalty.amounts_used(P)
    assert penalty.amounts_used("pipl-66-2-entity-serious") == ("illegal_gain_cny", "turnover_cny")
    cat = penalty.load_catalogue()
    assert all("illegal_gain_cny" in penalty.amounts_used(pid) for pid in cat.ids)


@pytest.mark.parametrize("left_out", ["violation_date", "decision_date"])
def test_a_missing_date_is_worded_alike_on_both_paths(left_out):
    """Left out of a case, or empty in a frame row: the same field, the same words."""
    c = {k: v for k, v in case(P).items() if k != left_out}
    err = error_of(c)
    assert str(err) == f"{left_out}: None is not valid; is required (ISO date)"
    out = penalty.assess_frame(pd.DataFrame([{**c, left_out: None}]))
    assert (out.loc[0, "error"], out.loc[0, "error_field"]) == (str(err), left_out)


@pytest.mark.parametrize(("given", "words"), [
    ({}, "provision: None is not valid; is required"),
    ({"provision": P, "provisions": [P]}, "provision: '(and provisions)' is not valid; give "
     "exactly one of 'provision' (one id) or 'provisions' (a list of ids)"),
])
def test_a_missing_or_doubled_provision_is_worded_alike_on_both_paths(given, words):
    c = {"violation_date": "2025-09-01", "decision_date": "2025-12-01", **given}
    err = error_of(c)
    assert str(err) == words
    row = {**c, "provisions": ";".join(c["provisions"])} if "provisions" in c else c
    out = penalty.assess_frame(pd.DataFrame([row]))
    assert (out.loc[0, "error"], out.loc[0, "error_field"]) == (words, "provision")


def test_a_prior_penalty_without_its_date_names_the_date():
    err = error_of(case(P, prior_penalties=[{"same_kind": True, "by_cac": True}]))
    assert str(err) == "prior_penalties.0.decided_on: None is not valid; is required (ISO date)"
