"""A provision that only refers to other laws says which, so the lawyer can assess under them."""

from __future__ import annotations

import penalty


def test_referral_names_the_provisions_it_refers_to(catalogue):
    # CSL 2017 Art. 64(1) ended before 2026; at the decision date its 2026 counterpart carries no
    # fine of its own (a referral), which is lighter (APL Art. 37), so the referral applies.
    a = penalty.assess({"provision": "csl2017-64-1-entity-base", "violation_date": "2025-03-01",
                        "decision_date": "2026-03-01", "illegal_gain_cny": "50000"}, catalogue)
    assert a.provision_applied == "csl2026-71-1-referral"
    refer = [r for r in a.reasons if r.code == "refers_to"]
    assert len(refer) == 1
    for target in catalogue.get("csl2026-71-1-referral").refers_to:
        assert target in refer[0].en and target in refer[0].zh


def test_no_referral_reason_for_a_provision_with_its_own_fine(catalogue):
    a = penalty.assess({"provision": "dsl-45-1-entity-base", "violation_date": "2025-09-01",
                        "decision_date": "2025-12-01"}, catalogue)
    assert all(r.code != "refers_to" for r in a.reasons)
