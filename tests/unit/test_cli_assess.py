"""The command line contract: `penalty assess`, `provisions`, `schema` (issue 2, "The contract")."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner
from unit_helpers import case

from penalty.cli import app

runner = CliRunner()


def run(*args: str, input: str | None = None):
    return runner.invoke(app, list(args), input=input)


def test_assess_file(tmp_path):
    f = tmp_path / "case.json"
    f.write_text(json.dumps(case("dsl-48-1-entity-base")), encoding="utf-8")
    r = run("assess", str(f))
    assert r.exit_code == 0, r.output
    out = json.loads(r.stdout)
    assert out["band"] == "standard"
    assert out["bands"] == ["standard"]
    # money is a string of yuan with two decimals: 185,000 to 365,000 (see test_fine_bases)
    assert out["fine"] == {"low_cny": "185000.00", "high_cny": "365000.00", "high_exclusive": False}
    assert out["statutory"] == {"low_cny": "50000.00", "high_cny": "500000.00", "high_exclusive": False}
    assert out["provision_applied"] == "dsl-48-1-entity-base"
    for key in ("ranges", "float_fine", "law_versions", "limitation", "responsible_persons",
                "confiscation_cny", "reasons", "assumptions", "receipt"):
        assert key in out


def test_assess_stdin():
    r = run("assess", "-", input=json.dumps(case("dsl-48-1-entity-base",
                                                 circumstances=["retaliation"])))
    assert r.exit_code == 0, r.output
    out = json.loads(r.stdout)
    assert out["band"] == "aggravated"
    assert out["fine"] == {"low_cny": "365000.00", "high_cny": "500000.00", "high_exclusive": False}


def test_assess_list_is_separate_acts():
    acts = [case("dsl-48-1-entity-base"), case("pipl-66-1-entity-refuse_rectify")]
    r = run("assess", "-", input=json.dumps(acts))
    assert r.exit_code == 0, r.output
    out = json.loads(r.stdout)
    assert len(out["acts"]) == 2
    assert out["total_fine"] == {"low_cny": "485000.00", "high_cny": "1065000.00", "high_exclusive": False}


@pytest.mark.parametrize("payload, fragment", [
    (json.dumps(case("dsl-48-1-entity-bse")), "close matches: dsl-48-1-entity-base"),
    (json.dumps(case("dsl-48-1-entity-base", illegal_gain_cny="-1")), "illegal_gain_cny"),
    ("{not json", "not valid JSON"),
])
def test_assess_bad_input_exits_non_zero_without_traceback(payload, fragment):
    r = run("assess", "-", input=payload)
    assert r.exit_code != 0
    assert r.exception is None or isinstance(r.exception, SystemExit)
    assert "Traceback" not in r.output
    assert fragment in r.stderr
    assert r.stderr.startswith("error: ")
    assert r.stdout == ""


def test_assess_missing_file(tmp_path):
    r = run("assess", str(tmp_path / "nope.json"))
    assert r.exit_code != 0
    assert "cannot be read" in r.stderr and "Traceback" not in r.output


def test_provisions_on_date_and_law_json(catalogue):
    r = run("provisions", "--on", "2026-03-01", "--law", "CSL", "--json")
    assert r.exit_code == 0, r.output
    rows = json.loads(r.stdout)
    assert rows, "no CSL provision in force on 2026-03-01"
    assert all(x["id"].startswith("csl2026-") for x in rows)
    assert {x["law"] for x in rows} == {"CSL"}
    expected = {p.id for p in catalogue.provisions.values()
                if p.law == "CSL" and p.law_version == "2026"}
    assert {x["id"] for x in rows} == expected
    row = next(x for x in rows if x["id"] == "csl2026-61-1-entity-refuse_or_harm")
    for key in ("article", "paragraph", "tier", "liable", "effective_from", "effective_to",
                "fine"):
        assert key in row
    assert row["article"] == 61 and row["paragraph"] == 1
    assert row["effective_from"] == "2026-01-01" and row["effective_to"] is None
    assert row["fine"]["basis"] == "fixed"


def test_provisions_2025_only_the_2017_csl():
    r = run("provisions", "--on", "2025-03-01", "--law", "csl", "--json")
    assert r.exit_code == 0, r.output
    assert all(x["id"].startswith("csl2017-") for x in json.loads(r.stdout))


def test_provisions_table_output():
    r = run("provisions", "--law", "DSL")
    assert r.exit_code == 0, r.output
    assert "dsl-45-1" in r.stdout


@pytest.mark.parametrize("args, fragment", [
    (["provisions", "--law", "XYZ", "--json"], "known:"),
    (["provisions", "--on", "March", "--json"], "ISO date"),
])
def test_provisions_bad_options(args, fragment):
    r = run(*args)
    assert r.exit_code != 0
    assert fragment in r.stderr and "Traceback" not in r.output


def test_schema():
    r = run("schema")
    assert r.exit_code == 0, r.output
    schemas = json.loads(r.stdout)
    assert {"case", "assessment"} <= set(schemas)
    assert "provision" in schemas["case"]["properties"]
    assert "band" in schemas["assessment"]["properties"]
    one = run("schema", "case")
    assert one.exit_code == 0 and "decision_date" in json.loads(one.stdout)["properties"]
    bad = run("schema", "nothing")
    assert bad.exit_code != 0 and "choose" in bad.stderr


def test_real_process_exit_code_and_no_traceback():
    # the installed entry point (python -m penalty == the `penalty` script), in a subprocess
    import subprocess
    import sys

    bad = json.dumps(case("x"))
    p = subprocess.run([sys.executable, "-m", "penalty", "assess", "-"], input=bad,
                       capture_output=True, text=True, timeout=60, check=False)
    assert p.returncode == 2
    assert p.stderr.startswith("error: provision: 'x' is not valid")
    assert "Traceback" not in p.stderr and p.stdout == ""
