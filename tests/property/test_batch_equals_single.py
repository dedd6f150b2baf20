"""``assess_frame`` runs the same rules as ``assess``: row for row the same results, the same
errors on the same fields, every row returned, and the row order does not matter."""

from __future__ import annotations

import pandas as pd
from hypothesis import example, given
from hypothesis import strategies as st

import penalty
from penalty.models import BAND_ORDER

from ._helpers import fen, frame_of, rng
from .strategies import FLAT_FIELD, broken_cases, cases


def _nullable(v) -> int | None:
    return None if pd.isna(v) else int(v)


def _pair(row: pd.Series, lo: str, hi: str) -> tuple[int, int] | None:
    pair = (_nullable(row[lo]), _nullable(row[hi]))
    assert (pair[0] is None) == (pair[1] is None), (lo, hi, pair)
    return None if pair[0] is None else pair


def assert_row_matches(row: pd.Series, case: dict) -> None:
    """The frame row holds what ``assess`` returns for the case (or the same error field)."""
    try:
        a = penalty.assess(case)
    except penalty.InputError as e:
        assert isinstance(row["error"], str) and row["error"], "batch accepted a refused case"
        assert row["error_field"] == FLAT_FIELD.get(e.field, e.field), (row["error"], str(e))
        assert row["assumptions"] == "", "a refused row rests on no assumption"
        return
    assert pd.isna(row["error"]), row["error"]
    assert row["band"] == a.band or (a.band is None and pd.isna(row["band"]))
    assert row["bands"] == ";".join(a.bands)
    assert row["provision_applied"] == a.provision_applied
    assert row["absorbed"] == ";".join(a.absorbed)
    assert bool(row["fine_optional"]) == a.fine_optional
    assert _pair(row, "statutory_low_fen", "statutory_high_fen") == rng(a.statutory)
    assert _pair(row, "fine_low_fen", "fine_high_fen") == rng(a.fine)
    assert _pair(row, "float_fine_low_fen", "float_fine_high_fen") == rng(a.float_fine)
    for b in BAND_ORDER:
        assert _pair(row, f"{b}_low_fen", f"{b}_high_fen") == rng(a.ranges.get(b)), b
    persons = a.responsible_persons
    assert len(persons) <= 1
    if persons:
        p = persons[0]
        assert row["persons_provision"] == p.provision
        assert _nullable(row["persons_count"]) == p.count
        assert _pair(row, "persons_fine_low_fen", "persons_fine_high_fen") == rng(p.fine)
    else:
        assert pd.isna(row["persons_provision"])
    assert _nullable(row["confiscation_fen"]) == fen(a.confiscation_cny)
    assert _pair(row, "total_low_fen", "total_high_fen") == rng(a.total_exposure)
    assert row["limitation_status"] == a.limitation.status
    assert bool(row["benchmark_applies"]) == a.benchmark_applies
    # referral resolved under APL Art. 37, who decides and who may be fined (issue 9)
    referred = row["provision_referred"]
    assert (None if pd.isna(referred) else referred) == a.law_versions.referred_to
    codes = {r.code for r in a.reasons}
    for flag in ("enforcer_not_cac", "persons_in_charge_only", "provincial_level_only"):
        assert bool(row[flag]) == (flag in codes), flag
    # observed practice: the same likely range, mapped with the same arithmetic
    assert _pair(row, "likely_low_fen", "likely_high_fen") == rng(a.likely)
    assert _nullable(row["likely_n"]) == (a.likely.n if a.likely else None)
    # the assumptions, in order, and the receipt (README: every result carries both)
    assert row["assumptions"] == ";".join(x.id for x in a.assumptions)
    assert row["engine_version"] == a.receipt.engine_version
    assert row["data_sha256"] == a.receipt.data_sha256


_ONE = {"provision": "dsl-45-1-entity-base", "violation_date": "2025-09-01",
        "violation_end_date": None, "discovery_date": None, "decision_date": "2025-12-01",
        "party": {"kind": "organisation"}, "illegal_gain_cny": None, "turnover_cny": None,
        "procurement_amount_cny": None, "circumstances": [], "prior_penalties": [],
        "persons_count": 1, "options": {}}


@given(st.lists(cases(), min_size=1, max_size=8), st.booleans())
@example([_ONE], False)
@example([_ONE | {"violation_end_date": "2025-10-01", "illegal_gain_cny": "12.34"}], True)
def test_frame_equals_single_row_for_row(batch, datetime_dates):
    out = penalty.assess_frame(frame_of(batch, datetime_dates))
    assert len(out) == len(batch)
    for i, case in enumerate(batch):
        assert_row_matches(out.iloc[i], case)


@given(st.lists(cases(), min_size=2, max_size=10), st.randoms(use_true_random=False))
def test_row_order_does_not_matter(batch, rnd):
    frame = frame_of(batch)
    frame.index = [f"r{i}" for i in range(len(frame))]
    order = list(frame.index)
    rnd.shuffle(order)
    straight = penalty.assess_frame(frame)
    shuffled = penalty.assess_frame(frame.loc[order])
    assert list(shuffled.index) == order  # results follow the rows, index kept
    pd.testing.assert_frame_equal(shuffled.loc[list(frame.index)], straight)


@given(st.lists(st.one_of(cases().map(lambda c: (c, None, None)), broken_cases()),
                min_size=1, max_size=10))
def test_mixed_batch_returns_every_row(items):
    batch = [c for c, _, _ in items]
    out = penalty.assess_frame(frame_of(batch))
    assert len(out) == len(batch)
    for i, (case, field, name) in enumerate(items):
        row = out.iloc[i]
        if field is not None:
            assert row["error_field"] == field, (name, row["error"])
        assert_row_matches(row, case)


def test_all_empty_optional_date_column():
    """Regression: an optional date column that is empty in every row (as ``case_to_row`` gives
    for cases without end or discovery dates) once crashed the batch path."""
    row = penalty.case_to_row(_ONE)
    out = penalty.assess_frame(pd.DataFrame([row]))
    assert out.loc[0, "band"] == "standard"
