"""The written discretion statement a lawyer attaches to a submission (DOCX or Markdown, English
or Chinese).

Everything substantive comes from the assessment the library returned: its reasons (law version,
limitation, each circumstance, band, split, ceilings, persons, confiscation, ...), its
assumptions and its receipt; the case supplies the facts as given. This module adds only
headings, labels and the arithmetic of Provision Art. 12 written out, and it checks that the
arithmetic gives the assessment's own numbers before writing it.

Its words are the message catalogue's (``penalty/messages/statement.yaml``, keys ``st_*``):
headings, labels and sentence templates in English and Chinese. Citations, law names, band and
circumstance labels come from ``data/`` and amounts from :mod:`penalty.money`; they are passed
into the templates as fields, never written into them.
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
from penalty.catalogue.wording import title_zh
from penalty.errors import InputError
from penalty.explain import range_words
from penalty.messages import catalogue as messages
from penalty.messages import pair, t
from penalty.models import BAND_ORDER, Assessment, Case, Range
from penalty.money import exact_text, format_cny, with_unit
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
        return [[t(f"st_lh_{k}", lang), UserText(str(getattr(self, k)).strip())]
                for k in ("firm", "matter", "client", "date", "author")
                if str(getattr(self, k)).strip()]


CENT = Decimal("0.01")

SECTION_OF = {"law_version": "provision", "one_act_several_norms": "provision",
              "limitation": "limitation", "band": "band", "split": "band",
              "turnover_ceilings": "band", "no_fine": "band",
              "responsible_persons": "persons", "confiscation": "confiscation"}


def option_lines(case: Case, lang: Lang, cat: Catalogue | None = None) -> list[str]:
    """The case's options in words, each marked as the default or as chosen."""
    defaults = type(case.options)().model_dump()
    # the APL text whose new grounds an option extends to earlier acts: the latest one (data)
    _, latest = (cat or load_catalogue()).param("apl.texts").latest
    revision = latest.label_zh if lang == "zh" else latest.label_en
    out = []
    for k, v in case.options.model_dump().items():
        value = str(v).lower() if isinstance(v, bool) or v is None else str(v)
        name = t_or(f"st_opt_{k}", lang, k, revision=revision)
        said = t_or(f"st_opt_{k}_is_{value}", lang, value)
        out.append(t("st_opt_default" if v == defaults.get(k) else "st_opt_chosen", lang,
                     name=name, value=said))
    return out


def _cite(citation: str, cat: Catalogue, lang: Lang) -> str:
    """A note's citation in the statement's language (Chinese citation style in Chinese)."""
    if lang != "zh":
        return citation
    from penalty.citations import citation_zh

    return citation_zh(citation, cat)


def t_or(key: str, lang: Lang, fallback: str, **fields: object) -> str:
    """The message ``key`` in ``lang``, or ``fallback`` where the catalogue has none (an option
    or a value added to the models before its wording)."""
    return t(key, lang, **fields) if key in messages() else fallback


def effect_label(effect: str, cat: Catalogue, lang: Lang, years: int | None = None) -> str:
    """A circumstance's legal effect in words; ``years``: the case's limitation period (APL Art.
    36, as in force when the act ended; without it, the longest period the APL has had)."""
    if effect == "limitation_extended":
        years = years or max(v for _, v in cat.param("apl.limitation_years_serious").changes())
        return t("st_effect_limitation_extended", lang, years=years)
    return t_or(f"st_effect_{effect}", lang, effect)


def money(value: Decimal, lang: Lang) -> str:
    return format_cny(value, lang, cents=True)


def money_exact(value: Decimal, lang: Lang) -> str:
    """An amount that may have fractions of a fen, written with all its decimals (at least two)."""
    return with_unit(exact_text(value), lang)


def span_text(r: Range, lang: Lang) -> str:
    if r.high_exclusive:  # mitigated: below the statutory minimum (Provision Art. 5)
        return range_words(r, lang)
    return t("st_span", lang, low=money(r.low_cny, lang), high=money(r.high_cny, lang))


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
    label = t({"gain_multiple": "st_f_gains", "procurement_multiple": "st_f_procurement"}[a.fine_basis],
              lang)
    return [t("st_arith_basis", lang, label=label, amount=money(amount, lang),
              min_multiple=f"{fine.min_multiple:g}", max_multiple=f"{fine.max_multiple:g}",
              low=money(a.statutory.low_cny, lang), high=money(a.statutory.high_cny, lang))]


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
    lines += [t("st_arith_span", lang, high=money(_cny(hi), lang), low=money(_cny(lo), lang),
                span=money(_cny(span), lang))]
    for point in a.split_points:
        exact = Decimal(span * point.pct) / 100 / 100  # CNY, up to four decimals
        note = "" if exact == exact.quantize(CENT) else t("st_arith_rounded", lang)
        lines.append(t("st_arith_point", lang, pct=point.pct, low=money(_cny(lo), lang),
                       span=money(_cny(span), lang), share=money_exact(exact, lang),
                       amount=money(point.amount_cny, lang)) + note)
    return lines


