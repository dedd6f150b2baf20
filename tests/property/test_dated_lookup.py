"""The one lookup of dated parameters: over a day array it gives, day by day, what the plain
definition gives (the value of the latest first day on or before the day), and a day before the
first value is refused or takes the caller's answer, never some value of the law."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import penalty
from penalty.errors import NotInForce

CAT = penalty.load_catalogue()
NAMES = sorted(CAT.parameters)
day_s = st.dates(dt.date(1990, 1, 1), dt.date(2040, 12, 31))


def by_definition(changes: list[tuple[dt.date, object]], day: dt.date) -> object:
    earlier = [v for k, v in changes if k <= day]
    return earlier[-1] if earlier else "not in force"


@given(name=st.sampled_from(NAMES), days=st.lists(day_s, min_size=1, max_size=30))
def test_over_is_the_definition_day_by_day(name, days):
    p = CAT.param(name)
    want = [by_definition(p.changes(), d) for d in days]
    arr = np.array(days, dtype="datetime64[D]")
    known = p.in_force(arr)
    assert known.tolist() == [w != "not in force" for w in want]
    got = p.over(arr, not_in_force=p.first).tolist()  # the caller's answer where not in force
    assert [g if k else "not in force" for g, k in zip(got, known)] == want
    if known.all():
        assert p.over(arr).tolist() == want
    else:
        with pytest.raises(NotInForce):
            p.over(arr)
    for d, w in zip(days, want):
        if w == "not in force":
            with pytest.raises(NotInForce):
                p.at(d)
        else:
            assert p.at(d) == w
