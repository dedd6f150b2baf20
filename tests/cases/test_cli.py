"""The CLI's JSON on filtered queries, and `check` on a bad file."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from penalty.cases.cli import cases_app

runner = CliRunner()

# DSL decisions by CAC offices with a decision year in 2023–2024, listed by hand from data/cases.csv.
DSL_CAC_2023_2024 = {
    "nccac-2023-dsl-50w", "hengnan-2023-hospital", "cqcac-2023-dsl-10w", "bjcac-2023-es-1", "bjcac-2023-es-2",
    "bjcac-2023-es-3", "nccac-2024-group-dsl", "hncac-2024-it-5w", "shcac-2024-medtech", "zzcac-2024-dsl-a",
    "zzcac-2024-dsl-b", "hncac-2024-infotech-20w",
}


def test_list_json_filtered():
    r = runner.invoke(cases_app, ["list", "--law", "DSL", "--authority-type", "cac", "--from-year", "2023",
                                  "--to-year", "2024", "--json"])
    assert r.exit_code == 0, r.output
    out = json.loads(r.stdout)
    assert {c["case_id"] for c in out["cases"]} == DSL_CAC_2023_2024
    assert out["count"] == len(DSL_CAC_2023_2024)
    assert "2025-08-01" in out["note"]


def test_stats_json_filtered():
    r = runner.invoke(cases_app, ["stats", "--law", "DSL", "--authority-type", "cac", "--from-year", "2023",
                                  "--to-year", "2024", "--json"])
    assert r.exit_code == 0, r.output
    st = json.loads(r.stdout)["stats"]
    assert set(st["case_ids"]) == DSL_CAC_2023_2024
    # published entity fines among them: 500k, 50k, 100k, 50k ×3, 100k, 50k, 50k  (medtech undisclosed)
    assert st["with_entity_fine"] == 11
    assert st["fines"]["median"] == "50000"
    assert st["fines"]["max"] == "500000"


def test_provision_filter_and_bad_level():
    r = runner.invoke(cases_app, ["list", "--provision", "dsl-45-1-entity-bse", "--json"])
    assert r.exit_code != 0 and "dsl-45-1-entity-base" in r.output
    r = runner.invoke(cases_app, ["list", "--level", "county", "--json"])
    assert r.exit_code != 0 and "provincial" in r.output


def test_show_json():
    r = runner.invoke(cases_app, ["show", "hicac-2022-miyue", "--json"])
    assert r.exit_code == 0, r.output
    out = json.loads(r.stdout)
    assert out["case"]["fine_entity_cny"] == 200000
    assert out["positions"][0]["provision_linked"] == "csl2017-68-1-entity-refuse_or_serious"


def test_similar_json(tmp_path: Path):
    f = tmp_path / "case.json"
    f.write_text(json.dumps({"provision": "dsl-45-1-entity-base", "violation_date": "2025-09-01",
                             "decision_date": "2025-12-01", "party": {"kind": "organisation"},
                             "illegal_gain_cny": None, "turnover_cny": None, "circumstances": []}))
    r = runner.invoke(cases_app, ["similar", str(f), "--authority-type", "cac", "--json"])
    assert r.exit_code == 0, r.output
    out = json.loads(r.stdout)
    matches = out["result"]["matches"]
    assert matches and all(m["authority_type"] == "cac" for m in matches)
    assert matches[0]["match"] == "provision" and matches[0]["reasons"]
    assert out["stats"]["fines"] is not None


def test_check_reports_bad_rows(tmp_path: Path):
    src = (Path(__file__).resolve().parents[2] / "data" / "cases.csv").read_text(encoding="utf-8")
    lines = src.splitlines()
    bad = lines[0] + "\n" + lines[1].replace("psb-2017-chongqing-shouye", "bad id with spaces") + "\n"
    p = tmp_path / "bad.csv"
    p.write_text(bad, encoding="utf-8")
    r = runner.invoke(cases_app, ["check", str(p), "--json"])
    assert r.exit_code == 1
    out = json.loads(r.stdout)
    assert out["rows"] == 1 and out["valid"] == 0
    assert out["errors"][0]["row"] == 2 and out["errors"][0]["column"] == "case_id"


def test_check_flags_a_near_duplicate_and_accepts_it_once_declared_distinct(tmp_path: Path):
    src = (Path(__file__).resolve().parents[2] / "data" / "cases.csv").read_text(encoding="utf-8")
    lines = src.splitlines()
    first = lines[1]  # psb-2017-chongqing-shouye
    copy = first.replace("psb-2017-chongqing-shouye", "psb-2017-chongqing-shouye-copy", 1)
    p = tmp_path / "dup.csv"
    p.write_text("\n".join([lines[0], first, copy]) + "\n", encoding="utf-8")
    r = runner.invoke(cases_app, ["check", str(p), "--json"])
    assert r.exit_code == 1
    out = json.loads(r.stdout)
    assert out["valid"] == 1 and len(out["errors"]) == 1
    err = out["errors"][0]
    assert err["row"] == 3 and err["column"] == "distinct_from" and err["value"] == "psb-2017-chongqing-shouye"
    assert "near-duplicate of row 2" in err["reason"]
    # declaring the two distinct silences the check
    import csv
    import io

    rows = list(csv.DictReader(io.StringIO(p.read_text(encoding="utf-8"))))
    rows[1]["distinct_from"] = "psb-2017-chongqing-shouye"
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=list(rows[0]), lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
    p.write_text(buf.getvalue(), encoding="utf-8")
    r = runner.invoke(cases_app, ["check", str(p)])
    assert r.exit_code == 0, r.output


def test_check_bundled_file_is_clean():
    p = Path(__file__).resolve().parents[2] / "data" / "cases.csv"
    r = runner.invoke(cases_app, ["check", str(p)])
    assert r.exit_code == 0, r.output


def test_bad_input_exits_non_zero_with_a_message_and_no_traceback(tmp_path: Path):
    binary = tmp_path / "bin.csv"
    binary.write_bytes(b"\xff\xfe\x00")
    cases = {
        "not utf-8": (["list", "--file", str(binary)], "not UTF-8"),
        "directory": (["check", str(tmp_path)], "cannot be read"),
        "unknown law": (["stats", "--law", "XYZ"], "DSL"),
    }
    for name, body in {"bad date": {"provision": "dsl-45-1-entity-base", "decision_date": "garbage"},
                       "party not an object": {"provision": "dsl-45-1-entity-base", "party": "x"},
                       "unknown context": {"provision": "dsl-45-1-entity-base", "context": {"foo": 1}}}.items():
        f = tmp_path / f"{name.replace(' ', '_')}.json"
        f.write_text(json.dumps(body), encoding="utf-8")
        cases[name] = (["similar", str(f)], {"bad date": "YYYY-MM-DD", "party not an object": "JSON object",
                                            "unknown context": "region"}[name])
    for name, (args, valid) in cases.items():
        r = runner.invoke(cases_app, args)
        assert r.exit_code == 2, (name, r.output, r.exception)
        assert r.exception is None or isinstance(r.exception, SystemExit), (name, r.exception)
        assert "error:" in r.output and valid in r.output, (name, r.output)
