"""What-if: start from the current estimate, change circumstances and amounts, see which single
circumstance would move the band (table and chart), sweep an amount, and compare two or three
saved scenarios side by side. Thin: ``penalty.whatif`` assesses every variant."""

from __future__ import annotations

import json
from typing import Any

import pandas as pd
import streamlit as st

import penalty
from app_pages.chart import band_spec, fine_title, money_axis
from app_pages.common import (
    amount,
    amount_input,
    amounts_used,
    assess,
    band_badge,
    band_label,
    bi,
    bound,
    case_provisions,
    catalogue,
    citation,
    error_field,
    error_text,
    get_case,
    init_state,
    money,
    money_range,
    signed_money,
    tr,
    write_query,
)
from penalty import whatif

SLOTS = ("A", "B", "C")


def _bands(bands: list[str]) -> str:
    return " · ".join(band_label(b) for b in bands)


def _expected(a: Any) -> Any:
    """The headline range: the expected band's, or every open band's when none is expected."""
    return a.ranges.get(a.band, a.fine) if a.band is not None else a.fine


def _ranges_spec(named: list[tuple[str, Any]], height: int | None = None) -> dict[str, Any] | None:
    """Each scenario's open bands as bars on one money axis, in the bands' colours."""
    rows = []
    for name, a in named:
        if a is None:
            continue
        for b in a.bands:
            r = a.ranges.get(b)
            if r is None:
                continue
            rows.append({"row": name, "band": b, "low": float(r.low_cny), "high": float(r.high_cny),
                         "layer": "band", "open": True,
                         "range": f"{band_label(b)}: {money_range(r)}"})
    if not rows:
        return None
    spec = band_spec(rows, [n for n, _ in named], height=height or max(130, 34 * len(named)))
    spec["layer"] = spec["layer"][1:]  # no float layer
    spec["layer"][0]["mark"]["size"] = 16
    # a single amount (no penalty: CNY 0; a fixed fine) has no width as a bar: a tick shows it
    enc = {k: v for k, v in spec["layer"][0]["encoding"].items() if k not in ("x2", "opacity")}
    spec["layer"].append({"transform": [{"filter": "datum.low == datum.high"}],
                          "mark": {"type": "tick", "thickness": 4, "size": 18}, "encoding": enc})
    return spec


def _row(name: str, a: Any) -> dict[str, str]:
    return {tr("scenario"): name, tr("band"): band_label(a.band),
            tr("fine"): money_range(_expected(a)), tr("total_exposure"): money_range(a.total_exposure)}


def _compare_section(case: dict[str, Any]) -> None:
    """Two or three scenarios side by side: save the current case into a slot, see them together."""
    st.subheader(tr("cmp_title"))
    st.caption(tr("cmp_intro"))
    cols = st.columns(len(SLOTS))
    for col, slot in zip(cols, SLOTS):
        if col.button(tr("cmp_save", s=slot), key=f"cmp_save_{slot}", width="stretch"):
            st.session_state[f"cmp_{slot}"] = json.loads(json.dumps(case))
    saved = [(slot, st.session_state.get(f"cmp_{slot}")) for slot in SLOTS]
    saved = [(slot, c) for slot, c in saved if c]
    if not saved:
        st.caption(tr("cmp_none"))
        return
    cat = catalogue()
    with st.container(key="compare_view"):
        cols = st.columns(len(saved))
        named = []
        for col, (slot, c) in zip(cols, saved):
            a, err = assess(c)
            with col.container(border=True, key=f"cmp_card_{slot}"):
                name = f"{tr('scenario')} {slot}" + (f" · {c['label']}" if c.get("label") else "")
                st.markdown(f"**{name}**")
                p = cat.provisions.get(c.get("provision", ""))
                st.caption(f"{citation(p) if p else '—'} · {c.get('violation_date')} → "
                           f"{c.get('decision_date')}")
                circ = [bi(cat.circumstances[x].en, cat.circumstances[x].zh)
                        for x in c.get("circumstances") or [] if x in cat.circumstances]
                st.caption(tr("f_circ_short") + ": " + ("; ".join(circ) or tr("none_given")))
                if err is not None:
                    st.error(error_text(err))
                    continue
                if a.band is not None or len(a.bands) <= 1:
                    st.markdown(band_badge(a.band if a.band else (a.bands[0] if a.bands else None)),
                                unsafe_allow_html=True)
                    st.markdown(f"#### {money_range(_expected(a)) if a.fine else tr('no_fine')}")
                else:
                    st.markdown(" ".join(band_badge(b) for b in a.bands), unsafe_allow_html=True)
                    st.markdown(f"#### {money_range(a.fine)}")
                st.caption(f"{tr('total_exposure')}: {money_range(a.total_exposure)}")
                if st.button(tr("cmp_clear"), key=f"cmp_clear_{slot}"):
                    st.session_state.pop(f"cmp_{slot}", None)
                    st.rerun()
                named.append((f"{tr('scenario')} {slot}", a))
        spec = _ranges_spec(named)
        if spec is not None:
            st.vega_lite_chart(spec, width="stretch")


st.title(tr("whatif_title"))
st.caption(tr("whatif_intro"))
case = get_case()
write_query(case)
base, err = assess(case)
if err is not None:
    st.info(tr("no_case"))
    st.error(error_text(err))
    st.stop()

