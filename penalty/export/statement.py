"""The written discretion statement a lawyer attaches to a submission (DOCX or Markdown, English
or Chinese).

Everything substantive comes from the assessment the library returned: its reasons (law version,
limitation, each circumstance, band, split, ceilings, persons, confiscation, ...), its
assumptions and its receipt; the case supplies the facts as given. This module adds only
headings, labels and the arithmetic of Provision Art. 12 written out, and it checks that the
arithmetic gives the assessment's own numbers before writing it.
"""

from __future__ import annotations

import io
import json
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, BinaryIO, Literal

from penalty.api import assess, parse_case
from penalty.catalogue import Catalogue, load_catalogue
from penalty.errors import InputError
from penalty.explain import range_words
from penalty.models import BAND_ORDER, Assessment, Case, Range
from penalty.money import format_cny
from penalty.procedure import Timeline
from penalty.procedure import timeline as _timeline

from .safety import clean_for_xml

Lang = Literal["en", "zh"]
DocLang = Literal["en", "zh", "bi"]  # "bi": English and Chinese side by side


@dataclass(frozen=True)
class Letterhead:
    """Who sends the statement, about what and when: printed at its head (any field may be
    blank; user text, never read as a formula or markup)."""

    firm: str = ""
    matter: str = ""
    client: str = ""
    date: str = ""
    author: str = ""

    def rows(self, lang: Lang) -> list[list[str]]:
        labels = {"firm": ("Firm", "律师事务所"), "matter": ("Matter", "案件"), "client": ("Client", "委托人"),
                  "date": ("Date", "日期"), "author": ("Prepared by", "承办人")}
        return [[labels[k][1 if lang == "zh" else 0], UserText(str(getattr(self, k)).strip())]
                for k in ("firm", "matter", "client", "date", "author")
                if str(getattr(self, k)).strip()]
CENT = Decimal("0.01")

