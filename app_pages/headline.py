"""Estimate page, the result: headline (band, fine, exposure), band table, persons, the reasons,
assumptions, law version and limitation tabs."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from app_pages.common import band_label, bi, catalogue, citation, money, money_range, tr

BAND_MD = {"no_penalty": "gray", "mitigated": "blue", "lenient": "green", "standard": "orange",
           "aggravated": "red"}


def headline(a: Any, case: dict[str, Any]) -> None:
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


def details(a: Any) -> None:
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
