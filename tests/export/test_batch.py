"""Batch runs: every row out, in order, with its result or its error; money as exact CNY text;
batch = single; malformed files give errors naming the row and the column; user text is never a
formula in the output."""

from __future__ import annotations

import io
import json
from decimal import Decimal

import openpyxl
import pandas as pd
import pytest
from typer.testing import CliRunner

import penalty
from penalty.cli import app
from penalty.export import BatchError, read_cases, run_batch
from penalty.export.batch.format import fen_to_text, result_columns
from penalty.export.safety import is_dangerous

DATES = {"violation_date": "2025-09-01", "decision_date": "2025-12-01"}
CASES = [
    {**DATES, "provision": "csl2017-59-1-entity-refuse_or_harm", "illegal_gain_cny": "12345.67",
     "circumstances": ["eliminated_or_reduced_harm"], "label": "=cmd|' /C calc'!A0"},
    {**DATES, "provision": "afl-42-0-entity-base", "illegal_gain_cny": "98765.43",
     "persons_count": 3},
    {**DATES, "provision": "pipl-66-2-entity-serious", "turnover_cny": "3000000000.55",
     "label": "+SUM(1,2)"},
    {**DATES, "provision": "ciir-41-0-entity-base", "procurement_amount_cny": "1234567.89",
     "circumstances": ["serious_network_security_harm", "coerced_or_induced"]},
    {**DATES, "provision": "alg-31-0-entity-base", "label": "@user"},
    {**DATES, "provisions": ["csl2017-64-1-entity-base", "pipl-66-1-entity-base"],
     "illegal_gain_cny": "5000", "prior_penalties": [{"decided_on": "2025-03-01"},
                                                      {"decided_on": "2025-05-01"}]},
]


def rows_of(cases) -> pd.DataFrame:
    rows = [penalty.case_to_row(c) for c in cases]
    df = pd.DataFrame(rows).astype(object)
    return df.where(df.notna(), "").astype(str)


@pytest.fixture()
def csv_input(tmp_path):
    df = rows_of(CASES)
    bad = df.iloc[0].copy()
    bad["provision"] = "no-such-provision"
    bad["label"] = "-2+3"
    bad2 = df.iloc[1].copy()
    bad2["illegal_gain_cny"] = "12.345"
    bad2["label"] = "\tTAB"
    df = pd.concat([df.iloc[:2], bad.to_frame().T, df.iloc[2:], bad2.to_frame().T],
                   ignore_index=True)
    path = tmp_path / "cases.csv"
    df.to_csv(path, index=False)
    return path, df


def _money(text: str) -> Decimal | None:
    return None if text == "" else Decimal(text)


def test_csv_round_trip_every_row_in_order_with_result_or_error(csv_input, tmp_path):
    path, df = csv_input
    out = tmp_path / "out.csv"
    summary = run_batch(path, out, chunk_rows=3)  # several chunks
    res = pd.read_csv(out, dtype=str, keep_default_na=False)
    assert len(res) == len(df) == summary.rows_in == summary.rows_out
    assert list(res["row"]) == [str(i) for i in range(1, len(df) + 1)]
    assert list(res.columns) == list(df.columns) + result_columns()
    assert summary.rows_with_error == 2 and summary.rows_ok == len(df) - 2
    assert summary.errors_by_field == {"provision": 1, "illegal_gain_cny": 1}
    # the erroneous rows carry their error, naming field and value; the others their result
    assert res.loc[2, "error_field"] == "provision" and "no-such-provision" in res.loc[2, "error"]
    assert res.loc[len(df) - 1, "error_field"] == "illegal_gain_cny"
    assert "12.345" in res.loc[len(df) - 1, "error"]
    # batch = single: every valid row equals penalty.assess of the same case, to the fen
    valid = list(CASES)
    for i, case in zip([0, 1, 3, 4, 5, 6], valid):
        a = penalty.assess(case)
        r = res.loc[i]
        assert r["error"] == "" and r["band"] == (a.band or "")
        assert r["bands"] == ";".join(a.bands)
        assert r["provision_applied"] == a.provision_applied
        if a.fine is None:
            assert r["fine_low_cny"] == "" and r["fine_high_cny"] == ""
        else:
            assert _money(r["fine_low_cny"]) == a.fine.low_cny
            assert _money(r["fine_high_cny"]) == a.fine.high_cny
            assert _money(r["float_fine_high_cny"]) == a.float_fine.high_cny
            for b, rng in a.ranges.items():
                assert (_money(r[f"{b}_low_cny"]), _money(r[f"{b}_high_cny"])) == \
                    (rng.low_cny, rng.high_cny)
        assert _money(r["confiscation_cny"]) == a.confiscation_cny
        assert (_money(r["total_low_cny"]), _money(r["total_high_cny"])) == \
            (a.total_exposure.low_cny, a.total_exposure.high_cny)
        assert r["limitation_expires"] == a.limitation.expires_on.isoformat()
    # money is exact text with two decimals
    money = res[[c for c in res.columns if c.endswith("_cny") and c in result_columns()]]
    for v in money.to_numpy().ravel():
        assert v == "" or (v.count(".") == 1 and len(v.split(".")[1]) == 2), v
    assert res.loc[3, "statutory_high_cny"] == "150000000.02"
    assert summary.fine_high_total_cny == sum(
        (penalty.assess(c).fine.high_cny for c in CASES if penalty.assess(c).fine),
        Decimal("0"))


