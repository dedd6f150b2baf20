"""Estimate page, the result: headline (band, fine, exposure), band table, persons, the reasons,
assumptions, law version and limitation tabs."""

from __future__ import annotations

from typing import Any

import streamlit as st

from app_pages import likely
from app_pages.common import (
    band_badge,
    band_label,
    bi,
    catalogue,
    citation,
    cite_zh,
    field,
    lang,
    money,
    money_range,
    sep,
    tr,
)

# Reasons that say what was set aside or fell short (the library's codes; shown under
# "What did not count" with the library's own words).
NOT_COUNTED_CODES = frozenset({"double_evaluation", "circumstance_not_applicable",
                               "repeat_short", "repeat_not_met", "repeat_offence_short",
                               "prior_penalties_short", "first_violation_not_applicable"})
NOT_COUNTED_EFFECTS = frozenset({"set_aside", "not_counted", "not_applicable", "short"})


def not_counted(a: Any) -> list[Any]:
    """The reasons saying what the library set aside or did not count."""
    return [r for r in a.reasons
            if r.code in NOT_COUNTED_CODES or str(r.effect) in NOT_COUNTED_EFFECTS]


def time_bar(a: Any) -> None:
    """APL Art. 36: a banner above the band when the period has run or may have run."""
    lim = a.limitation
    if lim.status not in ("expired", "unknown"):
        return
    text = tr(f"bar_{lim.status}", y=lim.period_years, start=lim.runs_from, end=lim.expires_on)
    apl = catalogue().apl
    cite = bi(apl.limitation_citation, apl.limitation_citation_zh)
    with st.container(key="time_bar"):
        (st.error if lim.status == "expired" else st.warning)(f"{text} — *{cite}*", icon="⏳")


def _band_cell(col: Any, a: Any, band: str, expected: bool) -> None:
    col.markdown(band_badge(band, large=expected), unsafe_allow_html=True)
    r = a.ranges.get(band)
    col.markdown(f"#### {money_range(r) if r is not None else tr('no_fine')}")
    fr = a.float_ranges.get(band)
    if fr is not None and fr != r:
        col.caption(f"{sep('fine_with_float')}{money_range(fr)}")


# Reasons that change how the headline must be read: shown above it, in the library's words.
HEADLINE_NOTICES = ("enforcer_not_cac", "order_not_penalty", "provincial_level_only")


def headline(a: Any, case: dict[str, Any]) -> None:
    time_bar(a)
    for r in a.reasons:
        if r.code in HEADLINE_NOTICES:
            st.info(f"{bi(r.en, r.zh)} — *{bi(r.citation, r.citation_zh or r.citation)}*",
                    icon="ℹ️")
    with st.container(border=True, key="headline"):
        if a.band is not None or len(a.bands) <= 1:
            band = a.band if a.band is not None else (a.bands[0] if a.bands else None)
            st.caption(tr("band"))
            st.markdown(band_badge(band, large=True), unsafe_allow_html=True)
            c1, c2 = st.columns(2)
            c1.caption(tr("fine"))
            r = a.ranges.get(band) if band is not None else None
            c1.markdown(f"#### {money_range(r) if r is not None else tr('no_fine')}",
                        help=tr("fine_help"))
            fr = a.float_ranges.get(band) if band is not None else None
            if fr is not None and fr != r:
                c1.caption(f"{sep('fine_with_float')}{money_range(fr)}")
            c2.caption(tr("total_exposure"))
            c2.markdown(f"#### {money_range(a.total_exposure)}", help=tr("exposure_help"))
            likely.line(a)  # observed practice beside the legal range
            others = [b for b in a.bands if b != band]
            if others:
                st.caption(tr("also_open") + " " + " · ".join(
                    f"{band_label(b)} {money_range(a.ranges.get(b))}" if a.ranges.get(b)
                    else band_label(b) for b in others))
        else:
            st.caption(tr("no_single_band_long"))
            cols = st.columns(len(a.bands))
            for col, b in zip(cols, a.bands):
                _band_cell(col, a, b, False)
            st.caption(f"{sep('total_exposure')}{money_range(a.total_exposure)}")
            likely.line(a)
    skipped = not_counted(a)
    if skipped:
        with st.container(border=True, key="not_counted"):
            st.markdown(f"**{tr('not_counted')}**")
            for r in skipped:
                st.markdown(f"- {bi(r.en, r.zh)} — *{bi(r.citation, r.citation_zh or r.citation)}*")
    if a.fine is not None:
        cite = citation(catalogue().provisions[a.provision_applied])
        st.markdown(f"{field('statutory')}{money_range(a.statutory)}"
                    + (f"（{cite}）" if lang() == "zh" else f" ({cite})"))
    if not a.benchmark_applies:
        st.warning(tr("benchmark_no", d=catalogue().benchmark_from))


def details(a: Any) -> None:
    if a.ranges:
        st.markdown(f"**{tr('band_table')}**")
        lines = [f"| {tr('col_band')} | {tr('col_range')} | {tr('col_float')} |", "|---|---|---|"]
        lines += [f"| {band_badge(b)} | {money_range(r)} | {money_range(a.float_ranges.get(b))} |"
                  for b, r in a.ranges.items()]
        st.markdown("\n".join(lines), unsafe_allow_html=True)
    lines = []
    for p in a.responsible_persons:
        if p.fine is not None and p.count:
            lines.append(tr("persons_line_1" if p.count == 1 else "persons_line", n=p.count,
                            rng=money_range(p.fine),
                            cite=citation(catalogue().provisions[p.provision])))
    if lines:
        st.markdown(f"{field('persons')}" + "; ".join(lines))
    st.markdown(f"{field('confiscation')}{money(a.confiscation_cny)}")

    t1, t2, t3 = st.tabs([tr("reasons"), tr("assumptions"),
                          f"{tr('law_version')} · {tr('limitation')}"])
    with t1:
        for r in a.reasons:
            st.markdown(f"- {bi(r.en, r.zh)} — *{bi(r.citation, r.citation_zh or r.citation)}*")
    with t2:
        for x in a.assumptions:
            st.markdown(f"- {bi(x.en, x.zh)} — *{cite_zh(x.citation, x.citation_zh)}*")
    with t3:
        lv = a.law_versions
        st.markdown(f"{field('law_version')}{bi(lv.en, lv.zh)} — *{cite_zh(lv.citation)}*  \n"
                    f"{citation(catalogue().provisions[lv.applied])}")
        lim = a.limitation
        st.markdown(f"{field('limitation')}" + tr(
            f"lim_{lim.status}", y=lim.period_years, start=lim.runs_from, end=lim.expires_on)
            + f" — *{cite_zh(lim.citation)}*")


def compact(a: Any) -> None:
    """One line for the top of a phone screen: the band (or the open bands) and the range."""
    if a.band is not None or len(a.bands) <= 1:
        band = a.band if a.band is not None else (a.bands[0] if a.bands else None)
        r = a.ranges.get(band) if band is not None else None
        parts = [f"{band_badge(band)} <b>{money_range(r) if r is not None else tr('no_fine')}</b>"]
    else:
        parts = [f"{band_badge(b)} {money_range(a.ranges.get(b))}" for b in a.bands]
    bar = "⏳ " if a.limitation.status in ("expired", "unknown") else ""
    st.markdown(bar + " &nbsp; ".join(parts), unsafe_allow_html=True)
