"""Reading a batch input file: its type (CSV or XLSX), its size, its encoding (UTF-8, UTF-16
with a byte-order mark, GB18030/GBK as Excel in Chinese writes it), its header, and its rows as
text columns indexed by data row; an XLSX workbook is checked against zip bombs and oversized
sheets before it is read. Every file-level problem is a :class:`~penalty.errors.BatchError`
naming the row and the column.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

import numpy as np
import pandas as pd

from penalty.api import FRAME_COLUMNS
from penalty.errors import BatchError, close_matches

DEFAULT_MAX_BYTES = 512 * 1024 * 1024
"""Largest input file accepted by default (512 MiB, about four million CSV rows)."""
DEFAULT_CHUNK_ROWS = 100_000
REQUIRED = ("provision", "violation_date", "decision_date")
EXTRA_INPUT = ("row_id", "provisions")
CSV_SUFFIXES = {".csv", ".txt"}
XLSX_SUFFIXES = {".xlsx", ".xlsm"}


def file_kind(name: str, fmt: str | None) -> str:
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


def read_bytes(source: str | Path | bytes | BinaryIO, max_bytes: int) -> tuple[bytes, str]:
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


def csv_chunks(data: bytes, name: str, chunk_rows: int) -> Iterator[pd.DataFrame]:
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


def xlsx_frame(data: bytes, name: str) -> pd.DataFrame:
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
    data, name = read_bytes(source, max_bytes)
    name = filename or name
    kind = file_kind(name, fmt)
    if kind == "xlsx":
        return xlsx_frame(data, name)
    chunks = list(csv_chunks(data, name, DEFAULT_CHUNK_ROWS))
    if not chunks:
        return pd.DataFrame(columns=list(REQUIRED))
    return pd.concat(chunks)  # indexed by data row (blank lines skipped keep their number)
