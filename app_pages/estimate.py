"""Estimate: describe the violation, see the band, the range, the reasons and similar cases.

Thin: collects input, calls ``penalty.assess`` (and ``penalty.whatif.band_scale`` for the
picture, ``penalty.cases`` for comparables), shows the result. Widget keys start with ``in_``.
"""

from __future__ import annotations

import json
from typing import Any

import altair as alt
import pandas as pd
import streamlit as st

import penalty
from app_pages.common import (
    BAND_COLOURS,
    DATE_MAX,
    DATE_MIN,
    OPTION_DEFAULTS,
    amount,
    amounts_used,
    assess,
    band_label,
    bi,
    bound,
    case_json,
    case_set,
    catalogue,
    citation,
    default_case,
    error_field,
    export_module,
    get_case,
    init_state,
    lang,
    law_title,
    money,
    money_range,
    money_text,
    provision_label,
    set_case,
    tr,
    version_lines,
    widget_date,
    write_query,
)
from penalty.whatif import REPEAT, band_scale, givable_circumstances

BAND_MD = {"no_penalty": "gray", "mitigated": "blue", "lenient": "green", "standard": "orange",
           "aggravated": "red"}
GROUPS = (("grp_no_penalty", ("no_penalty_shall", "no_penalty_may")),
          ("grp_mild", ("lenient_or_mitigated_shall", "lenient_or_mitigated_may")),
          ("grp_aggravate", ("aggravate_shall",)),
          ("grp_other", ("limitation_extended",)))


# ------------------------------------------------------------------------------- callbacks
def _load_upload() -> None:
    f = st.session_state.get("upload_case")
    if f is None:
        return
    try:
        data = json.loads(f.getvalue().decode("utf-8"))
        if not isinstance(data, dict):
            raise TypeError("the file must hold one case object")
        if data.get("provisions") and not data.get("provision"):
            data["provision"] = data.pop("provisions")[0]
        penalty.assess(data, catalogue())  # the library's own message for anything wrong
    except (ValueError, TypeError, UnicodeDecodeError) as e:  # InputError is a ValueError
        st.session_state["_upload_msg"] = ("error", tr("upload_bad", name=f.name, msg=str(e)))
        return
    set_case(data, reset_widgets=True)
    st.session_state["_upload_msg"] = ("success", tr("upload_ok", name=f.name))


def _reset() -> None:
    set_case(default_case(), reset_widgets=True)


# ---------------------------------------------------------------------------------- inputs
def _provision_input(case: dict[str, Any], slots: dict[str, Any]) -> str:
    cat = catalogue()
    st.subheader(tr("section_provision"))
    current = case.get("provision") if case.get("provision") in cat.provisions else \
        default_case()["provision"]
    init_state("in_law", cat.provisions[current].law)
    init_state("in_search", "")
    search = st.text_input(tr("search"), key="in_search", help=tr("search_help"))
    laws = ["*", *cat.laws]
    law = st.selectbox(tr("law"), laws, key="in_law",
                       format_func=bound(lambda c: tr("all_laws") if c == "*" else f"{c} · {law_title(c)}"))
    needle = search.strip().lower()
    options = []
    for p in cat.provisions.values():
        if p.liable == "responsible_person" or (law != "*" and p.law != law):
            continue
        if needle:
            hay = " ".join([p.id, p.citation_en, p.citation_zh, p.law_title_en, p.law_title_zh,
                            p.tier, p.trigger.en, p.trigger.zh, p.summary_en,
                            p.summary_zh]).lower()
            if not all(w in hay for w in needle.split()):
                continue
        options.append(p.id)
    if not options:
        st.warning(tr("no_match"))
        slots["provision"] = st.empty()
        return current
    init_state("in_provision", current)
    if st.session_state["in_provision"] not in options:
        st.session_state["in_provision"] = current if current in options else options[0]
    pid = st.selectbox(tr("provision"), options, key="in_provision", format_func=bound(provision_label))
    slots["provision"] = st.empty()
    p = cat.provisions[pid]
    with st.expander(f"{p.citation_zh} · {p.citation_en}", expanded=False):
        st.markdown(f"**{tr('trigger')}:** {p.trigger.zh} / {p.trigger.en}")
        st.markdown(f"**{tr('summary')}:** {bi(p.summary_en, p.summary_zh)}")
        st.caption(f"{tr('confidence')}: {p.confidence} · `{p.id}`")
        st.markdown(f"**{tr('versions')}**")
        for line in version_lines(p):
            st.markdown(line)
    return pid


