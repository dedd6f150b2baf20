"""The result of the rule pipeline: the steps' results, and their per-row outputs read through
one typed field each.

A case naming several provisions has several rows; APL Art. 29 keeps one governing row per case
(``Concurrence.pick``). Each per-row field below reads its step's array and selects the
governing rows on first access, then keeps the selection, so the batch path pays only for the
columns it reads; the costly vectors only the single-case explanation reads (the float bounds
of each band, the persons' band tables) are also built only then (properties of the steps'
results, marked ``computed``). Where every case has one row (a single case, most frames)
nothing is selected, and the plain fields are set when the result is made.
"""

from __future__ import annotations

from dataclasses import dataclass
from operator import attrgetter
from typing import Any, Generic, TypeVar, overload

import numpy as np

from penalty.rules.ranges import BandTable

from .bands import Bands
from .checks import Checks
from .circumstances import Circumstances
from .concurrence import Concurrence
from .law_version import LawVersion
from .limitation import Limitation
from .persons import Persons
from .ranges import Ranges
from .totals import Totals

T = TypeVar("T")


class _Rows(Generic[T]):
    """A per-row output: ``path`` names a step's result and its attribute (or property). Read on
    first access, selected for the governing rows (unless ``per_case``: already one per case),
    then kept on the instance. ``computed``: a property that builds its value when read."""

    def __init__(self, path: str, *, per_case: bool = False, computed: bool = False) -> None:
        self.get = attrgetter(path)
        self.per_case = per_case
        self.computed = computed
        self.name = ""

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    @overload
    def __get__(self, obj: None, owner: type | None = None) -> _Rows[T]: ...

    @overload
    def __get__(self, obj: Result, owner: type | None = None) -> T: ...

    def __get__(self, obj: Result | None, owner: type | None = None) -> Any:
        if obj is None:
            return self
        value = self.get(obj)
        if not self.per_case and not obj.concurrence.identity:
            pick = obj.concurrence.pick
            value = value.take(pick) if isinstance(value, BandTable) else value[pick]
        obj.__dict__[self.name] = value  # kept: later reads do not come here again
        return value


Array = _Rows[np.ndarray]
Table = _Rows[BandTable]


