"""Issue 11 read through as a lawyer in both languages: what a screenshot showed wrong, one test
per fix (English inside Chinese mode, raw ids, unexplained blanks)."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest
from test_app import APP, no_exception

BASE = {"p": "dsl-45-1-entity-base", "vd": "2025-09-01", "de": "2025-12-01"}


@pytest.fixture
def at() -> AppTest:
    return AppTest.from_file(APP, default_timeout=60)


@pytest.mark.parametrize(("lang", "placeholder"), [("en", "none"), ("zh", "无")])
def test_also_breached_placeholder_in_the_page_language(at: AppTest, lang: str,
                                                         placeholder: str) -> None:
    # Streamlit's own placeholder is the English "Choose options", shown in Chinese mode too
    at.query_params.update({**BASE, "lang": lang})
    at.run()
    no_exception(at)
    assert at.multiselect(key="in_also").placeholder == placeholder
