"""Calendar arithmetic on ``datetime64[D]`` arrays.

Periods counted in months or years end on the corresponding day of the final month; where that
month has no such day (29-31), on its last day (Civil Code Art. 202, the general rule for
periods, which the APL does not displace).
Not formalised: Civil Code Art. 203, which moves a last day falling on a public holiday to the
next working day; holidays are not in the data.
"""

from __future__ import annotations

import numpy as np


def add_months(days: np.ndarray, months: np.ndarray | int) -> np.ndarray:
    """The corresponding day ``months`` later (negative: earlier), or the last day of the target
    month when it has no corresponding day.

    Dates in a batch span a few thousand days at most, so each distinct (day, months) is worked
    out once in a small table and looked up."""
    days = np.asarray(days, dtype="datetime64[D]")
    months = np.broadcast_to(np.asarray(months, dtype=np.int64), days.shape)
    ok = ~np.isnat(days)
    if days.size < 64 or not ok.any():
        return _add_months(days, months)
    first = days[ok].min()
    offset = np.where(ok, days - first, 0).astype(np.int64)
    span = int(offset.max()) + 1
    out = np.full(days.shape, np.datetime64("NaT", "D"))
    for m in np.unique(months):
        table = _add_months(first + np.arange(span), np.int64(m))
        sel = ok & (months == m)
        out[sel] = table[offset[sel]]
    return out


def _add_months(days: np.ndarray, months: np.ndarray | int) -> np.ndarray:
    month_start = days.astype("datetime64[M]")
    offset = days - month_start.astype("datetime64[D]")
    target = month_start + np.asarray(months, dtype=np.int64)
    month_len = (target + 1).astype("datetime64[D]") - target.astype("datetime64[D]")
    return target.astype("datetime64[D]") + np.minimum(offset, month_len - np.timedelta64(1, "D"))
