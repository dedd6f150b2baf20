"""The case detail view (shared by the Estimate page's similar cases and the Cases page) with
Streamlit's AppTest: Chinese mode shows the Chinese summary of ``data/cases.csv``, English mode
the English one, and a decision number when the row has one."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest
from test_app import no_exception, texts

from penalty.cases.load import load_cases

CASE_ID = "psb-2017-chongqing-shouye"


def _detail(lang: str, number: str = "") -> AppTest:
    def script(case_id: str, lang: str, number: str) -> None:
        import streamlit as st

        from app_pages import case_detail
        from penalty.cases.load import load_cases

        st.session_state["lang"] = lang
        c = load_cases().by_id(case_id)
        case_detail.show(c.model_copy(update={"decision_number": number}) if number else c)

    at = AppTest.from_function(script, kwargs={"case_id": CASE_ID, "lang": lang, "number": number},
                               default_timeout=60)
    at.run()
    no_exception(at)
    return at


def test_chinese_mode_shows_the_chinese_summary() -> None:
    c = load_cases().by_id(CASE_ID)
    assert c.summary_zh.startswith("2017年6月1日后")
    shown = texts(_detail("zh"))
    assert f"**违法事实**：{c.summary_zh}" in shown
    assert c.violation_summary not in shown
    assert "决定书文号：来源未公布" in shown  # the row states no number


def test_english_mode_shows_the_english_summary() -> None:
    c = load_cases().by_id(CASE_ID)
    shown = texts(_detail("en"))
    assert f"**Violation:** {c.violation_summary}" in shown
    assert "Decision no.: not published in the source" in shown


def test_decision_number_is_shown_when_present() -> None:
    shown = texts(_detail("zh", number="渝公网罚决字〔2017〕1号"))
    assert "决定书文号：渝公网罚决字〔2017〕1号" in shown


def test_detail_shows_the_sourced_turnover_and_the_share() -> None:
    def script() -> None:
        import streamlit as st

        from app_pages import case_detail
        from penalty.cases.load import load_cases

        st.session_state["lang"] = "zh"
        case_detail.show(load_cases().by_id("cac-2022-didi"))

    at = AppTest.from_function(script, default_timeout=60)
    at.run()
    no_exception(at)
    shown = texts(at)
    assert "罚款占营业额：4.61 %" in shown
    assert "2021年度（决定前一年度）营业额：173,827,382,000元——[来源](https://www.sec.gov/" in shown


def test_detail_says_turnover_not_published_for_a_fined_row_without_one() -> None:
    shown = texts(_detail("en"))
    c = load_cases().by_id(CASE_ID)
    if c.fine_entity_cny is not None:
        assert "Fine / turnover: turnover not published" in shown
    assert "Turnover" not in shown.replace("Fine / turnover", "")
