"""APL Art. 36: a violation not discovered within two years is no longer punished; five years
where citizens' life, health or financial security is involved with harmful consequences. The
period runs from the day the act ended where it was continuing or repeated.

The five-year period exists from the 2021 text on (data: ``apl.dated.limitation_years_serious``).
Not formalised: "unless a law provides otherwise" (no CAC-enforced law here does).
"""

from __future__ import annotations

import numpy as np

from .dates import add_months

WITHIN, EXPIRED, UNKNOWN = 0, 1, 2


def limitation(end: np.ndarray, discovery: np.ndarray, decision: np.ndarray, serious: np.ndarray,
               years: int, years_serious: int | np.ndarray
               ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Status per row (WITHIN, EXPIRED, UNKNOWN), the period in years and the last day on which
    discovery is still in time. Without a discovery date the decision date is the latest
    possible discovery: within time if the decision is, otherwise unknown.

    ``years_serious`` may differ by row: the APL text in force when the act ended decides it
    (the 1996 text knows no longer period; the 2021 text's five years are not retroactive)."""
    years_serious = np.broadcast_to(np.asarray(years_serious, dtype=np.int64), end.shape)
    period = np.where(serious, years_serious, years)
    expires = add_months(end, years * 12)
    if serious.any():
        for y in np.unique(years_serious[serious]):
            rows = (serious & (years_serious == y)).nonzero()[0]
            expires[rows] = add_months(end[rows], int(y) * 12)
    has_discovery = ~np.isnat(discovery)
    # without a discovery date, the decision date is the latest discovery possible
    late = np.where(has_discovery, discovery, decision) > expires
    status = np.where(late, np.where(has_discovery, EXPIRED, UNKNOWN), WITHIN)
    return status, period, expires
