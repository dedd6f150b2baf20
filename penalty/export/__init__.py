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
    from penalty.errors import BatchError
    from penalty.export.batch.read import read_cases
    from penalty.export.batch.run import BatchSummary, run_batch
    from penalty.export.safety import neutralise
    from penalty.export.scenarios import Scenario, build_scenarios
    from penalty.export.statement import Letterhead, statement_docx, statement_markdown, write_statement
    from penalty.export.xlsx import whatif_bytes, whatif_workbook, write_workbook

_MODULE_OF = {
    "BatchError": "penalty.errors", "BatchSummary": "penalty.export.batch.run",
    "read_cases": "penalty.export.batch.read", "run_batch": "penalty.export.batch.run",
    "neutralise": "penalty.export.safety", "Scenario": "penalty.export.scenarios",
    "build_scenarios": "penalty.export.scenarios", "Letterhead": "penalty.export.statement",
    "statement_docx": "penalty.export.statement", "statement_markdown": "penalty.export.statement",
    "write_statement": "penalty.export.statement", "whatif_bytes": "penalty.export.xlsx",
    "whatif_workbook": "penalty.export.xlsx", "write_workbook": "penalty.export.xlsx",
}

__all__ = ["BatchError", "BatchSummary", "Letterhead", "Scenario", "build_scenarios", "neutralise",
           "read_cases", "run_batch", "statement_docx", "statement_markdown", "whatif_bytes",
           "whatif_workbook", "write_statement", "write_workbook"]


def __getattr__(name: str) -> Any:
    if name not in _MODULE_OF:
        raise AttributeError(f"module 'penalty.export' has no attribute {name!r}")
    return getattr(importlib.import_module(_MODULE_OF[name]), name)
