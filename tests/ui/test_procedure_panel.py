"""The Procedure panel on the Estimate page shows exactly what ``penalty.timeline`` returns, in
English and Chinese, and offers the deadlines as an iCalendar file (issue 14)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from icalendar import Calendar
from streamlit.testing.v1 import AppTest

import penalty
from app_pages.i18n import S

APP = str(Path(__file__).resolve().parents[2] / "streamlit_app.py")


@pytest.fixture
def at() -> AppTest:
    return AppTest.from_file(APP, default_timeout=90)


def deadline_table(at: AppTest):
    for df in at.dataframe:
        frame = df.value
        if "Citation" in frame.columns or "依据" in frame.columns:
            return frame
    raise AssertionError("no deadline table on the page")


def worked_example(at: AppTest) -> penalty.Timeline:
    at.run()
    at.date_input(key="proc_notice").set_value(dt.date(2026, 3, 2))
    at.date_input(key="proc_received").set_value(dt.date(2026, 4, 15))
    at.text_input(key="proc_fine").set_value("200000").run()
    assert not at.exception, [e.value for e in at.exception]
    return penalty.timeline(at.session_state["case"], notice_served="2026-03-02",
                            decision_received="2026-04-15", fine_cny=200000)


def test_panel_shows_the_library_timeline_in_english(at: AppTest):
    t = worked_example(at)
    table = deadline_table(at)
    assert list(table["Date"]) == [d.date.isoformat() for d in t.deadlines]
    assert "2026-03-09" in list(table["Date"]) and "2026-06-15" in list(table["Date"])
    for d, what, details, cite in zip(t.deadlines, table["What"], table["Details"],
                                      table["Citation"]):
        assert what == S[f"pc_{d.code}"][0] and d.en in details and cite == d.citation
    shown = "\n".join(m.value for m in at.markdown)
    assert "a hearing can be requested" in shown
    assert "CNY 6,000 per day from 2026-05-01, at most CNY 200,000 (reached on 2026-06-03)" \
        in shown
    keys = {e.key for e in at.get("download_button")}
    assert {"proc_dl_ics", "proc_dl_docx"} <= keys
    # the timeline chart: the panel's Vega-Lite spec, a bar from each event to its date
    charts = at.get("vega_lite_chart") or at.get("arrow_vega_lite_chart")
    spec = json.loads(charts[-1].proto.spec)
    assert [layer["mark"]["type"] for layer in spec["layer"]] == ["bar", "point"]
    # dates on the axis as numbers (no English month names in Chinese mode)
    assert spec["layer"][0]["encoding"]["x"] == {"field": "start", "type": "temporal",
                                                 "title": None, "axis": {"format": "%Y-%m"}}
    assert spec["layer"][0]["encoding"]["y"]["sort"] == [
        S[f"pc_{d.code}"][0] for d in t.deadlines
        if d.date <= dt.date(2026, 3, 2) + dt.timedelta(days=400)]


def test_panel_in_chinese(at: AppTest):
    t = worked_example(at)
    at.radio(key="lang").set_value("zh").run()
    assert not at.exception
    table = deadline_table(at)
    for d, what, details, cite in zip(t.deadlines, table["事项"], table["说明"], table["依据"]):
        assert what == S[f"pc_{d.code}"][1] and d.zh in details and cite == d.citation_zh
    shown = "\n".join(m.value for m in at.markdown)
    assert "可以要求听证" in shown and "自2026-05-01起每日加处6,000元" in shown


def test_panel_error_names_the_field(at: AppTest):
    at.run()
    at.date_input(key="proc_notice").set_value(dt.date(2026, 5, 1))
    at.date_input(key="proc_received").set_value(dt.date(2026, 4, 15)).run()
    assert not at.exception
    assert any("decision_received" in e.value and "notice_served (2026-05-01)" in e.value
               for e in at.error)


def test_panel_ics_matches_the_list():
    # the download's bytes come from penalty.procedure.ics.timeline_ics on the same timeline
    from penalty.procedure.ics import timeline_ics

    t = penalty.timeline({"provision": "dsl-45-1-entity-base", "violation_date": "2025-09-01",
                          "decision_date": "2026-04-15"}, decision_received="2026-04-15")
    events = list(Calendar.from_ical(timeline_ics(t, "zh")).walk("VEVENT"))
    assert [e.decoded("dtstart") for e in events] == [d.date for d in t.deadlines]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_credit_record_under_a_regime_without_classes_shows_no_id(at: AppTest, lang: str):
    # decided 2025-12-01: NDRC Order No. 58 (2023) governs, which has no classes; the line says
    # "penalty information" in words, never the regime's id
    at.query_params.update({"p": "dsl-45-1-entity-base", "vd": "2025-09-01", "de": "2025-12-01",
                            "lang": lang})
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    t = penalty.timeline(at.session_state["case"], decision_received="2025-12-01")
    assert t.credit is not None and t.credit.credit_class == "any"
    line = next(m.value for m in at.markdown if m.value.startswith(("**Credit", "**信用")))
    assert t.credit.regime not in line
    assert ("行政处罚信息公示：" if lang == "zh" else "Penalty information published: ") in line
    assert f"{t.credit.repair_from}" in line


def test_procedure_assumptions_cite_in_chinese(at: AppTest):
    at.query_params.update({"p": "dsl-45-1-entity-base", "vd": "2025-09-01", "de": "2025-12-01",
                            "lang": "zh"})
    at.run()
    t = penalty.timeline(at.session_state["case"], decision_received="2025-12-01")
    for n in t.assumptions:
        line = next(m.value for m in at.markdown if m.value.startswith(f"- {n.zh} — "))
        assert n.citation_zh and line.endswith(f"*{n.citation_zh}*"), line
