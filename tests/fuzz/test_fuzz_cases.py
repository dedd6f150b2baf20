"""Hostile JSON cases and frames: ``penalty.assess``, ``assess_acts`` and ``assess_frame`` never
raise anything but ``InputError`` (the frame never raises at all), and keep every row."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
from hypothesis import given
from hypothesis import strategies as st
from property.strategies import cases

import penalty

from ._hostile import NASTY, json_values
from .conftest import FUZZ

FIELDS = ["provision", "provisions", "violation_date", "violation_end_date", "discovery_date",
          "decision_date", "party", "illegal_gain_cny", "turnover_cny", "procurement_amount_cny",
          "circumstances", "prior_penalties", "persons_count", "options", "label",
          "authority_level"]


@st.composite
def hostile_json(draw) -> str:
    case = json.loads(json.dumps(draw(cases()), default=str))
    for _ in range(draw(st.integers(1, 3))):
        case[draw(st.sampled_from(FIELDS))] = draw(json_values)
    text = json.dumps(case, default=str)
    trick = draw(st.sampled_from(["none", "deep", "bigint", "string", "list", "truncate"]))
    if trick == "deep":
        depth = draw(st.integers(10, 100_000))
        text = text[:-1] + ', "circumstances": ' + "[" * depth + "]" * depth + "}"
    elif trick == "bigint":
        text = text[:-1] + ', "persons_count": ' + "9" * draw(st.integers(20, 5000)) + "}"
    elif trick == "string":
        text = json.dumps(text)
    elif trick == "list":
        text = "[" + ",".join([text] * draw(st.integers(0, 3))) + "]"
    elif trick == "truncate":
        text = text[:draw(st.integers(0, len(text)))]
    return text


@FUZZ
@given(hostile_json())
def test_hostile_json_cases_raise_only_input_errors(text):
    try:
        data = penalty.read_case_json(text)
        if isinstance(data, list):
            penalty.assess_acts(data)
        else:
            penalty.assess(data)
    except penalty.InputError as e:
        assert str(e) and e.field
    # any other exception fails the test


hostile_objects = st.one_of(
    json_values, st.sampled_from(NASTY),
    st.sampled_from([float("nan"), float("inf"), np.int64(5), np.bool_(True), np.nan,
                     pd.Timestamp("2025-09-01", tz="Asia/Shanghai"), pd.NaT,
                     np.datetime64("2025-09-01"), b"bytes", ("a", "b")]))


@FUZZ
@given(st.lists(cases(several=False), min_size=1, max_size=5), st.data())
def test_hostile_frames_keep_every_row(batch, data):
    frame = pd.DataFrame([penalty.case_to_row(c) for c in batch]).astype(object)
    for _ in range(data.draw(st.integers(1, 4))):
        col = data.draw(st.sampled_from(list(frame.columns)))
        i = data.draw(st.integers(0, len(frame) - 1))
        frame.iat[i, frame.columns.get_loc(col)] = data.draw(hostile_objects)
    out = penalty.assess_frame(frame)
    assert len(out) == len(frame)
    assert list(out.index) == list(frame.index)
    for err in out["error"]:
        assert pd.isna(err) or (isinstance(err, str) and err)
