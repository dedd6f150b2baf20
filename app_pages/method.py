"""Method: what the tool computes, what it leaves to the authority, its assumptions, the data's
coverage and caveats, and the receipt of the current estimate."""

from __future__ import annotations

import streamlit as st

import penalty
from app_pages import likely
from app_pages.common import assess, bi, case_set, catalogue, get_case, tr, write_query

st.title(tr("method_title"))
cat = catalogue()
case = get_case()
try:  # Provision Art. 12 as in force at the scenario's decision (today for a broken scenario)
    split = cat.split_on(penalty.parse_case(case).decision_date)
except penalty.InputError:
    split = cat.split_on()
write_query(case)

st.subheader(tr("m_computes"))
st.markdown(tr("m_computes_body", lo=split.lenient_upper_pct, hi=split.aggravated_lower_pct,
               f=split.float_pp))
st.subheader(tr("m_not"))
st.markdown(tr("m_not_body"))

st.subheader(tr("m_bands"))
for b in cat.bands:
    cite = bi(cat.numbering_caveat(b.citation), cat.numbering_caveat(b.citation_zh, "zh"))
    st.markdown(f"- **{bi(b.en, b.zh)}** — {bi(b.summary_en, b.summary_zh)} *({cite})*")

st.subheader(tr("m_assumptions"))
for a in cat.assumptions.values():
    cite = bi(cat.numbering_caveat(a.citation), cat.numbering_caveat(a.citation_zh, "zh"))
    st.markdown(f"- {bi(a.en, a.zh)} *({cite})*")

st.subheader(tr("m_coverage"))
cases = case_set().cases
st.markdown(tr("m_coverage_body", p=len(cat.provisions), l=len(cat.laws), c=len(cases),
               f=sum(1 for c in cases if c.has_fine_amount)))
likely.method_section()

st.subheader(tr("m_caveats"))
st.markdown(tr("m_caveats_body", d=split.provision_from))
if cat.benchmark.provision.note:  # the note is English data; Chinese mode gives the caveat's words
    st.caption(bi(cat.benchmark.provision.note, cat.benchmark.provision.numbering_caveat_zh + "。"))
st.caption(f"{bi(cat.benchmark.provision.title_en, cat.benchmark.provision.title_zh)} · "
           f"{cat.benchmark.provision.document_number}")

st.subheader(tr("m_receipt"))
a, err = assess(case)
if a is not None:
    r = a.receipt
    st.markdown(tr("m_receipt_body", v=r.engine_version, sha=f"`{r.data_sha256}`",
                   d=r.benchmark_effective_from, n=r.provisions_in_catalogue))
else:
    st.caption(str(err))
