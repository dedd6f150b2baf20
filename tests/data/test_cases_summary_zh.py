"""data/cases.csv: every decision has a Chinese summary (``summary_zh``), and a decision number
only where one was copied from a source (checked against the raw file, before the loader)."""

from __future__ import annotations

import re
from pathlib import Path

from penalty.cases.load import read_rows

CSV = Path(__file__).resolve().parents[2] / "data" / "cases.csv"
CJK = re.compile(r"[\u4e00-\u9fff]")


def test_every_row_has_a_chinese_summary() -> None:
    rows, header, _ = read_rows(CSV)
    assert "summary_zh" in header and len(rows) == 151
    missing = [r["case_id"] for r in rows if not (r.get("summary_zh") or "").strip()]
    assert missing == []
    not_chinese = [r["case_id"] for r in rows if not CJK.search(r["summary_zh"])]
    assert not_chinese == []
    # a rendering, not a copy of the English text
    copied = [r["case_id"] for r in rows if r["summary_zh"].strip() == r["violation_summary"].strip()]
    assert copied == []


def test_decision_numbers_are_only_those_stated_in_the_row() -> None:
    rows, header, _ = read_rows(CSV)
    assert "decision_number" in header
    for r in rows:
        number = (r.get("decision_number") or "").strip()
        if number:
            stated = " ".join((r["notes"], r["violation_summary"], r["party_name"]))
            assert number in stated, r["case_id"]
