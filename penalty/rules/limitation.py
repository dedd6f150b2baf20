"""APL Art. 36: a violation not discovered within two years is no longer punished; five years
where citizens' life, health or financial security is involved with harmful consequences. The
period runs from the day the act ended where it was continuing or repeated.

The periods are dated values of the APL (data: ``apl.limitation_years`` and
``apl.limitation_years_serious``, five years from the 2021 text on).
Not formalised: "unless a law provides otherwise" (no CAC-enforced law here does).
"""

from __future__ import annotations

import numpy as np

from .dates import add_months

WITHIN, EXPIRED, UNKNOWN = 0, 1, 2


def limitation(end: np.ndarray, discovery: np.ndarray, decision: np.ndarray, serious: np.ndarray,
               years: int | np.ndarray, years_serious: int | np.ndarray
               ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Status per row (WITHIN, EXPIRED, UNKNOWN), the period in years and the last day on which
    discovery is still in time. Without a discovery date the decision date is the latest
    possible discovery: within time if the decision is, otherwise unknown.

    ``years`` and ``years_serious`` may differ by row: the APL text in force when the act ended
    decides them (the 1996 text knows no longer period; the 2021 text's five years are not
    retroactive)."""
    period = np.where(serious, years_serious, years).astype(np.int64)
    if len(period) and (period == period[0]).all():
        expires = add_months(end, int(period[0]) * 12)
    else:
        expires = np.empty_like(np.asarray(end, dtype="datetime64[D]"))
        for y in np.unique(period):
            rows = (period == y).nonzero()[0]
            expires[rows] = add_months(end[rows], int(y) * 12)
    has_discovery = ~np.isnat(discovery)
    # without a discovery date, the decision date is the latest discovery possible
    late = np.where(has_discovery, discovery, decision) > expires
    status = np.where(late, np.where(has_discovery, EXPIRED, UNKNOWN), WITHIN)
    return status, period, expires
