"""Pydantic models of the files under ``data/``.

Validation happens here, once, at load (STYLE habit 4): unknown keys are errors, models are frozen,
and the checks that span entries (overlapping versions, dangling links) live in ``loader.py``.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any, Literal, get_args

from pydantic import ConfigDict, Field, StrictBool, StrictInt, model_validator
from pydantic import Strict as PydStrict

from penalty.base import Strict as _Strict

Liable = Literal["entity", "responsible_person", "individual"]
Modality = Literal["shall", "may", "alternative", "none"]
Basis = Literal["none", "fixed", "gain_multiple", "procurement_multiple", "fixed_or_turnover"]
Confidence = Literal["high", "medium", "low"]
BandCode = Literal["no_penalty", "mitigated", "lenient", "standard", "aggravated"]
Effect = Literal[
    "no_penalty_shall", "no_penalty_may", "lenient_or_mitigated_shall",
    "lenient_or_mitigated_may", "aggravate_shall", "limitation_extended",
]


class Strict(_Strict):
    model_config = ConfigDict(defer_build=True)  # built on first use: the CLI starts faster


class Trigger(Strict):
    code: str
    zh: str
    en: str


class PenaltyType(Strict):
    type: str
    modality: Modality
    options: tuple[str, ...] | None = None


class Fine(Strict):
    """How the fine of one provision is set. Amounts in CNY."""

    basis: Basis
    modality: Modality
    min_cny: Decimal | None = None
    max_cny: Decimal | None = None
    max_only: bool = False
    min_multiple: Decimal | None = None
    max_multiple: Decimal | None = None
    multiple_of: Literal["illegal_gains", "procurement_amount"] | None = None
    gain_threshold_cny: Decimal | None = None
    fallback_min_cny: Decimal | None = None
    fallback_max_cny: Decimal | None = None
    turnover_pct_max: Decimal | None = None

    @model_validator(mode="after")
    def _amounts_add_up(self) -> Fine:
        b = self.basis
        problems: list[str] = []

        def need(*names: str) -> None:
            for n in names:
                if getattr(self, n) is None:
                    problems.append(f"fine.{n} is required when basis is {b!r}")

        def forbid(*names: str) -> None:
            for n in names:
                if getattr(self, n) is not None:
                    problems.append(f"fine.{n} must be absent when basis is {b!r}")

        def ordered(lo: str, hi: str) -> None:
            a, z = getattr(self, lo), getattr(self, hi)
            if a is not None and z is not None and a > z:
                problems.append(f"fine.{lo} ({a}) is greater than fine.{hi} ({z})")

        for n in ("min_cny", "max_cny", "min_multiple", "max_multiple", "gain_threshold_cny",
                  "fallback_min_cny", "fallback_max_cny", "turnover_pct_max"):
            v = getattr(self, n)
            if v is not None and v < 0:
                problems.append(f"fine.{n} is negative ({v})")
        if b == "none":
            forbid("min_cny", "max_cny", "min_multiple", "max_multiple", "turnover_pct_max")
            if self.modality != "none":
                problems.append("fine.modality must be 'none' when basis is 'none'")
        else:
            if self.modality == "none":
                problems.append(f"fine.modality cannot be 'none' when basis is {b!r}")
        if b == "fixed":
            need("min_cny", "max_cny")
            forbid("min_multiple", "max_multiple", "turnover_pct_max")
            ordered("min_cny", "max_cny")
            if self.max_only and self.min_cny not in (None, 0):
                problems.append("fine.min_cny must be 0 when max_only is true (a ceiling-only fine)")
            if not self.max_only and self.min_cny == 0:
                problems.append("fine.min_cny is 0 but max_only is false: mark a ceiling-only fine")
        if b in ("gain_multiple", "procurement_multiple"):
            need("min_multiple", "max_multiple", "multiple_of")
            forbid("min_cny", "max_cny", "turnover_pct_max")
            ordered("min_multiple", "max_multiple")
            want = "illegal_gains" if b == "gain_multiple" else "procurement_amount"
            if self.multiple_of not in (None, want):
                problems.append(f"fine.multiple_of must be {want!r} when basis is {b!r}")
        if b == "gain_multiple":
            need("fallback_min_cny", "fallback_max_cny")
            ordered("fallback_min_cny", "fallback_max_cny")
            if self.max_only and self.fallback_min_cny not in (None, 0):
                problems.append("fine.fallback_min_cny must be 0 when max_only is true")
        if b == "procurement_multiple":
            forbid("fallback_min_cny", "fallback_max_cny", "gain_threshold_cny")
        if b == "fixed_or_turnover":
            need("max_cny", "turnover_pct_max")
            if self.min_cny not in (None, 0):
                problems.append("fine.min_cny must be 0 or absent when basis is 'fixed_or_turnover'")
            if self.turnover_pct_max is not None and self.turnover_pct_max > 100:
                problems.append(f"fine.turnover_pct_max ({self.turnover_pct_max}) is above 100")
        if problems:
            raise ValueError("; ".join(problems))
        return self


class Clause(Strict):
    """A clause of the instrument that governs how this provision applies (e.g. a subsidiarity
    clause, a duty to aggravate by law), shown as a reason wherever the provision is named."""

    code: str = Field(pattern=r"^[a-z0-9_]+$")
    en: str
    zh: str
    citation: str
    citation_zh: str


class ProvisionEntry(Strict):
    """One fine provision: (version, article, paragraph, tier, liable party)."""

    id: str = Field(pattern=r"^[a-z0-9]+(-[a-z0-9_]+)+$")
    article: int | None = Field(default=None, ge=1)  # None: article number not confirmed
    paragraph: int | None = Field(default=None, ge=1)
    items: tuple[int, ...] | None = None
    tier: str
    liable: Liable
    liable_subject: str | None = None
    cac_enforced: bool
    enforcer: str | None = None
    enforcer_zh: str | None = None  # the deciding authority in Chinese (required if not the CAC)
    provincial_level_only: bool = False  # only provincial-level authorities may impose this tier
    persons_in_charge_only: bool = False  # fines only 直接负责的主管人员 (responsible_person entries)
    persons: str | None = None  # the persons' provision of this entity tier, whatever its tier name
    cite_items: bool = False  # items are part of the citation (an entry split by item)
    summary_en: str
    summary_zh: str
    duty_refs: tuple[str, ...] = ()
    trigger: Trigger
    penalties: tuple[PenaltyType, ...]
    fine: Fine
    counterparts: tuple[str, ...] = ()
    refers_to: tuple[str, ...] = ()
    # Circumstances (data/factors.yaml) that already select this tier, so they cannot aggravate
    # it again (禁止重复评价).
    tier_circumstances: tuple[str, ...] = ()
    clauses: tuple[Clause, ...] = ()
    notes: str | None = None
    sources: tuple[str, ...] = Field(min_length=1)
    confidence: Confidence

    @model_validator(mode="after")
    def _who(self) -> ProvisionEntry:
        if not self.cac_enforced and not self.enforcer_zh:
            raise ValueError("enforcer_zh is required when cac_enforced is false (it names the "
                             "authority that decides)")
        if self.provincial_level_only and not (self.enforcer and self.enforcer_zh):
            raise ValueError("enforcer and enforcer_zh are required when provincial_level_only is "
                             "true (the reason names the provincial-level authority)")
        if self.persons_in_charge_only and self.liable != "responsible_person":
            raise ValueError("persons_in_charge_only applies to responsible_person entries only")
        if self.persons is not None and self.liable != "entity":
            raise ValueError("persons (the persons' provision) applies to entity entries only")
        if self.cite_items and not self.items:
            raise ValueError("cite_items is true but items is empty")
        return self

    @model_validator(mode="after")
    def _fine_listed(self) -> ProvisionEntry:
        has_fine_type = any(p.type == "fine" or (p.options and "fine" in p.options)
                            for p in self.penalties)
        if (self.fine.basis != "none") != has_fine_type:
            raise ValueError(
                f"penalties {'lack' if self.fine.basis != 'none' else 'list'} a fine but "
                f"fine.basis is {self.fine.basis!r}")
        return self


class Instrument(Strict):
    code: str = Field(pattern=r"^[A-Z]+$")
    version: str
    title_en: str
    title_zh: str
    kind: str
    version_label: str | None = None
    effective_from: dt.date
    effective_to: dt.date | None = None

    @model_validator(mode="after")
    def _dates(self) -> Instrument:
        if self.effective_to is not None and self.effective_to <= self.effective_from:
            raise ValueError(f"effective_to ({self.effective_to}) is not after effective_from "
                             f"({self.effective_from})")
        return self


class RetiredId(Strict):
    """An id no longer in the catalogue (e.g. an article split by item), with its successors."""

    id: str
    replaced_by: tuple[str, ...] = Field(min_length=1)
    since: str  # the catalogue change (CHANGELOG section) that retired it
    note: str


class ProvisionFile(Strict):
    instrument: Instrument
    provisions: tuple[ProvisionEntry, ...] = Field(min_length=1)
    retired: tuple[RetiredId, ...] = ()


class Band(Strict):
    code: BandCode
    order: int
    en: str
    zh: str
    citation: str
    citation_zh: str
    summary_en: str
    summary_zh: str


Day = Annotated[dt.date, PydStrict()]  # a YAML date (2025-08-01), never a quoted string


class Parameter(Strict):
    """A value of the law by date (OpenFisca style). ``values`` maps the first day of each value
    to the value, keys in date order; the value of a day is that of the latest key on or before
    it, and a day before the first key has none (the law did not say it yet). The subclasses
    declare the type of the values."""

    values: dict[Day, Any]
    citation: str
    citation_zh: str
    confidence: Confidence | None = None
    note: str | None = None

    @model_validator(mode="after")
    def _dates_in_order(self) -> Parameter:
        keys = list(self.values)
        if not keys:
            raise ValueError("values: at least one date is required")
        if keys != sorted(keys):
            raise ValueError("values: the dates must be in ascending order, got "
                             + ", ".join(k.isoformat() for k in keys))
        return self


class AplText(Strict):
    """One text of the APL, by name: in force from its day in ``apl.texts`` until the next."""

    label_en: str
    label_zh: str


class TextParameter(Parameter):
    """Which text of a law is in force: its names by the day it took effect."""

    values: dict[Day, AplText]


class IntParameter(Parameter):
    values: dict[Day, StrictInt]


class CountParameter(Parameter):
    """Years, months, ages, counts: whole numbers above 0."""

    values: dict[Day, Annotated[StrictInt, Field(gt=0)]]


class PercentParameter(Parameter):
    """Whole percentage points, 0 to 100."""

    values: dict[Day, Annotated[StrictInt, Field(ge=0, le=100)]]


class FlagParameter(Parameter):
    """Whether a rule of the law exists on a day."""

    values: dict[Day, StrictBool]


def _days(*params: Parameter) -> list[dt.date]:
    """Every day on which one of ``params`` changes, once all of them have a value."""
    start = max(min(p.values) for p in params)
    return sorted({start} | {k for p in params for k in p.values if k > start})


def _on(param: Parameter, day: dt.date) -> Any:
    return param.values[max(k for k in param.values if k <= day)]


class Split(Strict):
    """Provision Art. 12: the split points and their float, each a dated parameter."""

    lenient_upper_pct: PercentParameter
    aggravated_lower_pct: PercentParameter
    float_pp: PercentParameter
    citation: str
    citation_zh: str

    @model_validator(mode="after")
    def _order(self) -> Split:
        for day in _days(self.lenient_upper_pct, self.aggravated_lower_pct, self.float_pp):
            lo, hi = _on(self.lenient_upper_pct, day), _on(self.aggravated_lower_pct, day)
            f = _on(self.float_pp, day)
            if not lo < hi:
                raise ValueError(f"on {day}: lenient_upper_pct ({lo}) must be below "
                                 f"aggravated_lower_pct ({hi})")
            if lo - f < 0 or hi + f > 100:
                raise ValueError(f"on {day}: float_pp ({f}) moves a split point outside 0..100")
        return self


class ProvisionMeta(Strict):
    title_en: str
    title_zh: str
    short_en: str
    short_zh: str
    document_number: str
    issued: dt.date
    published: dt.date
    effective_from: dt.date
    sources: tuple[str, ...]
    confidence: Confidence
    note: str | None = None
    # Articles above this number are a reconstruction: outputs citing them carry the caveat.
    numbering_confirmed_up_to: int = Field(ge=0)
    numbering_caveat_en: str
    numbering_caveat_zh: str


class Apl(Strict):
    title_en: str
    title_zh: str
    short_en: str  # the law's name in running text ("APL"), passed into messages
    short_zh: str  # 《行政处罚法》
    effective_from: dt.date
    sources: tuple[str, ...]
    # Values by date: those of the text in force when the act ended.
    limitation_years: CountParameter
    limitation_years_serious: CountParameter
    no_liability_age_below: CountParameter
    minor_age_below: CountParameter
    first_violation_no_penalty: FlagParameter
    no_fault_defence: FlagParameter
    limitation_citation: str
    limitation_citation_zh: str
    age_citation: str
    age_citation_zh: str
    incapacity_citation: str
    incapacity_citation_zh: str
    law_version_citation: str
    law_version_citation_zh: str
    one_act_citation: str
    one_act_citation_zh: str
    confiscation_citation: str
    confiscation_citation_zh: str
    no_penalty_citation: str
    no_penalty_citation_zh: str
    lenient_mitigated_citation: str
    lenient_mitigated_citation_zh: str
    education_citation: str  # APL Art. 33(3): a party not punished is educated
    education_citation_zh: str
    texts: TextParameter  # the APL's own texts, each from the day it took effect

    @model_validator(mode="after")
    def _dated(self) -> Apl:
        latest = list(self.texts.values)[-1]
        if latest != self.effective_from:
            raise ValueError(f"texts.values: the last text must be the one in force, from "
                             f"effective_from ({self.effective_from}), got {latest}")
        for day in _days(self.limitation_years, self.limitation_years_serious):
            short, long = _on(self.limitation_years, day), _on(self.limitation_years_serious, day)
            if long < short:
                raise ValueError(f"on {day}: limitation_years_serious ({long}) must not be below "
                                 f"limitation_years ({short})")
        for day in _days(self.no_liability_age_below, self.minor_age_below):
            young, minor = _on(self.no_liability_age_below, day), _on(self.minor_age_below, day)
            if not young < minor:
                raise ValueError(f"on {day}: no_liability_age_below ({young}) must be below "
                                 f"minor_age_below ({minor})")
        return self


class RepeatOffence(Strict):
    window_months: CountParameter
    min_prior_penalties: CountParameter
    citation: str
    citation_zh: str


class TwoStage(Strict):
    types: tuple[str, ...]
    citation: str
    citation_zh: str
    confidence: Confidence
    note: str | None = None


class Citation(Strict):
    en: str
    zh: str


class NotPenalties(Strict):
    """Measures that are not administrative penalties (an order to rectify): a tier that only
    orders them has no discretion band."""

    types: tuple[str, ...]
    citation: str
    citation_zh: str


class ConfiscationTypes(Strict):
    """Penalty types (``penalties`` of data/provisions) that confiscate illegal gains: where a
    provision lists one, the illegal gains matter to the case."""

    types: tuple[str, ...] = Field(min_length=1)
    citation: str
    citation_zh: str


class RuleCitations(Strict):
    weighed_as_a_whole: Citation
    default_standard: Citation
    responsible_persons: Citation
    several_norms_or_acts: Citation


class BenchmarkFile(Strict):
    provision: ProvisionMeta
    bands: tuple[Band, ...]
    split: Split
    apl: Apl
    repeat_offence: RepeatOffence
    rule_citations: RuleCitations
    two_stage_penalty_types: TwoStage
    measures: dict[str, Citation] = Field(default_factory=dict)  # labels of penalty types
    not_penalties: NotPenalties
    confiscation_types: ConfiscationTypes

    @model_validator(mode="after")
    def _bands(self) -> BenchmarkFile:
        codes = [b.code for b in sorted(self.bands, key=lambda b: b.order)]
        want = ["no_penalty", "mitigated", "lenient", "standard", "aggravated"]
        if codes != want:
            raise ValueError(f"bands must be exactly {want} in this order, got {codes}")
        return self


class Circumstance(Strict):
    code: str = Field(pattern=r"^[a-z0-9_]+$")
    effect: Effect
    party: tuple[Literal["organisation", "individual"], ...] = Field(min_length=1)
    derived: bool = False
    may_be_given: bool = False  # a derived circumstance a case may also state directly
    en: str
    zh: str
    citation: str
    citation_zh: str
    # Triggers (provision ``trigger.code``) of tiers this circumstance contradicts: on such a
    # tier it is set aside (e.g. "promptly corrected" on a refusal-to-rectify tier).
    contradicts_triggers: tuple[str, ...] = ()
    # A dated APL flag (benchmark.yaml ``apl``, e.g. ``no_fault_defence``) saying from when the
    # ground exists.
    apl_parameter: str | None = None
    note: str | None = None


class FactorsFile(Strict):
    circumstances: tuple[Circumstance, ...] = Field(min_length=1)


class ChosenText(Strict):
    en: str
    zh: str


class Assumption(Strict):
    id: str = Field(pattern=r"^[a-z0-9_]+$")
    en: str
    zh: str
    citation: str
    citation_zh: str
    option: str | None = None
    choices: tuple[str, ...] | None = None
    default: str | bool | None = None
    # The note's text when the caller chose another value of ``option`` (keyed by the value as
    # text: "fixed", "decision", "true", "false"), so the report says what was chosen.
    chosen: dict[str, ChosenText] | None = None


class AssumptionsFile(Strict):
    assumptions: tuple[Assumption, ...] = Field(min_length=1)


class CodeLabel(Strict):
    """A code's label in both languages (``data/labels.yaml``), with an optional shorter form."""

    en: str = Field(min_length=1)
    zh: str = Field(min_length=1)
    short_en: str | None = Field(default=None, min_length=1)
    short_zh: str | None = Field(default=None, min_length=1)

    def text(self, lang: str, short: bool = False) -> str:
        if lang == "zh":
            return (self.short_zh if short and self.short_zh else None) or self.zh
        return (self.short_en if short and self.short_en else None) or self.en


class LabelsFile(Strict):
    """``data/labels.yaml``: a label for every code of the provision files' coded fields."""

    liable: dict[Liable, CodeLabel]
    basis: dict[Basis, CodeLabel]
    modality: dict[Modality, CodeLabel]
    confidence: dict[Confidence, CodeLabel]

    @model_validator(mode="after")
    def _every_code_labelled(self) -> LabelsFile:
        for kind, codes in (("liable", Liable), ("basis", Basis), ("modality", Modality),
                            ("confidence", Confidence)):
            missing = [c for c in get_args(codes) if c not in getattr(self, kind)]
            if missing:
                raise ValueError(f"{kind}: no label for {', '.join(missing)}; every code needs en and zh")
        return self
