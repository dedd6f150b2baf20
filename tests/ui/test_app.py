"""The app shows exactly what the library returns (STYLE habit 9), on every page, in both
languages, and never a traceback. Widgets are driven by key with streamlit's AppTest."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

import penalty
from app_pages.common import case_to_query, query_to_case

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "streamlit_app.py")
PAGES = ["app_pages/whatif.py", "app_pages/cases.py", "app_pages/catalogue.py",
         "app_pages/method.py"]
CAT = penalty.load_catalogue()
BANDS = {b.code: b for b in CAT.bands}


def en(r) -> str:
    """A library range as the English page writes it (hand-written here, independent of the app)."""
    lo, hi = r.low_cny, r.high_cny
    f = lambda d: f"{d:,.2f}".removesuffix(".00")  # noqa: E731
    if r.high_exclusive:  # mitigated: below the statutory minimum
        return f"below CNY {f(hi)}" if lo == 0 else f"CNY {f(lo)} to below CNY {f(hi)}"
    return f"CNY {f(lo)}" if lo == hi else f"CNY {f(lo)} – {f(hi)}"


def zh(r) -> str:
    lo, hi = r.low_cny, r.high_cny
    f = lambda d: f"{d:,.2f}".removesuffix(".00")  # noqa: E731
    if r.high_exclusive:
        return f"低于{f(hi)}元" if lo == 0 else f"{f(lo)}元至低于{f(hi)}元"
    return f"{f(lo)}元" if lo == hi else f"{f(lo)}元 – {f(hi)}元"


def texts(at: AppTest) -> str:
    return "\n".join([m.value for m in at.markdown] + [c.value for c in at.caption])


def no_exception(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]


@pytest.fixture
def at() -> AppTest:
    return AppTest.from_file(APP, default_timeout=60)


def _set_dsl45_repeat(at: AppTest) -> dict:
    """Fill the DSL Art. 45 case with two prior same-kind CAC penalties by widget key."""
    at.run()
    at.selectbox(key="in_law").set_value("DSL").run()
    at.selectbox(key="in_provision").set_value("dsl-45-1-entity-base")
    at.date_input(key="in_violation_date").set_value(dt.date(2025, 9, 1))
    at.date_input(key="in_decision_date").set_value(dt.date(2025, 12, 1))
    at.number_input(key="in_prior_n").set_value(2).run()
    at.date_input(key="in_prior_date_0").set_value(dt.date(2025, 1, 10))
    at.date_input(key="in_prior_date_1").set_value(dt.date(2025, 6, 10))
    at.run()
    no_exception(at)
    return {"provision": "dsl-45-1-entity-base", "violation_date": "2025-09-01",
            "decision_date": "2025-12-01", "party": {"kind": "organisation"},
            "persons_count": 1, "circumstances": [],
            "prior_penalties": [{"decided_on": "2025-01-10", "same_kind": True, "by_cac": True},
                                {"decided_on": "2025-06-10", "same_kind": True, "by_cac": True}]}


def test_default_estimate_equals_library(at: AppTest) -> None:
    at.run()
    no_exception(at)
    case = at.session_state["case"]
    a = penalty.assess(case)
    shown = texts(at)
    assert BANDS[a.band].en in shown
    assert en(a.fine) in shown
    assert en(a.total_exposure) in shown


def test_dsl45_repeat_offence_is_aggravated(at: AppTest) -> None:
    case = _set_dsl45_repeat(at)
    assert at.session_state["case"] == case
    a = penalty.assess(case)
    assert a.band == "aggravated"
    shown = texts(at)
    assert "Aggravated" in shown
    assert en(a.fine) in shown  # CNY 365,000 – 500,000 by hand: 50k + 70 % of 450k = 365k
    assert en(a.fine) == "CNY 365,000 – 500,000"
    assert en(a.float_fine) in shown
    assert en(a.total_exposure) in shown
    band_table = next(m.value for m in at.markdown if m.value.startswith("| Band"))
    assert f"| {en(a.ranges['aggravated'])} |" in band_table
    for r in a.reasons:
        assert r.citation in shown
    # similar cases were listed, and where the estimate sits among them is the library's figure
    assert any("Similar cases" in s.value for s in at.subheader)
    from penalty.cases import SimilarQuery, compare, load_cases, similar_cases

    cs = load_cases(strict=False)
    res = similar_cases(SimilarQuery.from_case_json(case), cs.cases, min_results=3, limit=12)
    comp = compare(a.fine.low_cny, a.fine.high_cny, [cs.by_id(m.case_id) for m in res.matches])
    assert f"{comp.share_below_low_pct} % lie below" in shown
    # the table names the authority (no dataset id), in the library's order
    assert list(at.dataframe[0].value["Authority"]) == [cs.by_id(m.case_id).authority for m in res.matches]
    keys = {d.key for d in at.get("download_button")}
    assert {"dl_assessment", "dl_case"} <= keys
    # the URL holds the scenario
    assert query_to_case(dict(at.query_params)) == case


def test_language_switch_to_chinese(at: AppTest) -> None:
    case = _set_dsl45_repeat(at)
    at.radio(key="lang").set_value("zh").run()
    no_exception(at)
    a = penalty.assess(case)
    shown = texts(at)
    assert BANDS["aggravated"].zh in shown
    assert zh(a.fine) in shown
    for r in a.reasons:
        assert r.zh in shown
    circ = CAT.circumstances["minor_corrected_no_harm"]
    assert circ.zh in at.checkbox(key="in_circ_minor_corrected_no_harm").label


def test_amount_error_shows_library_message_next_to_field(at: AppTest) -> None:
    at.run()
    at.selectbox(key="in_law").set_value("CSL").run()
    at.selectbox(key="in_provision").set_value("csl2017-64-2-entity-base").run()
    at.text_input(key="in_illegal_gain_cny").set_value("12abc").run()
    no_exception(at)
    case = dict(at.session_state["case"])
    with pytest.raises(penalty.InputError) as exc:
        penalty.assess(case)
    errors = [e.value for e in at.error]
    assert str(exc.value) in errors
    assert "illegal_gain_cny" in str(exc.value)


def test_gain_amount_range_equals_library(at: AppTest) -> None:
    at.run()
    at.selectbox(key="in_law").set_value("CSL").run()
    at.selectbox(key="in_provision").set_value("csl2017-64-2-entity-base").run()
    at.date_input(key="in_violation_date").set_value(dt.date(2024, 3, 1))
    at.date_input(key="in_decision_date").set_value(dt.date(2025, 10, 1))
    at.text_input(key="in_illegal_gain_cny").set_value("200,000").run()
    no_exception(at)
    case = at.session_state["case"]
    assert case["illegal_gain_cny"] == "200000"
    a = penalty.assess(case)
    # by hand: 1x-10x of 200,000 -> 200,000 - 2,000,000; standard 30-70 % -> 740,000 - 1,460,000
    assert en(a.fine) == "CNY 740,000 – 1,460,000"
    shown = texts(at)
    assert en(a.fine) in shown
    assert en(a.total_exposure) in shown  # includes confiscation of the gains


def test_date_order_error_next_to_decision_date(at: AppTest) -> None:
    at.run()
    at.date_input(key="in_violation_date").set_value(dt.date(2025, 9, 1))
    at.date_input(key="in_decision_date").set_value(dt.date(2025, 1, 1)).run()
    no_exception(at)
    with pytest.raises(penalty.InputError) as exc:
        penalty.assess(at.session_state["case"])
    assert exc.value.field == "decision_date"
    assert str(exc.value) in [e.value for e in at.error]


def test_url_loads_scenario(at: AppTest) -> None:
    case = {"provision": "dsl-45-1-entity-base", "violation_date": "2025-09-01",
            "decision_date": "2025-12-01", "party": {"kind": "organisation"},
            "circumstances": ["eliminated_or_reduced_harm"], "prior_penalties": [],
            "persons_count": 2}
    for k, v in case_to_query(case).items():
        at.query_params[k] = v
    at.run()
    no_exception(at)
    assert at.checkbox(key="in_circ_eliminated_or_reduced_harm").value is True
    assert at.number_input(key="in_persons_count").value == 2
    a = penalty.assess(case)
    assert a.band == "lenient"
    shown = texts(at)
    assert BANDS["lenient"].en in shown
    # the headline shows the expected band's range: an optional fine in the lenient band starts
    # at the minimum (CNY 50,000); mitigated, also open, lies below it
    assert en(a.ranges["lenient"]) == "CNY 50,000 – 185,000" and en(a.ranges["lenient"]) in shown
    assert "below CNY 50,000" in shown
    assert en(a.total_exposure) in shown


def test_upload_case_json(at: AppTest) -> None:
    at.run()
    case = {"provision": "dsl-45-1-entity-base", "violation_date": "2025-09-01",
            "decision_date": "2025-12-01", "party": {"kind": "individual", "age": 16},
            "circumstances": [], "prior_penalties": []}
    at.file_uploader(key="upload_case").upload("case.json", json.dumps(case).encode(),
                                                "application/json").run()
    no_exception(at)
    assert at.radio(key="in_party_kind").value == "individual"
    assert at.number_input(key="in_party_age").value == 16
    assert any("case.json" in s.value for s in at.success)
    a = penalty.assess(at.session_state["case"])
    assert a.band == penalty.assess(case).band == "lenient"  # APL Art. 30: aged 14 to 17
    assert en(a.fine) in texts(at)


def test_upload_bad_json_shows_message(at: AppTest) -> None:
    at.run()
    at.file_uploader(key="upload_case").upload("bad.json", b'{"provision": "nope"}',
                                                "application/json").run()
    no_exception(at)
    assert any("bad.json" in e.value for e in at.error)


def test_changing_an_input_reruns_fast(at: AppTest) -> None:
    import time

    at.run()
    at.run()  # warm: catalogue and cases cached
    start = time.perf_counter()
    at.checkbox(key="in_circ_evidence_tampering").check().run()
    elapsed = time.perf_counter() - start
    no_exception(at)
    assert BANDS["aggravated"].en in texts(at)
    assert elapsed < 2.0, f"re-render took {elapsed:.2f} s"  # generous bound for CI machines


def test_language_from_url(at: AppTest) -> None:
    at.query_params["lang"] = "zh"
    at.run()
    no_exception(at)
    assert at.radio(key="lang").value == "zh"
    assert at.title[0].value == "测算罚款"


def test_garbage_url_does_not_break_the_page(at: AppTest) -> None:
    for k, v in {"p": "no-such-provision", "vd": "2025-13-45", "de": "yesterday", "age": "old",
                 "kind": "individual", "gain": "lots", "c": "nonsense,evidence_tampering",
                 "prior": "notadate:sc", "n": "-3", "tc": "weird"}.items():
        at.query_params[k] = v
    at.run()
    no_exception(at)
    assert at.selectbox(key="in_provision").value == "dsl-45-1-entity-base"  # the default
    # what cannot be read falls back to defaults; the page still shows the library's result
    a = penalty.assess(at.session_state["case"])
    assert at.session_state["case"]["circumstances"] == ["evidence_tampering"]
    assert en(a.fine) in texts(at)


def test_url_dates_outside_the_widget_bounds_fall_back(at: AppTest) -> None:
    """A date the date widgets cannot show (year 1 or 9999) is replaced, not a traceback; the
    prior penalty with such a date is left out (not moved silently onto the violation date), and
    a warning names each parameter and what is used instead."""
    for k, v in {"p": "dsl-45-1-entity-base", "vd": "0001-01-01", "de": "9999-12-31",
                 "prior": "0001-01-01:sc"}.items():
        at.query_params[k] = v
    at.run()
    no_exception(at)
    case = at.session_state["case"]
    assert case["violation_date"] != "0001-01-01" and case["decision_date"] != "9999-12-31"
    assert case["prior_penalties"] == []
    a = penalty.assess(case)
    assert en(a.fine) in texts(at)
    warned = " ".join(w.value for w in at.warning)
    assert "vd=0001-01-01" in warned and "de=9999-12-31" in warned and "0001-01-01" in warned
    assert f"{case['violation_date']} is used instead" in warned


def test_query_round_trip() -> None:
    case = {"provision": "pipl-66-2-entity-serious", "violation_date": "2025-01-01",
            "violation_end_date": "2025-03-01", "discovery_date": "2025-04-01",
            "decision_date": "2025-12-01", "party": {"kind": "organisation"},
            "turnover_cny": "123456789.12", "circumstances": ["evidence_tampering"],
            "prior_penalties": [{"decided_on": "2024-06-01", "same_kind": False, "by_cac": True}],
            "persons_count": 3, "options": {"turnover_ceiling": "fixed", "prefer_mitigated": True},
            "label": "client A"}
    assert query_to_case(case_to_query(case)) == case
    assert penalty.assess(query_to_case(case_to_query(case))) == penalty.assess(case)


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders(at: AppTest, page: str, lang: str) -> None:
    at.run()
    at.radio(key="lang").set_value(lang).run()
    at.switch_page(page).run()
    no_exception(at)
    assert at.title, page


def test_whatif_shows_library_variants(at: AppTest) -> None:
    case = _set_dsl45_repeat(at)
    at.switch_page("app_pages/whatif.py").run()
    no_exception(at)
    from penalty.whatif import single_toggles

    base, toggles = single_toggles(case, only_changes=True)
    compare = at.dataframe[0].value
    assert compare.iloc[0]["Fine"] == en(base.fine)
    moves = at.dataframe[1].value
    assert len(moves) == len(toggles)
    repeat = next(t for t in toggles if t.code == "repeat_offence_within_year")
    assert repeat.outcome.band == "standard"
    row = moves[moves["Circumstance"] == CAT.circumstances[repeat.code].en].iloc[0]
    assert row["Fine"] == en(repeat.outcome.ranges["standard"])
    assert row["Change of low"] == "−180,000"  # by hand: 185,000 - 365,000
    # the repeat offence derived from the prior penalties is marked as counted
    assert any("derived from the prior penalties" in c.value for c in at.caption)
    # a chart of what each single change does to the range
    assert any("after each single change" in m.value for m in at.markdown)
    # toggling a circumstance in the variant changes only the variant row
    at.checkbox(key="wi_circ_eliminated_or_reduced_harm").check().run()
    no_exception(at)
    var = penalty.assess({**case, "circumstances": ["eliminated_or_reduced_harm"]})
    compare = at.dataframe[0].value
    assert compare.iloc[1]["Fine"] == en(var.ranges[var.band] if var.band else var.fine)
    assert compare.iloc[0]["Fine"] == en(base.fine)
    # the Estimate page keeps its case
    assert at.session_state["case"] == case


def test_whatif_sweep_on_gains(at: AppTest) -> None:
    at.run()
    at.selectbox(key="in_law").set_value("CSL").run()
    at.selectbox(key="in_provision").set_value("csl2017-64-2-entity-base").run()
    at.date_input(key="in_violation_date").set_value(dt.date(2024, 3, 1))
    at.date_input(key="in_decision_date").set_value(dt.date(2025, 10, 1))
    at.text_input(key="in_illegal_gain_cny").set_value("200000").run()
    at.switch_page("app_pages/whatif.py").run()
    no_exception(at)
    assert at.selectbox(key="wi_sweep_field").value == "illegal_gain_cny"  # the fine's basis
    sweep = at.dataframe[-1].value
    base_row = sweep[sweep.iloc[:, 0].str.endswith("◀")].iloc[0]
    assert base_row.iloc[2] == "CNY 740,000 – 1,460,000"
    at.text_input(key="wi_illegal_gain_cny").set_value("1,000,000").run()
    no_exception(at)
    a = penalty.assess({**at.session_state["case"], "illegal_gain_cny": Decimal("1000000")})
    assert at.dataframe[0].value.iloc[1]["Fine"] == en(a.ranges[a.band] if a.band else a.fine)


def test_whatif_sweep_defaults_to_the_turnover_for_a_turnover_ceiling(at: AppTest) -> None:
    at.query_params.update({"p": "pipl-66-2-entity-serious", "vd": "2025-09-01", "de": "2025-12-01",
                            "turnover": "3000000000", "gain": "1000"})
    at.run()
    at.switch_page("app_pages/whatif.py").run()
    no_exception(at)
    assert at.selectbox(key="wi_sweep_field").value == "turnover_cny"


def test_compare_two_scenarios_side_by_side(at: AppTest) -> None:
    """Save the current case as A, change it on the Estimate page, save as B: both cards show
    the library's band and range."""
    at.run()
    first = dict(at.session_state["case"])
    at.switch_page("app_pages/whatif.py").run()
    at.button(key="cmp_save_A").click().run()
    at.switch_page("app_pages/estimate.py").run()
    at.checkbox(key="in_circ_eliminated_or_reduced_harm").check().run()
    second = dict(at.session_state["case"])
    at.switch_page("app_pages/whatif.py").run()
    at.button(key="cmp_save_B").click().run()
    no_exception(at)
    shown = texts(at)
    for c in (first, second):
        a = penalty.assess(c)
        assert en(a.ranges[a.band]) in shown
    assert "Scenario A" in shown and "Scenario B" in shown


