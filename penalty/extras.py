"""Optional packages. The library needs only its core dependencies; the document exports need the
``export`` extra (XlsxWriter, openpyxl, python-docx) and the app the ``app`` extra (Streamlit,
Altair). A missing one is reported by :class:`penalty.errors.MissingExtra`, naming the extra."""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import NoReturn

from penalty.errors import MissingExtra

# module -> (package on PyPI, extra, what needs it)
EXTRAS = {
    "xlsxwriter": ("XlsxWriter", "export", "Writing XLSX workbooks"),
    "openpyxl": ("openpyxl", "export", "Reading XLSX files"),
    "docx": ("python-docx", "export", "Writing DOCX statements"),
    "altair": ("altair", "app", "Drawing charts"),
    "streamlit": ("streamlit", "app", "The app"),
}


def require(module: str) -> ModuleType:
    """Import ``module`` (a key of ``EXTRAS``) or raise :class:`MissingExtra` naming its extra."""
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        missing(module, exc)


def missing(module: str, exc: ImportError) -> NoReturn:
    """Raise for a failed import of ``module``: :class:`MissingExtra` naming the extra when the
    package itself is absent, else the original error (the package is there but broken)."""
    top = module.split(".")[0]
    if exc.name != top:
        raise exc
    package, extra, purpose = EXTRAS[top]
    raise MissingExtra(package, extra, purpose) from exc
