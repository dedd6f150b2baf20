"""Properties of the law's structure (issue 9): a circumstance that already selects the tier
never changes the band (禁止重复评价), and a fact set aside as contradictory changes nothing."""

from __future__ import annotations

from hypothesis import assume, given
from hypothesis import strategies as st

import penalty

from ._helpers import rng
from .strategies import CAT, cases

TIERED = tuple(p.id for p in CAT.provisions.values() if p.tier_circumstances)


def outcome(a: penalty.Assessment) -> tuple:
    return (a.band, a.bands, {b: rng(r) for b, r in a.ranges.items()}, rng(a.fine),
            rng(a.total_exposure), [rng(p.fine) for p in a.responsible_persons])


@given(st.data())
def test_a_tier_defining_circumstance_never_changes_the_band(data):
    case = data.draw(cases(provision=st.sampled_from(TIERED), several=False))
    before = penalty.assess(case)
    contained = CAT.provisions[before.provision_applied].tier_circumstances
    assume(contained)
    code = data.draw(st.sampled_from(contained))
    assume(code not in case["circumstances"])
    after = penalty.assess({**case, "circumstances": [*case["circumstances"], code]})
    assert outcome(after) == outcome(before)
    assert "double_evaluation" in {x.code for x in after.reasons}


REFUSAL = tuple(p.id for p in CAT.provisions.values()
                if p.trigger.code in CAT.circumstances["minor_corrected_no_harm"]
                .contradicts_triggers)


@given(st.data())
def test_promptly_corrected_on_a_refusal_tier_changes_nothing(data):
    case = data.draw(cases(provision=st.sampled_from(REFUSAL), several=False))
    before = penalty.assess(case)
    assume(CAT.provisions[before.provision_applied].trigger.code in REFUSAL_TRIGGERS)
    assume("minor_corrected_no_harm" not in case["circumstances"])
    after = penalty.assess({**case, "circumstances": [*case["circumstances"],
                                                      "minor_corrected_no_harm"]})
    assert outcome(after) == outcome(before)


REFUSAL_TRIGGERS = set(CAT.circumstances["minor_corrected_no_harm"].contradicts_triggers)