cat = catalogue()
kind = (case.get("party") or {}).get("kind", "organisation")
left, right = st.columns([4, 8], gap="large")
with left:
    st.subheader(tr("wi_circ"))
    chosen = []
    derived = {r.code for r in base.reasons} - set(case.get("circumstances") or [])
    for code in whatif.candidate_circumstances(case, cat):
        ci = cat.circumstances[code]
        init_state(f"wi_circ_{code}", code in (case.get("circumstances") or []))
        if st.checkbox(f"{bi(ci.en, ci.zh)} — :gray[{bi(ci.citation, ci.citation_zh)}]", key=f"wi_circ_{code}",
                       wrap=True):
            chosen.append(code)
        if code == whatif.REPEAT and code in derived:
            st.caption(f":blue[✓ {tr('derived_mark')}]")
    used = amounts_used(case_provisions(case))
    amounts: dict[str, str | None] = {}
    slots: dict[str, Any] = {}
    if used:
        st.subheader(tr("wi_amounts"))
    for a in used:
        init_state(f"wi_{a}", str(case.get(a) or ""))
        raw = st.text_input(tr(a), key=f"wi_{a}", placeholder="0")
        slots[a] = st.empty()
        amounts[a] = amount_input(raw, a)

with right:
    try:
        var_case = whatif.variant(case, circumstances=chosen, amounts=amounts)
        var_a = penalty.assess(var_case, cat)
    except penalty.InputError as e:
        slot = slots.get(error_field(e))
        (slot or st).error(error_text(e), icon="⚠️")
        var_a = None
    st.subheader(tr("wi_compare"))
    named = [(tr("base"), base)] + ([(tr("variant"), var_a)] if var_a is not None else [])
    st.dataframe(pd.DataFrame([_row(n, a) for n, a in named]), hide_index=True, width="stretch")
    spec = _ranges_spec(named)
    if spec is not None:
        st.vega_lite_chart(spec, width="stretch")

st.subheader(tr("move_band"))
st.caption(tr("move_intro"))
only = st.toggle(tr("only_moving"), key="wi_only_moving", value=True)
_, toggles = whatif.single_toggles(case, cat, only_changes=only)
rows = []
named_changes: list[tuple[str, Any]] = [(tr("base"), base)]
for tg in toggles:
    change = tr("add") if tg.change == "add" else \
        tr("remove_priors") if tg.via == "prior_penalties" else tr("remove")
    o = tg.outcome
    rows.append({tr("col_change"): change, tr("col_circ"): bi(tg.en, tg.zh),
                 tr("band"): o.error or band_label(o.band),
                 tr("col_fine"): money_range(_expected(o)) if o.fine else "—",
                 tr("col_dlow"): signed_money(tg.fine_low_change_cny),
                 tr("col_dhigh"): signed_money(tg.fine_high_change_cny),
                 tr("col_citation"): bi(tg.citation, tg.citation_zh)})
    if o.error is None:
        named_changes.append((f"{'+' if tg.change == 'add' else '−'} {bi(tg.en, tg.zh)}", o))
if rows:
    spec = _ranges_spec(named_changes)
    if spec is not None:
        st.markdown(f"**{tr('single_chart')}**")
        st.vega_lite_chart(spec, width="stretch")
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch", column_config={
        tr("col_change"): st.column_config.TextColumn(width=70),
        tr("col_circ"): st.column_config.TextColumn(width=280),
        tr("band"): st.column_config.TextColumn(width=130),
        tr("col_fine"): st.column_config.TextColumn(width=170),
        tr("col_dlow"): st.column_config.TextColumn(width=110),
        tr("col_dhigh"): st.column_config.TextColumn(width=110),
        tr("col_citation"): st.column_config.TextColumn(width=150)})
else:
    st.caption("—")

if used:
    natural = whatif.sweep_field_for(case, cat)
    init_state("wi_sweep_field", natural if natural in used else used[0])
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
    recs = [r for r in recs if r["value"] > 0]
    if recs:
        # A linear fine axis unless the fines span more than a hundredfold (a multiple of gains
        # swept over decades); then symlog, linear only below a thousandth of the top, so the
        # lines stay apart and the labels do not pile up at the top
        top = max(r["fine"] for r in recs)
        low = min((r["fine"] for r in recs if r["fine"] > 0), default=top)
        y_scale = {"type": "linear"} if top <= 100 * low else \
            {"type": "symlog", "constant": max(top / 1000, 1)}
        st.vega_lite_chart({
            "height": 260, "data": {"values": recs},
            "mark": {"type": "line", "point": True},
            "encoding": {
                "x": {"field": "value", "type": "quantitative", "scale": {"type": "log"},
                      "axis": money_axis(tr("col_value"))},
                "y": {"field": "fine", "type": "quantitative", "scale": y_scale,
                      "axis": money_axis(fine_title())},
                "color": {"field": "side", "type": "nominal", "title": None},
                "tooltip": [{"field": "amount", "title": tr("col_value")},
                            {"field": "shown", "title": tr("fine")}]}}, width="stretch")
    st.dataframe(pd.DataFrame([{
        tr("col_value"): amount(pt.value_cny) + (" ◀" if pt.is_base else ""),
        tr("band"): pt.outcome.error or band_label(pt.outcome.band),
        tr("col_fine"): money_range(pt.outcome.fine)} for pt in points]),
        hide_index=True, width="stretch")


_compare_section(case)
