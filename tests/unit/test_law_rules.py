"""What the law allows, exactly: optional fines, the mitigated band's open end, no double
counting, contradictory facts, orders that are not penalties, missing grounds, the APL's own
texts and the open points taken as assumptions. Every expectation is computed by hand in the
comment above it; the issue's examples run through ``penalty.assess``, ``penalty.assess_frame``
and ``penalty assess`` alike.
"""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner
from unit_helpers import R, assess, assumption_ids, case, reason, rng

import penalty
from penalty.cli import app
from penalty.explain import range_words

DSL45 = "dsl-45-1-entity-base"  # warning, "may additionally" fine 50,000 - 500,000
DSL48 = "dsl-48-1-entity-base"  # warning and fine 50,000 - 500,000 ("shall")
PRIOR = [{"decided_on": "2025-03-01", "same_kind": True, "by_cac": True}]


def frame_row(c: dict) -> pd.Series:
    return penalty.assess_frame(pd.DataFrame([penalty.case_to_row(c)])).iloc[0]


def cli(c: dict) -> dict:
    r = CliRunner().invoke(app, ["assess", "-"], input=json.dumps(c))
    assert r.exit_code == 0, r.output
    return json.loads(r.stdout)


def codes(a: penalty.Assessment) -> list[str]:
    return [x.code for x in a.reasons]


# ------------------------------------------------------------- 1. optional fines (可以并处罚款)
def test_dsl45_lenient_starts_at_the_minimum_and_a_warning_alone_is_possible():
    # 50,000 + 30 % of 450,000 = 185,000; persons (DSL 45(1), may 10,000 - 100,000):
    # 10,000 + 30 % of 90,000 = 37,000
    c = case(DSL45, circumstances=["eliminated_or_reduced_harm"])
    a = penalty.assess(c)
    assert a.band == "lenient" and a.fine_optional is True
    assert rng(a.ranges["lenient"]) == R(50_000, 185_000)
    p = a.responsible_persons[0]
    assert p.fine_optional is True and rng(p.ranges["lenient"]) == R(10_000, 37_000)
    r = reason(a, "fine_optional")
    assert r.effect == "warning_alone_possible"
    assert "warning alone" in r.en and "单处警告" in r.zh
    assert "persons_fine_optional" in codes(a)
    # the same through the batch path and the command line
    row = frame_row(c)
    assert bool(row["fine_optional"]) is True
    assert (row["lenient_low_fen"], row["lenient_high_fen"]) == (5_000_000, 18_500_000)
    out = cli(c)
    assert out["fine_optional"] is True
    assert out["ranges"]["lenient"]["low_cny"] == "50000.00"
    assert out["responsible_persons"][0]["ranges"]["lenient"]["high_cny"] == "37000.00"


def test_csl2017_64_with_gains_lenient_from_the_gains():
    # gains 200,000 x 1 .. 10 = 200,000 - 2,000,000; 200,000 + 30 % of 1,800,000 = 740,000
    c = case("csl2017-64-1-entity-base", illegal_gain_cny="200000",
             circumstances=["eliminated_or_reduced_harm"])
    a = penalty.assess(c)
    assert rng(a.ranges["lenient"]) == R(200_000, 740_000) and a.fine_optional
    row = frame_row(c)
    assert (row["lenient_low_fen"], row["lenient_high_fen"]) == (20_000_000, 74_000_000)
    assert cli(c)["ranges"]["lenient"]["low_cny"] == "200000.00"


def test_standard_band_keeps_the_fine_unless_the_option_allows_a_warning_alone():
    # DSL 45(1), no circumstance: standard 185,000 - 365,000; persons 37,000 - 73,000.
    # Total low: 185,000 + 37,000 = 222,000; with the option a warning alone is a standard
    # outcome too, so the total starts at 0 (no confiscation).
    a = assess(DSL45)
    assert rng(a.fine) == R(185_000, 365_000)
    assert rng(a.total_exposure) == R(222_000, 438_000)
    assert reason(a, "fine_optional").effect == "fine_not_below_minimum"
    assert "warning_alone_in_standard_band" in assumption_ids(a)
    c = case(DSL45, options={"warning_alone_in_standard_band": True})
    b = penalty.assess(c)
    assert rng(b.fine) == R(185_000, 365_000)
    assert rng(b.total_exposure) == R(0, 438_000)
    assert reason(b, "fine_optional").effect == "warning_alone_possible"
    assert frame_row(c)["total_low_fen"] == 0


