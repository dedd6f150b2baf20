"""penalty.whatif: variants of a case, each assessed by the library; expectations by hand."""

from __future__ import annotations

from decimal import Decimal

import pytest

import penalty
from penalty import whatif

DSL45 = {"provision": "dsl-45-1-entity-base", "violation_date": "2025-09-01",
         "decision_date": "2025-12-01"}
REPEAT = {**DSL45, "prior_penalties": [{"decided_on": "2025-01-10"}, {"decided_on": "2025-06-10"}]}
D = Decimal


def r(lo: str, hi: str, high_exclusive: bool = False) -> penalty.models.Range:
    return penalty.models.Range(low_cny=D(lo), high_cny=D(hi), high_exclusive=high_exclusive)


def test_band_scale_dsl45_by_hand() -> None:
    # DSL Art. 45(1): CNY 50,000 - 500,000, span 450,000; splits at 30 % and 70 % -> 185,000 and
    # 365,000; float 10 points -> 140,000/230,000 and 320,000/410,000. The fine is optional
    # ("may"), but a lenient fine still starts at the minimum (a warning alone is the lighter
    # alternative); mitigated is 0 up to, not including, the minimum.
    s = whatif.band_scale(REPEAT)
    assert s is not None
    assert s.statutory == r("50000", "500000")
    assert s.ranges["mitigated"] == r("0", "50000", high_exclusive=True)
    assert s.ranges["lenient"] == r("50000", "185000")
    assert s.ranges["standard"] == r("185000", "365000")
    assert s.ranges["aggravated"] == r("365000", "500000")
    assert s.float_ranges["standard"] == r("140000", "410000")
    assert s.float_ranges["aggravated"] == r("320000", "500000")
    assert s.open_bands == ["aggravated"] and s.band == "aggravated"


def test_band_scale_agrees_with_assess_on_open_bands() -> None:
    for case in (DSL45, REPEAT, {**DSL45, "circumstances": ["eliminated_or_reduced_harm"]}):
        a = penalty.assess(case)
        s = whatif.band_scale(case)
        assert s is not None
        for b, rng in a.ranges.items():
            assert s.ranges[b] == rng
            assert s.float_ranges[b] == a.float_ranges[b]


def test_band_scale_no_fine_is_none() -> None:
    case = {"provision": "alg-31-0-entity-base", "violation_date": "2025-09-01",
            "decision_date": "2025-12-01"}
    assert whatif.band_scale(case) is None


def test_band_scale_bad_input_raises_library_error() -> None:
    with pytest.raises(penalty.InputError):
        whatif.band_scale({**DSL45, "decision_date": "2025-01-01"})


def test_removing_the_repeat_offence_moves_band_to_standard() -> None:
    base, toggles = whatif.single_toggles(REPEAT)
    assert base.band == "aggravated" and base.fine == r("365000", "500000")
    t = next(t for t in toggles if t.code == "repeat_offence_within_year")
    assert (t.change, t.via) == ("remove", "prior_penalties")
    assert t.outcome.band == "standard" and t.outcome.fine == r("185000", "365000")
    assert t.band_changed
    assert t.fine_low_change_cny == D("-180000")  # 185,000 - 365,000
    assert t.fine_high_change_cny == D("-135000")  # 365,000 - 500,000
    # the same as assessing the variant directly
    assert penalty.assess(DSL45).fine == t.outcome.fine


def test_adding_a_no_penalty_circumstance() -> None:
    _, toggles = whatif.single_toggles(DSL45)
    t = next(t for t in toggles if t.code == "minor_corrected_no_harm")
    assert t.change == "add" and t.outcome.band == "no_penalty"
    assert t.fine_high_change_cny == D("-365000")  # standard high 365,000 -> 0


def test_only_changes_keeps_band_moving_toggles() -> None:
    _, all_toggles = whatif.single_toggles(REPEAT)
    _, moving = whatif.single_toggles(REPEAT, only_changes=True)
    assert [t.code for t in moving] == [t.code for t in all_toggles if t.band_changed]
    # another aggravating circumstance does not move an aggravated case
    assert "evidence_tampering" not in {t.code for t in moving}


