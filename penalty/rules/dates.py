"""Calendar arithmetic on ``datetime64[D]`` arrays.

Periods counted in months or years end on the corresponding day of the final month; where that
month has no such day (29-31), on its last day (Civil Code Art. 202, the general rule for
periods, which the APL does not displace).
Not formalised: Civil Code Art. 203, which moves a last day falling on a public holiday to the
next working day; holidays are not in the data.
"""

from __future__ import annotations

import numpy as np


def add_months(days: np.ndarray, months: int) -> np.ndarray:
    """The corresponding day ``months`` later (negative: earlier), or the last day of the target
    month when it has no corresponding day. NaT stays NaT.

    Dates in a batch span a few thousand days at most, so the answer for every day of that span
    is worked out once in a small table, and each row looks its day up."""
    days = np.asarray(days, dtype="datetime64[D]")
    months = int(months)
    if days.size < 64:
        return _add_months(days, months)
    d = days.view(np.int64)
    ok = ~np.isnat(days)
    first = int(np.min(d, where=ok, initial=np.iinfo(np.int64).max))
    last = int(np.max(d, where=ok, initial=np.iinfo(np.int64).min))
    if first > last:  # every day is NaT
        return days.copy()
    table = _add_months(np.arange(first, last + 1).astype("datetime64[D]"), months)
    if ok.all():
        return table[d - first]
    out = table[np.where(ok, d - first, 0)]
    out[~ok] = np.datetime64("NaT", "D")
    return out


def _add_months(days: np.ndarray, months: np.ndarray | int) -> np.ndarray:
    month_start = days.astype("datetime64[M]")
    offset = days - month_start.astype("datetime64[D]")
    target = month_start + np.asarray(months, dtype=np.int64)
    month_len = (target + 1).astype("datetime64[D]") - target.astype("datetime64[D]")
    return target.astype("datetime64[D]") + np.minimum(offset, month_len - np.timedelta64(1, "D"))
