"""Regression tests for issue 13: hostile files and frames never crash the run, lose rows, leave
a partial output or turn user text into a formula. Each test failed before its fix."""

from __future__ import annotations

import datetime as dt
import os
import zipfile
from decimal import Decimal

import numpy as np
import openpyxl
import pandas as pd
import pytest
from typer.testing import CliRunner

import penalty
from penalty.cli import app
from penalty.export import BatchError, read_cases, run_batch

P = "dsl-48-1-entity-base"
HEADER = "provision,violation_date,decision_date,illegal_gain_cny,label\n"
GOOD = f"{P},2025-09-01,2025-12-01,1000,ok\n"


def _csv(tmp_path, text: str | bytes, name: str = "in.csv"):
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    return path


def _out(path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False)


# ------------------------------------------------------------------------------- security
def test_nul_before_a_formula_is_neutralised_in_csv_and_xlsx(tmp_path):
    src = _csv(tmp_path, HEADER + f"{P},2025-09-01,2025-12-01,1000,\"\0=HYPERLINK(\"\"http://x\"\")\"\n")
    run_batch(src, tmp_path / "out.csv")
    label = _out(tmp_path / "out.csv").loc[0, "label"]
    assert label.startswith("'") and "\0" not in label
    run_batch(src, tmp_path / "out.xlsx")
    ws = openpyxl.load_workbook(tmp_path / "out.xlsx").active
    cells = [c.value for c in ws[2] if isinstance(c.value, str) and "HYPERLINK" in c.value]
    assert cells and all(v.startswith("'") and "_x0000_" not in v for v in cells), cells


def test_a_hard_link_to_the_input_is_not_overwritten(tmp_path):
    src = _csv(tmp_path, HEADER + GOOD)
    link = tmp_path / "link.csv"
    os.link(src, link)
    before = src.read_bytes()
    res = CliRunner().invoke(app, ["batch", str(src), "-o", str(link)])
    assert res.exit_code != 0 and "must not be the input file" in res.output
    assert src.read_bytes() == before


@pytest.mark.parametrize("value", ["nan", "inf", "-1", "0"])
def test_max_mb_must_be_a_positive_finite_number(tmp_path, value):
    src = _csv(tmp_path, HEADER + GOOD)
    res = CliRunner().invoke(app, ["batch", str(src), "-o", str(tmp_path / "o.csv"),
                                   "--max-mb", value])
    assert res.exit_code == 2 and "--max-mb" in res.output, res.output
    assert not (tmp_path / "o.csv").exists()


def _bomb(path, strings: int) -> None:
    """A workbook whose shared-strings table holds many tiny strings (compresses ~1000:1)."""
    wb = openpyxl.Workbook()
    wb.active.append(["provision", "violation_date", "decision_date"])
    wb.save(path)
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    body = b"<si><t>a</t></si>" * strings
    parts["xl/sharedStrings.xml"] = (
        b'<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
        b'2006/main">' + body + b"</sst>")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for n, data in parts.items():
            z.writestr(n, data)


def test_an_xlsx_zip_bomb_is_refused_before_it_is_read(tmp_path):
    path = tmp_path / "bomb.xlsx"
    _bomb(path, 2_000_000)  # 34 MB of XML in a file of a few dozen KB
    assert path.stat().st_size < 500_000
    with pytest.raises(BatchError, match="zip bomb"):
        read_cases(path)


def test_act_lists_are_bounded_in_the_cli(tmp_path):
    path = tmp_path / "acts.json"
    path.write_text("[]")
    res = CliRunner().invoke(app, ["assess", str(path)])
    assert res.exit_code == 2 and "1 to 1,000" in res.output


# ------------------------------------------------------------- a batch never crashes or lies
@pytest.mark.parametrize("cell, field", [
    ('"[not json"', "provision"),
    ('"' + "[" * 5000 + "]" * 5000 + '"', "provision"),
])
def test_one_bad_provision_cell_is_that_rows_error(tmp_path, cell, field):
    src = _csv(tmp_path, HEADER + GOOD + f"{cell},2025-09-01,2025-12-01,1000,x\n" + GOOD)
    run_batch(src, tmp_path / "out.csv")
    out = _out(tmp_path / "out.csv")
    assert len(out) == 3 and out.loc[1, "error_field"] == field
    assert out.loc[0, "error"] == "" and out.loc[2, "error"] == ""


def test_deeply_nested_circumstances_are_that_rows_error(tmp_path):
    nested = "[" * 100_000 + "]" * 100_000
    src = _csv(tmp_path, "provision,violation_date,decision_date,circumstances\n"
               f"{P},2025-09-01,2025-12-01,{nested}\n{P},2025-09-01,2025-12-01,\n")
    run_batch(src, tmp_path / "out.csv")
    out = _out(tmp_path / "out.csv")
    assert list(out["error_field"]) == ["circumstances", ""]


