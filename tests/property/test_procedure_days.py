"""Day counting (issue 14): invariants over any start date in the years the official calendar
covers, checked against an independent count of working days."""

from __future__ import annotations

import datetime as dt

import holidays
from hypothesis import example, given
from hypothesis import strategies as st

import penalty
from penalty.procedure.days import Counter

CHINA = holidays.China(years=range(2024, 2028))
starts = st.dates(min_value=dt.date(2024, 1, 1), max_value=dt.date(2026, 11, 30))
CASE = {"provision": "dsl-45-1-entity-base", "violation_date": "2023-09-01",
        "decision_date": "2026-04-15", "party": {"kind": "organisation"}}


def working(day: dt.date) -> bool:
    """Independent of penalty.procedure: the package's own rule, weekend workdays included."""
    return CHINA.is_working_day(day)


@given(starts, st.integers(min_value=1, max_value=20))
@example(dt.date(2026, 2, 12), 5)   # across Spring Festival, Saturday 14 Feb worked
@example(dt.date(2026, 9, 17), 5)   # Sunday 20 Sep worked
def test_n_working_days_after_the_start(start: dt.date, n: int):
    end = Counter().add_working_days(start, n)
    assert working(end)
    days = [start + dt.timedelta(days=i) for i in range(1, (end - start).days + 1)]
    assert sum(working(d) for d in days) == n


@given(st.dates(min_value=dt.date(2024, 1, 1), max_value=dt.date(2026, 10, 31)))  # ends in 2026
@example(dt.date(2026, 9, 16))  # payment falls on 1 Oct
@example(dt.date(2026, 9, 25))  # payment falls on a make-up Saturday
def test_calendar_deadlines_end_on_the_first_working_day_from_their_last_day(received):
    t = penalty.timeline(CASE, decision_received=received, fine_cny=100000)
    for code, days in (("payment", 15), ("reconsideration", 60)):
        d = t.get(code)
        last = received + dt.timedelta(days=days)
        assert d.date >= last and working(d.date)
        assert all(not working(last + dt.timedelta(days=i)) for i in range((d.date - last).days))
        assert (d.rolled_from is not None) is (d.date != last)
    s = t.surcharge
    assert s.starts_on == t.get("payment").date + dt.timedelta(days=1)
    assert (s.cap_reached_on - s.starts_on).days == 33
