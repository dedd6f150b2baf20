"""Every circumstance effect (Provision Arts. 7-11; APL Arts. 30-33), age, capacity and repeat
offences derived from prior penalties (Provision Art. 9(5)).

The entity provision used is DSL Art. 48(1), shall fine 50,000 to 500,000 (span 450,000):
mitigated [0 ; 50,000], lenient [50,000 ; 185,000], standard [185,000 ; 365,000],
aggravated [365,000 ; 500,000]. The individual provision is CII Regulations Art. 43(1), may fine
50,000 to 500,000: the same split points and ranges (an optional fine, where imposed, is never
below the minimum in the lenient band).
"""

from __future__ import annotations

import pytest
from unit_helpers import R, assess, assumption_ids, ranges, reason, rng

import penalty

ENTITY = "dsl-48-1-entity-base"
INDIVIDUAL = "ciir-43-1-individual-base"

SHALL_NO = ["minor_corrected_no_harm", "no_subjective_fault"]
SHALL_MILD = ["eliminated_or_reduced_harm", "coerced_or_induced", "confessed_unknown_violation",
              "meritorious_cooperation"]
AGGRAVATING = ["serious_network_security_harm", "serious_personal_information_violation",
               "serious_minors_protection_breach", "strong_public_reaction",
               "repeat_offence_within_year", "instigated_or_coerced_others", "evidence_tampering",
               "obstructed_enforcement", "retaliation", "egregious_other"]
ALL_FIVE = ["no_penalty", "mitigated", "lenient", "standard", "aggravated"]


def person(age: int | None = None) -> dict:
    return {"kind": "individual"} if age is None else {"kind": "individual", "age": age}


# ------------------------------------------------------------------------- no penalty (shall)
@pytest.mark.parametrize("code", SHALL_NO)
def test_shall_not_punish(code):
    a = assess(ENTITY, circumstances=[code])
    assert (a.band, a.bands) == ("no_penalty", ["no_penalty"])
    assert ranges(a) == {"no_penalty": R(0, 0)}
    assert rng(a.fine) == R(0, 0)
    r = reason(a, code)
    assert r.effect == "no_penalty_shall" and "Art. 7" in r.citation


def test_mental_incapacity_individual_not_punished():
    a = assess(INDIVIDUAL, party=person(40), circumstances=["mental_incapacity"])
    assert a.bands == ["no_penalty"]
    assert "APL Art. 31" in reason(a, "mental_incapacity").citation


def test_mental_incapacity_on_organisation_is_an_error():
    with pytest.raises(penalty.InputError) as exc:
        assess(ENTITY, circumstances=["mental_incapacity"])
    assert exc.value.field == "circumstances"
    assert "individual" in str(exc.value)


def test_shall_not_punish_overrides_aggravating():
    a = assess(ENTITY, circumstances=["minor_corrected_no_harm", "evidence_tampering"])
    assert a.bands == ["no_penalty"]


# -------------------------------------------------------------------------- no penalty (may)
def test_may_not_punish_keeps_the_otherwise_due_band_open():
    # first violation, minor harm, corrected: no penalty by default, standard stays open
    a = assess(ENTITY, circumstances=["first_offence_minor_harm_corrected"])
    assert (a.band, a.bands) == ("no_penalty", ["no_penalty", "standard"])
    assert ranges(a) == {"no_penalty": R(0, 0), "standard": R(185_000, 365_000)}
    assert rng(a.fine) == R(0, 365_000)
    assert "may_circumstance_applied" in assumption_ids(a)
    assert reason(a, "first_offence_minor_harm_corrected").effect == "no_penalty_may"


def test_may_not_punish_with_shall_mitigate():
    # no penalty by default; the band otherwise due (mitigated or lenient) stays open
    a = assess(ENTITY, circumstances=["first_offence_minor_harm_corrected",
                                      "eliminated_or_reduced_harm"])
    assert (a.band, a.bands) == ("no_penalty", ["no_penalty", "mitigated", "lenient"])


