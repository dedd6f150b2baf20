"""Pydantic models of the library's input (``Case``) and output (``Assessment``).

Inputs are validated at the boundary (unknown fields are errors) and frozen. Amounts are
``Decimal`` CNY with at most two decimals (fen); in JSON they are strings, so no reader loses a
fen to floating point.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import (
    BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator,
)

AuthorityLevel = Literal["national", "provincial", "city", "district"]
AUTHORITY_LEVELS: tuple[AuthorityLevel, ...] = ("national", "provincial", "city", "district")
BandCode = Literal["no_penalty", "mitigated", "lenient", "standard", "aggravated"]
BAND_ORDER: tuple[BandCode, ...] = ("no_penalty", "mitigated", "lenient", "standard", "aggravated")

# Amounts stay below 10 trillion yuan, so every product of an amount and a statutory multiple
# fits in int64 fen.
MAX_CNY = 10**13
Money = Annotated[Decimal, Field(ge=0, lt=MAX_CNY, decimal_places=2)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


# --------------------------------------------------------------------------------------- input
class Party(Strict):
    kind: Literal["organisation", "individual"] = "organisation"
    age: int | None = Field(default=None, ge=0, le=130,
                            description="Age at the time of the violation (individuals only)")
    name: str | None = Field(default=None, max_length=200)

    @field_validator("age")
    @classmethod
    def _age_only_for_individuals(cls, age: int | None, info: ValidationInfo) -> int | None:
        if age is not None and info.data.get("kind") == "organisation":
            raise ValueError("age is only allowed when kind is 'individual'")
        return age


class PriorPenalty(Strict):
    decided_on: dt.date
    same_kind: bool = True
    by_cac: bool = True
    note: str | None = Field(default=None, max_length=500)


class Options(Strict):
    """Choices where the law is open; the defaults are the documented assumptions."""

    turnover_ceiling: Literal["higher", "fixed", "turnover"] = "higher"
    prefer_mitigated: bool = False
    apply_may_circumstances: bool = True
    repeat_window_anchor: Literal["violation_end", "decision"] = "violation_end"


class Case(Strict):
    """One violation as a lawyer describes it."""

    provision: str | None = Field(default=None, description="Catalogue id of the violated provision")
    provisions: list[str] | None = Field(
        default=None, min_length=1,
        description="Several provisions breached by one act (APL Art. 29); use instead of provision")
    violation_date: dt.date
    violation_end_date: dt.date | None = None
    discovery_date: dt.date | None = None
    decision_date: dt.date
    party: Party = Party()
    illegal_gain_cny: Money | None = None
    turnover_cny: Money | None = None
    procurement_amount_cny: Money | None = None
    circumstances: list[str] = Field(default_factory=list)
    prior_penalties: list[PriorPenalty] = Field(default_factory=list)
    persons_count: int = Field(default=1, ge=0, le=1000,
                               description="Number of directly responsible persons")
    options: Options = Options()
    label: str | None = Field(default=None, max_length=200)
    authority_level: AuthorityLevel | None = Field(
        default=None, description="Level of the deciding office, if known; used only to weigh "
                                  "similar published decisions for the observed-practice likely "
                                  "range, never for the legal result")

    @model_validator(mode="after")
    def _one_provision_field(self) -> "Case":
        if (self.provision is None) == (self.provisions is None):
            raise ValueError("give exactly one of 'provision' (one id) or 'provisions' (a list of ids)")
        return self

    @field_validator("circumstances")
    @classmethod
    def _unique(cls, v: list[str]) -> list[str]:
        return list(dict.fromkeys(v))

    @property
    def provision_ids(self) -> list[str]:
        return list(self.provisions) if self.provisions is not None else [self.provision or ""]


# -------------------------------------------------------------------------------------- output
class Range(Strict):
    low_cny: Decimal
    high_cny: Decimal


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
