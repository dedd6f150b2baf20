"""Estimate: describe the violation, see the band, the range, the reasons and similar cases.

Thin: the form (``form.py``) collects the case, ``penalty.assess`` decides, the result is shown by
``headline.py`` (band, fine, reasons), ``chart.py`` (bands on one axis), ``similar.py``
(published decisions) and ``downloads.py`` (JSON, workbook, statement).
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from app_pages import chart, downloads, form, headline, similar
from app_pages.common import assess, error_field, get_case, set_case, tr, write_query


def result(a: Any, case: dict[str, Any]) -> None:
    headline.headline(a, case)
    chart.picture(a, case)
    headline.details(a)
    similar.similar(a, case)
    downloads.downloads(a, case)


st.title(tr("estimate_title"))
form.scenario_box()

left, right = st.columns([5, 7], gap="large")
slots: dict[str, Any] = {}
with left:
    new_case = form.inputs(get_case(), slots)
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
        result(assessment, new_case)