def _inputs(case: dict[str, Any], slots: dict[str, Any]) -> dict[str, Any]:
    pid = _provision_input(case, slots)

    st.subheader(tr("section_dates"))
    d = default_case()
    init_state("in_violation_date", widget_date(case.get("violation_date")) or widget_date(d["violation_date"]))
    init_state("in_violation_end_date", widget_date(case.get("violation_end_date")))
    init_state("in_discovery_date", widget_date(case.get("discovery_date")))
    init_state("in_decision_date", widget_date(case.get("decision_date")) or widget_date(d["decision_date"]))
    c1, c2 = st.columns(2)
    with c1:
        vd = st.date_input(tr("violation_date"), key="in_violation_date", min_value=DATE_MIN,
                           max_value=DATE_MAX)
        slots["violation_date"] = st.empty()
        dd = st.date_input(tr("discovery_date"), key="in_discovery_date", min_value=DATE_MIN,
                           max_value=DATE_MAX)
        slots["discovery_date"] = st.empty()
    with c2:
        ve = st.date_input(tr("violation_end_date"), key="in_violation_end_date",
                           min_value=DATE_MIN, max_value=DATE_MAX)
        slots["violation_end_date"] = st.empty()
        de = st.date_input(tr("decision_date"), key="in_decision_date", min_value=DATE_MIN,
                           max_value=DATE_MAX)
        slots["decision_date"] = st.empty()

    st.subheader(tr("section_party"))
    party = case.get("party") or {}
    init_state("in_party_kind", party.get("kind", "organisation"))
    kind = st.radio(tr("party_kind"), ["organisation", "individual"], key="in_party_kind",
                    format_func=bound(tr), horizontal=True)
    slots["party_kind"] = st.empty()
    out: dict[str, Any] = {"provision": pid}
    for key, value in (("violation_date", vd), ("violation_end_date", ve),
                       ("discovery_date", dd), ("decision_date", de)):
        if value:
            out[key] = value.isoformat()
    out["party"] = {"kind": kind}
    if kind == "individual":
        age0 = party.get("age")
        init_state("in_party_age", age0 if isinstance(age0, int) and 0 <= age0 <= 130 else None)
        age = st.number_input(tr("party_age"), key="in_party_age", min_value=0, max_value=130,
                              step=1)
        if age is not None:
            out["party"]["age"] = int(age)
    else:
        n0 = case.get("persons_count", 1)
        init_state("in_persons_count", n0 if isinstance(n0, int) and 0 <= n0 <= 1000 else 1)
        out["persons_count"] = int(st.number_input(tr("persons_count"), key="in_persons_count",
                                                   min_value=0, max_value=1000, step=1))
    slots["party_age"] = slots["persons_count"] = st.empty()

    st.subheader(tr("section_amounts"))
    used = amounts_used(pid)
    if not used:
        st.caption(tr("no_amounts"))
    for a in used:
        init_state(f"in_{a}", str(case.get(a) or ""))
        raw = st.text_input(tr(a), key=f"in_{a}", placeholder="0")
        slots[a] = st.empty()
        if money_text(raw) is not None:
            out[a] = money_text(raw)

    st.subheader(tr("section_circ"))
    cat = catalogue()
    given = set(case.get("circumstances") or [])
    chosen = []
    givable = givable_circumstances(kind, cat)
    for gkey, effects in GROUPS:
        codes = [c for c in givable if cat.circumstances[c].effect in effects]
        if not codes:
            continue
        st.markdown(f"**{tr(gkey)}**")
        for code in codes:
            ci = cat.circumstances[code]
            modal = tr("may") if ci.effect.endswith("_may") else tr("shall") \
                if ci.effect != "limitation_extended" else ""
            init_state(f"in_circ_{code}", code in given)
            label = (f"{bi(ci.en, ci.zh)} — :gray[{bi(ci.citation, ci.citation_zh)}"
                     f"{' · ' + modal if modal else ''}]")
            if st.checkbox(label, key=f"in_circ_{code}", wrap=True,
                           help=tr("derived_note") if code == REPEAT else None):
                chosen.append(code)
    slots["circumstances"] = st.empty()
    out["circumstances"] = chosen

    st.subheader(tr("section_prior"))
    priors = case.get("prior_penalties") or []
    init_state("in_prior_n", min(len(priors), 20))
    n = int(st.number_input(tr("prior_n"), key="in_prior_n", min_value=0, max_value=20, step=1))
    out_priors = []
    for i in range(n):
        p = priors[i] if i < len(priors) else {}
        init_state(f"in_prior_date_{i}", widget_date(p.get("decided_on")) or widget_date(out.get("violation_date")))
        init_state(f"in_prior_same_{i}", bool(p.get("same_kind", True)))
        init_state(f"in_prior_cac_{i}", bool(p.get("by_cac", True)))
        c1, c2 = st.columns([1, 1], vertical_alignment="center")
        day = c1.date_input(f"{tr('prior_date')} #{i + 1}", key=f"in_prior_date_{i}",
                            min_value=DATE_MIN, max_value=DATE_MAX)
        with c2:
            same = st.checkbox(tr("prior_same"), key=f"in_prior_same_{i}", wrap=True)
            cac = st.checkbox(tr("prior_cac"), key=f"in_prior_cac_{i}", wrap=True)
        out_priors.append({"decided_on": day.isoformat() if day else None, "same_kind": same,
                           "by_cac": cac})
    slots["prior_penalties"] = st.empty()
    out["prior_penalties"] = out_priors

    opts = {**OPTION_DEFAULTS, **(case.get("options") or {})}
    with st.expander(tr("section_options")):
        chosen_opts: dict[str, Any] = {}
        if "turnover_cny" in used:
            init_state("in_opt_turnover_ceiling", opts["turnover_ceiling"])
            chosen_opts["turnover_ceiling"] = st.selectbox(
                tr("opt_turnover_ceiling"), ["higher", "fixed", "turnover"],
                key="in_opt_turnover_ceiling", format_func=bound(lambda v: tr(f"tc_{v}")))
        init_state("in_opt_prefer_mitigated", bool(opts["prefer_mitigated"]))
        chosen_opts["prefer_mitigated"] = st.checkbox(tr("opt_prefer_mitigated"),
                                                      key="in_opt_prefer_mitigated")
        init_state("in_opt_apply_may", bool(opts["apply_may_circumstances"]))
        chosen_opts["apply_may_circumstances"] = st.checkbox(tr("opt_apply_may"),
                                                             key="in_opt_apply_may")
        init_state("in_opt_repeat_anchor", opts["repeat_window_anchor"])
        chosen_opts["repeat_window_anchor"] = st.radio(
            tr("opt_repeat_anchor"), ["violation_end", "decision"], key="in_opt_repeat_anchor",
            format_func=bound(lambda v: tr(f"ra_{v}")))
        init_state("in_label", case.get("label") or "")
        label = st.text_input(tr("label"), key="in_label", max_chars=200)
        slots["options"] = st.empty()
    changed = {k: v for k, v in chosen_opts.items() if v != OPTION_DEFAULTS[k]}
    if changed:
        out["options"] = changed
    if label.strip():
        out["label"] = label.strip()
    return out


