"""The optional turnover columns of data/cases.csv (turnover_cny, turnover_year, turnover_source):
filled only where a public source states the party's turnover, checked by the loader and by
``penalty cases check``, and the fine as a share of it (issue 11, Cases page)."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from pathlib import Path

from typer.testing import CliRunner

from penalty.cases.browse import share_of_turnover_pct
from penalty.cases.cli import cases_app
from penalty.cases.load import load_cases, read_rows
from penalty.cases.schema import COLUMNS, OPTIONAL_COLUMNS
from penalty.cases.validate import validate_rows

CSV = Path(__file__).resolve().parents[2] / "data" / "cases.csv"
SEC = "https://www.sec.gov/Archives/edgar/data/1764757/000110465923053304/R64.htm"


def _write(tmp_path: Path, rows: list[dict[str, str]], columns: list[str]) -> Path:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=columns, lineterminator="\n", extrasaction="ignore")
    w.writeheader()
    w.writerows(rows)
    p = tmp_path / "cases.csv"
    p.write_text(buf.getvalue(), encoding="utf-8")
    return p


def _row(**kw: str) -> dict[str, str]:
    rows, _, _ = read_rows(CSV)
    row = dict(next(r for r in rows if r["case_id"] == "cac-2022-didi"))
    row.update(kw)
    return row


def test_didi_turnover_is_sourced_and_the_share_is_worked_out_by_hand() -> None:
    cs = load_cases()
    didi = cs.by_id("cac-2022-didi")
    # DiDi Global Inc.'s consolidated total revenues for 2021: RMB 173,827,382 thousand
    assert (didi.turnover_cny, didi.turnover_year, didi.turnover_source) == (173_827_382_000, 2021, SEC)
    # 8,026,000,000 / 173,827,382,000 = 4.6172... %, rounded down to two decimals
    assert share_of_turnover_pct(didi) == Decimal("4.61")
    # no other row has a turnover: none of their sources states the party's own turnover
    assert [c.case_id for c in cs.cases if c.turnover_cny is not None] == ["cac-2022-didi"]
    assert all(share_of_turnover_pct(c) is None for c in cs.cases if c.case_id != "cac-2022-didi")


def test_a_file_without_the_optional_columns_is_valid(tmp_path: Path) -> None:
    assert {"turnover_cny", "turnover_year", "turnover_source"} == OPTIONAL_COLUMNS
    older = [c for c in COLUMNS if c not in OPTIONAL_COLUMNS]
    good, errors = validate_rows(*read_rows(_write(tmp_path, [_row()], older))[:2])
    assert not errors and good[0].turnover_cny is None


def test_bad_turnover_cells_name_the_column_and_what_is_valid(tmp_path: Path) -> None:
    rows = [
        _row(case_id="t-words", turnover_cny="173.8bn"),                       # row 2
        _row(case_id="t-nosource", turnover_source=""),                        # row 3
        _row(case_id="t-notaurl", turnover_source="DiDi 20-F"),                # row 4
        _row(case_id="t-sameyear", turnover_year="2022"),                      # row 5
        _row(case_id="t-noamount", turnover_cny=""),                           # row 6
    ]
    _, errors = validate_rows(*read_rows(_write(tmp_path, rows, list(COLUMNS)))[:2])
    first = {}
    for e in errors:
        if e.column.startswith("turnover"):
            first.setdefault(e.row, e)
    assert first[2].column == "turnover_cny" and "whole number of yuan" in first[2].reason
    assert first[3].column == "turnover_source" and "go together" in first[3].reason
    assert first[4].column == "turnover_source" and "not a URL" in first[4].reason
    assert first[5].column == "turnover_year" and "not before the decision year" in first[5].reason
    assert first[6].column == "turnover_cny" and "go together" in first[6].reason


def test_check_command_reports_a_turnover_without_source(tmp_path: Path) -> None:
    p = _write(tmp_path, [_row(turnover_source="")], list(COLUMNS))
    r = CliRunner().invoke(cases_app, ["check", str(p), "--json"])
    assert r.exit_code == 1
    errs = json.loads(r.stdout)["errors"]
    assert any(e["row"] == 2 and e["column"] == "turnover_source" for e in errs), errs
