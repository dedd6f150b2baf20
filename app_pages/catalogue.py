"""Catalogue: every provision as in force on a chosen date, its versions, tiers, amounts,
citations and confidence. Thin: ``Catalogue.in_force`` selects; this page formats."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from app_pages.cites import short_title
from app_pages.common import (
    DATE_MAX,
    DATE_MIN,
    amount,
    bi,
    bound,
    catalogue,
    citation,
    field,
    get_case,
    lang,
    law_name,
    provision_label,
    tr,
    version_lines,
    write_query,
)


def _label(kind: str, code: str) -> str:
    """A provision code's label from data/labels.yaml (liable, basis, modality, confidence)."""
    return getattr(catalogue().labels, kind)[code].text(lang())


def fine_text(p) -> str:
    """The catalogue's fine fields as one line (formatting only)."""
    f = p.fine
    if f.basis == "none":
        return "—"
    if f.basis == "fixed":
        if f.max_only:
            return f"≤ {amount(f.max_cny)}"
        return f"{amount(f.min_cny)} – {amount(f.max_cny)}"
    if f.basis in ("gain_multiple", "procurement_multiple"):
        of = tr("fine_of_gains") if f.basis == "gain_multiple" else tr("fine_of_procurement")
        text = f"{f.min_multiple}× – {f.max_multiple}× {of}"
        if f.fallback_max_cny is not None:
            fb = f"≤ {amount(f.fallback_max_cny)}" if f.max_only or not f.fallback_min_cny else \
                f"{amount(f.fallback_min_cny)} – {amount(f.fallback_max_cny)}"
            thr = f" (< {amount(f.gain_threshold_cny)})" if f.gain_threshold_cny else ""
            text += tr("fine_else", threshold=thr, fallback=fb)
        return text
    if f.basis == "fixed_or_turnover":
        return tr("fine_turnover", max=amount(f.max_cny), pct=f.turnover_pct_max)
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
    return tr("measure_fine") if code == "fine" else tr("measure_other")


def _penalty(x) -> str:
    names = [_measure(o) for o in (x.options or (x.type,))]
    return paren(tr("list_slash").join(names), _label("modality", x.modality))


def paren(text: str, note: str) -> str:
    """``text (note)``, with full-width brackets in Chinese."""
    return tr("name_with_note", name=text, note=note)


def version_label(p) -> str:
    """The law's text a provision belongs to: "CSL 2017", in Chinese "《网络安全法》2017年文本"."""
    law = short_title(p.law_title_zh, "zh") if lang() == "zh" else p.law
    return tr("cg_version", law=law, year=p.law_version)


rows = [{
    tr("col_citation_full"): citation(p),
    tr("col_liable"): _label('liable', p.liable), tr("col_amount"): fine_text(p),
    tr("col_basis"): _label('basis', p.fine.basis),
    tr("col_modality"): _label('modality', p.fine.modality),
    tr("trigger"): bi(p.trigger.en, p.trigger.zh),
    tr("col_version"): version_label(p), tr("col_from"): p.effective_from,
    tr("col_to"): p.effective_to or "",
    tr("col_counterparts"): "; ".join(citation(cat.provisions[c]) for c in p.counterparts
                                      if c in cat.provisions),
    tr("col_conf"): _label('confidence', p.confidence),
} for p in provs]
st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch", height=560)

if provs:
    st.subheader(tr("details"))
    pid = st.selectbox(tr("provision"), [p.id for p in provs], key="cg_detail",
                       format_func=bound(provision_label))
    p = cat.provisions[pid]
    st.markdown(f"**{p.citation_zh}** · {p.citation_en}  \n{p.law_title_zh} / {p.law_title_en}")
    st.markdown(f"{field('trigger')}{p.trigger.zh} / {p.trigger.en}")
    st.markdown(f"{field('summary')}{bi(p.summary_en, p.summary_zh)}")
    if p.fine.basis == "none":  # no fine: say so once, not "— (no fine, —)"
        st.markdown(f"{field('col_amount')}{_label('basis', 'none')}")
    else:
        st.markdown(f"{field('col_amount')}" + paren(fine_text(p), tr("list_comma").join(
            (_label("basis", p.fine.basis), _label("modality", p.fine.modality)))))
    st.markdown(f"{field('penalties')}" + tr("list_semicolon").join(
        _penalty(x) for x in p.penalties))
    persons = cat.persons_provision(p.id)
    if persons is not None:
        st.markdown(f"{field('persons')}{citation(persons)} · {fine_text(persons)}")
    st.markdown(f"{field('versions')}")
    for line in version_lines(p, fine_text):
        st.markdown(line)
    if p.notes:
        st.markdown(f"{field('notes')}{p.notes}")
    st.markdown(f"{field('sources')}")
    for s in p.sources:
        st.markdown(f"- {s}")
    st.caption(f"{tr('confidence')}: {_label('confidence', p.confidence)}")
