"""Every fine basis, with the band ranges computed by hand (Provision Art. 12: lenient below
30 % of the span, standard 30-70 %, aggravated above 70 %, each split point may float by 10
points; Art. 5: mitigated below the statutory minimum).

Amounts are yuan; the library rounds fractions of a fen down.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from unit_helpers import R, assess, assumption_ids, cny, float_ranges, ranges, reason, rng

import penalty

BOTH_SIDES = ["eliminated_or_reduced_harm", "serious_network_security_harm"]  # opens every band


# ------------------------------------------------------------------------------- fixed range
def test_fixed_range_split_shall():
    # DSL Art. 48(1), entity, shall: 50,000 to 500,000.  span = 450,000
    #   30 % of span = 135,000 -> lenient   [50,000 ; 50,000 + 135,000 = 185,000]
    #   70 % of span = 315,000 -> standard  [185,000 ; 50,000 + 315,000 = 365,000]
    #                             aggravated [365,000 ; 500,000]
    #   mitigated: below the minimum        [0 ; 50,000]
    a = assess("dsl-48-1-entity-base", circumstances=BOTH_SIDES)
    assert rng(a.statutory) == R(50_000, 500_000)
    assert a.fine_basis == "fixed" and a.fine_optional is False
    assert ranges(a) == {
        "mitigated": R(0, 50_000),
        "lenient": R(50_000, 185_000),
        "standard": R(185_000, 365_000),
        "aggravated": R(365_000, 500_000),
    }
    # union of the open bands
    assert rng(a.fine) == R(0, 500_000)


def test_fixed_range_float():
    # Float of 10 points on each split point of DSL Art. 48(1) (span 450,000):
    #   20 % -> 50,000 +  90,000 = 140,000     40 % -> 50,000 + 180,000 = 230,000
    #   60 % -> 50,000 + 270,000 = 320,000     80 % -> 50,000 + 360,000 = 410,000
    a = assess("dsl-48-1-entity-base", circumstances=BOTH_SIDES)
    assert float_ranges(a) == {
        "mitigated": R(0, 50_000),
        "lenient": R(50_000, 230_000),
        "standard": R(140_000, 410_000),
        "aggravated": R(320_000, 500_000),
    }
    assert {"band_boundaries_closed", "float_both_points"} <= assumption_ids(a)


def test_fixed_range_default_band_is_standard():
    # No circumstance: standard only, 185,000 to 365,000 (see above); float 140,000 to 410,000.
    a = assess("dsl-48-1-entity-base")
    assert (a.band, a.bands) == ("standard", ["standard"])
    assert rng(a.fine) == R(185_000, 365_000)
    assert rng(a.float_fine) == R(140_000, 410_000)
    assert reason(a, "band").citation.startswith("Provision Art. 11 (article number reconstructed")
    assert "Provision Art. 12" in reason(a, "split").citation


# ------------------------------------------------------------------------ optional ("may")
def test_optional_fine_lenient_starts_at_the_minimum():
    # DSL Art. 45(1), entity: "may" fine of 50,000 to 500,000. Same split points as DSL 48(1)
    # (185,000 and 365,000); a lenient outcome may carry no fine at all (a warning alone), but a
    # fine, where imposed, is never below the minimum: lenient [50,000 ; 185,000].
    a = assess("dsl-45-1-entity-base", circumstances=BOTH_SIDES)
    assert a.fine_optional is True
    assert ranges(a) == {
        "mitigated": R(0, 50_000),
        "lenient": R(50_000, 185_000),
        "standard": R(185_000, 365_000),
        "aggravated": R(365_000, 500_000),
    }
    assert "optional_fine_may_be_nil" in assumption_ids(a)


def test_shall_fine_has_no_optional_assumption():
    a = assess("dsl-48-1-entity-base")
    assert a.fine_optional is False
    assert "optional_fine_may_be_nil" not in assumption_ids(a)


# ----------------------------------------------------------------------------- ceiling only
def test_ceiling_only_minimum_zero():
    # PIPL Art. 66(1), refuses to rectify: "1,000,000 or less" -> [0 ; 1,000,000], span 1,000,000
    #   lenient [0 ; 300,000], standard [300,000 ; 700,000], aggravated [700,000 ; 1,000,000]
    #   mitigated: minimum is 0, so only a concurrent penalty type can go: [0 ; 0]
    a = assess("pipl-66-1-entity-refuse_rectify", circumstances=BOTH_SIDES)
    assert rng(a.statutory) == R(0, 1_000_000)
    assert ranges(a) == {
        "mitigated": R(0, 0),
        "lenient": R(0, 300_000),
        "standard": R(300_000, 700_000),
        "aggravated": R(700_000, 1_000_000),
    }
    ids = assumption_ids(a)
    assert "ceiling_only_minimum_zero" in ids
    assert "mitigated_drops_penalty_type" in ids and "mitigated_floor_zero" not in ids


def test_fixed_range_with_minimum_has_no_ceiling_only_assumption():
    assert "ceiling_only_minimum_zero" not in assumption_ids(assess("dsl-48-1-entity-base"))


# --------------------------------------------------------------------- multiple of gains
def test_gain_multiple_above_threshold():
    # DSL Art. 47: 1 to 10 times the illegal gains where gains >= 100,000.
    # gains 200,000 -> [200,000 ; 2,000,000], span 1,800,000
    #   standard: multiples 1 + 0.3 x 9 = 3.7 and 1 + 0.7 x 9 = 7.3 -> [740,000 ; 1,460,000]
    #   (the same as 200,000 + 540,000 and 200,000 + 1,260,000)
    a = assess("dsl-47-0-entity-base", illegal_gain_cny="200000")
    assert a.fine_basis == "gain_multiple"
    assert rng(a.statutory) == R(200_000, 2_000_000)
    assert rng(a.fine) == R(740_000, 1_460_000)
    assert "gains_fallback_range" not in assumption_ids(a)


def test_gain_multiple_at_threshold_uses_multiple():
    # gains exactly 100,000 ("100,000 or more"): 1x to 10x -> [100,000 ; 1,000,000]
    a = assess("dsl-47-0-entity-base", illegal_gain_cny="100000")
    assert rng(a.statutory) == R(100_000, 1_000_000)
    assert "gains_fallback_range" not in assumption_ids(a)


@pytest.mark.parametrize("gains", ["99999.99", "50000", None])
def test_gain_multiple_below_threshold_or_none_uses_fallback(gains):
    # Below 100,000 or no gains: fallback 100,000 to 1,000,000, span 900,000
    #   standard [100,000 + 270,000 = 370,000 ; 100,000 + 630,000 = 730,000]
    fields = {} if gains is None else {"illegal_gain_cny": gains}
    a = assess("dsl-47-0-entity-base", **fields)
    assert rng(a.statutory) == R(100_000, 1_000_000)
    assert rng(a.fine) == R(370_000, 730_000)
    assert "gains_fallback_range" in assumption_ids(a)


def test_gain_multiple_without_threshold_and_zero_gains_falls_back():
    # CSL 2017 Art. 64(2): 1 to 10 times the gains, no threshold; without gains "1,000,000 or
    # less" -> fallback [0 ; 1,000,000] (ceiling only), standard [300,000 ; 700,000].
    a = assess("csl2017-64-2-entity-base", illegal_gain_cny="0")
    assert rng(a.statutory) == R(0, 1_000_000)
    assert rng(a.fine) == R(300_000, 700_000)
    assert {"gains_fallback_range", "ceiling_only_minimum_zero"} <= assumption_ids(a)


def test_gain_multiple_rounds_down_to_the_fen():
    # CSL 2017 Art. 64(2), gains 333.33: [333.33 ; 3,333.30], span 2,999.97 = 299,997 fen
    #   30 %: 89,999.1 fen -> 89,999 fen;  33,333 + 89,999 = 123,332 fen = 1,233.32
    #   70 %: 209,997.9 fen -> 209,997 fen; 33,333 + 209,997 = 243,330 fen = 2,433.30
    a = assess("csl2017-64-2-entity-base", illegal_gain_cny="333.33")
    assert rng(a.statutory) == R("333.33", "3333.30")
    assert rng(a.fine) == R("1233.32", "2433.30")


# --------------------------------------------------------------- multiple of procurement
def test_procurement_multiple():
    # CII Regulations Art. 41: 1 to 10 times the procurement amount.
    # 1,000,000 -> [1,000,000 ; 10,000,000], span 9,000,000
    #   standard [1,000,000 + 2,700,000 = 3,700,000 ; 1,000,000 + 6,300,000 = 7,300,000]
    a = assess("ciir-41-0-entity-base", procurement_amount_cny="1000000")
    assert a.fine_basis == "procurement_multiple"
    assert rng(a.statutory) == R(1_000_000, 10_000_000)
    assert rng(a.fine) == R(3_700_000, 7_300_000)


def test_procurement_multiple_requires_the_amount():
    with pytest.raises(penalty.InputError) as exc:
        assess("ciir-41-0-entity-base")
    assert exc.value.field == "procurement_amount_cny"
    assert "procurement" in str(exc.value) and "ciir-41-0-entity-base" in str(exc.value)


# ------------------------------------------------------------------ fixed or turnover ceiling
def test_turnover_higher_by_default():
    # PIPL Art. 66(2): up to 50,000,000 or 5 % of last year's turnover.
    # turnover 2,000,000,000 -> 5 % = 100,000,000 > 50,000,000: higher = [0 ; 100,000,000]
    #   standard [30,000,000 ; 70,000,000]
    a = assess("pipl-66-2-entity-serious", turnover_cny="2000000000")
    assert a.fine_basis == "fixed_or_turnover"
    assert rng(a.statutory) == R(0, 100_000_000)
    assert rng(a.fine) == R(30_000_000, 70_000_000)
    assert "turnover_ceiling" in assumption_ids(a)
    assert "turnover_missing" not in assumption_ids(a)


def test_turnover_option_fixed():
    # option fixed: [0 ; 50,000,000] -> standard [15,000,000 ; 35,000,000]
    a = assess("pipl-66-2-entity-serious", turnover_cny="2000000000",
               options={"turnover_ceiling": "fixed"})
    assert rng(a.statutory) == R(0, 50_000_000)
    assert rng(a.fine) == R(15_000_000, 35_000_000)
    # both ceilings still shown: fixed 50,000,000, turnover 5 % x 2,000,000,000 = 100,000,000
    assert (a.ceilings.fixed_cny, a.ceilings.turnover_cny, a.ceilings.applied) == (
        cny(50_000_000), cny(100_000_000), "fixed")


def test_turnover_option_turnover_even_when_lower():
    # turnover 400,000,000 -> 5 % = 20,000,000 (below the fixed 50,000,000)
    #   higher (default): 50,000,000;  option turnover: [0 ; 20,000,000], standard [6M ; 14M]
    higher = assess("pipl-66-2-entity-serious", turnover_cny="400000000")
    assert rng(higher.statutory) == R(0, 50_000_000)
    turnover = assess("pipl-66-2-entity-serious", turnover_cny="400000000",
                      options={"turnover_ceiling": "turnover"})
    assert rng(turnover.statutory) == R(0, 20_000_000)
    assert rng(turnover.fine) == R(6_000_000, 14_000_000)
    assert (higher.ceilings.applied, turnover.ceilings.applied) == ("fixed", "turnover")
    assert higher.ceilings.turnover_cny == turnover.ceilings.turnover_cny == cny(20_000_000)


def test_turnover_missing_uses_fixed_ceiling_and_says_so():
    # Minors Online Regulations Art. 54(2): 50,000,000 or 5 % of turnover; no turnover given.
    a = assess("mnpr-54-2-entity-serious")
    assert rng(a.statutory) == R(0, 50_000_000)
    assert "turnover_missing" in assumption_ids(a)
    assert (a.ceilings.fixed_cny, a.ceilings.turnover_cny, a.ceilings.applied) == (
        cny(50_000_000), None, "fixed")


def test_no_ceilings_block_for_other_bases():
    assert assess("dsl-48-1-entity-base").ceilings is None


def test_turnover_both_ceilings_are_shown():
    a = assess("pipl-66-2-entity-serious", turnover_cny="2000000000")
    text = " ".join(r.en for r in a.reasons)
    assert "50,000,000" in text and "100,000,000" in text
    assert a.ceilings is not None
    assert (a.ceilings.fixed_cny, a.ceilings.turnover_cny, a.ceilings.applied) == (
        Decimal(50000000), Decimal(100000000), "turnover")


# ------------------------------------------------------------------------------- mitigated
def test_mitigated_below_statutory_minimum():
    # DSL Art. 48(1) with a shall-mitigate circumstance: mitigated [0 ; 50,000] and lenient
    # [50,000 ; 185,000]; lenient is the default band.
    a = assess("dsl-48-1-entity-base", circumstances=["eliminated_or_reduced_harm"])
    assert (a.band, a.bands) == ("lenient", ["mitigated", "lenient"])
    assert ranges(a) == {"mitigated": R(0, 50_000), "lenient": R(50_000, 185_000)}
    assert {"mitigated_floor_zero", "lenient_or_mitigated_default"} <= assumption_ids(a)


def test_mitigated_is_zero_when_minimum_is_zero():
    # PIPL Art. 66(1) refuse: minimum 0 -> mitigated [0 ; 0]; lenient [0 ; 300,000]
    a = assess("pipl-66-1-entity-refuse_rectify", circumstances=["eliminated_or_reduced_harm"])
    assert ranges(a) == {"mitigated": R(0, 0), "lenient": R(0, 300_000)}
    assert "mitigated_drops_penalty_type" in assumption_ids(a)


def test_prefer_mitigated_option_changes_only_the_default_band():
    a = assess("dsl-48-1-entity-base", circumstances=["eliminated_or_reduced_harm"],
               options={"prefer_mitigated": True})
    assert (a.band, a.bands) == ("mitigated", ["mitigated", "lenient"])


# ----------------------------------------------------------------------- provisions w/o fine
def test_provision_without_fine():
    # PIPL Art. 66(1), first stage: order to rectify, warning, confiscation, suspension; no fine.
    a = assess("pipl-66-1-entity-base")
    assert a.fine_basis == "none"
    assert a.fine is None and a.float_fine is None and a.statutory is None
    assert a.ranges == {}
    assert reason(a, "no_fine").effect == "no_fine"


@pytest.mark.parametrize("circumstances, band, bands", [
    ([], "standard", ["standard"]),
    (["eliminated_or_reduced_harm"], "standard", ["standard"]),
    (["serious_network_security_harm"], "standard", ["standard"]),
    (BOTH_SIDES, "standard", ["standard"]),
    (["first_offence_minor_harm_corrected"], "no_penalty", ["no_penalty", "standard"]),
    (["minor_corrected_no_harm"], "no_penalty", ["no_penalty"]),
])
def test_two_stage_provision_has_only_no_penalty_and_standard(circumstances, band, bands):
    # CSL 2017 Art. 59(1), first stage: order to rectify and warning only -> only the no-penalty
    # and standard stages exist, whatever the circumstances.
    a = penalty.assess({"provision": "csl2017-59-1-entity-base", "violation_date": "2024-01-01",
                        "decision_date": "2025-09-01", "circumstances": circumstances})
    assert (a.band, a.bands) == (band, bands)
    assert "two_stage_only" in assumption_ids(a)
    assert a.fine is None
