"""Estimate page, observed practice: "similar decisions: usually CNY X–Y" beside the legal band,
and the legal estimate drawn over where similar published decisions landed. Everything shown is
``Assessment.likely`` (``penalty.cases.likely``); observed practice, not law."""

from __future__ import annotations

from typing import Any

import streamlit as st

from app_pages.chart import fine_title, money_axis
from app_pages.common import catalogue, lang, money_range
from penalty.cases.likely import likely_points

TEXT = {
    "en": {
        "usually": "Similar decisions: usually {rng} ({n} decisions, {basis})",
        "none": "Similar decisions: no likely range. {reason}",
        "no_fine": "{share} % of similar decisions imposed no fine.",
        "chart": "Where similar decisions landed (observed practice, not law)",
        "dots": "similar decisions",
        "likely": "usually",
        "legal": "legal range",
        "x": "fine in this case's statutory range (CNY)",
        "basis": {"provision": "same provision", "article": "same article",
                  "law_tier": "same law and tier", "law": "same law"},
    },
    "zh": {
        "usually": "相似决定：通常为{rng}（{n}件决定，{basis}）",
        "none": "相似决定：不提供可能区间。{reason}",
        "no_fine": "相似决定中有{share}%未处罚款。",
        "chart": "相似决定的罚款位置（执法实践观察，并非法律规定）",
        "dots": "相似决定",
        "likely": "通常区间",
        "legal": "法定阶次幅度",
        "x": "换算至本案法定幅度的罚款（元）",
        "basis": {"provision": "同一条款同一层级", "article": "同一条", "law_tier": "同一法律同一层级",
                  "law": "同一法律"},
    },
}


LEVELS = {"en": {"": "not known", "national": "national (CAC)", "provincial": "provincial office",
                  "city": "city office", "district": "district or county office"},
          "zh": {"": "不确定", "national": "国家网信办", "provincial": "省级网信部门", "city": "市级网信部门",
                 "district": "区县级网信部门"}}
LEVEL_LABEL = {"en": "Deciding office (weighs similar decisions only)",
               "zh": "作出决定的机关层级（仅用于相似决定的权重）"}


def level_input(case: dict[str, Any], out: dict[str, Any]) -> None:
    """The deciding office's level (``Case.authority_level``): it weighs the similar decisions
    behind the likely range and never the legal result."""
    from app_pages.common import bound, init_state

    lv0 = case.get("authority_level")
    init_state("in_authority_level", lv0 if lv0 in LEVELS["en"] else "")
    level = st.selectbox(LEVEL_LABEL["zh" if lang() == "zh" else "en"], list(LEVELS["en"]),
                         key="in_authority_level",
                         format_func=bound(lambda v: LEVELS["zh" if lang() == "zh" else "en"][v]))
    if level:
        out["authority_level"] = level


def _t(key: str) -> Any:
    return TEXT["zh" if lang() == "zh" else "en"][key]


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
                                                basis=_t("basis").get(lk.basis, lk.basis)) + "**")
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

METHOD = {
    "en": {"title": "Observed practice: the likely range and its back-test",
           "body": "Beside the legal band the Estimate page shows where similar published decisions landed: "
                   "each decision's fine as a position in its own statutory range, the similar ones found tier by "
                   "tier (same provision, article, law), an interval of their positions ({method}) mapped into "
                   "the case's range; no range below {m} decisions. Observed practice, not law. Leave-one-out "
                   "back-test on the bundled decisions (targets: at least 80 % inside, mean width under 40 %):"},
    "zh": {"title": "执法实践观察：可能区间及其回测",
           "body": "估算页面在法定裁量阶次旁显示相似的已公开处罚决定的罚款落点："
                   "每件决定的罚款按其在自身法定幅度中的位置计算，"
                   "相似决定按层级逐级查找（同一条款、同一条、同一法律），取其位置区间（{method}）换算至本案法定幅度；"
                   "不足{m}件决定时不提供区间。此为执法实践观察，并非法律规定。以下为对内置案例的留一法回测"
                   "（目标：至少80%的实际罚款落入区间，区间平均宽度低于法定幅度跨度的40%）："},
}


@st.cache_resource(show_spinner=False)
def _backtest() -> dict[str, Any]:
    from penalty.cases.likely import backtest, default_engine

    return backtest(default_engine())


def method_section() -> None:
    """The Method page's section: how the likely range is drawn and the back-test table."""
    from penalty.cases.likely import backtest_markdown

    text = METHOD["zh" if lang() == "zh" else "en"]
    report = _backtest()
    st.subheader(text["title"])
    from penalty.cases.likely import _method_name_zh, default_engine

    method = _method_name_zh(default_engine().settings) if lang() == "zh" else report["method"]
    st.markdown(text["body"].format(method=method, m=report["settings"]["min_decisions"]))
    st.markdown(backtest_markdown(report["summary"], "zh" if lang() == "zh" else "en"))
