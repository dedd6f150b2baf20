"""APL Art. 29 (one act, several norms: the higher fine governs), separate acts added
(Provision Art. 14), responsible persons (Provision Art. 13), confiscation (APL Art. 28), total
exposure, the benchmark's effective date and the receipt.

Hand ranges used below (standard = min + 30 % .. min + 70 % of the span):
  DSL 48(1) entity 50,000-500,000      -> standard 185,000-365,000
  DSL 48(1) person 10,000-100,000      -> standard  37,000- 73,000, aggravated 73,000-100,000
  PIPL 66(1) refuse 0-1,000,000        -> standard 300,000-700,000
  PIPL 66(1) person 10,000-100,000     -> standard  37,000- 73,000
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from unit_helpers import R, assess, assumption_ids, case, cny, reason, rng

import penalty


# ---------------------------------------------------------------------------- APL Art. 29
@pytest.mark.parametrize("order", [
    ["dsl-45-1-entity-base", "dsl-46-0-entity-base"],
    ["dsl-46-0-entity-base", "dsl-45-1-entity-base"],
])
def test_one_act_several_norms_higher_fine_governs(order):
    # DSL 45(1) ceiling 500,000 < DSL 46 ceiling 1,000,000 -> DSL 46 governs, whatever the order
    # DSL 46 [100,000 ; 1,000,000], span 900,000 -> standard [370,000 ; 730,000]
    a = assess(order)
    assert a.provision_applied == "dsl-46-0-entity-base"
    assert a.absorbed == ["dsl-45-1-entity-base"]
    assert rng(a.statutory) == R(100_000, 1_000_000)
    assert rng(a.fine) == R(370_000, 730_000)
    r = reason(a, "one_act_several_norms")
    assert "APL Art. 29" in r.citation and "under DSL 2021 Art. 46, which" in r.en \
        and "DSL 2021 Art. 45(1) are absorbed" in r.en and "dsl-" not in r.en
    assert "higher_fine_norm" in assumption_ids(a)


def test_equal_ceilings_higher_minimum_governs():
    # CSL 2017 67(2) [100,000 ; 500,000] and DSL 48(1) [50,000 ; 500,000]: same ceiling, the
    # higher minimum wins -> CSL 2017 67(2)
    a = assess(["dsl-48-1-entity-base", "csl2017-67-2-entity-base"])
    assert a.provision_applied == "csl2017-67-2-entity-base"
    assert a.absorbed == ["dsl-48-1-entity-base"]


def test_full_tie_goes_to_the_order_given():
    # NDSR 57 and DSL 48(1): both [50,000 ; 500,000]
    first = assess(["ndsr-57-0-entity-base", "dsl-48-1-entity-base"])
    assert first.provision_applied == "ndsr-57-0-entity-base"
    second = assess(["dsl-48-1-entity-base", "ndsr-57-0-entity-base"])
    assert second.provision_applied == "dsl-48-1-entity-base"


def test_norm_with_a_fine_beats_one_without():
    a = assess(["pipl-66-1-entity-base", "dsl-45-1-entity-base"])
    assert a.provision_applied == "dsl-45-1-entity-base"
    assert a.absorbed == ["pipl-66-1-entity-base"]


def test_unknown_id_among_several_is_an_error():
    with pytest.raises(penalty.InputError) as exc:
        assess(["dsl-45-1-entity-base", "dsl-99-1-entity-base"])
    assert exc.value.field == "provision"
    assert "dsl-99-1-entity-base" in str(exc.value)


# -------------------------------------------------------------------------- separate acts
def test_separate_acts_are_added():
    # act 1: DSL 48(1) standard 185,000-365,000, one person 37,000-73,000
    # act 2: PIPL 66(1) refuse standard 300,000-700,000, one person 37,000-73,000
    # fines:    185,000 + 300,000 = 485,000    365,000 + 700,000 = 1,065,000
    # exposure: 485,000 + 37,000 + 37,000 = 559,000   1,065,000 + 73,000 + 73,000 = 1,211,000
    combined = penalty.assess_acts([case("dsl-48-1-entity-base"),
                                    case("pipl-66-1-entity-refuse_rectify")])
    assert [x.provision_applied for x in combined.acts] == [
        "dsl-48-1-entity-base", "pipl-66-1-entity-refuse_rectify"]
    assert rng(combined.total_fine) == R(485_000, 1_065_000)
    assert rng(combined.total_exposure) == R(559_000, 1_211_000)
    assert combined.citation == "Provision Art. 14"


def test_separate_acts_error_names_the_act():
    with pytest.raises(penalty.InputError) as exc:
        penalty.assess_acts([case("dsl-48-1-entity-base"), case("nope-1-1-entity-base")])
    assert exc.value.row == 2  # rows count from 1, as in batch files
    assert exc.value.field == "provision"


# ----------------------------------------------------------------------- responsible persons
def test_persons_same_band_own_range_and_count():
    # three persons on DSL 48(1) person range, standard 37,000-73,000 each
    # exposure: 185,000 + 3 x 37,000 = 296,000   365,000 + 3 x 73,000 = 584,000
    a = assess("dsl-48-1-entity-base", persons_count=3)
    (p,) = a.responsible_persons
    assert p.provision == "dsl-48-1-person-base"
    assert p.count == 3
    assert rng(p.statutory) == R(10_000, 100_000)
    assert {b: rng(r) for b, r in p.ranges.items()} == {"standard": R(37_000, 73_000)}
    assert rng(p.fine) == R(37_000, 73_000)
    assert rng(a.total_exposure) == R(296_000, 584_000)
    assert "Provision Art. 13" in reason(a, "responsible_persons").citation
    assert "persons_count" in assumption_ids(a)


def test_persons_follow_an_aggravated_unit():
    a = assess("dsl-48-1-entity-base", circumstances=["evidence_tampering"])
    assert rng(a.responsible_persons[0].fine) == R(73_000, 100_000)


def test_persons_follow_a_lenient_unit():
    # unit: mitigated + lenient; persons: mitigated [0 ; 10,000], lenient [10,000 ; 37,000]
    a = assess("dsl-48-1-entity-base", circumstances=["meritorious_cooperation"])
    p = a.responsible_persons[0]
    assert {b: rng(r) for b, r in p.ranges.items()} == {
        "mitigated": R(0, 10_000), "lenient": R(10_000, 37_000)}


def test_no_persons_when_count_is_zero():
    a = assess("dsl-48-1-entity-base", persons_count=0)
    assert a.responsible_persons == []
    assert rng(a.total_exposure) == rng(a.fine) == R(185_000, 365_000)


def test_no_persons_for_an_individual_party():
    a = assess("ciir-43-1-individual-base", party={"kind": "individual", "age": 30})
    assert a.responsible_persons == []


# ---------------------------------------------------------------------------- confiscation
def test_confiscation_is_reported_apart_and_added_to_exposure():
    # DSL 47, gains 200,000: fine 740,000-1,460,000 (1 to 10 times, standard 3.7x-7.3x)
    # person (DSL 47 person, 10,000-100,000): 37,000-73,000; confiscation 200,000
    # exposure: 740,000 + 37,000 + 200,000 = 977,000   1,460,000 + 73,000 + 200,000 = 1,733,000
    a = assess("dsl-47-0-entity-base", illegal_gain_cny="200000")
    assert a.confiscation_cny == cny(200_000)
    assert rng(a.fine) == R(740_000, 1_460_000)
    assert rng(a.total_exposure) == R(977_000, 1_733_000)
    assert reason(a, "confiscation").citation == "APL Art. 28"
    assert "confiscation_gross_gains" in assumption_ids(a)


def test_no_confiscation_without_gains():
    a = assess("dsl-48-1-entity-base")
    assert a.confiscation_cny == 0
    assert "confiscation" not in {r.code for r in a.reasons}


def test_no_confiscation_when_not_punished():
    a = assess("dsl-47-0-entity-base", illegal_gain_cny="200000",
               circumstances=["minor_corrected_no_harm"])
    assert a.confiscation_cny == 0
    assert rng(a.total_exposure) == R(0, 0)


# ------------------------------------------------------------------- benchmark, receipt
@pytest.mark.parametrize("decision, applies", [("2025-07-31", False), ("2025-08-01", True)])
def test_benchmark_applies_from_2025_08_01(decision, applies):
    a = assess("dsl-48-1-entity-base", violation_date="2025-07-01", decision_date=decision)
    assert a.benchmark_applies is applies
    assert ("benchmark_not_in_force" in assumption_ids(a)) is not applies


def test_receipt(catalogue):
    a = assess("dsl-48-1-entity-base")
    r = a.receipt
    assert r.engine_version == penalty.__version__
    assert re.fullmatch(r"[0-9a-f]{64}", r.data_sha256)
    assert r.data_sha256 == catalogue.digest
    assert r.benchmark_effective_from == dt.date(2025, 8, 1)
    assert r.provisions_in_catalogue == len(catalogue.provisions)


def test_label_is_carried_through():
    assert assess("dsl-48-1-entity-base", label="client A").label == "client A"
