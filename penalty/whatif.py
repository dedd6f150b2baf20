"""What would change the outcome of a case: its variants, each assessed by the same rules.

The app's What-if page and the Estimate page's picture call these; they never compute a band or
an amount themselves (STYLE habit 9).

- :func:`band_scale`: the applied provision's statutory range split into all five bands (open or
  not), with the float, so the split of Provision Art. 12 can be drawn and the estimate marked.
- :func:`single_toggles`: for every circumstance the party could have, the case with that one
  circumstance added (or removed, if present); band, fine range and the change in money.
- :func:`sweep`: the case with one amount (illegal gains, turnover, procurement amount) varied
  over a grid.
- :func:`variant`: the case with a set of circumstances and amounts replaced.

Every variant is assessed in one vectorised batch (:func:`penalty.assess_acts` runs all of them
through the engine at once); a variant the library refuses is returned with its error message
instead of results. Money stays ``Decimal`` CNY; differences are exact.
"""

from __future__ import annotations

from decimal import ROUND_DOWN, Decimal
from typing import Any, Literal

from penalty.api import assess, assess_acts, parse_case
from penalty.base import Strict
from penalty.catalogue import Catalogue, load_catalogue
from penalty.engine import arrays_from_cases, run
from penalty.errors import InputError
from penalty.explain import cny
from penalty.models import BAND_ORDER, Assessment, BandCode, Case, Range

AmountField = Literal["illegal_gain_cny", "turnover_cny", "procurement_amount_cny"]
AMOUNT_FIELDS: tuple[str, ...] = ("illegal_gain_cny", "turnover_cny", "procurement_amount_cny")
# The circumstance the engine derives from prior penalties (Provision Art. 9(5)): removing it
# from a case means dropping the prior penalties too.
REPEAT = "repeat_offence_within_year"




class BandScale(Strict):
    """All five bands of one statutory range (Provision Arts. 5, 12), open or not."""

    provision: str
    statutory: Range
    ranges: dict[BandCode, Range]
    float_ranges: dict[BandCode, Range]
    open_bands: list[BandCode]
    band: BandCode | None


class Outcome(Strict):
    """One variant's result, or the library's message when it refused the variant."""

    band: BandCode | None = None
    bands: list[BandCode] = []
    fine: Range | None = None
    float_fine: Range | None = None
    total_exposure: Range | None = None
    ranges: dict[str, Range] = {}  # each open band's range (the expected band's is the headline)
    error: str | None = None
    error_field: str | None = None


class Toggle(Strict):
    """One circumstance added to or removed from the base case."""

    code: str
    change: Literal["add", "remove"]
    via: Literal["circumstances", "prior_penalties"]
    effect: str
    citation: str
    citation_zh: str
    en: str
    zh: str
    outcome: Outcome
    band_changed: bool
    fine_low_change_cny: Decimal | None
    fine_high_change_cny: Decimal | None
    total_high_change_cny: Decimal | None


class SweepPoint(Strict):
    value_cny: Decimal
    is_base: bool
    outcome: Outcome


def _outcome(a: Assessment) -> Outcome:
    return Outcome(band=a.band, bands=list(a.bands), fine=a.fine, float_fine=a.float_fine,
                   ranges=dict(a.ranges),
                   total_exposure=a.total_exposure)


def assess_many(cases: list[Case], catalogue: Catalogue | None = None) -> list[Outcome]:
    """Assess every case in one batch; a refused case gets its error, the others their result."""
    cat = catalogue or load_catalogue()
    out: list[Outcome | None] = [None] * len(cases)
    pending = list(range(len(cases)))
    while pending:
        try:
            acts = assess_acts([cases[i] for i in pending], cat).acts
        except InputError as e:
            if e.row is None:  # not tied to one variant: assess each on its own
                for i in pending:
                    try:
                        out[i] = _outcome(assess(cases[i], cat))
                    except InputError as one:
                        out[i] = Outcome(error=str(one), error_field=one.field)
                break
            bad = pending[e.row - 1]  # rows count from 1
            out[bad] = Outcome(error=e.allowed, error_field=e.field)  # the message, no row prefix
            pending.remove(bad)
            continue
        for i, a in zip(pending, acts):
            out[i] = _outcome(a)
        break
    return [o for o in out if o is not None]


