"""Formula-injection neutralising of user text (OWASP "CSV Injection")."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from penalty.export.safety import (
    is_dangerous,
    neutralise,
    neutralise_frame,
    neutralise_series,
)


@pytest.mark.parametrize("text", ["=1+1", "+SUM(A1)", "-2+3", "@SUM(1)", "\tx", "\rx", "\nx",
                                  "=cmd|' /C calc'!A0", "＝1+1"])
def test_formula_prefixes_get_an_apostrophe(text):
    assert is_dangerous(text)
    assert neutralise(text) == "'" + text
    assert not is_dangerous(neutralise(text))


@pytest.mark.parametrize("value", ["client A", "2025-09-01", "12345.67", "", "it's", 12, 1.5,
                                   None, True])
def test_harmless_values_are_unchanged(value):
    assert neutralise(value) == value or value is None


def test_series_and_frame():
    s = pd.Series(["a", "=x", None, "=x", "-1", "b"], name="label")
    out = neutralise_series(s)
    assert pd.isna(out.iloc[2])  # missing stays missing
    assert list(out.drop(index=2)) == ["a", "'=x", "'=x", "'-1", "b"]
    assert out.name == "label" and list(out.index) == list(s.index)
    df = pd.DataFrame({"label": ["@a", "ok"], "n": [1, 2]})
    res = neutralise_frame(df)
    assert list(res["label"]) == ["'@a", "ok"] and list(res["n"]) == [1, 2]
    assert list(df["label"]) == ["@a", "ok"]  # the input is not modified


# issue 13: control characters, the apostrophe itself, and reading values back
@pytest.mark.parametrize("text", ["\0=HYPERLINK(\"http://x\")", "\x01+1", "\u200b=1",
                                  " =1", "\ufeff@SUM(1)", "\x00\x00-2"])
def test_control_and_invisible_characters_do_not_hide_a_formula(text):
    out = neutralise(text)
    assert out.startswith("'"), repr(out)
    assert not any(ord(ch) < 32 and ch not in "\t\n\r" for ch in out)


def test_an_apostrophe_is_itself_escaped_so_values_stay_distinct():
    from penalty.export.safety import read_back
    assert neutralise("=x") != neutralise("'=x")
    for value in ["=x", "'=x", "''", "'", "+86 10 1234", "-5", "-abc", "plain", "it's"]:
        assert read_back(neutralise(value)) == value


def test_control_characters_become_the_replacement_character():
    assert neutralise("a\x00b\x1fc\x7f") == "a\ufffdb\ufffdc\ufffd"
    assert neutralise("tab\there\nline") == "tab\there\nline"


@settings(deadline=None)  # the first example also builds pandas' string machinery (0.2 s or more)
@given(st.lists(st.text(max_size=6) | st.sampled_from(["\u3000=1", "\xa0+1", "\u2028-x", "'",
                                                       "\x85a", "\ufffd@"]), max_size=30))
def test_the_vectorised_column_check_agrees_with_neutralise(values):
    """neutralise_series finds every value neutralise would change (Arrow's regex over the
    distinct values must not miss one Python's does)."""
    out = neutralise_series(pd.Series(values, dtype=object))
    assert list(out) == [neutralise(v) for v in values]
