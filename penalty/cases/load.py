"""Loading ``data/cases.csv`` (or another case file) into a validated :class:`CaseSet`, and a
set of cases as a pandas frame.

The file is read at the boundary; its rows are validated by :mod:`penalty.cases.validate` into the
frozen rows of :mod:`penalty.cases.schema`.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from penalty.cases._core import Core
from penalty.cases.schema import COLUMNS, CaseDataError, CaseRow, RowError
from penalty.cases.validate import validate_rows
from penalty.errors import close_matches

if TYPE_CHECKING:
    import pandas as pd  # imported where a frame is built: reading cases needs no pandas


@dataclass(frozen=True)
class CaseSet:
    """Validated cases in file order, plus where they came from."""

    cases: tuple[CaseRow, ...]
    source: str
    errors: tuple[RowError, ...] = field(default=())

    def __len__(self) -> int:
        return len(self.cases)

    def by_id(self, case_id: str) -> CaseRow:
        for c in self.cases:
            if c.case_id == case_id:
                return c
        ids = [c.case_id for c in self.cases]
        close = close_matches(case_id, ids)
        hint = f"; close matches: {', '.join(close)}" if close else ""
        raise KeyError(f"case_id {case_id!r} is not in {self.source}{hint}")

    def frame(self) -> pd.DataFrame:
        return to_frame(self.cases)


def default_path() -> Path:
    from penalty.catalogue.loader import data_dir

    return data_dir() / "cases.csv"


def read_rows(source: str | Path | io.TextIOBase) -> tuple[list[dict[str, str]], list[str], str]:
    """Raw CSV records (strings) and the header, without validation."""
    if isinstance(source, (str, Path)):
        name = str(source)
        text = Path(source).read_text(encoding="utf-8-sig")
    else:
        name = getattr(source, "name", "<stream>")
        text = source.read()
    reader = csv.DictReader(io.StringIO(text))
    rows = list(reader)
    return rows, list(reader.fieldnames or []), name


def load_cases(path: str | Path | None = None, core: Core | None = None, strict: bool = True) -> CaseSet:
    """Read and validate a case file (default: the bundled ``data/cases.csv``).

    ``strict`` raises :class:`CaseDataError` listing every bad row; otherwise the bad rows are
    dropped and returned in ``CaseSet.errors``.
    """
    rows, header, name = read_rows(path if path is not None else default_path())
    good, errors = validate_rows(rows, header, name, core)
    if errors and strict:
        raise CaseDataError(name, errors)
    return CaseSet(tuple(good), name, tuple(errors))


def to_frame(cases: Iterable[CaseRow]) -> pd.DataFrame:
    """One row per case; list columns joined with ';'; amounts as nullable Int64 (whole yuan)."""
    import pandas as pd

    recs = []
    for c in cases:
        d = c.model_dump()
        for k in ("laws", "provision_ids", "circumstance_codes", "sanctions", "distinct_from"):
            d[k] = ";".join(d[k])
        d["source_urls"] = " ; ".join(d["source_urls"])
        d["year"] = c.year
        recs.append(d)
    df = pd.DataFrame.from_records(recs, columns=[*COLUMNS, "year"])
    for k in ("fine_entity_cny", "fine_individuals_cny", "persons_fined", "fine_per_person_cny",
              "confiscated_cny", "year"):
        df[k] = df[k].astype("Int64")
    return df
