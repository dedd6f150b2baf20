"""Estimate page, the downloads: assessment and case JSON, what-if workbook, statement."""

from __future__ import annotations

import json
from typing import Any

import streamlit as st

from app_pages.common import case_json, catalogue, export_module, lang, tr


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
