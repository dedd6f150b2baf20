"""Batch runs: a client's list of issues, one case per row, in CSV or XLSX; every row comes back,
in order, with its result or its error.

Input columns are ``penalty.FRAME_COLUMNS`` (lists as ``a;b`` or JSON; prior penalties as JSON),
plus an optional ``row_id``. Only ``provision``, ``violation_date`` and ``decision_date`` are
required. The rows go through :func:`penalty.assess_frame` (the vectorised path) in chunks.

Output: the input columns as given, then ``row`` (the 1-based data row of the input), then the
result columns of :func:`penalty.output_columns` with money as CNY: ``*_fen`` becomes ``*_cny``,
written in CSV as exact strings with two decimals (``1234.50``) and in XLSX as numbers with a
two-decimal format (exact to the fen); a result column named like an input column gets the
prefix ``result_`` (``result_persons_count``: the persons actually fined). Text that came
from the user is neutralised so no spreadsheet reads it as a formula (:mod:`penalty.export.safety`).

File-level problems (too large, not UTF-8, not CSV/XLSX, a row with too many fields, an unknown or
duplicated column, a missing required column) raise :class:`BatchError` naming the row and the
column; problems inside a row become that row's ``error``.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import os
import re
import tempfile
import time
import zipfile
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, BinaryIO

import numpy as np
import pandas as pd

from penalty.api import FRAME_COLUMNS, assess_frame, output_columns
from penalty.catalogue import FEN, Catalogue, load_catalogue
from penalty.errors import PenaltyError, close_matches

from .safety import neutralise_series

DEFAULT_MAX_BYTES = 512 * 1024 * 1024
"""Largest input file accepted by default (512 MiB, about four million CSV rows)."""
DEFAULT_CHUNK_ROWS = 100_000
XLSX_MAX_ROWS = 1_048_576  # rows in one worksheet, the header included
REQUIRED = ("provision", "violation_date", "decision_date")
EXTRA_INPUT = ("row_id", "provisions")
CSV_SUFFIXES = {".csv", ".txt"}
XLSX_SUFFIXES = {".xlsx", ".xlsm"}
ProgressFn = Callable[[int, int], None]


class BatchError(PenaltyError, ValueError):
    """The input file as a whole cannot be read: says where (row, column) and what is valid."""

    def __init__(self, message: str, *, row: int | None = None, column: str | None = None):
        self.row, self.column = row, column
        super().__init__(message)


@dataclass
class BatchSummary:
    """What a batch run did."""

    rows_in: int = 0
    rows_out: int = 0
    rows_ok: int = 0
    rows_with_error: int = 0
    errors_by_field: dict[str, int] = field(default_factory=dict)
    bands: dict[str, int] = field(default_factory=dict)
    fine_low_total_cny: Decimal = Decimal("0.00")
    fine_high_total_cny: Decimal = Decimal("0.00")
    exposure_low_total_cny: Decimal = Decimal("0.00")
    exposure_high_total_cny: Decimal = Decimal("0.00")
    seconds: float = 0.0
    input: str = ""
    output: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {k: (str(v) if isinstance(v, Decimal) else v) for k, v in self.__dict__.items()}

    def add(self, raw: pd.DataFrame) -> None:
        """Count one chunk of :func:`penalty.assess_frame` output."""
        out = raw
        ok = out["error"].isna().to_numpy()
        self.rows_ok += int(ok.sum())
        self.rows_with_error += int((~ok).sum())
        for k, v in out.loc[~ok, "error_field"].value_counts().items():
            self.errors_by_field[str(k)] = self.errors_by_field.get(str(k), 0) + int(v)
        for k, v in out.loc[ok, "band"].astype(object).fillna("weighed_as_a_whole")\
                .value_counts().items():
            self.bands[str(k)] = self.bands.get(str(k), 0) + int(v)

        def total(col: str) -> Decimal:
            return Decimal(int(raw[col].sum(skipna=True))) / FEN

        self.fine_low_total_cny += total("fine_low_fen")
        self.fine_high_total_cny += total("fine_high_fen")
        self.exposure_low_total_cny += total("total_low_fen")
        self.exposure_high_total_cny += total("total_high_fen")


# ------------------------------------------------------------------------------------ reading
def _kind(name: str, fmt: str | None) -> str:
    if fmt:
        if fmt not in ("csv", "xlsx"):
            raise BatchError(f"format {fmt!r} is not supported; use csv or xlsx")
        return fmt
    suffix = Path(name).suffix.lower()
    if suffix in CSV_SUFFIXES:
        return "csv"
    if suffix in XLSX_SUFFIXES:
        return "xlsx"
    raise BatchError(f"{name}: the file type {suffix or '(none)'!r} is not supported; use a "
                     ".csv (UTF-8) or .xlsx file")


def _read_bytes(source: str | Path | bytes | BinaryIO, max_bytes: int) -> tuple[bytes, str]:
    def too_big(size: int, name: str) -> BatchError:
        return BatchError(f"{name}: {size:,} bytes is more than the limit of {max_bytes:,} bytes; "
                          "split the file or raise the limit (--max-mb)")

    if isinstance(source, (bytes, bytearray)):
        if len(source) > max_bytes:
            raise too_big(len(source), "input")
        return bytes(source), "input"
    if isinstance(source, (str, Path)):
        path = Path(source)
        try:
            size = path.stat().st_size
        except OSError as exc:
            raise BatchError(f"{path}: cannot be read ({exc.strerror})") from None
        if size > max_bytes:
            raise too_big(size, str(path))
        return path.read_bytes(), str(path)
    data = source.read(max_bytes + 1)
    name = getattr(source, "name", "input")
    if len(data) > max_bytes:
        raise too_big(len(data), str(name))
    return data, str(name)


def _check_columns(columns: list[str], name: str, letters: bool) -> list[str]:
    """Header names, stripped; unknown, duplicated or missing required columns are errors."""
    known = list(FRAME_COLUMNS) + list(EXTRA_INPUT)
    seen: dict[str, int] = {}
    cleaned = []
    for j, raw in enumerate(columns):
        col = str(raw).strip().lstrip("\ufeff")
        where = _col_name(j) if letters else str(j + 1)
        if col == "" or col.startswith("Unnamed:"):
            raise BatchError(f"{name}: header row, column {where}: the column has no name; "
                             f"name it with one of: {', '.join(known)}", row=0, column=where)
        if col not in known:
            close = close_matches(col, known, n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            raise BatchError(f"{name}: header row, column {where}: {col!r} is not a known "
                             f"column{hint}; known columns: {', '.join(known)}",
                             row=0, column=col)
        if col in seen:
            raise BatchError(f"{name}: header row, column {where}: {col!r} appears twice (first "
                             f"in column {_col_name(seen[col]) if letters else seen[col] + 1})",
                             row=0, column=col)
        seen[col] = j
        cleaned.append(col)
    missing = [c for c in REQUIRED if c not in seen and not (c == "provision" and
                                                             "provisions" in seen)]
    if missing:
        raise BatchError(f"{name}: the header row has no column {', '.join(map(repr, missing))} "
                         f"(required: {', '.join(REQUIRED)})", row=0, column=missing[0])
    return cleaned


def _col_name(j: int) -> str:
    name = ""
    j += 1
    while j:
        j, r = divmod(j - 1, 26)
        name = chr(65 + r) + name
    return name


def _decode(data: bytes, name: str) -> tuple[bytes, str]:
    """The file as UTF-8 bytes, and the encoding it was read in: UTF-8 (with or without a
    byte-order mark), UTF-16 with a byte-order mark (Excel's "Unicode text"), or GB18030/GBK
    (what Excel in Chinese writes as "CSV").

    A file that is not UTF-8 is read as GB18030 when every character it gives is ASCII or in
    GBK (code page 936, what Excel writes) and at least half (:data:`GB_COMMON_SHARE`) of its non-ASCII
    characters are common GB2312 characters. Real Chinese text is overwhelmingly GB2312 (a
    name with a rare character such as 镕 or 喆 is still read), while a Latin-1 or other
    single-byte file read as GBK gives mostly rare ideographs and is refused."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16").encode("utf-8"), "UTF-16"
        except UnicodeDecodeError as exc:
            raise BatchError(f"{name}: not readable UTF-16 text (byte {exc.start})") from None
    try:
        data.decode("utf-8")
        return data, "UTF-8"
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    try:
        text = data.decode("gb18030")
        if _reads_as_chinese(text):
            return text.encode("utf-8"), "GB18030"
    except UnicodeDecodeError:
        pass
    line = data.count(b"\n", 0, first_bad) + 1
    raise BatchError(f"{name}: line {line} (data row {line - 1}): byte {first_bad} is not UTF-8 "
                     "(nor GB18030/GBK, nor UTF-16 with a byte-order mark); save the file as "
                     "CSV UTF-8", row=line - 1)


