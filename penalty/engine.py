"""Runs the rule steps over column arrays. A single case is a batch of one.

``CaseArrays`` (``penalty.ingest``) is the one internal input form. Two thin builders fill it:
``penalty.ingest.cases`` from validated ``Case`` models (no pandas) and ``penalty.ingest.frame``
from a ``DataFrame``. Both then call :func:`run`, which applies every rule in
``penalty.rules`` once, over whole arrays.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from penalty.catalogue import LIABLE_CODES, Catalogue
from penalty.ingest.arrays import (  # noqa: F401  (re-exported for callers of penalty.engine)
    FLAG,
    INDIVIDUAL,
    KINDS,
    NAT,
    ORGANISATION,
    CaseArrays,
    _message,
    circumstance_bits,
    to_fen,
    unknown_provision,
)
from penalty.ingest.cases import arrays_from_cases  # noqa: F401
from penalty.rules import BIT, LENIENT, MITIGATED, NO_BAND, NO_PENALTY, STANDARD
from penalty.rules.bands import open_bands_fast
from penalty.rules.concurrence import pick_higher_fine
from penalty.rules.dates import add_months
from penalty.rules.law_version import newer_is_lighter, resolve_referral, version_in_force
from penalty.rules.limitation import EXPIRED, limitation
from penalty.rules.ranges import (
    BASIS_CODES,
    BandTable,
    Statutory,
    band_bounds,
    band_table,
    mitigated_only_above,
    union_bound,
)


def __getattr__(name: str):
    """The frame reader moved to ``penalty.ingest.frame``; imported on first use so the
    single-case path does not load pandas."""
    if name in ("FRAME_COLUMNS", "arrays_from_frame"):
        from penalty.ingest import frame
        return getattr(frame, name)
    raise AttributeError(name)


class Result:
    """Rule outputs per governing row (one per case). Money in fen; band bounds are
    ``BandTable``s. Per-row arrays are selected for the governing rows on first access, so
    the batch path pays only for the columns it reads.

    Fields:
    case: np.ndarray
    row: np.ndarray  # index into the CaseArrays rows: the governing provision's row
    error: np.ndarray
    error_field: np.ndarray
    failed: np.ndarray  # bool: the case has an error (then error says which)
    applied: np.ndarray
    at_violation: np.ndarray
    at_decision: np.ndarray
    referred: np.ndarray  # the provision a referral at the decision date points to, -1 if none
    lighter: np.ndarray
    ambiguous: np.ndarray
    stat_low: np.ndarray
    stat_high: np.ndarray
    old_low: np.ndarray
    old_high: np.ndarray
    old_has_fine: np.ndarray
    new_low: np.ndarray
    new_high: np.ndarray
    new_has_fine: np.ndarray
    has_fine: np.ndarray
    optional: np.ndarray
    ceiling_only: np.ndarray
    fallback: np.ndarray
    turnover_missing: np.ndarray
    turnover_used: np.ndarray
    fixed_cap: np.ndarray
    turnover_cap: np.ndarray
    two_stage: np.ndarray
    circ: np.ndarray  # with derived circumstances
    limitation_status: np.ndarray
    limitation_years: np.ndarray
    limitation_expires: np.ndarray
    mask: np.ndarray
    band: np.ndarray
    low: BandTable  # one vector per band
    high: np.ndarray
    float_low: np.ndarray
    float_high: np.ndarray
    fine_low: np.ndarray
    fine_high: np.ndarray
    float_fine_low: np.ndarray
    float_fine_high: np.ndarray
    persons: np.ndarray
    persons_count: np.ndarray
    p_stat_low: np.ndarray
    p_stat_high: np.ndarray
    p_low: np.ndarray
    p_high: np.ndarray
    p_float_low: np.ndarray
    p_float_high: np.ndarray
    p_fine_low: np.ndarray
    p_fine_high: np.ndarray
    p_float_fine_low: np.ndarray
    p_float_fine_high: np.ndarray
    confiscation: np.ndarray
    total_low: np.ndarray
    total_high: np.ndarray
    benchmark_applies: np.ndarray
    absorbed_of, absorbed_owner: rows absorbed under APL Art. 29 and the result row owning each
    """

    def __init__(self, pick: np.ndarray, identity: bool, full: dict, **ready):
        self._pick = None if identity else pick
        if identity:  # nothing to select: plain attributes, only the computed ones wait
            ready.update((k, v) for k, v in full.items() if not callable(v))
            full = {k: v for k, v in full.items() if callable(v)}
        self._full = full
        self.__dict__.update(ready)

    def __getattr__(self, name: str):
        full = self.__dict__.get("_full", {})
        if name not in full:
            raise AttributeError(name)
        value = full.pop(name)
        if callable(value):  # computed on first read, over every row
            value = value()
        if self._pick is not None:
            value = value.take(self._pick) if isinstance(value, BandTable) else value[self._pick]
        setattr(self, name, value)
        return value

    def absorbed_rows(self, j: int) -> np.ndarray:
        """Rows of the other provisions named for result row ``j`` (APL Art. 29)."""
        lo, hi = np.searchsorted(self.absorbed_owner, [j, j + 1])
        return self.absorbed_of[lo:hi]


@lru_cache(maxsize=8)
def _masks(cat: Catalogue) -> dict[str, int]:
    """Bit mask of the circumstances having each legal effect (data/factors.yaml)."""
    masks: dict[str, int] = {}
    for i, code in enumerate(cat.circumstance_codes):
        eff = cat.circumstances[code].effect
        masks[eff] = masks.get(eff, 0) | (1 << i)
    return masks


@lru_cache(maxsize=64)
def _bit(cat: Catalogue, code: str) -> int:
    return 1 << cat.circumstance_codes.index(code)


def _repeat_offences(ca: CaseArrays, anchor: np.ndarray, window_months: int) -> np.ndarray:
    """Provision Art. 9(5): number of same-kind CAC penalties within the window before
    ``anchor`` (inclusive)."""
    out = np.zeros(len(ca), np.int64)
    if len(ca.prior_days) == 0:
        return out
    counts = np.diff(ca.prior_offsets)
    rows = counts.nonzero()[0]  # the rows with prior penalties, in the order of prior_days
    owner = np.repeat(np.arange(len(rows)), counts[rows])
    a = anchor[rows][owner]
    inside = (ca.prior_days <= a) & (ca.prior_days >= add_months(a, -window_months)) \
        & ca.prior_cac
    out[rows] = np.bincount(owner, weights=inside, minlength=len(rows)).astype(np.int64)
    return out


def _earlier_penalties(ca: CaseArrays, end: np.ndarray) -> np.ndarray:
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


def run(cat: Catalogue, ca: CaseArrays) -> Result:
    """Apply every rule to every row; pick the governing norm per case; return the results."""
    A = cat.arrays
    n = len(ca)
    failed = ca.failed.copy()
    error, error_field = ca.error, ca.error_field  # copied on the first new error

    def fail(bad: np.ndarray, field: str, messages, key: np.ndarray | None = None) -> None:
        """Record the first error of each row; ``messages(i)`` phrases it for row i, once per
        distinct ``key`` (rows with the same key get the same message)."""
        nonlocal error, error_field
        new = bad & ~failed
        if new.any():
            failed[new] = True
            if error is ca.error:
                error, error_field = error.copy(), error_field.copy()
            rows = new.nonzero()[0]
            if callable(messages) and key is not None:
                _, first, inverse = np.unique(key[rows], return_index=True, return_inverse=True)
                texts = np.array([messages(rows[i]) for i in first], dtype=object)
                error[rows] = texts[inverse.ravel()]
            elif callable(messages):
                error[rows] = [messages(i) for i in rows]
            else:
                error[rows] = messages
            error_field[rows] = field

    given = np.where(ca.given >= 0, ca.given, 0)
    ok_dates = ~np.isnat(ca.start) & ~np.isnat(ca.decision)
    start = np.where(ok_dates, ca.start, A.effective_from[given])
    end = np.where(ok_dates, ca.end, start)
    decision = np.where(ok_dates, ca.decision, end)
    fail(end < start, "violation_end_date", lambda i: _message(
        "violation_end_date", str(ca.end[i]), f"must be on or after violation_date ({ca.start[i]})"))
    fail(decision < end, "decision_date", lambda i: _message(
        "decision_date", str(ca.decision[i]),
        f"must be on or after the end of the violation ({ca.end[i]})"))
    fail(~np.isnat(ca.discovery) & (ca.discovery < start), "discovery_date", lambda i: _message(
        "discovery_date", str(ca.discovery[i]), f"must be on or after violation_date ({start[i]})"))
    # APL Art. 36 counts from the act to its discovery; a decision cannot precede the discovery.
    fail(~np.isnat(ca.discovery) & (ca.discovery > decision), "discovery_date", lambda i: _message(
        "discovery_date", str(ca.discovery[i]),
        f"must be on or before decision_date ({decision[i]})"))

    # APL Art. 37: the version in force when the act ended, and the one at the decision date.
    at_violation, amb_v = version_in_force(A, given, end)
    at_decision, amb_d = version_in_force(A, given, decision)

    def not_in_force(i: int) -> str:
        p = cat.provisions[cat.ids[given[i]]]
        versions = [cat.provisions[cat.ids[c]] for c in A.candidates[given[i]] if c >= 0]
        spans = "; ".join(f"{v.id} from {v.effective_from}"
                          + (f" until {v.effective_to}" if v.effective_to else "")
                          for v in versions)
        return _message("violation_date", str(end[i]),
                        f"{p.id} (or a counterpart) must be in force then: {spans}")

    fail((ca.given >= 0) & (at_violation < 0), "violation_date", not_in_force,
         key=given * 10**6 + end.astype(np.int64))
    kind_field = "party_kind" if ca.frame else "party.kind"
    fail((ca.given >= 0) & (ca.kind == ORGANISATION)
         & (A.liable[given] != LIABLE_CODES["entity"]), kind_field, lambda i: _message(
             kind_field, "organisation",
             f"{cat.ids[given[i]]} fines natural persons only "
             f"({cat.provisions[cat.ids[given[i]]].liable.replace('_', ' ')}): give party kind "
             "individual, or the provision for organisations"), key=given)
    old = np.where(at_violation >= 0, at_violation, given)
    fail((A.basis[old] == BASIS_CODES["procurement_multiple"]) & ~ca.has_procurement,
         "procurement_amount_cny", lambda i: _message(
             "procurement_amount_cny", None,
             f"is required: the fine under {cat.ids[old[i]]} is a multiple of the procurement "
             "amount"), key=old)
    amounts = (ca.gains, ca.has_gains, ca.turnover, ca.has_turnover, ca.procurement,
               ca.turnover_choice)
    st_old = Statutory(A, old, *amounts)
    # APL Art. 37 with a referral clause (e.g. CSL 2026 Art. 71: "依照有关法律、行政法规的规定处
    # 罚"): the new text is neither "no fine" nor lighter by itself; it is compared, and applied if
    # lighter, as the provision it refers to in force at the decision date. The old entry's own
    # ``refers_to`` names the item-specific target; else the referral's first target. A referral
    # that resolves to nothing in the catalogue is not treated as lighter.
    referred = resolve_referral(A, old, at_decision, decision)
    compare = np.where(referred >= 0, referred, at_decision)
    compare = np.where((referred < 0) & (at_decision >= 0) & A.referral[np.maximum(at_decision, 0)]
                       & (at_decision != old), -1, compare)
    # Only rows whose version changed before the decision are computed again and compared.
    moved = ((compare >= 0) & (compare != old)).nonzero()[0]
    lighter = np.zeros(n, dtype=bool)
    applied, ambiguous, st, st_moved = old, amb_v, st_old, None
    if len(moved):
        st_moved = Statutory(A, compare[moved], *(a[moved] for a in amounts))
        lighter_moved = newer_is_lighter(old[moved], compare[moved], st_old.has_fine[moved],
                                         st_moved.has_fine, st_old.high[moved], st_moved.high)
        lighter[moved] = lighter_moved
    if lighter.any():
        to_new = moved[lighter_moved]
        applied, ambiguous = old.copy(), amb_v.copy()
        applied[to_new], ambiguous[to_new] = compare[to_new], amb_d[to_new]
        assert st_moved is not None  # set above whenever a row moves to the newer law
        st = st_old.with_rows(to_new, st_moved.take(lighter_moved))

    def at_decision_value(name: str):
        """The statutory ``name`` under the version in force at the decision, per row."""
        def value() -> np.ndarray:
            out = getattr(st_old, name)
            if st_moved is not None:
                out = out.copy()
                out[moved] = getattr(st_moved, name)
            return out
        return value

    # Derived circumstances: age (APL Art. 30) and repeat offences (Provision Art. 9(5)).
    apl = cat.apl
    individual = ca.kind == INDIVIDUAL
    circ = ca.circ.copy()
    circ |= np.where(individual & (ca.age >= 0) & (ca.age < apl.no_liability_age_below),
                     _bit(cat, "under_14"), 0)
    circ |= np.where(individual & (ca.age >= apl.no_liability_age_below)
                     & (ca.age < apl.minor_age_below), _bit(cat, "age_14_to_17"), 0)
    ro = cat.benchmark.repeat_offence
    anchor = np.where(ca.anchor_decision, decision, end)
    repeats = _repeat_offences(ca, anchor, ro.window_months)
    circ |= np.where(repeats >= ro.min_prior_penalties, _bit(cat, "repeat_offence_within_year"), 0)

    # Facts that cannot count towards the band.
    # (a) No double evaluation (禁止重复评价): a circumstance that already selects the tier.
    double = circ & A.tier_contains[applied]
    # (b) Contradicted by the tier's own trigger ("promptly corrected" on a refusal tier).
    aside_tier = circ & A.contradicts[applied] & ~double
    # (c) APL Art. 33(1): no first violation after an earlier same-kind penalty.
    first = _bit(cat, "first_offence_minor_harm_corrected")
    aside_prior = np.where(_earlier_penalties(ca, end), circ & first, 0) & ~aside_tier
    # (d) Grounds the 2021 APL text introduced: an act that ended before that text took effect
    #     gets them only as the lighter later law (从旧兼从轻; option
    #     apl_2021_lighter_rules_for_earlier_acts) and only when decided under that text.
    lighter_ok = (ca.flags & FLAG["apl_2021_lighter_rules_for_earlier_acts"]) != 0
    aside_apl = np.zeros(n, np.int64)
    for i, code in enumerate(cat.circumstance_codes):
        param = cat.circumstances[code].apl_parameter
        if param:
            since = cat.apl_from(param)
            missing = (end < since) & ~(lighter_ok & (decision >= since))
            aside_apl |= np.where(missing, circ & (1 << i), 0)
    aside_apl &= ~(aside_tier | aside_prior)
    counted = circ & ~(double | aside_tier | aside_prior | aside_apl)

    # APL Art. 36: limitation; the period for serious cases from the APL text when the act ended.
    serious = (circ & _bit(cat, "harm_to_life_health_or_finance")) != 0
    lim_status, lim_years, lim_expires = limitation(
        end, ca.discovery, decision, serious, apl.limitation_years,
        cat.apl_value("limitation_years_serious", end))

    # Provision Arts. 7-11: bands.
    m = _masks(cat)

    def has(effect: str) -> np.ndarray:
        return (counted & m.get(effect, 0)) != 0

    shall_no = has("no_penalty_shall") | (lim_status == EXPIRED)
    mask, band = open_bands_fast(
        shall_no=shall_no, may_no=has("no_penalty_may") & ca.apply_may,
        shall_mild=has("lenient_or_mitigated_shall"),
        may_mild=has("lenient_or_mitigated_may") & ca.apply_may,
        aggravate=has("aggravate_shall"), two_stage=A.two_stage[applied],
        prefer_mitigated=ca.prefer_mitigated)
    # APL Art. 30 (assumption aggravated_for_minors): where the option is off, a 14-17-year-old
    # is never put above the lenient band, whatever aggravates.
    mild = BIT[NO_PENALTY] | BIT[MITIGATED] | BIT[LENIENT]
    cap = ((counted & _bit(cat, "age_14_to_17")) != 0) \
        & ((ca.flags & FLAG["aggravated_for_minors"]) == 0) & ((mask & mild) != 0)
    if cap.any():
        mask = np.where(cap, mask & mild, mask)
        keep = (band == NO_PENALTY) | (band == MITIGATED) | (band == LENIENT)
        band = np.where(cap & ~keep, np.where(ca.prefer_mitigated & ((mask & BIT[MITIGATED]) != 0),
                                              MITIGATED, LENIENT), band)
    # APL Arts. 9, 28(1): a tier that only orders rectification imposes no penalty: no band.
    order_only = A.order_only[applied]
    mask = np.where(order_only, 0, mask)
    band = np.where(order_only, NO_BAND, band)

    # Provision Art. 12: ranges. The band vectors the batch output does not need (the float
    # bounds, the persons' bands) are built only when read (see ``Result``).
    sp = cat.split
    bounds = band_bounds(sp.lenient_upper_pct, sp.aggravated_lower_pct, sp.float_pp)
    low, high = band_table(st, bounds["low"]), band_table(st, bounds["high"])
    fine_low, fine_high = union_bound(st, mask, bounds["low"], "low"), \
        union_bound(st, mask, bounds["high"], "high")
    ffine_low, ffine_high = union_bound(st, mask, bounds["float_low"], "low"), \
        union_bound(st, mask, bounds["float_high"], "high")

    # Provision Art. 13: responsible persons take the unit's band on their own range.
    persons = np.where((ca.kind == ORGANISATION) & (ca.persons_count > 0), A.persons[applied], -1)
    st_p = Statutory(A, persons, *amounts)
    p_fine_low = union_bound(st_p, mask, bounds["low"], "low")
    p_fine_high = union_bound(st_p, mask, bounds["high"], "high")
    p_has = (persons >= 0) & st_p.has_fine
    count = np.where(p_has, ca.persons_count, 0)

    # APL Art. 28: confiscation of illegal gains, unless the party is not punished at all
    # (assumption confiscation_without_penalty: option confiscate_when_not_punished confiscates
    # then too, except after limitation).
    not_punished = (mask == BIT[NO_PENALTY]) | (mask == 0)
    keep_gains = ((ca.flags & FLAG["confiscate_when_not_punished"]) != 0) \
        & (lim_status != EXPIRED)
    confiscation = np.where(ca.has_gains & (~not_punished | keep_gains), ca.gains, 0)
    # Optional fines (可以并处罚款): where a band open allows it, the other penalties without any
    # fine (e.g. a warning alone) are lawful, so the total's low end has no fine (lenient; also
    # standard under option warning_alone_in_standard_band).
    warn_bands = np.where((ca.flags & FLAG["warning_alone_in_standard_band"]) != 0,
                          BIT[LENIENT] | BIT[STANDARD], BIT[LENIENT])
    warn_open = (mask & warn_bands) != 0
    warn_alone = st.optional & warn_open
    p_warn_alone = st_p.optional & warn_open
    # Provision Art. 5: a range ending in the mitigated band stops below the statutory minimum.
    fine_excl = mitigated_only_above(mask, st.low)
    p_excl = mitigated_only_above(mask, st_p.low)
    # (a provision without a fine has every bound 0, so it adds nothing)
    total_low = np.where(warn_alone, 0, fine_low) + count * np.where(p_warn_alone, 0, p_fine_low) \
        + confiscation
    total_high = fine_high + count * p_fine_high + confiscation
    total_excl = (fine_excl | ~st.has_fine) & (p_excl | (count == 0)) \
        & (fine_excl | (p_excl & (count > 0)))
    benchmark_applies = decision >= np.datetime64(sp.effective_from, "D")

    # APL Art. 29: one act under several norms -> the norm with the higher fine governs.
    # (a norm that only orders rectification imposes no penalty: it ranks last, like an error)
    pick = pick_higher_fine(ca.case, ca.order, st.high, st.low, st.has_fine, failed | order_only)
    n_cases = int(ca.case.max()) + 1 if n else 0
    identity = len(pick) == n
    bad_rows = failed.nonzero()[0]
    if identity or not len(bad_rows):  # a case's error is on its only row, or nowhere
        err_out, field_out = (error, error_field) if identity else (error[pick], error_field[pick])
        failed_out = failed if identity else np.zeros(len(pick), dtype=bool)
    else:  # a case with several rows shows its earliest error
        first_bad = np.full(n_cases, -1, dtype=np.int64)
        first_bad[ca.case[bad_rows[::-1]]] = bad_rows[::-1]
        failed_out = first_bad[ca.case[pick]] >= 0
        shown = np.where(failed_out, first_bad[ca.case[pick]], pick)
        err_out, field_out = error[shown], error_field[shown]
    absorbed_of = np.zeros(0, np.int64)
    absorbed_owner = np.zeros(0, np.int64)
    if not identity:
        rest = np.ones(n, dtype=bool)
        rest[pick] = False
        absorbed_of = np.flatnonzero(rest)  # ascending, so grouped by case
        slot = np.full(n_cases, -1, dtype=np.int64)
        slot[ca.case[pick]] = np.arange(len(pick))
        absorbed_owner = slot[ca.case[absorbed_of]]
    full = dict(
        applied=applied, at_violation=at_violation, at_decision=at_decision, referred=referred,
        lighter=lighter, ambiguous=ambiguous,
        stat_low=st.low, stat_high=st.high, old_low=st_old.low,
        old_high=st_old.high, old_has_fine=st_old.has_fine, new_low=at_decision_value("low"),
        new_high=at_decision_value("high"), new_has_fine=at_decision_value("has_fine"),
        has_fine=st.has_fine,
        optional=st.optional, ceiling_only=st.ceiling_only, fallback=st.fallback,
        turnover_missing=st.turnover_missing, turnover_used=st.turnover_used,
        fixed_cap=st.fixed_cap, turnover_cap=st.turnover_cap,
        two_stage=A.two_stage[applied], circ=circ, limitation_status=lim_status,
        limitation_years=lim_years, limitation_expires=lim_expires, mask=mask,
        band=band, low=low, high=high,
        float_low=lambda: band_table(st, bounds["float_low"]),
        float_high=lambda: band_table(st, bounds["float_high"]),
        fine_low=fine_low, fine_high=fine_high, float_fine_low=ffine_low,
        float_fine_high=ffine_high, persons=np.where(p_has, persons, -1),
        persons_count=count, p_stat_low=st_p.low, p_stat_high=st_p.high,
        p_low=lambda: band_table(st_p, bounds["low"]),
        p_high=lambda: band_table(st_p, bounds["high"]),
        p_float_low=lambda: band_table(st_p, bounds["float_low"]),
        p_float_high=lambda: band_table(st_p, bounds["float_high"]),
        p_fine_low=p_fine_low, p_fine_high=p_fine_high,
        p_float_fine_low=lambda: union_bound(st_p, mask, bounds["float_low"], "low"),
        p_float_fine_high=lambda: union_bound(st_p, mask, bounds["float_high"], "high"),
        confiscation=confiscation, total_low=total_low, total_high=total_high,
        benchmark_applies=benchmark_applies, double=double, aside_tier=aside_tier,
        aside_prior=aside_prior, aside_apl=aside_apl, repeats=repeats, order_only=order_only,
        warn_alone=warn_alone, p_optional=st_p.optional, p_warn_alone=p_warn_alone,
        fine_excl=fine_excl, p_excl=p_excl, total_excl=total_excl)
    return Result(pick, identity, full, case=ca.case[pick], row=pick, error=err_out,
                  error_field=field_out, failed=failed_out, absorbed_of=absorbed_of, absorbed_owner=absorbed_owner)