T: dict[str, tuple[str, str]] = {
    "title": ("Discretion statement", "行政处罚裁量说明"),
    "intro": ("This statement sets out how the {title} (the Provision) and the Administrative "
              "Penalty Law apply to the facts below. It is an estimate; the decision rests with "
              "the authority.",
              "本说明阐述《{title}》（以下简称《规定》）及《中华人民共和国行政处罚法》（以下简称"
              "《行政处罚法》）对下列事实的适用。本说明系计算工具作出的估算，最终以执法机关的决定"
              "为准。"),
    "facts": ("1. Facts as given", "一、案件事实（依所提供的信息）"),
    "provision": ("2. Provision and version applied", "二、适用的条款及版本"),
    "limitation": ("3. Limitation period", "三、追责时效"),
    "circumstances": ("4. Circumstances", "四、裁量情节"),
    "band": ("5. Band and range", "五、裁量阶次和罚款幅度"),
    "persons": ("6. Directly responsible persons", "六、直接负责的主管人员和其他直接责任人员"),
    "persons_in_charge": ("6. Directly responsible persons", "六、直接负责的主管人员"),
    "confiscation": ("7. Confiscation", "七、没收违法所得"),
    "total": ("8. Total exposure", "八、总体风险敞口"),
    "assumptions": ("9. Assumptions", "九、假设"),
    "rights": ("10. The party's rights and deadlines", "十、当事人的权利和期限"),
    "receipt": ("11. Receipt", "十一、计算凭据"),
    "rights_basis": ("Dates are counted from {events} on China's official calendar (the day of "
                     "service not counted; a period ending on a rest day or holiday ends on the "
                     "next working day). They change with the actual dates of service.",
                     "以下日期自{events}起，按国家法定节假日及调休安排计算（送达当日不计入；期间届满日为"
                     "休息日或者法定节假日的，顺延至其后第一个工作日），实际送达日期不同的，期限相应变化。"),
    "ev_notice_served": ("the notice of the intended penalty served on {d}",
                         "{d}送达行政处罚事先告知书"),
    "ev_decision_received": ("the decision received on {d}", "{d}收到行政处罚决定书"),
    "ev_case_filed": ("the case filed on {d}", "{d}立案"),
    "ev_and": ("; ", "；"),
    "hearing_undated": ("A hearing must be requested within {n} working days after the notice of "
                        "the intended penalty; a statement and defence may be made in the period "
                        "the notice sets.", "当事人要求听证的，应当在行政机关告知后{n}个工作日内提出；"
                        "可以在告知书载明的期限内进行陈述、申辩。"),
    "hearing": ("Hearing", "听证"),
    "d_date": ("Date", "日期"), "d_what": ("Right or duty", "权利或者义务"),
    "surcharge": ("Late payment: {per_day} per day from {start}, at most {cap}, reached on "
                  "{cap_on}.", "逾期缴纳：自{start}起每日加处{per_day}，最多{cap}，于{cap_on}达到上限。"),
    "forum": ("Where to challenge", "复议机关"),
    "credit": ("Credit record", "信用记录"),
    "credit_line": ("{cls}publication from the decision; repair may be applied for from {repair}; "
                    "publication ends by {end}.", "{cls}自决定之日起公示；{repair}起可以申请信用修复；"
                    "最迟于{end}停止公示。"),
    "credit_minor": ("Minor credit information is not published in principle (if it is, until "
                     "{end} at the latest).", "轻微失信信息原则上不予公示（确需公示的，最迟至{end}）。"),
    "rights_assumptions": ("Assumptions of the timeline", "期限计算的假设"),
    "rights_none": ("No deadlines could be counted: {msg}", "无法计算期限：{msg}"),
    "item": ("Item", "项目"), "value": ("As given", "内容"),
    "f_provisions": ("Provision cited", "所涉条款"),
    "f_period": ("Violation", "违法行为时间"), "f_discovery": ("Discovered", "发现日期"),
    "f_decision": ("Decision date", "决定日期"), "f_party": ("Party", "当事人"),
    "f_gains": ("Illegal gains", "违法所得"), "f_turnover": ("Turnover", "营业额"),
    "f_procurement": ("Procurement amount", "采购金额"),
    "f_circumstances": ("Circumstances", "情节"), "f_prior": ("Prior penalties", "既往处罚"),
    "f_persons": ("Directly responsible persons", "直接责任人员人数"),
    "f_options": ("Options", "计算选项"), "f_label": ("Label", "标签"),
    "none": ("none", "无"), "not_given": ("not given", "未提供"),
    "organisation": ("organisation", "单位"), "individual": ("individual", "个人"),
    "age": ("aged", "年龄"),
    "applied": ("Applied", "适用"), "citation": ("Citation", "依据"),
    "summary": ("Content", "内容"), "trigger": ("Condition", "适用条件"),
    "c_name": ("Circumstance", "情节"), "c_effect": ("Legal effect", "法律效果"),
    "no_circumstances": ("No circumstance was given or derived from the facts.",
                         "未提供也未从事实中推出任何裁量情节。"),
    "arith": ("Arithmetic ({cite}; every amount in whole fen, fractions of a fen rounded down)",
              "计算过程（{cite}；金额以分为单位，不足一分的部分舍去）"),
    "span": ("Span", "幅度差额"), "point": ("point", "分界点"),
    "band_col": ("Band", "阶次"), "range": ("Range", "幅度"),
    "float_range": ("Range with float", "浮动后幅度"),
    "fine": ("Fine range (all open bands)", "罚款幅度（涵盖所有可能的阶次）"),
    "float_fine": ("Fine range with float", "浮动后罚款幅度"),
    "no_persons": ("No separate fine for directly responsible persons applies.",
                   "不适用对直接责任人员的单独罚款。"),
    "per_person": ("per person", "每人"), "count": ("Number of persons", "人数"),
    "no_confiscation": ("No illegal gains were given; nothing is confiscated.",
                        "未提供违法所得，不涉及没收。"),
    "total_line": ("Fine, persons' fines and confiscation together",
                   "罚款、直接责任人员罚款及没收合计"),
    "r_engine": ("Engine version", "引擎版本"), "r_data": ("Data digest (SHA-256)", "数据摘要"),
    "r_bench": ("Benchmark in force from", "裁量基准施行日期"),
    "r_count": ("Provisions in catalogue", "条款数量"),
    "r_case": ("Case digest (SHA-256 of the input JSON)", "输入案件摘要"),
    "benchmark_not": ("The benchmark Provision was not yet in force on the decision date; the "
                      "bands are shown as a guide.", "决定日期时裁量基准尚未施行，阶次仅供参考。"),
    "other": ("Further reasons", "其他理由"),
    "to": (" to ", "至"),
}
EFFECTS: dict[str, tuple[str, str]] = {
    "no_penalty_shall": ("no penalty (shall)", "应当不予处罚"),
    "no_penalty_may": ("no penalty possible (may)", "可以不予处罚"),
    "lenient_or_mitigated_shall": ("lenient or mitigated penalty (shall)", "应当从轻或者减轻处罚"),
    "lenient_or_mitigated_may": ("lenient or mitigated penalty possible (may)",
                                 "可以从轻或者减轻处罚"),
    "aggravate_shall": ("aggravated penalty (shall)", "应当从重处罚"),
}
"""Labels of the circumstances' legal effects; ``limitation_extended`` is written by
:func:`effect_label` with the period from the catalogue (APL Art. 36)."""
OPTIONS_ZH: dict[str, tuple[str, dict[str, str]]] = {
    "turnover_ceiling": ("营业额上限", {"higher": "取固定上限与营业额比例上限中较高者",
                                   "fixed": "按固定上限", "turnover": "按营业额比例上限"}),
    "prefer_mitigated": ("从宽时优先减轻处罚", {"True": "是", "False": "否"}),
    "apply_may_circumstances": ("适用“可以”型情节", {"True": "是", "False": "否"}),
    "repeat_window_anchor": ("一年期间的起算点", {"violation_end": "自违法行为终了之日向前计算",
                                          "decision": "自作出处罚决定之日向前计算"}),
}
"""The calculation options in Chinese words (a Chinese statement names no option codes)."""
SECTION_OF = {"law_version": "provision", "one_act_several_norms": "provision",
              "limitation": "limitation", "band": "band", "split": "band",
              "turnover_ceilings": "band", "no_fine": "band",
              "responsible_persons": "persons", "confiscation": "confiscation"}


