"""APL Art. 29 and Provision Art. 14: one act that breaches several norms is fined once, under
the norm with the higher fine; the others are absorbed. (Several separate acts are assessed
one by one and added: see ``penalty.assess_acts``.)

"Higher fine" is read as the higher statutory ceiling for this case's amounts; a tie goes to the
higher minimum, then to the order the caller gave (assumption ``higher_fine_norm``).
"""

from __future__ import annotations

import numpy as np


def pick_higher_fine(case: np.ndarray, order: np.ndarray, high: np.ndarray, low: np.ndarray,
                     has_fine: np.ndarray, failed: np.ndarray) -> np.ndarray:
    """Index of the governing row for each case (rows of one case share ``case``, which is
    sorted ascending). A row with an error ranks last, like a norm without a fine.
    Returns one index per distinct case, in ascending case order."""
    n = len(case)
    if n == 0 or case[-1] == n - 1:  # sorted cases, one row each
        return np.arange(n)
    # Only cases with several rows need ranking; the others keep their single row.
    same_as_next = case[1:] == case[:-1]
    several = np.zeros(n, dtype=bool)
    several[1:] |= same_as_next
    several[:-1] |= same_as_next
    rows = np.flatnonzero(several)
    fined = has_fine[rows] & ~failed[rows]
    ceiling = np.where(fined, high[rows], -1)
    floor = np.where(fined, low[rows], -1)
    rank_order = order[rows] + np.where(failed[rows], 10**6, 0)
    ranked = rows[np.lexsort((rank_order, -floor, -ceiling, case[rows]))]
    first = np.ones(len(ranked), dtype=bool)
    first[1:] = case[ranked][1:] != case[ranked][:-1]
    picks = np.concatenate([np.flatnonzero(~several), ranked[first]])
    return picks[np.argsort(case[picks], kind="stable")]
