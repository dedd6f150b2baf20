"""Estimate page, the procedure panel: dates in, ``penalty.timeline`` decides, a timeline chart,
the deadline list, hearing, surcharge, forum and credit record out, plus an ``.ics`` download.

Thin: every date, text and citation comes from the library. Widget keys start with ``proc_``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd
import streamlit as st

import penalty
from app_pages.common import (
    DATE_MAX,
    DATE_MIN,
    amount_input,
    bi,
    bound,
    catalogue,
    init_state,
    lang,
    money,
    tr,
    widget_date,
)
from app_pages.i18n import S
from penalty.export.statement import statement_docx
from penalty.procedure.ics import timeline_ics

AUTHORITIES = {"": "proc_auth_unknown", "national": "proc_auth_national",
               "local": "proc_auth_local"}
KIND_COLOURS = {"deadline": "#d62728", "due": "#1f77b4", "from": "#2ca02c", "until": "#7f7f7f"}
CHART_DAYS = 400  # the chart shows this many days from the first event; the list shows all


def label(code: str) -> str:
    key = f"pc_{code}"
    return tr(key) if key in S else code


@st.cache_resource(show_spinner=False)
def _procedure() -> Any:
    """data/procedure.yaml, read once (the calendar's source in Chinese)."""
    from penalty.catalogue.procedure import load_procedure

    return load_procedure()


def panel(a: Any, case: dict[str, Any]) -> None:
    """The procedure around the fine of assessment ``a`` (the case supplies the decision date)."""
    st.subheader(tr("proc_title"))
    st.caption(tr("proc_intro"))
    init_state("proc_received", widget_date(case.get("decision_date")))
    c1, c2, c3 = st.columns(3)
    notice = c1.date_input(tr("proc_notice"), value=None, key="proc_notice",
                           min_value=DATE_MIN, max_value=DATE_MAX)
    received = c2.date_input(tr("proc_received"), key="proc_received",
                             min_value=DATE_MIN, max_value=DATE_MAX)
    filed = c3.date_input(tr("proc_filed"), value=None, key="proc_filed",
                          min_value=DATE_MIN, max_value=DATE_MAX)
    c4, c5 = st.columns(2)
    fine = c4.text_input(tr("proc_fine"), key="proc_fine")
    # one widget per language (Streamlit keeps a selectbox's shown text across a change of its
    # format_func), carrying the choice over from the other language's widget
    here, other = ("zh", "en") if lang() == "zh" else ("en", "zh")
    before = st.session_state.get(f"proc_authority_{other}")
    authority = c5.selectbox(tr("proc_authority"), list(AUTHORITIES), key=f"proc_authority_{here}",
                             index=list(AUTHORITIES).index(before) if before in AUTHORITIES else 0,
                             format_func=bound(lambda k: tr(AUTHORITIES[k])))
    try:
        t = penalty.timeline(a, notice_served=notice, decision_received=received,
                             case_filed=filed, fine_cny=amount_input(fine, "fine_cny"),
                             authority=authority or None)
    except penalty.InputError as exc:
        st.error(tr("proc_error", msg=str(exc)), icon="⚠️")
        return
    _facts(t)
    _chart(t)
    _table(t)
    with st.expander(tr("proc_assumptions")):
        for n in t.assumptions:
            st.markdown(f"- {bi(n.en, n.zh)} — *{bi(n.citation, n.citation_zh or n.citation)}*")
        c = t.calendar
        src = _procedure().counting.calendar.source_zh if lang() == "zh" else c.source
        st.caption(tr("proc_calendar", src=src, v=c.package_version, a=c.official_years[0],
                      b=c.official_years[1]))
    language, frozen = lang(), dict(case)
    d1, d2 = st.columns(2)
    d1.download_button(tr("proc_ics"), lambda: timeline_ics(t, language, label=case.get("label")),
                       key="proc_dl_ics", on_click="ignore", file_name="deadlines.ics",
                       mime="text/calendar")
    # the discretion statement with these dates in its section on rights and deadlines (built
    # only when clicked)
    d2.download_button(tr("proc_statement"), lambda: statement_docx(
        frozen, language, a, catalogue(), timeline=t), key="proc_dl_docx", on_click="ignore",
        file_name=f"statement-{language}.docx",
        mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document")


def _facts(t: Any) -> None:
    # the colon outside the bold label: "**听证：**可以" would not render bold (CommonMark)
    colon, stop = tr("colon"), tr("full_stop")
    h = t.hearing
    verdict = {True: "proc_hearing_yes", False: "proc_hearing_no",
               "depends": "proc_hearing_depends"}[h.eligible]
    st.markdown(f"**{tr('proc_hearing')}**{colon}{tr(verdict)}{stop}{bi(h.en, h.zh)}")
    s = t.surcharge
    if s is not None:
        per_day = money(s.per_day_cny) if s.per_day_cny == s.per_day_high_cny else \
            f"{money(s.per_day_cny)} – {money(s.per_day_high_cny)}"
        cap = money(s.cap_cny) if s.cap_cny == s.cap_high_cny else \
            f"{money(s.cap_cny)} – {money(s.cap_high_cny)}"
        st.markdown(f"**{tr('proc_surcharge')}**{colon}" + tr(
            "proc_surcharge_line", per_day=per_day, start=s.starts_on, cap=cap,
            cap_on=s.cap_reached_on) + f" — *{bi(s.citation, s.citation_zh)}*")
    for f in t.reconsideration_forums:
        st.markdown(f"**{tr('proc_forum')}**{colon}{bi(f.en, f.zh)} — "
                    f"*{bi(f.citation, f.citation_zh)}*")
    c = t.credit
    if c is not None:
        # the class in words; a regime without classes says "penalty information", not its id
        line = tr("proc_credit_minor", end=c.publication_ends) if not c.published else tr(
            "proc_credit_line", cls=tr(f"proc_credit_cls_{c.credit_class}"),
            repair=c.repair_from, end=c.publication_ends)
        st.markdown(f"**{tr('proc_credit')}**{colon}{line} — *{bi(c.citation, c.citation_zh)}*")


def _rows(t: Any) -> list[dict[str, Any]]:
    return [{"code": d.code, "label": label(d.code), "date": d.date, "start": d.runs_from_date,
             "kind": tr(f"proc_kind_{d.kind}"), "kind_code": d.kind,
             "period": bi(d.period, d.period_zh),
             "what": bi(d.en, d.zh)
             + (f" ({tr('proc_rolled', d=d.rolled_from)})" if d.rolled_from else ""),
             "citation": bi(d.citation, d.citation_zh)} for d in t.deadlines]


def timeline_spec(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """A Vega-Lite spec (a plain dict: no Altair validation on each rerun): one row per
    deadline, a bar from the event it runs from to its date, a dot on the date."""
    values = [{"label": r["label"], "start": r["start"].isoformat(), "date": r["date"].isoformat(),
               "kind": r["kind"], "period": r["period"], "citation": r["citation"]} for r in rows]
    y = {"field": "label", "type": "nominal", "sort": [r["label"] for r in rows], "title": None,
         "axis": {"labelLimit": 0, "labelOverlap": False}}
    colour = {"field": "kind", "type": "nominal", "title": None,
              "scale": {"domain": [tr(f"proc_kind_{k}") for k in KIND_COLOURS],
                        "range": list(KIND_COLOURS.values())}}
    tip = [{"field": "label", "title": tr("proc_col_what")},
           {"field": "date", "type": "temporal", "title": tr("proc_col_date"),
            "format": "%Y-%m-%d"},
           {"field": "period", "title": tr("proc_col_period")},
           {"field": "citation", "title": tr("proc_col_citation")}]
    # numeric dates on the axis: no English month names in Chinese mode
    x = {"field": "date", "type": "temporal", "title": None, "axis": {"format": "%Y-%m"}}
    return {
        "height": max(120, 28 * len(values)), "data": {"values": values},
        "layer": [
            {"mark": {"type": "bar", "height": 6, "opacity": 0.35},
             "encoding": {"x": {**x, "field": "start"}, "x2": {"field": "date"}, "y": y,
                          "color": colour, "tooltip": tip}},
            {"mark": {"type": "point", "filled": True, "size": 70},
             "encoding": {"x": x, "y": y, "color": colour, "tooltip": tip}},
        ]}


def _chart(t: Any) -> None:
    rows = _rows(t)
    if not rows:
        return
    first = min(r["start"] for r in rows)
    shown = [r for r in rows if r["date"] <= first + dt.timedelta(days=CHART_DAYS)]
    st.vega_lite_chart(timeline_spec(shown), width="stretch")
    if len(shown) < len(rows):
        st.caption(tr("proc_chart_note"))


def _table(t: Any) -> None:
    rows = _rows(t)
    df = pd.DataFrame([{tr("proc_col_date"): r["date"].isoformat(), tr("proc_col_what"): r["label"],
                        tr("proc_col_kind"): r["kind"], tr("proc_col_period"): r["period"],
                        tr("proc_col_citation"): r["citation"], tr("proc_col_details"): r["what"]}
                       for r in rows])
    st.dataframe(df, hide_index=True, width="stretch", key="proc_table")


__all__ = ["panel"]
