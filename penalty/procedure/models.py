"""Frozen output models of the procedure timeline. Money is ``Decimal`` CNY (strings in JSON)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Literal

from penalty.base import Strict
from penalty.models import AssumptionNote, Range


class Deadline(Strict):
    """One dated step: by when to act (``deadline``), when the authority is due to act
    (``due``), the earliest day something may happen (``from``) or an outer limit (``until``)."""

    code: str
    date: dt.date
    kind: Literal["deadline", "due", "from", "until"]
    runs_from: str
    runs_from_date: dt.date
    period: str  # "5 working days", "60 days", "6 months", ...
    period_zh: str
    rolled_from: dt.date | None  # the period's own last day, when it fell on a rest day
    citation: str
    citation_zh: str
    en: str
    zh: str
    confidence: Literal["high", "medium", "low"]
    assumptions: list[str]


class Hearing(Strict):
    eligible: bool | Literal["depends"]
    threshold_id: str
    citation: str
    citation_zh: str
    en: str
    zh: str


class Surcharge(Strict):
    """APL Art. 72(1)(i): ``rate_pct_per_day`` % of the fine per day late, at most the fine.

    ``per_day_cny``/``cap_cny`` are for the fine (or the low end of the expected range),
    ``per_day_high_cny``/``cap_high_cny`` for the high end (equal when one fine was given).
    Amounts are rounded down to the fen. ``cap_reached_on`` is the day late on which the
    surcharge reaches the fine (day ``days_to_cap`` counting ``starts_on`` as day 1)."""

    rate_pct_per_day: Decimal
    starts_on: dt.date
    days_to_cap: int
    cap_reached_on: dt.date
    per_day_cny: Decimal
    cap_cny: Decimal
    per_day_high_cny: Decimal
    cap_high_cny: Decimal
    citation: str
    citation_zh: str
    en: str
    zh: str


class CreditRecord(Strict):
    regime: str
    credit_class: Literal["any", "minor", "general", "serious"]
    published: bool
    runs_from: dt.date
    repair_from: dt.date | None  # minimum publication period over (None: no minimum)
    publication_ends: dt.date
    citation: str
    citation_zh: str
    en: str
    zh: str


class Forum(Strict):
    authority: Literal["national", "local"]
    citation: str
    citation_zh: str
    en: str
    zh: str


class CalendarUsed(Strict):
    source: str
    package_version: str
    official_years: tuple[int, int]  # the package's run of State Council arrangements
    years_counted_officially: list[int]
    years_counted_on_assumption: list[int]
    beyond_known_years: Literal["weekdays", "statutory_holidays"]


class Timeline(Strict):
    deadlines: list[Deadline]
    hearing_eligible: bool | Literal["depends"]
    hearing: Hearing
    fine: Range | None
    surcharge: Surcharge | None
    reconsideration_forums: list[Forum]
    credit: CreditRecord | None
    events: dict[str, dt.date]
    calendar: CalendarUsed
    assumptions: list[AssumptionNote]

    def get(self, code: str) -> Deadline:
        """The deadline ``code`` (KeyError naming the codes present otherwise)."""
        for d in self.deadlines:
            if d.code == code:
                return d
        raise KeyError(f"no deadline {code!r}; present: {', '.join(d.code for d in self.deadlines)}")


__all__ = ["Deadline", "Hearing", "Surcharge", "CreditRecord", "Forum", "CalendarUsed",
           "Timeline"]
