"""Turns rule results into the reasons, assumptions and models a lawyer reads.

Every sentence here names the article it rests on; the words of the law (labels, citations)
come from ``data/``, the sentences themselves from the message catalogue
(``penalty/messages/reasons.yaml``). Nothing here changes a number: it only formats what the rules
computed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Any

import numpy as np

from penalty import __version__
from penalty.catalogue import FEN, Catalogue, SplitPoints
from penalty.citations import zh_numeral
from penalty.engine import CaseArrays, Result
from penalty.ingest.arrays import FLAG
from penalty.messages import pair, t
from penalty.models import (
    BAND_ORDER,
    Assessment,
    AssumptionNote,
    Ceilings,
    LawVersions,
    Limitation,
    PersonsFine,
    Range,
    Reason,
    Receipt,
    SplitPoint,
)
from penalty.money import format_cny
from penalty.rules import AGGRAVATED, BIT, LENIENT, MITIGATED, NO_BAND, NO_PENALTY, STANDARD
from penalty.rules.assumptions import assumption_codes, assumption_masks
from penalty.rules.limitation import EXPIRED, UNKNOWN
from penalty.rules.ranges import TURNOVER_CHOICES

# Output models are built through pydantic-core validation, which is faster here than
# ``model_construct`` (pure Python) and checks the values as well.
_Range, _Reason, _Note, _Point = Range, Reason, AssumptionNote, SplitPoint

LIMITATION_STATUS = {0: "within", EXPIRED: "expired", UNKNOWN: "unknown"}


@lru_cache(maxsize=65536)
def cny(fen: int) -> Decimal:
    """Integer fen to exact CNY."""
    return (Decimal(int(fen)) / FEN).quantize(Decimal("0.01"))


def money(fen: int) -> tuple[str, str]:
    """An amount in fen as (English, Chinese) words (:func:`penalty.money.format_cny`), a field
    for :func:`penalty.messages.pair`."""
    amount = cny(fen)
    return format_cny(amount, "en"), format_cny(amount, "zh")


def _join(sep: str, en: list[str], zh: list[str]) -> tuple[str, str]:
    """Items joined by the separator message ``sep`` of each language ("list_comma", ...)."""
    s_en, s_zh = pair(sep)
    return s_en.join(en), s_zh.join(zh)


def _sentences(first: tuple[str, str], then: tuple[str, str]) -> tuple[str, str]:
    """Two sentences in a row: a space between English sentences, none between Chinese ones."""
    return f"{first[0]} {then[0]}", first[1] + then[1]


def _reason(code: str, effect: str, citation: str, citation_zh: str | None,
            text: tuple[str, str]) -> Reason:
    return _Reason(code=code, effect=effect, citation=citation, citation_zh=citation_zh,
                   en=text[0], zh=text[1])


def _range(lo: int, hi: int, high_exclusive: bool = False) -> Range:
    return _Range(low_cny=cny(lo), high_cny=cny(hi), high_exclusive=bool(high_exclusive))


def range_words(r: Range, lang: str = "en") -> str:
    """A range in words, the one wording for every output: "CNY 0 to below CNY 50,000" where
    its high end is excluded (mitigated: below the statutory minimum), "CNY a to CNY b"
    otherwise, one amount where both ends meet."""
    lo, hi = int(r.low_cny * FEN), int(r.high_cny * FEN)

    def fmt(fen: int) -> str:
        return format_cny(cny(fen), lang)

    if r.high_exclusive:
        if lo == 0:
            return t("range_below", lang, high=fmt(hi))
        return t("range_from_to_below", lang, low=fmt(lo), high=fmt(hi))
    return fmt(lo) if lo == hi else t("range_from_to", lang, low=fmt(lo), high=fmt(hi))


def _statutory_words(lo: int, hi: int) -> tuple[str, str]:
    """A statutory range "CNY a to CNY b" (both ends named, even where they meet)."""
    return pair("range_from_to", low=money(lo), high=money(hi))


def _date(d: np.datetime64) -> dt.date | None:
    return None if np.isnat(d) else d.astype(object)


@dataclass(frozen=True)
class _Constants:
    """Parts of every explanation that depend on the data alone (frozen models, so shared)."""

    circumstances: tuple[Reason, ...]  # in the order of the circumstance bits
    assumptions: dict[str, AssumptionNote]
    # (assumption id, option value as text) -> the note worded for a value the caller chose
    chosen: dict[tuple[str, str], AssumptionNote]


@lru_cache(maxsize=8)
def _constants(cat: Catalogue) -> _Constants:
    return _Constants(
        circumstances=tuple(
            _Reason(code=code, effect=c.effect, citation=c.citation, citation_zh=c.citation_zh,
                    en=c.en, zh=c.zh)
            for code, c in ((code, cat.circumstances[code]) for code in cat.circumstance_codes)),
        assumptions={a.id: _Note(id=a.id, en=a.en, zh=a.zh,
                                 citation=cat.numbering_caveat(a.citation, "en"),
                                 citation_zh=cat.numbering_caveat(a.citation_zh, "zh"))
                     for a in cat.assumptions.values()},
        chosen={(a.id, value): _Note(id=a.id, en=text.en, zh=text.zh,
                                     citation=cat.numbering_caveat(a.citation, "en"),
                                     citation_zh=cat.numbering_caveat(a.citation_zh, "zh"))
                for a in cat.assumptions.values() for value, text in (a.chosen or {}).items()})


_TURNOVER_CHOICE_NAMES = {v: k for k, v in TURNOVER_CHOICES.items()}


def _chosen_options(ca: CaseArrays, row: int) -> dict[str, str]:
    """The case's options as text, keyed by option name (as ``data/assumptions.yaml`` names
    them), so a note can be worded for the value chosen."""
    return {"turnover_ceiling": _TURNOVER_CHOICE_NAMES.get(int(ca.turnover_choice[row]), "higher"),
            "prefer_mitigated": str(bool(ca.prefer_mitigated[row])).lower(),
            "apply_may_circumstances": str(bool(ca.apply_may[row])).lower(),
            "repeat_window_anchor": "decision" if ca.anchor_decision[row] else "violation_end",
            "confiscate_when_not_punished":
                str(bool(ca.flags[row] & FLAG["confiscate_when_not_punished"])).lower(),
            "aggravated_for_minors": str(bool(ca.flags[row] & FLAG["aggravated_for_minors"])).lower(),
            "first_violation_lookback_months": "limited" if ca.lookback[row] >= 0 else "none"}


@lru_cache(maxsize=8)
def receipt(cat: Catalogue) -> Receipt:
    return Receipt(engine_version=__version__, data_sha256=cat.digest,
                   benchmark_effective_from=cat.benchmark_from,
                   provisions_in_catalogue=len(cat.ids))


def open_band_codes(mask: int) -> list[str]:
    return [b for i, b in enumerate(BAND_ORDER) if mask & BIT[i]]


def build_assessment(cat: Catalogue, ca: CaseArrays, res: Result, j: int,
                     label: str | None = None, masks: np.ndarray | None = None) -> Assessment:
    """The Assessment of result row ``j`` (``masks``: ``assumption_masks`` of every row, when
    the caller formats several rows of one run)."""
    rc = cat.benchmark.rule_citations
    row = int(res.row[j])
    applied = cat.provisions[cat.ids[res.applied[j]]]
    mask = int(res.mask[j])
    bands = open_band_codes(mask)
    band = None if res.band[j] == NO_BAND else BAND_ORDER[int(res.band[j])]
    has_fine = bool(res.has_fine[j])
    # Provision Art. 5: mitigated stops below the statutory minimum (exclusive) where it is > 0.
    excl = res.stat_low[j] > 0
    ranges = {b: _range(res.low[i, j], res.high[i, j], excl and i == MITIGATED)
              for i, b in enumerate(BAND_ORDER) if mask & BIT[i]} if has_fine else {}
    float_ranges = {b: _range(res.float_low[i, j], res.float_high[i, j], excl and i == MITIGATED)
                    for i, b in enumerate(BAND_ORDER) if mask & BIT[i]} if has_fine else {}
    reasons: list[Reason] = []
    cites = (applied.citation_en, applied.citation_zh)
    end = ca.end[row]
    decision = ca.decision[row]
    sp = cat.split_on(_date(decision) or cat.benchmark_from)  # Provision Art. 12 at the decision

    # APL Art. 37
    reasons.append(_law_version_reason(cat, res, j, end, decision))
    law_versions = _law_versions(cat, res, j)

    # APL Art. 36
    status = LIMITATION_STATUS[int(res.limitation_status[j])]
    expires = _date(res.limitation_expires[j])
    limitation = Limitation(status=status, period_years=int(res.limitation_years[j]),
                            runs_from=_date(end), expires_on=expires,
                            discovery_date=_date(ca.discovery[row]),
                            citation=cat.apl.limitation_citation)
    reasons.append(_limitation_reason(cat, limitation))

    # Circumstances, given and derived (Provision Arts. 7-9; APL Arts. 30-33); those that cannot
    # count are shown with the reason why instead.
    circ = int(res.circ[j])
    double, aside_tier = int(res.double[j]), int(res.aside_tier[j])
    aside_prior, aside_apl = int(res.aside_prior[j]), int(res.aside_apl[j])
    given = cat.provisions[cat.ids[ca.given[row]]]
    constants = _constants(cat)
    for i, reason in enumerate(constants.circumstances):
        bit = 1 << i
        if not circ & bit:
            continue
        if double & bit:
            reasons.append(_tier_fact_reason("double_evaluation", "not_counted",
                                             "reason_double_evaluation", applied, reason))
        elif aside_tier & bit:
            reasons.append(_tier_fact_reason("circumstance_not_applicable", "set_aside",
                                             "reason_aside_tier", applied, reason))
        elif aside_prior & bit:
            reasons.append(_aside_prior_reason(cat, reason))
        elif aside_apl & bit:
            reasons.append(_aside_apl_reason(cat, reason))
        elif reason.effect == "limitation_extended" and \
                int(res.limitation_years[j]) <= cat.param("apl.limitation_years").at(end):
            reasons.append(_no_longer_period_reason(cat, reason, end))
        else:
            reasons.append(reason)
    if res.repeats[j] > 0 and not circ & (1 << cat.circumstance_codes.index(
            "repeat_offence_within_year")):
        reasons.append(_repeat_short_reason(cat, int(res.repeats[j]), decision))
    if end < np.datetime64(cat.apl.effective_from, "D"):
        reasons.append(_apl_text_reason(cat, end, decision))

    # Band (Provision Arts. 7-11); none where the tier only orders rectification (APL Arts. 9, 28)
    order_only = bool(res.order_only[j])
    if order_only:
        np_ = cat.benchmark.not_penalties
        reasons.append(_reason("order_not_penalty", "no_band", np_.citation, np_.citation_zh,
                               pair("reason_order_not_penalty", citation=cites)))
    else:
        reasons.append(_band_reason(cat, band, bands, bool(res.two_stage[j])))

    # Ranges (Provision Arts. 5, 12)
    statutory = _range(res.stat_low[j], res.stat_high[j]) if has_fine else None
    ceilings = None
    if has_fine:
        reasons.append(_split_reason(sp, applied, res, j))
        if applied.fine.basis == "fixed_or_turnover":
            ceilings = _ceilings(res, j)
            reasons.append(_ceilings_reason(applied, ceilings))
        if res.optional[j] and set(bands) & {"lenient", "standard", "aggravated"}:
            reasons.append(_optional_fine_reason(applied, bool(res.warn_alone[j])))
    elif not order_only:
        reasons.append(_reason("no_fine", "no_fine", *cites,
                               pair("reason_no_fine", citation=cites)))

    # Clauses of the instruments named (e.g. subsidiarity, a duty to aggravate by law)
    named = [given] + [cat.provisions[cat.ids[ca.given[i]]] for i in res.absorbed_rows(j)]
    seen_clauses: set[str] = set()
    for p in named:
        for cl in p.clauses:
            if cl.code + cl.citation not in seen_clauses:
                seen_clauses.add(cl.code + cl.citation)
                reasons.append(_Reason(code=cl.code, effect="clause", citation=cl.citation,
                                       citation_zh=cl.citation_zh, en=cl.en, zh=cl.zh))

    if cat.arrays.referral[res.applied[j]]:
        targets = [cat.provisions[p] for p in applied.refers_to]
        named_targets = (t("list_semicolon", "en").join(p.citation_en for p in targets),
                         t("list_comma", "zh").join(p.citation_zh for p in targets))
        reasons.append(_reason(
            "refers_to", "see_other_provisions", *cites,
            pair("reason_refers_to", citation=cites,
                 targets=named_targets if targets else pair("refers_to_unnamed"),
                 one_act=(cat.apl.one_act_citation, cat.apl.one_act_citation_zh))))

    # Who decides (the CAC benchmark binds the cyberspace authorities only)
    if not applied.cac_enforced:
        statutory_words = (_statutory_words(res.stat_low[j], res.stat_high[j]) if has_fine
                           else pair("enforcer_listed_penalties"))
        reasons.append(_reason(
            "enforcer_not_cac", "statutory_range_only", *cites,
            pair("reason_enforcer_not_cac", citation=cites, statutory=statutory_words,
                 enforcer=(applied.enforcer, applied.enforcer_name_zh))))
    if applied.provincial_level_only:
        reasons.append(_reason(
            "provincial_level_only", "authority_level", *cites,
            pair("reason_provincial_level_only", citation=cites,
                 enforcer=(applied.enforcer, applied.enforcer_zh),
                 summary=(applied.summary_en, applied.summary_zh))))

    # The other measures the statute imposes beside the fine
    measures = _measures_reason(cat, applied)
    if measures is not None:
        reasons.append(measures)
    if band == "no_penalty":
        reasons.append(_reason("education", "educate", cat.apl.education_citation,
                               cat.apl.education_citation_zh, pair("reason_education")))

    # Persons (Provision Art. 13)
    persons = []
    if res.persons[j] >= 0:
        pp = cat.provisions[cat.ids[res.persons[j]]]
        p_excl = res.p_stat_low[j] > 0
        p_ranges = {b: _range(res.p_low[i, j], res.p_high[i, j], p_excl and i == MITIGATED)
                    for i, b in enumerate(BAND_ORDER) if mask & BIT[i]}
        p_optional = bool(res.p_optional[j])
        persons.append(PersonsFine(
            provision=pp.id, citation=pp.citation_en, citation_zh=pp.citation_zh,
            in_charge_only=pp.persons_in_charge_only, count=int(res.persons_count[j]),
            fine_optional=p_optional, ranges=p_ranges,
            fine=_range(res.p_fine_low[j], res.p_fine_high[j], res.p_excl[j]),
            float_fine=_range(res.p_float_fine_low[j], res.p_float_fine_high[j], res.p_excl[j]),
            statutory=_range(res.p_stat_low[j], res.p_stat_high[j])))
        who = pair("persons_who_in_charge" if pp.persons_in_charge_only else "persons_who_all")
        p_cites = (pp.citation_en, pp.citation_zh)
        if p_optional and set(bands) & {"lenient", "standard", "aggravated"}:
            reasons.append(_reason(
                "persons_fine_optional", "may_fine", *p_cites,
                pair("reason_persons_fine_optional", citation=p_cites,
                     who=(who[0][0].lower() + who[0][1:], who[1]),
                     minimum=money(res.p_stat_low[j]))))
        reasons.append(_reason(
            "responsible_persons", "same_band_own_range",
            f"{rc.responsible_persons.en}; {pp.citation_en}",
            f"{rc.responsible_persons.zh}；{pp.citation_zh}",
            pair("reason_responsible_persons", who=who, citation=p_cites,
                 range=_statutory_words(res.p_stat_low[j], res.p_stat_high[j]))))
        if pp.persons_in_charge_only:
            reasons.append(_reason("persons_in_charge_only", "who_may_be_fined", *p_cites,
                                   pair("reason_persons_in_charge_only", citation=p_cites)))

    # APL Art. 28
    if res.confiscation[j] > 0:
        reasons.append(_reason("confiscation", "confiscate", cat.apl.confiscation_citation,
                               cat.apl.confiscation_citation_zh,
                               pair("reason_confiscation", amount=money(res.confiscation[j]))))

    # APL Art. 29
    absorbed = [cat.ids[ca.given[i]] for i in res.absorbed_rows(j)]
    if absorbed:
        reasons.append(_reason(
            "one_act_several_norms", "higher_fine_governs",
            f"{cat.apl.one_act_citation}; {rc.several_norms_or_acts.en}",
            f"{cat.apl.one_act_citation_zh}；{rc.several_norms_or_acts.zh}",
            pair("reason_one_act_several_norms", applied=(applied.citation_en, applied.citation_zh),
                 absorbed=_join("list_comma", [cat.provisions[a].citation_en for a in absorbed],
                                [cat.provisions[a].citation_zh for a in absorbed]))))

    reasons = [_with_caveat(cat, r) for r in reasons]
    # The assumptions are a rule output over arrays (penalty.rules.assumptions), worded here as
    # the case's options chose.
    if masks is None:
        masks = assumption_masks(cat, ca, res)
    chosen = _chosen_options(ca, row)
    assumptions = [constants.chosen.get((a, chosen.get(cat.assumptions[a].option or "")),  # type: ignore[arg-type]
                                        constants.assumptions[a])
                   for a in assumption_codes(masks, j)]
    return Assessment(
        band=band, bands=bands, ranges=ranges, float_ranges=float_ranges,
        fine=_range(res.fine_low[j], res.fine_high[j], res.fine_excl[j]) if has_fine else None,
        float_fine=_range(res.float_fine_low[j], res.float_fine_high[j], res.fine_excl[j])
        if has_fine else None,
        statutory=statutory, fine_basis=applied.fine.basis, fine_optional=bool(res.optional[j]),
        ceilings=ceilings, split_points=_split_points(sp, res, j) if has_fine else [],
        provision_applied=applied.id, provision_citation=applied.citation_en, absorbed=absorbed,
        law_versions=law_versions, limitation=limitation,
        benchmark_applies=bool(res.benchmark_applies[j]), responsible_persons=persons,
        confiscation_cny=cny(res.confiscation[j]),
        total_exposure=_range(res.total_low[j], res.total_high[j], res.total_excl[j]),
        reasons=reasons,
        assumptions=assumptions, receipt=receipt(cat), label=label)


def _measures_reason(cat: Catalogue, applied) -> Reason | None:
    """The penalty types and other measures the provision lists beside the fine, with their
    modality ("shall" or "may"), labelled from data."""
    labels = cat.benchmark.measures
    shall_en: list[str] = []
    shall_zh: list[str] = []
    may_en: list[str] = []
    may_zh: list[str] = []
    for pt in applied.penalties:
        if pt.type in ("fine", "referral_to_other_law", "mitigation_or_exemption"):
            continue
        found = [labels.get(o) for o in (pt.options or (pt.type,))]
        names = [n for n in found if n is not None]
        if len(names) < len(found):
            continue  # a type without a label is not named rather than named by its code
        en, zh = _join("list_or", [n.en for n in names], [n.zh for n in names])
        if pt.options:
            en, zh = pair("measures_one_of", items=(en, zh))
        (may_en if pt.modality == "may" else shall_en).append(en)
        (may_zh if pt.modality == "may" else shall_zh).append(zh)
    en_parts, zh_parts = shall_en, shall_zh
    if may_en:
        may = pair("measures_may", items=_join("list_comma", may_en, may_zh))
        en_parts, zh_parts = en_parts + [may[0]], zh_parts + [may[1]]
    if not en_parts:
        return None
    cites = (applied.citation_en, applied.citation_zh)
    return _reason("measures", "other_measures", *cites,
                   pair("reason_measures", citation=cites,
                        parts=_join("list_semicolon", en_parts, zh_parts)))


def _with_caveat(cat: Catalogue, r: Reason) -> Reason:
    """The reason with the caveat on reconstructed Provision article numbers in its citations."""
    en = cat.numbering_caveat(r.citation, "en")
    zh = cat.numbering_caveat(r.citation_zh, "zh") if r.citation_zh else r.citation_zh
    if en is r.citation and zh is r.citation_zh:
        return r
    return r.model_copy(update={"citation": en, "citation_zh": zh})
def _label(reason: Reason) -> tuple[str, str]:
    """The circumstance's label quoted, as (en, zh)."""
    return pair("circumstance_quoted", label=(reason.en, reason.zh))


