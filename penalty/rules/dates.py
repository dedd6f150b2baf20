"""Calendar arithmetic on ``datetime64[D]`` arrays (no rule of law here)."""

from __future__ import annotations

import numpy as np


def add_months(days: np.ndarray, months: np.ndarray | int) -> np.ndarray:
    """Same day-of-month ``months`` later (negative: earlier). A day that does not exist in the
    target month (29-31) rolls forward into the next month, as calendar periods usually do."""
    days = np.asarray(days, dtype="datetime64[D]")
    month_start = days.astype("datetime64[M]")
    offset = days - month_start.astype("datetime64[D]")
    return (month_start + np.asarray(months, dtype=np.int64)).astype("datetime64[D]") + offset
