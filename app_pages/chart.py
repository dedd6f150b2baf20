"""Estimate page, the chart: every band of the provision on one axis, the estimate beneath."""

from __future__ import annotations

from typing import Any

import altair as alt
import pandas as pd
import streamlit as st

import penalty
from app_pages.common import BAND_COLOURS, band_label, catalogue, lang, money_range, tr
from penalty.whatif import band_scale


def picture(a: Any, case: dict[str, Any]) -> None:
    try:
        scale = band_scale(case, catalogue())
    except penalty.InputError:
        return
    if scale is None or a.fine is None:
        return
    split = catalogue().split
    order = [band_label(b) for b in penalty.models.BAND_ORDER if b != "no_penalty"]
    est = tr("estimate_row")
    rows = []
    for b in penalty.models.BAND_ORDER:
        if b == "no_penalty":
            continue
        r, fr = scale.ranges[b], scale.float_ranges[b]
        is_open = b in scale.open_bands
        rows.append({"row": band_label(b), "band": b, "low": float(r.low_cny),
                     "high": float(r.high_cny), "layer": "band", "open": is_open,
                     "range": money_range(r)})
        rows.append({"row": band_label(b), "band": b, "low": float(fr.low_cny),
                     "high": float(fr.high_cny), "layer": "float", "open": is_open,
                     "range": f"{tr('float_row')}: {money_range(fr)}"})
    df = pd.DataFrame(rows)
    est_df = pd.DataFrame([
        {"row": est, "low": float(a.float_fine.low_cny), "high": float(a.float_fine.high_cny),
         "range": f"{tr('float_row')}: {money_range(a.float_fine)}", "layer": "float"},
        {"row": est, "low": float(a.fine.low_cny), "high": float(a.fine.high_cny),
         "range": money_range(a.fine), "layer": "band"}])
    y = alt.Y("row:N", sort=[*order, est], title=None, axis=alt.Axis(labelLimit=200))
    x = alt.X("low:Q", title=tr("fine") + (" (元)" if lang() == "zh" else " (CNY)"),
              axis=alt.Axis(format="~s"))
    colour = alt.Color("band:N", scale=alt.Scale(domain=list(BAND_COLOURS),
                                                 range=list(BAND_COLOURS.values())), legend=None)
    tip = [alt.Tooltip("row:N", title=tr("col_band")), alt.Tooltip("range:N", title=tr("col_range"))]
    base = alt.Chart(df)
    floats = base.transform_filter("datum.layer == 'float'").mark_bar(size=26, opacity=0.22).encode(
        x=x, x2="high:Q", y=y, color=colour, tooltip=tip)
    bands = base.transform_filter("datum.layer == 'band'").mark_bar(size=12).encode(
        x=x, x2="high:Q", y=y, color=colour, tooltip=tip,
        opacity=alt.condition("datum.open", alt.value(1.0), alt.value(0.35)))
    e = alt.Chart(est_df)
    est_float = e.transform_filter("datum.layer == 'float'").mark_bar(
        size=26, color="#000", opacity=0.15).encode(x=x, x2="high:Q", y=y, tooltip=tip)
    est_bar = e.transform_filter("datum.layer == 'band'").mark_bar(size=12, color="#111").encode(
        x=x, x2="high:Q", y=y, tooltip=tip)
    chart = (floats + bands + est_float + est_bar).properties(height=230)
    st.markdown(f"**{tr('picture')}**")
    st.altair_chart(chart, width="stretch")
    st.caption(tr("picture_caption", lo=split.lenient_upper_pct, hi=split.aggravated_lower_pct,
                  f=split.float_pp))
