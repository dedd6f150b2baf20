"""Exports: the what-if workbook (XLSX with live formulas), batch runs (CSV/XLSX in and out) and
the written discretion statement (DOCX/Markdown). Each is a library function first; the command
line (:mod:`penalty.export.cli`) and the app only call them.

The names below are imported on first use, so a CSV batch runs without the ``export`` extra
(XlsxWriter, openpyxl, python-docx) and the command line starts without loading them.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from penalty.export.batch import BatchError, BatchSummary, read_cases, run_batch
    from penalty.export.safety import neutralise
    from penalty.export.scenarios import Scenario, build_scenarios
    from penalty.export.statement import Letterhead, statement_docx, statement_markdown, write_statement
    from penalty.export.xlsx import whatif_bytes, whatif_workbook, write_workbook

_MODULE_OF = {
    "BatchError": "batch", "BatchSummary": "batch", "read_cases": "batch", "run_batch": "batch",
    "neutralise": "safety", "Scenario": "scenarios", "build_scenarios": "scenarios",
    "Letterhead": "statement", "statement_docx": "statement", "statement_markdown": "statement",
    "write_statement": "statement",
    "whatif_bytes": "xlsx", "whatif_workbook": "xlsx", "write_workbook": "xlsx",
}

__all__ = ["BatchError", "BatchSummary", "Letterhead", "Scenario", "build_scenarios", "neutralise",
           "read_cases", "run_batch", "statement_docx", "statement_markdown", "whatif_bytes",
           "whatif_workbook", "write_statement", "write_workbook"]


def __getattr__(name: str) -> Any:
    if name not in _MODULE_OF:
        raise AttributeError(f"module 'penalty.export' has no attribute {name!r}")
    return getattr(importlib.import_module(f"penalty.export.{_MODULE_OF[name]}"), name)
