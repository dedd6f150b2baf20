"""Hostile CSV and XLSX files through ``run_batch``: no exception escapes other than a
``BatchError`` for a malformed file (and then no output is left), every data row comes back,
every output cell is safe to open in a spreadsheet, and the valid rows get what
``penalty.assess`` gives."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

import openpyxl
import pandas as pd
from hypothesis import given
from hypothesis import strategies as st
from property.strategies import cases

import penalty
from penalty.export import BatchError, run_batch
from penalty.export.safety import is_dangerous

from ._hostile import ENCODINGS, LINE_ENDINGS, cell_text, gb2312_safe, write_csv
from .conftest import FUZZ

COLUMNS = list(penalty.FRAME_COLUMNS)
FREE_TEXT = ("label",)


def _text(v) -> str:
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    return str(v)


@st.composite
def tables(draw, max_rows: int = 6):
    """(header, rows of text, which rows are untouched valid cases (their case dict or None))."""
    n = draw(st.integers(1, max_rows))
    rows, valid = [], []
    for _ in range(n):
        case = draw(cases(several=False))
        row = {k: _text(v) for k, v in penalty.case_to_row(case).items()}
        kind = draw(st.sampled_from(["valid", "label", "any"]))
        if kind == "label":  # results must not change: only the free text is hostile
            row["label"] = draw(cell_text)
            case = {**case, "label": None}
        elif kind == "any":
            row[draw(st.sampled_from(COLUMNS))] = draw(cell_text)
            case = None
        rows.append([row.get(c, "") for c in COLUMNS])
        valid.append(case)
    return COLUMNS, rows, valid


def _assert_safe(frame: pd.DataFrame) -> None:
    for col in frame.columns:
        for v in frame[col]:
            if isinstance(v, str):
                assert not is_dangerous(v), (col, v)
                assert not any(ord(c) < 32 and c not in "\t\n\r" for c in v), (col, v)


def _assert_results(out: pd.DataFrame, valid: list) -> None:
    for i, case in enumerate(valid):
        if case is None:
            continue
        row = out.iloc[i]
        try:
            a = penalty.assess(case)
        except penalty.InputError:
            assert row["error"] != "", row.to_dict()
            continue
        assert row["error"] == "", row["error"]
        assert (row["band"] or None) == a.band
        if a.fine is not None:
            assert row["fine_low_cny"] == f"{a.fine.low_cny:.2f}"
            assert row["fine_high_cny"] == f"{a.fine.high_cny:.2f}"
        assert row["total_high_cny"] == f"{a.total_exposure.high_cny:.2f}"


@FUZZ
@given(tables(), st.sampled_from(ENCODINGS), st.sampled_from(LINE_ENDINGS), st.booleans(),
       st.booleans())
def test_hostile_csv(table, encoding, newline, quote_all, ragged):
    header, rows, valid = table
    text_cells = [c for r in rows for c in r]
    if encoding == "gb18030" and not all(gb2312_safe(c) for c in text_cells):
        encoding = "utf-8"
    if newline == "\r" and any("\n" in c or "\r" in c for c in text_cells):
        newline = "\n"  # a CR-only file cannot also hold line breaks inside cells
    if ragged:
        rows = rows + [rows[0] + ["extra"]]
    data = write_csv(header, rows, encoding, newline, quote_all)
    with tempfile.TemporaryDirectory() as tmp:
        src, out = Path(tmp) / "in.csv", Path(tmp) / "out.csv"
        src.write_bytes(data)
        try:
            run_batch(src, out, chunk_rows=2)
        except BatchError:
            assert ragged, "a well-formed file was refused"
            assert sorted(p.name for p in Path(tmp).iterdir()) == ["in.csv"]
            return
        assert not ragged or len(rows) == 1, "a ragged row was accepted"
        res = pd.read_csv(out, dtype=str, keep_default_na=False)
    blank = [all(c == "" for c in r) for r in rows]
    assert len(res) == len(rows) - sum(blank)
    assert list(res["row"].astype(int)) == [i + 1 for i, b in enumerate(blank) if not b]
    _assert_safe(res)
    kept = [v for v, b in zip(valid, blank) if not b]
    _assert_results(res, kept)


def _xlsx_value(draw, text: str):
    """A cell as a spreadsheet would type it: text, or a number, date or flag."""
    kind = draw(st.sampled_from(["text", "text", "number", "date", "bool", "none"]))
    if kind == "number":
        return draw(st.one_of(st.integers(-10, 10**12), st.floats(allow_nan=False,
                                                                  allow_infinity=False)))
    if kind == "date":
        return draw(st.datetimes(min_value=dt.datetime(1990, 1, 1),
                                 max_value=dt.datetime(2035, 1, 1)))
    if kind == "bool":
        return draw(st.booleans())
    if kind == "none":
        return None
    return "".join(c for c in text if ord(c) >= 32 or c in "\t\n\r")  # XML cannot hold others


@FUZZ
@given(st.data(), tables(max_rows=4), st.booleans())
def test_hostile_xlsx(data, table, hidden_first):
    header, rows, valid = table
    wb = openpyxl.Workbook()
    ws = wb.active
    if hidden_first:
        ws.title, ws.sheet_state = "old", "hidden"
        ws.append(["nothing"])
        ws = wb.create_sheet("cases_here")
    ws.append(header)
    for r, case in zip(rows, valid):
        if case is None:  # a hostile row: its cells may also be typed values
            r = [_xlsx_value(data.draw, c) if data.draw(st.booleans()) else
                 "".join(ch for ch in c if ord(ch) >= 32 or ch in "\t\n\r") for c in r]
        else:
            r = ["".join(ch for ch in c if ord(ch) >= 32 or ch in "\t\n\r") for c in r]
        ws.append(r)
        for cell in ws[ws.max_row]:  # text stays text (openpyxl would store "=..." as a
            if isinstance(cell.value, str):  # formula and "#NAME?" as an error cell)
                cell.data_type = "s"
    with tempfile.TemporaryDirectory() as tmp:
        src, out = Path(tmp) / "in.xlsx", Path(tmp) / "out.csv"
        wb.save(src)
        run_batch(src, out)
        res = pd.read_csv(out, dtype=str, keep_default_na=False)
        run_batch(src, Path(tmp) / "out.xlsx")
        back = pd.read_excel(Path(tmp) / "out.xlsx", dtype=str, keep_default_na=False)
    assert len(res) == len(back)
    _assert_safe(res)
    _assert_safe(back)
    assert list(res["row"].astype(int)) == sorted(res["row"].astype(int))
    by_row = dict(zip(res["row"].astype(int), range(len(res))))
    kept = [(i + 1, v) for i, v in enumerate(valid) if v is not None]
    for number, _case in kept:
        assert number in by_row, f"data row {number} is missing"
    _assert_results(res.iloc[[by_row[k] for k, _ in kept]].reset_index(drop=True),
                    [c for _, c in kept])