OPTION_TEXT: dict[str, tuple[str, str]] = {
    "turnover_ceiling": ("Turnover-based ceiling", "以营业额计算的上限"),
    "turnover_ceiling=higher": ("the higher of the fixed amount and the turnover share",
                                "固定金额与营业额比例中较高者"),
    "turnover_ceiling=fixed": ("the fixed amount", "固定金额"),
    "turnover_ceiling=turnover": ("the share of turnover", "营业额比例"),
    "prefer_mitigated": ("Lenient or mitigated, where the law does not choose",
                         "法律未明确从轻或者减轻时"),
    "prefer_mitigated=false": ("lenient expected", "预计从轻处罚"),
    "prefer_mitigated=true": ("mitigated expected", "预计减轻处罚"),
    "apply_may_circumstances": ("Circumstances that permit milder treatment (\"may\")",
                                "“可以”从宽的情节"),
    "apply_may_circumstances=true": ("applied", "予以适用"),
    "apply_may_circumstances=false": ("not applied", "不予适用"),
    "repeat_window_anchor": ("One-year window for repeat offences counted back from",
                             "再次违法一年期间的起算点"),
    "repeat_window_anchor=violation_end": ("the end of the present violation", "本次违法行为终了之日"),
    "repeat_window_anchor=decision": ("the decision date", "作出处罚决定之日"),
    "warning_alone_in_standard_band": ("A warning alone in the standard band (optional fine)",
                                       "一般处罚可以单处警告（可以并处罚款时）"),
    "warning_alone_in_standard_band=false": ("no", "否"),
    "warning_alone_in_standard_band=true": ("yes", "是"),
    "first_violation_lookback_months": ("Look-back for a first violation, in months",
                                        "认定初次违法的追溯期间（月）"),
    "first_violation_lookback_months=None": ("no limit", "不限"),
    "confiscate_when_not_punished": ("Illegal gains confiscated without a penalty",
                                     "不予行政处罚时没收违法所得"),
    "confiscate_when_not_punished=false": ("no", "否"),
    "confiscate_when_not_punished=true": ("yes", "是"),
    "aggravated_for_minors": ("Aggravated band open for 14- to 17-year-olds",
                              "已满十四周岁不满十八周岁的未成年人可以从重处罚"),
    "aggravated_for_minors=true": ("yes", "是"),
    "aggravated_for_minors=false": ("no", "否"),
    "apl_2021_lighter_rules_for_earlier_acts": (
        "Lighter grounds of the 2021 APL for earlier acts", "2021年修订前的行为适用新增的从轻规定"),
    "apl_2021_lighter_rules_for_earlier_acts=true": ("applied", "予以适用"),
    "apl_2021_lighter_rules_for_earlier_acts=false": ("not applied", "不予适用"),
}


def option_lines(case: Case, lang: Lang) -> list[str]:
    """The case's options in words, each marked as the default or as chosen."""
    zh = lang == "zh"
    defaults = type(case.options)().model_dump()
    out = []
    for k, v in case.options.model_dump().items():
        value = str(v).lower() if isinstance(v, bool) else str(v)
        name = OPTION_TEXT.get(k, (k, k))[1 if zh else 0]
        said = OPTION_TEXT.get(f"{k}={value}", (value, value))[1 if zh else 0]
        mark = ("（默认）" if zh else " (default)") if v == defaults.get(k) else ("（已选择）" if zh else " (chosen)")
        out.append(f"{name}{'：' if zh else ': '}{said}{mark}")
    return out


def _cite(citation: str, cat: Catalogue, lang: Lang) -> str:
    """A note's citation in the statement's language (Chinese citation style in Chinese)."""
    if lang != "zh":
        return citation
    from penalty.citations import citation_zh

    return citation_zh(citation, cat)


def t(key: str, lang: Lang) -> str:
    return T[key][0 if lang == "en" else 1]


def effect_label(effect: str, cat: Catalogue, lang: Lang) -> str:
    """A circumstance's legal effect in words."""
    if effect == "limitation_extended":
        years = cat.apl.limitation_years_serious
        return (f"{years}-year limitation period" if lang == "en"
                else f"追责时效延长至{years}年")
    en, zh = EFFECTS.get(effect, (effect, effect))
    return en if lang == "en" else zh


def money(value: Decimal, lang: Lang) -> str:
    return format_cny(value, lang, cents=True)


def money_exact(value: Decimal, lang: Lang) -> str:
    """An amount that may have fractions of a fen, written with all its decimals (at least two)."""
    text = f"{value:,.4f}".rstrip("0")
    if len(text.split(".")[1]) < 2:
        text = f"{value:,.2f}"
    return f"CNY {text}" if lang == "en" else f"{text}元"


def span_text(r: Range, lang: Lang) -> str:
    if r.high_exclusive:  # mitigated: below the statutory minimum (Provision Art. 5)
        return range_words(r, lang)
    return money(r.low_cny, lang) + t("to", lang) + money(r.high_cny, lang)


# ---------------------------------------------------------------------------- document model
@dataclass
class Block:
    kind: Literal["h1", "h2", "p", "table", "list", "small", "letterhead"]
    text: str = ""
    rows: list[list[str]] = field(default_factory=list)  # table: first row is the header
    items: list[str] = field(default_factory=list)


def _fen(d: Decimal) -> int:
    return int((d * 100).to_integral_value())


def _cny(fen: int) -> Decimal:
    return (Decimal(fen) / 100).quantize(CENT)


def _basis_lines(a: Assessment, cat: Catalogue, case: Case, lang: Lang) -> list[str]:
    """The statutory range from a multiple of an amount, written out where the multiple (not a
    fallback range: the assessment then notes ``gains_fallback_range``) gave the assessment's
    statutory range. The amounts are the assessment's own."""
    assert a.statutory is not None
    fine = cat.provisions[a.provision_applied].fine
    amount = {"gain_multiple": case.illegal_gain_cny,
              "procurement_multiple": case.procurement_amount_cny}.get(a.fine_basis)
    if (amount is None or fine.min_multiple is None or fine.max_multiple is None
            or any(n.id == "gains_fallback_range" for n in a.assumptions)):
        return []  # a fallback range applies; the reasons say so
    name = {"gain_multiple": ("Illegal gains", "违法所得"),
            "procurement_multiple": ("Procurement amount", "采购金额")}[a.fine_basis]
    lo, hi = a.statutory.low_cny, a.statutory.high_cny
    label = name[0] if lang == "en" else name[1]
    return [f"{label} {money(amount, lang)} × {fine.min_multiple:g} = {money(lo, lang)}; "
            f"× {fine.max_multiple:g} = {money(hi, lang)}"]


