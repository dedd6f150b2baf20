"""assess_frame cuts large frames into slices assessed in threads: the result must not change."""

from __future__ import annotations

import pandas as pd

import penalty
from penalty import api


def test_parallel_slices_give_the_serial_result(monkeypatch, catalogue):
    rows = [
        {"provision": "dsl-45-1-entity-base", "violation_date": "2025-09-01",
         "decision_date": "2025-12-01", "circumstances": "repeat_offence_within_year"},
        {"provision": "pipl-66-2-entity-serious", "violation_date": "2025-09-01",
         "decision_date": "2025-12-01", "turnover_cny": "2000000000"},
        {"provision": "no-such-id", "violation_date": "2025-09-01", "decision_date": "2025-12-01"},
        {"provision": "csl2017-59-1-entity-refuse_or_harm;dsl-45-1-entity-base",
         "violation_date": "2025-06-01", "violation_end_date": "2026-02-01",
         "decision_date": "2026-04-01"},
        {"provision": "dsl-47-0-entity-base", "violation_date": "2025-09-01",
         "decision_date": "2025-12-01", "illegal_gain_cny": "250000.50",
         "party_kind": "individual", "party_age": 16},
    ]
    frame = pd.DataFrame(rows * 7, index=[f"r{i}" for i in range(35)])
    monkeypatch.setenv("PENALTY_THREADS", "1")
    serial = penalty.assess_frame(frame, catalogue)
    monkeypatch.setattr(api, "PARALLEL_MIN_ROWS", 10)
    monkeypatch.setenv("PENALTY_THREADS", "3")
    parallel = penalty.assess_frame(frame, catalogue)
    assert len(parallel) == len(frame)
    assert list(parallel.index) == list(frame.index)
    pd.testing.assert_frame_equal(parallel, serial)
    assert parallel.loc["r2", "error_field"] == "provision"
    assert parallel.loc["r3", "absorbed"] == "dsl-45-1-entity-base"


def test_output_columns_do_not_share_memory(catalogue):
    """Editing one result column must not change another (several bounds are equal, e.g. every
    closed band's 0, and must still be separate arrays)."""
    frame = pd.DataFrame([{"provision": "dsl-45-1-entity-base", "violation_date": "2025-09-01",
                           "decision_date": "2025-12-01", "circumstances": "no_subjective_fault"}])
    out = penalty.assess_frame(frame, catalogue)
    before = out.copy()
    out.loc[0, "no_penalty_low_fen"] = 123
    out.loc[0, "fine_low_fen"] = 456
    changed = [c for c in out.columns if not out[c].equals(before[c])]
    assert sorted(changed) == ["fine_low_fen", "no_penalty_low_fen"]
