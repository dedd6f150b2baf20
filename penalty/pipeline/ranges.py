"""Step 6, ranges: Provision Art. 12 (``penalty.rules.ranges``) with Art. 5.

Each band is a share of the statutory range between the split points (lenient up to x %,
standard x-y %, aggravated from y %), widened by the float; the fine range of a row runs over
every band its circumstances open. A range ending in the mitigated band stops below the
statutory minimum (Provision Art. 5).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from penalty.catalogue import Catalogue
from penalty.ingest.arrays import CaseArrays
from penalty.rules.ranges import (
    BandBounds,
    BandTable,
    Statutory,
    band_bounds,
    band_table,
    mitigated_only_above,
    union_bound,
)

from .bands import Bands
from .checks import Checks
from .law_version import LawVersion

Bounds = dict[str, BandBounds]


@dataclass(frozen=True, slots=True)
class Ranges:
    """Provision Art. 12, per row, in fen, over the statutory range of the version applied.
    The float bounds of each band (``float_low``, ``float_high``) are built when read."""

    bounds: Bounds  # (kind, percentage) of every band's bounds (``band_bounds``)
    statutory: Statutory  # the statutory range the bands divide (the version applied)
    mask: np.ndarray  # int64: the open bands (``Bands.mask``)
    low: BandTable  # each band's low
    high: BandTable  # each band's high
    fine_low: np.ndarray  # int64: the low of the mildest open band
    fine_high: np.ndarray  # int64: the high of the severest open band
    float_fine_low: np.ndarray  # int64: ``fine_low`` with the float
    float_fine_high: np.ndarray  # int64: ``fine_high`` with the float
    fine_excl: np.ndarray  # bool: ``fine_high`` is exclusive (Provision Art. 5)
    benchmark_applies: np.ndarray  # bool: the Provision's split points are in force at the decision

    @property
    def float_low(self) -> BandTable:
        """Each band's low with the float."""
        return band_table(self.statutory, self.bounds["float_low"])

    @property
    def float_high(self) -> BandTable:
        """Each band's high with the float."""
        return band_table(self.statutory, self.bounds["float_high"])


def band_ranges(cat: Catalogue, ca: CaseArrays, checks: Checks, law: LawVersion, bands: Bands
                ) -> Ranges:
    """Provision Art. 12: the range of each band and of the open bands together."""
    # (the split points in force at each decision: one int each where every row agrees)
    bounds = band_bounds(*cat.split_over(checks.decision))
    st, mask = law.statutory, bands.mask
    return Ranges(
        bounds=bounds, statutory=st, mask=mask,
        low=band_table(st, bounds["low"]), high=band_table(st, bounds["high"]),
        fine_low=union_bound(st, mask, bounds["low"], "low"),
        fine_high=union_bound(st, mask, bounds["high"], "high"),
        float_fine_low=union_bound(st, mask, bounds["float_low"], "low"),
        float_fine_high=union_bound(st, mask, bounds["float_high"], "high"),
        fine_excl=mitigated_only_above(mask, st.low),
        benchmark_applies=checks.decision >= np.datetime64(cat.benchmark_from, "D"))
