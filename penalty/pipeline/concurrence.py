"""Step 9, concurrence: APL Art. 29 (``penalty.rules.concurrence``).

One act under several norms is fined once, under the norm with the higher fine; the others are
absorbed. A norm that only orders rectification imposes no penalty: it ranks last, like a row
with an error. A case with several rows shows its earliest error.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from penalty.catalogue import Catalogue
from penalty.ingest.arrays import CaseArrays
from penalty.rules.concurrence import pick_higher_fine

from .bands import Bands
from .checks import Errors
from .law_version import LawVersion


@dataclass(frozen=True, slots=True)
class Concurrence:
    """One result row per case: the governing row, the case's error and the rows absorbed."""

    pick: np.ndarray  # int64: the governing row of each case (index into the CaseArrays rows)
    identity: bool  # every case has one row: ``pick`` is 0..n-1 and nothing is absorbed
    case: np.ndarray  # int64: the case of each result row
    error: np.ndarray  # object: None or the case's (earliest) error
    error_field: np.ndarray  # object: None or the input field that error names
    failed: np.ndarray  # bool: the case has an error
    absorbed_of: np.ndarray  # int64: the rows absorbed (APL Art. 29), ascending
    absorbed_owner: np.ndarray  # int64: the result row owning each absorbed row


def _shown_errors(ca: CaseArrays, errors: Errors, pick: np.ndarray, identity: bool
                  ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The error, its field and the failed flag of each case (its earliest error)."""
    bad_rows = errors.failed.nonzero()[0]
    if identity or not len(bad_rows):  # a case's error is on its only row, or nowhere
        if identity:
            return errors.error, errors.error_field, errors.failed
        return errors.error[pick], errors.error_field[pick], np.zeros(len(pick), dtype=bool)
    n_cases = int(ca.case.max()) + 1
    first_bad = np.full(n_cases, -1, dtype=np.int64)
    first_bad[ca.case[bad_rows[::-1]]] = bad_rows[::-1]
    failed = first_bad[ca.case[pick]] >= 0
    shown = np.where(failed, first_bad[ca.case[pick]], pick)
    return errors.error[shown], errors.error_field[shown], failed


def choose_governing_norm(cat: Catalogue, ca: CaseArrays, law: LawVersion, bands: Bands,
                          errors: Errors) -> Concurrence:
    """APL Art. 29: per case, the norm with the higher fine governs (ties: the higher minimum,
    then the order given; assumption ``higher_fine_norm``)."""
    n, st = len(ca), law.statutory
    pick = pick_higher_fine(ca.case, ca.order, st.high, st.low, st.has_fine,
                            errors.failed | bands.order_only)
    identity = len(pick) == n
    error, error_field, failed = _shown_errors(ca, errors, pick, identity)
    absorbed_of = np.zeros(0, np.int64)
    absorbed_owner = np.zeros(0, np.int64)
    if not identity:
        rest = np.ones(n, dtype=bool)
        rest[pick] = False
        absorbed_of = np.flatnonzero(rest)  # ascending, so grouped by case
        slot = np.full(int(ca.case.max()) + 1, -1, dtype=np.int64)
        slot[ca.case[pick]] = np.arange(len(pick))
        absorbed_owner = slot[ca.case[absorbed_of]]
    return Concurrence(pick=pick, identity=identity, case=ca.case[pick], error=error,
                       error_field=error_field, failed=failed, absorbed_of=absorbed_of,
                       absorbed_owner=absorbed_owner)
