"""A provision that only refers to other laws says which, so the lawyer can assess under them."""

from __future__ import annotations

import penalty


def test_referral_names_the_provisions_it_refers_to(catalogue):
    # An act in 2026 under the referral itself: no fine of its own; the reason names, by their
    # citations, the provisions it refers to.
    a = penalty.assess({"provision": "csl2026-71-1-referral", "violation_date": "2026-03-01",
                        "decision_date": "2026-05-01"}, catalogue)
    assert a.provision_applied == "csl2026-71-1-referral"
    refer = [r for r in a.reasons if r.code == "refers_to"]
    assert len(refer) == 1
    for target in catalogue.get("csl2026-71-1-referral").refers_to:
        p = catalogue.get(target)
        assert p.citation_en in refer[0].en and p.citation_zh in refer[0].zh
        assert target not in refer[0].zh
    # one act under several norms: APL Art. 29, cited in both languages (from data/benchmark.yaml)
    assert refer[0].en.endswith("(as one act under several norms, APL Art. 29, if more than one "
                                "applies).")
    assert refer[0].zh.endswith("同一违法行为违反多个法律规范的，依照《行政处罚法》第二十九条处理。")


def test_no_referral_reason_for_a_provision_with_its_own_fine(catalogue):
    a = penalty.assess({"provision": "dsl-45-1-entity-base", "violation_date": "2025-09-01",
                        "decision_date": "2025-12-01"}, catalogue)
    assert all(r.code != "refers_to" for r in a.reasons)
