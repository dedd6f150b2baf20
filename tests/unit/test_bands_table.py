"""The table-driven band lookup gives exactly what the band rule gives, for every one of its
128 possible inputs, and both give the hand-derived bands of Provision Arts. 7-11."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from penalty.rules import AGGRAVATED, BIT, LENIENT, MITIGATED, NO_BAND, NO_PENALTY, STANDARD
from penalty.rules.bands import open_bands, open_bands_fast

NAMES = ("shall_no", "may_no", "shall_mild", "may_mild", "aggravate", "two_stage",
         "prefer_mitigated")
EVERY_INPUT = list(itertools.product([False, True], repeat=len(NAMES)))  # 2**7 = 128 rows


def _columns(rows):
    return [np.array(col, dtype=bool) for col in zip(*rows)]


def test_every_one_of_the_128_inputs_at_once():
    assert len(set(EVERY_INPUT)) == 128
    mask, band = open_bands(*_columns(EVERY_INPUT))
    fast_mask, fast_band = open_bands_fast(*_columns(EVERY_INPUT))
    assert np.array_equal(mask, fast_mask) and np.array_equal(band, fast_band)


def test_each_input_alone():
    """One case at a time, as the single path sees it (a batch of one)."""
    differ = []
    for row in EVERY_INPUT:
        cols = _columns([row])
        fast = [int(a[0]) for a in open_bands_fast(*cols)]
        if fast != [int(a[0]) for a in open_bands(*cols)]:
            differ.append(dict(zip(NAMES, row)))
    assert differ == []


# (flags set, open bands, default band), derived by hand from the articles
HAND = [
    ((), {STANDARD}, STANDARD),  # Art. 11
    (("shall_no",), {NO_PENALTY}, NO_PENALTY),  # Art. 7, APL 33(1)
    (("shall_no", "aggravate"), {NO_PENALTY}, NO_PENALTY),  # shall-not-punish wins
    (("may_no",), {NO_PENALTY, STANDARD}, NO_PENALTY),  # may not punish: standard stays open
    (("shall_mild",), {MITIGATED, LENIENT}, LENIENT),  # Art. 8, lenient by default
    (("shall_mild", "prefer_mitigated"), {MITIGATED, LENIENT}, MITIGATED),
    (("may_mild",), {MITIGATED, LENIENT, STANDARD}, LENIENT),
    (("aggravate",), {AGGRAVATED}, AGGRAVATED),  # Art. 9
    (("shall_mild", "aggravate"), {MITIGATED, LENIENT, STANDARD, AGGRAVATED}, NO_BAND),  # Art. 10
    (("may_no", "aggravate"), {NO_PENALTY, MITIGATED, LENIENT, STANDARD, AGGRAVATED}, NO_BAND),
    (("two_stage", "aggravate"), {STANDARD}, STANDARD),  # two-stage: only no penalty / standard
    (("two_stage", "shall_mild"), {STANDARD}, STANDARD),
    (("two_stage", "may_no"), {NO_PENALTY, STANDARD}, NO_PENALTY),
    (("two_stage", "may_no", "aggravate"), {NO_PENALTY, STANDARD}, NO_BAND),
]


@pytest.mark.parametrize("flags, bands, default", HAND,
                         ids=lambda v: "+".join(v) if isinstance(v, tuple) else None)
def test_hand_derived_rows(flags, bands, default):
    row = tuple(name in flags for name in NAMES)
    for rule in (open_bands, open_bands_fast):
        mask, band = rule(*_columns([row]))
        assert int(mask[0]) == sum(BIT[b] for b in bands), rule.__name__
        assert int(band[0]) == default, rule.__name__
