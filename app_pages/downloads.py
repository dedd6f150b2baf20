"""Estimate page, the downloads: assessment and case JSON, what-if workbook, statement."""

from __future__ import annotations

import json
from typing import Any

import streamlit as st

from app_pages.common import bound, case_json, catalogue, export_module, lang, tr


def downloads(a: Any, case: dict[str, Any]) -> None:
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
    with st.expander(tr("dl_letterhead")):
        l1, l2 = st.columns(2)
        firm = l1.text_input(tr("lh_firm"), key="lh_firm", max_chars=200)
        matter = l2.text_input(tr("lh_matter"), key="lh_matter", max_chars=200)
        client = l1.text_input(tr("lh_client"), key="lh_client", max_chars=200)
        date = l2.text_input(tr("lh_date"), key="lh_date", max_chars=40,
                             placeholder=str(case.get("decision_date") or ""))
        variant = st.radio(tr("lh_lang"), [language, "bi"], key="lh_variant", horizontal=True,
                           format_func=bound(lambda v: tr("lh_bi") if v == "bi" else tr("lh_one")))
    head = ex.Letterhead(firm=firm, matter=matter, client=client, date=date) \
        if hasattr(ex, "Letterhead") else None
    # Built only when clicked (Streamlit runs the callable on download), so typing stays fast.
    c1.download_button(tr("dl_xlsx"), lambda: ex.whatif_bytes(frozen, cat), key="dl_xlsx", on_click="ignore",
                       file_name="what-if.xlsx", mime="application/vnd.openxmlformats-"
                       "officedocument.spreadsheetml.sheet")
    c2.download_button(tr("dl_docx"), lambda: statement_bytes(frozen, variant, a, head),
                       key="dl_docx", on_click="ignore", file_name=f"statement-{variant}.docx",
                       mime="application/vnd.openxmlformats-officedocument."
                       "wordprocessingml.document")
    c1.download_button(tr("dl_md"), lambda: ex.statement_markdown(frozen, variant, a, cat, letterhead=head),
                       key="dl_md", on_click="ignore", file_name=f"statement-{variant}.md",
                       mime="text/markdown")


def statement_bytes(case: dict[str, Any], variant: str, a: Any = None, letterhead: Any = None) -> bytes:
    """The Word statement as the library's writer makes it: every text of the case (the label
    included, control characters and all) goes through ``penalty.export``, which escapes it."""
    ex = export_module()
    return ex.statement_docx(json.loads(json.dumps(case)), variant, a, catalogue(), letterhead=letterhead)