def arithmetic(a: Assessment, cat: Catalogue, lang: Lang, case: Case | None = None
               ) -> list[str]:
    """Provision Art. 12 written out: the span and each split point with its float, as the
    engine computed them (``Assessment.split_points``); nothing is recomputed here but the
    exact share shown beside each rounded point."""
    if a.statutory is None:
        return []
    lo, hi = _fen(a.statutory.low_cny), _fen(a.statutory.high_cny)
    span = hi - lo
    lines = _basis_lines(a, cat, case, lang) if case is not None else []
    lines += [f"{t('span', lang)}: {money(_cny(hi), lang)} − {money(_cny(lo), lang)} = "
              f"{money(_cny(span), lang)}"]
    for point in a.split_points:
        exact = Decimal(span * point.pct) / 100 / 100  # CNY, up to four decimals
        shown = money_exact(exact, lang)
        note = "" if exact == exact.quantize(CENT) else (
            " (rounded down to the fen)" if lang == "en" else "（不足一分舍去）")
        lines.append(f"{point.pct} % {t('point', lang)}: {money(_cny(lo), lang)} + "
                     f"{point.pct} % × {money(_cny(span), lang)} = {money(_cny(lo), lang)} + "
                     f"{shown} = {money(point.amount_cny, lang)}{note}")
    return lines


def _facts(case: Case, cat: Catalogue, lang: Lang) -> list[list[str]]:
    zh = lang == "zh"
    rows = [[t("item", lang), t("value", lang)]]
    provs = []
    for pid in case.provision_ids:
        p = cat.provisions.get(pid)
        provs.append((p.citation_zh if zh else p.citation_en) if p else pid)
    rows.append([t("f_provisions", lang), "; ".join(provs)])
    end = case.violation_end_date
    rows.append([t("f_period", lang), f"{case.violation_date}" + (f" – {end}" if end else "")])
    rows.append([t("f_discovery", lang), str(case.discovery_date or t("not_given", lang))])
    rows.append([t("f_decision", lang), str(case.decision_date)])
    party = t(case.party.kind, lang)
    if case.party.age is not None:
        party += f", {t('age', lang)} {case.party.age}"
    if case.party.name:
        party = UserText(f"{party}: {case.party.name}")
    rows.append([t("f_party", lang), party])
    for key, value in (("f_gains", case.illegal_gain_cny), ("f_turnover", case.turnover_cny),
                       ("f_procurement", case.procurement_amount_cny)):
        rows.append([t(key, lang), money(value, lang) if value is not None else
                     t("not_given", lang)])
    circ = []
    for code in case.circumstances:
        c = cat.circumstances.get(code)
        circ.append((c.zh if zh else c.en) if c else code)
    rows.append([t("f_circumstances", lang), "; ".join(circ) or t("none", lang)])
    prior = [f"{p.decided_on}" + ("" if p.same_kind else (", other kind" if not zh else "，非同类"))
             + ("" if p.by_cac else (", not by CAC" if not zh else "，非网信部门"))
             for p in case.prior_penalties]
    rows.append([t("f_prior", lang), "; ".join(prior) or t("none", lang)])
    rows.append([t("f_persons", lang), str(case.persons_count)])
    rows.append([t("f_options", lang), ("；" if zh else "; ").join(option_lines(case, lang))])
    if case.label:
        rows.append([t("f_label", lang), UserText(case.label)])
    return rows