def test_lenient_band_total_exposure_starts_at_zero_where_a_warning_alone_is_possible():
    # CII Regs 43(1), individual, may fine 50,000 - 500,000, partial capacity ("may"):
    # mitigated, lenient, standard open; total low 0 (no fine at all is possible)
    a = assess("ciir-43-1-individual-base", party={"kind": "individual", "age": 30},
               circumstances=["partial_mental_capacity"])
    assert rng(a.ranges["lenient"]) == R(50_000, 185_000)
    assert rng(a.total_exposure)[0] == 0


def test_shall_fine_has_no_warning_alone():
    a = assess(DSL48, circumstances=["eliminated_or_reduced_harm"])
    assert a.fine_optional is False and "fine_optional" not in codes(a)


# ----------------------------------------------------------- 2. mitigated is below the minimum
def test_mitigated_upper_end_is_exclusive_and_worded_below():
    a = assess(DSL48, circumstances=["eliminated_or_reduced_harm"])
    m = a.ranges["mitigated"]
    assert rng(m) == R(0, 50_000) and m.high_exclusive is True
    assert a.float_ranges["mitigated"].high_exclusive is True
    assert a.ranges["lenient"].high_exclusive is False
    assert range_words(m, "en") == "below CNY 50,000"
    assert range_words(m, "zh") == "低于50,000元"
    assert range_words(a.ranges["lenient"], "en") == "CNY 50,000 to CNY 185,000"
    assert cli(case(DSL48, circumstances=["eliminated_or_reduced_harm"])
               )["ranges"]["mitigated"]["high_exclusive"] is True


def test_mitigated_with_a_zero_minimum_is_not_exclusive():
    # PIPL 66(1) refusal tier: 1,000,000 or less, minimum 0: mitigated can only be 0
    a = assess("pipl-66-1-entity-refuse_rectify", circumstances=["eliminated_or_reduced_harm"])
    assert rng(a.ranges["mitigated"]) == R(0, 0)
    assert a.ranges["mitigated"].high_exclusive is False


def test_statement_words_the_mitigated_band_as_below_the_minimum():
    from penalty.export.statement import span_text

    a = assess(DSL48, circumstances=["eliminated_or_reduced_harm"])
    assert span_text(a.ranges["mitigated"], "en") == "below CNY 50,000"
    assert span_text(a.ranges["mitigated"], "zh") == "低于50,000元"


# ------------------------------------------------------------------ 6. no double counting
def test_pipl_66_2_serious_case_does_not_aggravate_its_own_tier():
    # turnover 2,000,000,000 x 5 % = 100,000,000 > 50,000,000: range 0 - 100,000,000;
    # standard 30 % - 70 % = 30,000,000 - 70,000,000
    c = case("pipl-66-2-entity-serious", turnover_cny="2000000000",
             circumstances=["serious_personal_information_violation"])
    a = penalty.assess(c)
    assert (a.band, a.bands) == ("standard", ["standard"])
    assert rng(a.fine) == R(30_000_000, 70_000_000)
    r = reason(a, "double_evaluation")
    assert "重复评价" in r.zh and "serious_personal_information_violation" not in codes(a)
    row = frame_row(c)
    assert row["band"] == "standard"
    assert (row["fine_low_fen"], row["fine_high_fen"]) == (3_000_000_000, 7_000_000_000)
    out = cli(c)
    assert out["band"] == "standard" and "double_evaluation" in [x["code"] for x in out["reasons"]]


