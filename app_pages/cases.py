"""Cases: the historical decisions with filters, statistics, charts and source links.
Thin: ``penalty.cases`` filters, computes the guarded statistics and draws the charts."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from app_pages.common import (
    amount,
    bound,
    case_set,
    cases_frame,
    catalogue,
    get_case,
    lang,
    positions_frame,
    tr,
    write_query,
)
from penalty.cases import CaseFilter, compute_stats, coverage, filter_cases, to_frame
from penalty.cases.charts import fines_by_year_and_law, position_by_provision

st.title(tr("cases_title"))
st.caption(tr("cases_intro"))
write_query(get_case())
cs = case_set()
full = cases_frame()
years = sorted(int(y) for y in full["year"].dropna().unique())
laws = sorted({law for v in full["laws"] for law in v.split(";") if law})

c1, c2, c3, c4 = st.columns(4)
law = c1.selectbox(tr("f_law"), ["*", *laws], key="cs_law",
                   format_func=bound(lambda v: tr("any") if v == "*" else v))
atype = c2.selectbox(tr("f_authority_type"), ["*", *sorted(full["authority_type"].unique())],
                     key="cs_authority_type", format_func=bound(lambda v: tr("any") if v == "*" else v))
level = c3.selectbox(tr("f_level"), ["*", *sorted(full["level"].unique())], key="cs_level",
                     format_func=bound(lambda v: tr("any") if v == "*" else v))
region = c4.text_input(tr("f_region"), key="cs_region")
c5, c6 = st.columns([3, 1], vertical_alignment="bottom")
yr = c5.slider(tr("f_years"), years[0], years[-1], (years[0], years[-1]), key="cs_years") \
    if len(years) > 1 else (None, None)
with_amount = c6.checkbox(tr("f_with_amount"), key="cs_with_amount")

flt = CaseFilter(law=None if law == "*" else law,
                 authority_type=None if atype == "*" else atype,
                 level=None if level == "*" else level, region=region.strip() or None,
                 year_from=yr[0] if yr[0] != years[0] else None,
                 year_to=yr[1] if yr[1] != years[-1] else None, with_amount=with_amount)
chosen = filter_cases(cs.cases, flt)
st.markdown(tr("n_cases", n=len(chosen), total=len(cs.cases)))

df = to_frame(chosen)
show = pd.DataFrame({
    "case_id": df["case_id"], tr("c_date"): df["decision_date"], tr("c_authority"): df["authority"],
    tr("c_type"): df["authority_type"], tr("c_region"): df["region"], tr("c_party"): df["party_name"],
    tr("c_laws"): df["laws"], tr("c_articles"): df["articles"],
    tr("c_fine"): df["fine_entity_cny"].map(lambda v: amount(v) if pd.notna(v) else "—"),
    tr("c_persons"): df["fine_individuals_cny"].map(lambda v: amount(v) if pd.notna(v) else "—"),
    tr("c_penalties"): df["penalties"], tr("c_summary"): df["violation_summary"],
    tr("col_conf"): df["confidence"],
    tr("sources"): df["source_urls"].map(lambda s: s.split(" ; ")[0] if s else None)})
st.dataframe(show, hide_index=True, width="stretch", height=360, column_config={
    tr("sources"): st.column_config.LinkColumn(tr("sources"), display_text=tr("source_link"))})

if not chosen:
    st.stop()

st.subheader(tr("stats"))
stats = compute_stats(chosen, description=flt.describe())
rows = [(tr("stat_count"), str(stats.with_entity_fine))]
if stats.fines is not None:
    rows += [(tr("stat_median"), amount(stats.fines.median)),
             (tr("stat_min"), amount(stats.fines.min)), (tr("stat_max"), amount(stats.fines.max))]
if stats.positions is not None:
    rows.append((tr("stat_pos"), f"{stats.positions.median} %"))
st.table(pd.DataFrame([dict(rows)]), hide_index=True)
if stats.warnings:
    with st.expander(tr("warnings")):
        zh = lang() == "zh"
        for w in (stats.warnings_zh if zh else stats.warnings):
            st.markdown(f"- {w}")
        st.caption(stats.computed_from_zh if zh else stats.computed_from)

c7, c8 = st.columns(2)
if df["fine_entity_cny"].notna().any():
    c7.altair_chart(fines_by_year_and_law(df, lang=lang()).properties(title=tr("chart_fines"),
                                                                        height=320),
                    width="stretch")
pos = positions_frame()
pos = pos[pos["case_id"].isin(set(df["case_id"]))]
if pos["position_pct"].notna().any():
    split = catalogue().split
    c8.altair_chart(position_by_provision(pos, split.lenient_upper_pct, split.aggravated_lower_pct,
                                          lang=lang())
                    .properties(title=tr("chart_positions"), height=320), width="stretch")

with st.expander(tr("coverage")):
    for name, table in coverage(chosen).items():
        st.markdown(f"**{name}**")
        st.dataframe(table, width="stretch")