GB_COMMON_SHARE = 0.5  # share of non-ASCII characters that must be GB2312 (see _decode)


def _reads_as_chinese(text: str) -> bool:
    """Whether GB18030-decoded text looks like Chinese text written by Excel (see _decode)."""
    counts = {ch: k for ch, k in Counter(text).items() if ord(ch) >= 128}
    total = sum(counts.values())
    if not total:
        return True
    common = 0
    for ch, k in counts.items():
        if _encodes(ch, "gb2312"):
            common += k
        elif not _encodes(ch, "gbk"):
            return False
    return common >= GB_COMMON_SHARE * total


def _encodes(ch: str, codec: str) -> bool:
    try:
        ch.encode(codec)
    except UnicodeEncodeError:
        return False
    return True


def _csv_chunks(data: bytes, name: str, chunk_rows: int) -> Iterator[pd.DataFrame]:
    """The data rows in chunks of text columns, indexed by their data row number (1 for the
    first row after the header). Blank lines and rows with every cell empty are skipped but keep
    their number, so ``row`` always equals the input's data row."""
    data, _ = _decode(data, name)
    if b"\n" not in data and b"\r" in data:  # classic Mac line endings (CR only)
        data = data.replace(b"\r", b"\n")
    if not data.strip():
        raise BatchError(f"{name}: the file is empty; the first line must name the columns "
                         f"({', '.join(REQUIRED)}, ...)", row=0)
    try:
        first_line = data.split(b"\n", 1)[0].decode("utf-8-sig").rstrip("\r")
        sep = "\t" if "\t" in first_line and "," not in first_line else ","
        columns = _check_columns(next(csv.reader([first_line], delimiter=sep)), name,
                                 letters=False)
        reader = pd.read_csv(io.BytesIO(data), dtype=str, keep_default_na=False, sep=sep,
                             encoding="utf-8-sig", chunksize=chunk_rows, skipinitialspace=False,
                             on_bad_lines="error", engine="c", skip_blank_lines=False)
        seen = 0
        for chunk in reader:
            chunk.columns = columns
            chunk.index = pd.RangeIndex(seen + 1, seen + 1 + len(chunk))
            seen += len(chunk)
            yield _drop_blank(chunk)
    except csv.Error as exc:
        raise BatchError(f"{name}: the header line is not readable CSV ({exc})", row=0) from None
    except pd.errors.ParserError as exc:
        m = re.search(r"Expected (\d+) fields in line (\d+), saw (\d+)", str(exc))
        if m:
            exp, line, saw = (int(x) for x in m.groups())
            raise BatchError(f"{name}: line {line} (data row {line - 1}): {saw} fields where the "
                             f"header has {exp}; column {exp + 1} has no header (quote values "
                             "that contain commas)", row=line - 1, column=str(exp + 1)) from None
        raise BatchError(f"{name}: not a readable CSV file ({str(exc).strip()})") from None
    except pd.errors.EmptyDataError:
        raise BatchError(f"{name}: the file is empty; the first line must name the columns",
                         row=0) from None