def statement_blocks(case: Case, a: Assessment, cat: Catalogue, lang: Lang,
                     timeline: Timeline | None = None,
                     letterhead: Letterhead | None = None) -> list[Block]:
    """The statement as a list of blocks (rendered by :func:`statement_markdown` and
    :func:`statement_docx`)."""
    zh = lang == "zh"
    head = [Block("letterhead", rows=letterhead.rows(lang))] \
        if letterhead is not None and letterhead.rows(lang) else []

    def cite(r) -> str:
        return (r.citation_zh or r.citation) if zh else r.citation

    def say(r) -> str:
        return r.zh if zh else r.en

    by_section: dict[str, list] = {}
    for r in a.reasons:
        sec = "circumstances" if r.code in cat.circumstances else SECTION_OF.get(r.code, "other")
        by_section.setdefault(sec, []).append(r)
    labels = {b.code: (b.zh if zh else b.en) for b in cat.bands}
    out: list[Block] = [*head, Block("h1", t("title", lang))]
    if case.label:
        out.append(Block("p", UserText(case.label)))
    meta = cat.benchmark.provision
    out.append(Block("small", t("intro", lang).format(
        title=meta.title_zh if zh else meta.title_en)))

    out += [Block("h2", t("facts", lang)), Block("table", rows=_facts(case, cat, lang))]

    # 2. provision and version (APL Art. 37)
    p = cat.provisions[a.provision_applied]
    out.append(Block("h2", t("provision", lang)))
    rows = [[t("item", lang), t("value", lang)],
            [t("applied", lang), p.citation_zh if zh else p.citation_en],
            [t("trigger", lang), p.trigger.zh if zh else p.trigger.en],
            [t("summary", lang), p.summary_zh if zh else p.summary_en]]
    out.append(Block("table", rows=rows))
    for r in by_section.get("provision", []):
        out.append(Block("p", f"{say(r)} [{cite(r)}]"))

    # 3. limitation (APL Art. 36)
    out.append(Block("h2", t("limitation", lang)))
    for r in by_section.get("limitation", []):
        out.append(Block("p", f"{say(r)} [{cite(r)}]"))

    # 4. circumstances
    out.append(Block("h2", t("circumstances", lang)))
    circ = by_section.get("circumstances", [])
    if circ:
        rows = [[t("c_name", lang), t("c_effect", lang), t("citation", lang)]]
        for r in circ:
            rows.append([say(r), effect_label(r.effect, cat, lang), cite(r)])
        out.append(Block("table", rows=rows))
    else:
        out.append(Block("p", t("no_circumstances", lang)))

    # 5. band and range
    out.append(Block("h2", t("band", lang)))
    for r in by_section.get("band", []):
        out.append(Block("p", f"{say(r)} [{cite(r)}]"))
    if not a.benchmark_applies:
        out.append(Block("p", t("benchmark_not", lang)))
    lines = arithmetic(a, cat, lang, case)
    if lines:
        split_cite = cat.numbering_caveat(cat.split.citation_zh if zh else cat.split.citation,
                                          lang)
        out.append(Block("p", t("arith", lang).format(cite=split_cite)))
        out.append(Block("list", items=lines))
        rows = [[t("band_col", lang), t("range", lang), t("float_range", lang)]]
        for b in BAND_ORDER:
            if b in a.ranges:
                rows.append([labels[b], span_text(a.ranges[b], lang),
                             span_text(a.float_ranges[b], lang)])
        if a.fine is not None and a.float_fine is not None:
            rows.append([t("fine", lang), span_text(a.fine, lang),
                         span_text(a.float_fine, lang)])
        out.append(Block("table", rows=rows))
    for r in by_section.get("other", []):
        out.append(Block("p", f"{say(r)} [{cite(r)}]"))

    # 6. persons (Provision Art. 13)
    in_charge = bool(a.responsible_persons) and all(p.in_charge_only
                                                    for p in a.responsible_persons)
    out.append(Block("h2", t("persons_in_charge" if in_charge else "persons", lang)))
    for r in by_section.get("persons", []):
        out.append(Block("p", f"{say(r)} [{cite(r)}]"))
    if a.responsible_persons:
        for pf in a.responsible_persons:
            rows = [[t("band_col", lang), f"{t('range', lang)} ({t('per_person', lang)})"]]
            for b in BAND_ORDER:
                if b in pf.ranges:
                    rows.append([labels[b], span_text(pf.ranges[b], lang)])
            if pf.fine is not None:
                rows.append([t("fine", lang), span_text(pf.fine, lang)])
            rows.append([t("count", lang), str(pf.count)])
            out.append(Block("table", rows=rows))
    else:
        out.append(Block("p", t("no_persons", lang)))

    # 7. confiscation (APL Art. 28)
    out.append(Block("h2", t("confiscation", lang)))
    conf = by_section.get("confiscation", [])
    for r in conf:
        out.append(Block("p", f"{say(r)} [{cite(r)}]"))
    if not conf:
        out.append(Block("p", t("no_confiscation", lang)))

    # 8. total
    out.append(Block("h2", t("total", lang)))
    out.append(Block("p", f"{t('total_line', lang)}: {span_text(a.total_exposure, lang)}"))

    # beside the total, observed practice (penalty.cases.likely): labelled, never a legal result
    from penalty.export.observed import observed

    heading, paras, rows = observed(a, lang)
    out.append(Block("p", heading))
    out += [Block("p", x) for x in paras]
    if rows:
        out.append(Block("table", rows=rows))

    # 9. assumptions
    out.append(Block("h2", t("assumptions", lang)))
    out.append(Block("list", items=[
        f"{n.zh} [{n.citation_zh or _cite(n.citation, cat, lang)}]" if zh else f"{n.en} [{n.citation}]"
        for n in a.assumptions] or [t("none", lang)]))

    # 10. the party's rights and deadlines (APL Arts. 44-45, 63-64, 66-67, 72-73; ARL; ALL)
    out += rights_blocks(case, a, lang, timeline)

    # 11. receipt
    rc = a.receipt
    import hashlib

    digest = hashlib.sha256(json.dumps(case.model_dump(mode="json"), sort_keys=True,
                                       ensure_ascii=False).encode()).hexdigest()
    out.append(Block("h2", t("receipt", lang)))
    out.append(Block("table", rows=[[t("item", lang), t("value", lang)],
                                    [t("r_engine", lang), rc.engine_version],
                                    [t("r_data", lang), rc.data_sha256],
                                    [t("r_bench", lang), str(rc.benchmark_effective_from)],
                                    [t("r_count", lang), str(rc.provisions_in_catalogue)],
                                    [t("r_case", lang), digest]]))
    return out