def test_a_circumstance_outside_the_tier_still_aggravates():
    # the same tier with another aggravating fact: aggravated 70,000,000 - 100,000,000
    a = assess("pipl-66-2-entity-serious", turnover_cny="2000000000",
               circumstances=["serious_personal_information_violation", "evidence_tampering"])
    assert a.band == "aggravated" and rng(a.fine) == R(70_000_000, 100_000_000)


@pytest.mark.parametrize("pid, code", [
    ("csl2017-69-0-items2_3-entity-refuse_or_serious", "obstructed_enforcement"),
    ("mnpr-54-2-entity-serious", "serious_minors_protection_breach"),
    ("mpl-127-0-entity-refuse_or_serious", "serious_minors_protection_breach"),
])
def test_tier_circumstances_from_the_data(pid, code):
    cat = penalty.load_catalogue()
    assert code in cat.provisions[pid].tier_circumstances
    c = case(pid, turnover_cny="1000000", circumstances=[code])
    if pid.startswith("csl2017"):
        c.update(violation_date="2025-06-01", decision_date="2025-09-01")
    a = penalty.assess(c)
    assert a.bands == ["standard"] and "double_evaluation" in codes(a)


# ------------------------------------------------------------------ 7. contradictory facts
def test_first_violation_with_a_prior_same_kind_penalty_is_set_aside():
    # DSL 45(1): standard 185,000 - 365,000
    c = case(DSL45, circumstances=["first_offence_minor_harm_corrected"], prior_penalties=PRIOR)
    a = penalty.assess(c)
    assert (a.band, a.bands) == ("standard", ["standard"])
    assert rng(a.fine) == R(185_000, 365_000)
    r = reason(a, "circumstance_not_applicable")
    assert "first violation" in r.en and "初次违法" in r.zh
    assert "first_violation_lookback" in assumption_ids(a)
    assert frame_row(c)["band"] == "standard"
    assert cli(c)["band"] == "standard"


def test_a_penalty_by_another_authority_also_rules_out_a_first_violation():
    a = assess(DSL45, circumstances=["first_offence_minor_harm_corrected"],
               prior_penalties=[{**PRIOR[0], "by_cac": False}])
    assert a.band == "standard" and "repeat_offence_short" not in codes(a)


def test_first_violation_lookback_option():
    # the prior penalty (2025-03-01) is six months before the act (2025-09-01): with a
    # three-month look-back the act is a first violation again -> no penalty by default
    a = assess(DSL45, circumstances=["first_offence_minor_harm_corrected"], prior_penalties=PRIOR,
               options={"first_violation_lookback_months": 3})
    assert a.band == "no_penalty" and "circumstance_not_applicable" not in codes(a)
    later = [{**PRIOR[0], "decided_on": "2025-10-01"}]  # after the act: not an earlier penalty
    assert assess(DSL45, circumstances=["first_offence_minor_harm_corrected"],
                  prior_penalties=later).band == "no_penalty"


def test_promptly_corrected_on_a_refusal_tier_is_set_aside():
    # PIPL 66(1) refusal tier, 1,000,000 or less: standard 300,000 - 700,000
    c = case("pipl-66-1-entity-refuse_rectify", circumstances=["minor_corrected_no_harm"])
    a = penalty.assess(c)
    assert (a.band, a.bands) == ("standard", ["standard"])
    assert rng(a.fine) == R(300_000, 700_000)
    r = reason(a, "circumstance_not_applicable")
    assert "拒不改正" in r.zh and "refuses to rectify" in r.en
    row = frame_row(c)
    assert (row["fine_low_fen"], row["fine_high_fen"]) == (30_000_000, 70_000_000)
    assert cli(c)["band"] == "standard"


def test_organisation_on_an_individuals_only_provision_is_an_input_error():
    c = case("csl2017-63-1-individual-base", violation_date="2025-06-01",
             decision_date="2025-09-01")
    with pytest.raises(penalty.InputError) as exc:
        penalty.assess(c)
    assert exc.value.field == "party.kind"
    assert "organisation" in str(exc.value) and "csl2017-63-1-individual-base" in str(exc.value)
    row = frame_row({**c, "party": {"kind": "individual"}})
    assert pd.isna(row["error"])
    df = pd.DataFrame([penalty.case_to_row({**c, "party": {"kind": "individual"}})])
    df["party_kind"] = "organisation"
    bad = penalty.assess_frame(df).iloc[0]
    assert bad["error_field"] == "party_kind" and "csl2017-63-1-individual-base" in bad["error"]


