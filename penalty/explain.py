"""Turns rule results into the reasons, assumptions and models a lawyer reads.

Every sentence here names the article it rests on; the words of the law (labels, citations)
come from ``data/``. Nothing here changes a number: it only formats what the rules computed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Any

import numpy as np

from penalty import __version__
from penalty.catalogue import FEN, Catalogue
from penalty.citations import zh_numeral
from penalty.engine import CaseArrays, Result
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


def fmt_en(fen: int) -> str:
    return format_cny(cny(fen), "en")


def fmt_zh(fen: int) -> str:
    return format_cny(cny(fen), "zh")


def _range(lo: int, hi: int, high_exclusive: bool = False) -> Range:
    return _Range(low_cny=cny(lo), high_cny=cny(hi), high_exclusive=bool(high_exclusive))


def range_words(r: Range, lang: str = "en") -> str:
    """A range in words, the one wording for every output: "CNY 0 to below CNY 50,000" where
    its high end is excluded (mitigated: below the statutory minimum), "CNY a to CNY b"
    otherwise, one amount where both ends meet."""
    lo, hi = int(r.low_cny * FEN), int(r.high_cny * FEN)
    if lang == "zh":
        if r.high_exclusive:
            return f"低于{fmt_zh(hi)}" if lo == 0 else f"{fmt_zh(lo)}至低于{fmt_zh(hi)}"
        return fmt_zh(lo) if lo == hi else f"{fmt_zh(lo)}至{fmt_zh(hi)}"
    if r.high_exclusive:
        return f"below {fmt_en(hi)}" if lo == 0 else f"{fmt_en(lo)} to below {fmt_en(hi)}"
    return fmt_en(lo) if lo == hi else f"{fmt_en(lo)} to {fmt_en(hi)}"


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
            "repeat_window_anchor": "decision" if ca.anchor_decision[row] else "violation_end"}


@lru_cache(maxsize=8)
def receipt(cat: Catalogue) -> Receipt:
    return Receipt(engine_version=__version__, data_sha256=cat.digest,
                   benchmark_effective_from=cat.split.effective_from,
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
    end = ca.end[row]
    decision = ca.decision[row]

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
            reasons.append(_double_reason(cat, applied, reason))
        elif aside_tier & bit:
            reasons.append(_aside_tier_reason(applied, reason))
        elif aside_prior & bit:
            reasons.append(_aside_prior_reason(cat, reason))
        elif aside_apl & bit:
            reasons.append(_aside_apl_reason(cat, reason))
        elif reason.effect == "limitation_extended" and \
                int(res.limitation_years[j]) <= cat.apl.limitation_years:
            reasons.append(_no_longer_period_reason(cat, reason, end))
        else:
            reasons.append(reason)
    if res.repeats[j] > 0 and not circ & (1 << cat.circumstance_codes.index(
            "repeat_offence_within_year")):
        reasons.append(_repeat_short_reason(cat, int(res.repeats[j])))
    if end < np.datetime64(cat.apl.effective_from, "D"):
        reasons.append(_apl_text_reason(cat, end, decision))

    # Band (Provision Arts. 7-11); none where the tier only orders rectification (APL Arts. 9, 28)
    order_only = bool(res.order_only[j])
    if order_only:
        np_ = cat.benchmark.not_penalties
        reasons.append(_Reason(
            code="order_not_penalty", effect="no_band", citation=np_.citation,
            citation_zh=np_.citation_zh,
            en=f"{applied.citation_en} only orders the party to rectify. An order to rectify is "
               "not an administrative penalty, so there is no penalty, no discretion band and no "
               "fine to assess.",
            zh=f"{applied.citation_zh}仅规定责令改正。责令改正不属于行政处罚，不存在处罚裁量阶次，"
               "也不处罚款。"))
    else:
        reasons.append(_band_reason(cat, band, bands, bool(res.two_stage[j])))

    # Ranges (Provision Arts. 5, 12)
    statutory = _range(res.stat_low[j], res.stat_high[j]) if has_fine else None
    ceilings = None
    if has_fine:
        reasons.append(_split_reason(cat, applied, res, j))
        if applied.fine.basis == "fixed_or_turnover":
            ceilings = _ceilings(res, j)
            reasons.append(_ceilings_reason(applied, ceilings))
        if res.optional[j] and set(bands) & {"lenient", "standard", "aggravated"}:
            reasons.append(_optional_fine_reason(applied, bool(res.warn_alone[j])))
    elif not order_only:
        reasons.append(_Reason(
            code="no_fine", effect="no_fine", citation=applied.citation_en,
            citation_zh=applied.citation_zh,
            en=f"{applied.citation_en} provides no fine of its own; the bands concern the other "
               "penalty types it lists.",
            zh=f"{applied.citation_zh}未规定罚款，裁量阶次适用于所列其他处罚种类。"))

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
        targets = [cat.provisions[t] for t in applied.refers_to]
        t_en = "; ".join(t.citation_en for t in targets) or "other laws and administrative regulations"
        t_zh = "、".join(t.citation_zh for t in targets) or "有关法律、行政法规"
        reasons.append(_Reason(
            code="refers_to", effect="see_other_provisions", citation=applied.citation_en,
            citation_zh=applied.citation_zh,
            en=f"{applied.citation_en} refers the penalty to other provisions ({t_en}); assess the "
               "act under them too (as one act under several norms if more than one applies).",
            zh=f"{applied.citation_zh}规定依照其他规定处罚（{t_zh}），应当依照该等规定评估；同一"
               "违法行为违反多个法律规范的，依照《行政处罚法》第二十九条处理。"))

    # Who decides (the CAC benchmark binds the cyberspace authorities only)
    if not applied.cac_enforced:
        st_en = (f"{fmt_en(res.stat_low[j])} to {fmt_en(res.stat_high[j])}" if has_fine
                 else "the penalties it lists")
        st_zh = (f"{fmt_zh(res.stat_low[j])}至{fmt_zh(res.stat_high[j])}" if has_fine
                 else "所列处罚")
        reasons.append(_Reason(
            code="enforcer_not_cac", effect="statutory_range_only", citation=applied.citation_en,
            citation_zh=applied.citation_zh,
            en=f"{applied.citation_en} is enforced by {applied.enforcer}, not by the cyberspace "
               "authorities: the CAC's benchmark does not grade that authority's decision. The "
               f"statutory range ({st_en}) is the limit; the CAC bands are shown for orientation "
               "only.",
            zh=f"{applied.citation_zh}由{applied.enforcer_name_zh}依法处罚，不适用网信部门行政处罚"
               f"裁量权基准；以法定幅度（{st_zh}）为准，所列网信部门裁量阶次仅供参考。"))
    if applied.provincial_level_only:
        reasons.append(_Reason(
            code="provincial_level_only", effect="authority_level", citation=applied.citation_en,
            citation_zh=applied.citation_zh,
            en=f"Only authorities at provincial level or above may impose this tier of "
               f"{applied.citation_en} ({applied.enforcer}). Scope: {applied.summary_en}",
            zh=f"{applied.citation_zh}规定的该档处罚，由省级以上有关主管部门决定。适用范围："
               f"{applied.summary_zh}"))

    # The other measures the statute imposes beside the fine
    measures = _measures_reason(cat, applied)
    if measures is not None:
        reasons.append(measures)
    if band == "no_penalty":
        reasons.append(_Reason(
            code="education", effect="educate", citation=cat.apl.education_citation,
            citation_zh=cat.apl.education_citation_zh,
            en="Where no penalty is imposed, the authority shall educate the party.",
            zh="对当事人依法不予行政处罚的，应当对当事人进行教育。"))

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
        who_en = ("The directly responsible person in charge" if pp.persons_in_charge_only
                  else "Directly responsible persons")
        who_zh = "直接负责的主管人员" if pp.persons_in_charge_only else \
            "直接负责的主管人员和其他直接责任人员"
        if p_optional and set(bands) & {"lenient", "standard", "aggravated"}:
            reasons.append(_Reason(
                code="persons_fine_optional", effect="may_fine",
                citation=pp.citation_en, citation_zh=pp.citation_zh,
                en=f"The fine on {who_en[0].lower()}{who_en[1:]} under {pp.citation_en} is "
                   "optional: where imposed it is never below the statutory minimum of "
                   f"{fmt_en(res.p_stat_low[j])} in a lenient, standard or aggravated band, and "
                   "there may also be no fine at all.",
                zh=f"依照{pp.citation_zh}对{who_zh}“可以”处以罚款：处以罚款的，从轻、一般、"
                   f"从重处罚均不低于法定最低限{fmt_zh(res.p_stat_low[j])}，也可以不处罚款。"))
        reasons.append(_Reason(
            code="responsible_persons", effect="same_band_own_range",
            citation=f"{rc.responsible_persons.en}; {pp.citation_en}",
            citation_zh=f"{rc.responsible_persons.zh}；{pp.citation_zh}",
            en=f"{who_en}: {pp.citation_en}, statutory range "
               f"{fmt_en(res.p_stat_low[j])} to {fmt_en(res.p_stat_high[j])} per person, in the "
               "unit's band.",
            zh=f"{who_zh}：依照{pp.citation_zh}，法定幅度每人"
               f"{fmt_zh(res.p_stat_low[j])}至{fmt_zh(res.p_stat_high[j])}，参照单位的裁量阶次。"))
        if pp.persons_in_charge_only:
            reasons.append(_Reason(
                code="persons_in_charge_only", effect="who_may_be_fined",
                citation=pp.citation_en, citation_zh=pp.citation_zh,
                en=f"{pp.citation_en} fines only the directly responsible person in charge, not "
                   "other directly responsible personnel.",
                zh=f"{pp.citation_zh}仅规定对直接负责的主管人员处以罚款，不及于其他直接责任人员。"))

    # APL Art. 28
    if res.confiscation[j] > 0:
        reasons.append(_Reason(
            code="confiscation", effect="confiscate", citation=cat.apl.confiscation_citation,
            citation_zh=cat.apl.confiscation_citation_zh,
            en=f"Illegal gains of {fmt_en(res.confiscation[j])} are confiscated, apart from the "
               "fine.",
            zh=f"没收违法所得{fmt_zh(res.confiscation[j])}，不计入罚款。"))

    # APL Art. 29
    absorbed = [cat.ids[ca.given[i]] for i in res.absorbed_rows(j)]
    if absorbed:
        reasons.append(_Reason(
            code="one_act_several_norms", effect="higher_fine_governs",
            citation=f"{cat.apl.one_act_citation}; {rc.several_norms_or_acts.en}",
            citation_zh=f"{cat.apl.one_act_citation_zh}；{rc.several_norms_or_acts.zh}",
            en=f"One act breaches several norms: one fine only, under {applied.id}, which carries "
               f"the higher fine; the fines of {', '.join(absorbed)} are absorbed, while their "
               "penalties of other types can still be imposed.",
            zh=f"同一违法行为违反多个法律规范，依照罚款数额高的{applied.citation_zh}处以罚款，不再依照"
               f"{'、'.join(cat.provisions[a].citation_zh for a in absorbed)}重复处以罚款；该等规范"
               "规定的其他种类处罚仍可适用。"))

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
        ceilings=ceilings, split_points=_split_points(cat, res, j) if has_fine else [],
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
        en = " or ".join(n.en for n in names)
        zh = "或者".join(n.zh for n in names)
        if pt.options:
            en, zh = f"one of: {en}", f"下列之一：{zh}"
        (may_en if pt.modality == "may" else shall_en).append(en)
        (may_zh if pt.modality == "may" else shall_zh).append(zh)
    en_parts = shall_en + ([f"and may order {', '.join(may_en)}"] if may_en else [])
    zh_parts = shall_zh + ([f"可以{'、'.join(may_zh)}"] if may_zh else [])
    if not en_parts:
        return None
    return _Reason(
        code="measures", effect="other_measures", citation=applied.citation_en,
        citation_zh=applied.citation_zh,
        en=f"Besides any fine, {applied.citation_en} provides: {'; '.join(en_parts)}.",
        zh=f"除罚款外，{applied.citation_zh}还规定：{'；'.join(zh_parts)}。")


def _with_caveat(cat: Catalogue, r: Reason) -> Reason:
    """The reason with the caveat on reconstructed Provision article numbers in its citations."""
    en = cat.numbering_caveat(r.citation, "en")
    zh = cat.numbering_caveat(r.citation_zh, "zh") if r.citation_zh else r.citation_zh
    if en is r.citation and zh is r.citation_zh:
        return r
    return r.model_copy(update={"citation": en, "citation_zh": zh})
def _label(reason: Reason, lang: str) -> str:
    return f"“{reason.en}”" if lang == "en" else f"“{reason.zh}”"


def _double_reason(cat: Catalogue, applied, c: Reason) -> Reason:
    """禁止重复评价: a fact that already selects the tier does not aggravate it again."""
    return _Reason(
        code="double_evaluation", effect="not_counted",
        citation=f"{c.citation}; {applied.citation_en}",
        citation_zh=f"{c.citation_zh}；{applied.citation_zh}",
        en=f"{_label(c, 'en')} is already the ground on which {applied.citation_en} applies its "
           f"tier ({applied.trigger.en}); the same fact is not evaluated twice, so it does not "
           "move the band.",
        zh=f"{_label(c, 'zh')}已是适用{applied.citation_zh}该档处罚（{applied.trigger.zh}）的"
           "依据，同一事实不得重复评价，不再作为从重情节。")


def _aside_tier_reason(applied, c: Reason) -> Reason:
    return _Reason(
        code="circumstance_not_applicable", effect="set_aside",
        citation=f"{c.citation}; {applied.citation_en}",
        citation_zh=f"{c.citation_zh}；{applied.citation_zh}",
        en=f"{_label(c, 'en')} is set aside: it contradicts the ground of the tier applied "
           f"under {applied.citation_en} ({applied.trigger.en}). The rest of the case is "
           "assessed without it.",
        zh=f"{_label(c, 'zh')}不予适用：与所适用的{applied.citation_zh}该档处罚的适用条件"
           f"（{applied.trigger.zh}）相矛盾；其余情节照常评估。")


def _aside_prior_reason(cat: Catalogue, c: Reason) -> Reason:
    return _Reason(
        code="circumstance_not_applicable", effect="set_aside", citation=c.citation,
        citation_zh=c.citation_zh,
        en=f"{_label(c, 'en')} is set aside: the party had already been penalised for the same "
           "kind of violation before the act ended, so this is not a first violation. The rest "
           "of the case is assessed without it.",
        zh=f"{_label(c, 'zh')}不予适用：当事人在本次违法行为终了前已因同种违法行为受过行政处罚，"
           "不属于初次违法；其余情节照常评估。")


def _aside_apl_reason(cat: Catalogue, c: Reason) -> Reason:
    name = cat.circumstances[c.code].apl_parameter
    assert name is not None  # only circumstances with an APL parameter reach here
    param = cat.apl.dated[name]
    since = cat.apl_from(name)
    return _Reason(
        code="circumstance_not_applicable", effect="set_aside",
        citation=f"{param.citation}; {cat.apl.law_version_citation}",
        citation_zh=f"{param.citation_zh}；{cat.apl.law_version_citation_zh}",
        en=f"{_label(c, 'en')} is set aside: this ground exists only from {since} "
           f"({param.citation}); the act ended before, and the later text is not applied to it "
           "here (see the APL text reason).",
        zh=f"{_label(c, 'zh')}不予适用：该规定自{since}起施行（{param.citation_zh}），违法行为在此前"
           "终了，此处不适用新规定（见关于《行政处罚法》文本的说明）。")


def _no_longer_period_reason(cat: Catalogue, c: Reason, end) -> Reason:
    """APL 2021 Art. 36(1): the five-year period does not reach an act that ended before the
    2021 text took effect (the earlier text has two years for every case)."""
    serious = cat.apl.dated["limitation_years_serious"]
    return _Reason(
        code="circumstance_not_applicable", effect="no_longer_period",
        citation=serious.citation, citation_zh=serious.citation_zh,
        en=f"{_label(c, 'en')} does not lengthen the limitation period here: the act ended on "
           f"{end}, when the APL text in force knew only the {cat.apl.limitation_years}-year "
           "period; the later, longer period is not applied to it.",
        zh=f"{_label(c, 'zh')}在本案中不延长追责时效：违法行为于{end}终了，当时施行的《行政处罚法》"
           f"仅规定{cat.apl.limitation_years}年时效，其后规定的较长时效不适用于该行为。")


def _repeat_short_reason(cat: Catalogue, count: int) -> Reason:
    ro = cat.benchmark.repeat_offence
    return _Reason(
        code="repeat_offence_short", effect="not_counted", citation=ro.citation,
        citation_zh=ro.citation_zh,
        en=f"{count} of the {ro.min_prior_penalties} required earlier same-kind CAC penalties "
           f"within {ro.window_months} months: the repeat-offence aggravation does not apply.",
        zh=f"{ro.window_months}个月内因同种违法行为受到网信部门行政处罚{count}次，未达到所需的"
           f"{ro.min_prior_penalties}次，不适用从重处罚。")


def _apl_text_reason(cat: Catalogue, end, decision) -> Reason:
    """Which APL text governed: an act that ended before the latest text took effect."""
    apl = cat.apl
    old = apl.text_on(end.astype(object))
    new = apl.texts[-1]
    serious = apl.dated["limitation_years_serious"]
    decided_new = decision >= np.datetime64(new.effective_from, "D")
    years = apl.limitation_years_serious  # the longer period the later text introduced
    en = (f"The act ended on {end}, before the {new.label_en} took effect ({new.effective_from}): "
          f"the {old.label_en} governs it. The {years}-year limitation period of the "
          f"{new.label_en} does not apply to it ({serious.citation}).")
    zh = (f"违法行为于{end}终了，早于{new.label_zh}施行之日（{new.effective_from}），适用"
          f"{old.label_zh}；{new.label_zh}规定的{zh_numeral(years)}年追责时效不适用"
          f"（{serious.citation_zh}）。")
    if decided_new:
        en += (f" Grounds the {new.label_en} added in the party's favour (first violation, no "
               "fault) are applied as the lighter later law unless the option says otherwise.")
        zh += (f"{new.label_zh}新增的有利于当事人的规定（首违不罚、无主观过错）作为较轻的新规定适用，"
               "另有选择的除外。")
    return _Reason(code="apl_text", effect=old.label_en, citation=apl.law_version_citation,
                   citation_zh=apl.law_version_citation_zh, en=en, zh=zh)


def _optional_fine_reason(applied, warn_alone: bool) -> Reason:
    """可以并处罚款: a warning alone is the lighter alternative, never a fine below the minimum."""
    types = {t.type for t in applied.penalties}
    if "warning" in types:
        alone_en, alone_zh = "a warning alone", "单处警告"
    else:
        alone_en, alone_zh = "its other penalties without any fine", "不并处罚款、仅给予其他处罚"
    en = (f"The fine under {applied.citation_en} is optional (“may additionally impose”): a "
          f"fine, where imposed, is never below the statutory minimum in a lenient, standard or "
          "aggravated band (less is mitigation).")
    zh = (f"{applied.citation_zh}规定“可以并处罚款”：并处罚款的，从轻、一般、从重处罚均不低于法定"
          "最低限（低于最低限属于减轻处罚）。")
    if warn_alone:
        en += f" {alone_en[0].upper()}{alone_en[1:]} is also possible."
        zh += f"也可以{alone_zh}。"
    return _Reason(code="fine_optional", effect="warning_alone_possible" if warn_alone
                   else "fine_not_below_minimum", citation=applied.citation_en,
                   citation_zh=applied.citation_zh, en=en, zh=zh)


def _split_points(cat: Catalogue, res: Result, j: int) -> list[SplitPoint]:
    """The six points of Provision Art. 12 as the rules computed them (band edges, plain and
    floated), mildest first."""
    sp = cat.split
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
    fixed_en, fixed_zh = fmt_en(int(c.fixed_cny * 100)), fmt_zh(int(c.fixed_cny * 100))
    if c.turnover_cny is None:
        en = (f"Ceiling: {fixed_en}, or {pct} % of the previous year's turnover, which was not "
              f"given; the fixed ceiling is used.")
        zh = f"罚款上限：{fixed_zh}或者上一年度营业额的{pct}%；未提供营业额，按固定上限计算。"
    else:
        t_en, t_zh = fmt_en(int(c.turnover_cny * 100)), fmt_zh(int(c.turnover_cny * 100))
        used_en = "turnover-based" if c.applied == "turnover" else "fixed"
        used_zh = "按营业额比例" if c.applied == "turnover" else "固定"
        en = (f"Two ceilings: {fixed_en} (fixed) and {t_en} ({pct} % of the previous year's "
              f"turnover); the {used_en} ceiling is used.")
        zh = f"两个上限：固定{fixed_zh}，营业额的{pct}%为{t_zh}；采用{used_zh}上限。"
    return _Reason(code="turnover_ceilings", effect=c.applied, citation=applied.citation_en,
                   citation_zh=applied.citation_zh,
                  en=en, zh=zh)


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
    apl_en, apl_zh = cat.apl.law_version_citation, cat.apl.law_version_citation_zh
    if new_p is None or new_p.id == old_p.id:
        if new_p is None:
            return (f"{old_p.citation_en} applies: it was in force when the act ended; no version "
                    "is in force at the decision date to compare with.",
                    f"适用{old_p.citation_zh}：违法行为终了时有效，作出处罚决定时没有可资比较的有效"
                    "规定。")
        return (f"{old_p.citation_en} was in force when the act ended and still is at the decision "
                "date.", f"{old_p.citation_zh}在违法行为终了时和作出处罚决定时均有效。")
    amended = old_p.law == new_p.law and old_p.law_version != new_p.law_version
    old_q, new_q = ("修正前", "修正后") if amended else ("", "")

    def ceiling(has: bool, hi: int) -> tuple[str, str]:
        return ((f"fine up to {fmt_en(hi)}", f"罚款最高{fmt_zh(hi)}") if has
                else ("no fine", "未规定罚款"))

    o_en, o_zh = ceiling(bool(res.old_has_fine[j]), int(res.old_high[j]))
    n_en, n_zh = ceiling(bool(res.new_has_fine[j]), int(res.new_high[j]))
    old_en = f"When the act was committed, {old_p.citation_en} applied ({o_en})"
    old_zh = f"违法行为发生时适用{old_q}{old_p.citation_zh}（{o_zh}）"
    ref = int(res.referred[j])
    if ref >= 0:
        rp = cat.provisions[cat.ids[ref]]
        new_en = (f"at the decision date {new_p.citation_en} refers the act to {rp.citation_en} "
                  f"({n_en})")
        new_zh = f"作出处罚决定时，{new_q}{new_p.citation_zh}规定依照{rp.citation_zh}处罚（{n_zh}）"
    elif cat.arrays.referral[res.at_decision[j]]:
        return (f"{old_en}; at the decision date {new_p.citation_en} refers the act to other laws, "
                "none of which the catalogue can name for this act, so the new law is not shown to "
                f"be lighter and under {apl_en} the law at the time of the act applies. Check the "
                "law referred to.",
                f"{old_zh}；作出处罚决定时，{new_q}{new_p.citation_zh}规定依照有关法律、行政法规处罚，"
                f"所指向的具体规定无法确定，不能认定新的规定处罚较轻，依照{apl_zh}适用违法行为"
                "发生时的规定；请核对所指向的法律规定。")
    else:
        new_en = f"at the decision date {new_p.citation_en} is in force ({n_en})"
        new_zh = f"作出处罚决定时{new_q}{new_p.citation_zh}有效（{n_zh}）"
    if res.lighter[j]:
        return (f"{old_en}; {new_en}. The new law is lighter, so under {apl_en} it applies.",
                f"{old_zh}；{new_zh}，新的规定处罚较轻，依照{apl_zh}适用新的规定。")
    return (f"{old_en}; {new_en}. The new law is not lighter, so under {apl_en} the law at the "
            "time of the act applies.",
            f"{old_zh}；{new_zh}，新的规定处罚并不较轻，依照{apl_zh}适用违法行为发生时的规定。")


def _law_version_reason(cat: Catalogue, res: Result, j: int, end, decision) -> Reason:
    en, zh = _law_version_text(cat, res, j)
    effect = "newer_lighter_applies" if res.lighter[j] else "law_at_time_of_act"
    return _Reason(code="law_version", effect=effect, citation=cat.apl.law_version_citation,
                   citation_zh=cat.apl.law_version_citation_zh,
                  en=en, zh=zh)


def _limitation_reason(cat: Catalogue, lim: Limitation) -> Reason:
    if lim.status == "expired":
        en = (f"Discovered on {lim.discovery_date}, after the {lim.period_years}-year period "
              f"that ended on {lim.expires_on}: no penalty.")
        zh = f"发现日期{lim.discovery_date}已超过{lim.period_years}年时效（至{lim.expires_on}），不再给予行政处罚。"
    elif lim.status == "unknown":
        en = (f"The {lim.period_years}-year period ended on {lim.expires_on}, before the "
              "decision date; the case is time-barred unless it was discovered by then.")
        zh = f"{lim.period_years}年时效至{lim.expires_on}届满，早于决定日期；如在此前未被发现，则不再处罚。"
    else:
        en = (f"Within the {lim.period_years}-year limitation period running from {lim.runs_from} "
              f"to {lim.expires_on}.")
        zh = f"未超过自{lim.runs_from}起算至{lim.expires_on}的{lim.period_years}年时效。"
    return _Reason(code="limitation", effect=lim.status, citation=lim.citation,
                   citation_zh=cat.apl.limitation_citation_zh, en=en, zh=zh)


def _band_reason(cat: Catalogue, band: str | None, bands: list[str], two_stage: bool) -> Reason:
    labels: dict[str, Any] = {b.code: b for b in cat.bands}
    en_list = ", ".join(labels[b].en.lower() for b in bands)
    zh_list = "、".join(labels[b].zh for b in bands)
    if band is None:
        w = cat.benchmark.rule_citations.weighed_as_a_whole
        return _Reason(code="band", effect="weighed_as_a_whole", citation=w.en, citation_zh=w.zh,
                      en=f"Mitigating and aggravating circumstances are both present; the "
                         f"authority weighs them as a whole. Open: {en_list}.",
                      zh=f"同时存在从宽和从重情节，由网信部门综合考量。可能的阶次：{zh_list}。")
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
    en = f"Expected band: {b.en.lower()} ({b.summary_en[0].lower()}{b.summary_en[1:-1]})."
    zh = f"预计裁量阶次：{b.zh}（{b.summary_zh.rstrip('。')}）。"
    if others:
        en += f" Also open: {', '.join(labels[x].en.lower() for x in others)}."
        zh += f"亦可能：{'、'.join(labels[x].zh for x in others)}。"
    return _Reason(code="band", effect=band, citation=cite, citation_zh=cite_zh, en=en, zh=zh)


def _split_reason(cat: Catalogue, applied, res: Result, j: int) -> Reason:
    sp = cat.split
    lo, hi = int(res.stat_low[j]), int(res.stat_high[j])
    return _Reason(
        code="split", effect="band_ranges", citation=f"{sp.citation}; {applied.citation_en}",
        citation_zh=f"{sp.citation_zh}；{applied.citation_zh}",
        en=f"Statutory range {fmt_en(lo)} to {fmt_en(hi)}; lenient below "
           f"{sp.lenient_upper_pct} % of the span, standard {sp.lenient_upper_pct} % to "
           f"{sp.aggravated_lower_pct} %, aggravated above {sp.aggravated_lower_pct} %; each "
           f"split may float by {sp.float_pp} points.",
        zh=f"法定幅度{fmt_zh(lo)}至{fmt_zh(hi)}；从轻处罚低于幅度的{sp.lenient_upper_pct}%，一般处罚"
           f"{sp.lenient_upper_pct}%至{sp.aggravated_lower_pct}%，从重处罚高于"
           f"{sp.aggravated_lower_pct}%；可上下浮动{sp.float_pp}个百分点。")


__all__ = ["build_assessment", "cny", "receipt", "open_band_codes", "NO_PENALTY", "LENIENT",
           "MITIGATED"]
