"""Position in the statutory range and the band it implies, checked by hand on real cases.

Hand arithmetic (statutory ranges as catalogued; split points from data/benchmark.yaml):
- hicac-2022-miyue: RMB 200,000 under CSL(2016) Art 68(1), fine tier 100,000–500,000:
  (200,000 − 100,000) / 400,000 = 25.0 %  → below the lenient split → lenient.
- nccac-2024-group-dsl: RMB 100,000 under DSL Art 45(1) base, 50,000–500,000:
  50,000 / 450,000 = 11.11… % → 11.1 % → lenient.
- hicac-2025-ugc-40w: RMB 400,000 under CSL(2016) Art 68(1) fine tier: 300,000 / 400,000 = 75.0 %
  → above the aggravated split → aggravated.
- psb-2019-minquan-telecom: RMB 50,000 under CSL(2016) Art 61 fine tier 50,000–500,000: 0.0 % → lenient.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from conftest import has_assess, make_case

from penalty.cases.stats import implied_band, position_in_range, position_of

HAND = [
    # case_id, provision, statutory low, high, position %, band
    ("hicac-2022-miyue", "csl2017-68-1-entity-refuse_or_serious", 100000, 500000, "25.0", "lenient"),
    ("nccac-2024-group-dsl", "dsl-45-1-entity-base", 50000, 500000, "11.1", "lenient"),
    ("hicac-2025-ugc-40w", "csl2017-68-1-entity-refuse_or_serious", 100000, 500000, "75.0", "aggravated"),
    ("psb-2019-minquan-telecom", "csl2017-61-0-entity-refuse_or_serious", 50000, 500000, "0.0", "lenient"),
]


@pytest.mark.parametrize("case_id,pid,low,high,pct,band", HAND)
def test_catalogue_ranges_match_the_hand_calculation(caseset, core, case_id, pid, low, high, pct, band):
    c = caseset.by_id(case_id)
    assert pid in c.provision_ids
    p = core.provision(pid)
    assert (p.min_cny, p.max_cny) == (Decimal(low), Decimal(high))


@pytest.mark.parametrize("case_id,pid,low,high,pct,band", HAND)
def test_position_and_band_by_hand(caseset, core, case_id, pid, low, high, pct, band):
    c = caseset.by_id(case_id)
    pos = position_in_range(c.fine_entity_cny, Decimal(low), Decimal(high))
    assert pos == Decimal(pct)
    assert implied_band(pos, core.split()) == band


@pytest.mark.parametrize("case_id,pid,low,high,pct,band", HAND)
def test_position_of_wires_catalogue_and_split(caseset, fixed_core, case_id, pid, low, high, pct, band):
    (p,) = position_of(caseset.by_id(case_id), fixed_core)
    assert (p.provision_linked, p.position_pct, p.implied_band) == (pid, Decimal(pct), band)
    assert p.outside_range is False


@pytest.mark.skipif(not has_assess(), reason="penalty.assess not available yet")
@pytest.mark.parametrize("case_id,pid,low,high,pct,band", HAND)
def test_position_of_through_the_engine(caseset, core, case_id, pid, low, high, pct, band):
    (p,) = position_of(caseset.by_id(case_id), core)
    assert (p.statutory_low_cny, p.statutory_high_cny) == (Decimal(low), Decimal(high))
    assert (p.position_pct, p.implied_band) == (Decimal(pct), band)


def test_split_points_are_standard_inclusive(core):
    s = core.split()
    assert implied_band(s.lenient_upper_pct, s) == "standard"
    assert implied_band(s.lenient_upper_pct - Decimal("0.1"), s) == "lenient"
    assert implied_band(s.aggravated_lower_pct, s) == "standard"
    assert implied_band(s.aggravated_lower_pct + Decimal("0.1"), s) == "aggravated"


def test_outside_the_range_is_flagged(fixed_core):
    below = make_case(case_id="below", fine_entity_cny="20000")   # DSL 45(1) minimum is 50,000
    above = make_case(case_id="above", fine_entity_cny="600000")  # maximum is 500,000
    (pb,) = position_of(below, fixed_core)
    (pa,) = position_of(above, fixed_core)
    assert pb.outside_range and pb.implied_band == "mitigated" and pb.position_pct < 0
    assert pa.outside_range and pa.implied_band == "above_maximum" and pa.position_pct > 100
    assert "outside the statutory range" in pb.note


def test_decisions_before_the_provision_are_marked_context(fixed_core, core):
    eff = core.split().provision_from
    before = make_case(case_id="b", decision_date=str(eff.replace(year=eff.year - 1)))
    after = make_case(case_id="a", decision_date=str(eff))
    (pb,) = position_of(before, fixed_core)
    (pa,) = position_of(after, fixed_core)
    assert pb.benchmark_applies is False and "context only" in pb.note
    assert pa.benchmark_applies is True and "context only" not in pa.note


def test_unpublished_gains_block_a_gain_multiple_range(caseset, fixed_core):
    (p,) = position_of(caseset.by_id("psb-2021-huinong-shop-owner"), fixed_core)
    assert p.position_pct is None and "not published" in p.note


def test_span_of_zero_has_no_position():
    assert position_in_range(10, Decimal(10), Decimal(10)) is None


def test_band_is_read_from_the_exact_position_not_the_rounded_one(fixed_core, core):
    # DSL 45(1): 50,000-500,000. A fine 100 yuan below the lenient split point sits at
    # (split x 450,000 / 100 - 100) / 450,000 = split - 0.022 %: shown rounded to the split
    # itself (e.g. 30.0), but still below it, so lenient.
    s = core.split()
    fine = 50000 + 450000 * s.lenient_upper_pct // 100 - 100
    (p,) = position_of(make_case(case_id="edge", fine_entity_cny=str(fine)), fixed_core)
    assert p.position_pct == Decimal(s.lenient_upper_pct).quantize(Decimal("0.1"))
    assert p.implied_band == "lenient"
