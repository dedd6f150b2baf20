"""Estimate: describe the violation, see the band, the range, the reasons and similar cases.

Thin: the form (``form.py``) collects the case, ``penalty.assess`` decides, the result is shown by
``headline.py`` (band, fine, reasons), ``chart.py`` (bands on one axis), ``similar.py``
(published decisions) and ``downloads.py`` (JSON, workbook, statement).

The form and the result run as one ``st.fragment``: changing an input reruns this part only, not
the navigation or the page around it.
"""

from __future__ import annotations

import os
import time
from typing import Any

import streamlit as st

from app_pages import chart, downloads, form, headline, likely, procedure, similar
from app_pages.common import (
    assess,
    error_field,
    error_text,
    get_case,
    link_warnings,
    phone_css,
    set_case,
    tr,
    write_query,
)
from penalty.whatif import REPEAT


def result(a: Any, case: dict[str, Any]) -> None:
    headline.headline(a, case)
    chart.picture(a, case)
    likely.chart(a)
    headline.details(a)
    similar.similar(a, case)
    downloads.downloads(a, case)
    procedure.panel(a, case)


# bench/app_browser.py sets this to a file: each run of the form and result appends its
# server-side duration in milliseconds.
TIMING_FILE = os.environ.get("PENALTY_APP_TIMING")


@st.fragment
def body() -> None:
    t0 = time.perf_counter()
    try:
        _body()
    finally:
        if TIMING_FILE:
            with open(TIMING_FILE, "a", encoding="utf-8") as f:
                f.write(f"{(time.perf_counter() - t0) * 1000:.1f}\n")


def _body() -> None:
    phone = st.container(key="phone_headline")  # the result's summary on top of a phone screen
    left, right = st.columns([5, 7], gap="large")
    slots: dict[str, Any] = {}
    with left:
        new_case = form.inputs(get_case(), slots)
    if not (new_case.get("provision") or new_case.get("provisions")):
        with right:
            st.header(tr("result"))
            st.info(tr("no_provision"))
        return
    set_case(new_case)
    write_query(new_case)
    assessment, err = assess(new_case)
    with right:
        st.header(tr("result"))
        if err is not None:
            slot = slots.get(error_field(err))
            if slot is not None:
                slot.error(error_text(err), icon="⚠️")
            st.error(error_text(err) if slot is None else tr("fix_input"))
            return
        if REPEAT in {r.code for r in assessment.reasons} and \
                REPEAT not in new_case.get("circumstances", []) and "derived_repeat" in slots:
            slots["derived_repeat"].caption(f":blue[✓ {tr('derived_mark')}]")
        result(assessment, new_case)
    with phone:
        headline.compact(assessment)


st.title(tr("estimate_title"))
phone_css()
for w in link_warnings():
    st.warning(w, icon="🔗")
form.scenario_box()
body()