def _tier_fact_reason(code: str, effect: str, message: str, applied, c: Reason) -> Reason:
    """A circumstance the applied tier already decides, so it does not count towards the band:
    its own trigger (禁止重复评价, ``double_evaluation``) or a fact the trigger contradicts
    (``circumstance_not_applicable``)."""
    return _reason(
        code, effect, f"{c.citation}; {applied.citation_en}", f"{c.citation_zh}；{applied.citation_zh}",
        pair(message, circumstance=_label(c), citation=(applied.citation_en, applied.citation_zh),
             trigger=(applied.trigger.en, applied.trigger.zh)))


def _aside_prior_reason(cat: Catalogue, c: Reason) -> Reason:
    return _reason("circumstance_not_applicable", "set_aside", c.citation, c.citation_zh,
                   pair("reason_aside_prior", circumstance=_label(c)))


def _aside_apl_reason(cat: Catalogue, c: Reason) -> Reason:
    name = cat.circumstances[c.code].apl_parameter
    assert name is not None  # only circumstances with an APL parameter reach here
    param = cat.param(f"apl.{name}")
    since = param.first_day_of(True)
    return _reason(
        "circumstance_not_applicable", "set_aside",
        f"{param.citation}; {cat.apl.law_version_citation}",
        f"{param.citation_zh}；{cat.apl.law_version_citation_zh}",
        pair("reason_aside_apl", circumstance=_label(c), since=since,
             citation=(param.citation, param.citation_zh),
             law=(cat.apl.short_en, cat.apl.short_zh)))


