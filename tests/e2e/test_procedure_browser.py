"""The Procedure panel in a real browser: enter the worked example's dates and fine, see the
library's deadlines in English and Chinese, download the .ics and parse it back (issue 14)."""

from __future__ import annotations

from pathlib import Path

import pytest
from icalendar import Calendar
from playwright.sync_api import expect
from streamlit_page import settle

import penalty

pytestmark = pytest.mark.e2e


def set_date(page, key: str, value: str) -> None:
    """Type a date into Streamlit's segmented date field (year, month, day spinbuttons)."""
    for part, text in zip(("year", "month", "day"), value.split("-")):
        page.locator(f".st-key-{key} [data-type='{part}']").focus()
        page.keyboard.type(text, delay=30)
    page.keyboard.press("Escape")  # a calendar pop-up may have opened
    page.keyboard.press("Enter")
    page.locator("h1").first.click()  # leave the field: the value is sent
    settle(page)


def test_procedure_panel_in_both_languages(server, page, shots) -> None:
    page.goto(server)
    page.get_by_role("heading", name="Procedure and deadlines").wait_for(timeout=60_000)
    page.locator(".st-key-proc_notice [data-type='year']").wait_for()
    settle(page)
    set_date(page, "proc_notice", "2026-03-02")
    set_date(page, "proc_received", "2026-04-15")
    fine = page.locator(".st-key-proc_fine input")
    fine.fill("200000")
    fine.press("Enter")
    settle(page)
    assert page.locator("[data-testid='stException']").count() == 0
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
    page.screenshot(path=str(shots / "procedure_en.png"))

    page.locator("[data-testid='stSidebar']").get_by_text("中文", exact=True).click()
    page.get_by_role("heading", name="程序与期限").wait_for()
    settle(page)
    expect(main).to_contain_text("自2026-05-01起每日加处6,000元", timeout=30_000)
    expect(main).to_contain_text("可以要求听证", timeout=30_000)
    page.get_by_role("heading", name="程序与期限").scroll_into_view_if_needed()
    page.screenshot(path=str(shots / "procedure_zh.png"))
