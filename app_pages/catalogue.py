"""Catalogue: every provision as in force on a chosen date, its versions, tiers, amounts,
citations and confidence. Thin: ``Catalogue.in_force`` selects; this page formats."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from app_pages.common import (
    DATE_MAX,
    DATE_MIN,
    amount,
    bi,
    bound,
    catalogue,
    citation,
    get_case,
    lang,
    law_name,
    provision_label,
    tr,
    version_lines,
    write_query,
)
from app_pages.i18n import BASIS, CONF, LIABLE, MODALITY, pick


def fine_text(p) -> str:
    """The catalogue's fine fields as one line (formatting only)."""
    f = p.fine
    zh = lang() == "zh"
    if f.basis == "none":
        return "—"
    if f.basis == "fixed":
        if f.max_only:
            return f"≤ {amount(f.max_cny)}"
        return f"{amount(f.min_cny)} – {amount(f.max_cny)}"
    if f.basis in ("gain_multiple", "procurement_multiple"):
        of = ("违法所得" if zh else "gains") if f.basis == "gain_multiple" else \
            ("采购金额" if zh else "procurement")
        text = f"{f.min_multiple}× – {f.max_multiple}× {of}"
        if f.fallback_max_cny is not None:
            fb = f"≤ {amount(f.fallback_max_cny)}" if f.max_only or not f.fallback_min_cny else \
                f"{amount(f.fallback_min_cny)} – {amount(f.fallback_max_cny)}"
            thr = f" (< {amount(f.gain_threshold_cny)})" if f.gain_threshold_cny else ""
            text += f"; {'否则' if zh else 'else'}{thr} {fb}"
        return text
    if f.basis == "fixed_or_turnover":
        return f"≤ {amount(f.max_cny)} {'或' if zh else 'or'} ≤ {f.turnover_pct_max} % " + \
            ("上一年度营业额" if zh else "of turnover")
    return f.basis


st.title(tr("catalogue_title"))
write_query(get_case())
cat = catalogue()
c1, c2 = st.columns([1, 2])
on = c1.date_input(tr("as_of"), key="cg_date", value=dt.date.today(), min_value=DATE_MIN,
                   max_value=DATE_MAX)
law = c2.selectbox(tr("law"), ["*", *cat.laws], key="cg_law",
                   format_func=bound(lambda c: tr("all_laws") if c == "*" else law_name(c)))
provs = cat.in_force(on, None if law == "*" else law)
st.markdown(tr("n_provisions", n=len(provs), d=on))
def _measure(code: str) -> str:
    """A penalty type as the data labels it (never its code)."""
    m = cat.benchmark.measures.get(code)
    if m is not None:
        return bi(m.en, m.zh)
    return bi("fine", "罚款") if code == "fine" else bi("other measure", "其他措施")


def _penalty(x) -> str:
    names = [_measure(o) for o in (x.options or (x.type,))]
    joined = (" / " if lang() != "zh" else "或者").join(names)
    return f"{joined} ({pick(MODALITY.get(x.modality, (x.modality, x.modality)), lang())})"


rows = [{
    tr("col_citation_full"): citation(p),
    tr("col_liable"): pick(LIABLE[p.liable], lang()), tr("col_amount"): fine_text(p),
    tr("col_basis"): pick(BASIS[p.fine.basis], lang()),
    tr("col_modality"): pick(MODALITY[p.fine.modality], lang()),
    tr("trigger"): bi(p.trigger.en, p.trigger.zh),
    tr("col_version"): f"{p.law} {p.law_version}", tr("col_from"): p.effective_from,
    tr("col_to"): p.effective_to or "",
    tr("col_counterparts"): "; ".join(citation(cat.provisions[c]) for c in p.counterparts
                                      if c in cat.provisions),
    tr("col_conf"): pick(CONF[p.confidence], lang()),
} for p in provs]
st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch", height=560)

if provs:
    st.subheader(tr("details"))
    pid = st.selectbox(tr("provision"), [p.id for p in provs], key="cg_detail",
                       format_func=bound(provision_label))
    p = cat.provisions[pid]
    st.markdown(f"**{p.citation_zh}** · {p.citation_en}  \n{p.law_title_zh} / {p.law_title_en}")
    st.markdown(f"**{tr('trigger')}:** {p.trigger.zh} / {p.trigger.en}")
    st.markdown(f"**{tr('summary')}:** {bi(p.summary_en, p.summary_zh)}")
    st.markdown(f"**{tr('col_amount')}:** {fine_text(p)} ({pick(BASIS[p.fine.basis], lang())}, "
                f"{pick(MODALITY[p.fine.modality], lang())})")
    st.markdown(f"**{tr('penalties')}:** " + ("；" if lang() == "zh" else "; ").join(
        _penalty(x) for x in p.penalties))
    persons = cat.persons_provision(p.id)
    if persons is not None:
        st.markdown(f"**{tr('persons')}:** {citation(persons)} · {fine_text(persons)}")
    st.markdown(f"**{tr('versions')}:**")
    for line in version_lines(p, fine_text):
        st.markdown(line)
    if p.notes:
        st.markdown(f"**{tr('notes')}:** {p.notes}")
    st.markdown(f"**{tr('sources')}:**")
    for s in p.sources:
        st.markdown(f"- {s}")
    st.caption(f"{tr('confidence')}: {pick(CONF[p.confidence], lang())}")