def test_cr_only_line_endings_are_read(tmp_path):
    src = _csv(tmp_path, (HEADER + GOOD + GOOD).replace("\n", "\r"))
    run_batch(src, tmp_path / "out.csv")
    out = _out(tmp_path / "out.csv")
    assert len(out) == 2 and (out["error"] == "").all()


def test_a_file_that_goes_bad_mid_run_leaves_no_output(tmp_path):
    src = _csv(tmp_path, HEADER + GOOD * 5 + f"{P},2025-09-01,2025-12-01,1,x,extra\n" + GOOD)
    res = CliRunner().invoke(app, ["batch", str(src), "-o", str(tmp_path / "out.csv"),
                                   "--chunk-rows", "2"])
    assert res.exit_code != 0 and "data row 6" in res.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.csv"]  # no output, no temp file


def test_the_output_is_an_ordinary_file(tmp_path):
    """Written through a temporary file, the output still gets the usual permissions."""
    src = _csv(tmp_path, HEADER + GOOD)
    run_batch(src, tmp_path / "out.csv")
    mask = os.umask(0o022)
    os.umask(mask)
    assert (tmp_path / "out.csv").stat().st_mode & 0o777 == 0o666 & ~mask


def test_an_output_into_a_missing_folder_is_a_clear_error(tmp_path):
    src = _csv(tmp_path, HEADER + GOOD)
    with pytest.raises(BatchError, match="does not exist"):
        run_batch(src, tmp_path / "nope" / "out.xlsx")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.csv"]


def test_blank_lines_keep_the_row_numbers_of_the_input(tmp_path):
    src = _csv(tmp_path, HEADER + GOOD + "\n" + ",,,,\n" + GOOD)
    run_batch(src, tmp_path / "out.csv")
    assert list(_out(tmp_path / "out.csv")["row"]) == ["1", "4"]


def test_assess_acts_counts_rows_from_one():
    ok = {"provision": P, "violation_date": "2025-09-01", "decision_date": "2025-12-01"}
    with pytest.raises(penalty.InputError) as exc:
        penalty.assess_acts([ok, {**ok, "illegal_gain_cny": "-1"}])
    assert exc.value.row == 2


def test_quoted_newlines_do_not_count_as_rows_for_xlsx_output(tmp_path):
    many = "\n" * 1_100_000  # more newlines than a sheet has rows, inside one quoted cell
    src = _csv(tmp_path, HEADER + f'{P},2025-09-01,2025-12-01,1000,"{many}"\n')
    run_batch(src, tmp_path / "out.xlsx")
    assert (tmp_path / "out.xlsx").exists()


@pytest.mark.parametrize("provision, provisions, error", [
    (P, "", False), ("", P, False), (P, "pipl-66-1-entity-base", True)])
def test_provision_and_provisions_columns_follow_one_rule(provision, provisions, error):
    row = {"provision": provision, "provisions": provisions, "violation_date": "2025-09-01",
           "decision_date": "2025-12-01"}
    out = penalty.assess_frame(pd.DataFrame([row])).iloc[0]
    if error:
        assert out["error_field"] == "provision" and "exactly one of" in out["error"]
    else:
        assert pd.isna(out["error"]) and out["provision_applied"] == P


# ---------------------------------------------------------------------------- XLSX quirks
def _xlsx(tmp_path, rows, hidden_first: bool = False, name: str = "in.xlsx"):
    wb = openpyxl.Workbook()
    ws = wb.active
    if hidden_first:
        ws.title = "old"
        ws.append(["provision", "violation_date", "decision_date"])
        ws.append(["nope", "2025-09-01", "2025-12-01"])
        ws.sheet_state = "hidden"
        ws = wb.create_sheet("visible")
    for r in rows:
        ws.append(r)
    path = tmp_path / name
    wb.save(path)
    return path


def test_the_first_visible_sheet_is_read(tmp_path):
    src = _xlsx(tmp_path, [["provision", "violation_date", "decision_date"],
                           [P, "2025-09-01", "2025-12-01"]], hidden_first=True)
    assert list(read_cases(src)["provision"]) == [P]


def test_a_label_like_an_error_value_is_just_a_label(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["provision", "violation_date", "decision_date", "label"])
    ws.append([P, "2025-09-01", "2025-12-01", "x"])
    ws.append([P, "2025-09-01", "2025-12-01", "x"])
    ws["D2"].value, ws["D2"].data_type = "#NAME?", "s"  # typed text, not an error
    ws["D3"].value, ws["D3"].data_type = "#NAME?", "e"  # a real error cell
    src = tmp_path / "in.xlsx"
    wb.save(src)
    run_batch(src, tmp_path / "out.csv")
    out = _out(tmp_path / "out.csv")
    assert len(out) == 2 and out.loc[0, "error"] == ""
    assert out.loc[1, "error_field"] == "label" and "sheet row 3, column D" in out.loc[1, "error"]


