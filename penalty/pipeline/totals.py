"""Step 8, confiscation and totals: APL Art. 28 and optional fines.

APL Art. 28: illegal gains are confiscated, unless the party is not punished at all
(assumption ``confiscation_without_penalty``: option ``confiscate_when_not_punished``
confiscates then too, except after limitation). Optional fines (可以并处罚款): where a band open
allows it, the other penalties without any fine (e.g. a warning alone) are lawful, so the
total's low end has no fine (lenient; also standard under option
``warning_alone_in_standard_band``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from penalty.catalogue import Catalogue
from penalty.ingest.arrays import FLAG, CaseArrays
from penalty.rules import BIT, LENIENT, NO_PENALTY, STANDARD
from penalty.rules.limitation import EXPIRED

from .bands import Bands
from .law_version import LawVersion
from .limitation import Limitation
from .persons import Persons
from .ranges import Ranges


@dataclass(frozen=True, slots=True)
class Totals:
    """What the party pays at most and at least, per row, in fen."""

    confiscation: np.ndarray  # int64: illegal gains confiscated (APL Art. 28)
    warn_alone: np.ndarray  # bool: the fine is optional and a band open allows none
    p_warn_alone: np.ndarray  # bool: the same for the persons' fine
    total_low: np.ndarray  # int64: fine, persons' fines and confiscation, at the low end
    total_high: np.ndarray  # int64: the same at the high end
    total_excl: np.ndarray  # bool: ``total_high`` is exclusive (Provision Art. 5)


def confiscation_and_totals(cat: Catalogue, ca: CaseArrays, law: LawVersion, lim: Limitation,
                            bands: Bands, ranges: Ranges, persons: Persons) -> Totals:
    """APL Art. 28 and optional fines: confiscation, then the fines and confiscation added."""
    mask, st, count = bands.mask, law.statutory, persons.count
    not_punished = (mask == BIT[NO_PENALTY]) | (mask == 0)
    keep_gains = ((ca.flags & FLAG["confiscate_when_not_punished"]) != 0) \
        & (lim.status != EXPIRED)
    confiscation = np.where(ca.has_gains & (~not_punished | keep_gains), ca.gains, 0)
    warn_bands = np.where((ca.flags & FLAG["warning_alone_in_standard_band"]) != 0,
                          BIT[LENIENT] | BIT[STANDARD], BIT[LENIENT])
    warn_open = (mask & warn_bands) != 0
    warn_alone = st.optional & warn_open
    p_warn_alone = persons.statutory.optional & warn_open
    # (a provision without a fine has every bound 0, so it adds nothing)
    total_low = np.where(warn_alone, 0, ranges.fine_low) \
        + count * np.where(p_warn_alone, 0, persons.fine_low) + confiscation
    total_high = ranges.fine_high + count * persons.fine_high + confiscation
    fine_excl, p_excl = ranges.fine_excl, persons.excl
    total_excl = (fine_excl | ~st.has_fine) & (p_excl | (count == 0)) \
        & (fine_excl | (p_excl & (count > 0)))
    return Totals(confiscation=confiscation, warn_alone=warn_alone, p_warn_alone=p_warn_alone,
                  total_low=total_low, total_high=total_high, total_excl=total_excl)
