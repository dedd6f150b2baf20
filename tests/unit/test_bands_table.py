"""The table-driven band lookup gives exactly what the band rule gives, for every input."""

from __future__ import annotations

import numpy as np

from penalty.rules.bands import open_bands, open_bands_fast


def test_table_lookup_equals_the_rule_row_for_row():
    rng = np.random.default_rng(7)
    flags = [rng.random(5_000) < p for p in (0.1, 0.2, 0.3, 0.2, 0.3, 0.1, 0.5)]
    mask, band = open_bands(*flags)
    fast_mask, fast_band = open_bands_fast(*flags)
    assert np.array_equal(mask, fast_mask) and np.array_equal(band, fast_band)
