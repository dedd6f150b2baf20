"""The app in a real browser, as a lawyer uses it: search provisions across laws (Chinese
numerals, keywords, nothing found), then fill a DSL Art. 45 case with a repeat offence, check the
aggravated band and range against the library, download the exports, and switch to Chinese.

One page for the whole journey: a page load is most of what a browser test costs."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect
from streamlit_page import BANDS, CAT, case_in_url, en, no_exception, open_app, settle, shoot, zh

import penalty

pytestmark = pytest.mark.e2e



def search_across_laws(page, shots) -> None:
    """The provision search: Chinese numerals whatever law is selected, a Chinese keyword that
    finds the turnover-based tier, and nothing found (a warning, the previous result cleared)."""
    search = page.locator(".st-key-in_search input")
    combo = page.locator(".st-key-in_provision [role='combobox']")
    # Chinese numerals, whatever law is selected (the default case is under the DSL)
    search.fill("个人信息保护法 第六十六条")
    search.press("Enter")
    settle(page)
    combo.click()
    options = page.get_by_role("option").all_inner_texts()
    assert options and all("PIPL 2021 Art. 66" in o for o in options), options
    page.keyboard.press("Escape")
    # a keyword in Chinese finds the turnover-based tier
    search.fill("营业额")
    search.press("Enter")
    settle(page)
    combo.click()
    options = page.get_by_role("option").all_inner_texts()
    assert any("PIPL 2021 Art. 66(2)" in o for o in options), options
    page.get_by_role("option").first.click()
    settle(page)
    shoot(page, shots / "search_turnover.png")
    # nothing matches: the warning, and the previous result is cleared
    search.fill("zzzz nothing")
    search.press("Enter")
    settle(page)
    main = page.locator("[data-testid='stMain']")
    # retrying assertions: on a loaded machine the rerun may start after settle() returned
    expect(main).to_contain_text("No provision matches the search.", timeout=30_000)
    expect(page.locator(".st-key-headline")).to_have_count(0, timeout=30_000)
    assert "Choose a provision to see the estimate." in main.inner_text()
    shoot(page, shots / "search_no_match.png")


def test_search_then_dsl45_repeat_offence_in_both_languages(server, page, shots) -> None:
    open_app(page, server)
    headline = page.locator(".st-key-headline")
    expect(page.locator(".st-key-in_persons_count input")).to_have_value("1", timeout=30_000)
    search_across_laws(page, shots)

    # 1. the provision: search in Chinese, then pick DSL Art. 45(1) for the entity
    search = page.locator(".st-key-in_search input")
    search.fill("数据安全法 第45条")
    search.press("Enter")
    settle(page)
    page.locator(".st-key-in_provision [role='combobox']").click()
    p = CAT.provisions["dsl-45-1-entity-base"]  # the label names the law, never the id
    page.get_by_role("option", name=f"{p.citation_en} · entity · {p.trigger.en}", exact=True).click()
    settle(page)

    # 2. a repeat offence: two prior same-kind CAC penalties (dated within the year by default)
    prior_n = page.locator(".st-key-in_prior_n input")
    prior_n.fill("2")
    prior_n.press("Enter")
    page.locator(".st-key-in_prior_date_1").wait_for()
    settle(page)
    no_exception(page)

    case = case_in_url(page)
    assert case["provision"] == "dsl-45-1-entity-base"
    assert len(case["prior_penalties"]) == 2
    assert case["persons_count"] == 1  # the default, untouched
    a = penalty.assess(case)
    assert a.band == "aggravated"
    headline.locator(".band-badge.band-aggravated").first.wait_for()
    assert headline.locator(".band-badge.band-aggravated").first.inner_text() == BANDS["aggravated"].en
    text = headline.inner_text()
    assert en(a.ranges[a.band]) in text
    assert en(a.total_exposure) in text
    main = page.locator("[data-testid='stMain']")
    assert en(a.float_ranges[a.band]) in main.inner_text()
    assert "Provision Art. 9(5)" in main.inner_text()  # the repeat-offence reason
    page.get_by_role("heading", name="Similar cases").wait_for()
    assert "comparable" in main.inner_text()
    shoot(page, shots / "estimate_en.png")

    # downloads: the assessment JSON is the library's, the exports are real files
    with page.expect_download() as dl:
        page.locator(".st-key-dl_assessment button").click()
    assert penalty.Assessment.model_validate_json(Path(dl.value.path()).read_text()) == a
    for key, magic in (("dl_xlsx", b"PK"), ("dl_docx", b"PK")):
        if page.locator(f".st-key-{key}").count():
            with page.expect_download(timeout=60_000) as dl:
                page.locator(f".st-key-{key} button").click()
            assert Path(dl.value.path()).read_bytes()[:2] == magic

    # 3. switch to Chinese: same case, labels from the catalogue
    page.locator("[data-testid='stSidebar']").get_by_text("中文", exact=True).click()
    page.get_by_role("heading", name="测算罚款").wait_for()
    headline.locator(".band-badge.band-aggravated").get_by_text(BANDS["aggravated"].zh).first.wait_for()
    settle(page)
    no_exception(page)
    assert case_in_url(page) == case
    text = headline.inner_text()
    assert zh(a.fine) in text and zh(a.total_exposure) in text
    assert CAT.circumstances["repeat_offence_within_year"].zh in main.inner_text()
    assert "数据安全法" in page.locator(".st-key-in_provision [role='combobox']").input_value()
    shoot(page, shots / "estimate_zh.png")
