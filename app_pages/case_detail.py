"""One published decision in full: the Chinese and English summary, sanctions, amounts, the
authority, source links and decision number (shared by the Estimate and Cases pages)."""

from __future__ import annotations

from typing import Any

import streamlit as st

from app_pages.common import amount, bi, catalogue, lang, tr
from penalty.cases.browse import AUTHORITY_TYPE_EN, LEVEL_EN, group_label
from penalty.cases.i18n import authority_zh, region_zh, sanction_label


def authority_name(name: str) -> str:
    return authority_zh(name) if lang() == "zh" else name


def region_name(region: str | None) -> str:
    return region_zh(region or "undisclosed") if lang() == "zh" else (region or "—")


def show(c: Any) -> None:
    """The case ``c`` (a ``CaseRow``) in a bordered box."""
    zh = lang() == "zh"
    with st.container(border=True, key=f"case_detail_{c.case_id}"):
        st.markdown(f"**{authority_name(c.authority)}** · {c.decision_date or '—'} · "
                    f"{region_name(c.region)}")
        number = c.decision_number
        st.caption(f"{tr('d_number')}: {number or tr('d_number_none')} · "
                   f"{group_label('authority_type', c.authority_type, lang())} · "
                   f"{group_label('level', c.level, lang())}")
        st.markdown(f"**{tr('c_party')}:** {c.party_name}")
        summary_zh = c.summary_zh
        if zh and summary_zh:
            st.markdown(f"**{tr('c_summary')}:** {summary_zh}")
        else:
            st.markdown(f"**{tr('c_summary')}:** {c.violation_summary}")
            if summary_zh:
                st.caption(summary_zh)
        cat = catalogue()
        cites = [bi(cat.provisions[p].citation_en, cat.provisions[p].citation_zh)
                 for p in c.provision_ids if p in cat.provisions]
        st.markdown(f"**{tr('c_articles')}:** {'; '.join(cites) or c.articles}")
        st.markdown(f"**{tr('c_sanctions')}:** " + "、".join(sanction_label(s, lang()) for s in c.sanctions)
                    if zh else f"**{tr('c_sanctions')}:** " + ", ".join(
                        sanction_label(s, lang()) for s in c.sanctions))
        st.caption(f"{tr('c_penalties_source')}: {c.penalties}")
        money = []
        if c.fine_entity_cny is not None:
            money.append(f"{tr('c_fine')}: {amount(c.fine_entity_cny)}")
        if c.fine_individuals_cny is not None:
            money.append(f"{tr('c_persons')}: {amount(c.fine_individuals_cny)}")
        if c.confiscated_cny is not None:
            money.append(f"{tr('c_confiscated')}: {amount(c.confiscated_cny)}")
        if money:
            st.markdown(" · ".join(money))
        for i, url in enumerate(c.source_urls, 1):
            st.markdown(f"[{tr('source_link')} {i}]({url})")
        if c.notes:
            st.caption(c.notes)


__all__ = ["AUTHORITY_TYPE_EN", "LEVEL_EN", "authority_name", "region_name", "show"]
