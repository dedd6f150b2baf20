"""Issue 11 with Streamlit's AppTest: nothing important hidden (time bar, the expected band's
range, open bands side by side, what did not count, options as chosen), words not codes in both
languages, provision search, shared-link warnings, date-order errors on the field, amounts typed
the Chinese way. Expected values come from the library or are worked out by hand."""

from __future__ import annotations

import datetime as dt

import pytest
from streamlit.testing.v1 import AppTest
from test_app import APP, BANDS, CAT, en, no_exception, texts, zh

import penalty


@pytest.fixture
def at() -> AppTest:
    return AppTest.from_file(APP, default_timeout=60)


def _url(at: AppTest, **q: str) -> AppTest:
    at.query_params.update(q)
    at.run()
    no_exception(at)
    return at


def test_time_bar_banner_when_the_period_may_have_run(at: AppTest) -> None:
    # violation 2022-01-01, decision 2025-12-01, no discovery date: 2 years ran on 2024-01-01
    _url(at, p="dsl-45-1-entity-base", vd="2022-01-01", de="2025-12-01")
    warnings = [w.value for w in at.warning]
    assert any(w.startswith("Possibly time-barred") and "2024-01-01" in w for w in warnings)
    # the banner is drawn before the band (above it on the page)
    main = [e for e in at.main if getattr(e, "value", None) is not None]
    first_banner = next(i for i, e in enumerate(main) if "time-barred" in str(e.value))
    first_band = next(i for i, e in enumerate(main)  # the headline's large badge
                      if "band-standard" in str(e.value) and "1.6rem" in str(e.value))
    assert first_banner < first_band


def test_time_bar_banner_when_expired(at: AppTest) -> None:
    _url(at, p="dsl-45-1-entity-base", vd="2022-01-01", dd="2024-06-01", de="2025-12-01")
    assert any(e.value.startswith("Time-barred") for e in at.error)


def test_headline_is_the_expected_bands_range(at: AppTest) -> None:
    # remedied (lenient or mitigated, "shall") with "expect mitigated": the headline is the
    # mitigated range, below CNY 50,000 by hand (below the statutory minimum of DSL 45(1),
    # which it does not reach), not the union 0 - 185,000 of the open bands
    case = {"provision": "dsl-45-1-entity-base", "violation_date": "2025-09-01",
            "decision_date": "2025-12-01", "circumstances": ["eliminated_or_reduced_harm"],
            "options": {"prefer_mitigated": True}}
    a = penalty.assess(case)
    assert a.band == "mitigated" and a.ranges["mitigated"].high_cny == 50000
    assert a.ranges["mitigated"].high_exclusive  # below the statutory minimum of CNY 50,000
    _url(at, p="dsl-45-1-entity-base", vd="2025-09-01", de="2025-12-01",
         c="eliminated_or_reduced_harm", pm="true")
    fines = [m.value for m in at.markdown if m.value.startswith("#### ")]
    assert fines[0] == "#### below CNY 50,000"
    assert "#### CNY 0 – 185,000" not in fines
    # the other open band is named with its own range (lenient: an optional fine, where imposed,
    # still starts at the minimum, CNY 50,000 - 185,000)
    assert any(c.value == f"Also open: {BANDS['lenient'].en} {en(a.ranges['lenient'])}"
               for c in at.caption)


def test_open_bands_side_by_side_when_no_band_is_expected(at: AppTest) -> None:
    case = {"provision": "dsl-45-1-entity-base", "violation_date": "2025-09-01",
            "decision_date": "2025-12-01",
            "circumstances": ["eliminated_or_reduced_harm", "evidence_tampering"]}
    a = penalty.assess(case)
    assert a.band is None and len(a.bands) > 1
    _url(at, p="dsl-45-1-entity-base", vd="2025-09-01", de="2025-12-01",
         c="eliminated_or_reduced_harm,evidence_tampering")
    fines = [m.value for m in at.markdown if m.value.startswith("#### ")]
    for b in a.bands:
        r = a.ranges[b]
        shown = f"below CNY {r.high_cny:,.0f}" if r.high_exclusive else en(r)
        assert f"#### {shown}" in fines, b
    assert f"#### {en(a.fine)}" not in fines  # not one CNY 0 - 500,000 line
    assert any(c.value.startswith("No single band") for c in at.caption)


