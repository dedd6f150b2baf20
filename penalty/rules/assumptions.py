"""Which assumptions (``data/assumptions.yaml``) a result rests on, as a rule over arrays.

One bit per assumption code (``CODES``) in an int64 per result row, so the batch (``assess_frame``'s
``assumptions`` column) and the single path (``Assessment.assumptions``) read the same answer.
The codes are listed in the order an assessment names them; a row's codes keep that order.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np

from penalty.catalogue import BASIS_CODES, Catalogue, _cites_reconstructed
from penalty.ingest.arrays import INDIVIDUAL, CaseArrays
from penalty.rules import AGGRAVATED, BIT, LENIENT, MITIGATED, NO_BAND, NO_PENALTY, STANDARD
from penalty.rules.limitation import UNKNOWN

if TYPE_CHECKING:
    from penalty.engine import Result

# In the order an assessment names them (reasons first met, then ranges, persons, concurrence,
# law version, provision).
CODES = (
    "counterpart_choice", "continuing_act_end_date", "limitation_unverifiable",
    "discovery_date_missing", "first_violation_lookback", "apl_2021_lighter_rules",
    "aggravated_for_minors", "age_unknown_adult", "repeat_window_anchor", "both_sides_weighed",
    "may_circumstance_applied", "lenient_or_mitigated_default", "two_stage_only",
    "ceiling_only_minimum_zero", "turnover_missing", "turnover_ceiling", "gains_fallback_range",
    "optional_fine_may_be_nil", "warning_alone_in_standard_band", "mitigated_floor_zero",
    "mitigated_drops_penalty_type", "band_boundaries_closed", "float_both_points",
    "persons_count", "confiscation_gross_gains", "higher_fine_norm", "several_norms_fine_only",
    "benchmark_not_in_force", "no_local_benchmark", "law_version_entity_ceiling",
    "confiscation_without_penalty", "provision_not_fully_confirmed", "referral_resolved",
    "provision_numbering_reconstructed",
)
assert len(CODES) <= 63, "one int64 bit per assumption code"
_GRADED = BIT[LENIENT] | BIT[STANDARD] | BIT[AGGRAVATED]


class _Static:
    """Per-catalogue facts the rule needs: circumstance bits and which fixed citations name a
    Provision article whose number is reconstructed (``benchmark.yaml`` provision
    ``numbering_confirmed_up_to``)."""

    def __init__(self, cat: Catalogue):
        codes = cat.circumstance_codes
        n = cat.benchmark.provision.numbering_confirmed_up_to

        def recon(*citations: str | None) -> bool:
            return any(c and _cites_reconstructed(c, n) for c in citations)

        def bits(pred) -> int:
            return sum(1 << i for i, c in enumerate(codes) if pred(cat.circumstances[c]))

        self.minor = 1 << codes.index("age_14_to_17")
        self.repeat = 1 << codes.index("repeat_offence_within_year")
        self.may = bits(lambda c: c.effect in ("no_penalty_may", "lenient_or_mitigated_may"))
        self.recon_circ = bits(lambda c: recon(c.citation, c.citation_zh))
        self.extends = bits(lambda c: c.effect == "limitation_extended")
        apl, bm, rc = cat.apl, cat.benchmark, cat.benchmark.rule_citations
        serious = cat.param("apl.limitation_years_serious")
        self.recon_no_longer = recon(serious.citation, serious.citation_zh)
        self.recon_always = recon(apl.law_version_citation, apl.law_version_citation_zh,
                                  apl.limitation_citation, apl.limitation_citation_zh)
        self.recon_repeat = recon(bm.repeat_offence.citation, bm.repeat_offence.citation_zh)
        self.recon_order = recon(bm.not_penalties.citation, bm.not_penalties.citation_zh)
        self.recon_weighed = recon(rc.weighed_as_a_whole.en, rc.weighed_as_a_whole.zh)
        self.recon_default = recon(rc.default_standard.en, rc.default_standard.zh)
        ts = bm.two_stage_penalty_types
        self.recon_two_stage = recon(ts.citation, ts.citation_zh)
        self.recon_band = np.array([recon(b.citation, b.citation_zh) for b in cat.bands])
        self.recon_split = recon(cat.split.citation, cat.split.citation_zh)
        self.recon_education = recon(apl.education_citation, apl.education_citation_zh)
        self.recon_persons = recon(rc.responsible_persons.en, rc.responsible_persons.zh)
        self.recon_absorbed = recon(rc.several_norms_or_acts.en, rc.several_norms_or_acts.zh)
        provs = [cat.provisions[i] for i in cat.ids]
        self.recon_clauses = np.array([recon(*(x for cl in p.clauses
                                                 for x in (cl.citation, cl.citation_zh)))
                                       for p in provs])
        self.recon_provision = np.array([recon(p.citation_en, p.citation_zh) for p in provs])
        self.confirmed = np.array([p.confidence == "high" for p in provs])
        self.turnover = cat.arrays.basis == BASIS_CODES["fixed_or_turnover"]
        self.effective_from = np.datetime64(apl.effective_from, "D")


@lru_cache(maxsize=8)
def _static(cat: Catalogue) -> _Static:
    return _Static(cat)


def _bands_open(mask: np.ndarray) -> np.ndarray:
    count = np.zeros(len(mask), np.int64)
    for i in range(5):
        count += (mask >> i) & 1
    return count


def assumption_masks(cat: Catalogue, ca: CaseArrays, res: Result) -> np.ndarray:
    """One int64 per result row: bit ``k`` is set where the row rests on assumption
    ``CODES[k]``. Refused rows rest on none."""
    s = _static(cat)
    row = res.row
    ok = ~res.failed
    mask, band, circ = res.mask, res.band, res.circ
    double, aside_tier, aside_prior, aside_apl = res.double, res.aside_tier, res.aside_prior, \
        res.aside_apl
    counted = circ & ~(double | aside_tier | aside_prior | aside_apl)
    order_only, has_fine, applied = res.order_only, res.has_fine, res.applied
    end = ca.end[row]
    no_discovery = np.isnat(ca.discovery[row])
    unknown = res.limitation_status == UNKNOWN
    n_open = _bands_open(mask)
    graded = (mask & _GRADED) != 0
    mitigated = (mask & BIT[MITIGATED]) != 0
    optional = has_fine & res.optional
    turnover = has_fine & s.turnover[applied]
    absorbed = np.zeros(len(row), bool)
    absorbed[res.absorbed_owner] = True
    # APL Art. 36: an act that ended before the longer period existed keeps the short one
    short = cat.param("apl.limitation_years")  # the period of every case when the act ended
    no_longer = np.where(res.limitation_years <= short.over(end, not_in_force=short.first),
                         circ & s.extends, 0) \
        & ~(double | aside_tier | aside_prior | aside_apl)
    shown = circ & ~double & ~aside_apl & ~no_longer
    band_recon = np.where(band == NO_BAND, s.recon_weighed,
                          np.where(res.two_stage, s.recon_two_stage,
                                   np.where((band == STANDARD) & (n_open == 1), s.recon_default,
                                            s.recon_band[np.maximum(band, 0)])))
    persons = res.persons >= 0
    flags = {
        "counterpart_choice": res.ambiguous,
        "continuing_act_end_date": end > ca.start[row],
        "limitation_unverifiable": no_discovery & unknown,
        "discovery_date_missing": no_discovery & ~unknown,
        "first_violation_lookback": (circ & ~double & ~aside_tier & aside_prior) != 0,
        "apl_2021_lighter_rules": end < s.effective_from,
        "aggravated_for_minors": ((counted & s.minor) != 0) & (n_open > 1),
        "age_unknown_adult": (ca.kind[row] == INDIVIDUAL) & (ca.age[row] < 0),
        "repeat_window_anchor": ca.prior_offsets[row + 1] > ca.prior_offsets[row],
        "both_sides_weighed": (band == NO_BAND) & ~order_only,
        "may_circumstance_applied": (counted & s.may) != 0,
        "lenient_or_mitigated_default": ((band == LENIENT) | (band == MITIGATED))
        & ((mask & (BIT[LENIENT] | BIT[MITIGATED])) == (BIT[LENIENT] | BIT[MITIGATED])),
        "two_stage_only": res.two_stage & ~order_only,
        "ceiling_only_minimum_zero": has_fine & res.ceiling_only,
        "turnover_missing": turnover & res.turnover_missing,
        "turnover_ceiling": turnover & ~res.turnover_missing,
        "gains_fallback_range": has_fine & res.fallback,
        "optional_fine_may_be_nil": optional,
        "warning_alone_in_standard_band": optional & ((mask & BIT[STANDARD]) != 0),
        "mitigated_floor_zero": has_fine & mitigated & (res.stat_low > 0),
        "mitigated_drops_penalty_type": has_fine & mitigated & (res.stat_low <= 0),
        "band_boundaries_closed": has_fine & graded,
        "float_both_points": has_fine & graded,
        "persons_count": persons,
        "confiscation_gross_gains": res.confiscation > 0,
        "higher_fine_norm": absorbed,
        "several_norms_fine_only": absorbed,
        "benchmark_not_in_force": ~res.benchmark_applies,
        "no_local_benchmark": res.benchmark_applies & (mask != 0),
        "law_version_entity_ceiling": res.lighter
        | ((res.at_decision >= 0) & (res.at_decision != res.at_violation)),
        # APL Art. 28 read with assumption confiscation_without_penalty: gains, nobody punished
        "confiscation_without_penalty": ca.has_gains[row] & ((mask == 0) | (mask == BIT[NO_PENALTY])),
        "provision_not_fully_confirmed": ~s.confirmed[applied],
        "referral_resolved": res.referred >= 0,
        # some reason cites a Provision article whose number is reconstructed
        "provision_numbering_reconstructed": (
            s.recon_always | ((shown & s.recon_circ) != 0) | (((double != 0) | (no_longer != 0))
                                                             & s.recon_no_longer)
            | ((res.repeats > 0) & ((circ & s.repeat) == 0) & s.recon_repeat)
            | np.where(order_only, s.recon_order, band_recon)
            | (has_fine & (s.recon_split | s.recon_provision[applied]))
            | s.recon_clauses[ca.given[row]]
            | ((band == NO_PENALTY) & s.recon_education)
            | (persons & s.recon_persons) | (absorbed & s.recon_absorbed)),
    }
    assert tuple(flags) == CODES
    masks = np.zeros(len(row), np.int64)
    for k, c in enumerate(CODES):
        masks |= np.asarray(flags[c], bool).astype(np.int64) << k
    return np.where(ok, masks, 0)


_CHUNK = 12  # bits decoded per table lookup when wording many distinct masks


@lru_cache(maxsize=4)
def _chunk_texts(at: int) -> tuple[str, ...]:
    """The ``;``-joined codes of every value of the ``_CHUNK`` bits starting at bit ``at``."""
    codes = CODES[at:at + _CHUNK]
    return tuple(";".join(c for k, c in enumerate(codes) if m >> k & 1)
                 for m in range(1 << len(codes)))


def _text(mask: int) -> str:
    parts = (_chunk_texts(at)[mask >> at & ((1 << _CHUNK) - 1)]
             for at in range(0, len(CODES), _CHUNK))
    return ";".join(p for p in parts if p)


def assumption_text(masks: np.ndarray) -> np.ndarray:
    """The ``;``-joined codes of each result row (object array; "" where none), worded once per
    distinct combination rather than once per row."""
    import pandas as pd  # the batch path only: the single path reads assumption_codes

    inverse, distinct = pd.factorize(masks)  # hashing: no sort of n rows
    return np.array([_text(m) for m in distinct.tolist()], dtype=object)[inverse]


def assumption_codes(masks: np.ndarray, j: int) -> list[str]:
    """The codes of result row ``j``, in order."""
    m = int(masks[j])
    return [c for k, c in enumerate(CODES) if m >> k & 1]