def test_may_circumstance_switched_off():
    a = assess(ENTITY, circumstances=["first_offence_minor_harm_corrected"],
               options={"apply_may_circumstances": False})
    assert (a.band, a.bands) == ("standard", ["standard"])


# --------------------------------------------------------------------- lenient or mitigated
@pytest.mark.parametrize("code", SHALL_MILD)
def test_shall_lenient_or_mitigated(code):
    a = assess(ENTITY, circumstances=[code])
    assert (a.band, a.bands) == ("lenient", ["mitigated", "lenient"])
    assert rng(a.fine) == R(0, 185_000)
    r = reason(a, code)
    assert r.effect == "lenient_or_mitigated_shall" and "Art. 8" in r.citation


def test_may_lenient_or_mitigated_keeps_standard_open():
    # partial mental capacity (APL Art. 31): may be lenient or mitigated; standard stays open.
    # CII Regs 43(1) is a "may" fine, but a fine in the lenient band still starts at the
    # minimum: lenient [50,000 ; 185,000] (a fine below it is mitigation)
    a = assess(INDIVIDUAL, party=person(30), circumstances=["partial_mental_capacity"])
    assert (a.band, a.bands) == ("lenient", ["mitigated", "lenient", "standard"])
    assert ranges(a) == {"mitigated": R(0, 50_000), "lenient": R(50_000, 185_000),
                         "standard": R(185_000, 365_000)}
    assert a.ranges["mitigated"].high_exclusive and not a.ranges["lenient"].high_exclusive
    assert "may_circumstance_applied" in assumption_ids(a)


def test_may_lenient_switched_off():
    a = assess(INDIVIDUAL, party=person(30), circumstances=["partial_mental_capacity"],
               options={"apply_may_circumstances": False})
    assert a.bands == ["standard"]


# ---------------------------------------------------------------------------- aggravated
@pytest.mark.parametrize("code", AGGRAVATING)
def test_aggravating(code):
    a = assess(ENTITY, circumstances=[code])
    assert (a.band, a.bands) == ("aggravated", ["aggravated"])
    assert rng(a.fine) == R(365_000, 500_000)
    r = reason(a, code)
    assert r.effect == "aggravate_shall" and r.citation.startswith("Provision Art. 9")


def test_limitation_flag_alone_changes_no_band():
    a = assess(ENTITY, circumstances=["harm_to_life_health_or_finance"])
    assert a.bands == ["standard"]
    assert a.limitation.period_years == 5


# -------------------------------------------------------------------------------- both sides
def test_both_sides_leave_the_band_open():
    # Provision Art. 10: weighed as a whole, no arithmetic -> band null, mitigated..aggravated
    a = assess(ENTITY, circumstances=["eliminated_or_reduced_harm", "strong_public_reaction"])
    assert a.band is None
    assert a.bands == ["mitigated", "lenient", "standard", "aggravated"]
    assert rng(a.fine) == R(0, 500_000)
    codes = {r.code for r in a.reasons}
    assert {"eliminated_or_reduced_harm", "strong_public_reaction"} <= codes
    assert reason(a, "band").citation.startswith("Provision Art. 10 (article number reconstructed")
    assert "both_sides_weighed" in assumption_ids(a)


def test_both_sides_with_may_not_punish_open_every_band():
    a = assess(ENTITY, circumstances=["first_offence_minor_harm_corrected", "retaliation"])
    assert a.band is None
    assert a.bands == ALL_FIVE


def test_both_sides_with_may_mitigate_open_from_mitigated():
    a = assess(INDIVIDUAL, party=person(30),
               circumstances=["partial_mental_capacity", "egregious_other"])
    assert a.band is None
    assert a.bands == ["mitigated", "lenient", "standard", "aggravated"]


