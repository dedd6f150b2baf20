"""Guarded statistics: exact quartiles by hand, and no figures below three cases."""

from __future__ import annotations

from decimal import Decimal

from conftest import make_case

from penalty.cases.stats import compare, compute_stats, quantile, summarise


def test_quartiles_by_hand():
    # sorted 50,000 / 100,000 / 500,000; type-7 quantiles: h = (n-1)q
    s = summarise([500000, 50000, 100000])
    assert s.count == 3
    assert s.min == 50000 and s.max == 500000
    assert s.median == Decimal(100000)
    assert s.q1 == Decimal(75000)      # h = 0.5: 50,000 + 0.5 × 50,000
    assert s.q3 == Decimal(300000)     # h = 1.5: 100,000 + 0.5 × 400,000


def test_quantile_of_even_count_is_exact():
    assert quantile([10000, 15000], Decimal("0.5")) == Decimal("12500")
    assert quantile([1, 2], Decimal("0.5")) == Decimal("1.5")


def test_two_cases_give_no_statistics_only_a_warning(fixed_core):
    cases = [make_case(case_id="a", fine_entity_cny="50000"), make_case(case_id="b", fine_entity_cny="100000")]
    st = compute_stats(cases, core=fixed_core)
    assert st.fines is None and st.positions is None and st.band_shares == []
    assert st.case_ids == ["a", "b"]
    assert any("fewer than 3" in w for w in st.warnings)


def test_three_cases_give_statistics_and_band_shares(fixed_core):
    cases = [make_case(case_id=f"c{i}", fine_entity_cny=str(f))
             for i, f in enumerate([50000, 185000, 500000])]  # positions 0 %, 30 %, 100 %
    st = compute_stats(cases, core=fixed_core)
    assert st.fines is not None and st.fines.median == Decimal(185000)
    assert st.positions is not None and st.positions.median == Decimal("30.0")
    shares = {b.band: (b.count, b.share_pct) for b in st.band_shares}
    assert shares == {"lenient": (1, Decimal("33.3")), "standard": (1, Decimal("33.3")),
                      "aggravated": (1, Decimal("33.3"))}


def test_statistics_say_what_is_missing(fixed_core):
    cases = [make_case(case_id="a", fine_entity_cny="50000"), make_case(case_id="b", fine_entity_cny="60000"),
             make_case(case_id="c", fine_entity_cny="70000"),
             make_case(case_id="w", fine_entity_cny="", penalties="warning"),
             make_case(case_id="n", provision_ids="", provision_link_confidence="none", fine_entity_cny="80000")]
    st = compute_stats(cases, core=fixed_core)
    assert (st.with_entity_fine, st.without_amount, st.without_provision_link, st.positioned) == (4, 1, 1, 3)
    assert any("no fine amount" in w for w in st.warnings)
    assert any("no article-level link" in w for w in st.warnings)
    assert "4 published amount(s)" in st.computed_from


def test_compare_places_an_estimate_among_comparables(fixed_core):
    cases = [make_case(case_id=f"c{i}", fine_entity_cny=str(f), authority=a)
             for i, (f, a) in enumerate([(50000, "A CAC"), (50000, "A CAC"), (60000, "A CAC"),
                                         (300000, "B CAC"), (400000, "B CAC"), (500000, "B CAC")])]
    cmp = compare(Decimal(100000), Decimal(300000), cases, authority="B CAC", core=fixed_core)
    assert (cmp.share_below_low_pct, cmp.share_within_pct, cmp.share_above_high_pct) == (
        Decimal("50.0"), Decimal("16.7"), Decimal("33.3"))
    assert cmp.authority_tendency == "high"
