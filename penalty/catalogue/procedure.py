"""The procedure data (``data/procedure.yaml``): periods, the surcharge, hearing thresholds,
reconsideration forums and the credit record, validated into frozen models.

Read only here (the catalogue layer is the only code that reads ``data/``). Checks that span
entries live in :func:`_cross_check`: unique codes, known instruments and events, periods that
run from an earlier period, thresholds in order, exactly one default threshold, one credit
regime per date.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, model_validator

from penalty.errors import DataError

from .loader import data_dir, validate_file
from .schema import Confidence, Strict

EVENTS = ("notice_served", "hearing_notice_served", "case_filed", "decision_made",
          "decision_received", "reconsideration_applied", "reconsideration_decision_received")
Kind = Literal["deadline", "due", "from", "until"]
CreditClass = Literal["minor", "general", "serious"]


class ProcInstrument(Strict):
    code: str = Field(pattern=r"^[A-Z]+$")
    title_en: str
    title_zh: str
    effective_from: dt.date
    working_day_lengths: tuple[int, ...] = ()
    working_day_citation: str | None = None
    working_day_citation_zh: str | None = None

    @model_validator(mode="after")
    def _cited(self) -> ProcInstrument:
        if self.working_day_lengths and not (self.working_day_citation
                                             and self.working_day_citation_zh):
            raise ValueError("working_day_lengths need working_day_citation and "
                             "working_day_citation_zh")
        return self


class CalendarRule(Strict):
    source_en: str
    source_zh: str
    beyond_known_years: Literal["weekdays", "statutory_holidays"]


class Counting(Strict):
    start_day_citation: str
    start_day_citation_zh: str
    roll_citation: str
    roll_citation_zh: str
    month_citation: str
    month_citation_zh: str
    calendar: CalendarRule
    confidence: Confidence
    note: str | None = None


class Period(Strict):
    """One dated period: its length, unit, the event it runs from and what it means."""

    code: str = Field(pattern=r"^[a-z][a-z_]*$")
    instrument: str
    citation: str
    citation_zh: str
    effective_from: dt.date
    effective_to: dt.date | None = None
    runs_from: str
    days: int | None = Field(default=None, gt=0)
    working_days: int | None = Field(default=None, gt=0)
    calendar_days: int | None = Field(default=None, gt=0)
    months: int | None = Field(default=None, gt=0)
    years: int | None = Field(default=None, gt=0)
    roll: bool
    kind: Kind
    confidence: Confidence
    requires_hearing: bool = False
    requires_fine: bool = False
    assumptions: tuple[str, ...] = ()
    en: str
    zh: str

    @model_validator(mode="after")
    def _one_length(self) -> Period:
        given = [n for n in ("days", "working_days", "calendar_days", "months", "years")
                 if getattr(self, n) is not None]
        if len(given) != 1:
            raise ValueError("give exactly one of days, working_days, calendar_days, months, "
                             f"years (given: {', '.join(given) or 'none'})")
        if self.effective_to is not None and self.effective_to <= self.effective_from:
            raise ValueError("effective_to must be after effective_from")
        return self

    def in_force(self, on: dt.date) -> bool:
        return self.effective_from <= on and (self.effective_to is None or on < self.effective_to)


class Surcharge(Strict):
    effective_from: dt.date
    rate_pct_per_day: Decimal = Field(gt=0, le=100)
    cap_pct_of_fine: Decimal = Field(gt=0)
    citation: str
    citation_zh: str
    confidence: Confidence
    en: str
    zh: str


class Threshold(Strict):
    not_eligible_below_cny: Decimal = Field(ge=0)
    eligible_from_cny: Decimal = Field(ge=0)

    @model_validator(mode="after")
    def _ordered(self) -> Threshold:
        if self.eligible_from_cny < self.not_eligible_below_cny:
            raise ValueError("eligible_from_cny must be at least not_eligible_below_cny")
        return self


class HearingThreshold(Strict):
    id: str
    authority: Literal["national", "local", "any"]
    province: str | None = Field(default=None, pattern=r"^[A-Z]{2}$")
    organisation: Threshold
    individual: Threshold
    confidence: Confidence
    citation: str
    citation_zh: str
    en: str
    zh: str


class Hearing(Strict):
    citation: str
    citation_zh: str
    trigger_penalty_types: tuple[str, ...]
    thresholds: tuple[HearingThreshold, ...] = Field(min_length=1)


class Forum(Strict):
    authority: Literal["national", "local"]
    citation: str
    citation_zh: str
    en: str
    zh: str


class CreditClassRule(Strict):
    class_: Literal["any", "minor", "general", "serious"] = Field(alias="class")
    published: bool
    min_months: int = Field(ge=0)
    max_months: int = Field(gt=0)

    @model_validator(mode="after")
    def _ordered(self) -> CreditClassRule:
        if self.max_months < self.min_months:
            raise ValueError("max_months must be at least min_months")
        return self


class CreditRegime(Strict):
    id: str
    effective_from: dt.date
    effective_to: dt.date | None
    citation: str
    citation_zh: str
    confidence: Confidence
    classes: tuple[CreditClassRule, ...] = Field(min_length=1)
    en: str
    zh: str

    def in_force(self, on: dt.date) -> bool:
        return self.effective_from <= on and (self.effective_to is None or on < self.effective_to)

    def rule_for(self, credit_class: str) -> CreditClassRule:
        for c in self.classes:
            if c.class_ in (credit_class, "any"):
                return c
        raise KeyError(credit_class)


class Credit(Strict):
    regimes: tuple[CreditRegime, ...] = Field(min_length=1)


class ProcAssumption(Strict):
    id: str
    en: str
    zh: str
    citation: str
    citation_zh: str
    option: str | None = None
    choices: tuple[str, ...] | None = None
    default: str | None = None


class ProcedureMeta(Strict):
    compiled: dt.date
    sources: tuple[str, ...]
    note: str | None = None


class ProcedureFile(Strict):
    meta: ProcedureMeta
    instruments: tuple[ProcInstrument, ...]
    counting: Counting
    periods: tuple[Period, ...]
    surcharge: Surcharge
    hearing: Hearing
    reconsideration_forums: tuple[Forum, ...]
    credit: Credit
    assumptions: tuple[ProcAssumption, ...]


class Procedure:
    """``data/procedure.yaml``, validated and indexed. Build with :func:`load_procedure`."""

    def __init__(self, root: Path):
        path = root / "procedure.yaml"
        f = validate_file(path, ProcedureFile)
        _cross_check(str(path), f)
        self.file = f
        self.path = path
        self.meta = f.meta
        self.counting = f.counting
        self.instruments = {i.code: i for i in f.instruments}
        self.periods = f.periods
        self.surcharge = f.surcharge
        self.hearing = f.hearing
        self.forums = {x.authority: x for x in f.reconsideration_forums}
        self.credit = f.credit
        self.assumptions = {a.id: a for a in f.assumptions}

    def credit_regime(self, on: dt.date) -> CreditRegime | None:
        for r in self.credit.regimes:
            if r.in_force(on):
                return r
        return None

    def threshold(self, authority: str | None, province: str | None) -> HearingThreshold:
        """The first threshold whose scope matches (the ``any`` entry without province last)."""
        for t in self.hearing.thresholds:
            if t.authority not in ("any", authority):
                continue
            if t.province is not None and t.province != province:
                continue
            return t
        raise LookupError("no default hearing threshold")  # excluded by _cross_check


def _cross_check(path: str, f: ProcedureFile) -> None:
    problems: list[str] = []
    codes = {i.code for i in f.instruments}
    seen: set[str] = set()
    for p in f.periods:
        where = f"periods (id {p.code})"
        if p.code in seen:
            problems.append(f"{where}: duplicate code")
        if p.instrument not in codes:
            problems.append(f"{where}.instrument: {p.instrument!r} is not one of {sorted(codes)}")
        if p.runs_from not in EVENTS and p.runs_from not in seen:
            problems.append(f"{where}.runs_from: {p.runs_from!r} is neither an event "
                            f"({', '.join(EVENTS)}) nor an earlier period's code")
        seen.add(p.code)
    known = {a.id for a in f.assumptions}
    for p in f.periods:
        for a in p.assumptions:
            if a not in known:
                problems.append(f"periods (id {p.code}).assumptions: {a!r} is not defined under "
                                "assumptions")
    ids = [a.id for a in f.assumptions]
    problems += [f"assumptions (id {i}): duplicate" for i in {i for i in ids if ids.count(i) > 1}]
    for needed in ("cpl_by_analogy", "decision_made_is_received", "fine_range_from_assessment",
                   "authority_unknown", "credit_class", "credit_regime_by_decision_date",
                   "beyond_calendar", "beyond_calendar_statutory", "surcharge_may", "no_deferral"):
        if needed not in known:
            problems.append(f"assumptions: {needed!r} is required by the timeline")
    defaults = [t for t in f.hearing.thresholds if t.authority == "any" and t.province is None]
    if len(defaults) != 1 or f.hearing.thresholds[-1] not in defaults:
        problems.append("hearing.thresholds: exactly one entry with authority 'any' and no "
                        "province must come last (the default)")
    forums = sorted(x.authority for x in f.reconsideration_forums)
    if forums != ["local", "national"]:
        problems.append(f"reconsideration_forums: need exactly 'national' and 'local', got {forums}")
    regimes = sorted(f.credit.regimes, key=lambda r: r.effective_from)
    for before, after in zip(regimes, regimes[1:]):
        if before.effective_to is None or before.effective_to > after.effective_from:
            problems.append(f"credit.regimes (id {after.id}): overlaps {before.id}")
    for r in regimes:
        classes = [c.class_ for c in r.classes]
        if classes != ["any"] and sorted(classes) != ["general", "minor", "serious"]:
            problems.append(f"credit.regimes (id {r.id}).classes: give one 'any' class or "
                            f"minor, general and serious (got {classes})")
    cc = next((a for a in f.assumptions if a.id == "credit_class"), None)
    if cc is not None and (cc.default not in ("minor", "general", "serious")):
        problems.append(f"assumptions (id credit_class).default: {cc.default!r} is not minor, "
                        "general or serious")
    if problems:
        raise DataError(path, problems)


@lru_cache(maxsize=4)
def _load(root: str) -> Procedure:
    return Procedure(Path(root))


def load_procedure(root: str | Path | None = None) -> Procedure:
    """Load and validate ``data/procedure.yaml`` (cached per folder; treat as immutable)."""
    return _load(str(Path(root) if root is not None else data_dir()))


__all__ = ["Procedure", "load_procedure", "EVENTS", "Period", "CreditClass", "HearingThreshold"]
