"""Step 7, persons: Provision Art. 13.

Where an organisation is fined and its provision also fines the directly responsible persons in
charge and other directly responsible persons, each of them takes the unit's band on the range
of that provision (the persons' own statutory range).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from penalty.catalogue import Catalogue
from penalty.ingest.arrays import ORGANISATION, CaseArrays
from penalty.rules.ranges import BandTable, Statutory, band_table, mitigated_only_above, union_bound

from .bands import Bands
from .law_version import LawVersion, statutory
from .ranges import Bounds, Ranges


@dataclass(frozen=True, slots=True)
class Persons:
    """Provision Art. 13, per row, in fen for one person. The persons' band tables and float
    bounds, which only the single-case explanation reads, are built when read."""

    provision: np.ndarray  # int64: the provision fining the persons, -1 if none or no fine
    count: np.ndarray  # int64: persons fined (0 where the provision imposes no fine)
    statutory: Statutory  # the persons' statutory range
    bounds: Bounds  # the bands' bounds (``Ranges.bounds``)
    mask: np.ndarray  # int64: the unit's open bands (``Bands.mask``)
    fine_low: np.ndarray  # int64: the low of the mildest open band, for one person
    fine_high: np.ndarray  # int64: the high of the severest open band, for one person
    excl: np.ndarray  # bool: ``fine_high`` is exclusive (Provision Art. 5)

    @property
    def low(self) -> BandTable:
        return band_table(self.statutory, self.bounds["low"])

    @property
    def high(self) -> BandTable:
        return band_table(self.statutory, self.bounds["high"])

    @property
    def float_low(self) -> BandTable:
        return band_table(self.statutory, self.bounds["float_low"])

    @property
    def float_high(self) -> BandTable:
        return band_table(self.statutory, self.bounds["float_high"])

    @property
    def float_fine_low(self) -> np.ndarray:
        return union_bound(self.statutory, self.mask, self.bounds["float_low"], "low")

    @property
    def float_fine_high(self) -> np.ndarray:
        return union_bound(self.statutory, self.mask, self.bounds["float_high"], "high")


def responsible_persons(cat: Catalogue, ca: CaseArrays, law: LawVersion, bands: Bands,
                        ranges: Ranges) -> Persons:
    """Provision Art. 13: the persons' provision, how many are fined and their range."""
    persons = np.where((ca.kind == ORGANISATION) & (ca.persons_count > 0),
                       cat.arrays.persons[law.applied], -1)
    st = statutory(cat.arrays, persons, ca)
    bounds, mask = ranges.bounds, bands.mask
    fined = (persons >= 0) & st.has_fine
    return Persons(
        provision=np.where(fined, persons, -1), count=np.where(fined, ca.persons_count, 0),
        statutory=st, bounds=bounds, mask=mask,
        fine_low=union_bound(st, mask, bounds["low"], "low"),
        fine_high=union_bound(st, mask, bounds["high"], "high"),
        excl=mitigated_only_above(mask, st.low))
