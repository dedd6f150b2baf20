"""The app in a real browser: fill a DSL Art. 45 case with a repeat offence, check the aggravated
band and range against the library, download the exports, and switch to Chinese."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect
from streamlit_page import BANDS, CAT, case_in_url, en, no_exception, settle, shoot, zh

import penalty

pytestmark = pytest.mark.e2e



def test_dsl45_repeat_offence_in_both_languages(server, page, shots) -> None:
    page.goto(server)
    page.get_by_role("heading", name="Estimate a fine").wait_for()
    headline = page.locator(".st-key-headline")
    headline.wait_for()
    settle(page)
    expect(page.locator(".st-key-in_persons_count input")).to_have_value("1", timeout=30_000)

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