def _drop_blank(chunk: pd.DataFrame) -> pd.DataFrame:
    """``chunk`` without its rows whose every cell is empty (blank lines)."""
    if chunk.shape[1] == 0 or len(chunk) == 0:
        return chunk
    first = chunk.iloc[:, 0]
    maybe = (first.isna() | (first == "")).to_numpy(bool)
    if not maybe.any():
        return chunk
    part = chunk[maybe]
    blank = (part.isna() | (part == "")).all(axis=1).to_numpy(bool)
    if not blank.any():
        return chunk
    drop = np.zeros(len(chunk), bool)
    drop[np.flatnonzero(maybe)[blank]] = True
    return chunk[~drop]


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        if value.time() != dt.time(0):
            return value.isoformat()
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, int):
        return str(value)
    return str(value)


XLSX_MAX_UNCOMPRESSED = 1024 * 1024 * 1024
"""Largest total uncompressed size of an XLSX input's parts (1 GiB)."""
XLSX_MAX_RATIO = 100
"""Largest compression ratio of one part above 1 MiB: real workbooks stay far below; a
"zip bomb" (e.g. a shared-strings table of millions of tiny strings) is far above."""
XLSX_MAX_CELLS = 25_000_000
"""Most cells read from the sheet (rows times the header's width): a full sheet of 1,048,575
rows of every input column fits."""
_CELL = re.compile(rb"<c\b([^>]*?)(?:/>|>(.*?)</c>)", re.DOTALL)
_REF = re.compile(rb'\br="([A-Z]+)([0-9]+)"')
_TYPE = re.compile(rb'\bt="([a-z]+)"')
_VALUE = re.compile(rb"<v>(.+?)</v>", re.DOTALL)


