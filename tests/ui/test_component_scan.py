"""The session keeps Streamlit's scan of installed components (tests/ui/conftest.py)."""

from __future__ import annotations

from streamlit.components.v2 import manifest_scanner
from streamlit.testing.v1 import AppTest


def test_the_component_scan_is_kept() -> None:
    kept = manifest_scanner.scan_component_manifests
    assert hasattr(kept, "cache_info")  # the session's cached scan is in place
    assert kept() == kept.__wrapped__()  # and gives what a fresh scan gives
    before = kept.cache_info().hits
    AppTest.from_string("import streamlit as st\nst.write('x')").run()
    assert kept.cache_info().hits == before + 1  # a new AppTest asked the kept scan
