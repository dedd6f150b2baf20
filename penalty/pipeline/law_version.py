"""Step 2, law version: APL Art. 37 (从旧兼从轻), with referral clauses.

The version in force when the act ended applies; where a newer version is in force at the
decision and is lighter (or no longer fines the act), the newer one applies
(``penalty.rules.law_version``). A newer text that only refers to other law (e.g. CSL 2026
Art. 71: "依照有关法律、行政法规的规定处罚") is compared, and applied if lighter, as the provision
it refers to in force at the decision date.

The step also refuses the rows the provision named cannot govern: not in force when the act
ended, an organisation under a provision fining natural persons only, a procurement multiple
without the procurement amount.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from penalty.catalogue import LIABLE_CODES, Catalogue, ProvisionArrays
from penalty.ingest.arrays import ORGANISATION, CaseArrays, _message
from penalty.rules.law_version import newer_is_lighter, resolve_referral, version_in_force
from penalty.rules.ranges import BASIS_CODES, Statutory

from .checks import Checks, ErrorLog, Errors


def statutory(arrays: ProvisionArrays, idx: np.ndarray, ca: CaseArrays,
              rows: np.ndarray | None = None) -> Statutory:
    """The statutory range of provision ``idx[r]`` for the amounts of each row (of ``rows``
    only, if given)."""
    amounts = (ca.gains, ca.has_gains, ca.turnover, ca.has_turnover, ca.procurement,
               ca.turnover_choice)
    if rows is not None:
        amounts = tuple(a[rows] for a in amounts)
    return Statutory(arrays, idx, *amounts)


@dataclass(frozen=True, slots=True)
class LawVersion:
    """APL Art. 37: the provision applied to each row and its statutory range."""

    at_violation: np.ndarray  # int64: the version in force when the act ended, -1 if none
    at_decision: np.ndarray  # int64: the version in force at the decision date, -1 if none
    referred: np.ndarray  # int64: the provision a referral at the decision date points to, -1
    old: np.ndarray  # int64: ``at_violation``, or the provision named where none was in force
    moved: np.ndarray  # int64: rows compared with a newer version (or a referral's target)
    lighter: np.ndarray  # bool: the newer version is lighter, so it applies (APL Art. 37)
    applied: np.ndarray  # int64: the version applied
    ambiguous: np.ndarray  # bool: several counterparts were in force on the day that decided
    statutory: Statutory  # the statutory range of the version applied
    statutory_old: Statutory  # the statutory range of ``old``
    statutory_moved: Statutory | None  # the newer version's range, on the rows ``moved`` only
    errors: Errors  # the checks' errors and this step's

    def at_decision_value(self, name: str) -> np.ndarray:
        """The statutory ``name`` (low, high, has_fine) under the version compared at the
        decision date, per row (the old version's where nothing changed)."""
        out = getattr(self.statutory_old, name)
        if self.statutory_moved is not None:
            out = out.copy()
            out[self.moved] = getattr(self.statutory_moved, name)
        return out

    @property
    def new_low(self) -> np.ndarray:
        return self.at_decision_value("low")

    @property
    def new_high(self) -> np.ndarray:
        return self.at_decision_value("high")

    @property
    def new_has_fine(self) -> np.ndarray:
        return self.at_decision_value("has_fine")


def _check_provision(cat: Catalogue, ca: CaseArrays, checks: Checks, at_violation: np.ndarray,
                     old: np.ndarray) -> Errors:
    """Refuse the rows the provision named cannot govern, in this order: not in force when the
    act ended, an organisation under a provision for natural persons, a procurement multiple
    without the procurement amount."""
    A, given, end = cat.arrays, checks.given, checks.end
    log = ErrorLog(checks.errors)

    def not_in_force(i: int) -> str:
        p = cat.provisions[cat.ids[given[i]]]
        versions = [cat.provisions[cat.ids[c]] for c in A.candidates[given[i]] if c >= 0]
        spans = "; ".join(f"{v.id} from {v.effective_from}"
                          + (f" until {v.effective_to}" if v.effective_to else "")
                          for v in versions)
        return _message("violation_date", str(end[i]),
                        f"{p.id} (or a counterpart) must be in force then: {spans}")

    log.fail((ca.given >= 0) & (at_violation < 0), "violation_date", not_in_force,
             key=given * 10**6 + end.astype(np.int64))
    kind_field = "party_kind" if ca.frame else "party.kind"
    log.fail((ca.given >= 0) & (ca.kind == ORGANISATION)
             & (A.liable[given] != LIABLE_CODES["entity"]), kind_field, lambda i: _message(
                 kind_field, "organisation",
                 f"{cat.ids[given[i]]} fines natural persons only "
                 f"({cat.provisions[cat.ids[given[i]]].liable.replace('_', ' ')}): give party kind "
                 "individual, or the provision for organisations"), key=given)
    log.fail((A.basis[old] == BASIS_CODES["procurement_multiple"]) & ~ca.has_procurement,
             "procurement_amount_cny", lambda i: _message(
                 "procurement_amount_cny", None,
                 f"is required: the fine under {cat.ids[old[i]]} is a multiple of the procurement "
                 "amount"), key=old)
    return log.errors()


def choose_law_version(cat: Catalogue, ca: CaseArrays, checks: Checks) -> LawVersion:
    """APL Art. 37: the version in force when the act ended; the one at the decision date where
    it is lighter (comparing a referral as the provision it refers to)."""
    A, end, decision = cat.arrays, checks.end, checks.decision
    at_violation, amb_v = version_in_force(A, checks.given, end)
    at_decision, amb_d = version_in_force(A, checks.given, decision)
    old = np.where(at_violation >= 0, at_violation, checks.given)
    errors = _check_provision(cat, ca, checks, at_violation, old)
    st_old = statutory(A, old, ca)
    # The old entry's own ``refers_to`` names the item-specific target; else the referral's first
    # target. A referral that resolves to nothing in the catalogue is not treated as lighter.
    referred = resolve_referral(A, old, at_decision, decision)
    compare = np.where(referred >= 0, referred, at_decision)
    compare = np.where((referred < 0) & (at_decision >= 0) & A.referral[np.maximum(at_decision, 0)]
                       & (at_decision != old), -1, compare)
    # Only rows whose version changed before the decision are computed again and compared.
    moved = ((compare >= 0) & (compare != old)).nonzero()[0]
    lighter = np.zeros(len(ca), dtype=bool)
    applied, ambiguous, st, st_moved = old, amb_v, st_old, None
    if len(moved):
        st_moved = statutory(A, compare[moved], ca, moved)
        lighter_moved = newer_is_lighter(old[moved], compare[moved], st_old.has_fine[moved],
                                         st_moved.has_fine, st_old.high[moved], st_moved.high)
        lighter[moved] = lighter_moved
        if lighter_moved.any():
            to_new = moved[lighter_moved]
            applied, ambiguous = old.copy(), amb_v.copy()
            applied[to_new], ambiguous[to_new] = compare[to_new], amb_d[to_new]
            st = st_old.with_rows(to_new, st_moved.take(lighter_moved))
    return LawVersion(
        at_violation=at_violation, at_decision=at_decision, referred=referred, old=old,
        moved=moved, lighter=lighter, applied=applied, ambiguous=ambiguous, statutory=st,
        statutory_old=st_old, statutory_moved=st_moved, errors=errors)
