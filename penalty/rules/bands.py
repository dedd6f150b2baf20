"""Provision Arts. 7-11 with APL Arts. 30-33: which discretion bands the circumstances open.

- Art. 7 / APL 33, 30, 31: shall not punish -> only no penalty; may not punish (first minor
  violation promptly corrected) -> no penalty by default, the band otherwise due stays open.
- Art. 8 / APL 32, 30: shall be lenient or mitigated -> both open, lenient by default;
  APL 31 partial capacity: may -> also the band otherwise due stays open.
- Art. 9: shall be aggravated.
- Art. 10: both sides present -> weighed as a whole; no arithmetic, so no single band and every
  band from the mildest mitigating one to aggravated stays open.
- Art. 11: none of the above -> standard.
- Art. 7 (two-stage rule): a provision carrying only a warning, public criticism or confiscation
  has only the no-penalty and standard bands.
Not formalised: the authority's overall weighing under Art. 10 and the choice between lenient and
mitigated under Art. 8.
"""

from __future__ import annotations

import numpy as np

from . import AGGRAVATED, ALL_BANDS, BIT, LENIENT, MITIGATED, NO_BAND, NO_PENALTY, STANDARD


def open_bands(shall_no: np.ndarray, may_no: np.ndarray, shall_mild: np.ndarray,
               may_mild: np.ndarray, aggravate: np.ndarray, two_stage: np.ndarray,
               prefer_mitigated: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Bit mask of open bands and the default band (NO_BAND when both sides are present)."""
    n = len(shall_no)
    mild_default = np.where(prefer_mitigated, MITIGATED, LENIENT)
    # Art. 8: mitigating circumstances alone.
    mask = np.full(n, BIT[STANDARD], dtype=np.int64)
    band = np.full(n, STANDARD, dtype=np.int64)
    mask = np.where(may_mild, BIT[MITIGATED] | BIT[LENIENT] | BIT[STANDARD], mask)
    mask = np.where(shall_mild, BIT[MITIGATED] | BIT[LENIENT], mask)
    band = np.where(shall_mild | may_mild, mild_default, band)
    # Art. 7 / APL 33(1): may not punish; no penalty by default, the rest stays open.
    mask = np.where(may_no, mask | BIT[NO_PENALTY], mask)
    band = np.where(may_no, NO_PENALTY, band)
    # Art. 9 alone; Art. 10 with mitigating circumstances.
    mild = shall_mild | may_mild | may_no
    lowest = np.where(may_no, NO_PENALTY, MITIGATED)
    both_mask = (ALL_BANDS >> lowest) << lowest
    mask = np.where(aggravate, np.where(mild, both_mask, BIT[AGGRAVATED]), mask)
    band = np.where(aggravate, np.where(mild, NO_BAND, AGGRAVATED), band)
    # Art. 7 / APL 30, 31, 33: shall not punish (the limitation bar is passed in here too).
    mask = np.where(shall_no, BIT[NO_PENALTY], mask)
    band = np.where(shall_no, NO_PENALTY, band)
    # Two-stage provisions: only no penalty and standard exist.
    graded = BIT[MITIGATED] | BIT[LENIENT] | BIT[STANDARD] | BIT[AGGRAVATED]
    collapsed = (mask & BIT[NO_PENALTY]) | np.where(mask & graded, BIT[STANDARD], 0)
    collapsed_band = np.where(band == NO_PENALTY, NO_PENALTY,
                              np.where(band == NO_BAND, NO_BAND, STANDARD))
    single = (collapsed & (collapsed - 1)) == 0  # one bit set
    collapsed_band = np.where((collapsed_band == NO_BAND) & single,
                              np.where(collapsed == BIT[NO_PENALTY], NO_PENALTY, STANDARD),
                              collapsed_band)
    mask = np.where(two_stage, collapsed, mask)
    band = np.where(two_stage, collapsed_band, band)
    return mask, band


_FLAGS = 7  # the inputs of open_bands, each a boolean


def _table() -> tuple[np.ndarray, np.ndarray]:
    """open_bands for every combination of its seven boolean inputs (bit i = input i)."""
    combos = np.arange(1 << _FLAGS)
    flags = [(combos >> i) & 1 == 1 for i in range(_FLAGS)]
    mask, band = open_bands(*flags)
    return mask.astype(np.int64), band.astype(np.int64)


_MASK, _BAND = _table()


def open_bands_fast(shall_no: np.ndarray, may_no: np.ndarray, shall_mild: np.ndarray,
                    may_mild: np.ndarray, aggravate: np.ndarray, two_stage: np.ndarray,
                    prefer_mitigated: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The same result as :func:`open_bands`, read from a table of its 128 possible inputs
    (computed by ``open_bands`` itself at import), so a large batch pays one lookup per row."""
    key = np.zeros(len(shall_no), dtype=np.intp)
    for i, flag in enumerate((shall_no, may_no, shall_mild, may_mild, aggravate, two_stage,
                              prefer_mitigated)):
        key |= np.asarray(flag, dtype=np.intp) << i
    return _MASK[key], _BAND[key]