def band_scale(case: Case | dict[str, Any], catalogue: Catalogue | None = None) -> BandScale | None:
    """The five bands of the applied provision's statutory range (None if it has no fine).

    Provision Art. 12 with Art. 5, as in ``penalty.rules.ranges.band_table``: the same rule run
    as :func:`penalty.assess`, keeping the ranges of the bands the circumstances close.
    Raises :class:`InputError` for a malformed case, like ``assess``.
    """
    cat = catalogue or load_catalogue()
    c = parse_case(case)
    a = assess(c, cat)  # validates and raises the library's message
    if a.statutory is None:
        return None
    ca = arrays_from_cases(cat, [c])
    res = run(cat, ca)

    # mitigated stops below the statutory minimum where it is above 0 (Provision Art. 5)
    excl = [res.stat_low[0] > 0 and b == "mitigated" for b in BAND_ORDER]

    def rng(lo: Any, hi: Any, exclusive: bool) -> Range:
        return Range(low_cny=cny(int(lo)), high_cny=cny(int(hi)), high_exclusive=bool(exclusive))

    return BandScale(
        provision=a.provision_applied, statutory=a.statutory,
        ranges={b: rng(res.low[i, 0], res.high[i, 0], excl[i])
                for i, b in enumerate(BAND_ORDER)},
        float_ranges={b: rng(res.float_low[i, 0], res.float_high[i, 0], excl[i])
                      for i, b in enumerate(BAND_ORDER)},
        open_bands=list(a.bands), band=a.band)


def _change(new: Range | None, old: Range | None, side: str) -> Decimal | None:
    if new is None or old is None:
        return None
    return getattr(new, side) - getattr(old, side)


def givable_circumstances(kind: str, catalogue: Catalogue | None = None) -> list[str]:
    """Circumstance codes a case of party ``kind`` can give (not those derived from age)."""
    cat = catalogue or load_catalogue()
    return [code for code, ci in cat.circumstances.items()
            if kind in ci.party and (not ci.derived or ci.may_be_given)]


def candidate_circumstances(case: Case | dict[str, Any],
                            catalogue: Catalogue | None = None) -> list[str]:
    """Circumstance codes that can be given for this case's party kind."""
    return givable_circumstances(parse_case(case).party.kind, catalogue)


def single_toggles(case: Case | dict[str, Any], catalogue: Catalogue | None = None,
                   only_changes: bool = False) -> tuple[Outcome, list[Toggle]]:
    """The base outcome and, for each circumstance, the case with it added or removed.

    A repeat offence derived from prior penalties (Provision Art. 9(5)) is removed by dropping
    the prior penalties. With ``only_changes``, only toggles that move the band are returned.
    """
    cat = catalogue or load_catalogue()
    base = parse_case(case)
    base_a = assess(base, cat)
    present = {r.code for r in base_a.reasons if r.code in cat.circumstances}
    codes = candidate_circumstances(base, cat)
    variants: list[Case] = [base]
    meta: list[tuple[str, str, str]] = []
    for code in codes:
        given = code in base.circumstances
        if given:
            v = case_data_with(base, circumstances=[x for x in base.circumstances if x != code])
            if code == REPEAT and base.prior_penalties:
                v["prior_penalties"] = []
            meta.append((code, "remove", "circumstances"))
        elif code in present:  # derived from prior penalties
            v = case_data_with(base, prior_penalties=[])
            meta.append((code, "remove", "prior_penalties"))
        else:
            v = case_data_with(base, circumstances=[*base.circumstances, code])
            meta.append((code, "add", "circumstances"))
        variants.append(parse_case(v))
    outcomes = assess_many(variants, cat)
    b = outcomes[0]
    toggles = []
    for (code, change, via), o in zip(meta, outcomes[1:]):
        ci = cat.circumstances[code]
        moved = o.error is None and (o.band != b.band or o.bands != b.bands)
        if only_changes and not moved:
            continue
        toggles.append(Toggle(
            code=code, change=change, via=via, effect=ci.effect,
            citation=cat.numbering_caveat(ci.citation),
            citation_zh=cat.numbering_caveat(ci.citation_zh, "zh"), en=ci.en,
            zh=ci.zh, outcome=o, band_changed=moved,
            fine_low_change_cny=_change(o.fine, b.fine, "low_cny"),
            fine_high_change_cny=_change(o.fine, b.fine, "high_cny"),
            total_high_change_cny=_change(o.total_exposure, b.total_exposure, "high_cny")))
    return b, toggles