def test_catalogue_lists_provisions_in_force(at: AppTest) -> None:
    at.run()
    at.switch_page("app_pages/catalogue.py").run()
    at.date_input(key="cg_date").set_value(dt.date(2025, 1, 1))
    at.selectbox(key="cg_law").set_value("DSL").run()
    no_exception(at)
    shown = at.dataframe[0].value
    provs = CAT.in_force(dt.date(2025, 1, 1), "DSL")
    assert list(shown["Citation"]) == [p.citation_en for p in provs]
    # words, not codes: no id column, tiers as triggers, penalty types labelled from data
    assert "id" not in shown.columns
    cells = " ".join(str(v) for v in shown.to_numpy().ravel())
    assert "refuse_or_serious" not in cells and not any(p.id in cells for p in provs)
    detail = texts(at)
    assert "circulate_criticism" not in detail and "order_rectify" not in detail


def test_cases_filters(at: AppTest) -> None:
    from penalty.cases import CaseFilter, filter_cases, load_cases

    at.run()
    at.switch_page("app_pages/cases.py").run()
    at.selectbox(key="cs_law").set_value("DSL")
    at.selectbox(key="cs_authority_type").set_value("cac").run()
    no_exception(at)
    expected = filter_cases(load_cases(strict=False).cases, CaseFilter(law="DSL",
                                                                       authority_type="cac"))
    expected = sorted(expected, key=lambda c: c.decision_date or "", reverse=True)  # newest first
    assert list(at.dataframe[0].value["Authority"]) == [c.authority for c in expected]
    assert list(at.dataframe[0].value["Decided"]) == [c.decision_date or "—" for c in expected]