def _no_longer_period_reason(cat: Catalogue, c: Reason, end) -> Reason:
    """APL 2021 Art. 36(1): the five-year period does not reach an act that ended before the
    2021 text took effect (the earlier text has two years for every case)."""
    serious = cat.param("apl.limitation_years_serious")
    years = cat.param("apl.limitation_years").at(end)  # the period of every case then
    return _reason(
        "circumstance_not_applicable", "no_longer_period", serious.citation, serious.citation_zh,
        pair("reason_no_longer_period", circumstance=_label(c), end=end,
             law=(cat.apl.short_en, cat.apl.short_zh), years=years))


def _repeat_short_reason(cat: Catalogue, count: int, decision) -> Reason:
    ro = cat.benchmark.repeat_offence
    # as the rules read them: in force at the decision, before the Provision its first values
    window, prior = (p.at(decision, not_in_force=p.first) for p in (
        cat.param("repeat_offence.window_months"), cat.param("repeat_offence.min_prior_penalties")))
    return _reason("repeat_offence_short", "not_counted", ro.citation, ro.citation_zh,
                   pair("reason_repeat_offence_short", count=count,
                        required=prior, months=window))


def _apl_text_reason(cat: Catalogue, end, decision) -> Reason:
    """Which APL text governed: an act that ended before the latest text took effect."""
    apl = cat.apl
    texts = cat.param("apl.texts")
    old = texts.at(end)
    new_from, new = texts.latest
    serious = cat.param("apl.limitation_years_serious")
    decided_new = decision >= np.datetime64(new_from, "D")
    years = serious.at(new_from)  # the longer period the later text introduced
    new_label = (new.label_en, new.label_zh)
    text = pair("reason_apl_text", end=end, new=new_label, new_from=new_from,
                old=(old.label_en, old.label_zh), years=(years, zh_numeral(years)),
                citation=(serious.citation, serious.citation_zh))
    if decided_new:
        text = _sentences(text, pair("reason_apl_text_lighter_grounds", new=new_label))
    return _reason("apl_text", old.label_en, apl.law_version_citation,
                   apl.law_version_citation_zh, text)


