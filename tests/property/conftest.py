"""Hypothesis profile for the property suite: no deadline (the first call loads the catalogue),
a moderate number of examples so the folder runs in well under a minute on two cores.

``HYPOTHESIS_PROFILE=thorough`` runs many more examples (for a nightly or a local hunt).
"""

import os

from hypothesis import HealthCheck, settings

settings.register_profile(
    "property", deadline=None, max_examples=100, print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
settings.register_profile(
    "thorough", parent=settings.get_profile("property"), max_examples=2000)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "property"))
