"""Estimate page, the form: the scenario box (upload, reset) and the inputs, returning a case dict.

Widget keys start with ``in_``; each input has a slot under it (``slots[field]``) where the
library's error for that field is shown.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import streamlit as st

import penalty
from app_pages import likely
from app_pages.common import (
    DATE_MAX,
    DATE_MIN,
    OPTION_CHOICES,
    OPTION_DEFAULTS,
    amount_input,
    amounts_used,
    bi,
    bound,
    case_provisions,
    catalogue,
    citation,
    default_case,
    error_text,
    field,
    init_state,
    law_name,
    option_help,
    provision_label,
    set_case,
    tr,
    version_lines,
    widget_date,
)
from penalty.models import AGE_RANGE, LOOKBACK_RANGE, PERSONS_RANGE
from penalty.search import search_provisions
from penalty.whatif import REPEAT, givable_circumstances

PRIOR_ROWS = 100  # rows the form offers to type in (more come from an upload or link)
GROUPS = (("grp_no_penalty", ("no_penalty_shall", "no_penalty_may")),
          ("grp_mild", ("lenient_or_mitigated_shall", "lenient_or_mitigated_may")),
          ("grp_aggravate", ("aggravate_shall",)),
          ("grp_other", ("limitation_extended",)))


# ------------------------------------------------------------------------------- callbacks
def _plain(value: Any) -> Any:
    """JSON values as the form keeps them: exact decimals as their text (amounts read text)."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _shown_by_form(data: dict[str, Any]) -> None:
    """Refuse, naming the field, a value the library accepts but the form cannot show (a date
    outside the date inputs' range, a circumstance this party cannot have), so the form never
    changes an uploaded case silently."""
    for key in ("violation_date", "violation_end_date", "discovery_date", "decision_date"):
        if data.get(key) and widget_date(data[key]) is None:
            raise penalty.InputError(key, str(data[key]), f"must be a date from {DATE_MIN} to "
                                     f"{DATE_MAX} in this form")
    kind = (data.get("party") or {}).get("kind", "organisation")
    givable = set(givable_circumstances(kind, catalogue()))
    for c in data.get("circumstances") or []:
        if c not in givable:
            raise penalty.InputError("circumstances", str(c), f"must be a circumstance a "
                                     f"party of kind {kind!r} can have in this form")


def _load_upload() -> None:
    f = st.session_state.get("upload_case")
    if f is None:
        return
    try:
        data = _plain(penalty.read_case_json(f.getvalue()))  # size, depth, encoding checked
        if not isinstance(data, dict):
            raise penalty.InputError("case", f"(a JSON {type(data).__name__})",
                                     "must be one JSON object of case fields")
        penalty.assess(data, catalogue())  # the library's own message for anything wrong
        _shown_by_form(data)
        for pid in case_provisions(data):
            if catalogue().provisions[pid].liable == "responsible_person":
                raise penalty.InputError("provision", pid, "must be a provision fining the "
                                         "organisation or individual (responsible persons are "
                                         "counted with persons_count)")
    except (ValueError, TypeError, UnicodeDecodeError, RecursionError) as e:
        msg = error_text(e) if isinstance(e, penalty.InputError) else str(e)
        st.session_state["_upload_msg"] = ("error", tr("upload_bad", name=f.name, msg=msg))
        return
    set_case(data, reset_widgets=True)
    st.session_state["_upload_msg"] = ("success", tr("upload_ok", name=f.name))


def _reset() -> None:
    set_case(default_case(), reset_widgets=True)


# ---------------------------------------------------------------------------------- inputs
def _provision_input(case: dict[str, Any], slots: dict[str, Any]) -> str | None:
    """The provision: a search across every law (English, Chinese, 第六十六条, keywords) or a
    law and its provisions. None when the search matches nothing (the result is cleared)."""
    cat = catalogue()
    st.subheader(tr("section_provision"))
    named = [x for x in case_provisions(case) if x in cat.provisions]
    current = named[0] if named else default_case()["provision"]
    init_state("in_law", cat.provisions[current].law)
    init_state("in_search", "")
    search = st.text_input(tr("search"), key="in_search", help=tr("search_help"),
                           placeholder=tr("search_placeholder"))
    laws = ["*", *cat.laws]
    needle = search.strip()
    law = st.selectbox(tr("law"), laws, key="in_law", disabled=bool(needle),
                       format_func=bound(lambda c: tr("all_laws") if c == "*" else law_name(c)))
    liable = ("entity", "individual")
    if needle:  # a search looks in every law, whatever law is selected
        options = search_provisions(needle, cat, liable=liable)
    else:
        options = [p.id for p in cat.provisions.values()
                   if p.liable in liable and (law == "*" or p.law == law)]
    if not options:
        st.warning(tr("no_match"))
        slots["provision"] = st.empty()
        return None
    if needle:
        st.caption(tr("search_hits_1") if len(options) == 1 else tr("search_hits", n=len(options)))
    init_state("in_provision", current)
    if st.session_state["in_provision"] not in options:
        st.session_state["in_provision"] = current if current in options else options[0]
    pid = st.selectbox(tr("provision"), options, key="in_provision", format_func=bound(provision_label))
    slots["provision"] = st.empty()
    # one act breaching several provisions (APL Art. 29): the library applies the heaviest
    init_state("in_also", named[1:])
    also_options = [x for x in cat.provisions.values() if x.liable in liable]
    st.multiselect(tr("also_breached"), [x.id for x in also_options], key="in_also",
                   format_func=bound(provision_label), help=tr("also_help"),
                   placeholder=tr("also_placeholder"))
    p = cat.provisions[pid]
    with st.expander(citation(p), expanded=False):
        st.markdown(f"{field('trigger')}{bi(p.trigger.en, p.trigger.zh)}")
        st.markdown(f"{field('summary')}{bi(p.summary_en, p.summary_zh)}")
        st.caption(f"{tr('confidence')}: {tr('conf_' + p.confidence)}")
        st.markdown(f"**{tr('versions')}**")
        for line in version_lines(p):
            st.markdown(line)
    return pid