def _optional_fine_reason(applied, warn_alone: bool) -> Reason:
    """可以并处罚款: a warning alone is the lighter alternative, never a fine below the minimum."""
    types = {p.type for p in applied.penalties}
    cites = (applied.citation_en, applied.citation_zh)
    text = pair("reason_fine_optional", citation=cites)
    if warn_alone:
        alone = pair("fine_alone_warning" if "warning" in types else "fine_alone_other_penalties")
        text = _sentences(text, pair("reason_fine_optional_alone", alone=alone))
    return _reason("fine_optional", "warning_alone_possible" if warn_alone
                   else "fine_not_below_minimum", *cites, text)


def _split_points(sp: SplitPoints, res: Result, j: int) -> list[SplitPoint]:
    """The six points of Provision Art. 12 as the rules computed them (band edges, plain and
    floated), mildest first."""
    lo_pct, hi_pct, f = sp.lenient_upper_pct, sp.aggravated_lower_pct, sp.float_pp
    points = {lo_pct - f: res.float_low[STANDARD, j], lo_pct: res.high[LENIENT, j],
              lo_pct + f: res.float_high[LENIENT, j], hi_pct - f: res.float_low[AGGRAVATED, j],
              hi_pct: res.high[STANDARD, j], hi_pct + f: res.float_high[STANDARD, j]}
    return [_Point(pct=p, amount_cny=cny(v)) for p, v in sorted(points.items())]