def _check_zip(z: zipfile.ZipFile, name: str) -> None:
    """Refuse an XLSX whose parts would take far more memory than the file's size suggests."""
    total = 0
    for info in z.infolist():
        total += info.file_size
        if info.file_size > 1024 * 1024 and info.file_size > XLSX_MAX_RATIO * max(
                info.compress_size, 1):
            raise BatchError(f"{name}: the part {info.filename} expands from "
                             f"{info.compress_size:,} to {info.file_size:,} bytes (more than "
                             f"{XLSX_MAX_RATIO} times); the workbook is refused as a possible "
                             "zip bomb; save it again from a spreadsheet program or send CSV")
    if total > XLSX_MAX_UNCOMPRESSED:
        raise BatchError(f"{name}: the workbook's parts hold {total:,} bytes uncompressed, more "
                         f"than the limit of {XLSX_MAX_UNCOMPRESSED:,}; send CSV instead")


def _problem_cells(xml: bytes) -> dict[tuple[int, str], str]:
    """Cells of a worksheet's XML that hold a spreadsheet error (#NAME?, #VALUE!, ...) or a
    formula without a saved value (a file written by a program that does not compute
    formulas): (sheet row, column letters) -> what is wrong."""
    if b't="e"' not in xml and b"<f" not in xml:
        return {}
    out: dict[tuple[int, str], str] = {}
    for m in _CELL.finditer(xml):
        attrs, inner = m.group(1), m.group(2) or b""
        t = _TYPE.search(attrs)
        ref = _REF.search(attrs)
        if ref is None:
            continue
        key = (int(ref.group(2)), ref.group(1).decode())
        value = _VALUE.search(inner)
        if t is not None and t.group(1) == b"e":
            shown = value.group(1).decode("utf-8", "replace") if value else "#?"
            out[key] = f"the cell holds the spreadsheet error {shown}; put a value there"
        elif b"<f" in inner and value is None:
            out[key] = ("the cell holds a formula without a saved value (the file was written "
                        "by a program that does not compute formulas); open and save it in a "
                        "spreadsheet program, or type the value")
    return out


