"""Counting days the way Chinese law counts them.

- The day of service (or of the event a period runs from) is not counted: counting starts on
  the next day (CPL 2023 Art. 85(2); ARL 2023 Art. 88).
- "Days" are working days where the instrument says so (APL 2021 Art. 85: its 2/3/5/7-day
  periods; ARL Art. 88: 3/5/7/10; ACL Art. 69: ten days or less), calendar days otherwise. The
  rule is data (``instruments[].working_day_lengths`` in ``data/procedure.yaml``).
- A period in months or years ends on the corresponding day of its last month, or that month's
  last day when it has none (Civil Code Art. 202).
- A period that ends on a rest day or statutory holiday ends on the next working day (CPL
  Art. 85(3)).

Working days follow China's official calendar, including the make-up working weekends (调休),
from the ``holidays`` package's China calendar (``is_working_day`` knows both the weekday
holidays and ``weekend_workdays``). The package holds the State Council's yearly arrangement up
to a last year; past it, days are counted as ``data/procedure.yaml`` says
(``counting.calendar.beyond_known_years``) and the counter records that it did so.
"""

from __future__ import annotations

import calendar as _cal
import datetime as dt
from dataclasses import dataclass, field
from functools import lru_cache
from importlib.metadata import version as _pkg_version
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import holidays

ONE = dt.timedelta(days=1)


@lru_cache(maxsize=1)
def official_years() -> tuple[int, int]:
    """First and last year of the unbroken run of State Council arrangements the package holds
    (ending with its latest year)."""
    from holidays.countries.china import ChinaStaticHolidays  # loaded on first use (~0.25 s)

    years = set(ChinaStaticHolidays.special_public_holidays)
    last = max(years)
    first = last
    while first - 1 in years:
        first -= 1
    return first, last


@lru_cache(maxsize=1)
def _china() -> holidays.HolidayBase:
    import holidays

    first, last = official_years()
    return holidays.China(years=range(first - 1, last + 2))


def holidays_version() -> str:
    return _pkg_version("holidays")


@dataclass
class Counter:
    """Counts days on China's calendar and remembers which years it looked at.

    ``beyond``: ``weekdays`` or ``statutory_holidays``, for years past the official data.
    """

    beyond: str = "weekdays"
    years_official: set[int] = field(default_factory=set)
    years_beyond: set[int] = field(default_factory=set)

    def is_working_day(self, day: dt.date) -> bool:
        first, last = official_years()
        if first <= day.year <= last:
            self.years_official.add(day.year)
            return _china().is_working_day(day)
        if day.year < first:
            raise ValueError(f"{day.isoformat()} is before {first}, the first year of the "
                             "official holiday arrangement this calendar holds")
        self.years_beyond.add(day.year)
        if day.weekday() >= 5:
            return False
        if self.beyond == "statutory_holidays":
            return day not in _china()
        return True

    def next_working_day(self, day: dt.date) -> dt.date:
        """``day`` itself if it is a working day, else the first working day after it."""
        while not self.is_working_day(day):
            day += ONE
        return day

    def add_working_days(self, start: dt.date, n: int) -> dt.date:
        """The ``n``-th working day after ``start`` (``start`` itself not counted)."""
        day, left = start, n
        while left:
            day += ONE
            if self.is_working_day(day):
                left -= 1
        return day


def add_months(start: dt.date, months: int) -> dt.date:
    """The corresponding day ``months`` later, or that month's last day (Civil Code Art. 202)."""
    y, m = divmod(start.month - 1 + months, 12)
    year, month = start.year + y, m + 1
    return dt.date(year, month, min(start.day, _cal.monthrange(year, month)[1]))


__all__ = ["Counter", "add_months", "official_years", "holidays_version"]