def _ceilings(res: Result, j: int) -> Ceilings:
    return Ceilings(fixed_cny=cny(res.fixed_cap[j]),
                    turnover_cny=None if res.turnover_missing[j] else cny(res.turnover_cap[j]),
                    applied="turnover" if res.turnover_used[j] else "fixed")


def _ceilings_reason(applied, c: Ceilings) -> Reason:
    pct = applied.fine.turnover_pct_max
    fixed = money(int(c.fixed_cny * 100))
    if c.turnover_cny is None:
        text = pair("reason_ceiling_one", fixed=fixed, pct=pct)
    else:
        used = pair("ceiling_used_turnover" if c.applied == "turnover" else "ceiling_used_fixed")
        text = pair("reason_ceilings_two", fixed=fixed, pct=pct, used=used,
                    turnover=money(int(c.turnover_cny * 100)))
    return _reason("turnover_ceilings", c.applied, applied.citation_en, applied.citation_zh, text)


def _law_versions(cat: Catalogue, res: Result, j: int) -> LawVersions:
    old = cat.ids[res.at_violation[j]] if res.at_violation[j] >= 0 else None
    new = cat.ids[res.at_decision[j]] if res.at_decision[j] >= 0 else None
    applied = cat.ids[res.applied[j]]
    compared = new is not None and new != old
    lighter = bool(res.lighter[j]) if compared else None
    r = _law_version_text(cat, res, j)
    referred = cat.ids[res.referred[j]] if res.referred[j] >= 0 else None
    return LawVersions(
        at_violation=old, at_decision=new, referred_to=referred, applied=applied,
        newer_is_lighter=lighter,
        statutory_at_violation=_range(res.old_low[j], res.old_high[j])
        if res.old_has_fine[j] else None,
        statutory_at_decision=_range(res.new_low[j], res.new_high[j])
        if compared and res.new_has_fine[j] else None,
        citation=cat.apl.law_version_citation, en=r[0], zh=r[1])


