"""Estimate page, similar cases: the published decisions nearest to the scenario.

The lookup is cached per scenario (it does not depend on the circumstances' effect on the band,
only on the query); the chart is a Vega-Lite dict; a row opens the case's detail view.
"""

from __future__ import annotations

import json
from typing import Any

import pandas as pd
import streamlit as st

from app_pages import case_detail
from app_pages.chart import money_axis
from app_pages.common import amount, case_set, lang, tr
from penalty.cases.browse import source_url
from penalty.cases.i18n import label_zh


@st.cache_data(show_spinner=False, max_entries=256)
def _lookup(case_key: str) -> tuple[pd.DataFrame | None, list[str], list[str], str | None]:
    """The similar cases of a scenario (JSON text), with the library's warnings, or its error."""
    from penalty.cases import SimilarQuery, similar_cases

    try:
        q = SimilarQuery.from_case_json(json.loads(case_key))
        res = similar_cases(q, case_set().cases, min_results=3, limit=12)
    except (ValueError, KeyError) as e:
        return None, [], [], str(e)
    if not res.matches:
        return pd.DataFrame(), [], [], None
    return res.frame(), list(res.warnings), list(res.warnings_zh), None


@st.cache_data(show_spinner=False, max_entries=256)
def _compare(ids: tuple[str, ...], low: str, high: str) -> Any:
    from decimal import Decimal

    from penalty.cases import compare

    cs = case_set()
    return compare(Decimal(low), Decimal(high), [cs.by_id(i) for i in ids])


@st.cache_data(show_spinner=False, max_entries=256)
def _table(case_key: str, language: str) -> pd.DataFrame:
    """The similar cases as shown (built once per scenario and language)."""
    df = _lookup(case_key)[0]
    return pd.DataFrame({
        tr("c_date"): df["decision_date"].fillna("—"),
        tr("c_authority"): df["authority"].map(case_detail.authority_name),
        tr("c_fine"): df["fine_entity_cny"].map(lambda v: amount(v) if pd.notna(v) else "—"),
        tr("sources"): df["source_urls"].map(lambda s: source_url(s.split(" ; ")[0]) if s else None),
        tr("c_why"): df["reasons_zh" if language == "zh" else "reasons"].map("; ".join)})


def _chart(df: pd.DataFrame, low: float, high: float) -> dict[str, Any]:
    pts = df[df["fine_entity_cny"].notna()]
    values = [{"fine": float(r.fine_entity_cny), "who": case_detail.authority_name(r.authority),
               "date": r.decision_date if isinstance(r.decision_date, str) else "—",
               "fine_text": amount(r.fine_entity_cny),
               "match": label_zh("match_levels", r.match) if lang() == "zh" else r.match.replace("_", " ")}
              for r in pts.itertuples()]
    x_axis = money_axis(tr("c_fine"))
    return {
        "height": 200,
        "layer": [
            {"data": {"values": [{"low": low, "high": high}]},
             "mark": {"type": "rect", "opacity": 0.18, "color": "#d69e2e"},
             "encoding": {"x": {"field": "low", "type": "quantitative", "scale": {"type": "symlog"},
                                "axis": x_axis},
                          "x2": {"field": "high"}}},
            {"data": {"values": values},
             "mark": {"type": "circle", "size": 120, "opacity": 0.85},
             "encoding": {
                 "x": {"field": "fine", "type": "quantitative", "scale": {"type": "symlog"}},
                 "y": {"field": "match", "type": "nominal", "title": None,
                       "axis": {"labelLimit": 0, "labelFontSize": 12}},
                 "color": {"field": "match", "type": "nominal", "legend": None},
                 "tooltip": [{"field": "who", "title": tr("c_authority")},
                             {"field": "date", "title": tr("c_date")},
                             {"field": "fine_text", "title": tr("c_fine")}]}},
        ]}


def similar(a: Any, case: dict[str, Any]) -> None:
    from penalty.cases.stats import MIN_CASES_FOR_STATS

    st.subheader(tr("similar"))
    key = json.dumps({k: v for k, v in case.items() if k != "label"}, sort_keys=True, default=str)
    df, warnings, warnings_zh, err = _lookup(key)
    if err is not None:
        st.info(err)
        return
    if df is None or df.empty:
        st.info(tr("similar_none"))
        return
    if a.fine is not None:
        fine = a.ranges.get(a.band, a.fine) if a.band is not None else a.fine
        comp = _compare(tuple(df["case_id"]), str(fine.low_cny), str(fine.high_cny))
        if comp.share_within_pct is not None:
            st.markdown(tr("sits", n=comp.comparable_fines, below=comp.share_below_low_pct,
                           within=comp.share_within_pct, above=comp.share_above_high_pct))
        else:
            st.markdown(tr("sits_few", n=comp.comparable_fines, m=MIN_CASES_FOR_STATS))
        if df["fine_entity_cny"].notna().any():
            st.caption(tr("similar_chart"))
            st.vega_lite_chart(_chart(df, float(fine.low_cny), float(fine.high_cny)),
                               width="stretch")
    show = _table(key, lang())
    st.caption(tr("open_case_hint"))
    sel = st.dataframe(
        show, hide_index=True, width="stretch", key="similar_table", on_select="rerun",
        selection_mode="single-row", row_height=34,
        column_config={
            tr("c_date"): st.column_config.TextColumn(width=80),
            tr("c_authority"): st.column_config.TextColumn(width="medium"),
            tr("c_fine"): st.column_config.TextColumn(width=110),
            tr("sources"): st.column_config.LinkColumn(tr("sources"), display_text=tr("source_link"),
                                                       width=60),
            tr("c_why"): st.column_config.TextColumn(width="large")})
    rows = sel.selection.rows if sel is not None else []
    if rows:
        case_detail.show(case_set().by_id(df["case_id"].iloc[rows[0]]))
    for w in (warnings_zh if lang() == "zh" else warnings):
        st.caption(w)