def test_no_cell_of_a_csv_output_is_a_formula(csv_input, tmp_path):
    path, df = csv_input
    out = tmp_path / "out.csv"
    run_batch(path, out)
    res = pd.read_csv(out, dtype=str, keep_default_na=False)
    cells = [v for v in res.to_numpy().ravel() if isinstance(v, str)]
    assert not [v for v in cells if is_dangerous(v)]
    labels = list(res["label"])
    assert "'=cmd|' /C calc'!A0" in labels and "'+SUM(1,2)" in labels and "'@user" in labels
    assert "'-2+3" in labels and "'\tTAB" in labels


def test_xlsx_in_and_out(csv_input, tmp_path):
    path, df = csv_input
    src = tmp_path / "cases.xlsx"
    with pd.ExcelWriter(src, engine="openpyxl") as xw:
        df.to_excel(xw, index=False, sheet_name="cases")
    out = tmp_path / "out.xlsx"
    summary = run_batch(src, out)
    assert summary.rows_out == len(df)
    wb = openpyxl.load_workbook(out)
    ws = wb.active
    header = [c.value for c in ws[1]]
    assert header == list(df.columns) + result_columns()
    assert ws.max_row == len(df) + 1
    col = {h: i for i, h in enumerate(header)}
    row4 = list(ws[5])  # data row 4: the PIPL turnover case
    assert row4[col["statutory_high_cny"]].value == pytest.approx(150000000.02, abs=0)
    assert row4[col["statutory_high_cny"]].number_format == "#,##0.00"
    for row in ws.iter_rows(min_row=2):
        for c in row:
            assert c.data_type != "f"
            assert not (isinstance(c.value, str) and is_dangerous(c.value)), c.value


def test_xlsx_input_with_typed_cells(tmp_path):
    """Dates, numbers and booleans typed as such in Excel are read as the documented text."""
    import datetime as dt

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["provision", "violation_date", "decision_date", "illegal_gain_cny",
               "persons_count", "prefer_mitigated"])
    ws.append(["afl-42-0-entity-base", dt.datetime(2025, 9, 1), dt.date(2025, 12, 1), 98765.43,
               2, True])
    ws.append([None] * 6)  # an empty trailing row is ignored
    src = tmp_path / "typed.xlsx"
    wb.save(src)
    df = read_cases(src)
    assert df.iloc[0].to_dict() == {
        "provision": "afl-42-0-entity-base", "violation_date": "2025-09-01",
        "decision_date": "2025-12-01", "illegal_gain_cny": "98765.43", "persons_count": "2",
        "prefer_mitigated": "true"}
    out = tmp_path / "out.csv"
    run_batch(src, out)
    res = pd.read_csv(out, dtype=str, keep_default_na=False)
    a = penalty.assess({**DATES, "provision": "afl-42-0-entity-base",
                        "illegal_gain_cny": "98765.43", "persons_count": 2,
                        "options": {"prefer_mitigated": True}})
    assert Decimal(res.loc[0, "fine_high_cny"]) == a.fine.high_cny
    assert len(res) == 1


# ----------------------------------------------------------------------- malformed files
HEADER = "provision,violation_date,decision_date,label\n"
GOOD = "afl-41-0-entity-minor,2025-09-01,2025-12-01,x\n"


@pytest.mark.parametrize("content, where, words", [
    (HEADER + GOOD + "afl-41-0-entity-minor,2025-09-01,2025-12-01,x,extra\n",
     "line 3 (data row 2)", "5 fields where the header has 4"),
    ("provision,violaton_date,decision_date\n" + GOOD, "column 2",
     "'violaton_date' is not a known column (did you mean 'violation_date'?)"),
    ("provision,violation_date,decision_date,provision\n" + GOOD, "column 4",
     "'provision' appears twice"),
    ("provision,decision_date\nx,2025-01-01\n", "header row", "no column 'violation_date'"),
    ("provision,,decision_date\nx,,2025-01-01\n", "column 2", "has no name"),
    ("", "", "the file is empty"),
])
def test_malformed_csv_names_row_and_column(tmp_path, content, where, words):
    path = tmp_path / "bad.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(BatchError) as err:
        run_batch(path, tmp_path / "out.csv")
    assert where in str(err.value) and words in str(err.value), str(err.value)
    assert not (tmp_path / "out.csv").exists()