# ---------------------------------------------------------------------------------------- age
@pytest.mark.parametrize("age, band, bands, derived", [
    (0, "no_penalty", ["no_penalty"], "under_14"),
    (13, "no_penalty", ["no_penalty"], "under_14"),
    (14, "lenient", ["mitigated", "lenient"], "age_14_to_17"),
    (17, "lenient", ["mitigated", "lenient"], "age_14_to_17"),
    (18, "standard", ["standard"], None),
])
def test_age(age, band, bands, derived):
    # APL Art. 30: under 14 not punished; 14 to 17 shall be lenient or mitigated.
    a = assess(INDIVIDUAL, party=person(age))
    assert (a.band, a.bands) == (band, bands)
    codes = {r.code for r in a.reasons}
    if derived:
        assert derived in codes
        assert "APL Art. 30" in reason(a, derived).citation
    assert not ({"under_14", "age_14_to_17"} - {derived}) & codes


def test_individual_without_age_is_taken_as_adult():
    a = assess(INDIVIDUAL, party=person())
    assert a.bands == ["standard"]
    assert "age_unknown_adult" in assumption_ids(a)


def test_age_is_derived_not_given():
    with pytest.raises(penalty.InputError) as exc:
        assess(INDIVIDUAL, party=person(12), circumstances=["under_14"])
    assert exc.value.field == "circumstances"
    assert "age" in str(exc.value)


# ------------------------------------------------------------------------- repeat offences
def prior(day: str, same_kind: bool = True, by_cac: bool = True) -> dict:
    return {"decided_on": day, "same_kind": same_kind, "by_cac": by_cac}


# The present violation is on 2025-09-01 (the default), so by default the window runs back
# twelve months from its end: 2024-09-01 to 2025-09-01, both days included.
@pytest.mark.parametrize("priors, aggravated", [
    ([prior("2025-03-01"), prior("2025-06-01")], True),  # two in the year
    ([prior("2025-03-01")], False),  # one is not enough
    ([prior("2024-09-01"), prior("2025-03-01")], True),  # first day of the window
    ([prior("2024-08-31"), prior("2025-03-01")], False),  # one day too early
    ([prior("2025-09-01"), prior("2025-03-01")], True),  # the anchor day itself
    ([prior("2025-10-01"), prior("2025-03-01")], False),  # after the act ended
    ([prior("2025-03-01", same_kind=False), prior("2025-06-01")], False),
    ([prior("2025-03-01", by_cac=False), prior("2025-06-01")], False),
    ([prior("2024-10-01"), prior("2025-03-01"), prior("2025-06-01")], True),  # three
])
def test_repeat_offence_derived_from_prior_penalties(priors, aggravated):
    a = assess(ENTITY, prior_penalties=priors)
    assert a.bands == (["aggravated"] if aggravated else ["standard"])
    assert ("repeat_offence_within_year" in {r.code for r in a.reasons}) is aggravated
    assert "repeat_window_anchor" in assumption_ids(a)


def test_repeat_window_anchored_on_decision():
    # Anchor on the decision date 2025-12-01: window 2024-12-01 to 2025-12-01, so a penalty
    # decided 2025-10-01 (after the act ended) now counts; one of 2024-11-30 does not.
    counted = [prior("2025-10-01"), prior("2025-03-01")]
    a = assess(ENTITY, prior_penalties=counted, options={"repeat_window_anchor": "decision"})
    assert a.bands == ["aggravated"]
    too_early = [prior("2024-11-30"), prior("2025-03-01")]
    b = assess(ENTITY, prior_penalties=too_early, options={"repeat_window_anchor": "decision"})
    assert b.bands == ["standard"]


def test_repeat_window_runs_from_the_end_of_a_continuing_act():
    # act 2025-01-01 to 2025-09-01: the window is 2024-09-01..2025-09-01, not from the start
    a = assess(ENTITY, violation_date="2025-01-01", violation_end_date="2025-09-01",
               prior_penalties=[prior("2025-05-01"), prior("2025-08-01")])
    assert a.bands == ["aggravated"]