def rights_blocks(case: Case, a: Assessment, lang: Lang,
                  timeline: Timeline | None = None) -> list[Block]:
    """Section 10: hearing, payment, surcharge, reconsideration, lawsuit, enforcement and the
    credit record, from :func:`penalty.timeline` (by default counted from the case's decision
    date as the day the decision is received)."""
    from penalty.catalogue.procedure import load_procedure

    zh = lang == "zh"
    out = [Block("h2", t("rights", lang))]
    try:
        tl = timeline if timeline is not None else _timeline(
            a, decision_received=case.decision_date, decision_made=case.decision_date)
    except InputError as exc:  # e.g. a decision date past the calendar the counting supports
        out.append(Block("p", t("rights_none", lang).format(msg=str(exc))))
        return out
    events = [t(f"ev_{k}", lang).format(d=tl.events[k].isoformat())
              for k in ("case_filed", "notice_served", "decision_received") if k in tl.events]
    out.append(Block("p", t("rights_basis", lang).format(events=t("ev_and", lang).join(events))))
    h = tl.hearing
    colon = "：" if zh else ": "
    out.append(Block("p", f"{t('hearing', lang)}{colon}{h.zh if zh else h.en} "
                          f"[{h.citation_zh if zh else h.citation}]"))
    if "notice_served" not in tl.events and h.eligible is not False:
        req = next(p for p in load_procedure().periods if p.code == "hearing_request")
        out.append(Block("p", t("hearing_undated", lang).format(n=req.days or req.working_days)
                         + f" [{req.citation_zh if zh else req.citation}]"))
    rows = [[t("d_date", lang), t("d_what", lang), t("citation", lang)]]
    for d in tl.deadlines:
        rows.append([d.date.isoformat(), d.zh if zh else d.en, d.citation_zh if zh else d.citation])
    out.append(Block("table", rows=rows))
    s = tl.surcharge
    if s is not None:
        def two(lo: Decimal, hi: Decimal) -> str:
            return money(lo, lang) if lo == hi else span_text(Range(low_cny=lo, high_cny=hi), lang)
        out.append(Block("p", t("surcharge", lang).format(
            per_day=two(s.per_day_cny, s.per_day_high_cny), start=s.starts_on.isoformat(),
            cap=two(s.cap_cny, s.cap_high_cny), cap_on=s.cap_reached_on.isoformat())
            + f" {s.zh if zh else s.en} [{s.citation_zh if zh else s.citation}]"))
    for f in tl.reconsideration_forums:
        out.append(Block("p", f"{t('forum', lang)}{colon}{f.zh if zh else f.en} "
                              f"[{f.citation_zh if zh else f.citation}]"))
    c = tl.credit
    if c is not None:
        names = {"any": ("", ""), "minor": ("", ""), "general": ("General: ", "一般失信信息"),
                 "serious": ("Serious: ", "严重失信信息")}[c.credit_class]
        line = (t("credit_minor", lang).format(end=c.publication_ends.isoformat())
                if not c.published else t("credit_line", lang).format(
                    cls=names[1] if zh else names[0], end=c.publication_ends.isoformat(),
                    repair=c.repair_from.isoformat() if c.repair_from else "—"))
        out.append(Block("p", f"{t('credit', lang)}{colon}{line} {c.zh if zh else c.en} "
                              f"[{c.citation_zh if zh else c.citation}]"))
    known = {n.id for n in a.assumptions}
    # (a note with no Chinese citation names its law in its own words: no English in Chinese)
    notes = [(f"{n.zh}" + (f" [{n.citation_zh}]" if n.citation_zh else "")) if zh
             else f"{n.en} [{n.citation}]" for n in tl.assumptions if n.id not in known]
    if notes:
        out.append(Block("p", t("rights_assumptions", lang)))
        out.append(Block("list", items=notes))
    return out


# ------------------------------------------------------------------------------------ renderers
class UserText(str):
    """Text that came from the user (a label, a party's name): escaped in full in Markdown."""


def _md_cell(text: str) -> str:
    if isinstance(text, UserText):
        return _md_user(text, cell=True)
    return _md_text(text).replace("\\", "\\\\").replace("|", "\\|").replace("\n", "<br>")


def _md_text(text: str) -> str:
    """The library's own text: kept from being read as HTML."""
    if isinstance(text, UserText):
        return _md_user(text)
    return clean_for_xml(text).replace("<", "&lt;").replace(">", "&gt;")


_MD_SPECIAL = re.compile(r"([\\`*_\[\]{}!#~|])")
_MD_LINE_START = re.compile(r"^(\s*)([-+=]|\d+[.)])")


def _md_user(text: str, cell: bool = False) -> str:
    """User text as Markdown that renders as exactly that text: no heading, list, link, image,
    emphasis, table cell or HTML can come out of it. Control characters become U+FFFD; line
    breaks become spaces (a block is one line)."""
    text = clean_for_xml(text)
    text = re.sub(r"[\r\n]+", " ", text)
    text = text.replace("<", "&lt;").replace(">", "&gt;")
    text = _MD_SPECIAL.sub(r"\\\1", text)
    if cell:
        return text
    return _MD_LINE_START.sub(lambda m: m[1] + "\\" + m[2] if m[2][0] in "-+=" else
                              m[1] + m[2][:-1] + "\\" + m[2][-1], text)


