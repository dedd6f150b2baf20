"""Formula-injection safety for text written to spreadsheets (CSV and XLSX) and documents.

A spreadsheet program reads a cell that starts with ``=``, ``+``, ``-`` or ``@`` (and, in some
programs, a leading tab or carriage return) as a formula. Text that came from a user (labels,
names, notes, echoed input values, error messages quoting them) is therefore written with a
leading apostrophe, the convention spreadsheet programs themselves use for "this is text"
(OWASP, "CSV Injection"). Numbers and dates the library computed are written as values and need
no treatment.

The scheme, and how to read a value back:

1. Control characters (U+0000-U+001F other than tab, line feed and carriage return; U+007F-U+009F)
   are replaced by U+FFFD (the replacement character, shown as a box or question mark).
   Spreadsheet programs drop a leading NUL, which would otherwise turn ``"\0=HYPERLINK(..)"``
   into a live formula, and XML (XLSX, DOCX) cannot hold these characters at all. This is the one
   loss of information; no real label, date or amount contains them.
2. A value is prefixed with one apostrophe ``'`` when, once leading spaces and invisible format
   characters are passed over, it starts with a formula character (``= + - @``, their
   full-width forms, tab, CR, LF) **or when it already starts with an apostrophe**. So ``=x``
   is written ``'=x`` and ``'=x`` is written ``''=x``: the two stay different. Legitimate values
   such as ``+86 10 ...``, ``-5`` or ``-abc`` are prefixed too.
3. To read a value back, remove exactly one leading apostrophe when there is one (Excel and
   LibreOffice do this themselves when the cell is typed or imported as text):
   :func:`read_back`.

In XLSX output every user string is written with ``write_string``, so it is stored as a text
cell and never parsed as a formula; :func:`neutralise` is applied as well so the text stays safe
if someone copies the cells to CSV.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

DANGEROUS_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")
"""Leading characters a spreadsheet may treat as the start of a formula (the full-width forms
are included: some spreadsheet programs normalise them)."""

PREFIX = "'"
REPLACEMENT = "\ufffd"
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_INVISIBLE_LEAD = re.compile(r"[\s\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064"
                             r"\u2066-\u206f\ufeff\ufff9-\ufffd]+")


def clean_control(text: str) -> str:
    """``text`` with every control character other than tab, LF and CR replaced by U+FFFD."""
    return _CONTROL.sub(REPLACEMENT, text) if _CONTROL.search(text) else text


def is_dangerous(text: str) -> bool:
    """True when ``text`` would be taken as a formula if written to a spreadsheet cell as is
    (control characters are not passed over here: :func:`neutralise` replaces them first)."""
    if not text:
        return False
    if text.startswith(DANGEROUS_PREFIXES):
        return True
    m = _INVISIBLE_LEAD.match(text)
    return m is not None and text[m.end():].startswith(DANGEROUS_PREFIXES)


def neutralise(value: object) -> object:
    """``value`` unchanged unless it is a string with a control character, a string a
    spreadsheet would read as a formula or a string starting with the apostrophe; see the
    module docstring for the scheme."""
    if not isinstance(value, str):
        return value
    text = clean_control(value)
    if is_dangerous(text) or text.startswith(PREFIX):
        return PREFIX + text
    return text if text != value else value


def read_back(value: object) -> object:
    """The text a neutralised cell stood for (control characters excepted): one leading
    apostrophe removed."""
    if isinstance(value, str) and value.startswith(PREFIX):
        return value[1:]
    return value


def clean_for_xml(text: str) -> str:
    """``text`` that XML 1.0 can hold (DOCX, XLSX): control characters replaced by U+FFFD."""
    return clean_control(text)


# The same tests as :func:`neutralise`, as one RE2 pattern run by Arrow over many values: a
# value matching it may need a change (neutralise decides); one not matching needs none.
_SUSPECT = ("^[\\s\\p{Z}\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f"
            "\ufeff\ufff9-\ufffd]*[=+\\-@'\uff1d\uff0b\uff0d\uff20]|^[\\t\\r\\n]"
            "|[\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f-\\x9f]")


def _suspects(uniques) -> np.ndarray:
    """Which distinct values may need :func:`neutralise` (all non-text values are left alone)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    values = np.asarray(uniques, dtype=object)
    is_text = np.fromiter((type(v) is str for v in values), bool, len(values))
    out = np.zeros(len(values), bool)
    if is_text.any():
        arr = pa.array(values[is_text].tolist(), type=pa.large_string())
        out[is_text] = pc.match_substring_regex(arr, _SUSPECT).to_numpy(zero_copy_only=False)
    other = ~is_text
    if other.any():  # str subclasses and anything else: the plain function decides
        out[other] = [isinstance(v, str) for v in values[other]]
    return out


def neutralise_series(s: pd.Series) -> pd.Series:
    """:func:`neutralise` over a column of text, vectorised (missing values stay missing)."""
    if len(s) == 0:
        return s
    values = s.to_numpy(dtype=object)
    # Most columns hold a handful of distinct values (dates, codes): test each distinct one once.
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    if len(uniques) == 0:
        return s
    suspect = _suspects(uniques)
    if not suspect.any():
        return s
    fixed = np.array(uniques, dtype=object)
    fixed[suspect] = [neutralise(u) for u in fixed[suspect]]
    changed = np.zeros(len(uniques), bool)
    changed[suspect] = [f is not u for f, u in zip(fixed[suspect], np.asarray(uniques,
                                                                             dtype=object)[suspect])]
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
    "clean_control",
    "clean_for_xml",
    "read_back",
    "is_dangerous",
    "neutralise",
    "neutralise_frame",
    "neutralise_series",
]