def test_candidates_follow_party_kind() -> None:
    org = whatif.candidate_circumstances(DSL45)
    ind = whatif.candidate_circumstances({**DSL45, "party": {"kind": "individual"}})
    assert "mental_incapacity" not in org and "mental_incapacity" in ind
    assert "under_14" not in ind  # derived from the age
    assert "repeat_offence_within_year" in org  # may also be given directly


def test_assess_many_keeps_going_past_a_refused_case() -> None:
    good = penalty.parse_case(DSL45)
    bad = penalty.parse_case({**DSL45, "circumstances": ["mental_incapacity"]})  # individuals only
    outs = whatif.assess_many([good, bad, good])
    assert outs[0].band == outs[2].band == "standard"
    assert outs[1].error is not None and outs[1].error_field == "circumstances"
    assert "mental_incapacity" in outs[1].error


def test_givable_circumstances_are_the_candidates_of_the_party_kind() -> None:
    ind = {**DSL45, "party": {"kind": "individual"}}
    assert whatif.givable_circumstances("organisation") == whatif.candidate_circumstances(DSL45)
    assert whatif.givable_circumstances("individual") == whatif.candidate_circumstances(ind)


def test_assess_many_message_is_the_library_message_without_the_row() -> None:
    good = penalty.parse_case(DSL45)
    bad = penalty.parse_case({**DSL45, "circumstances": ["mental_incapacity"]})
    outs = whatif.assess_many([good, good, bad])
    with pytest.raises(penalty.InputError) as exc:
        penalty.assess(bad)
    assert outs[2].error == str(exc.value)
    assert not outs[2].error.startswith("row ")


def test_sweep_of_gains_by_hand() -> None:
    case = {"provision": "csl2017-64-2-entity-base", "violation_date": "2024-03-01",
            "decision_date": "2025-10-01", "illegal_gain_cny": "200000"}
    pts = whatif.sweep(case, "illegal_gain_cny", [D("200000"), D("1000000")])
    # CSL 2017 Art. 64(2): 1x-10x the gains; standard band 30 %-70 % of the span
    assert pts[0].is_base and pts[0].outcome.fine == r("740000", "1460000")
    assert not pts[1].is_base and pts[1].outcome.fine == r("3700000", "7300000")


def test_default_grid_around_the_base_value() -> None:
    grid = whatif.default_grid(D("123456.78"))
    # 0, v/10, v/4, v/2, v, 2v, 4v, 10v, each rounded down to the fen
    assert grid == [D("0"), D("12345.67"), D("30864.19"), D("61728.39"), D("123456.78"),
                    D("246913.56"), D("493827.12"), D("1234567.80")]
    assert whatif.default_grid(None)[:4] == [D("0"), D("1000"), D("2000"), D("5000")]


def test_sweep_rejects_unknown_field() -> None:
    with pytest.raises(penalty.InputError):
        whatif.sweep(DSL45, "persons_count")  # type: ignore[arg-type]


def test_variant_replaces_circumstances_and_amounts() -> None:
    v = whatif.variant(DSL45, circumstances=["evidence_tampering"],
                       amounts={"illegal_gain_cny": "1000"})
    assert v.circumstances == ["evidence_tampering"] and v.illegal_gain_cny == D("1000")
    assert penalty.assess(v).band == "aggravated"
    with pytest.raises(penalty.InputError):
        whatif.variant(DSL45, amounts={"illegal_gain_cny": "12abc"})


def test_one_variant_generator_serves_the_what_if_and_the_workbook():
    """penalty.whatif.case_data_with builds every variant: a changed amount is exact text, the
    case keeps the one provision field it uses, and nothing else moves."""
    from penalty.export import scenarios
    from penalty.whatif import case_data_with

    base = penalty.parse_case({"provision": "pipl-66-1-entity-base",
                               "violation_date": "2025-09-01", "decision_date": "2025-12-01",
                               "party": {"kind": "organisation"}, "illegal_gain_cny": "1000",
                               "circumstances": ["minor_corrected_no_harm"]})
    data = case_data_with(base, illegal_gain_cny=Decimal("500.5"), circumstances=[])
    assert data["illegal_gain_cny"] == "500.5" and data["circumstances"] == []
    assert data["provision"] == "pipl-66-1-entity-base" and "provisions" not in data
    assert penalty.parse_case(data).violation_date == base.violation_date
    assert scenarios.case_data_with is case_data_with
