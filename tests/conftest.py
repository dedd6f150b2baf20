"""Fixtures shared by every test folder.

``catalogue`` is the real ``data/`` loaded once per session (``penalty.load_catalogue`` caches it
as well; the fixture makes the dependency visible). ``make_case`` builds a case dict on default
dates so a test names only what it is about.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import penalty

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "data"
REFERENCE = REPO.parent / "shared" / "reference"

# A violation in the benchmark era (Provision in force from 2025-08-01), decided in 2025, so one
# version of every law is in force throughout.
DEFAULT_DATES = {"violation_date": "2025-09-01", "decision_date": "2025-12-01"}


@pytest.fixture(scope="session")
def catalogue() -> penalty.Catalogue:
    return penalty.load_catalogue()


@pytest.fixture(scope="session")
def data_dir() -> Path:
    return DATA


@pytest.fixture(scope="session")
def reference_dir() -> Path:
    return REFERENCE


def build_case(provision: str | list[str], **fields: Any) -> dict[str, Any]:
    """A case dict: ``provision`` (a list becomes ``provisions``) on the default dates."""
    case: dict[str, Any] = dict(DEFAULT_DATES)
    case["provisions" if isinstance(provision, list) else "provision"] = provision
    case.update(fields)
    return case


@pytest.fixture(scope="session")
def make_case() -> Callable[..., dict[str, Any]]:
    return build_case


# On CI nothing may be skipped for want of a tool: `make test` installs them (Makefile
# SYSTEM_PACKAGES), so a missing one is a broken install step, not a reason to skip.
SYSTEM_TOOLS = {"chromium": ("chromium",), "LibreOffice": ("soffice", "libreoffice"),
                "pdftoppm": ("pdftoppm",)}


def pytest_sessionstart(session: pytest.Session) -> None:
    import os
    import shutil

    if os.environ.get("CI", "").lower() not in ("1", "true", "yes"):
        return
    missing = [name for name, cmds in SYSTEM_TOOLS.items()
               if not any(shutil.which(c) for c in cmds)]
    if missing:
        raise pytest.UsageError(f"CI needs {', '.join(missing)}; run `make system-deps`")
