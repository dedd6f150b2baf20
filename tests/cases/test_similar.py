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
    make_case(case_id="same-law-tier", provision_ids="dsl-46-0-entity-base", fine_entity_cny="200000",
              articles="DSL Art 31; Art 46"),
    make_case(case_id="same-law-only", provision_ids="", provision_link_confidence="none",
              articles="DSL (article not stated)"),
    make_case(case_id="other-law", laws="CSL", provision_ids="csl2017-59-1-entity-refuse_or_harm",
              articles="CSL Art 21; Art 59"),
]
Q = SimilarQuery(provision="dsl-45-1-entity-base", decision_date=dt.date(2025, 10, 1), level="provincial",
                 region="Beijing", party_type="company")


def test_ranking_order_and_reasons(core):
    res = similar_cases(Q, CASES, core=core, min_results=10)
    ids = [m.case_id for m in res.matches]
    assert ids == ["same-prov-beijing", "same-prov-hunan-city", "same-article", "same-law-tier", "same-law-only"]
    first = res.matches[0]
    assert first.match == "provision" and any("same region" in r for r in first.reasons)
    assert res.matches[2].match == "article" and "Art. 45" in res.matches[2].reasons[0]
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


def test_article_cited_only_in_text_matches_at_article_level(core):
    text_only = make_case(case_id="text-only", provision_ids="", provision_link_confidence="none",
                          articles="《中华人民共和国数据安全法》第二十七条、第四十五条第一款")
    res = similar_cases(Q, [text_only, *CASES], core=core, min_results=10)
    m = {x.case_id: x for x in res.matches}["text-only"]
    assert m.match == "article" and "cited in the case's text" in m.reasons[0]
    # article level ranks above the same-law-and-tier level
    ids = [x.case_id for x in res.matches]
    assert ids.index("text-only") < ids.index("same-law-tier")


def test_text_article_of_another_law_version_does_not_match(core):
    # CSL was renumbered in 2026: "Art 61" in a 2023 case is the 2017 Art 61, not the 2026 one.
    old = make_case(case_id="csl-2023", decision_date="2023-05-01", laws="CSL", provision_ids="",
                    provision_link_confidence="none", articles="CSL Art 24; Art 61")
    q = SimilarQuery(provision="csl2026-61-1-entity-refuse_or_harm", decision_date=dt.date(2026, 3, 1))
    res = similar_cases(q, [old], core=core, min_results=1)
    assert [x.match for x in res.matches] == ["law"]


def test_sector_groups_not_word_overlap(core):
    hospital = make_case(case_id="hospital", sector="healthcare (hospital)")
    hotel = make_case(case_id="hotel", sector="hospitality (hotel)")
    tech = make_case(case_id="tech", sector="education technology (smart campus system)")
    q = SimilarQuery(provision="dsl-45-1-entity-base", sector="a county hospital")
    res = similar_cases(q, [hotel, tech, hospital], core=core, min_results=3)
    assert res.matches[0].case_id == "hospital"
    assert any("same sector group healthcare" in r for r in res.matches[0].reasons)
    assert not any("sector" in r for x in res.matches[1:] for r in x.reasons)
    # word overlap would have matched "technology" with every tech firm; groups keep them apart
    q2 = SimilarQuery(provision="dsl-45-1-entity-base", sector="medical technology")
    res2 = similar_cases(q2, [tech, hospital], core=core, min_results=2)
    assert res2.matches[0].case_id == "hospital"


def test_text_article_on_the_day_a_new_version_starts_follows_the_new_version(core):
    # A version's effective_to is exclusive: a case decided on that day was decided under the next one.
    old_pid = "csl2017-61-0-entity-refuse_or_serious"
    end = core.provision(old_pid).effective_to
    case = make_case(case_id="first-day", decision_date=str(end), laws="CSL", provision_ids="",
                     provision_link_confidence="none", articles="CSL Art 61")
    res = similar_cases(SimilarQuery(provision=old_pid), [case], core=core, min_results=1)
    assert [x.match for x in res.matches] == ["law"]
