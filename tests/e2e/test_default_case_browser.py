"""The default case in a real browser, in English and then Chinese (one page, switched in the
sidebar): the observed-practice line and its chart beside the legal range, and the Procedure
panel with the worked example's dates and fine, its deadlines and its .ics download (issue 14).

One page for both: every check here starts from the app as it opens, and a page load is most of
what a browser test costs."""

from __future__ import annotations

from pathlib import Path

import pytest
from icalendar import Calendar
from playwright.sync_api import expect
from streamlit_page import amount, no_exception, open_app, settle, shoot

import penalty
from app_pages.common import default_case

pytestmark = pytest.mark.e2e

LIKELY = {  # the line's wording and the chart's heading, per language
    "en": ("Similar decisions: usually CNY {low} – {high} ({n} decisions, same provision)",
           "Where similar decisions landed"),
    "zh": ("相似决定：通常为{low}元 – {high}元（{n}件决定，同一条款同一层级）", "相似决定的罚款位置"),
}


def set_date(page, key: str, value: str) -> None:
    """Type a date into Streamlit's segmented date field (year, month, day spinbuttons)."""
    for part, text in zip(("year", "month", "day"), value.split("-")):
        page.locator(f".st-key-{key} [data-type='{part}']").focus()
        page.keyboard.type(text, delay=30)
    page.keyboard.press("Escape")  # a calendar pop-up may have opened
    page.keyboard.press("Enter")
    page.locator("h1").first.click()  # leave the field: the value is sent
    settle(page)


def likely_line_and_chart(page, lang: str, shots: Path) -> None:
    """The 'similar decisions: usually …' line is the library's, and the chart after its heading
    has drawn its marks (Vega draws into a canvas or svg; a bad spec shows an error instead)."""
    lk = penalty.assess(default_case()).likely
    assert lk is not None
    line, title = LIKELY[lang]
    expect(page.locator(".st-key-likely_line")).to_contain_text(
        line.format(low=amount(lk.low_cny), high=amount(lk.high_cny), n=lk.n), timeout=30_000)
    page.get_by_text(title, exact=False).first.scroll_into_view_if_needed()
    chart = page.locator("[data-testid='stVegaLiteChart']").filter(
        has=page.locator("canvas, svg")).last
    chart.wait_for(timeout=30_000)
    assert page.locator(".vega-embed .error, [data-testid='stAlert'] :text('Error')").count() == 0
    shoot(page, shots / f"likely-{lang}.png", whole_page=False)


def test_default_case_likely_and_procedure_in_both_languages(server, page, shots) -> None:
    open_app(page, server, lang="en")
    page.get_by_role("heading", name="Procedure and deadlines").wait_for()
    likely_line_and_chart(page, "en", shots)

    # the Procedure panel: the worked example's notice, decision and fine
    page.locator(".st-key-proc_notice [data-type='year']").wait_for()
    set_date(page, "proc_notice", "2026-03-02")
    set_date(page, "proc_received", "2026-04-15")
    fine = page.locator(".st-key-proc_fine input")
    fine.fill("200000")
    fine.press("Enter")
    settle(page)
    no_exception(page)
    main = page.locator("[data-testid='stMain']")
    # retrying assertions: on a loaded machine the rerun may start after settle() returned
    expect(main).to_contain_text(
        "CNY 6,000 per day from 2026-05-01, at most CNY 200,000 (reached on 2026-06-03)",
        timeout=30_000)
    expect(main).to_contain_text("a hearing can be requested", timeout=30_000)
    # the deadline list is a canvas grid; its dates are checked through the .ics download
    button = page.locator(".st-key-proc_dl_ics button")
    expect(button).to_be_enabled(timeout=30_000)
    with page.expect_download(timeout=90_000) as dl:
        button.click()
    cal = Calendar.from_ical(Path(dl.value.path()).read_bytes())
    starts = {str(e["categories"].cats[0]): e.decoded("dtstart") for e in cal.walk("VEVENT")}
    case = {"provision": "dsl-45-1-entity-base", "violation_date": "2025-09-01",
            "decision_date": "2026-04-15"}
    t = penalty.timeline(case, notice_served="2026-03-02", decision_received="2026-04-15",
                         fine_cny=200000)
    assert starts["hearing_request"].isoformat() == "2026-03-09"
    assert starts["reconsideration"].isoformat() == "2026-06-15"
    assert len(starts) == len(t.deadlines)
    page.get_by_role("heading", name="Procedure and deadlines").scroll_into_view_if_needed()
    shoot(page, shots / "procedure_en.png", whole_page=False)

    # Chinese: the same session, switched in the sidebar
    page.locator("[data-testid='stSidebar']").get_by_text("中文", exact=True).click()
    page.get_by_role("heading", name="程序与期限").wait_for()
    settle(page)
    no_exception(page)
    expect(main).to_contain_text("自2026-05-01起每日加处6,000元", timeout=30_000)
    expect(main).to_contain_text("可以要求听证", timeout=30_000)
    page.get_by_role("heading", name="程序与期限").scroll_into_view_if_needed()
    shoot(page, shots / "procedure_zh.png", whole_page=False)
    likely_line_and_chart(page, "zh", shots)