# ---------------------------------------------------------------- 9. orders are not penalties
def test_an_order_to_rectify_has_no_band():
    c = case("csl2017-61-0-entity-base", violation_date="2025-06-01",
             decision_date="2025-09-01", illegal_gain_cny="1000")
    a = penalty.assess(c)
    assert (a.band, a.bands, a.ranges, a.fine) == (None, [], {}, None)
    r = reason(a, "order_not_penalty")
    assert r.citation == "APL Arts. 9 and 28(1)" and "不属于行政处罚" in r.zh
    assert "band" not in codes(a) and "two_stage_only" not in assumption_ids(a)
    assert rng(a.total_exposure) == R(0, 0)  # nothing confiscated without a penalty
    row = frame_row(c)
    assert pd.isna(row["band"]) and row["bands"] == ""
    out = cli(c)
    assert out["band"] is None and out["ranges"] == {}


def test_an_order_only_norm_yields_to_a_penalty_norm_under_apl_29():
    a = assess(["csl2017-61-0-entity-base", "csl2017-59-1-entity-base"],
               violation_date="2025-06-01", decision_date="2025-09-01")
    assert a.provision_applied == "csl2017-59-1-entity-base"


# ------------------------------------------------------------------- 10. missing grounds
def test_public_emergency_aggravates():
    # APL Art. 49; DSL 48(1): aggravated 365,000 - 500,000
    a = assess(DSL48, circumstances=["emergency_response_violation"])
    assert a.band == "aggravated" and rng(a.fine) == R(365_000, 500_000)
    assert reason(a, "emergency_response_violation").citation == "APL Art. 49"


def test_algorithm_subsidiarity_and_deep_synthesis_aggravation_clauses():
    a = assess("alg-31-0-entity-base")
    assert "法律、行政法规有规定的" in reason(a, "subsidiarity").zh
    b = assess(["ds-22-0-referral", DSL48])  # one act, two norms: the clause still shows
    assert b.provision_applied == DSL48
    assert "从重" in reason(b, "aggravate_by_law").zh


def test_one_prior_penalty_is_one_short_of_a_repeat_offence():
    a = assess(DSL48, prior_penalties=PRIOR)
    assert a.band == "standard"
    assert "1 of the 2 required" in reason(a, "repeat_offence_short").en
    two = PRIOR + [{**PRIOR[0], "decided_on": "2025-05-01"}]
    b = assess(DSL48, prior_penalties=two)
    assert b.band == "aggravated" and "repeat_offence_short" not in codes(b)


# ---------------------------------------------------------------- 11. the APL's own texts
def test_apl_values_are_looked_up_by_date():
    cat = penalty.load_catalogue()
    days = np.array(["2021-07-14", "2021-07-15", "2030-01-01"], dtype="datetime64[D]")
    assert cat.param("apl.limitation_years_serious").over(days).tolist() == [2, 5, 5]
    assert cat.param("apl.first_violation_no_penalty").over(days).tolist() == [False, True, True]
    texts = cat.param("apl.texts")
    assert [t.label_en for t in texts.over(days)] == [
        "APL 1996 text (as amended in 2009 and 2017)", "APL 2021 revision", "APL 2021 revision"]
    assert texts.first_day_of(texts.at(dt_date("2021-07-14"))).isoformat() == "1996-10-01"


def dt_date(s: str):
    import datetime as dt
    return dt.date.fromisoformat(s)