def _facts(case: Case, cat: Catalogue, lang: Lang) -> list[list[str]]:
    zh = lang == "zh"
    rows = [[t("st_item", lang), t("st_value", lang)]]
    provs = []
    for pid in case.provision_ids:
        p = cat.provisions.get(pid)
        provs.append((p.citation_zh if zh else p.citation_en) if p else pid)
    rows.append([t("st_f_provisions", lang), "; ".join(provs)])
    end = case.violation_end_date
    rows.append([t("st_f_period", lang), t("st_period", lang, start=case.violation_date, end=end)
                 if end else str(case.violation_date)])
    rows.append([t("st_f_discovery", lang), str(case.discovery_date or t("st_not_given", lang))])
    rows.append([t("st_f_decision", lang), str(case.decision_date)])
    party = t(f"st_party_{case.party.kind}", lang)
    if case.party.age is not None:
        party = t("st_party_aged", lang, party=party, age=case.party.age)
    if case.party.name:
        party = UserText(t("st_party_named", lang, party=party, name=case.party.name))
    rows.append([t("st_f_party", lang), party])
    for key, value in (("st_f_gains", case.illegal_gain_cny), ("st_f_turnover", case.turnover_cny),
                       ("st_f_procurement", case.procurement_amount_cny)):
        rows.append([t(key, lang), money(value, lang) if value is not None else
                     t("st_not_given", lang)])
    circ = []
    for code in case.circumstances:
        c = cat.circumstances.get(code)
        circ.append((c.zh if zh else c.en) if c else code)
    rows.append([t("st_f_circumstances", lang), "; ".join(circ) or t("st_none", lang)])
    prior = [f"{p.decided_on}" + ("" if p.same_kind else t("st_prior_other_kind", lang))
             + ("" if p.by_cac else t("st_prior_not_cac", lang))
             for p in case.prior_penalties]
    rows.append([t("st_f_prior", lang), "; ".join(prior) or t("st_none", lang)])
    rows.append([t("st_f_persons", lang), str(case.persons_count)])
    rows.append([t("st_f_options", lang), t("st_list_sep", lang).join(option_lines(case, lang, cat))])
    if case.label:
        rows.append([t("st_f_label", lang), UserText(case.label)])
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
    out: list[Block] = [*head, Block("h1", t("st_title", lang))]
    if case.label:
        out.append(Block("p", UserText(case.label)))
    meta = cat.benchmark.provision
    apl = cat.apl  # both instruments named as data/benchmark.yaml names them (title, short name)
    out.append(Block("small", t(
        "st_intro", lang, title=meta.title_zh if zh else meta.title_en,
        short=meta.short_zh if zh else meta.short_en,
        apl_title=title_zh(apl.title_zh if zh else apl.title_en),  # without "(2021 revision)"
        apl_short=apl.short_zh if zh else apl.short_en)))

    out += [Block("h2", t("st_h_facts", lang)), Block("table", rows=_facts(case, cat, lang))]

    # 2. provision and version (APL Art. 37)
    p = cat.provisions[a.provision_applied]
    out.append(Block("h2", t("st_h_provision", lang)))
    rows = [[t("st_item", lang), t("st_value", lang)],
            [t("st_applied", lang), p.citation_zh if zh else p.citation_en],
            [t("st_trigger", lang), p.trigger.zh if zh else p.trigger.en],
            [t("st_summary", lang), p.summary_zh if zh else p.summary_en]]
    out.append(Block("table", rows=rows))
    for r in by_section.get("provision", []):
        out.append(Block("p", t("st_cited", lang, text=say(r), citation=cite(r))))

    # 3. limitation (APL Art. 36)
    out.append(Block("h2", t("st_h_limitation", lang)))
    for r in by_section.get("limitation", []):
        out.append(Block("p", t("st_cited", lang, text=say(r), citation=cite(r))))

    # 4. circumstances
    out.append(Block("h2", t("st_h_circumstances", lang)))
    circ = by_section.get("circumstances", [])
    if circ:
        rows = [[t("st_c_name", lang), t("st_c_effect", lang), t("st_citation", lang)]]
        for r in circ:
            rows.append([say(r), effect_label(r.effect, cat, lang, a.limitation.period_years),
                         cite(r)])
        out.append(Block("table", rows=rows))
    else:
        out.append(Block("p", t("st_no_circumstances", lang)))

    # 5. band and range
    out.append(Block("h2", t("st_h_band", lang)))
    for r in by_section.get("band", []):
        out.append(Block("p", t("st_cited", lang, text=say(r), citation=cite(r))))
    if not a.benchmark_applies:
        out.append(Block("p", t("st_benchmark_not", lang)))
    lines = arithmetic(a, cat, lang, case)
    if lines:
        split_cite = cat.numbering_caveat(cat.split.citation_zh if zh else cat.split.citation,
                                          lang)
        out.append(Block("p", t("st_arith", lang, cite=split_cite)))
        out.append(Block("list", items=lines))
        rows = [[t("st_band_col", lang), t("st_range", lang), t("st_float_range", lang)]]
        for b in BAND_ORDER:
            if b in a.ranges:
                rows.append([labels[b], span_text(a.ranges[b], lang),
                             span_text(a.float_ranges[b], lang)])
        if a.fine is not None and a.float_fine is not None:
            rows.append([t("st_fine", lang), span_text(a.fine, lang),
                         span_text(a.float_fine, lang)])
        out.append(Block("table", rows=rows))
    for r in by_section.get("other", []):
        out.append(Block("p", t("st_cited", lang, text=say(r), citation=cite(r))))

    # 6. persons (Provision Art. 13)
    in_charge = bool(a.responsible_persons) and all(p.in_charge_only
                                                    for p in a.responsible_persons)
    out.append(Block("h2", t("st_h_persons_in_charge" if in_charge else "st_h_persons", lang)))
    for r in by_section.get("persons", []):
        out.append(Block("p", t("st_cited", lang, text=say(r), citation=cite(r))))
    if a.responsible_persons:
        for pf in a.responsible_persons:
            rows = [[t("st_band_col", lang), t("st_range_per_person", lang)]]
            for b in BAND_ORDER:
                if b in pf.ranges:
                    rows.append([labels[b], span_text(pf.ranges[b], lang)])
            if pf.fine is not None:
                rows.append([t("st_fine", lang), span_text(pf.fine, lang)])
            rows.append([t("st_count", lang), str(pf.count)])
            out.append(Block("table", rows=rows))
    else:
        out.append(Block("p", t("st_no_persons", lang)))

    # 7. confiscation (APL Art. 28)
    out.append(Block("h2", t("st_h_confiscation", lang)))
    conf = by_section.get("confiscation", [])
    for r in conf:
        out.append(Block("p", t("st_cited", lang, text=say(r), citation=cite(r))))
    if not conf:
        out.append(Block("p", t("st_no_confiscation", lang)))

    # 8. total
    out.append(Block("h2", t("st_h_total", lang)))
    out.append(Block("p", t("st_total_line", lang, range=span_text(a.total_exposure, lang))))

    # beside the total, observed practice (penalty.cases.likely): labelled, never a legal result
    from penalty.export.observed import observed

    heading, paras, rows = observed(a, lang)
    out.append(Block("p", heading))
    out += [Block("p", x) for x in paras]
    if rows:
        out.append(Block("table", rows=rows))

    # 9. assumptions
    out.append(Block("h2", t("st_h_assumptions", lang)))
    out.append(Block("list", items=[
        t("st_cited", lang, text=n.zh, citation=n.citation_zh or _cite(n.citation, cat, lang)) if zh
        else t("st_cited", lang, text=n.en, citation=n.citation)
        for n in a.assumptions] or [t("st_none", lang)]))

    # 10. the party's rights and deadlines (APL Arts. 44-45, 63-64, 66-67, 72-73; ARL; ALL)
    out += rights_blocks(case, a, lang, timeline)

    # 11. receipt
    rc = a.receipt
    import hashlib

    digest = hashlib.sha256(json.dumps(case.model_dump(mode="json"), sort_keys=True,
                                       ensure_ascii=False).encode()).hexdigest()
    out.append(Block("h2", t("st_h_receipt", lang)))
    out.append(Block("table", rows=[[t("st_item", lang), t("st_value", lang)],
                                    [t("st_r_engine", lang), rc.engine_version],
                                    [t("st_r_data", lang), rc.data_sha256],
                                    [t("st_r_bench", lang), str(rc.benchmark_effective_from)],
                                    [t("st_r_count", lang), str(rc.provisions_in_catalogue)],
                                    [t("st_r_case", lang), digest]]))
    return out


