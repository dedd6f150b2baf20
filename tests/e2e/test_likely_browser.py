"""The observed-practice line and chart in a real browser: the default DSL Art. 45(1) case shows
'similar decisions: usually …' beside the legal range, and the chart of similar decisions renders
(Vega-Lite draws it; a bad spec would show an error instead) in English and Chinese."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from streamlit_page import amount as _f
from streamlit_page import settle

import penalty
from app_pages.common import default_case

pytestmark = pytest.mark.e2e


def test_likely_line_and_chart(server, page, shots) -> None:
    lk = penalty.assess(default_case()).likely
    assert lk is not None
    for lang, line, title in (
            ("en", f"Similar decisions: usually CNY {_f(lk.low_cny)} – {_f(lk.high_cny)} ({lk.n} decisions, "
                   "same provision)", "Where similar decisions landed"),
            ("zh", f"相似决定：通常为{_f(lk.low_cny)}元 – {_f(lk.high_cny)}元（{lk.n}件决定，同一条款同一层级）",
             "相似决定的罚款位置")):
        if lang == "en":
            page.goto(f"{server}/?lang={lang}")
        else:  # the same session, switched in the sidebar
            page.locator("[data-testid='stSidebar']").get_by_text("中文", exact=True).click()
        page.locator(".st-key-likely_line").wait_for(timeout=60_000)
        settle(page)
        assert page.locator("[data-testid='stException']").count() == 0
        expect(page.locator(".st-key-likely_line")).to_contain_text(line)
        heading = page.get_by_text(title, exact=False).first
        heading.scroll_into_view_if_needed()
        # the chart right after the heading has drawn its marks (Vega renders into a canvas or svg)
        chart = page.locator("[data-testid='stVegaLiteChart']").filter(
            has=page.locator("canvas, svg")).last
        chart.wait_for(timeout=30_000)
        assert page.locator(".vega-embed .error, [data-testid='stAlert'] :text('Error')").count() == 0
        page.screenshot(path=str(shots / f"likely-{lang}.png"), full_page=False)
