"""One input grammar: ``penalty.assess`` (the ``Case`` model) and ``penalty.assess_frame`` (the
frame reader) accept the same spellings of every value, to the same result, and refuse the
others with the same words (issues 12 and 13)."""

from __future__ import annotations

import pandas as pd
from hypothesis import example, given

import penalty

from .strategies import FLAT_FIELD, SPELLINGS, respelled_cases
from .test_batch_equals_single import assert_row_matches

ALLOWED = " is not valid; "


def _allowed(message: str) -> str:
    """What a message says would be valid (the value itself is shown differently: a JSON
    value and a cell)."""
    return message.split(ALLOWED, 1)[1] if ALLOWED in message else message


@given(respelled_cases())
@example(({"provision": "dsl-48-1-entity-base", "violation_date": "2025-09-01",
           "decision_date": "2025-12-01", "illegal_gain_cny": "1,50"},
          {**penalty.case_to_row({"provision": "dsl-48-1-entity-base",
                                  "violation_date": "2025-09-01",
                                  "decision_date": "2025-12-01"}), "illegal_gain_cny": "1,50"},
          "illegal_gain_cny"))
def test_both_paths_accept_and_refuse_the_same_spellings(item):
    case, row, column = item
    out = penalty.assess_frame(pd.DataFrame([row], dtype=object)).iloc[0]
    try:
        penalty.assess(case)
    except penalty.InputError as e:
        assert isinstance(out["error"], str), f"batch accepted {row[column]!r}: {e}"
        if FLAT_FIELD.get(e.field, e.field) == column:
            assert out["error_field"] == column, out["error"]
            assert _allowed(out["error"]) == _allowed(str(e)), (out["error"], str(e))
        return
    assert_row_matches(out, case)


@given(respelled_cases())
def test_text_cells_read_as_the_json_values(item):
    """The same, with every cell as text, as a CSV gives them (Arrow strings)."""
    case, row, column = item
    text = {k: (None if v is None else str(v).lower() if isinstance(v, bool) else str(v))
            for k, v in row.items()}
    out = penalty.assess_frame(pd.DataFrame([text]).astype("str")).iloc[0]
    value = text[column]
    try:
        penalty.assess(_respelled(case, column, value))
    except penalty.InputError as e:
        assert isinstance(out["error"], str), f"batch accepted {value!r}: {e}"
        return
    assert pd.isna(out["error"]), out["error"]


def _respelled(case: dict, column: str, value) -> dict:
    path = SPELLINGS[column][1]
    if len(path) == 1:
        return {**case, path[0]: value}
    return {**case, path[0]: {**(case.get(path[0]) or {}), path[1]: value}}