def test_cases_search_sort_and_groups(at: AppTest) -> None:
    """Full-text search, sorting by fine, statistics by authority type and province: the
    library's figures, with labels (no dataset codes) in both languages."""
    from penalty.cases import load_cases
    from penalty.cases.browse import search_cases, sort_cases, stats_by

    cases = load_cases(strict=False).cases
    at.run()
    at.switch_page("app_pages/cases.py").run()
    at.text_input(key="cs_search").set_value("beijing")
    at.selectbox(key="cs_sort").set_value("fine_desc").run()
    no_exception(at)
    expected = sort_cases(search_cases(cases, "beijing"), "fine_desc")
    assert expected and list(at.dataframe[0].value["Authority"]) == [c.authority for c in expected]
    shown = " ".join(str(v) for d in at.dataframe for v in d.value.to_numpy().ravel())
    assert "public_security" not in shown and "Cyberspace authority (CAC)" in shown
    top = stats_by(expected, "authority_type")[0]
    assert top["cases"] == sum(1 for c in expected if c.authority_type == top["group"])
    at.sidebar.radio(key="lang").set_value("zh").run()
    no_exception(at)
    shown = " ".join(str(v) for d in at.dataframe for v in d.value.to_numpy().ravel())
    assert "北京市网信办" in shown and "网信部门" in shown and "北京" in shown
