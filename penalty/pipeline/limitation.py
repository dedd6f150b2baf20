"""Step 4, limitation: APL Art. 36 (``penalty.rules.limitation``).

Two years from the end of the act to its discovery; five where citizens' life, health or
financial security is involved with harmful consequences, from the APL text in force when the
act ended (``apl.limitation_years`` and ``apl.limitation_years_serious``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from penalty.catalogue import Catalogue
from penalty.ingest.arrays import CaseArrays
from penalty.rules.limitation import limitation

from .checks import Checks
from .circumstances import Circumstances, code_bit


@dataclass(frozen=True, slots=True)
class Limitation:
    """APL Art. 36, per row."""

    status: np.ndarray  # int64: WITHIN, EXPIRED or UNKNOWN (``penalty.rules.limitation``)
    years: np.ndarray  # int64: the period in years
    expires: np.ndarray  # datetime64[D]: the last day on which discovery is still in time


def apply_limitation(cat: Catalogue, ca: CaseArrays, checks: Checks, circ: Circumstances
                     ) -> Limitation:
    """APL Art. 36: the period, its last day and whether the act was discovered in time."""
    serious = (circ.circ & code_bit(cat, "harm_to_life_health_or_finance")) != 0
    # The periods in force when the act ended; a row whose act ended before the first APL value
    # is a refused one (no catalogue law is older, checked at load): it gets the first value.
    short, long = cat.param("apl.limitation_years"), cat.param("apl.limitation_years_serious")
    status, years, expires = limitation(
        checks.end, ca.discovery, checks.decision, serious,
        short.over(checks.end, not_in_force=short.first),
        long.over(checks.end, not_in_force=long.first))
    return Limitation(status=status, years=years, expires=expires)
