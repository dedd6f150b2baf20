"""APL Art. 37 (law at the time of the act, unless the newer law is lighter) for both
Cybersecurity Law versions: the 2017 text (until 2025-12-31) and the 2026 amended text.

The act is taken as committed when it ends; the version in force at the decision date is
compared and applied only if it is lighter (lower ceiling or no fine at all).
"""

from __future__ import annotations

import numpy as np
from unit_helpers import R, assess, assumption_ids, reason, rng

from penalty.rules.law_version import newer_is_lighter

ACT_2025 = {"violation_date": "2025-10-01", "decision_date": "2026-02-01"}


def test_same_version_throughout():
    a = assess("csl2017-59-1-entity-refuse_or_harm", violation_date="2024-03-01",
               decision_date="2025-03-01")
    lv = a.law_versions
    assert lv.at_violation == lv.at_decision == lv.applied == "csl2017-59-1-entity-refuse_or_harm"
    assert lv.newer_is_lighter is None
    assert lv.statutory_at_decision is None
    assert lv.citation == "APL Art. 37"


def test_2025_act_decided_in_2026_keeps_the_old_heavier_new():
    # CSL 2017 Art. 59(1) refuse/harm: 10,000 to 100,000. Its 2026 counterpart (Art. 61(1)):
    # 50,000 to 500,000 -> not lighter, so the 2017 text applies.
    # standard of [10,000 ; 100,000]: span 90,000 -> [37,000 ; 73,000]
    a = assess("csl2017-59-1-entity-refuse_or_harm", **ACT_2025)
    lv = a.law_versions
    assert lv.at_violation == "csl2017-59-1-entity-refuse_or_harm"
    assert lv.at_decision == "csl2026-61-1-entity-refuse_or_harm"
    assert lv.applied == a.provision_applied == "csl2017-59-1-entity-refuse_or_harm"
    assert lv.newer_is_lighter is False
    assert rng(lv.statutory_at_violation) == R(10_000, 100_000)
    assert rng(lv.statutory_at_decision) == R(50_000, 500_000)
    assert rng(a.statutory) == R(10_000, 100_000)
    assert rng(a.fine) == R(37_000, 73_000)
    assert reason(a, "law_version").effect == "law_at_time_of_act"


def test_case_may_name_the_2026_id_for_a_2025_act():
    # Naming the csl2026 counterpart gives exactly the same outcome.
    named_old = assess("csl2017-59-1-entity-refuse_or_harm", **ACT_2025)
    named_new = assess("csl2026-61-1-entity-refuse_or_harm", **ACT_2025)
    assert named_new.provision_applied == "csl2017-59-1-entity-refuse_or_harm"
    assert named_new.law_versions == named_old.law_versions
    assert named_new.fine == named_old.fine


def test_2026_id_for_a_2025_act_decided_in_2025():
    # Decided before the amendment: the 2017 text is the only one to consider.
    a = assess("csl2026-61-1-entity-refuse_or_harm", violation_date="2025-06-01",
               decision_date="2025-12-01")
    assert a.provision_applied == "csl2017-59-1-entity-refuse_or_harm"
    assert a.law_versions.newer_is_lighter is None


def test_2017_id_for_a_2026_act_uses_the_2026_text():
    a = assess("csl2017-59-1-entity-refuse_or_harm", violation_date="2026-02-01",
               decision_date="2026-04-01")
    assert a.provision_applied == "csl2026-61-1-entity-refuse_or_harm"
    assert rng(a.statutory) == R(50_000, 500_000)


def test_newer_referral_is_compared_as_the_provision_it_refers_to():
    # CSL 2017 Art. 66 (50,000 to 500,000): the 2026 counterpart (Art. 71(1)) refers the act to
    # DSL Art. 46 (100,000 to 1,000,000), which is not lighter -> the 2017 text applies. CSL 2017
    # Art. 64(1) (10,000 of gains: 10,000 to 100,000) refers to PIPL Art. 66(1), which fines only
    # on a refusal to rectify -> no fine is lighter -> PIPL Art. 66(1) applies.
    a = assess("csl2017-66-0-entity-base", **ACT_2025)
    lv = a.law_versions
    assert (lv.at_decision, lv.referred_to, lv.applied) == (
        "csl2026-71-1-referral", "dsl-46-0-entity-base", "csl2017-66-0-entity-base")
    assert lv.newer_is_lighter is False
    assert rng(lv.statutory_at_decision) == R(100_000, 1_000_000)
    assert reason(a, "law_version").effect == "law_at_time_of_act"
    b = assess("csl2017-64-1-entity-base", illegal_gain_cny="10000", **ACT_2025)
    lv = b.law_versions
    assert (lv.referred_to, lv.applied, lv.newer_is_lighter) == (
        "pipl-66-1-entity-base", "pipl-66-1-entity-base", True)
    assert lv.statutory_at_violation is not None and lv.statutory_at_decision is None
    assert b.fine is None and b.statutory is None
    assert reason(b, "law_version").effect == "newer_lighter_applies"


def test_continuing_act_takes_the_version_in_force_at_its_end():
    # from 2025-06-01 to 2026-01-15: the act ends under the 2026 text (50,000 to 500,000)
    a = assess("csl2017-59-1-entity-refuse_or_harm", violation_date="2025-06-01",
               violation_end_date="2026-01-15", decision_date="2026-03-01")
    assert a.law_versions.at_violation == "csl2026-61-1-entity-refuse_or_harm"
    assert rng(a.statutory) == R(50_000, 500_000)
    assert "continuing_act_end_date" in assumption_ids(a)


def test_act_ending_on_the_last_day_of_the_old_text():
    # 2025-12-31 is the last day of the 2017 text (effective_to 2026-01-01 is exclusive)
    a = assess("csl2017-59-1-entity-refuse_or_harm", violation_date="2025-12-31",
               decision_date="2026-01-01")
    assert a.law_versions.at_violation == "csl2017-59-1-entity-refuse_or_harm"
    assert a.law_versions.at_decision == "csl2026-61-1-entity-refuse_or_harm"


def test_several_counterparts_take_the_first_and_say_so():
    # CSL 2017 Art. 64(2) (entity) maps to CSL 2026 Art. 71(2) only, but 2026 Art. 71(1) lists three
    # 2017 counterparts; an act in 2026 under the 2017 id of Art. 70 finds the 2026 referral.
    a = assess("csl2017-70-0-referral", violation_date="2026-02-01", decision_date="2026-03-01")
    assert a.provision_applied == "csl2026-71-1-referral"


def test_newer_is_lighter_rule_over_arrays():
    # rows: (a) lower ceiling in the new version -> lighter; (b) equal ceiling -> not;
    # (c) higher -> not; (d) new has no fine, old has -> lighter; (e) old has no fine -> not;
    # (f) same version -> not; (g) no version at the decision date (-1) -> not.
    old = np.array([1, 1, 1, 1, 1, 1, 1])
    new = np.array([2, 2, 2, 2, 2, 1, -1])
    old_has = np.array([True, True, True, True, False, True, True])
    new_has = np.array([True, True, True, False, True, True, True])
    old_high = np.array([100, 100, 100, 100, 0, 100, 100])
    new_high = np.array([50, 100, 500, 0, 50, 50, 50])
    got = newer_is_lighter(old, new, old_has, new_has, old_high, new_high)
    assert got.tolist() == [True, False, False, True, False, False, False]
