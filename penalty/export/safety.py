"""Formula-injection safety for text written to spreadsheets (CSV and XLSX).

A spreadsheet program reads a cell that starts with ``=``, ``+``, ``-`` or ``@`` (and, in some
programs, a leading tab or carriage return) as a formula. Text that came from a user (labels,
names, notes, echoed input values, error messages quoting them) is therefore written with a
leading apostrophe, the convention spreadsheet programs themselves use for "this is text"
(OWASP, "CSV Injection"). Numbers and dates the library computed are written as values and need
no treatment.

In XLSX output every user string is written with ``write_string``, so it is stored as a text
cell and never parsed as a formula; :func:`neutralise` is applied as well so the text stays safe
if someone copies the cells to CSV.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

DANGEROUS_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")
"""Leading characters a spreadsheet may treat as the start of a formula (the full-width forms
are included: some spreadsheet programs normalise them)."""

PREFIX = "'"


def is_dangerous(text: str) -> bool:
    """True when ``text`` would be taken as a formula if written to a spreadsheet cell as is."""
    return bool(text) and text.startswith(DANGEROUS_PREFIXES)


def neutralise(value: object) -> object:
    """``value`` unchanged unless it is a string a spreadsheet would read as a formula; then the
    string with a leading apostrophe."""
    if isinstance(value, str) and is_dangerous(value):
        return PREFIX + value
    return value


def neutralise_series(s: pd.Series) -> pd.Series:
    """:func:`neutralise` over a column of text, vectorised (missing values stay missing)."""
    if len(s) == 0:
        return s
    values = s.to_numpy(dtype=object)
    # Most columns hold a handful of distinct values (dates, codes): test each distinct one once.
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    if len(uniques) == 0:
        return s
    fixed = np.array([neutralise(u) for u in uniques], dtype=object)
    changed = np.array([f is not u for f, u in zip(fixed, uniques)], dtype=bool)
    if not changed.any():
        return s
    hit = (codes >= 0) & changed[np.maximum(codes, 0)]
    out = values.copy()
    out[hit] = fixed[codes[hit]]
    return pd.Series(out, index=s.index, name=s.name)


def neutralise_frame(df: pd.DataFrame, columns: list[str] | None = None) -> pd.DataFrame:
    """A copy of ``df`` with every text column (or the ``columns`` given) neutralised."""
    out = df.copy()
    for c in columns if columns is not None else list(df.columns):
        if c in out.columns and (out[c].dtype == object or pd.api.types.is_string_dtype(out[c])):
            out[c] = neutralise_series(out[c].astype(object))
    return out


__all__ = [
    "DANGEROUS_PREFIXES",
    "PREFIX",
    "is_dangerous",
    "neutralise",
    "neutralise_frame",
    "neutralise_series",
]
