"""The Estimate page's observed-practice line shows exactly ``Assessment.likely`` beside the
legal range, in English and Chinese, and says when there is no likely range."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

import penalty
from app_pages.common import case_to_query

APP = str(Path(__file__).resolve().parents[2] / "streamlit_app.py")
DSL = {"provision": "dsl-45-1-entity-base", "violation_date": "2025-09-01", "decision_date": "2025-12-01",
       "party": {"kind": "organisation"}, "circumstances": [], "prior_penalties": [], "persons_count": 1}


def _run(case: dict, lang: str = "en") -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for k, v in case_to_query(case).items():
        at.query_params[k] = v
    at.query_params["lang"] = lang
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _texts(at: AppTest) -> str:
    return "\n".join([m.value for m in at.markdown] + [c.value for c in at.caption])


def _f(d) -> str:
    return f"{d:,.2f}".removesuffix(".00")


def test_headline_shows_the_likely_range_beside_the_legal_one() -> None:
    a = penalty.assess(DSL)
    lk = a.likely
    assert lk is not None
    shown = _texts(_run(DSL))
    # written by hand from the library's figures
    assert (f"Similar decisions: usually CNY {_f(lk.low_cny)} – {_f(lk.high_cny)} "
            f"({lk.n} decisions, same provision)") in shown
    assert "Observed practice, not law" in shown
    assert f"CNY {_f(a.fine.low_cny)} – {_f(a.fine.high_cny)}" in shown  # the legal range, unchanged


def test_headline_in_chinese() -> None:
    lk = penalty.assess(DSL).likely
    shown = _texts(_run(DSL, "zh"))
    assert f"相似决定：通常为{_f(lk.low_cny)}元 – {_f(lk.high_cny)}元（{lk.n}件决定，同一条款同一层级）" in shown
    assert "并非法律规定" in shown


def test_headline_says_when_there_is_no_likely_range() -> None:
    case = {**DSL, "provision": "pipl-66-2-entity-serious"}
    a = penalty.assess(case)
    shown = _texts(_run(case))
    if a.likely is None:
        assert f"Similar decisions: no likely range. {a.likely_note.en}" in shown
    else:
        assert "Similar decisions: usually" in shown


def test_method_page_prints_the_backtest_table() -> None:
    from penalty.cases.likely import backtest, backtest_markdown, default_engine

    summary = backtest(default_engine())["summary"]
    at = AppTest.from_file(str(Path(APP).parent / "app_pages" / "method.py"), default_timeout=60)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    shown = "\n".join(m.value for m in at.markdown)
    assert backtest_markdown(summary) in shown
    assert any("back-test" in s.value for s in at.subheader)


def test_deciding_office_level_goes_into_the_case_and_the_link() -> None:
    from app_pages.common import query_to_case

    at = _run(DSL)
    at.selectbox(key="in_authority_level").set_value("city").run()
    assert not at.exception
    case = at.session_state["case"]
    assert case["authority_level"] == "city"
    assert query_to_case(dict(at.query_params))["authority_level"] == "city"
    lk = penalty.assess(case).likely
    assert f"usually CNY {_f(lk.low_cny)} – {_f(lk.high_cny)}" in _texts(at)
    # a bad level in a shared link is dropped with a warning, not silently
    bad = _run({**DSL, "authority_level": "county"})
    assert any("lv=county" in w.value for w in bad.warning)
    assert "authority_level" not in bad.session_state["case"]
