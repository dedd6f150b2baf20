"""One published decision in full: the Chinese and English summary, sanctions, amounts, the
authority, source links and decision number (shared by the Estimate and Cases pages)."""

from __future__ import annotations

from typing import Any

import streamlit as st

from app_pages.cites import short_title
from app_pages.common import amount, bi, catalogue, field, lang, law_title, money, sep, tr
from penalty.cases.browse import group_label, share_of_turnover_pct, source_note, source_url
from penalty.cases.i18n import authority_zh, region_zh, sanction_label
from penalty.cases.schema import extra_law_codes, extra_law_names_zh


def authority_name(name: str) -> str:
    return authority_zh(name) if lang() == "zh" else name


def region_name(region: str | None) -> str:
    return region_zh(region or "undisclosed") if lang() == "zh" else (region or "—")


def articles_text(c: Any) -> str:
    """The provisions a decision applied: the catalogue's citations where the row links them;
    else, in Chinese, the laws it cites by their Chinese names (the ``articles`` column is the
    source's wording in English), in English that wording."""
    cat = catalogue()
    zh = lang() == "zh"
    cites = [bi(cat.provisions[p].citation_en, cat.provisions[p].citation_zh)
             for p in c.provision_ids if p in cat.provisions]
    if cites:
        return tr("list_semicolon").join(cites)
    if not zh:
        return str(c.articles)
    extra = extra_law_names_zh()
    names = [extra.get(code) or f"《{law_title(code)}》" for code in c.laws]
    return tr("list_comma").join(names) + tr("c_articles_unlinked")


def law_short_names() -> dict[str, str]:
    """Every law code of the case set by the name a chart's legend shows: the catalogue's title
    without "of the People's Republic of China" / "中华人民共和国" (Data Security Law, 数据安全法),
    or the case set's name of another instrument (data/case_laws.yaml)."""
    zh = lang() == "zh"
    names = {}
    for p in catalogue().provisions.values():
        if p.law not in names:
            names[p.law] = short_title(p.law_title_zh if zh else p.law_title_en, lang())
    extra = extra_law_names_zh() if zh else extra_law_codes()
    return {**names, **extra}


def turnover_share_text(c: Any) -> str:
    """The entity fine as a share of the party's turnover, "turnover not published" where the
    row has a fine but no sourced turnover, and a dash where there is no entity fine."""
    pct = share_of_turnover_pct(c)
    if pct is not None:
        return f"{pct} %"
    return tr("c_share_none") if c.fine_entity_cny is not None else "—"


def show(c: Any) -> None:
    """The case ``c`` (a ``CaseRow``) in a bordered box."""
    zh = lang() == "zh"
    with st.container(border=True, key=f"case_detail_{c.case_id}"):
        st.markdown(f"**{authority_name(c.authority)}** · {c.decision_date or '—'} · "
                    f"{region_name(c.region)}")
        number = c.decision_number
        st.caption(f"{sep('d_number')}{number or tr('d_number_none')} · "
                   f"{group_label('authority_type', c.authority_type, lang())} · "
                   f"{group_label('level', c.level, lang())}")
        st.markdown(f"{field('c_party')}{c.party_name}")
        summary_zh = c.summary_zh
        if zh and summary_zh:
            st.markdown(f"{field('c_summary')}{summary_zh}")
        else:
            st.markdown(f"{field('c_summary')}{c.violation_summary}")
            if summary_zh:
                st.caption(summary_zh)
        st.markdown(f"{field('c_articles')}{articles_text(c)}")
        st.markdown(field("c_sanctions") + tr("list_comma").join(sanction_label(s, lang()) for s in c.sanctions))
        st.caption(f"{sep('c_penalties_source')}{c.penalties}")
        amounts: list[str] = []
        if c.fine_entity_cny is not None:
            amounts.append(f"{sep('c_fine')}{amount(c.fine_entity_cny)}")
        if c.fine_individuals_cny is not None:
            amounts.append(f"{sep('c_persons')}{amount(c.fine_individuals_cny)}")
        if c.confiscated_cny is not None:
            amounts.append(f"{sep('c_confiscated')}{amount(c.confiscated_cny)}")
        if c.fine_entity_cny is not None:
            amounts.append(f"{sep('c_share')}{turnover_share_text(c)}")
        if amounts:
            st.markdown(" · ".join(amounts))
        if c.turnover_cny is not None:
            st.markdown(tr("c_turnover_line", amount=money(c.turnover_cny), year=c.turnover_year,
                           url=c.turnover_source))
        for i, entry in enumerate(c.source_urls, 1):
            url, note = source_url(entry), source_note(entry)
            name = f"{tr('source_link')} {i}"
            st.markdown((f"[{name}]({url})" if url else name) + (f" — {note}" if note else ""))
        if c.notes:
            st.caption(c.notes)


__all__ = ["articles_text", "authority_name", "law_short_names",
           "region_name", "show",
           "turnover_share_text"]