def test_derived_repeat_offence_is_marked_on_the_form(at: AppTest) -> None:
    _url(at, p="dsl-45-1-entity-base", vd="2025-09-01", de="2025-12-01",
         prior="2025-01-10:sc,2025-06-10:sc")
    assert not at.checkbox(key="in_circ_repeat_offence_within_year").value  # not ticked by hand
    assert any("derived from the prior penalties" in c.value for c in at.caption)
    assert any("band-aggravated" in m.value for m in at.markdown)


def test_what_did_not_count_lists_the_set_aside_reasons() -> None:
    """The selector of the "What did not count" box: the library's set-aside and one-short
    reasons, nothing else."""
    from app_pages.headline import not_counted

    a = penalty.assess({"provision": "dsl-45-1-entity-base", "violation_date": "2025-09-01",
                        "decision_date": "2025-12-01"})
    assert not_counted(a) == []
    extra = [penalty.models.Reason(code="circumstance_not_applicable", effect="set_aside",
                                   citation="Provision Art. 7", en="First violation set aside",
                                   zh="首违情节不予适用"),
             penalty.models.Reason(code="double_evaluation", effect="not_counted",
                                   citation="Provision Art. 9", en="Already in the tier", zh="已含")]
    b = a.model_copy(update={"reasons": [*a.reasons, *extra]})
    assert [r.code for r in not_counted(b)] == ["circumstance_not_applicable", "double_evaluation"]


def test_what_did_not_count_on_the_page(at: AppTest) -> None:
    """DSL 45(1), "first violation" claimed with one prior same-kind CAC penalty: the claim is
    set aside and the prior penalty is one short of the repeat rule; both say so under "What did
    not count", in the library's words, and the estimate is the standard band."""
    case = {"provision": "dsl-45-1-entity-base", "violation_date": "2025-09-01",
            "decision_date": "2025-12-01", "circumstances": ["first_offence_minor_harm_corrected"],
            "prior_penalties": [{"decided_on": "2025-03-01"}]}
    a = penalty.assess(case)
    skipped = [r for r in a.reasons if r.code in ("circumstance_not_applicable",
                                                   "repeat_offence_short")]
    assert len(skipped) == 2 and a.band == "standard"
    _url(at, p="dsl-45-1-entity-base", vd="2025-09-01", de="2025-12-01",
         c="first_offence_minor_harm_corrected", prior="2025-03-01:sc")
    md = [m.value for m in at.markdown]
    i = md.index("**What did not count**")
    for r in skipped:
        assert any(m.startswith(f"- {r.en}") for m in md[i + 1:i + 3]), r.code
    assert any(m == "#### CNY 185,000 – 365,000" for m in md)


def test_discovery_after_decision_is_an_error_on_the_field(at: AppTest) -> None:
    at.run()
    at.date_input(key="in_violation_date").set_value(dt.date(2025, 9, 1))
    at.date_input(key="in_decision_date").set_value(dt.date(2025, 12, 1))
    at.date_input(key="in_discovery_date").set_value(dt.date(2026, 1, 5)).run()
    no_exception(at)
    errors = [e.value for e in at.error]
    assert any(e.startswith("discovery_date: '2026-01-05' is not valid") and "2025-12-01" in e
               for e in errors)
    assert not any("band-" in m.value for m in at.markdown)  # no estimate under a bad input


def test_chinese_input_error_and_amounts_typed_the_chinese_way(at: AppTest) -> None:
    _url(at, p="csl2017-64-2-entity-base", vd="2024-03-01", de="2025-10-01", lang="zh")
    at.text_input(key="in_illegal_gain_cny").set_value("5万").run()
    no_exception(at)
    assert at.session_state["case"]["illegal_gain_cny"] == "50000"
    a = penalty.assess(at.session_state["case"])
    assert zh(a.ranges[a.band]) in texts(at)
    at.text_input(key="in_illegal_gain_cny").set_value("2亿元").run()
    assert at.session_state["case"]["illegal_gain_cny"] == "200000000"
    at.text_input(key="in_illegal_gain_cny").set_value("1,000,000").run()
    assert at.session_state["case"]["illegal_gain_cny"] == "1000000"
    at.text_input(key="in_illegal_gain_cny").set_value("1,2,3").run()
    no_exception(at)
    errors = [e.value for e in at.error]
    assert any(e.startswith("「违法所得") and "1,2,3" in e and "无效" in e for e in errors), errors


