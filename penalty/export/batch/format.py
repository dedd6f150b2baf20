"""The output table of a batch: the input columns (neutralised against formula injection), the
row number, then the result columns of :func:`penalty.output_columns` with money in CNY (exact
text for CSV, numbers for XLSX where a spreadsheet holds them to the fen) and each row's error.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from penalty.api import FRAME_COLUMNS, assess_frame, output_columns
from penalty.catalogue import FEN, Catalogue, load_catalogue
from penalty.errors import PenaltyError
from penalty.export.batch.read import EXTRA_INPUT
from penalty.export.safety import neutralise_series

_FEN_TEXT = np.array([f".{i:02d}" for i in range(FEN)], dtype=object)


def fen_to_text(values: pd.Series) -> pd.Series:
    """Nullable integer fen as exact CNY text with two decimals; missing stays missing."""
    arr = values.to_numpy(dtype=np.int64, na_value=0) if len(values) else np.zeros(0, np.int64)
    mask = values.isna().to_numpy()
    out = np.full(len(arr), None, dtype=object)
    ok = ~mask
    if ok.any():
        v = arr[ok]
        yuan = pd.Series(v // FEN).astype(str).to_numpy(dtype=object)
        out[ok] = yuan + _FEN_TEXT[v % FEN]
    return pd.Series(out, index=values.index, dtype=object)


XLSX_EXACT_FEN = 10**15
"""Spreadsheets keep 15 significant digits: amounts of this many fen (10 trillion yuan) or more
are written to XLSX as exact text with two decimals instead of numbers."""


def _money_numbers(values: pd.Series) -> pd.Series:
    """Nullable fen as CNY numbers for a spreadsheet; amounts a spreadsheet cannot hold to the
    fen (``XLSX_EXACT_FEN`` or more) as exact text."""
    out = values.astype("Float64") / FEN
    big = (values.abs() >= XLSX_EXACT_FEN).fillna(False).to_numpy(bool)
    if not big.any():
        return out
    mixed = out.astype(object).where(out.notna(), None)
    mixed[big] = fen_to_text(values[big]).to_numpy(dtype=object)
    return mixed


def _out_name(c: str) -> str:
    """A result column's name in the batch output: ``*_fen`` -> ``*_cny``; a name that is also
    an input column (``persons_count``) gets the prefix ``result_``."""
    if c.endswith("_fen"):
        return c[:-4] + "_cny"
    return f"result_{c}" if c in FRAME_COLUMNS or c in EXTRA_INPUT else c


def result_columns() -> list[str]:
    """The result columns of a batch output, in order (``row`` first)."""
    return ["row"] + [_out_name(c) for c in output_columns()]


def format_results(raw: pd.DataFrame, first_row: int | np.ndarray,
                   money: str = "text") -> pd.DataFrame:
    """``assess_frame`` output as batch columns: ``row`` (from ``first_row`` on, or the data
    row numbers given), money in CNY (``text``: exact strings; ``number``: floats where exact
    (below 2**53 fen), else exact text)."""
    rows = (np.asarray(first_row, dtype=np.int64) if isinstance(first_row, np.ndarray)
            else np.arange(first_row, first_row + len(raw), dtype=np.int64))
    out: dict[str, Any] = {"row": rows}
    for c in output_columns():
        s = raw[c]
        name = _out_name(c)
        if c.endswith("_fen"):
            if money == "text":
                out[name] = fen_to_text(s)
            else:
                out[name] = _money_numbers(s)
        elif c == "limitation_expires":
            d = pd.to_datetime(s)
            out[name] = d.dt.strftime("%Y-%m-%d").where(d.notna(), None)
        elif s.dtype == bool:
            out[name] = np.where(s.to_numpy(), "true", "false")
        elif c == "persons_count" or isinstance(s.dtype, pd.CategoricalDtype):
            out[name] = s  # library codes (ids, bands): written as they are
        else:
            out[name] = s.astype(object).where(s.notna(), None)
    res = pd.DataFrame(out, index=raw.index)
    for c in ("error", "absorbed"):  # quote user input: neutralise
        res[c] = neutralise_series(res[c].astype(object))
    return res


def assess_table(cases: pd.DataFrame, catalogue: Catalogue | None = None, first_row: int = 1,
                 money: str = "text", rows: np.ndarray | None = None,
                 cell_errors: dict[int, tuple[str, str]] | None = None,
                 ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Assess a frame of cases (text columns as :func:`~penalty.export.batch.read.read_cases` returns them).

    ``rows`` are the data row numbers of the cases (default: ``first_row`` on);
    ``cell_errors`` (default: ``cases.attrs["cell_errors"]``) maps a data row to the column and
    message of a cell that could not be read (an XLSX error cell): that row gets the message as
    its error. Returns the output table (the input columns, neutralised, then the result
    columns) and the raw :func:`penalty.assess_frame` result (integer fen, for totals).
    """
    cat = catalogue or load_catalogue()
    if cell_errors is None:
        cell_errors = cases.attrs.get("cell_errors") or {}
    frame = cases.reset_index(drop=True)
    if rows is None:
        rows = np.arange(first_row, first_row + len(frame), dtype=np.int64)
    bad = {i: cell_errors[r] for i, r in enumerate(rows.tolist()) if r in cell_errors} \
        if cell_errors else {}
    engine_cols = [c for c in frame.columns if c != "row_id"]
    engine_in = frame[engine_cols]
    if bad:  # a required cell made empty: the engine returns the row with no result
        engine_in = engine_in.copy()
        for c in ("provision", "provisions"):
            if c in engine_in.columns:
                engine_in.loc[list(bad), c] = ""
    raw = assess_frame(engine_in, catalogue=cat)
    if len(raw) != len(frame):  # the library promises one output row per input row
        raise PenaltyError(f"assess_frame returned {len(raw)} rows for {len(frame)} input rows")
    if bad:
        at = list(bad)
        raw.loc[raw.index[at], "error"] = [m for _, m in bad.values()]
        raw.loc[raw.index[at], "error_field"] = [c for c, _ in bad.values()]
    echoed = pd.DataFrame({c: neutralise_series(frame[c].astype(object)) for c in frame.columns})
    results = format_results(raw.reset_index(drop=True), rows, money)
    return pd.concat([echoed, results], axis=1), raw