def _law_version_text(cat: Catalogue, res: Result, j: int) -> tuple[str, str]:
    """APL Art. 37 in words, citing articles as lawyers do (no internal ids)."""
    old_p = cat.provisions[cat.ids[res.at_violation[j]]]
    new_p = cat.provisions[cat.ids[res.at_decision[j]]] if res.at_decision[j] >= 0 else None
    rule = (cat.apl.law_version_citation, cat.apl.law_version_citation_zh)
    old_c = (old_p.citation_en, old_p.citation_zh)
    if new_p is None or new_p.id == old_p.id:
        return pair("reason_law_version_no_later" if new_p is None else "reason_law_version_same",
                    citation=old_c)
    new_c = (new_p.citation_en, new_p.citation_zh)
    if old_p.law == new_p.law and old_p.law_version != new_p.law_version:  # amended
        old_c = pair("law_before_amendment", citation=old_c)
        new_c = pair("law_after_amendment", citation=new_c)

    def ceiling(has: bool, hi: int) -> tuple[str, str]:
        return (pair("law_version_fine_up_to", amount=money(hi)) if has
                else pair("law_version_no_fine"))

    at_act = pair("law_version_at_act", citation=old_c,
                  ceiling=ceiling(bool(res.old_has_fine[j]), int(res.old_high[j])))
    new_ceiling = ceiling(bool(res.new_has_fine[j]), int(res.new_high[j]))
    ref = int(res.referred[j])
    if ref >= 0:
        rp = cat.provisions[cat.ids[ref]]
        at_decision = pair("law_version_at_decision_refers", citation=new_c, ceiling=new_ceiling,
                           referred=(rp.citation_en, rp.citation_zh))
    elif cat.arrays.referral[res.at_decision[j]]:
        return pair("reason_law_version_refers_unnamed", at_act=at_act, citation=new_c, rule=rule)
    else:
        at_decision = pair("law_version_at_decision", citation=new_c, ceiling=new_ceiling)
    return pair("reason_law_version_lighter" if res.lighter[j] else "reason_law_version_not_lighter",
                at_act=at_act, at_decision=at_decision, rule=rule)


