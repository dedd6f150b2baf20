"""`penalty timeline` (JSON shape, table, errors) and the iCalendar export parsed back."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from icalendar import Calendar
from typer.testing import CliRunner

import penalty
from penalty.cli import app
from penalty.procedure.ics import timeline_ics

runner = CliRunner()
CASE = {"provision": "dsl-45-1-entity-base", "violation_date": "2025-09-01",
        "decision_date": "2026-04-15", "party": {"kind": "organisation"},
        "label": "Example Co."}
WORKED = ["--notice-served", "2026-03-02", "--decision-received", "2026-04-15"]


@pytest.fixture
def case_file(tmp_path: Path) -> Path:
    f = tmp_path / "case.json"
    f.write_text(json.dumps(CASE), encoding="utf-8")
    return f


def test_cli_json_shape_and_worked_example(case_file: Path):
    r = runner.invoke(app, ["timeline", str(case_file), *WORKED, "--fine", "200000", "--json"])
    assert r.exit_code == 0, r.output
    out = json.loads(r.stdout)
    assert {"deadlines", "hearing_eligible", "surcharge"} <= set(out)
    by = {d["code"]: d for d in out["deadlines"]}
    assert {"hearing_request", "payment", "reconsideration", "lawsuit"} <= set(by)
    for d in out["deadlines"]:
        assert {"code", "date", "citation", "en", "zh"} <= set(d)
    assert {c: by[c]["date"] for c in ("hearing_request", "payment", "reconsideration",
                                       "lawsuit")} == {
        "hearing_request": "2026-03-09", "payment": "2026-04-30",
        "reconsideration": "2026-06-15", "lawsuit": "2026-10-15"}
    assert out["hearing_eligible"] is True
    assert out["surcharge"]["per_day_cny"] == "6000.00"
    assert out["surcharge"]["cap_cny"] == "200000.00"
    assert out["surcharge"]["cap_reached_on"] == "2026-06-03"
    assert out["calendar"]["years_counted_officially"] == [2026]


def test_cli_without_fine_uses_the_range_and_says_depends_as_a_string(case_file: Path,
                                                                      tmp_path: Path):
    f = tmp_path / "mild.json"
    f.write_text(json.dumps({**CASE, "circumstances": ["eliminated_or_reduced_harm"]}), "utf-8")
    r = runner.invoke(app, ["timeline", str(f), *WORKED, "--json"])
    assert r.exit_code == 0, r.output
    out = json.loads(r.stdout)
    assert out["hearing_eligible"] == "depends"
    assert out["fine"] == {"low_cny": "0.00", "high_cny": "185000.00",
                          "high_exclusive": False}
    assert out["surcharge"]["per_day_high_cny"] == "5550.00"


def test_cli_table_in_both_languages(case_file: Path):
    r = runner.invoke(app, ["timeline", str(case_file), *WORKED, "--fine", "200000"])
    assert r.exit_code == 0, r.output
    assert "2026-06-15" in r.stdout and "reconsideration" in r.stdout
    # amounts written as everywhere else (penalty.money, with fen): thousands separated
    assert "Surcharge: CNY 6,000.00 per day, capped at CNY 200,000.00" in r.stdout.replace("\n", " ")
    r = runner.invoke(app, ["timeline", str(case_file), *WORKED, "--lang", "zh"])
    assert r.exit_code == 0 and "日期" in r.stdout and "依据" in r.stdout
    # the expected range CNY 185,000 to 365,000: 3 % a day of its low end, capped at that fine,
    # and per day at its high end (365,000 x 3 % = 10,950)
    out = r.stdout.replace("\n", "")  # the console wraps long lines
    assert "加处罚款：每日5,550.00元，上限185,000.00元" in out and "（罚款上限时每日10,950.00元）" in out


@pytest.mark.parametrize("args, message", [
    (["--notice-served", "2026-03-02", "--decision-received", "2026-03-01"],
     "--decision-received: '2026-03-01' is not valid; must be on or after notice_served"),
    (["--decision-received", "2026-04-15", "--fine", "abc"], "--fine: 'abc' is not valid"),
    (["--decision-received", "April"], "--decision-received: 'April' is not valid; an ISO date"),
    ([], "give at least one of"),
    (["--decision-received", "2026-04-15", "--province", "Guangdong"], "--province:"),
])
def test_cli_errors_name_the_option(case_file: Path, args, message):
    r = runner.invoke(app, ["timeline", str(case_file), *args])
    assert r.exit_code == 2
    assert message in r.stderr
    assert "Traceback" not in r.output


def test_cli_writes_ics(case_file: Path, tmp_path: Path):
    out = tmp_path / "deadlines.ics"
    r = runner.invoke(app, ["timeline", str(case_file), *WORKED, "--fine", "200000",
                            "--ics", str(out)])
    assert r.exit_code == 0, r.output
    cal = Calendar.from_ical(out.read_bytes())
    events = list(cal.walk("VEVENT"))
    starts = {str(e["categories"].cats[0]): e.decoded("dtstart") for e in events}
    assert starts["payment"] == dt.date(2026, 4, 30)
    assert "Example Co." in str(cal["x-wr-calname"])


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_ics_parses_back_to_the_same_deadlines(lang: str):
    t = penalty.timeline(CASE, notice_served="2026-03-02", decision_received="2026-04-15",
                         fine_cny=200000)
    data = timeline_ics(t, lang, stamp=dt.datetime(2026, 3, 1, tzinfo=dt.UTC))
    cal = Calendar.from_ical(data)
    assert str(cal["version"]) == "2.0" and cal["prodid"]
    events = list(cal.walk("VEVENT"))
    assert len(events) == len(t.deadlines)
    for e, d in zip(events, t.deadlines):
        assert e.decoded("dtstart") == d.date
        assert e.decoded("dtend") == d.date + dt.timedelta(days=1)
        desc = str(e["description"])
        assert d.en in desc and d.zh in desc
        assert (d.citation_zh if lang == "zh" else d.citation) in desc
        assert bool(list(e.walk("VALARM"))) is (d.kind == "deadline")
    summary = str(events[[d.code for d in t.deadlines].index("hearing_request")]["summary"])
    assert ("要求听证" in summary) if lang == "zh" else ("Request a hearing" in summary)
    uids = [str(e["uid"]) for e in events]
    assert len(set(uids)) == len(uids)
    # the same inputs give the same UIDs (a re-import updates instead of duplicating)
    again = Calendar.from_ical(timeline_ics(t, lang))
    assert [str(e["uid"]) for e in again.walk("VEVENT")] == uids


def test_ics_rolled_deadline_says_so():
    t = penalty.timeline(CASE, decision_received="2026-04-15", fine_cny=200000)
    cal = Calendar.from_ical(timeline_ics(t, "en"))
    e = next(e for e in cal.walk("VEVENT") if str(e["categories"].cats[0]) == "reconsideration")
    assert "2026-06-14, a rest day" in str(e["description"])
