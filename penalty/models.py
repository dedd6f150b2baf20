"""Pydantic models of the library's input (``Case``) and output (``Assessment``).

Inputs are validated at the boundary (unknown fields are errors) and frozen. Amounts are
``Decimal`` CNY with at most two decimals (fen); in JSON they are strings, so no reader loses a
fen to floating point.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Annotated, Any, Literal, get_args

from pydantic import (
    BaseModel,
    BeforeValidator,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)

from penalty.base import Strict  # the one frozen base, under the name this module always used
from penalty.errors import InputError
from penalty.money import MAX_CNY, parse_cny, shown

AuthorityLevel = Literal["national", "provincial", "city", "district"]
AUTHORITY_LEVELS: tuple[AuthorityLevel, ...] = ("national", "provincial", "city", "district")

BandCode = Literal["no_penalty", "mitigated", "lenient", "standard", "aggravated"]
BAND_ORDER: tuple[BandCode, ...] = ("no_penalty", "mitigated", "lenient", "standard", "aggravated")

# --------------------------------------------------------------- the one input grammar
# These readers serve the model (JSON, dicts, the app) and the frame reader (CSV, XLSX,
# ``assess_frame``) alike, so both accept and refuse the same spellings with the same words.
# Amounts: see ``penalty.money``.

ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
# Dates a case may name. The upper bound leaves room for every period the rules add to a date
# (limitation, repeat window) without leaving the calendar numpy and Python can represent.
MIN_DATE, MAX_DATE = dt.date(1900, 1, 1), dt.date(2999, 12, 31)
DATE_ALLOWED = (f"must be an ISO date YYYY-MM-DD from {MIN_DATE.isoformat()} "
                f"to {MAX_DATE.isoformat()}")
# A required field left out (single path) or empty (frame reader), worded alike on both paths.
REQUIRED = "is required"
REQUIRED_DATE = "is required (ISO date)"
ONE_PROVISION_FIELD = "give exactly one of 'provision' (one id) or 'provisions' (a list of ids)"


def parse_date(value: object, field: str) -> dt.date:
    """A calendar date from ISO text ``YYYY-MM-DD`` or a ``date``; never from a number (a Unix
    timestamp is not a date a lawyer writes). A date-time gives its calendar date in its own
    time zone (2025-08-01 00:00 in Asia/Shanghai is 2025-08-01, not the UTC 2025-07-31)."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, str):
        text = value.strip()
        try:
            value = dt.date.fromisoformat(text) if ISO_DATE.fullmatch(text) else None
        except ValueError:
            value = None
        if value is None:
            raise InputError(field, shown(text), DATE_ALLOWED)
    if not isinstance(value, dt.date):
        raise InputError(field, shown(value), DATE_ALLOWED)
    if not MIN_DATE <= value <= MAX_DATE:
        raise InputError(field, value.isoformat(), DATE_ALLOWED)
    return value


def whole_number_allowed(low: int, high: int) -> str:
    return f"must be a whole number from {low} to {high}"


def parse_whole(value: object, field: str, low: int, high: int) -> int:
    """A whole number in [low, high] from an integer, an integral float or digits; never from
    ``true``/``false``."""
    allowed = whole_number_allowed(low, high)
    if isinstance(value, bool):
        raise InputError(field, value, allowed)
    if (isinstance(value, float) and value.is_integer()
            or isinstance(value, Decimal) and value.is_finite() and value == value.to_integral_value()):
        value = int(value)
    elif isinstance(value, str) and re.fullmatch(r"\s*[+-]?[0-9]{1,12}(?:\.0*)?\s*", value):
        value = int(value.strip().split(".")[0])
    if not isinstance(value, int) or not low <= value <= high:
        raise InputError(field, shown(value), allowed)
    return value


TRUE_WORDS = ("true", "yes", "1")
FALSE_WORDS = ("false", "no", "0")
BOOL_ALLOWED = "must be true or false (also yes/no, 1/0)"


def parse_bool(value: object, field: str) -> bool:
    """true/false from a bool, 1/0, or the words true/false, yes/no, 1/0 in any case."""
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float, Decimal)) and value in (0, 1):
        return bool(value)
    if isinstance(value, str):
        word = value.strip().lower()
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
    raise InputError(field, shown(value), BOOL_ALLOWED)


def choices_allowed(choices: tuple[str, ...]) -> str:
    return f"must be one of {', '.join(choices)}"


def parse_choice(value: object, field: str, choices: tuple[str, ...]) -> str:
    """One of ``choices``, compared without regard to case or surrounding spaces."""
    if isinstance(value, str) and value.strip().lower() in choices:
        return value.strip().lower()
    raise InputError(field, shown(value), choices_allowed(choices))


def _bool(value: object, info: ValidationInfo) -> bool:
    return parse_bool(value, info.field_name or "flag")