# --------------------------------------------------------------------------------- results
def _picture(a: Any, case: dict[str, Any]) -> None:
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


def _similar(a: Any, case: dict[str, Any]) -> None:
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


def _downloads(a: Any, case: dict[str, Any]) -> None:
    st.subheader(tr("downloads"))
    c1, c2 = st.columns(2)
    c1.download_button(tr("dl_assessment"), a.model_dump_json(indent=2), key="dl_assessment", on_click="ignore",
                       file_name="assessment.json", mime="application/json")
    c2.download_button(tr("dl_case"), case_json(case), key="dl_case", on_click="ignore", file_name="case.json",
                       mime="application/json")
    ex = export_module()
    if ex is None or not hasattr(ex, "whatif_bytes") or not hasattr(ex, "statement_docx"):
        st.caption(tr("dl_unavailable"))
        return
    cat, frozen, language = catalogue(), json.loads(json.dumps(case)), lang()
    # Built only when clicked (Streamlit runs the callable on download), so typing stays fast.
    c1.download_button(tr("dl_xlsx"), lambda: ex.whatif_bytes(frozen, cat), key="dl_xlsx", on_click="ignore",
                       file_name="what-if.xlsx", mime="application/vnd.openxmlformats-"
                       "officedocument.spreadsheetml.sheet")
    c2.download_button(tr("dl_docx"), lambda: ex.statement_docx(frozen, language, a, cat),
                       key="dl_docx", on_click="ignore", file_name=f"statement-{language}.docx",
                       mime="application/vnd.openxmlformats-officedocument."
                       "wordprocessingml.document")
    if hasattr(ex, "statement_markdown"):
        c1.download_button(tr("dl_md"), lambda: ex.statement_markdown(frozen, language, a, cat),
                           key="dl_md", on_click="ignore", file_name=f"statement-{language}.md",
                           mime="text/markdown")


