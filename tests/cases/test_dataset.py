"""The bundled case file validates, and bad files are reported row by row."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from penalty.cases.load import load_cases, read_rows
from penalty.cases.schema import COLUMNS
from penalty.cases.validate import validate_rows


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
        if c.fine_entity_cny and c.provision_link_confidence == "stated":
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

    from penalty.cases.schema import CaseDataError

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


# --- the columns added for the empirical layer ------------------------------------------------

def _errors_for(tmp_path: Path, rows: list[dict[str, str]]):
    good, errors = validate_rows(*read_rows(_write(tmp_path, rows))[:2])
    return good, {(e.row, e.column): e.reason for e in errors}


def test_new_columns_reject_bad_values_with_what_is_valid(tmp_path):
    rows = [
        _good_row(case_id="basis", date_basis="press"),                                  # row 2
        _good_row(case_id="prov", province="Peking"),                                    # row 3
        _good_row(case_id="nat", province="national"),                                   # row 4: level provincial
        _good_row(case_id="code", sanctions="warning;fine;caning"),                      # row 5
        _good_row(case_id="nofine", sanctions="warning;order_rectify"),                  # row 6: has an amount
        _good_row(case_id="persons", persons_fined="3", fine_per_person_cny="10000"),    # row 7: 3 x 10000 != 10000
        _good_row(case_id="oldlink", provision_link_confidence="exact"),                 # row 8
        _good_row(case_id="quality", source_quality="blog"),                             # row 9
        _good_row(case_id="nodate", decision_date="", decision_date_precision=""),       # row 10: basis left set
        _good_row(case_id="mt", source_quality="machine_translation", confidence="medium"),  # row 11
    ]
    good, errs = _errors_for(tmp_path, rows)
    assert good == []
    assert "decision, announcement" in errs[(2, "date_basis")] or "'decision'" in errs[(2, "date_basis")]
    assert "Beijing" in errs[(3, "province")]
    assert "level" in errs[(4, "province")]
    assert "caning" in errs[(5, "sanctions")] and "persons_fine" in errs[(5, "sanctions")]
    assert "'fine'" in errs[(6, "sanctions")]
    assert "3 x fine_per_person_cny 10000" in errs[(7, "fine_individuals_cny")]
    assert "'stated'" in errs[(8, "provision_link_confidence")]
    assert "machine_translation" in errs[(9, "source_quality")]
    assert "leave both blank" in errs[(10, "date_basis")]
    assert "'low'" in errs[(11, "source_quality")]
    assert len(errs) == 10, errs


def test_individual_party_fine_goes_in_the_individuals_column(tmp_path):
    base = dict(party_type="individual", fine_entity_cny="", fine_individuals_cny="500", provision_ids="",
                provision_link_confidence="none")
    good, errs = _errors_for(tmp_path, [
        _good_row(case_id="ok-ind", sanctions="warning;fine", **base),
        _good_row(case_id="bad-ind", sanctions="warning;persons_fine", **base),
        _good_row(case_id="ent-ind", sanctions="fine", **{**base, "fine_entity_cny": "500"}),
    ])
    assert [c.case_id for c in good] == ["ok-ind"]
    assert "'fine'" in errs[(3, "sanctions")] and "individual party" in errs[(3, "sanctions")]
    assert "individual" in errs[(4, "fine_entity_cny")]


def test_near_duplicates_are_rejected_unless_declared_distinct(tmp_path):
    same_party = dict(party_name="undisclosed (a company)", fine_entity_cny="80000")
    rows = [
        _good_row(case_id="first", **same_party),                                          # row 2
        _good_row(case_id="same-party", **same_party),  # row 3: same authority, date, party
        _good_row(case_id="same-fine", party_name="other co", fine_entity_cny="80000"),  # row 4: same fine/date
        _good_row(case_id="declared", distinct_from="first;same-party;same-fine", **same_party),  # row 5
        _good_row(case_id="ghost", party_name="third co", distinct_from="nowhere"),        # row 6
    ]
    good, errors = validate_rows(*read_rows(_write(tmp_path, rows))[:2])
    assert [c.case_id for c in good] == ["first", "declared"]
    by_row = {e.row: e for e in errors}
    assert set(by_row) == {3, 4, 6}, [str(e) for e in errors]
    assert "row 2 (first)" in by_row[3].reason and "party" in by_row[3].reason
    assert "row 2 (first)" in by_row[4].reason and "entity fine, provision and decision date" in by_row[4].reason
    assert by_row[6].column == "distinct_from" and by_row[6].value == "nowhere"
    # a different amount on another day is no near-duplicate
    good, errors = validate_rows(*read_rows(_write(tmp_path, [
        _good_row(case_id="a"), _good_row(case_id="b", decision_date="2023-10-29", fine_entity_cny="60000")]))[:2])
    assert errors == [] and len(good) == 2


def test_fine_imposed_reads_the_sanction_codes():
    from tests.cases.conftest import make_case

    assert make_case(sanctions="warning;fine").fine_imposed is True
    assert make_case(sanctions="warning;persons_fine", fine_entity_cny="").fine_imposed is True
    assert make_case(sanctions="warning;order_rectify", fine_entity_cny="").fine_imposed is False
    assert make_case(sanctions="order_rectify;unknown", fine_entity_cny="").fine_imposed is None


def test_known_defects_of_earlier_versions_stay_fixed(caseset):
    c = caseset.by_id
    assert c("cac-2023q1-weibo").province == "Beijing" and "Douyu" not in c("cac-2023q1-weibo").region
    assert c("cac-2023q1-douyu").province == "Hubei"
    for cid in ("hengnan-2023-hospital", "nccac-2024-group-dsl"):
        assert c(cid).date_basis != "decision", cid
    for cid in ("gzcac-assoc-wechat", "gzcac-chen-shuijun", "gzcac-kang-hunting", "gzcac-vuln-company"):
        assert c(cid).level == "city" and "Guiyang" in c(cid).authority and c(cid).decision_date == "2025-07", cid
    for cid in ("hicac-2025-ugc-40w", "bjcac-2023-es-1", "cac-2025-sd-medlab", "hncac-yongzhou-teachernews"):
        assert c(cid).source_quality == "machine_translation" and c(cid).confidence == "low", cid
        assert c(cid).provision_link_confidence != "stated", cid
    # one convention for persons' fines: an amount "each" with no stated number is per person
    assert c("qhcac-haixi-dsl").fine_per_person_cny == 10000 and c("qhcac-haixi-dsl").fine_individuals_cny is None


def test_machine_translated_rows_are_low_confidence_and_never_stated(caseset):
    for c in caseset.cases:
        if c.source_quality == "machine_translation":
            assert c.confidence == "low" and c.provision_link_confidence != "stated", c.case_id
