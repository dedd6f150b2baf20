"""The standing fuzz campaign (issue 13): hostile CSV and XLSX files, frames and JSON cases.

Every test here is marked ``fuzz``. The suite runs a bounded number of examples by default, so
``make test`` (CI) spends well under a minute on it; ``make fuzz`` (``PENALTY_FUZZ=long``) runs
many more for a hunt by hand. A failure prints the hypothesis blob to reproduce it.
"""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, settings

LONG = os.environ.get("PENALTY_FUZZ", "") == "long"

FUZZ = settings(
    max_examples=600 if LONG else 25, deadline=None, print_blob=True, derandomize=not LONG,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                           HealthCheck.filter_too_much, HealthCheck.function_scoped_fixture])


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/fuzz/" in str(item.fspath).replace("\\", "/"):
            item.add_marker(pytest.mark.fuzz)
