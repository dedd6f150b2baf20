"""Small helpers for the unit tests: case dicts on default dates and exact-money ranges.

Imported as ``from unit_helpers import ...`` (pytest puts this folder on ``sys.path``).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import penalty

DEFAULT_DATES = {"violation_date": "2025-09-01", "decision_date": "2025-12-01"}


def case(provision: str | list[str], **fields: Any) -> dict[str, Any]:
    """A case dict on the default dates; a list of ids becomes ``provisions`` (APL Art. 29)."""
    c: dict[str, Any] = dict(DEFAULT_DATES)
    c["provisions" if isinstance(provision, list) else "provision"] = provision
    c.update(fields)
    return c


def assess(provision: str | list[str], **fields: Any) -> penalty.Assessment:
    return penalty.assess(case(provision, **fields))


def cny(value: str | int) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.01"))


def R(low: str | int, high: str | int) -> tuple[Decimal, Decimal]:
    """An expected range in yuan, exact to the fen."""
    return (cny(low), cny(high))


def rng(r) -> tuple[Decimal, Decimal] | None:
    """A library ``Range`` (or None) as a (low, high) tuple."""
    return None if r is None else (r.low_cny, r.high_cny)


def ranges(a: penalty.Assessment) -> dict[str, tuple[Decimal, Decimal]]:
    return {b: rng(r) for b, r in a.ranges.items()}


def float_ranges(a: penalty.Assessment) -> dict[str, tuple[Decimal, Decimal]]:
    return {b: rng(r) for b, r in a.float_ranges.items()}


def assumption_ids(a: penalty.Assessment) -> set[str]:
    return {x.id for x in a.assumptions}


def reason(a: penalty.Assessment, code: str):
    """The reason with ``code`` (fails the test if there is none)."""
    found = [r for r in a.reasons if r.code == code]
    assert found, f"no reason {code!r} in {[r.code for r in a.reasons]}"
    return found[0]
