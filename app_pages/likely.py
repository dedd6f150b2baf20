"""Estimate page, observed practice: "similar decisions: usually CNY X–Y" beside the legal band,
and the legal estimate drawn over where similar published decisions landed. Everything shown is
``Assessment.likely`` (``penalty.cases.likely``); observed practice, not law."""

from __future__ import annotations

from typing import Any

import streamlit as st

from app_pages.chart import fine_title, money_axis
from app_pages.common import catalogue, lang, money_range, tr
from penalty.cases.likely import likely_points
from penalty.messages import catalogue as messages
from penalty.models import AUTHORITY_LEVELS

LEVELS = ("", *AUTHORITY_LEVELS)  # Case.authority_level; "" = not known


def _level(code: str) -> str:
    return tr(f"level_{code or 'unknown'}")


def level_input(case: dict[str, Any], out: dict[str, Any]) -> None:
    """The deciding office's level (``Case.authority_level``): it weighs the similar decisions
    behind the likely range and never the legal result."""
    from app_pages.common import bound, init_state

    lv0 = case.get("authority_level")
    init_state("in_authority_level", lv0 if lv0 in LEVELS else "")
    level = st.selectbox(tr("level_label"), list(LEVELS), key="in_authority_level",
                         format_func=bound(_level))
    if level:
        out["authority_level"] = level


def _t(key: str) -> str:
    return tr(f"likely_{key}")


def _basis(tier: str) -> str:
    """The similarity tier the range came from (observed_practice.yaml ``tiers``), in words."""
    return _t(f"basis_{tier}") if f"likely_basis_{tier}" in messages() else tier


def line(a: Any) -> None:
    """The one-line likely range (or why there is none), labelled as observed practice."""
    lk = a.likely
    zh = lang() == "zh"
    with st.container(key="likely_line"):
        if lk is None:
            if a.likely_note is not None and a.statutory is not None:
                st.caption(_t("none").format(reason=a.likely_note.zh if zh else a.likely_note.en))
            return
        st.markdown("**" + _t("usually").format(rng=money_range(lk), n=lk.n,
                                                basis=_basis(lk.basis)) + "**")
        extra = ""
        if lk.no_fine_share is not None and lk.no_fine_share > 0:
            extra = " " + _t("no_fine").format(share=f"{lk.no_fine_share * 100:.0f}")
        st.caption((lk.zh if zh else lk.en) + extra)
        if a.likely_note is not None:
            st.caption(a.likely_note.zh if zh else a.likely_note.en)


def chart(a: Any) -> None:
    """The similar decisions as dots on this case's scale, the likely range and the legal range
    over them (a Vega-Lite spec, as ``chart.py`` writes its charts)."""
    points = likely_points(a, catalogue())
    if not points or a.fine is None:
        return
    lk = a.likely
    fine = a.ranges.get(a.band, a.fine) if a.band is not None else a.fine
    rows = [{"row": _t("dots"), "x": float(p["here_cny"]), "case": p["case_id"],
             "pos": f"{p['position_pct']} %", "layer": "dot"} for p in points]
    rows += [{"row": _t("likely"), "x": float(lk.low_cny), "x2": float(lk.high_cny),
              "range": money_range(lk), "layer": "bar"},
             {"row": _t("legal"), "x": float(fine.low_cny), "x2": float(fine.high_cny),
              "range": money_range(fine), "layer": "bar"}]
    y = {"field": "row", "type": "nominal", "sort": [_t("dots"), _t("likely"), _t("legal")], "title": None,
         "axis": {"labelLimit": 0, "labelFontSize": 12}}
    x = {"field": "x", "type": "quantitative", "axis": money_axis(fine_title())}
    spec = {
        "height": 140, "data": {"values": rows},
        "layer": [
            {"transform": [{"filter": "datum.layer == 'dot'"},
                           {"calculate": "random() * 16 - 8", "as": "jitter"}],
             "mark": {"type": "circle", "size": 70, "opacity": 0.55, "color": "#555555"},
             "encoding": {"x": x, "y": y, "yOffset": {"field": "jitter", "type": "quantitative"},
                          "tooltip": [{"field": "case"}, {"field": "pos"}]}},
            {"transform": [{"filter": "datum.layer == 'bar'"}],
             "mark": {"type": "bar", "size": 12},
             "encoding": {"x": x, "x2": {"field": "x2"}, "y": y,
                          "color": {"field": "row", "type": "nominal", "legend": None,
                                    "scale": {"domain": [_t("likely"), _t("legal")],
                                              "range": ["#6b8e23", "#222222"]}},
                          "tooltip": [{"field": "row"}, {"field": "range"}]}},
        ]}
    st.markdown(f"**{_t('chart')}**")
    st.vega_lite_chart(spec, width="stretch")


@st.cache_resource(show_spinner=False)
def _backtest() -> dict[str, Any]:
    from penalty.cases.likely import backtest, default_engine

    return backtest(default_engine())


def method_section() -> None:
    """The Method page's section: how the likely range is drawn and the back-test table."""
    from penalty.cases.likely import backtest_markdown

    report = _backtest()
    st.subheader(tr("likely_method_title"))
    from penalty.cases.likely import _method_name_zh, default_engine

    method = _method_name_zh(default_engine().settings) if lang() == "zh" else report["method"]
    st.markdown(tr("likely_method_body", method=method, m=report["settings"]["min_decisions"]))
    st.markdown(backtest_markdown(report["summary"], "zh" if lang() == "zh" else "en"))