def _xlsx_frame(data: bytes, name: str) -> pd.DataFrame:
    """The cases of the workbook's sheet ``cases`` (else its first visible sheet), as text
    columns indexed by data row (the sheet row minus one). Problem cells (errors, formulas
    without a value) are listed in ``frame.attrs["cell_errors"]`` and become their row's error."""
    from penalty.extras import require

    openpyxl = require("openpyxl")

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            _check_zip(z, name)
            wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            visible = [w for w in wb.worksheets if getattr(w, "sheet_state", "visible") == "visible"]
            if "cases" in wb.sheetnames:
                ws = wb["cases"]
            elif visible:
                ws = visible[0]
            else:
                raise BatchError(f"{name}: the workbook has no visible sheet")
            path = getattr(ws, "_worksheet_path", None)
            problems = _problem_cells(z.read(path)) if path in z.namelist() else {}
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        if isinstance(exc, BatchError):
            raise
        raise BatchError(f"{name}: not a readable XLSX workbook ({exc})") from None
    rows = ws.iter_rows(values_only=True)
    try:
        header = next(rows)
    except StopIteration:
        raise BatchError(f"{name}: sheet {ws.title!r} is empty; row 1 must name the columns",
                         row=0) from None
    header = list(header)
    while header and (header[-1] is None or str(header[-1]).strip() == ""):
        header.pop()
    columns = _check_columns([h if h is not None else "" for h in header], name, letters=True)
    width = len(columns)
    body: list[list[str]] = []
    numbers: list[int] = []
    cells_read = 0
    for i, values in enumerate(rows, start=1):  # data row i is sheet row i + 1
        values = list(values)
        cells_read += max(len(values), width)
        if cells_read > XLSX_MAX_CELLS:
            raise BatchError(f"{name}: sheet {ws.title!r} holds more than "
                             f"{XLSX_MAX_CELLS:,} cells; send CSV or split the sheet")
        extra = [v for v in values[width:] if v is not None and str(v).strip() != ""]
        if extra:
            j = width + next(k for k, v in enumerate(values[width:])
                             if v is not None and str(v).strip() != "")
            raise BatchError(f"{name}: sheet row {i + 1}, column {_col_name(j)}: a value in a "
                             "column with no header; add a header or remove the value",
                             row=i, column=_col_name(j))
        cells = [_cell_text(values[j] if j < len(values) else None) for j in range(width)]
        if all(c == "" for c in cells) and not any((i + 1, _col_name(j)) in problems
                                                   for j in range(width)):
            continue  # empty rows that spreadsheet programs leave behind (their number is kept)
        body.append(cells)
        numbers.append(i)
    wb.close()
    frame = pd.DataFrame(body, columns=columns, dtype=object, index=pd.Index(numbers, dtype=int))
    cell_errors: dict[int, tuple[str, str]] = {}
    for (sheet_row, letters), what in problems.items():
        j = _col_index(letters)
        if sheet_row >= 2 and j < width and sheet_row - 1 in frame.index:
            cell_errors.setdefault(sheet_row - 1, (columns[j], f"{columns[j]}: sheet row "
                                                   f"{sheet_row}, column {letters}: {what}"))
    frame.attrs["cell_errors"] = cell_errors
    return frame


def _col_index(letters: str) -> int:
    j = 0
    for ch in letters:
        j = j * 26 + ord(ch) - 64
    return j - 1


def read_cases(source: str | Path | bytes | BinaryIO, *, filename: str | None = None,
               fmt: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES) -> pd.DataFrame:
    """The cases in a CSV or XLSX file (or its bytes, for an upload) as a frame of text columns,
    indexed by data row number (1 for the first row under the header).

    Raises :class:`BatchError` for a file that is too large, of the wrong type or malformed.
    """
    data, name = _read_bytes(source, max_bytes)
    name = filename or name
    kind = _kind(name, fmt)
    if kind == "xlsx":
        return _xlsx_frame(data, name)
    chunks = list(_csv_chunks(data, name, DEFAULT_CHUNK_ROWS))
    if not chunks:
        return pd.DataFrame(columns=list(REQUIRED))
    return pd.concat(chunks)  # indexed by data row (blank lines skipped keep their number)


