"""Running a batch: read the input, assess it in chunks through :func:`penalty.assess_frame`,
write every row's result in input order, and summarise what was done (:class:`BatchSummary`).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, BinaryIO

import numpy as np
import pandas as pd

from penalty.catalogue import FEN, Catalogue, load_catalogue
from penalty.errors import BatchError
from penalty.export.batch.format import assess_table
from penalty.export.batch.read import (
    DEFAULT_CHUNK_ROWS,
    DEFAULT_MAX_BYTES,
    csv_chunks,
    file_kind,
    read_bytes,
    xlsx_frame,
)
from penalty.export.batch.write import XLSX_MAX_ROWS, CsvSink, XlsxSink, atomic_target

ProgressFn = Callable[[int, int], None]


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
    data, name = read_bytes(source, max_bytes)
    name = filename or name
    in_kind = file_kind(name, input_format)
    out_name = str(target) if isinstance(target, (str, Path)) else getattr(target, "name", "")
    out_kind = file_kind(out_name or "out.csv", output_format)
    cell_errors: dict[int, tuple[str, str]] = {}
    if in_kind == "xlsx":
        frame = xlsx_frame(data, name)
        cell_errors = frame.attrs.get("cell_errors") or {}
        chunks: Iterator[pd.DataFrame] = (frame.iloc[i:i + chunk_rows]
                                          for i in range(0, max(len(frame), 1), chunk_rows))
        total = len(frame)
    else:
        chunks = csv_chunks(data, name, chunk_rows)
        total = max(data.count(b"\n") + (0 if data.endswith(b"\n") else 1) - 1, 0)
        first = next(chunks, None)  # read the header (and its errors) before creating the output
        chunks = _chain(first, chunks) if first is not None else iter(())
    if out_kind == "xlsx" and in_kind == "xlsx" and total >= XLSX_MAX_ROWS:
        # (a CSV's line count also counts newlines inside quoted cells: the sink checks the
        # rows it actually writes)
        raise BatchError(f"{name}: {total:,} rows do not fit in one XLSX sheet "
                         f"({XLSX_MAX_ROWS - 1:,} at most); write CSV instead")
    summary = BatchSummary(input=name, output=out_name)
    with atomic_target(target) as tmp:
        sink = XlsxSink(tmp) if out_kind == "xlsx" else CsvSink(tmp)
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


def _chain(first: pd.DataFrame, rest: Iterator[pd.DataFrame]) -> Iterator[pd.DataFrame]:
    yield first
    yield from rest
