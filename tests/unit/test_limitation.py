"""APL Art. 36: not discovered within two years of the end of the act -> no penalty; five years
where citizens' life, health or financial security is harmed.

The period runs from the end of the act: an act ending 2023-01-10 is in time if discovered on or
before 2025-01-10 (two years) or 2028-01-10 (five years).
"""

from __future__ import annotations

import datetime as dt

import pytest
from unit_helpers import assess, assumption_ids, reason

import penalty

P = "dsl-48-1-entity-base"
ENDED_2023 = {"violation_date": "2022-06-01", "violation_end_date": "2023-01-10"}


def test_discovered_on_the_last_day_is_in_time():
    a = assess(P, **ENDED_2023, discovery_date="2025-01-10", decision_date="2025-03-01")
    lim = a.limitation
    assert (lim.status, lim.period_years) == ("within", 2)
    assert lim.runs_from == dt.date(2023, 1, 10)
    assert lim.expires_on == dt.date(2025, 1, 10)
    assert lim.citation == "APL Art. 36"
    assert a.bands == ["standard"]


def test_discovered_a_day_late_is_time_barred():
    a = assess(P, **ENDED_2023, discovery_date="2025-01-11", decision_date="2025-03-01")
    assert a.limitation.status == "expired"
    assert (a.band, a.bands) == ("no_penalty", ["no_penalty"])
    assert reason(a, "limitation").effect == "expired"


def test_five_years_where_life_health_or_finance_is_harmed():
    a = assess(P, **ENDED_2023, discovery_date="2025-01-11", decision_date="2025-03-01",
               circumstances=["harm_to_life_health_or_finance"])
    assert (a.limitation.status, a.limitation.period_years) == ("within", 5)
    assert a.limitation.expires_on == dt.date(2028, 1, 10)
    assert a.bands == ["standard"]


def test_five_year_period_also_ends():
    a = assess(P, **ENDED_2023, discovery_date="2028-01-11", decision_date="2028-02-01",
               circumstances=["harm_to_life_health_or_finance"])
    assert a.limitation.status == "expired"
    assert a.bands == ["no_penalty"]


def test_no_discovery_date_decided_in_time():
    # decision 2024-12-01 is before the period ends: discovery was necessarily in time
    a = assess(P, **ENDED_2023, decision_date="2024-12-01")
    assert a.limitation.status == "within"
    assert "discovery_date_missing" in assumption_ids(a)


def test_no_discovery_date_decided_after_the_period():
    # decision 2025-06-01 is after 2025-01-10: whether it is barred depends on discovery
    a = assess(P, **ENDED_2023, decision_date="2025-06-01")
    assert a.limitation.status == "unknown"
    assert "limitation_unverifiable" in assumption_ids(a)
    assert a.bands == ["standard"]  # not treated as barred
    assert reason(a, "limitation").effect == "unknown"


def test_period_of_a_one_day_act_runs_from_that_day():
    a = assess(P, violation_date="2024-03-15", decision_date="2024-06-01")
    assert a.limitation.runs_from == dt.date(2024, 3, 15)
    assert a.limitation.expires_on == dt.date(2026, 3, 15)


def test_period_ending_on_a_day_the_month_lacks_ends_at_month_end():
    # Civil Code Art. 202 (periods in years or months, applied by analogy): where the final
    # month has no corresponding day, the period ends on the last day of that month.
    # Act on 2024-02-29, two years -> 2026-02-28 (2026 has no 29 February).
    a = assess(P, violation_date="2024-02-29", decision_date="2024-06-01")
    assert a.limitation.expires_on == dt.date(2026, 2, 28)


def test_discovery_before_the_act_is_an_error():
    with pytest.raises(penalty.InputError) as exc:
        assess(P, discovery_date="2025-08-01")
    assert exc.value.field == "discovery_date"
    assert "violation_date" in str(exc.value)
