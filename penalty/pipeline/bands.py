"""Step 5, bands: Provision Arts. 7-11 (``penalty.rules.bands``), the cap for minors (APL
Art. 30) and the tiers that only order rectification (APL Arts. 9, 28(1)).

The counted circumstances open one or more of the five bands (no penalty, mitigated, lenient,
standard, aggravated); an act discovered too late (APL Art. 36) is not punished.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from penalty.catalogue import Catalogue
from penalty.ingest.arrays import FLAG, CaseArrays
from penalty.rules import BIT, LENIENT, MITIGATED, NO_BAND, NO_PENALTY
from penalty.rules.bands import open_bands_fast
from penalty.rules.limitation import EXPIRED

from .circumstances import Circumstances, code_bit
from .law_version import LawVersion
from .limitation import Limitation


@lru_cache(maxsize=8)
def effect_masks(cat: Catalogue) -> dict[str, int]:
    """Bit mask of the circumstances having each legal effect (data/factors.yaml)."""
    masks: dict[str, int] = {}
    for i, code in enumerate(cat.circumstance_codes):
        eff = cat.circumstances[code].effect
        masks[eff] = masks.get(eff, 0) | (1 << i)
    return masks


@dataclass(frozen=True, slots=True)
class Bands:
    """Provision Arts. 7-11, per row."""

    mask: np.ndarray  # int64: bit mask of the open bands (``penalty.rules.BIT``); 0: order only
    band: np.ndarray  # int64: the band taken, NO_BAND where both sides are open or order only
    two_stage: np.ndarray  # bool: the tier applied fines in two stages (order first, then fine)
    order_only: np.ndarray  # bool: the tier only orders rectification (APL Arts. 9, 28(1))


def _cap_minors(ca: CaseArrays, counted: np.ndarray, mask: np.ndarray, band: np.ndarray,
                minor_bit: int) -> tuple[np.ndarray, np.ndarray]:
    """APL Art. 30 (assumption aggravated_for_minors): where the option is off, a
    14-17-year-old is never put above the lenient band, whatever aggravates."""
    mild = BIT[NO_PENALTY] | BIT[MITIGATED] | BIT[LENIENT]
    cap = ((counted & minor_bit) != 0) \
        & ((ca.flags & FLAG["aggravated_for_minors"]) == 0) & ((mask & mild) != 0)
    if cap.any():
        mask = np.where(cap, mask & mild, mask)
        keep = (band == NO_PENALTY) | (band == MITIGATED) | (band == LENIENT)
        band = np.where(cap & ~keep, np.where(ca.prefer_mitigated & ((mask & BIT[MITIGATED]) != 0),
                                              MITIGATED, LENIENT), band)
    return mask, band


def choose_bands(cat: Catalogue, ca: CaseArrays, law: LawVersion, circ: Circumstances,
                 lim: Limitation) -> Bands:
    """Provision Arts. 7-11: the bands the counted circumstances open; a "may" ground counts
    where the row applies them (``apply_may``)."""
    counted, m = circ.counted, effect_masks(cat)

    def has(effect: str) -> np.ndarray:
        return (counted & m.get(effect, 0)) != 0

    two_stage = cat.arrays.two_stage[law.applied]
    mask, band = open_bands_fast(
        shall_no=has("no_penalty_shall") | (lim.status == EXPIRED),
        may_no=has("no_penalty_may") & ca.apply_may,
        shall_mild=has("lenient_or_mitigated_shall"),
        may_mild=has("lenient_or_mitigated_may") & ca.apply_may,
        aggravate=has("aggravate_shall"), two_stage=two_stage,
        prefer_mitigated=ca.prefer_mitigated)
    mask, band = _cap_minors(ca, counted, mask, band, code_bit(cat, "age_14_to_17"))
    # APL Arts. 9, 28(1): a tier that only orders rectification imposes no penalty: no band.
    order_only = cat.arrays.order_only[law.applied]
    mask = np.where(order_only, 0, mask)
    band = np.where(order_only, NO_BAND, band)
    return Bands(mask=mask, band=band, two_stage=two_stage, order_only=order_only)
