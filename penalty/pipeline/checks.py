"""Step 1, checks: the dates of each row in their legal order, and the first error of each row.

The dates are read as they are given; a row with a missing date (already refused by the input
reader) is given the provision's effective date so that the later steps stay defined. An error
recorded here or by a later check (``penalty.pipeline.law_version``) stops nothing: every row
is still computed, and the error governs what the row shows (``penalty.pipeline.concurrence``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from penalty.catalogue import Catalogue
from penalty.ingest.arrays import CaseArrays, _message

Messages = str | Callable[[int], str]


@dataclass(frozen=True, slots=True)
class Errors:
    """The first error of each row, from the input reader and the rule checks."""

    failed: np.ndarray  # bool: the row has an error (then ``error`` says which)
    error: np.ndarray  # object: None or the message
    error_field: np.ndarray  # object: None or the input field the message names


class ErrorLog:
    """Records the first error of each row over the errors ``start`` already holds; the arrays
    are copied on the first new error, so a step without errors shares them."""

    __slots__ = ("_errors", "_own")

    def __init__(self, start: Errors) -> None:
        self._errors = start
        self._own = False

    def fail(self, bad: np.ndarray, field: str, messages: Messages,
             key: np.ndarray | None = None) -> None:
        """Record ``field`` and a message for the rows of ``bad`` without an error yet;
        ``messages(i)`` phrases it for row i, once per distinct ``key`` (rows with the same key
        get the same message)."""
        e = self._errors
        new = bad & ~e.failed
        if not new.any():
            return
        if not self._own:
            e = self._errors = Errors(e.failed.copy(), e.error.copy(), e.error_field.copy())
            self._own = True
        e.failed[new] = True
        rows = new.nonzero()[0]
        if callable(messages) and key is not None:
            _, first, inverse = np.unique(key[rows], return_index=True, return_inverse=True)
            texts = np.array([messages(rows[i]) for i in first], dtype=object)
            e.error[rows] = texts[inverse.ravel()]
        elif callable(messages):
            e.error[rows] = [messages(i) for i in rows]
        else:
            e.error[rows] = messages
        e.error_field[rows] = field

    def errors(self) -> Errors:
        return self._errors


@dataclass(frozen=True, slots=True)
class Checks:
    """The dates every later step reads, and the errors found in them."""

    given: np.ndarray  # int64: catalogue index of the provision named (0 where unknown: an error)
    start: np.ndarray  # datetime64[D]: first day of the act
    end: np.ndarray  # datetime64[D]: last day of the act (the start where it was not continuing)
    decision: np.ndarray  # datetime64[D]: the day of the decision
    errors: Errors


def check_dates(cat: Catalogue, ca: CaseArrays) -> Checks:
    """The act, its discovery and the decision in order: start <= end <= decision, and the
    discovery between the start and the decision (APL Art. 36 counts from the act to its
    discovery; a decision cannot precede the discovery)."""
    given = np.where(ca.given >= 0, ca.given, 0)
    ok_dates = ~np.isnat(ca.start) & ~np.isnat(ca.decision)
    start = np.where(ok_dates, ca.start, cat.arrays.effective_from[given])
    end = np.where(ok_dates, ca.end, start)
    decision = np.where(ok_dates, ca.decision, end)
    log = ErrorLog(Errors(ca.failed, ca.error, ca.error_field))
    log.fail(end < start, "violation_end_date", lambda i: _message(
        "violation_end_date", str(ca.end[i]), f"must be on or after violation_date ({ca.start[i]})"))
    log.fail(decision < end, "decision_date", lambda i: _message(
        "decision_date", str(ca.decision[i]),
        f"must be on or after the end of the violation ({ca.end[i]})"))
    found = ~np.isnat(ca.discovery)
    log.fail(found & (ca.discovery < start), "discovery_date", lambda i: _message(
        "discovery_date", str(ca.discovery[i]), f"must be on or after violation_date ({start[i]})"))
    log.fail(found & (ca.discovery > decision), "discovery_date", lambda i: _message(
        "discovery_date", str(ca.discovery[i]),
        f"must be on or before decision_date ({decision[i]})"))
    return Checks(given=given, start=start, end=end, decision=decision, errors=log.errors())
