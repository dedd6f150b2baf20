"""Writing a batch's output: CSV (UTF-8, every text value quoted) or an XLSX sheet (money with a
two-decimal format), into a temporary file renamed to the target only when the whole run
succeeded. The values were neutralised against formula injection when the table was formatted
(:mod:`penalty.export.batch.format`); the XLSX writer also reads no string as a formula, number or
link.
"""

from __future__ import annotations

import contextlib
import csv
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

import numpy as np
import pandas as pd

from penalty.errors import BatchError
from penalty.export.batch.format import result_columns

XLSX_MAX_ROWS = 1_048_576  # rows in one worksheet, the header included


class CsvSink:
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


class XlsxSink:
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


@contextlib.contextmanager
def atomic_target(target: str | Path | BinaryIO) -> Iterator[str | Path | BinaryIO]:
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
