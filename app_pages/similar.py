"""Estimate page, similar cases: the published decisions nearest to the scenario."""

from __future__ import annotations

from typing import Any

import altair as alt
import pandas as pd
import streamlit as st

from app_pages.common import amount, case_set, lang, tr


def similar(a: Any, case: dict[str, Any]) -> None:
    from penalty.cases import SimilarQuery, compare, similar_cases
    from penalty.cases.charts import estimate_over_similar
    from penalty.cases.stats import MIN_CASES_FOR_STATS

    st.subheader(tr("similar"))
    cs = case_set()
    try:
        q = SimilarQuery.from_case_json(case)
        res = similar_cases(q, cs.cases, min_results=3, limit=12)
    except (ValueError, KeyError) as e:
        st.info(str(e))
        return
    if not res.matches:
        st.info(tr("similar_none"))
        return
    df = res.frame()
    if a.fine is not None:
        comp = compare(a.fine.low_cny, a.fine.high_cny, [cs.by_id(m.case_id) for m in res.matches])
        if comp.share_within_pct is not None:
            st.markdown(tr("sits", n=comp.comparable_fines, below=comp.share_below_low_pct,
                           within=comp.share_within_pct, above=comp.share_above_high_pct))
        else:
            st.markdown(tr("sits_few", n=comp.comparable_fines, m=MIN_CASES_FOR_STATS))
        if df["fine_entity_cny"].notna().any():
            chart = estimate_over_similar(df, a.fine.low_cny, a.fine.high_cny, lang=lang())
            for layer in chart.layer:
                layer.title = alt.Undefined
            st.altair_chart(chart.properties(title=tr("similar_chart"), height=160),
                            width="stretch")
    show = pd.DataFrame({
        "case_id": df["case_id"], tr("c_match"): df["match"],
        tr("c_date"): df["decision_date"].fillna("—"), tr("c_authority"): df["authority"],
        tr("c_fine"): df["fine_entity_cny"].map(lambda v: amount(v) if pd.notna(v) else "—"),
        tr("c_why"): df["reasons_zh" if lang() == "zh" else "reasons"].map("; ".join),
        tr("sources"): df["source_urls"].map(lambda s: s.split(" ; ")[0] if s else None)})
    st.dataframe(show, hide_index=True, width="stretch", column_config={
        tr("sources"): st.column_config.LinkColumn(tr("sources"), display_text=tr("source_link"))})
    for w in (res.warnings_zh if lang() == "zh" else res.warnings):
        st.caption(w)
