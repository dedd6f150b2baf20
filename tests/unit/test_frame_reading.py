"""assess_frame reads text columns two ways: Arrow casts the whole column at once when every
cell is a plain ISO date or a plain amount; otherwise each distinct value is read on its own and
a bad one is explained. Both ways must read the same values."""

from __future__ import annotations

import pandas as pd
import pyarrow as pa
import pytest

import penalty

BASE = {"provision": "dsl-47-0-entity-base", "violation_date": "2025-09-01",
        "decision_date": "2025-12-01"}


def _frames(column: str, values: list) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """The same cells as Arrow strings (pandas' default), as Python objects and as
    ``ArrowDtype`` strings."""
    rows = [dict(BASE, **{column: v}) for v in values]
    arrow = pd.DataFrame(rows)
    assert str(arrow[column].dtype) == "str"
    objects = arrow.astype(dict.fromkeys(arrow.columns, object))
    arrow_dtype = arrow.astype({column: pd.ArrowDtype(pa.string())})
    return arrow, objects, arrow_dtype


@pytest.mark.parametrize("column", ["illegal_gain_cny", "turnover_cny"])
def test_plain_amounts_read_alike_both_ways(catalogue, column):
    values = ["0", "99.5", "99.50", "120000", "9999999999999.99", ".5", "5.", "+7", "1e3",
              "00012", None]
    arrow, objects, arrow_dtype = _frames(column, values)
    fast = penalty.assess_frame(arrow, catalogue)
    pd.testing.assert_frame_equal(fast, penalty.assess_frame(objects, catalogue))
    pd.testing.assert_frame_equal(fast, penalty.assess_frame(arrow_dtype, catalogue))
    assert fast["error"].isna().all()
    if column == "illegal_gain_cny":  # confiscated in full: the amount read, in fen
        assert list(fast["confiscation_fen"]) == [0, 9950, 9950, 12_000_000,
                                                  999_999_999_999_999, 50, 500, 700, 100_000,
                                                  1200, 0]


@pytest.mark.parametrize("bad, why", [
    ("-5", "zero or a positive number"), ("99.505", "two decimals"),
    ("10000000000000", "below"), ("1,000", None), (" 5", None), ("abc", "number of yuan")])
def test_one_bad_amount_is_explained_and_the_others_still_read(catalogue, bad, why):
    arrow, objects, _ = _frames("illegal_gain_cny", ["99.5", bad, "120000"])
    out = penalty.assess_frame(arrow, catalogue)
    pd.testing.assert_frame_equal(out, penalty.assess_frame(objects, catalogue))
    assert list(out["confiscation_fen"].iloc[[0, 2]]) == [9950, 12_000_000]
    if why is None:  # thousands separators and spaces are read, not refused
        assert out["error"].isna().all()
    else:
        assert out.loc[1, "error_field"] == "illegal_gain_cny"
        assert why in out.loc[1, "error"] and repr(bad) in out.loc[1, "error"]


@pytest.mark.parametrize("bad, why", [
    ("2e+-1", "number of yuan"), ("1e0xA", "number of yuan"), ("1.5e-40", "two decimals")])
def test_exponents_arrow_would_misread_are_refused_whatever_the_other_rows(catalogue, bad, why):
    """Arrow's decimal cast reads "2e+-1" as 0.2, "1e0xA" as 1e10 and rounds 1.5e-40 to 0;
    the value-by-value reading refuses them, alone in the column or not."""
    for values in ([bad, "99.50"], [bad]):
        arrow, objects, _ = _frames("illegal_gain_cny", values)
        out = penalty.assess_frame(arrow, catalogue)
        pd.testing.assert_frame_equal(out, penalty.assess_frame(objects, catalogue))
        assert out.loc[0, "error_field"] == "illegal_gain_cny" and why in out.loc[0, "error"]


def test_plain_exponents_still_read(catalogue):
    arrow, objects, _ = _frames("illegal_gain_cny", ["1e3", "2.5E2", "99.50"])
    out = penalty.assess_frame(arrow, catalogue)
    pd.testing.assert_frame_equal(out, penalty.assess_frame(objects, catalogue))
    assert list(out["confiscation_fen"]) == [100_000, 25_000, 9950]


def test_iso_dates_read_alike_both_ways(catalogue):
    values = ["2025-09-01", "2025-10-31", "2024-02-29", None]
    arrow, objects, arrow_dtype = _frames("violation_end_date", values)
    fast = penalty.assess_frame(arrow, catalogue)
    pd.testing.assert_frame_equal(fast, penalty.assess_frame(objects, catalogue))
    pd.testing.assert_frame_equal(fast, penalty.assess_frame(arrow_dtype, catalogue))
    # the date read shows in the limitation period: two years from the end of the act
    assert [str(d)[:10] for d in fast["limitation_expires"]][:2] == ["2027-09-01", "2027-10-31"]
    assert fast.loc[2, "error_field"] == "violation_end_date"  # before violation_date


@pytest.mark.parametrize("bad", ["2025-02-30", "2025/09/01", "01-09-2025", "soon"])
def test_a_bad_date_is_explained_and_the_others_still_read(catalogue, bad):
    arrow, objects, _ = _frames("discovery_date", ["2025-10-01", bad, "2025-11-01"])
    out = penalty.assess_frame(arrow, catalogue)
    pd.testing.assert_frame_equal(out, penalty.assess_frame(objects, catalogue))
    assert out["error"].isna().tolist() == [True, False, True]
    assert out.loc[1, "error_field"] == "discovery_date" and "ISO date" in out.loc[1, "error"]