def _choice(literal: Any):
    choices = get_args(literal)

    def check(value: object, info: ValidationInfo) -> str:
        return parse_choice(value, info.field_name or "choice", choices)
    return BeforeValidator(check)


def choices_of(model: type[BaseModel], field: str) -> tuple[str, ...]:
    """The values a ``Literal`` field of ``model`` allows, in order (the first is not
    necessarily the default; see ``default_of``)."""
    return get_args(model.model_fields[field].annotation)


def default_of(model: type[BaseModel], field: str) -> Any:
    return model.model_fields[field].default


def _money(value: object, info: ValidationInfo) -> Decimal:
    return parse_cny(value, info.field_name or "amount")


def _date(value: object, info: ValidationInfo) -> dt.date:
    return parse_date(value, info.field_name or "date")


def _whole(low: int, high: int):
    def check(value: object, info: ValidationInfo) -> int:
        return parse_whole(value, info.field_name or "number", low, high)
    return BeforeValidator(check)


AGE_RANGE = (0, 130)  # years, at the time of the violation
PERSONS_RANGE = (0, 1000)  # directly responsible persons named in one case
LOOKBACK_RANGE = (1, 600)  # months: the first-violation look-back (option)
Money = Annotated[Decimal, BeforeValidator(_money), Field(ge=0, lt=MAX_CNY, decimal_places=2)]
Date = Annotated[dt.date, BeforeValidator(_date)]
Flag = Annotated[bool, BeforeValidator(_bool)]
PartyKind = Literal["organisation", "individual"]
TurnoverCeiling = Literal["higher", "fixed", "turnover"]
RepeatAnchor = Literal["violation_end", "decision"]


# --------------------------------------------------------------------------------------- input
class Party(Strict):
    kind: Annotated[PartyKind, _choice(PartyKind)] = "organisation"
    age: Annotated[int, _whole(*AGE_RANGE)] | None = Field(
                            default=None, ge=AGE_RANGE[0], le=AGE_RANGE[1],
                            description="Age at the time of the violation (individuals only)")
    name: str | None = Field(default=None, max_length=200)

    @field_validator("age")
    @classmethod
    def _age_only_for_individuals(cls, age: int | None, info: ValidationInfo) -> int | None:
        if age is not None and info.data.get("kind") == "organisation":
            raise ValueError("age is only allowed when kind is 'individual'")
        return age


class PriorPenalty(Strict):
    decided_on: Date
    same_kind: Flag = True
    by_cac: Flag = True
    note: str | None = Field(default=None, max_length=500)


class Options(Strict):
    """Choices where the law is open; the defaults are the documented assumptions."""

    turnover_ceiling: Annotated[TurnoverCeiling, _choice(TurnoverCeiling)] = "higher"
    prefer_mitigated: Flag = False
    apply_may_circumstances: Flag = True
    repeat_window_anchor: Annotated[RepeatAnchor, _choice(RepeatAnchor)] = "violation_end"
    warning_alone_in_standard_band: Flag = False
    first_violation_lookback_months: Annotated[int, _whole(*LOOKBACK_RANGE)] | None = Field(
        default=None, ge=LOOKBACK_RANGE[0], le=LOOKBACK_RANGE[1],
        description="Months before the end of the act in which a same-kind penalty rules out a "
                    "first violation; none: any earlier same-kind penalty does")
    confiscate_when_not_punished: Flag = False
    aggravated_for_minors: Flag = True
    apl_2021_lighter_rules_for_earlier_acts: Flag = True


class Case(Strict):
    """One violation as a lawyer describes it."""

    provision: str | None = Field(default=None, description="Catalogue id of the violated provision")
    provisions: list[str] | None = Field(
        default=None, min_length=1,
        description="Several provisions breached by one act (APL Art. 29); use instead of provision")
    violation_date: Date
    violation_end_date: Date | None = None
    discovery_date: Date | None = None
    decision_date: Date
    party: Party = Party()
    illegal_gain_cny: Money | None = None
    turnover_cny: Money | None = None
    procurement_amount_cny: Money | None = None
    circumstances: list[str] = Field(default_factory=list)
    prior_penalties: list[PriorPenalty] = Field(default_factory=list)
    persons_count: Annotated[int, _whole(*PERSONS_RANGE)] = Field(
                               default=1, ge=PERSONS_RANGE[0], le=PERSONS_RANGE[1],
                               description="Number of directly responsible persons")
    options: Options = Options()
    label: str | None = Field(default=None, max_length=200)
    authority_level: Annotated[AuthorityLevel, _choice(AuthorityLevel)] | None = Field(
        default=None, description="Level of the deciding office, if known; used only to weigh "
                                  "similar published decisions for the observed-practice likely "
                                  "range, never for the legal result")

    @model_validator(mode="after")
    def _one_provision_field(self) -> Case:
        # worded as the frame reader words a row without a provision, or with both columns
        if self.provision is None and self.provisions is None:
            raise InputError("provision", None, REQUIRED)
        if self.provision is not None and self.provisions is not None:
            raise InputError("provision", "(and provisions)", ONE_PROVISION_FIELD)
        return self

    @field_validator("circumstances")
    @classmethod
    def _unique(cls, v: list[str]) -> list[str]:
        """Read as the frame reader reads a cell (penalty.ingest.frame._split_codes): each code
        trimmed, blanks left out, a repeat counted once."""
        return list(dict.fromkeys(c.strip() for c in v if c.strip()))

    @property
    def provision_ids(self) -> list[str]:
        return list(self.provisions) if self.provisions is not None else [self.provision or ""]


