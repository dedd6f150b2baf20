"""One input grammar: ``penalty.assess`` (the ``Case`` model) and ``penalty.assess_frame`` (the
frame reader) accept the same spellings of every value, to the same result, and refuse the
others with the same words (issues 12 and 13)."""

from __future__ import annotations

import json

import pandas as pd
from hypothesis import example, given
from hypothesis import strategies as st

import penalty

from .strategies import CAT, FLAT_FIELD, KINDS, SPELLINGS, cases, respelled_cases
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


# Every code of the catalogue (given, derived, for either kind of party) and a few it does not
# know; lists from none up to three times the catalogue's size, repeats allowed.
_CODES = (*sorted(CAT.circumstances), "no_such_code", "Strong_Public_Reaction", " ",
          " strong_public_reaction ")


@st.composite
def _listed_circumstances(draw) -> tuple[dict, str]:
    kind = draw(st.sampled_from(KINDS))
    case = draw(cases(kind=kind, several=False))
    codes = draw(st.lists(st.sampled_from(_CODES), max_size=3 * len(CAT.circumstances)))
    case["circumstances"] = codes
    cell = json.dumps(codes) if draw(st.booleans()) else ";".join(codes)
    return case, cell


@given(_listed_circumstances())
@example(({"provision": "dsl-45-1-entity-base", "violation_date": "2025-09-01",
           "decision_date": "2025-12-01", "circumstances": sorted(CAT.circumstances) * 2},
          ";".join(sorted(CAT.circumstances) * 2)))
def test_both_paths_take_the_same_lists_of_circumstances(item):
    """However many codes are given (repeats count once), a list is accepted or refused alike,
    with the same words: the single path's list and the frame's cell (codes joined by ';' or a
    JSON list)."""
    case, cell = item
    try:
        row = penalty.case_to_row(case)
    except penalty.InputError:
        row = penalty.case_to_row({**case, "circumstances": []})
    row["circumstances"] = cell
    out = penalty.assess_frame(pd.DataFrame([row], dtype=object)).iloc[0]
    try:
        penalty.assess(case)
    except penalty.InputError as e:
        assert isinstance(out["error"], str), f"batch accepted {cell!r}: {e}"
        if e.field == "circumstances":
            assert out["error_field"] == "circumstances", out["error"]
            assert _allowed(out["error"]) == _allowed(str(e)), (out["error"], str(e))
        return
    assert_row_matches(out, case)
