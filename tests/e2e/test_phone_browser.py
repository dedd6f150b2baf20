"""The 390 px phone layout in a real browser: the result near the top, the dates in order."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from streamlit_page import en, new_context, new_page, no_exception, open_app, shoot

import penalty

pytestmark = pytest.mark.e2e


def test_phone_layout(server, browser, shots) -> None:
    ctx = new_context(browser, viewport={"width": 390, "height": 844}, locale="en-GB",
                      device_scale_factor=2, is_mobile=True, has_touch=True)
    page = new_page(ctx)
    try:
        open_app(page, server, p="dsl-45-1-entity-base", vd="2025-09-01", de="2025-12-01")
        a = penalty.assess({"provision": "dsl-45-1-entity-base", "violation_date": "2025-09-01",
                            "decision_date": "2025-12-01"})
        top = page.locator(".st-key-phone_headline")
        expect(top).to_contain_text(en(a.ranges[a.band]))
        assert top.is_visible()
        # the result is near the top: the summary is within the first screen
        assert top.bounding_box()["y"] < 844
        # the dates in their natural order, top to bottom
        ys = [page.locator(f".st-key-in_{k}").bounding_box()["y"] for k in
              ("violation_date", "violation_end_date", "discovery_date", "decision_date")]
        assert ys == sorted(ys), ys
        no_exception(page)
        shoot(page, shots / "phone_390.png", whole_page=False)
    finally:
        ctx.close()
