"""Small helpers shared by the property tests: money in fen, band order, frames of cases."""

from __future__ import annotations

from decimal import Decimal

import pandas as pd

import penalty
from penalty.models import BAND_ORDER

from .strategies import to_row

ORDER = {b: i for i, b in enumerate(BAND_ORDER)}
GRADED = ("lenient", "standard", "aggravated")
DATE_COLUMNS = ("violation_date", "violation_end_date", "discovery_date", "decision_date")


def fen(amount: Decimal) -> int:
    """Exact fen of a CNY amount the library returned (always two decimals)."""
    value = amount * 100
    assert value == value.to_integral_value(), f"{amount} is not a whole number of fen"
    return int(value)


def rng(r) -> tuple[int, int] | None:
    return None if r is None else (fen(r.low_cny), fen(r.high_cny))


def frame_of(cases: list[dict], datetime_dates: bool = False) -> pd.DataFrame:
    """A frame with one row per case (``penalty.case_to_row``); dates as ISO text or, with
    ``datetime_dates``, as datetime64 columns."""
    df = pd.DataFrame([to_row(c) for c in cases], columns=list(penalty.FRAME_COLUMNS))
    for col in DATE_COLUMNS:
        if datetime_dates:
            df[col] = pd.to_datetime(df[col], format="%Y-%m-%d", errors="coerce")
    return df
