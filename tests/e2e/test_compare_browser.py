"""Two scenarios saved on the What-if page and compared side by side, in a real browser."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from streamlit_page import BANDS, case_in_url, en, open_app, settle, shoot

import penalty

pytestmark = pytest.mark.e2e


def test_compare_two_scenarios(server, page, shots) -> None:
    open_app(page, server)
    first = penalty.assess({"provision": "dsl-45-1-entity-base",
                            **_dates(page)})
    nav = page.locator("[data-testid='stSidebarNav']")
    # each page is left to finish its run before the next click (a click on a page that is
    # still being replaced can be lost)
    nav.get_by_text("What-if", exact=True).click()
    settle(page)
    page.locator(".st-key-cmp_save_A button").click()
    settle(page)
    nav.get_by_text("Estimate", exact=True).click()
    settle(page)
    page.locator(".st-key-in_circ_eliminated_or_reduced_harm label").first.click()
    settle(page)
    expect(page.locator(".st-key-in_circ_eliminated_or_reduced_harm input")).to_be_checked()
    nav.get_by_text("What-if", exact=True).click()
    settle(page)
    page.locator(".st-key-cmp_save_B button").click()
    settle(page)
    view = page.locator(".st-key-compare_view")
    view.wait_for()
    expect(page.locator(".st-key-cmp_card_A")).to_contain_text(en(first.ranges["standard"]))
    expect(page.locator(".st-key-cmp_card_B")).to_contain_text(BANDS["lenient"].en)
    # side by side: B's card starts to the right of A's, on the same line
    box_a = page.locator(".st-key-cmp_card_A").bounding_box()
    box_b = page.locator(".st-key-cmp_card_B").bounding_box()
    assert box_b["x"] > box_a["x"] + box_a["width"] - 1 and abs(box_b["y"] - box_a["y"]) < 5
    view.scroll_into_view_if_needed()
    shoot(page, shots / "compare.png", whole_page=False)


def _dates(page) -> dict:
    c = case_in_url(page)
    return {"violation_date": c["violation_date"], "decision_date": c["decision_date"]}
