"""Issue 11 in a real browser: a shared link whose act may be time-barred, with some values the
app cannot use. The time-bar banner sits above the band, each unusable value is named with what
is used instead, and the band is still the library's. Screenshots go to artifacts/screenshots/.

The wording of every warning, and the expired case's banner, are checked with AppTest
(tests/ui/test_issue11.py, tests/ui/test_app.py); here the page as drawn. The Chinese headline
and Cases page are part of the tour (test_tour_browser.py)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from streamlit_page import BANDS, open_app, shoot

import penalty

pytestmark = pytest.mark.e2e


def test_time_bar_banner_and_link_warnings(server, page, shots) -> None:
    case = {"provision": "dsl-45-1-entity-base", "violation_date": "2022-01-01",
            "decision_date": "2025-12-01", "party": {"kind": "organisation"}}
    bad = {"n": "-3", "kind": "alien", "c": "foo"}
    open_app(page, server, p=case["provision"], vd=case["violation_date"],
             de=case["decision_date"], **bad)
    a = penalty.assess(case)
    assert a.limitation.status == "unknown"
    banner = page.locator(".st-key-time_bar")
    # retrying assertions: the page may still be drawing when open_app returns
    expect(banner).to_contain_text("Possibly time-barred", timeout=30_000)
    expect(banner).to_contain_text(str(a.limitation.expires_on), timeout=30_000)
    # the band badge (HTML in Markdown) may draw a moment after the rest
    expect(page.locator(".st-key-headline")).to_contain_text(BANDS["standard"].en, timeout=30_000)
    # above the band: the banner's box ends before the headline's begins
    assert banner.bounding_box()["y"] + banner.bounding_box()["height"] <= \
        page.locator(".st-key-headline").bounding_box()["y"] + 1
    # the values the link could not use: each named, with what is used instead
    main = page.locator("[data-testid='stMain']").inner_text()
    for param, value in bad.items():
        assert f"{param}={value}" in main, param
    assert "is used instead" in main
    shoot(page, shots / "time_bar_en.png")