def test_a_formula_without_a_saved_value_is_an_error_on_that_cell(tmp_path):
    src = _xlsx(tmp_path, [["provision", "violation_date", "decision_date", "illegal_gain_cny"],
                           [P, "2025-09-01", "2025-12-01", "=1000*2"],
                           [P, "2025-09-01", "2025-12-01", 5]])
    run_batch(src, tmp_path / "out.csv")
    out = _out(tmp_path / "out.csv")
    assert out.loc[0, "error_field"] == "illegal_gain_cny"
    assert "formula without a saved value" in out.loc[0, "error"]
    assert out.loc[1, "error"] == ""


def test_xlsx_money_beyond_fifteen_digits_stays_exact(tmp_path):
    # AFL 42: fine up to a multiple of the gains, plus confiscation: CNY 82,999,999,999,999.41,
    # which no spreadsheet number holds to the fen (it would be read back as .40).
    row = {"provision": "afl-42-0-entity-base", "violation_date": "2025-09-01",
           "decision_date": "2025-12-01", "illegal_gain_cny": "9999999999999.93"}
    src = _csv(tmp_path, ",".join(row) + "\n" + ",".join(row.values()) + "\n")
    run_batch(src, tmp_path / "out.xlsx")
    run_batch(src, tmp_path / "out.csv")
    ws = openpyxl.load_workbook(tmp_path / "out.xlsx").active
    head = [c.value for c in ws[1]]
    text = _out(tmp_path / "out.csv").iloc[0]
    assert text["total_high_cny"] == "82999999999999.41"
    for col in ("fine_high_cny", "confiscation_cny", "total_high_cny"):
        xl = ws.cell(2, head.index(col) + 1).value
        assert Decimal(str(xl)) == Decimal(text[col]), (col, xl, text[col])


# ------------------------------------------------------------------ encodings and frames
@pytest.mark.parametrize("encoding", ["gb18030", "gbk", "utf-16", "utf-8-sig"])
def test_csv_in_the_encodings_excel_writes(tmp_path, encoding):
    text = HEADER + f"{P},2025-09-01,2025-12-01,1000,客户甲（上海）有限公司\n"
    src = _csv(tmp_path, text.encode(encoding))
    run_batch(src, tmp_path / "out.csv")
    out = _out(tmp_path / "out.csv")
    assert out.loc[0, "label"] == "客户甲（上海）有限公司" and out.loc[0, "error"] == ""


def test_time_zone_aware_dates_keep_their_calendar_date():
    stamp = pd.Timestamp("2025-08-01 00:00", tz="Asia/Shanghai")
    frame = pd.DataFrame({"provision": [P], "violation_date": [stamp],
                          "decision_date": [pd.Timestamp("2025-12-01", tz="Asia/Shanghai")]})
    out = penalty.assess_frame(frame).iloc[0]
    single = penalty.assess({"provision": P, "violation_date": "2025-08-01",
                             "decision_date": "2025-12-01"})
    assert bool(out["benchmark_applies"]) == single.benchmark_applies is True
    assert out["limitation_expires"] == np.datetime64(single.limitation.expires_on, "D")


def test_list_and_dict_objects_in_frames_are_read_or_refused_per_row():
    base = {"provision": P, "violation_date": "2025-09-01", "decision_date": "2025-12-01"}
    frame = pd.DataFrame([
        {**base, "circumstances": "eliminated_or_reduced_harm",
         "prior_penalties": [{"decided_on": dt.date(2025, 3, 1)}]},
        {**base, "circumstances": ["eliminated_or_reduced_harm"],
         "prior_penalties": {"decided_on": "2025-03-01"}},
        {**base, "circumstances": [["nested"]], "prior_penalties": None},
    ])
    out = penalty.assess_frame(frame)
    assert pd.isna(out.loc[0, "error"])
    assert out.loc[1, "error_field"] == "prior_penalties"
    assert out.loc[2, "error_field"] == "circumstances"


@pytest.mark.parametrize("encoding", ["gb18030", "gbk"])
def test_gbk_csv_with_a_rare_character_in_a_name_is_read(tmp_path, encoding):
    # 镕 and 喆 are GBK characters outside GB2312: Excel in Chinese writes them in a "CSV".
    text = HEADER + f"{P},2025-09-01,2025-12-01,1000,朱镕基与张喆（上海）有限公司\n"
    src = _csv(tmp_path, text.encode(encoding))
    run_batch(src, tmp_path / "out.csv")
    out = _out(tmp_path / "out.csv")
    assert out.loc[0, "label"] == "朱镕基与张喆（上海）有限公司" and out.loc[0, "error"] == ""


def test_latin1_csv_is_not_read_as_rare_ideographs(tmp_path):
    text = HEADER + f"{P},2025-09-01,2025-12-01,1000,Société Générale Façade Ltée\n"
    src = _csv(tmp_path, text.encode("latin-1"))
    with pytest.raises(BatchError, match="not UTF-8"):
        run_batch(src, tmp_path / "out.csv")