def rights_blocks(case: Case, a: Assessment, lang: Lang,
                  timeline: Timeline | None = None) -> list[Block]:
    """Section 10: hearing, payment, surcharge, reconsideration, lawsuit, enforcement and the
    credit record, from :func:`penalty.timeline` (by default counted from the case's decision
    date as the day the decision is received)."""
    from penalty.catalogue.procedure import load_procedure

    zh = lang == "zh"
    out = [Block("h2", t("st_h_rights", lang))]
    try:
        tl = timeline if timeline is not None else _timeline(
            a, decision_received=case.decision_date, decision_made=case.decision_date)
    except InputError as exc:  # e.g. a decision date past the calendar the counting supports
        out.append(Block("p", t("st_rights_none", lang, msg=str(exc))))
        return out
    events = [t(f"st_ev_{k}", lang, d=tl.events[k].isoformat())
              for k in ("case_filed", "notice_served", "decision_received") if k in tl.events]
    out.append(Block("p", t("st_rights_basis", lang, events=t("st_list_sep", lang).join(events))))
    h = tl.hearing
    out.append(Block("p", t("st_hearing_line", lang, text=h.zh if zh else h.en,
                            citation=h.citation_zh if zh else h.citation)))
    if "notice_served" not in tl.events and h.eligible is not False:
        req = next(p for p in load_procedure().periods if p.code == "hearing_request")
        out.append(Block("p", t("st_hearing_undated", lang, n=req.days or req.working_days,
                                citation=req.citation_zh if zh else req.citation)))
    rows = [[t("st_d_date", lang), t("st_d_what", lang), t("st_citation", lang)]]
    for d in tl.deadlines:
        rows.append([d.date.isoformat(), d.zh if zh else d.en, d.citation_zh if zh else d.citation])
    out.append(Block("table", rows=rows))
    s = tl.surcharge
    if s is not None:
        def two(lo: Decimal, hi: Decimal) -> str:
            return money(lo, lang) if lo == hi else span_text(Range(low_cny=lo, high_cny=hi), lang)
        out.append(Block("p", t(
            "st_surcharge", lang, per_day=two(s.per_day_cny, s.per_day_high_cny),
            start=s.starts_on.isoformat(), cap=two(s.cap_cny, s.cap_high_cny),
            cap_on=s.cap_reached_on.isoformat(), text=s.zh if zh else s.en,
            citation=s.citation_zh if zh else s.citation)))
    for f in tl.reconsideration_forums:
        out.append(Block("p", t("st_forum_line", lang, text=f.zh if zh else f.en,
                                citation=f.citation_zh if zh else f.citation)))
    c = tl.credit
    if c is not None:
        said = {"text": c.zh if zh else c.en, "citation": c.citation_zh if zh else c.citation,
                "end": c.publication_ends.isoformat()}
        # "any" and "minor" information is not named by its class
        cls = (t(f"st_credit_class_{c.credit_class}", lang)
               if c.credit_class in ("general", "serious") else "")
        out.append(Block("p", t("st_credit_minor", lang, **said) if not c.published else t(
            "st_credit_published", lang, cls=cls,
            repair=c.repair_from.isoformat() if c.repair_from else "—", **said)))
    known = {n.id for n in a.assumptions}
    # (a note with no Chinese citation names its law in its own words: no English in Chinese)
    notes = [(t("st_cited", lang, text=n.zh, citation=n.citation_zh) if n.citation_zh else n.zh)
             if zh else t("st_cited", lang, text=n.en, citation=n.citation)
             for n in tl.assumptions if n.id not in known]
    if notes:
        out.append(Block("p", t("st_rights_assumptions", lang)))
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

    firm_labels = pair("st_lh_firm")
    firm = b.rows[0][1] if b.rows and b.rows[0][0] in firm_labels else ""
    if firm:
        hp = doc.sections[0].header.paragraphs[0]
        run = hp.add_run(firm)
        run.bold = True
        run.font.size = Pt(12)
    for label, value in b.rows:
        if value == firm and label in firm_labels:
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
            lines += ["| {} | {} |".format(*pair("st_lang_name")), "|---|---|",
                      f"| {left_c} | {right_c} |", ""]
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