def default_grid(base_value: Decimal | None) -> list[Decimal]:
    """A product choice, not law. Around a base value v: 0, v/10, v/4, v/2, v, 2v, 4v and 10v
    (whole fen, rounded down). Without one: 0 and 1, 2 and 5 times each power of ten from 1,000
    to 1 billion yuan."""
    if base_value is not None and base_value > 0:
        v = Decimal(base_value)
        fen = Decimal("0.01")
        grid = {Decimal(0), v}
        for num, den in ((1, 10), (1, 4), (1, 2), (2, 1), (4, 1), (10, 1)):
            grid.add((v * num / den).quantize(fen, rounding=ROUND_DOWN))
        return sorted(grid)
    grid = {Decimal(0)}
    for k in range(3, 10):
        for m in (1, 2, 5):
            grid.add(m * Decimal(10) ** k)
    return sorted(grid)


def sweep(case: Case | dict[str, Any], field: AmountField,
          values: list[Decimal] | None = None,
          catalogue: Catalogue | None = None) -> list[SweepPoint]:
    """The case with ``field`` set to each value (default :func:`default_grid`), assessed in one
    batch."""
    if field not in AMOUNT_FIELDS:
        raise InputError("field", field, f"must be one of {', '.join(AMOUNT_FIELDS)}")
    cat = catalogue or load_catalogue()
    base = parse_case(case)
    base_value = getattr(base, field)
    vals = values if values is not None else default_grid(base_value)
    variants = [parse_case(case_data_with(base, **{field: v})) for v in vals]
    outs = assess_many(variants, cat)
    return [SweepPoint(value_cny=Decimal(v), is_base=base_value is not None
                       and Decimal(v) == base_value, outcome=o) for v, o in zip(vals, outs)]


def case_data_with(case: Case, **changes: Any) -> dict[str, Any]:
    """The one generator of case variants (the what-if page and the workbook's scenarios): the
    case as JSON data with ``changes`` applied (amounts as exact text), not yet validated, so a
    caller can report a variant the rules refuse."""
    data = case.model_dump(mode="json", exclude_none=False)
    for k, v in changes.items():
        data[k] = str(v) if isinstance(v, Decimal) else v
    # ``model_dump`` writes both provision fields; keep the one the case uses.
    if data.get("provisions") is None:
        data.pop("provisions", None)
    else:
        data.pop("provision", None)
    return data


def variant(case: Case | dict[str, Any], circumstances: list[str] | None = None,
            amounts: dict[str, str | Decimal | None] | None = None) -> Case:
    """The case with its circumstances and/or amounts replaced (validated like any case)."""
    changes: dict[str, Any] = {}
    if circumstances is not None:
        changes["circumstances"] = list(circumstances)
    for k, v in (amounts or {}).items():
        if k not in AMOUNT_FIELDS:
            raise InputError(k, v, f"must be one of {', '.join(AMOUNT_FIELDS)}")
        changes[k] = None if v in (None, "") else str(v)
    return parse_case(case_data_with(parse_case(case), **changes))


__all__ = [
    "AMOUNT_FIELDS",
    "BandScale",
    "Outcome",
    "SweepPoint",
    "Toggle",
    "assess_many",
    "band_scale",
    "candidate_circumstances",
    "case_data_with",
    "default_grid",
    "givable_circumstances",
    "single_toggles",
    "sweep",
    "variant",
]


_BASIS_AMOUNT = {"gain_multiple": "illegal_gain_cny", "fixed_or_turnover": "turnover_cny",
                 "procurement_multiple": "procurement_amount_cny"}


def sweep_field_for(case: Case | dict[str, Any], catalogue: Catalogue | None = None) -> str | None:
    """The amount the applied provision's fine is computed from (illegal gains for a multiple of
    gains, turnover for a turnover-based ceiling, the procurement amount for a multiple of it):
    the natural amount to vary. None when the fine uses no amount."""
    cat = catalogue or load_catalogue()
    c = parse_case(case)
    try:
        pid = assess(c, cat).provision_applied
    except InputError:
        pid = c.provision_ids[0]
    return _BASIS_AMOUNT.get(cat.provisions[pid].fine.basis)
