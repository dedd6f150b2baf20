"""Step 3, derived circumstances, and the facts set aside before the band is chosen.

Derived from the facts: the party's age (APL Art. 30: no liability under 14, lighter for
14-17-year-olds) and repeat offences (Provision Art. 9(5): same-kind CAC penalties within the
window before the act or the decision). Set aside, so that they do not count towards the band:
a circumstance the tier already contains (no double evaluation, 禁止重复评价), one the tier's
own trigger contradicts, a first violation after an earlier same-kind penalty (APL Art. 33(1))
and grounds the 2021 APL text introduced where that text does not reach the act.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from penalty.catalogue import Catalogue
from penalty.ingest.arrays import FLAG, INDIVIDUAL, CaseArrays
from penalty.rules.dates import add_months

from .checks import Checks
from .law_version import LawVersion


@lru_cache(maxsize=64)
def code_bit(cat: Catalogue, code: str) -> int:
    """The bit of circumstance ``code`` in the circumstance masks."""
    return 1 << cat.circumstance_codes.index(code)


@dataclass(frozen=True, slots=True)
class Circumstances:
    """Bit masks over ``catalogue.circumstance_codes``, per row."""

    circ: np.ndarray  # int64: the circumstances given, with the derived ones (Art. 30, Art. 9(5))
    repeats: np.ndarray  # int64: CAC same-kind penalties in the window (Provision Art. 9(5))
    double: np.ndarray  # int64: already in the tier applied (no double evaluation)
    aside_tier: np.ndarray  # int64: contradicted by the tier's own trigger
    aside_prior: np.ndarray  # int64: a first violation after an earlier penalty (APL Art. 33(1))
    aside_apl: np.ndarray  # int64: grounds of the 2021 APL text that do not reach the act
    counted: np.ndarray  # int64: what counts towards the band: ``circ`` less the four above


def repeat_offences(ca: CaseArrays, anchor: np.ndarray, window_months: np.ndarray) -> np.ndarray:
    """Provision Art. 9(5): number of same-kind CAC penalties within the window (months, per
    row) before ``anchor`` (inclusive)."""
    out = np.zeros(len(ca), np.int64)
    if len(ca.prior_days) == 0:
        return out
    counts = np.diff(ca.prior_offsets)
    rows = counts.nonzero()[0]  # the rows with prior penalties, in the order of prior_days
    owner = np.repeat(np.arange(len(rows)), counts[rows])
    a = anchor[rows][owner]
    months = window_months[rows][owner]
    start = np.empty_like(a)
    for m in np.unique(months):
        sel = months == m
        start[sel] = add_months(a[sel], -int(m))
    inside = (ca.prior_days <= a) & (ca.prior_days >= start) & ca.prior_cac
    out[rows] = np.bincount(owner, weights=inside, minlength=len(rows)).astype(np.int64)
    return out


def earlier_penalties(ca: CaseArrays, end: np.ndarray) -> np.ndarray:
    """APL Art. 33(1) (初次违法): whether a same-kind penalty (by any authority) was decided on or
    before the end of the act, within the row's look-back (``lookback`` months; -1: any time;
    assumption ``first_violation_lookback``)."""
    out = np.zeros(len(ca), bool)
    if len(ca.prior_days) == 0:
        return out
    counts = np.diff(ca.prior_offsets)
    rows = counts.nonzero()[0]
    owner = np.repeat(np.arange(len(rows)), counts[rows])
    a = end[rows][owner]
    months = ca.lookback[rows][owner]
    inside = ca.prior_days <= a
    for m in np.unique(months[months > 0]):
        limited = months == m
        inside &= ~limited | (ca.prior_days >= add_months(a, -int(m)))
    out[rows] = np.bincount(owner, weights=inside, minlength=len(rows)) > 0
    return out


def _derived(cat: Catalogue, ca: CaseArrays, checks: Checks) -> tuple[np.ndarray, np.ndarray]:
    """The circumstances with those derived from age (APL Art. 30) and from earlier CAC
    penalties (Provision Art. 9(5)), and the number of those penalties.

    The ages are those in force when the act ended; a row whose act ended before the first APL
    value is a refused one (no catalogue law is older, checked at load) and gets no age
    circumstance. The repeat rule is the one in force at the decision; before the Provision,
    its first values, for comparison (assumption benchmark_not_in_force)."""
    end, decision = checks.end, checks.decision
    young = cat.param("apl.no_liability_age_below").over(end, not_in_force=0)
    minor = cat.param("apl.minor_age_below").over(end, not_in_force=0)
    individual = ca.kind == INDIVIDUAL
    circ = ca.circ.copy()
    circ |= np.where(individual & (ca.age >= 0) & (ca.age < young), code_bit(cat, "under_14"), 0)
    circ |= np.where(individual & (ca.age >= young) & (ca.age < minor),
                     code_bit(cat, "age_14_to_17"), 0)
    window = cat.param("repeat_offence.window_months")
    prior = cat.param("repeat_offence.min_prior_penalties")
    anchor = np.where(ca.anchor_decision, decision, end)
    repeats = repeat_offences(ca, anchor, window.over(decision, not_in_force=window.first))
    circ |= np.where(repeats >= prior.over(decision, not_in_force=prior.first),
                     code_bit(cat, "repeat_offence_within_year"), 0)
    return circ, repeats


def _apl_text_grounds(cat: Catalogue, ca: CaseArrays, checks: Checks, circ: np.ndarray
                      ) -> np.ndarray:
    """Grounds the 2021 APL text introduced: an act that ended before that text took effect gets
    them only as the lighter later law (从旧兼从轻; option
    apl_2021_lighter_rules_for_earlier_acts) and only when decided under that text."""
    end, decision = checks.end, checks.decision
    lighter_ok = (ca.flags & FLAG["apl_2021_lighter_rules_for_earlier_acts"]) != 0
    aside = np.zeros(len(ca), np.int64)
    for i, code in enumerate(cat.circumstance_codes):
        name = cat.circumstances[code].apl_parameter
        if name:  # the ground's dated APL flag when the act ended, and at the decision
            ground = cat.param(f"apl.{name}")  # (refused rows: nothing set aside)
            missing = ~ground.over(end, not_in_force=True) \
                & ~(lighter_ok & ground.over(decision, not_in_force=False))
            aside |= np.where(missing, circ & (1 << i), 0)
    return aside


def derive_circumstances(cat: Catalogue, ca: CaseArrays, checks: Checks, law: LawVersion
                         ) -> Circumstances:
    """APL Art. 30, Provision Art. 9(5): the derived circumstances; then the facts that cannot
    count towards the band under the tier applied."""
    circ, repeats = _derived(cat, ca, checks)
    A, applied = cat.arrays, law.applied
    # (a) No double evaluation (禁止重复评价): a circumstance that already selects the tier.
    double = circ & A.tier_contains[applied]
    # (b) Contradicted by the tier's own trigger ("promptly corrected" on a refusal tier).
    aside_tier = circ & A.contradicts[applied] & ~double
    # (c) APL Art. 33(1): no first violation after an earlier same-kind penalty.
    first = code_bit(cat, "first_offence_minor_harm_corrected")
    aside_prior = np.where(earlier_penalties(ca, checks.end), circ & first, 0) & ~aside_tier
    # (d) Grounds of the 2021 APL text that do not reach the act.
    aside_apl = _apl_text_grounds(cat, ca, checks, circ) & ~(aside_tier | aside_prior)
    counted = circ & ~(double | aside_tier | aside_prior | aside_apl)
    return Circumstances(circ=circ, repeats=repeats, double=double, aside_tier=aside_tier,
                         aside_prior=aside_prior, aside_apl=aside_apl, counted=counted)