def render_markdown(blocks: list[Block]) -> str:
    lines: list[str] = []
    for b in blocks:
        if b.kind == "letterhead":
            lines += [f"**{_md_text(label)}:** {_md_text(value)}  " for label, value in b.rows] + [""]
        elif b.kind == "h1":
            lines += [f"# {_md_text(b.text)}", ""]
        elif b.kind == "h2":
            lines += [f"## {_md_text(b.text)}", ""]
        elif b.kind in ("p", "small"):
            lines += [(_md_text(b.text) if b.kind == "p" else f"*{_md_text(b.text)}*"), ""]
        elif b.kind == "list":
            lines += [f"- {_md_text(i)}" for i in b.items] + [""]
        elif b.kind == "table":
            head, *body = b.rows
            lines.append("| " + " | ".join(_md_cell(c) for c in head) + " |")
            lines.append("|" + "|".join("---" for _ in head) + "|")
            lines += ["| " + " | ".join(_md_cell(c) for c in row) + " |" for row in body]
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def render_docx(blocks: list[Block], lang: Lang) -> bytes:
    from penalty.extras import require

    require("docx")  # the `export` extra
    from docx import Document
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.oxml.ns import qn
    from docx.shared import Pt, RGBColor

    doc = Document()
    latin, east = ("Calibri", "SimSun")
    blocks = [Block(b.kind, clean_for_xml(b.text), [[clean_for_xml(c) for c in r] for r in b.rows],
                    [clean_for_xml(i) for i in b.items]) for b in blocks]

    def set_font(style, size: float | None = None) -> None:
        style.font.name = latin
        rpr = style.element.get_or_add_rPr()
        fonts = rpr.find(qn("w:rFonts"))
        if fonts is None:
            fonts = rpr.makeelement(qn("w:rFonts"), {})
            rpr.append(fonts)
        fonts.set(qn("w:eastAsia"), east)
        fonts.set(qn("w:ascii"), latin)
        fonts.set(qn("w:hAnsi"), latin)
        if size:
            style.font.size = Pt(size)

    set_font(doc.styles["Normal"], 10.5)
    for name in ("Title", "Heading 1", "Heading 2", "List Bullet"):
        set_font(doc.styles[name])
    if lang == "zh":
        lang_el = doc.styles["Normal"].element.get_or_add_rPr().makeelement(
            qn("w:lang"), {qn("w:eastAsia"): "zh-CN", qn("w:val"): "zh-CN"})
        doc.styles["Normal"].element.get_or_add_rPr().append(lang_el)
    section = doc.sections[0]
    from docx.shared import Cm

    section.left_margin = section.right_margin = Cm(2.2)
    for b in blocks:
        if b.kind == "letterhead":
            _docx_letterhead(doc, b)
        elif b.kind == "h1":
            doc.add_heading(b.text, level=0)
        elif b.kind == "h2":
            doc.add_heading(b.text, level=1)
        elif b.kind == "p":
            doc.add_paragraph(b.text)
        elif b.kind == "small":
            run = doc.add_paragraph().add_run(b.text)
            run.italic = True
            run.font.size = Pt(9)
            run.font.color.rgb = RGBColor(0x44, 0x44, 0x44)
        elif b.kind == "list":
            for item in b.items:
                doc.add_paragraph(item, style="List Bullet")
        elif b.kind == "table":
            head, *body = b.rows
            table = doc.add_table(rows=1, cols=len(head))
            table.style = "Table Grid"
            table.alignment = WD_TABLE_ALIGNMENT.CENTER
            for j, h in enumerate(head):
                cell = table.rows[0].cells[j]
                cell.text = ""
                run = cell.paragraphs[0].add_run(h)
                run.bold = True
            for row in body:
                cells = table.add_row().cells
                for j, value in enumerate(row):
                    cells[j].text = value
            doc.add_paragraph()
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def _docx_letterhead(doc: Any, b: Block) -> None:
    """The letterhead: the firm in the page header, the other fields at the top, right-aligned."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    firm = b.rows[0][1] if b.rows and b.rows[0][0] in ("Firm", "律师事务所") else ""
    if firm:
        hp = doc.sections[0].header.paragraphs[0]
        run = hp.add_run(firm)
        run.bold = True
        run.font.size = Pt(12)
    for label, value in b.rows:
        if value == firm and label in ("Firm", "律师事务所"):
            continue
        para = doc.add_paragraph()
        para.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        para.add_run(f"{label}: ").bold = True
        para.add_run(value)


def _bilingual_pairs(case: Case, a: Assessment, cat: Catalogue, timeline: Timeline | None,
                     letterhead: Letterhead | None) -> list[tuple[Block, Block]]:
    en = statement_blocks(case, a, cat, "en", timeline, letterhead)
    zh = statement_blocks(case, a, cat, "zh", timeline, letterhead)
    if [b.kind for b in en] != [b.kind for b in zh]:  # both come from the same data
        raise AssertionError("the English and Chinese statements differ in structure")
    return list(zip(en, zh))


def render_markdown_bilingual(pairs: list[tuple[Block, Block]]) -> str:
    """English and Chinese side by side: headings joined, paragraphs and lists as a two-column
    table, tables with the Chinese columns beside the English ones."""
    lines: list[str] = []

    def cell(text: str) -> str:
        return _md_cell(_md_text(text))

    for en, zh in pairs:
        if en.kind in ("h1", "h2"):
            mark = "#" if en.kind == "h1" else "##"
            lines += [f"{mark} {_md_text(en.text)} / {_md_text(zh.text)}", ""]
        elif en.kind in ("p", "small", "list"):
            if en.kind == "list":
                left_c = "<br>".join("• " + cell(i) for i in en.items)
                right_c = "<br>".join("• " + cell(i) for i in zh.items)
            else:
                left_c, right_c = cell(en.text), cell(zh.text)
            lines += ["| English | 中文 |", "|---|---|", f"| {left_c} | {right_c} |", ""]
        elif en.kind in ("table", "letterhead"):
            rows = [e + z for e, z in zip(en.rows, zh.rows)]
            if en.kind == "letterhead":
                rows = [["", "", "", ""], *rows]
            head, *body = rows
            lines.append("| " + " | ".join(cell(c) for c in head) + " |")
            lines.append("|" + "|".join("---" for _ in head) + "|")
            lines += ["| " + " | ".join(cell(c) for c in row) + " |" for row in body]
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def render_docx_bilingual(pairs: list[tuple[Block, Block]]) -> bytes:
    """English and Chinese side by side in a Word document: one two-column table, a row per
    block (tables nested in their cells), landscape pages."""
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    doc = Document()
    normal = doc.styles["Normal"]
    normal.font.name = "Calibri"
    normal.font.size = Pt(9.5)
    rpr = normal.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.append(fonts)
    fonts.set(qn("w:eastAsia"), "SimSun")
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = section.page_height, section.page_width
    section.left_margin = section.right_margin = Cm(1.6)
    if pairs and pairs[0][0].kind == "letterhead":
        _docx_letterhead(doc, pairs[0][0])  # the fields as given, labelled in English
        pairs = pairs[1:]
    grid = doc.add_table(rows=0, cols=2)
    grid.style = "Table Grid"

    def fill(container: Any, b: Block) -> None:
        para = container.paragraphs[0] if container.paragraphs and not container.paragraphs[0].text \
            else container.add_paragraph()
        if b.kind in ("h1", "h2"):
            run = para.add_run(b.text)
            run.bold = True
            run.font.size = Pt(14 if b.kind == "h1" else 11.5)
        elif b.kind in ("p", "small"):
            run = para.add_run(b.text)
            if b.kind == "small":
                run.italic = True
                run.font.size = Pt(8.5)
        elif b.kind == "list":
            para.add_run("• " + b.items[0] if b.items else "")
            for item in b.items[1:]:
                container.add_paragraph("• " + item)
        elif b.kind in ("table", "letterhead"):
            head, *body = b.rows or [[""]]
            inner = container.add_table(rows=1, cols=len(head))
            inner.style = "Table Grid"
            for j, h in enumerate(head):
                inner.rows[0].cells[j].text = ""
                inner.rows[0].cells[j].paragraphs[0].add_run(h).bold = True
            for row in body:
                cells = inner.add_row().cells
                for j, value in enumerate(row):
                    cells[j].text = value

    for en, zh in pairs:
        row = grid.add_row().cells
        fill(row[0], en)
        fill(row[1], zh)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


# ------------------------------------------------------------------------------------ public API
def _inputs(case: Case | dict[str, Any] | str, assessment: Assessment | None,
            catalogue: Catalogue | None) -> tuple[Case, Assessment, Catalogue]:
    cat = catalogue or load_catalogue()
    c = parse_case(case)
    a = assessment if assessment is not None else assess(c, catalogue=cat)
    return c, a, cat


def statement_markdown(case: Case | dict[str, Any] | str, lang: DocLang = "en",
                       assessment: Assessment | None = None,
                       catalogue: Catalogue | None = None,
                       timeline: Timeline | None = None,
                       letterhead: Letterhead | None = None) -> str:
    """The discretion statement of ``case`` as Markdown (``timeline``: the procedure dates to
    show; default: counted from the case's decision date as the day of receipt). ``lang="bi"``
    sets English and Chinese side by side; ``letterhead`` heads it with firm, matter, client
    and date."""
    c, a, cat = _inputs(case, assessment, catalogue)
    if lang == "bi":
        return render_markdown_bilingual(_bilingual_pairs(c, a, cat, timeline, letterhead))
    return render_markdown(statement_blocks(c, a, cat, lang, timeline, letterhead))


def statement_docx(case: Case | dict[str, Any] | str, lang: DocLang = "en",
                   assessment: Assessment | None = None,
                   catalogue: Catalogue | None = None,
                   timeline: Timeline | None = None,
                   letterhead: Letterhead | None = None) -> bytes:
    """The discretion statement of ``case`` as a Word document (bytes); ``lang="bi"``: English
    and Chinese side by side."""
    c, a, cat = _inputs(case, assessment, catalogue)
    if lang == "bi":
        return render_docx_bilingual(_bilingual_pairs(c, a, cat, timeline, letterhead))
    return render_docx(statement_blocks(c, a, cat, lang, timeline, letterhead), lang)


def write_statement(case: Case | dict[str, Any] | str, target: str | Path | BinaryIO,
                    fmt: Literal["docx", "md"] = "docx", lang: DocLang = "en",
                    catalogue: Catalogue | None = None, timeline: Timeline | None = None,
                    letterhead: Letterhead | None = None) -> None:
    """Write the statement to ``target`` (a path or a binary file)."""
    if fmt not in ("docx", "md"):
        raise ValueError(f"format {fmt!r} is not supported; use docx or md")
    if lang not in ("en", "zh", "bi"):
        raise ValueError(f"language {lang!r} is not supported; use en, zh or bi")
    data = (statement_docx(case, lang, catalogue=catalogue, timeline=timeline,
                           letterhead=letterhead) if fmt == "docx"
            else statement_markdown(case, lang, catalogue=catalogue, timeline=timeline,
                                    letterhead=letterhead).encode("utf-8"))
    if isinstance(target, (str, Path)):
        Path(target).write_bytes(data)
    else:
        target.write(data)


__all__ = [
    "Letterhead",
    "arithmetic",
    "rights_blocks",
    "effect_label",
    "render_docx",
    "render_markdown",
    "statement_blocks",
    "statement_docx",
    "statement_markdown",
    "write_statement",
]
