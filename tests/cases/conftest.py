"""Shared fixtures for the case-dataset tests."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from penalty.cases._core import Core, Statutory, default_core
from penalty.cases.load import load_cases
from penalty.cases.schema import CaseRow


class FixedRangeCore(Core):
    """The real catalogue, but statutory ranges read straight from a provision's fixed fine.

    Used to test the positioning logic independently of the engine; tests of the real wiring use
    ``default_core()`` and ``penalty.assess``.
    """

    def __init__(self) -> None:  # share the already-loaded catalogue
        real = default_core()
        self.__dict__.update(real.__dict__)

    def statutory(self, case: dict[str, Any]) -> Statutory:
        p = self.provision(case["provision"])
        if p.basis != "fixed":
            raise ValueError(f"{p.id}: basis {p.basis} has no fixed range")
        return Statutory(low_cny=p.min_cny or Decimal(0), high_cny=p.max_cny, provision_applied=p.id,
                         source="test")


@pytest.fixture(scope="session")
def core() -> Core:
    return default_core()


@pytest.fixture(scope="session")
def fixed_core() -> FixedRangeCore:
    return FixedRangeCore()


@pytest.fixture(scope="session")
def caseset():
    return load_cases()


def has_assess() -> bool:
    import penalty

    return hasattr(penalty, "assess")


def make_case(**kw: Any) -> CaseRow:
    """A synthetic but valid case row; override any field."""
    base = dict(
        case_id="t-case", decision_date="2025-09-10", decision_date_precision="day", date_basis="decision",
        announcement_date="", authority="Test CAC", authority_type="cac", level="provincial", region="Beijing",
        province="Beijing", sector="technology",
        party_type="company", party_name="test co", violation_summary="test violation",
        summary_zh="测试违法事实", laws="DSL",
        articles="DSL Art 45", provision_ids="dsl-45-1-entity-base", provision_link_confidence="stated",
        fine_entity_cny="50000", fine_individuals_cny="", persons_fined="", fine_per_person_cny="",
        confiscated_cny="", penalties="warning; fine", sanctions="warning;fine",
        circumstances="", circumstance_codes="", records_affected="", source_urls="https://example.org/case",
        source_quality="official_notice", source_language="en", confidence="high", distinct_from="",
        notes="synthetic",
    )
    base.update({k: ("" if v is None else v) for k, v in kw.items()})
    if not base["decision_date"] and "date_basis" not in kw:
        base["date_basis"] = ""
    return CaseRow(**base)
