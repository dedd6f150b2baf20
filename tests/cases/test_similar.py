"""Similarity ranking on a small synthetic dataset."""

from __future__ import annotations

import datetime as dt

import pytest

from conftest import make_case
from penalty.cases.similar import SimilarQuery, similar_cases

CASES = [
    make_case(case_id="same-prov-beijing", provision_ids="dsl-45-1-entity-base", region="Beijing"),
    make_case(case_id="same-prov-hunan-city", provision_ids="dsl-45-1-entity-base", region="Hunan", level="city"),
    make_case(case_id="same-article", provision_ids="dsl-45-1-person-base", fine_entity_cny=""),
    make_case(case_id="same-law-tier", provision_ids="dsl-46-0-entity-base", fine_entity_cny="200000"),
    make_case(case_id="same-law-only", provision_ids="", provision_link_confidence="none"),
    make_case(case_id="other-law", laws="CSL", provision_ids="csl2017-59-1-entity-refuse_or_harm"),
]
Q = SimilarQuery(provision="dsl-45-1-entity-base", decision_date=dt.date(2025, 10, 1), level="provincial",
                 region="Beijing", party_type="company")


def test_ranking_order_and_reasons(core):
    res = similar_cases(Q, CASES, core=core, min_results=10)
    ids = [m.case_id for m in res.matches]
    assert ids == ["same-prov-beijing", "same-prov-hunan-city", "same-article", "same-law-tier", "same-law-only"]
    first = res.matches[0]
    assert first.match == "provision" and any("same region" in r for r in first.reasons)
    assert res.matches[2].match == "article" and "Art 45" in res.matches[2].reasons[0]
    assert res.matches[3].match == "law_tier"
    assert res.matches[4].match == "law" and "article not linked" in res.matches[4].reasons[0]
    assert res.widened_to == "law"


def test_widening_stops_when_enough(core):
    res = similar_cases(Q, CASES, core=core, min_results=2)
    assert res.widened_to == "provision" and len(res.matches) == 2
    res3 = similar_cases(Q, CASES, core=core, min_results=3)
    assert res3.widened_to == "article" and len(res3.matches) == 3
    assert any("widened" in w for w in res3.warnings)


def test_counterpart_version_counts_as_same_provision(core):
    q = SimilarQuery(provision="csl2026-61-1-entity-refuse_or_harm")
    res = similar_cases(q, CASES, core=core, min_results=1)
    assert [m.case_id for m in res.matches] == ["other-law"]
    assert res.matches[0].match == "provision" and "counterpart" in res.matches[0].reasons[0]


def test_unknown_provision_is_an_error_with_close_matches(core):
    with pytest.raises(ValueError, match="dsl-45-1-entity-base"):
        similar_cases(SimilarQuery(provision="dsl-45-1-entity-bas"), CASES, core=core)


def test_query_from_assess_json():
    q = SimilarQuery.from_case_json({"provision": "dsl-45-1-entity-base", "decision_date": "2025-12-01",
                                     "party": {"kind": "organisation"},
                                     "context": {"region": "Beijing", "level": "provincial"}})
    assert (q.provision, q.party_type, q.region, q.decision_date) == (
        "dsl-45-1-entity-base", "company", "Beijing", dt.date(2025, 12, 1))
