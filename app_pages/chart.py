"""Estimate page, the chart: every band of the provision on one axis, the estimate beneath.

The chart is written as a Vega-Lite spec directly (a dict), not through Altair: Altair validates
every encoding against the schema, which costs a third of a second per chart on each rerun.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

import penalty
from app_pages.common import BAND_COLOURS, band_label, catalogue, lang, money_range, tr
from penalty.whatif import band_scale


def money_axis(title: str) -> dict[str, Any]:
    """A money axis a lawyer reads: 500k / 5M in English, 50万 / 5000万 / 2亿 in Chinese."""
    axis: dict[str, Any] = {"title": title, "labelOverlap": "greedy", "tickCount": 6,
                            "labelFontSize": 12, "titleFontSize": 12}
    if lang() == "zh":
        axis["labelExpr"] = ("datum.value >= 1e8 ? format(datum.value / 1e8, '~g') + '亿' : "
                             "datum.value >= 1e4 ? format(datum.value / 1e4, '~g') + '万' : "
                             "format(datum.value, '~g')")
    else:
        axis["format"] = "~s"
    return axis


def fine_title() -> str:
    return tr("fine_axis")


def band_spec(rows: list[dict[str, Any]], order: list[str], height: int = 230) -> dict[str, Any]:
    """Layered bars: a light float bar and a solid band bar per row, coloured per band code."""
    colour = {"field": "band", "type": "nominal", "legend": None,
              "scale": {"domain": list(BAND_COLOURS), "range": list(BAND_COLOURS.values())}}
    y = {"field": "row", "type": "nominal", "sort": order, "title": None,
         "axis": {"labelLimit": 0, "labelFontSize": 12}}
    x = {"field": "low", "type": "quantitative", "axis": money_axis(fine_title())}
    tip = [{"field": "row", "title": tr("col_band")}, {"field": "range", "title": tr("col_range")}]
    enc = {"x": x, "x2": {"field": "high"}, "y": y, "color": colour, "tooltip": tip}
    return {
        "height": height, "data": {"values": rows},
        "layer": [
            {"transform": [{"filter": "datum.layer == 'float'"}],
             "mark": {"type": "bar", "size": 26, "opacity": 0.22}, "encoding": enc},
            {"transform": [{"filter": "datum.layer == 'band'"}],
             "mark": {"type": "bar", "size": 12},
             "encoding": {**enc, "opacity": {"condition": {"test": "datum.open", "value": 1.0},
                                             "value": 0.3}}},
        ]}


def picture(a: Any, case: dict[str, Any]) -> None:
    try:
        scale = band_scale(case, catalogue())
    except penalty.InputError:
        return
    if scale is None or a.fine is None:
        return
    split = catalogue().split_on(penalty.parse_case(case).decision_date)  # at the decision
    est = tr("estimate_row")
    order = [band_label(b) for b in penalty.models.BAND_ORDER if b != "no_penalty"] + [est]
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
    # the estimate: the expected band's range, or every open band's when none is expected
    fine = a.ranges.get(a.band, a.fine) if a.band is not None else a.fine
    ffine = a.float_ranges.get(a.band, a.float_fine) if a.band is not None else a.float_fine
    rows.append({"row": est, "band": a.band or "none", "low": float(ffine.low_cny),
                 "high": float(ffine.high_cny), "layer": "float", "open": True,
                 "range": f"{tr('float_row')}: {money_range(ffine)}"})
    rows.append({"row": est, "band": a.band or "none", "low": float(fine.low_cny),
                 "high": float(fine.high_cny), "layer": "band", "open": True,
                 "range": money_range(fine)})
    spec = band_spec(rows, order)
    spec["layer"][0]["encoding"]["color"]["scale"]["domain"].append("none")
    spec["layer"][0]["encoding"]["color"]["scale"]["range"].append("#222222")
    st.markdown(f"**{tr('picture')}**")
    st.vega_lite_chart(spec, width="stretch")
    st.caption(tr("picture_caption", lo=split.lenient_upper_pct, hi=split.aggravated_lower_pct,
                  f=split.float_pp))