def test_provision_search_across_laws_and_cleared_when_nothing_matches(at: AppTest) -> None:
    at.run()  # the default case is under the DSL; the search looks in every law
    at.text_input(key="in_search").set_value("第六十六条").run()
    no_exception(at)
    options = at.selectbox(key="in_provision").options
    assert options and all("Art. 66" in o for o in options)
    assert any(o.startswith("PIPL 2021 Art. 66") for o in options)
    assert any(o.startswith("CSL 2017 Art. 66") for o in options)
    at.text_input(key="in_search").set_value("营业额").run()
    assert any(o.startswith("PIPL 2021 Art. 66(2)") for o in at.selectbox(key="in_provision").options)
    at.text_input(key="in_search").set_value("minors").run()
    assert len(at.selectbox(key="in_provision").options) > 3
    at.text_input(key="in_search").set_value("no such words at all").run()
    no_exception(at)
    assert any("No provision matches" in w.value for w in at.warning)
    assert not any("band-" in m.value for m in at.markdown)  # the previous result is cleared
    assert any("Choose a provision" in i.value for i in at.info)


def test_shared_link_warnings_name_the_parameter_and_the_value_used(at: AppTest) -> None:
    _url(at, p="bogus", vd="2025-02-30", n="-3", kind="alien", c="foo")
    warned = "\n".join(w.value for w in at.warning)
    assert "p=bogus is not a provision" in warned and "DSL 2021 Art. 45(1)" in warned
    assert "vd=2025-02-30 is not a valid date" in warned
    assert "n=-3 is not a number of persons; 1 is used instead" in warned
    assert "kind=alien is not a party type; the party is treated as an organisation" in warned
    assert "c=foo is not a circumstance" in warned
    case = at.session_state["case"]
    assert case["provision"] == "dsl-45-1-entity-base" and case["persons_count"] == 1
    assert case["circumstances"] == [] and case["party"] == {"kind": "organisation"}
    # in Chinese too
    at.sidebar.radio(key="lang").set_value("zh").run()
    assert any("分享链接：p=bogus" in w.value for w in at.warning)


def test_chosen_option_reaches_the_assumptions_tab(at: AppTest) -> None:
    _url(at, p="dsl-45-1-entity-base", vd="2025-09-01", de="2025-12-01",
         prior="2025-03-01:sc", ra="decision")
    shown = texts(at)
    assert "As chosen, the one-year window for repeat offences is counted back from the decision date" in shown
    assert "counted back from the end of the present violation." not in shown


def test_chinese_mode_has_chinese_citations_and_no_codes(at: AppTest) -> None:
    _url(at, p="dsl-45-1-entity-base", vd="2025-09-01", de="2025-12-01", lang="zh")
    shown = texts(at)
    a = penalty.assess({"provision": "dsl-45-1-entity-base", "violation_date": "2025-09-01",
                        "decision_date": "2025-12-01"})
    for n in a.assumptions:  # the Assumptions tab: each note with a Chinese citation
        line = next(m.value for m in at.markdown if m.value.startswith(f"- {n.zh} — "))
        assert "Art." not in line and "《" in line, line
    assert "《规定》第十二条" in shown
    assert "dsl-45-1-entity-base" not in shown
    assert BANDS["standard"].zh in shown


def test_no_ids_in_what_a_lawyer_reads(at: AppTest) -> None:
    at.run()
    shown = texts(at) + " ".join(at.selectbox(key="in_provision").options)
    assert not any(pid in shown for pid in CAT.provisions)
    # the law-version reason names the law and article
    assert "DSL 2021 Art. 45(1) was in force" in shown