def inputs(case: dict[str, Any], slots: dict[str, Any]) -> dict[str, Any]:
    pid = _provision_input(case, slots)

    st.subheader(tr("section_dates"))
    d = default_case()
    init_state("in_violation_date", widget_date(case.get("violation_date")) or widget_date(d["violation_date"]))
    init_state("in_violation_end_date", widget_date(case.get("violation_end_date")))
    init_state("in_discovery_date", widget_date(case.get("discovery_date")))
    init_state("in_decision_date", widget_date(case.get("decision_date")) or widget_date(d["decision_date"]))
    c1, c2 = st.columns(2)  # row by row, so a phone shows them in order
    with c1:
        vd = st.date_input(tr("violation_date"), key="in_violation_date", min_value=DATE_MIN,
                           max_value=DATE_MAX)
        slots["violation_date"] = st.empty()
    with c2:
        ve = st.date_input(tr("violation_end_date"), key="in_violation_end_date",
                           min_value=DATE_MIN, max_value=DATE_MAX)
        slots["violation_end_date"] = st.empty()
    c3, c4 = st.columns(2)
    with c3:
        apl = catalogue().apl  # APL Art. 36, cited as data/benchmark.yaml names it
        dd = st.date_input(tr("discovery_date"), key="in_discovery_date", min_value=DATE_MIN,
                           max_value=DATE_MAX, help=tr("discovery_help", cite=bi(
                               apl.limitation_citation, apl.limitation_citation_zh)))
        slots["discovery_date"] = st.empty()
    with c4:
        de = st.date_input(tr("decision_date"), key="in_decision_date", min_value=DATE_MIN,
                           max_value=DATE_MAX)
        slots["decision_date"] = st.empty()

    st.subheader(tr("section_party"))
    party = case.get("party") or {}
    init_state("in_party_kind", party.get("kind", "organisation"))
    kind = st.radio(tr("party_kind"), ["organisation", "individual"], key="in_party_kind",
                    format_func=bound(tr), horizontal=True)
    slots["party_kind"] = st.empty()
    also = [x for x in st.session_state.get("in_also") or [] if x != pid]
    out: dict[str, Any] = {} if pid is None else {"provisions": [pid, *also]} if also else \
        {"provision": pid}
    for key, value in (("violation_date", vd), ("violation_end_date", ve),
                       ("discovery_date", dd), ("decision_date", de)):
        if value:
            out[key] = value.isoformat()
    out["party"] = {"kind": kind}
    if kind == "individual":
        age0 = party.get("age")
        lo, hi = AGE_RANGE
        init_state("in_party_age", age0 if isinstance(age0, int) and lo <= age0 <= hi else None)
        age = st.number_input(tr("party_age"), key="in_party_age", min_value=lo, max_value=hi,
                              step=1)
        if age is not None:
            out["party"]["age"] = int(age)
    else:
        n0 = case.get("persons_count", 1)
        lo, hi = PERSONS_RANGE
        init_state("in_persons_count", n0 if isinstance(n0, int) and lo <= n0 <= hi else 1)
        out["persons_count"] = int(st.number_input(tr("persons_count"), key="in_persons_count",
                                                   min_value=lo, max_value=hi, step=1))
    slots["party_age"] = slots["persons_count"] = st.empty()
    likely.level_input(case, out)  # observed practice only: weighs similar decisions

    st.subheader(tr("section_amounts"))
    used = amounts_used(case_provisions(out))
    if not used:
        st.caption(tr("no_amounts"))
    for a in used:
        init_state(f"in_{a}", str(case.get(a) or ""))
        raw = st.text_input(tr(a), key=f"in_{a}", placeholder="0")
        slots[a] = st.empty()
        if amount_input(raw) is not None:
            out[a] = amount_input(raw)

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
            cite = bi(cat.numbering_caveat(ci.citation), cat.numbering_caveat(ci.citation_zh, "zh"))
            label = (f"{bi(ci.en, ci.zh)} — :gray[{cite}"
                     f"{' · ' + modal if modal else ''}]")
            if st.checkbox(label, key=f"in_circ_{code}", wrap=True,
                           help=tr("derived_note") if code == REPEAT else None):
                chosen.append(code)
            if code == REPEAT:
                slots["derived_repeat"] = st.empty()  # marked when derived from prior penalties
    slots["circumstances"] = st.empty()
    out["circumstances"] = chosen

    st.subheader(tr("section_prior"))
    priors = case.get("prior_penalties") or []
    init_state("in_prior_n", len(priors))  # every prior penalty given is kept
    n = int(st.number_input(tr("prior_n"), key="in_prior_n", min_value=0,
                            max_value=max(PRIOR_ROWS, len(priors)), step=1))
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
    # A toggle, not an expander: an expander's widgets are sent and drawn on every rerun even when
    # closed (about a tenth of a circumstance toggle's time in the browser). Hidden, the case keeps
    # the options and label it has, and says how many options differ from the defaults.
    if not st.toggle(tr("section_options"), key="in_show_options"):
        kept = {k: v for k, v in (case.get("options") or {}).items() if v != OPTION_DEFAULTS.get(k)}
        if kept:
            out["options"] = kept
            st.caption(tr("options_changed", n=len(kept)))
        if case.get("label"):
            out["label"] = case["label"]
        slots["options"] = st.empty()
        return out
    with st.container(border=True):
        chosen_opts: dict[str, Any] = {}
        if "turnover_cny" in used:
            init_state("in_opt_turnover_ceiling", opts["turnover_ceiling"])
            chosen_opts["turnover_ceiling"] = st.selectbox(
                tr("opt_turnover_ceiling"), list(OPTION_CHOICES["turnover_ceiling"]),
                key="in_opt_turnover_ceiling", format_func=bound(lambda v: tr(f"tc_{v}")),
                help=option_help("turnover_ceiling"))
        for key, wkey, label in (("prefer_mitigated", "in_opt_prefer_mitigated", "opt_prefer_mitigated"),
                                 ("apply_may_circumstances", "in_opt_apply_may", "opt_apply_may")):
            init_state(wkey, bool(opts[key]))
            chosen_opts[key] = st.checkbox(tr(label), key=wkey, help=option_help(key))
        init_state("in_opt_repeat_anchor", opts["repeat_window_anchor"])
        chosen_opts["repeat_window_anchor"] = st.radio(
            tr("opt_repeat_anchor"), list(OPTION_CHOICES["repeat_window_anchor"]),
            key="in_opt_repeat_anchor", format_func=bound(lambda v: tr(f"ra_{v}")),
            help=option_help("repeat_window_anchor"))
        # APL Art. 33(1): how far back an earlier same-kind penalty rules out a first violation;
        # empty = any earlier one (the default, no limit in law)
        lb = opts["first_violation_lookback_months"]
        lo, hi = LOOKBACK_RANGE
        init_state("in_opt_lookback", lb if isinstance(lb, int) and lo <= lb <= hi else None)
        months = st.number_input(tr("opt_lookback"), key="in_opt_lookback", min_value=lo,
                                 max_value=hi, step=1, placeholder=tr("opt_lookback_none"),
                                 help=option_help("first_violation_lookback_months"))
        chosen_opts["first_violation_lookback_months"] = None if months is None else int(months)
        for key, wkey, label in (
                ("confiscate_when_not_punished", "in_opt_confiscate", "opt_confiscate"),
                ("aggravated_for_minors", "in_opt_minors", "opt_minors"),
                ("warning_alone_in_standard_band", "in_opt_warning_alone", "opt_warning_alone"),
                ("apl_2021_lighter_rules_for_earlier_acts", "in_opt_apl_2021", "opt_apl_2021")):
            init_state(wkey, bool(opts[key]))
            chosen_opts[key] = st.checkbox(tr(label), key=wkey, help=option_help(key))
        init_state("in_label", case.get("label") or "")
        label = st.text_input(tr("label"), key="in_label", max_chars=200)
        slots["options"] = st.empty()
    changed = {k: v for k, v in chosen_opts.items() if v != OPTION_DEFAULTS[k]}
    if changed:
        out["options"] = changed
    if label.strip():
        out["label"] = label.strip()
    return out



def scenario_box() -> None:
    """Upload a case JSON, the share hint and the reset button."""
    with st.expander(tr("scenario")):
        st.file_uploader(tr("upload"), type=["json"], key="upload_case", on_change=_load_upload)
        msg = st.session_state.pop("_upload_msg", None)
        if msg:
            getattr(st, msg[0])(msg[1])
        st.caption(tr("share_hint"))
        st.button(tr("reset"), key="reset_case", on_click=_reset)