# -------------------------------------------------------------------------------------- output
class Range(Strict):
    low_cny: Decimal
    high_cny: Decimal
    high_exclusive: bool = False  # the range stops just below high_cny (mitigated: below the minimum)


class Reason(Strict):
    code: str
    effect: str
    citation: str
    en: str
    zh: str
    citation_zh: str | None = None


class AssumptionNote(Strict):
    id: str
    en: str
    zh: str
    citation: str
    citation_zh: str | None = None


class LawVersions(Strict):
    """What APL Art. 37 compared and chose."""

    at_violation: str | None
    at_decision: str | None
    referred_to: str | None = None  # the provision a referral at the decision date points to
    applied: str
    newer_is_lighter: bool | None
    statutory_at_violation: Range | None
    statutory_at_decision: Range | None
    citation: str
    en: str
    zh: str


class Limitation(Strict):
    status: Literal["within", "expired", "unknown"]
    period_years: int
    runs_from: dt.date
    expires_on: dt.date
    discovery_date: dt.date | None
    citation: str


class PersonsFine(Strict):
    provision: str
    citation: str
    citation_zh: str | None = None
    in_charge_only: bool = False  # the statute fines only the person directly in charge
    count: int
    fine_optional: bool = False
    ranges: dict[BandCode, Range]
    fine: Range | None
    float_fine: Range | None
    statutory: Range | None


class Ceilings(Strict):
    """Both ceilings of a turnover-based provision (PIPL 66(2), Minors Online Regs 54(2))."""

    fixed_cny: Decimal
    turnover_cny: Decimal | None  # None when no turnover was given
    applied: Literal["fixed", "turnover"]


class SplitPoint(Strict):
    """A point of the statutory range at ``pct`` % of its span (Provision Art. 12)."""

    pct: int
    amount_cny: Decimal


class Receipt(Strict):
    engine_version: str
    data_sha256: str
    benchmark_effective_from: dt.date
    provisions_in_catalogue: int


class LikelyRange(Strict):
    """Observed practice, not law: where similar published decisions landed, each read as a
    position in its own statutory range at its decision date, mapped into this case's statutory
    range (``penalty.cases.likely``; method settings in ``data/observed_practice.yaml``). It sits
    beside the legal band and ranges and never changes them."""

    low_cny: Decimal
    high_cny: Decimal
    n: int = Field(description="Positioned fines of similar decisions behind the range")
    basis: str = Field(description="Similarity tier used: provision, article, law_tier or law")
    no_fine_share: Decimal | None = Field(
        description="Share (0-1) of the similar decisions, with or without a published amount, "
                    "that imposed no fine; null when none says whether it fined")
    cases: list[str]
    low_position_pct: Decimal
    high_position_pct: Decimal
    method: str
    method_zh: str = ""
    period: str = Field(description="after_provision, before_provision, or weighted (both, the "
                                    "other period weighing less)")
    circumstances_reflected: bool
    en: str
    zh: str


class Note(Strict):
    code: str
    en: str
    zh: str


class Assessment(Strict):
    band: BandCode | None
    bands: list[BandCode]
    ranges: dict[BandCode, Range]
    fine: Range | None
    float_fine: Range | None
    float_ranges: dict[BandCode, Range]
    statutory: Range | None
    fine_basis: str
    fine_optional: bool
    ceilings: Ceilings | None = None
    split_points: list[SplitPoint] = Field(default_factory=list)
    provision_applied: str
    provision_citation: str
    absorbed: list[str]
    law_versions: LawVersions
    limitation: Limitation
    benchmark_applies: bool
    responsible_persons: list[PersonsFine]
    confiscation_cny: Decimal
    total_exposure: Range
    reasons: list[Reason]
    assumptions: list[AssumptionNote]
    receipt: Receipt
    label: str | None = None
    likely: LikelyRange | None = None
    likely_note: Note | None = None  # why there is no likely range, or what limits it


class CombinedAssessment(Strict):
    """Several separate acts: each assessed on its own, then added (Provision Art. 14)."""

    acts: list[Assessment]
    total_fine: Range
    total_exposure: Range
    citation: str