def test_act_before_the_2021_text_keeps_two_years_even_where_health_is_harmed():
    # act 2021-06-01, 2021 text from 2021-07-15: two years (to 2023-06-01), not five
    old = assess("csl2017-64-1-entity-base", violation_date="2021-06-01",
                 decision_date="2021-12-01", circumstances=["harm_to_life_health_or_finance"])
    assert (old.limitation.period_years, str(old.limitation.expires_on)) == (2, "2023-06-01")
    assert "apl_text" in codes(old) and "apl_2021_lighter_rules" in assumption_ids(old)
    assert reason(old, "circumstance_not_applicable").effect == "no_longer_period"
    new = assess("csl2017-64-1-entity-base", violation_date="2021-08-01",
                 decision_date="2021-12-01", circumstances=["harm_to_life_health_or_finance"])
    assert (new.limitation.period_years, str(new.limitation.expires_on)) == (5, "2026-08-01")
    assert "apl_text" not in codes(new)


def test_2021_grounds_for_an_earlier_act():
    base = dict(violation_date="2021-06-01", decision_date="2021-12-01",
                circumstances=["no_subjective_fault"])
    # default: the later, lighter ground applies (decided under the 2021 text)
    assert assess("csl2017-64-1-entity-base", **base).band == "no_penalty"
    # option off: set aside; ceiling-only 1,000,000 fallback -> standard 300,000 - 700,000
    a = assess("csl2017-64-1-entity-base", **base,
               options={"apl_2021_lighter_rules_for_earlier_acts": False})
    assert a.band == "standard" and rng(a.fine) == R(300_000, 700_000)
    assert "2021-07-15" in reason(a, "circumstance_not_applicable").en
    # decided before the 2021 text took effect: the ground does not exist yet
    b = assess("csl2017-64-1-entity-base", violation_date="2021-06-01",
               decision_date="2021-07-01", circumstances=["no_subjective_fault"])
    assert b.band == "standard"


# ------------------------------------------------------------ 12. open points as assumptions
def test_confiscation_without_a_penalty_is_an_option():
    c = case(DSL48, illegal_gain_cny="10000", circumstances=["no_subjective_fault"])
    a = penalty.assess(c)
    assert a.band == "no_penalty" and a.confiscation_cny == 0
    assert "confiscation_without_penalty" in assumption_ids(a)
    c["options"] = {"confiscate_when_not_punished": True}
    b = penalty.assess(c)
    assert b.confiscation_cny == 10_000 and rng(b.total_exposure) == R(10_000, 10_000)
    assert frame_row(c)["confiscation_fen"] == 1_000_000


def test_aggravated_band_for_minors_is_an_option():
    c = case("ciir-43-1-individual-base", party={"kind": "individual", "age": 16},
             circumstances=["evidence_tampering"])
    a = penalty.assess(c)
    assert a.band is None and "aggravated" in a.bands
    assert "aggravated_for_minors" in assumption_ids(a)
    c["options"] = {"aggravated_for_minors": False}
    b = penalty.assess(c)
    assert (b.band, b.bands) == ("lenient", ["mitigated", "lenient"])
    assert rng(b.fine) == R(0, 185_000)
    assert frame_row(c)["bands"] == "mitigated;lenient"


def test_apl_29_absorbs_only_the_fine():
    a = assess([DSL48, DSL45])
    r = reason(a, "one_act_several_norms")
    assert "other types can still be imposed" in r.en and "其他种类处罚仍可适用" in r.zh
    assert "several_norms_fine_only" in assumption_ids(a)


def test_local_refinements_are_said_to_be_unmodelled():
    assert "no_local_benchmark" in assumption_ids(assess(DSL48))
    assert "law_version_entity_ceiling" in assumption_ids(assess(
        "csl2017-59-1-entity-base", violation_date="2025-12-01", decision_date="2026-03-01"))


def test_every_new_option_has_its_assumption():
    cat = penalty.load_catalogue()
    options = {a.option for a in cat.assumptions.values() if a.option}
    for name in ("warning_alone_in_standard_band", "first_violation_lookback_months",
                 "confiscate_when_not_punished", "aggravated_for_minors",
                 "apl_2021_lighter_rules_for_earlier_acts"):
        assert name in options and name in penalty.FRAME_COLUMNS
        assert name in penalty.models.Options.model_fields