def test_not_utf8_names_the_line(tmp_path):
    path = tmp_path / "latin1.csv"
    path.write_bytes((HEADER + GOOD + "afl-41-0-entity-minor,2025-09-01,2025-12-01,Müller\n")
                     .encode("latin-1"))
    with pytest.raises(BatchError, match=r"line 3 \(data row 2\).*not UTF-8"):
        read_cases(path)


def test_size_limit(tmp_path):
    path = tmp_path / "big.csv"
    path.write_text(HEADER + GOOD * 100, encoding="utf-8")
    with pytest.raises(BatchError, match="more than the limit of 1,000 bytes"):
        run_batch(path, tmp_path / "out.csv", max_bytes=1000)
    with pytest.raises(BatchError, match="more than the limit"):
        read_cases(path.read_bytes(), filename="upload.csv", max_bytes=1000)
    assert len(read_cases(path.read_bytes(), filename="upload.csv")) == 100


def test_wrong_file_types(tmp_path):
    path = tmp_path / "cases.json"
    path.write_text("{}")
    with pytest.raises(BatchError, match="'.json' is not supported; use a .csv"):
        run_batch(path, tmp_path / "out.csv")
    fake = tmp_path / "fake.xlsx"
    fake.write_text(HEADER + GOOD)
    with pytest.raises(BatchError, match="not a readable XLSX workbook"):
        read_cases(fake)


def test_xlsx_error_cell_and_stray_value(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["provision", "violation_date", "decision_date"])
    ws.append(["afl-41-0-entity-minor", "2025-09-01", "#VALUE!"])
    src = tmp_path / "err.xlsx"
    wb.save(src)
    # issue 13: an error cell is that row's error, not the whole workbook's
    out = tmp_path / "err.csv"
    run_batch(src, out)
    res = pd.read_csv(out, dtype=str, keep_default_na=False)
    assert len(res) == 1 and res.loc[0, "error_field"] == "decision_date"
    assert "sheet row 2, column C" in res.loc[0, "error"] and "#VALUE!" in res.loc[0, "error"]
    ws["C2"] = "2025-12-01"
    ws["E2"] = "stray"
    wb.save(src)
    with pytest.raises(BatchError, match=r"sheet row 2, column E: a value in a column with no "
                                         r"header"):
        read_cases(src)


def test_fen_to_text_is_exact():
    s = pd.Series([0, 1, 99, 100, 12345678901234, None], dtype="Int64")
    assert list(fen_to_text(s)) == ["0.00", "0.01", "0.99", "1.00", "123456789012.34", None]


def test_empty_csv_with_header_only(tmp_path):
    path = tmp_path / "empty.csv"
    path.write_text(HEADER)
    out = tmp_path / "out.csv"
    summary = run_batch(path, out)
    assert summary.rows_in == summary.rows_out == 0


# ----------------------------------------------------------------------------------- CLI
def test_cli_batch_prints_a_summary_and_reports_progress(csv_input, tmp_path):
    path, df = csv_input
    out = tmp_path / "out.csv"
    runner = CliRunner()
    result = runner.invoke(app, ["batch", str(path), "-o", str(out), "--json", "--chunk-rows",
                                 "2", "--progress"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout[result.stdout.index("{"):])
    assert summary["rows_in"] == summary["rows_out"] == len(df)
    assert summary["rows_with_error"] == 2
    assert len(pd.read_csv(out, dtype=str)) == len(df)
    ticks = []
    run_batch(path, tmp_path / "o2.csv", chunk_rows=2, progress=lambda d, t: ticks.append((d, t)))
    assert ticks[-1] == (len(df), len(df)) and len(ticks) == (len(df) + 1) // 2


def test_cli_batch_malformed_file_fails_cleanly(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("provision,violaton_date,decision_date\n" + GOOD)
    result = CliRunner().invoke(app, ["batch", str(path), "-o", str(tmp_path / "o.csv")])
    assert result.exit_code == 2
    assert "violaton_date" in result.output and "Traceback" not in result.output


def test_upload_bytes_api():
    data = (HEADER + GOOD).encode()
    df = read_cases(io.BytesIO(data), filename="upload.csv")
    assert list(df.columns) == ["provision", "violation_date", "decision_date", "label"]
