"""The rule pipeline: named steps over ``CaseArrays``, in the order the law applies them.

Each step is a plain function of the catalogue, the case arrays and the earlier steps' results,
returning a frozen result whose fields are documented beside their article. ``penalty.engine.run``
calls them in this order and wraps their results in a :class:`Result`:

1. ``check_dates`` (checks): dates in order; errors.
2. ``choose_law_version``: APL Art. 37, with referrals; the provision named must fit the case.
3. ``derive_circumstances``: APL Art. 30 ages, Provision Art. 9(5) repeat offences; the facts set
   aside (double evaluation, contradicted by the tier, APL Art. 33(1), APL-text grounds).
4. ``apply_limitation``: APL Art. 36.
5. ``choose_bands``: Provision Arts. 7-11, the cap for minors, order-only tiers.
6. ``band_ranges``: Provision Art. 12, Art. 5.
7. ``responsible_persons``: Provision Art. 13.
8. ``confiscation_and_totals``: APL Art. 28, optional fines.
9. ``choose_governing_norm``: APL Art. 29.

The array functions the steps apply (one per legal rule) live in ``penalty.rules``.
"""

from .bands import Bands, choose_bands
from .checks import Checks, Errors, check_dates
from .circumstances import Circumstances, derive_circumstances
from .concurrence import Concurrence, choose_governing_norm
from .law_version import LawVersion, choose_law_version
from .limitation import Limitation, apply_limitation
from .persons import Persons, responsible_persons
from .ranges import Ranges, band_ranges
from .result import Result
from .totals import Totals, confiscation_and_totals

__all__ = [
    "Bands", "Checks", "Circumstances", "Concurrence", "Errors", "LawVersion", "Limitation",
    "Persons", "Ranges", "Result", "Totals", "apply_limitation", "band_ranges", "check_dates",
    "choose_bands", "choose_governing_norm", "choose_law_version", "confiscation_and_totals",
    "derive_circumstances", "responsible_persons",
]
