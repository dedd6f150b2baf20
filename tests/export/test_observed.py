"""The workbook and the statement carry the likely range with its basis and the back-test
figures, marked as observed practice, exactly as the library gives them."""

from __future__ import annotations

import io

import openpyxl

import penalty
from penalty.cases.likely import default_backtest_summary
from penalty.export.statement import statement_markdown
from penalty.export.xlsx import whatif_workbook

CASE = {"provision": "dsl-45-1-entity-base", "violation_date": "2025-09-01", "decision_date": "2025-12-01"}


def _f(d) -> str:
    return f"{d:,.2f}".removesuffix(".00")


def test_statement_carries_the_likely_range_and_backtest():
    lk = penalty.assess(CASE).likely
    s = default_backtest_summary()["all"]
    md = statement_markdown(CASE, "en")
    assert "Observed practice (not law)" in md and lk.en in md
    assert f"| Similar decisions usually | CNY {_f(lk.low_cny)} – CNY {_f(lk.high_cny)} |" in md
    assert f"| Decisions behind the range | {lk.n} |" in md
    assert "| Similarity tier | same provision and tier |" in md
    assert f"{s['in_likely_share'] * 100:.1f} % of {s['with_estimate']} actual fines inside" in md
    zh = statement_markdown(CASE, "zh")
    assert "执法实践观察（并非法律规定）" in zh and f"{_f(lk.low_cny)}元 – {_f(lk.high_cny)}元" in zh


def test_statement_without_a_likely_range_says_why():
    case = {**CASE, "provision": "pipl-66-2-entity-serious"}
    a = penalty.assess(case)
    md = statement_markdown(case, "en")
    if a.likely is None:
        assert f"No likely range: {a.likely_note.en}" in md


def test_workbook_sheet_of_observed_practice():
    a = penalty.assess(CASE)
    wb = openpyxl.load_workbook(io.BytesIO(whatif_workbook(CASE)))
    ws = wb["Observed practice"]
    base = [c.value for c in ws[2]]
    assert base[0] == "Base case"
    assert (base[1], base[2], base[3]) == (float(a.likely.low_cny), float(a.likely.high_cny), a.likely.n)
    assert base[4] == "same provision and tier / 同一条款同一层级"
    assert "Observed practice, not law" in base[8] and "并非法律规定" in base[8]
    text = "\n".join(str(c.value) for row in ws.iter_rows() for c in row if c.value)
    assert "Back-test (leave-one-out" in text and "回测（留一法" in text


def test_no_likely_range_names_the_tier_and_band_in_words_in_both_languages():
    # too few decisions: the widest tier by its label, not its code; the Chinese reason after a
    # full-width colon
    from penalty.export.observed import observed

    case = {**CASE, "provision": "alg-31-0-entity-refuse_or_serious"}
    a = penalty.assess(case)
    assert a.likely is None and a.likely_note.code == "too_few_decisions"
    assert "(widest tier: same law); fewer than 3" in a.likely_note.en
    assert "（最宽相似层级：同一法律），不足3笔" in a.likely_note.zh
    assert observed(a, "zh")[1][0] == f"不提供可能区间：{a.likely_note.zh}"
    assert observed(a, "en")[1][0] == f"No likely range: {a.likely_note.en}"
    # a band the similar decisions do not reflect: named by its label (no_penalty: 不予处罚)
    b = penalty.assess({**CASE, "provision": "csl2017-63-2-entity-base",
                        "circumstances": ["minor_corrected_no_harm"]})
    assert b.band == "no_penalty" and "circumstances_not_reflected" in b.likely_note.code
    assert "circumstances giving the no penalty band;" in b.likely_note.en
    assert b.likely_note.zh.startswith("记载相同裁量情节（不予处罚）的相似决定过少")