@dataclass(frozen=True, eq=False, repr=False)
class Result:
    """The rule outputs, one row per case. Money in fen; band bounds are ``BandTable``s (one
    vector per band, ``res.low[band, j]``)."""

    checks: Checks  # step 1: dates in order; errors
    law_version: LawVersion  # step 2: APL Art. 37
    circumstances: Circumstances  # step 3: APL Arts. 30, 33(1); Provision Art. 9(5)
    limitation: Limitation  # step 4: APL Art. 36
    bands: Bands  # step 5: Provision Arts. 7-11
    ranges: Ranges  # step 6: Provision Arts. 12, 5
    responsible: Persons  # step 7: Provision Art. 13
    totals: Totals  # step 8: APL Art. 28, optional fines
    concurrence: Concurrence  # step 9: APL Art. 29

    # APL Art. 29: the governing row of each case and its error
    case = _Rows[np.ndarray]("concurrence.case", per_case=True)  # int64: index of the case
    row = _Rows[np.ndarray]("concurrence.pick", per_case=True)  # int64: the governing row
    error = _Rows[np.ndarray]("concurrence.error", per_case=True)  # object: None or the message
    error_field = _Rows[np.ndarray]("concurrence.error_field", per_case=True)  # object
    failed = _Rows[np.ndarray]("concurrence.failed", per_case=True)  # bool: the case has an error
    absorbed_of = _Rows[np.ndarray]("concurrence.absorbed_of", per_case=True)  # int64: rows
    absorbed_owner = _Rows[np.ndarray]("concurrence.absorbed_owner", per_case=True)  # int64

    # APL Art. 37: the version applied (catalogue indices; -1: none)
    applied = Array("law_version.applied")  # int64: the version applied
    at_violation = Array("law_version.at_violation")  # int64: in force when the act ended
    at_decision = Array("law_version.at_decision")  # int64: in force at the decision date
    referred = Array("law_version.referred")  # int64: a referral's target at the decision
    lighter = Array("law_version.lighter")  # bool: the newer version is lighter and applies
    ambiguous = Array("law_version.ambiguous")  # bool: several counterparts were in force
    # the statutory range (fen) of the version applied, of the old one and of the newer one
    stat_low = Array("law_version.statutory.low")
    stat_high = Array("law_version.statutory.high")
    has_fine = Array("law_version.statutory.has_fine")  # bool
    optional = Array("law_version.statutory.optional")  # bool: 可以并处罚款
    ceiling_only = Array("law_version.statutory.ceiling_only")  # bool: "up to" only
    fallback = Array("law_version.statutory.fallback")  # bool: the fallback range applied
    turnover_missing = Array("law_version.statutory.turnover_missing")  # bool
    turnover_used = Array("law_version.statutory.turnover_used")  # bool
    fixed_cap = Array("law_version.statutory.fixed_cap")  # int64: the fixed ceiling (fen)
    turnover_cap = Array("law_version.statutory.turnover_cap")  # int64: turnover ceiling (fen)
    old_low = Array("law_version.statutory_old.low")
    old_high = Array("law_version.statutory_old.high")
    old_has_fine = Array("law_version.statutory_old.has_fine")  # bool
    new_low = Array("law_version.new_low", computed=True)
    new_high = Array("law_version.new_high", computed=True)
    new_has_fine = Array("law_version.new_has_fine", computed=True)  # bool

    # APL Arts. 30, 33(1), Provision Art. 9(5): circumstance bit masks
    circ = Array("circumstances.circ")  # int64: with the derived circumstances
    repeats = Array("circumstances.repeats")  # int64: CAC penalties in the repeat window
    double = Array("circumstances.double")  # int64: already in the tier
    aside_tier = Array("circumstances.aside_tier")  # int64: contradicted by the tier
    aside_prior = Array("circumstances.aside_prior")  # int64: not a first violation
    aside_apl = Array("circumstances.aside_apl")  # int64: APL 2021 grounds out of reach

    # APL Art. 36
    limitation_status = Array("limitation.status")  # int64: WITHIN, EXPIRED, UNKNOWN
    limitation_years = Array("limitation.years")  # int64
    limitation_expires = Array("limitation.expires")  # datetime64[D]

    # Provision Arts. 7-11
    mask = Array("bands.mask")  # int64: open bands (bit mask); 0: order only
    band = Array("bands.band")  # int64: the band, NO_BAND if both sides are open
    two_stage = Array("bands.two_stage")  # bool
    order_only = Array("bands.order_only")  # bool: the tier only orders rectification

    # Provision Arts. 12, 5 (fen)
    low = Table("ranges.low")  # each band's low
    high = Table("ranges.high")  # each band's high
    float_low = Table("ranges.float_low", computed=True)  # with the float
    float_high = Table("ranges.float_high", computed=True)  # with the float
    fine_low = Array("ranges.fine_low")  # the open bands' low
    fine_high = Array("ranges.fine_high")  # the open bands' high
    float_fine_low = Array("ranges.float_fine_low")
    float_fine_high = Array("ranges.float_fine_high")
    fine_excl = Array("ranges.fine_excl")  # bool: fine_high exclusive (Art. 5)
    benchmark_applies = Array("ranges.benchmark_applies")  # bool: the Provision is in force

    # Provision Art. 13: one responsible person (fen)
    persons = Array("responsible.provision")  # int64: the persons' provision, -1 if none
    persons_count = Array("responsible.count")  # int64: persons fined
    p_stat_low = Array("responsible.statutory.low")
    p_stat_high = Array("responsible.statutory.high")
    p_optional = Array("responsible.statutory.optional")  # bool
    p_low = Table("responsible.low", computed=True)
    p_high = Table("responsible.high", computed=True)
    p_float_low = Table("responsible.float_low", computed=True)
    p_float_high = Table("responsible.float_high", computed=True)
    p_fine_low = Array("responsible.fine_low")
    p_fine_high = Array("responsible.fine_high")
    p_float_fine_low = Array("responsible.float_fine_low", computed=True)
    p_float_fine_high = Array("responsible.float_fine_high", computed=True)
    p_excl = Array("responsible.excl")  # bool: p_fine_high exclusive (Art. 5)

    # APL Art. 28 and optional fines (fen)
    confiscation = Array("totals.confiscation")
    warn_alone = Array("totals.warn_alone")  # bool
    p_warn_alone = Array("totals.p_warn_alone")  # bool
    total_low = Array("totals.total_low")
    total_high = Array("totals.total_high")
    total_excl = Array("totals.total_excl")  # bool: total_high exclusive (Art. 5)

    def __post_init__(self) -> None:
        """Where every case has one row there is nothing to select: the fields that are not
        computed are set at once (a single case reads most of them)."""
        if self.concurrence.identity:
            self.__dict__.update((f.name, f.get(self)) for f in _PLAIN)

    def absorbed_rows(self, j: int) -> np.ndarray:
        """Rows of the other provisions named for result row ``j`` (APL Art. 29)."""
        lo, hi = np.searchsorted(self.absorbed_owner, [j, j + 1])
        return self.absorbed_of[lo:hi]

    def __repr__(self) -> str:
        return f"Result({len(self.case)} cases, {len(self.checks.given)} rows)"


_PLAIN = tuple(f for f in vars(Result).values() if isinstance(f, _Rows) and not f.computed)
