"""Shared by the AppTest files: Streamlit's component scan, once per test process.

Every new ``AppTest`` builds its own registry of custom components by reading the metadata of
every installed distribution (``scan_component_manifests``): about 0.3 s per test, most of the
time of an AppTest run of a page, for an answer that cannot change while the tests run. The scan
is kept for the session; the app itself uses no custom component, and
``test_the_component_scan_is_kept`` checks that the kept answer is the scan's.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator

import pytest
from streamlit.components.v2 import manifest_scanner


@pytest.fixture(scope="session", autouse=True)
def _scan_components_once() -> Iterator[None]:
    original = manifest_scanner.scan_component_manifests
    manifest_scanner.scan_component_manifests = functools.cache(original)
    yield
    manifest_scanner.scan_component_manifests = original
