"""Exports: the what-if workbook (XLSX with live formulas), batch runs (CSV/XLSX in and out) and
the written discretion statement (DOCX/Markdown). Each is a library function first; the command
line (:mod:`penalty.export.cli`) and the app only call them.
"""

from penalty.export.batch import BatchError, BatchSummary, read_cases, run_batch
from penalty.export.safety import neutralise
from penalty.export.scenarios import Scenario, build_scenarios
from penalty.export.statement import Letterhead, statement_docx, statement_markdown, write_statement
from penalty.export.xlsx import whatif_bytes, whatif_workbook, write_workbook

__all__ = [
           "BatchError",
           "Letterhead",
           "BatchSummary",
           "Scenario",
           "build_scenarios",
           "neutralise",
           "read_cases",
           "run_batch",
           "statement_docx",
           "statement_markdown",
           "whatif_bytes",
           "whatif_workbook",
           "write_statement",
           "write_workbook",
]