def _result(a: Any, case: dict[str, Any]) -> None:
    with st.container(border=True, key="headline"):
        st.caption(tr("band"))
        st.markdown(f"## :{BAND_MD.get(a.band, 'violet')}[{band_label(a.band)}]")
        c1, c2 = st.columns(2)
        c1.caption(tr("fine"))
        c1.markdown(f"#### {money_range(a.fine) if a.fine is not None else tr('no_fine')}")
        c2.caption(tr("total_exposure"))
        c2.markdown(f"#### {money_range(a.total_exposure)}")
    st.markdown(f"**{tr('open_bands')}:** " + " · ".join(band_label(b) for b in a.bands))
    if a.fine is not None:
        st.markdown(f"**{tr('fine_with_float')}:** {money_range(a.float_fine)}  \n"
                    f"**{tr('statutory')}:** {money_range(a.statutory)} "
                    f"({citation(catalogue().provisions[a.provision_applied])})")
    if not a.benchmark_applies:
        st.warning(tr("benchmark_no", d=catalogue().split.effective_from))
    _picture(a, case)
    if a.ranges:
        st.markdown(f"**{tr('band_table')}**")
        st.table(pd.DataFrame(
            [{tr("col_band"): band_label(b), tr("col_range"): money_range(r),
              tr("col_float"): money_range(a.float_ranges.get(b))} for b, r in a.ranges.items()]
        ).set_index(tr("col_band")))
    lines = []
    for p in a.responsible_persons:
        if p.fine is not None and p.count:
            lines.append(tr("persons_line", n=p.count, rng=money_range(p.fine),
                            cite=citation(catalogue().provisions[p.provision])))
    if lines:
        st.markdown(f"**{tr('persons')}:** " + "; ".join(lines))
    st.markdown(f"**{tr('confiscation')}:** {money(a.confiscation_cny)}")

    t1, t2, t3 = st.tabs([tr("reasons"), tr("assumptions"),
                          f"{tr('law_version')} · {tr('limitation')}"])
    with t1:
        for r in a.reasons:
            st.markdown(f"- {bi(r.en, r.zh)} — *{bi(r.citation, r.citation_zh or r.citation)}*")
    with t2:
        for x in a.assumptions:
            st.markdown(f"- {bi(x.en, x.zh)} — *{x.citation}*")
    with t3:
        lv = a.law_versions
        st.markdown(f"**{tr('law_version')}:** {bi(lv.en, lv.zh)} — *{lv.citation}*  \n"
                    f"`{lv.applied}`")
        lim = a.limitation
        st.markdown(f"**{tr('limitation')}:** " + tr(
            f"lim_{lim.status}", y=lim.period_years, start=lim.runs_from, end=lim.expires_on)
            + f" — *{lim.citation}*")
    _similar(a, case)
    _downloads(a, case)


# ------------------------------------------------------------------------------------ page
st.title(tr("estimate_title"))
case = get_case()
with st.expander(tr("scenario")):
    st.file_uploader(tr("upload"), type=["json"], key="upload_case", on_change=_load_upload)
    msg = st.session_state.pop("_upload_msg", None)
    if msg:
        getattr(st, msg[0])(msg[1])
    st.caption(tr("share_hint"))
    st.button(tr("reset"), key="reset_case", on_click=_reset)

left, right = st.columns([5, 7], gap="large")
slots: dict[str, Any] = {}
with left:
    new_case = _inputs(get_case(), slots)
set_case(new_case)
write_query(new_case)
assessment, err = assess(new_case)
with right:
    st.header(tr("result"))
    if err is not None:
        slot = slots.get(error_field(err))
        if slot is not None:
            slot.error(str(err), icon="⚠️")
        st.error(str(err) if slot is None else tr("fix_input"))
    else:
        _result(assessment, new_case)
