"""What-if: start from the current estimate, change circumstances and amounts, and see which single
circumstance would move the band. Thin: ``penalty.whatif`` assesses every variant."""

from __future__ import annotations

from typing import Any

import altair as alt
import pandas as pd
import streamlit as st

import penalty
from app_pages.common import (
    BAND_COLOURS,
    amount,
    amounts_used,
    assess,
    band_label,
    bi,
    bound,
    catalogue,
    error_field,
    get_case,
    init_state,
    lang,
    money,
    money_range,
    money_text,
    signed_money,
    tr,
    write_query,
)
from penalty import whatif

def _bands(bands: list[str]) -> str:
    return " · ".join(band_label(b) for b in bands)


def _ranges_chart(named: list[tuple[str, Any]]) -> alt.LayerChart | None:
    rows = []
    for name, a in named:
        for b in a.bands:
            r = a.ranges.get(b)
            if r is None:
                continue
            rows.append({"scenario": name, "band": b, "label": band_label(b),
                         "low": float(r.low_cny), "high": float(r.high_cny),
                         "range": money_range(r)})
    if not rows:
        return None
    df = pd.DataFrame(rows)
    return alt.Chart(df).mark_bar(size=18, opacity=0.85).encode(
        x=alt.X("low:Q", title=tr("fine") + (" (元)" if lang() == "zh" else " (CNY)"),
                axis=alt.Axis(format="~s")),
        x2="high:Q", y=alt.Y("scenario:N", title=None, sort=[n for n, _ in named]),
        color=alt.Color("band:N", scale=alt.Scale(domain=list(BAND_COLOURS),
                                                  range=list(BAND_COLOURS.values())),
                        legend=None),
        tooltip=[alt.Tooltip("label:N", title=tr("col_band")),
                 alt.Tooltip("range:N", title=tr("col_range"))],
    ).properties(height=140)


def _row(name: str, a: Any) -> dict[str, str]:
    return {tr("scenario"): name, tr("band"): band_label(a.band), tr("col_bands"): _bands(a.bands),
            tr("fine"): money_range(a.fine), tr("fine_with_float"): money_range(a.float_fine),
            tr("total_exposure"): money_range(a.total_exposure)}


st.title(tr("whatif_title"))
st.caption(tr("whatif_intro"))
case = get_case()
write_query(case)
base, err = assess(case)
if err is not None:
    st.info(tr("no_case"))
    st.error(str(err))
    st.stop()

cat = catalogue()
kind = (case.get("party") or {}).get("kind", "organisation")
left, right = st.columns([4, 8], gap="large")
with left:
    st.subheader(tr("wi_circ"))
    chosen = []
    for code in whatif.candidate_circumstances(case, cat):
        ci = cat.circumstances[code]
        init_state(f"wi_circ_{code}", code in (case.get("circumstances") or []))
        if st.checkbox(f"{bi(ci.en, ci.zh)} — :gray[{bi(ci.citation, ci.citation_zh)}]", key=f"wi_circ_{code}",
                       wrap=True):
            chosen.append(code)
    used = amounts_used(case["provision"])
    amounts: dict[str, str | None] = {}
    slots: dict[str, Any] = {}
    if used:
        st.subheader(tr("wi_amounts"))
    for a in used:
        init_state(f"wi_{a}", str(case.get(a) or ""))
        raw = st.text_input(tr(a), key=f"wi_{a}", placeholder="0")
        slots[a] = st.empty()
        amounts[a] = money_text(raw)

with right:
    try:
        var_case = whatif.variant(case, circumstances=chosen, amounts=amounts)
        var_a = penalty.assess(var_case, cat)
    except penalty.InputError as e:
        slot = slots.get(error_field(e))
        (slot or st).error(str(e), icon="⚠️")
        var_a = None
    st.subheader(tr("wi_compare"))
    named = [(tr("base"), base)] + ([(tr("variant"), var_a)] if var_a is not None else [])
    st.table(pd.DataFrame([_row(n, a) for n, a in named]).set_index(tr("scenario")))
    chart = _ranges_chart(named)
    if chart is not None:
        st.altair_chart(chart, width="stretch")

    st.subheader(tr("move_band"))
    st.caption(tr("move_intro"))
    only = st.toggle(tr("only_moving"), key="wi_only_moving", value=True)
    _, toggles = whatif.single_toggles(case, cat, only_changes=only)
    rows = []
    for tg in toggles:
        change = tr("add") if tg.change == "add" else \
            tr("remove_priors") if tg.via == "prior_penalties" else tr("remove")
        o = tg.outcome
        rows.append({tr("col_change"): change, tr("col_circ"): bi(tg.en, tg.zh),
                     tr("col_citation"): bi(tg.citation, tg.citation_zh),
                     tr("band"): o.error or band_label(o.band),
                     tr("col_bands"): _bands(o.bands), tr("col_fine"): money_range(o.fine),
                     tr("col_dlow"): signed_money(tg.fine_low_change_cny),
                     tr("col_dhigh"): signed_money(tg.fine_high_change_cny)})
    if rows:
        st.table(pd.DataFrame(rows).set_index(tr("col_change")))
    else:
        st.caption("—")

    if used:
        field = st.selectbox(tr("sweep_field"), used, key="wi_sweep_field", format_func=bound(tr))
        st.subheader(tr("sweep", field=tr(f"short_{field}")))
        points = whatif.sweep(case, field, catalogue=cat)
        recs = []
        for pt in points:
            o = pt.outcome
            if o.fine is None:
                continue
            for side, v in ((tr("low"), o.fine.low_cny), (tr("high"), o.fine.high_cny)):
                recs.append({"value": float(pt.value_cny), "side": side, "fine": float(v),
                             "amount": amount(pt.value_cny), "shown": money(v)})
        if recs:
            df = pd.DataFrame(recs)
            df = df[df["value"] > 0]
            line = alt.Chart(df).mark_line(point=True).encode(
                x=alt.X("value:Q", scale=alt.Scale(type="log"), title=tr("col_value"),
                        axis=alt.Axis(format="~s")),
                y=alt.Y("fine:Q", title=tr("fine"), scale=alt.Scale(type="symlog"),
                        axis=alt.Axis(format="~s")),
                color=alt.Color("side:N", title=None),
                tooltip=[alt.Tooltip("amount:N", title=tr("col_value")),
                         alt.Tooltip("shown:N", title=tr("fine"))])
            st.altair_chart(line.properties(height=260), width="stretch")
        st.dataframe(pd.DataFrame([{
            tr("col_value"): amount(pt.value_cny) + (" ◀" if pt.is_base else ""),
            tr("band"): pt.outcome.error or band_label(pt.outcome.band),
            tr("col_fine"): money_range(pt.outcome.fine)} for pt in points]),
            hide_index=True, width="stretch")

