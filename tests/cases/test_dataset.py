"""The bundled case file validates, and bad files are reported row by row."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from penalty.cases.dataset import COLUMNS, load_cases, read_rows, validate_rows


def test_bundled_file_has_no_invalid_rows(caseset):
    assert caseset.errors == ()
    assert len(caseset) >= 90


def test_every_row_is_sourced(caseset):
    for c in caseset.cases:
        assert c.source_urls, c.case_id
        assert all(s.startswith(("http://", "https://", "cite:")) for s in c.source_urls), c.case_id


def test_rows_without_url_are_low_confidence(caseset):
    for c in caseset.cases:
        if not any(s.startswith("http") for s in c.source_urls):
            assert c.confidence == "low", c.case_id


def test_every_provision_id_resolves_in_the_catalogue(caseset, core):
    ids = {pid for c in caseset.cases for pid in c.provision_ids}
    assert ids, "the dataset links no provision at all"
    assert ids <= core.provision_ids, ids - core.provision_ids


def test_no_duplicate_case_ids(caseset):
    ids = [c.case_id for c in caseset.cases]
    assert len(ids) == len(set(ids))


def test_fined_cases_with_exact_links_have_a_provision_that_can_fine(caseset, core):
    for c in caseset.cases:
        if c.fine_entity_cny and c.provision_link_confidence == "exact":
            ent = [p for p in c.provision_ids if core.provision(p).liable == "entity"]
            assert ent and core.provision(ent[0]).basis != "none", c.case_id


def _write(tmp_path: Path, rows: list[dict[str, str]]) -> Path:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=list(COLUMNS), lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
    p = tmp_path / "cases.csv"
    p.write_text(buf.getvalue(), encoding="utf-8")
    return p


def _good_row(**kw: str) -> dict[str, str]:
    rows, _, _ = read_rows(Path(__file__).resolve().parents[2] / "data" / "cases.csv")
    row = dict(next(r for r in rows if r["case_id"] == "bjcac-2023-es-1"))
    row["party_name"] = f"party of {kw.get('case_id', row['case_id'])}"
    row.update(kw)
    return row


def test_broken_file_reports_every_bad_row_with_number_column_and_reason(tmp_path):
    rows = [
        _good_row(),                                                        # row 2: fine
        _good_row(case_id="bad-fine", fine_entity_cny="-5"),                # row 3
        _good_row(case_id="bad-date", decision_date="2023-13-40"),          # row 4
        _good_row(case_id="bad-id", provision_ids="dsl-45-1-entity-bse"),   # row 5
        _good_row(),                                                        # row 6: duplicate id
        _good_row(case_id="no-source", source_urls=""),                     # row 7
        _good_row(case_id="bad-prec", decision_date_precision="month"),     # row 8
        _good_row(case_id="bad-link", provision_link_confidence="none"),    # row 9
        _good_row(case_id="bad-law", laws="XYZ"),                           # row 10
    ]
    good, errors = validate_rows(*read_rows(_write(tmp_path, rows))[:2])
    assert len(errors) == 11, [str(e) for e in errors]
    assert [c.case_id for c in good] == ["bjcac-2023-es-1"]
    by_row = {}
    for e in errors:
        by_row.setdefault(e.row, e)  # first error of each row
    assert set(by_row) == {3, 4, 5, 6, 7, 8, 9, 10}
    assert by_row[3].column == "fine_entity_cny" and "whole number" in by_row[3].reason
    assert by_row[4].column == "decision_date" and "YYYY-MM-DD" in by_row[4].reason
    assert by_row[5].column == "provision_ids" and "dsl-45-1-entity-base" in by_row[5].reason  # close match
    assert by_row[6].column == "case_id" and "row 2" in by_row[6].reason
    assert by_row[7].column == "source_urls" and "at least one source" in by_row[7].reason
    assert by_row[8].column == "decision_date_precision" and "'day'" in by_row[8].reason
    assert by_row[9].column == "provision_ids" and "provision_link_confidence" in by_row[9].reason
    assert by_row[10].column == "laws" and "DSL" in by_row[10].reason


def test_missing_column_is_reported(tmp_path):
    p = tmp_path / "x.csv"
    p.write_text("case_id,decision_date\na,2024\n", encoding="utf-8")
    _, errors = validate_rows(*read_rows(p)[:2])
    assert {e.column for e in errors} >= {"authority", "source_urls"}
    assert all(e.row == 1 for e in errors)


def test_strict_load_raises_with_all_errors(tmp_path):
    import pytest

    from penalty.cases.dataset import CaseDataError

    p = _write(tmp_path, [_good_row(case_id="a", fine_entity_cny="x"), _good_row(case_id="b", level="county")])
    with pytest.raises(CaseDataError) as exc:
        load_cases(p)
    assert len(exc.value.errors) == 2
    assert "row 2" in str(exc.value) and "row 3" in str(exc.value)


def test_ragged_rows_and_catalogue_codes_are_reported_with_other_field_errors(tmp_path):
    p = _write(tmp_path, [_good_row(case_id="ok"),
                          _good_row(case_id="two-bad", source_urls="ftp://x", circumstance_codes="zzz")])
    text = p.read_text(encoding="utf-8").splitlines()
    text[1] += ",an unquoted, comma"  # row 2: two cells too many
    p.write_text("\n".join(text) + "\n", encoding="utf-8")
    _, errors = validate_rows(*read_rows(p)[:2])
    got = {(e.row, e.column) for e in errors}
    assert got == {(2, "(row)"), (3, "source_urls"), (3, "circumstance_codes")}, [str(e) for e in errors]
    ragged = next(e for e in errors if e.row == 2)
    assert f"{len(COLUMNS)} columns" in ragged.reason and f"{len(COLUMNS) + 2} cells" == ragged.value


def test_empty_file_is_one_error_naming_the_columns(tmp_path):
    p = tmp_path / "empty.csv"
    p.write_text("", encoding="utf-8")
    _, errors = validate_rows(*read_rows(p)[:2])
    assert len(errors) == 1 and errors[0].row == 1 and "case_id, decision_date" in errors[0].reason


def test_blank_required_cells_say_they_are_required(tmp_path):
    _, errors = validate_rows(*read_rows(_write(tmp_path, [_good_row(authority="", laws="")]))[:2])
    reasons = {e.column: e.reason for e in errors}
    assert reasons["authority"].startswith("required") and reasons["laws"].startswith("required")