def _law_version_reason(cat: Catalogue, res: Result, j: int, end, decision) -> Reason:
    en, zh = _law_version_text(cat, res, j)
    effect = "newer_lighter_applies" if res.lighter[j] else "law_at_time_of_act"
    return _Reason(code="law_version", effect=effect, citation=cat.apl.law_version_citation,
                   citation_zh=cat.apl.law_version_citation_zh,
                  en=en, zh=zh)


def _limitation_reason(cat: Catalogue, lim: Limitation) -> Reason:
    text = pair(f"reason_limitation_{lim.status}", years=lim.period_years,
                discovered=lim.discovery_date, start=lim.runs_from, expires=lim.expires_on)
    return _reason("limitation", lim.status, lim.citation, cat.apl.limitation_citation_zh, text)


def _band_reason(cat: Catalogue, band: str | None, bands: list[str], two_stage: bool) -> Reason:
    labels: dict[str, Any] = {b.code: b for b in cat.bands}

    def listed(codes: list[str]) -> tuple[str, str]:
        return _join("list_comma", [labels[x].en.lower() for x in codes],
                     [labels[x].zh for x in codes])

    if band is None:
        w = cat.benchmark.rule_citations.weighed_as_a_whole
        return _reason("band", "weighed_as_a_whole", w.en, w.zh,
                       pair("reason_band_weighed", bands=listed(bands)))
    b = labels[band]
    if two_stage:
        ts = cat.benchmark.two_stage_penalty_types
        cite, cite_zh = ts.citation, ts.citation_zh
    elif len(bands) == 1 and band == "standard":
        ds = cat.benchmark.rule_citations.default_standard
        cite, cite_zh = ds.en, ds.zh
    else:
        cite, cite_zh = b.citation, b.citation_zh
    others = [x for x in bands if x != band]
    # the band's summary inside the sentence: without its full stop, English lower-cased
    text = pair("reason_band_expected", band=(b.en.lower(), b.zh),
                summary=(b.summary_en[0].lower() + b.summary_en[1:-1], b.summary_zh.rstrip("。")))
    if others:
        text = _sentences(text, pair("reason_band_also_open", bands=listed(others)))
    return _reason("band", band, cite, cite_zh, text)


def _split_reason(sp: SplitPoints, applied, res: Result, j: int) -> Reason:
    lo, hi = int(res.stat_low[j]), int(res.stat_high[j])
    return _reason(
        "split", "band_ranges", f"{sp.citation}; {applied.citation_en}",
        f"{sp.citation_zh}；{applied.citation_zh}",
        pair("reason_split", range=_statutory_words(lo, hi), lenient=sp.lenient_upper_pct,
             aggravated=sp.aggravated_lower_pct, float_pp=sp.float_pp))


__all__ = ["build_assessment", "cny", "receipt", "open_band_codes", "NO_PENALTY", "LENIENT",
           "MITIGATED"]
