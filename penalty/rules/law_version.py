"""APL Art. 37 (从旧兼从轻): the law in force when the act was committed applies; where it was
amended or repealed by the time of the decision and the new rule is lighter, or no longer
punishes the act, the new rule applies.

For a continuing act the act is taken as committed when it ends (APL Art. 36(2) by analogy;
assumption ``continuing_act_end_date``).
Not formalised: whether a new rule "no longer treats the act as unlawful" beyond the absence of a
fine in its counterpart; a lawyer should read the new text.
"""

from __future__ import annotations

import numpy as np

from penalty.catalogue import ProvisionArrays


def version_in_force(arrays: ProvisionArrays, given: np.ndarray, day: np.ndarray
                     ) -> tuple[np.ndarray, np.ndarray]:
    """For each row, the given provision or its counterpart in force on ``day`` (-1 if none),
    and whether more than one counterpart was in force (the first is taken)."""
    # Most rows name the version in force; only the others look through their counterparts.
    chosen = np.where((arrays.effective_from[given] <= day) & (day < arrays.effective_to[given]),
                      given, -1)
    ambiguous = np.zeros(len(given), dtype=bool)
    rest = (chosen < 0).nonzero()[0]
    if len(rest):
        cand = arrays.candidates[given[rest]]  # (m, k), -1 padded
        valid = cand >= 0
        safe = np.where(valid, cand, 0)
        d = day[rest, None]
        live = valid & (arrays.effective_from[safe] <= d) & (d < arrays.effective_to[safe])
        found = live.any(axis=1)
        first = np.argmax(live, axis=1)
        chosen[rest] = np.where(found, cand[np.arange(len(rest)), first], -1)
        ambiguous[rest] = live[:, 1:].sum(axis=1) > 1
    return chosen, ambiguous


def resolve_referral(arrays: ProvisionArrays, old: np.ndarray, new: np.ndarray,
                     decision: np.ndarray) -> np.ndarray:
    """APL Art. 37 with a referral clause: for rows whose version at the decision date (``new``)
    only refers the act to other provisions, the provision referred to, in the version in force
    at the decision date; -1 elsewhere or when nothing in the catalogue is referred to.

    The old provision's own ``refers_to`` (the item-specific target, e.g. CSL 2017 Art. 66 ->
    DSL Art. 46) comes first; else the referral's first target, unless the old provision is a
    referral too. Not formalised: which tier of the referred law matches the old act; the data
    names it (assumption ``referral_resolved``)."""
    out = np.full(len(old), -1, dtype=np.int64)
    safe_new = np.maximum(new, 0)
    rows = ((new >= 0) & (new != old) & arrays.referral[safe_new]).nonzero()[0]
    if not len(rows):
        return out
    own = arrays.refers_first[old[rows]]
    theirs = np.where(arrays.referral[old[rows]], -1, arrays.refers_first[new[rows]])
    target = np.where(own >= 0, own, theirs)
    found = target >= 0
    if found.any():
        resolved, _ = version_in_force(arrays, target[found], decision[rows[found]])
        out[rows[found]] = resolved
    return out


def newer_is_lighter(old: np.ndarray, new: np.ndarray, old_has_fine: np.ndarray,
                     new_has_fine: np.ndarray, old_high: np.ndarray, new_high: np.ndarray
                     ) -> np.ndarray:
    """APL Art. 37: the version at the decision date is lighter when it is a different version
    and carries no fine where the old one did, or a lower ceiling for the same tier."""
    differs = (new >= 0) & (new != old)
    return differs & old_has_fine & (~new_has_fine | (new_high < old_high))