# ------------------------------------------------------------------------------------ results
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
    """Assess a frame of cases (text columns as :func:`read_cases` returns them).

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


# ------------------------------------------------------------------------------------ writing
class _CsvSink:
    """UTF-8 CSV, header once. Written with pyarrow's CSV writer (every text value quoted, empty
    cells for missing values), about five times faster than ``DataFrame.to_csv``."""

    def __init__(self, target: str | Path | BinaryIO):
        self.own = isinstance(target, (str, Path))
        self.fh: BinaryIO = open(target, "wb") if self.own else target  # type: ignore[arg-type,assignment]  # noqa: SIM115
        self.header = True

    def write(self, table: pd.DataFrame) -> None:
        try:
            import pyarrow as pa
            import pyarrow.csv as pcsv
        except ImportError:  # pragma: no cover - pyarrow is a dependency
            text = table.to_csv(index=False, header=self.header, lineterminator="\n",
                                quoting=csv.QUOTE_MINIMAL)
            self.fh.write(text.encode("utf-8"))
        else:
            at = pa.Table.from_pandas(table, preserve_index=False)
            pcsv.write_csv(at, self.fh, pcsv.WriteOptions(include_header=self.header))
        self.header = False

    def close(self) -> None:
        if self.own:
            self.fh.close()
        else:
            self.fh.flush()

    def abandon(self) -> None:
        """Stop after a failure (the caller removes a file it owns)."""
        if self.own:
            self.fh.close()


class _XlsxSink:
    def __init__(self, target: str | Path | BinaryIO):
        from penalty.extras import require

        xlsxwriter = require("xlsxwriter")

        self.wb = xlsxwriter.Workbook(str(target) if isinstance(target, Path) else target,
                                      {"constant_memory": not hasattr(target, "write"),
                                       "in_memory": hasattr(target, "write"),
                                       "strings_to_formulas": False, "strings_to_numbers": False,
                                       "strings_to_urls": False})
        self.ws = self.wb.add_worksheet("results")
        self.head = self.wb.add_format({"bold": True, "text_wrap": True, "bg_color": "#DDE4EE"})
        self.money = self.wb.add_format({"num_format": "#,##0.00"})
        self.row = 0
        self.columns: list[str] | None = None

    def write(self, table: pd.DataFrame) -> None:
        if self.columns is None:
            self.columns = list(table.columns)
            for j, c in enumerate(self.columns):
                self.ws.write_string(0, j, c, self.head)
                self.ws.set_column(j, j, 22 if c.endswith("_cny") else 16)
            self.ws.freeze_panes(1, 0)
            self.row = 1
        if self.row + len(table) > XLSX_MAX_ROWS:
            raise BatchError(f"XLSX output holds at most {XLSX_MAX_ROWS - 1:,} rows; write CSV "
                             "for larger batches")
        result_money = {c for c in result_columns() if c.endswith("_cny")}
        money = [c in result_money for c in self.columns]  # not the echoed input amounts
        cols = [table[c].to_numpy(dtype=object) for c in self.columns]
        ws = self.ws
        for i in range(len(table)):
            r = self.row + i
            for j, col in enumerate(cols):
                v = col[i]
                if v is None or v is pd.NA or (isinstance(v, float) and np.isnan(v)):
                    continue
                if money[j] and not isinstance(v, str):
                    ws.write_number(r, j, float(v), self.money)
                elif isinstance(v, (int, np.integer)) and not isinstance(v, bool):
                    ws.write_number(r, j, int(v))
                else:
                    ws.write_string(r, j, str(v))
        self.row += len(table)

    def close(self) -> None:
        if self.columns is None:
            for j, c in enumerate(result_columns()):
                self.ws.write_string(0, j, c, self.head)
        self.wb.close()

    def abandon(self) -> None:
        """Stop after a failure: nothing more is written (the workbook's own temporary files
        are removed with it)."""
        for ws in self.wb.worksheets():  # constant_memory keeps each sheet's rows in a file
            fh, name = getattr(ws, "row_data_fh", None), getattr(ws, "row_data_filename", None)
            with contextlib.suppress(OSError):
                if fh is not None:
                    fh.close()
                if name:
                    os.unlink(name)


def run_batch(source: str | Path | bytes | BinaryIO, target: str | Path | BinaryIO, *,
              input_format: str | None = None, output_format: str | None = None,
              filename: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES,
              chunk_rows: int = DEFAULT_CHUNK_ROWS, progress: ProgressFn | None = None,
              catalogue: Catalogue | None = None) -> BatchSummary:
    """Assess every row of ``source`` and write the results to ``target``.

    ``progress(done, total)`` is called after each chunk (``total`` is an estimate for CSV: the
    number of lines). Raises :class:`BatchError` for a file that cannot be read; the output is
    then not written.
    """
    t0 = time.perf_counter()
    cat = catalogue or load_catalogue()
    data, name = _read_bytes(source, max_bytes)
    name = filename or name
    in_kind = _kind(name, input_format)
    out_name = str(target) if isinstance(target, (str, Path)) else getattr(target, "name", "")
    out_kind = _kind(out_name or "out.csv", output_format)
    cell_errors: dict[int, tuple[str, str]] = {}
    if in_kind == "xlsx":
        frame = _xlsx_frame(data, name)
        cell_errors = frame.attrs.get("cell_errors") or {}
        chunks: Iterator[pd.DataFrame] = (frame.iloc[i:i + chunk_rows]
                                          for i in range(0, max(len(frame), 1), chunk_rows))
        total = len(frame)
    else:
        chunks = _csv_chunks(data, name, chunk_rows)
        total = max(data.count(b"\n") + (0 if data.endswith(b"\n") else 1) - 1, 0)
        first = next(chunks, None)  # read the header (and its errors) before creating the output
        chunks = _chain(first, chunks) if first is not None else iter(())
    if out_kind == "xlsx" and in_kind == "xlsx" and total >= XLSX_MAX_ROWS:
        # (a CSV's line count also counts newlines inside quoted cells: the sink checks the
        # rows it actually writes)
        raise BatchError(f"{name}: {total:,} rows do not fit in one XLSX sheet "
                         f"({XLSX_MAX_ROWS - 1:,} at most); write CSV instead")
    summary = BatchSummary(input=name, output=out_name)
    with _atomic(target) as tmp:
        sink = _XlsxSink(tmp) if out_kind == "xlsx" else _CsvSink(tmp)
        done = 0
        try:
            for chunk in chunks:
                if chunk is None or len(chunk) == 0:
                    continue
                table, raw = assess_table(chunk, cat, rows=chunk.index.to_numpy(np.int64),
                                          money="number" if out_kind == "xlsx" else "text",
                                          cell_errors=cell_errors)
                sink.write(table)
                summary.add(raw)
                summary.rows_in += len(chunk)
                summary.rows_out += len(table)
                done += len(chunk)
                if progress:
                    progress(done, max(total, done))
        except BaseException:
            sink.abandon()
            raise
        sink.close()
    summary.seconds = round(time.perf_counter() - t0, 3)
    return summary


@contextlib.contextmanager
def _atomic(target: str | Path | BinaryIO) -> Iterator[str | Path | BinaryIO]:
    """Where to write ``target``: for a path, a temporary file beside it, renamed to the path
    only when the whole run succeeded and removed otherwise, so a failed run leaves no output
    that looks complete (and no temporary file). An open file is written as it is."""
    if not isinstance(target, (str, Path)):
        yield target
        return
    path = Path(target)
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise BatchError(f"{path}: the folder {str(folder)!r} does not exist; create it or "
                         "choose another output path")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=folder)
    os.close(fd)
    try:
        yield Path(tmp)
        os.chmod(tmp, 0o666 & ~_umask())  # as an ordinary new file (mkstemp makes it private)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _chain(first: pd.DataFrame, rest: Iterator[pd.DataFrame]) -> Iterator[pd.DataFrame]:
    yield first
    yield from rest


__all__ = [
    "DEFAULT_MAX_BYTES",
    "BatchError",
    "BatchSummary",
    "assess_table",
    "fen_to_text",
    "format_results",
    "read_cases",
    "result_columns",
    "run_batch",
]
