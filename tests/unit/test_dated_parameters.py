"""Dated parameters (data/benchmark.yaml ``values: {first day: value}``): one lookup by date,
an explicit answer before the first day, and rules that honour a later value.

The later values below are hypothetical: a copy of data/ in ``tmp_path`` gets one more date, and
rows decided (or acts ended) from that date must use it while earlier rows keep today's value.
"""

from __future__ import annotations

import datetime as dt
import shutil
from decimal import Decimal
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import penalty
from penalty.catalogue import Catalogue
from penalty.errors import NotInForce

DSL48 = "dsl-48-1-entity-base"  # "shall" fine 50,000 - 500,000 (span 450,000)
CSL66_PERSON = "csl2026-66-1-individual-base"  # individual, "may" fine 50,000 - 500,000


def days(*s: str) -> np.ndarray:
    return np.array(s, dtype="datetime64[D]")


# ------------------------------------------------------------------ the lookup itself
def test_every_value_of_the_benchmark_file_is_a_named_parameter(catalogue):
    assert sorted(catalogue.parameters) == [
        "apl.first_violation_no_penalty", "apl.limitation_years", "apl.limitation_years_serious",
        "apl.minor_age_below", "apl.no_fault_defence", "apl.no_liability_age_below", "apl.texts",
        "repeat_offence.min_prior_penalties", "repeat_offence.window_months",
        "split.aggravated_lower_pct", "split.float_pp", "split.lenient_upper_pct"]
    for p in catalogue.parameters.values():
        assert p.citation and p.citation_zh, p.name


def test_the_value_of_a_day_is_that_of_the_latest_key_on_or_before_it(catalogue):
    serious = catalogue.param("apl.limitation_years_serious")  # {1996-10-01: 2, 2021-07-15: 5}
    assert serious.at(dt.date(1996, 10, 1)) == 2
    assert serious.at(dt.date(2021, 7, 14)) == 2
    assert serious.at(dt.date(2021, 7, 15)) == 5
    assert serious.over(days("2000-01-01", "2021-07-14", "2021-07-15", "2099-12-31")).tolist() \
        == [2, 2, 5, 5]
    assert catalogue.param("split.lenient_upper_pct").at(dt.date(2025, 8, 1)) == 30
    assert catalogue.param("repeat_offence.window_months").at(dt.date(2030, 1, 1)) == 12


def test_a_day_before_the_first_key_is_an_error_unless_the_caller_answers(catalogue):
    lenient = catalogue.param("split.lenient_upper_pct")  # from 2025-08-01
    with pytest.raises(NotInForce) as exc:
        lenient.at(dt.date(2025, 7, 31))
    assert "split.lenient_upper_pct" in str(exc.value) and "2025-07-31" in str(exc.value)
    assert "2025-08-01" in str(exc.value)
    with pytest.raises(NotInForce, match="no date"):
        lenient.over(days("2025-09-01", "NaT"))
    assert lenient.over(days("2025-07-31", "NaT", "2025-08-01"), not_in_force=-1).tolist() \
        == [-1, -1, 30]
    assert lenient.in_force(days("2025-07-31", "NaT", "2025-08-01")).tolist() \
        == [False, False, True]


def test_flags_keep_their_type_and_say_from_when_they_hold(catalogue):
    flag = catalogue.param("apl.no_fault_defence")
    out = flag.over(days("2021-07-14", "2021-07-15"))
    assert out.dtype == bool and out.tolist() == [False, True]
    assert flag.first_day_of(True) == dt.date(2021, 7, 15)
    assert flag.first_day_of(False) == dt.date(1996, 10, 1)


def test_the_apl_text_of_a_day_and_none_before_the_first(catalogue):
    """The APL's texts are a dated parameter like the others: one lookup by date."""
    texts = catalogue.param("apl.texts")
    assert texts.first_day_of(texts.at(dt.date(2021, 7, 14))) == dt.date(1996, 10, 1)
    assert texts.first_day_of(texts.at(dt.date(2021, 7, 15))) == dt.date(2021, 7, 15)
    assert texts.at(dt.date(2021, 7, 15)).label_zh == "《行政处罚法》（2021年修订）"
    assert texts.latest == (catalogue.apl.effective_from, texts.at(catalogue.apl.effective_from))
    with pytest.raises(NotInForce, match="apl.texts: not in force on 1996-09-30"):
        texts.at(dt.date(1996, 9, 30))
    # a record per date, never unpacked into an array of its fields
    assert texts.values.shape == (2,) and texts.values.dtype == object


def test_an_unknown_parameter_name_suggests_the_close_ones(catalogue):
    with pytest.raises(KeyError, match="split.float_pp"):
        catalogue.param("split.float")


def test_split_before_the_provision_is_its_first_values_for_comparison(catalogue):
    # assumption benchmark_not_in_force: a decision before 2025-08-01 is compared with them
    assert catalogue.split_over(days("2024-01-01", "2025-12-01")) == (30, 70, 10)
    sp = catalogue.split_on(dt.date(2024, 1, 1))
    assert (sp.lenient_upper_pct, sp.aggravated_lower_pct, sp.float_pp) == (30, 70, 10)
    assert sp.provision_from == catalogue.benchmark_from == dt.date(2025, 8, 1)


# ------------------------------------------------------------------ a later value is honoured
def with_later_values(data_dir: Path, tmp_path: Path, edits: dict[str, str]) -> Catalogue:
    root = tmp_path / "data"
    shutil.copytree(data_dir, root)
    path = root / "benchmark.yaml"
    text = path.read_text(encoding="utf-8")
    for find, put in edits.items():
        assert text.count(find) == 1, f"benchmark.yaml changed: {find!r}"
        text = text.replace(find, put)
    path.write_text(text, encoding="utf-8")
    return Catalogue(root)


LATER_SPLIT = {  # hypothetical: from 2027-01-01 the lenient band ends at 20 %
    "  lenient_upper_pct:\n    values: {2025-08-01: 30}":
        "  lenient_upper_pct:\n    values: {2025-08-01: 30, 2027-01-01: 20}"}


def dsl48(decided: str) -> dict:
    return {"provision": DSL48, "violation_date": "2026-06-01", "decision_date": decided,
            "party": {"kind": "organisation"}}


def test_rows_decided_after_a_later_split_value_get_it(data_dir, tmp_path):
    cat = with_later_values(data_dir, tmp_path, LATER_SPLIT)
    before, after = dsl48("2026-12-31"), dsl48("2027-01-01")
    # standard: 50,000 + 450,000 x 30 % = 185,000 (20 %: 140,000) up to 50,000 + 450,000 x 70 %
    # = 365,000; its floated low moves 10 points down: 140,000 (20 %: 95,000).
    a, b = penalty.assess(before, cat), penalty.assess(after, cat)
    assert (a.band, b.band) == ("standard", "standard")
    assert (a.ranges["standard"].low_cny, a.ranges["standard"].high_cny) == \
        (Decimal("185000.00"), Decimal("365000.00"))
    assert (b.ranges["standard"].low_cny, b.ranges["standard"].high_cny) == \
        (Decimal("140000.00"), Decimal("365000.00"))
    assert b.float_ranges["standard"].low_cny == Decimal("95000.00")
    assert [p.pct for p in b.split_points] == [10, 20, 30, 60, 70, 80]
    # One batch holding both dates takes the per-row path and agrees with the single path.
    frame = pd.DataFrame([{"provision": DSL48, "violation_date": "2026-06-01",
                           "decision_date": d, "party_kind": "organisation"}
                          for d in ("2026-12-31", "2027-01-01", "2027-06-01")])
    out = penalty.assess_frame(frame, cat)
    assert out["standard_low_fen"].tolist() == [18_500_000, 14_000_000, 14_000_000]
    assert out["float_fine_low_fen"].tolist() == [14_000_000, 9_500_000, 9_500_000]
    assert out["fine_high_fen"].tolist() == [36_500_000] * 3


def test_the_real_catalogue_keeps_one_split_for_those_dates(catalogue):
    b = penalty.assess(dsl48("2027-01-01"), catalogue)
    assert b.ranges["standard"].low_cny == Decimal("185000.00")


def test_acts_ending_after_a_later_limitation_value_get_it(data_dir, tmp_path):
    cat = with_later_values(data_dir, tmp_path, {  # hypothetical: three years from 2027-01-01
        "  limitation_years:\n    # 1996 text Art. 29 and 2021 text Art. 36(1): two years (unless "
        "a law provides otherwise).\n    values: {1996-10-01: 2}":
        "  limitation_years:\n    values: {1996-10-01: 2, 2027-01-01: 3}"})
    old = {**dsl48("2029-06-01"), "violation_date": "2026-12-01", "discovery_date": "2029-01-15"}
    new = {**dsl48("2029-06-01"), "violation_date": "2027-02-01", "discovery_date": "2029-06-01"}
    a, b = penalty.assess(old, cat), penalty.assess(new, cat)
    assert (a.limitation.period_years, a.limitation.status) == (2, "expired")  # ended 2026-12-01
    assert (b.limitation.period_years, b.limitation.status) == (3, "within")  # until 2030-02-01
    assert b.limitation.expires_on == dt.date(2030, 2, 1)


def test_acts_ending_after_a_later_age_value_get_it(data_dir, tmp_path):
    cat = with_later_values(data_dir, tmp_path, {  # hypothetical: minors only below 17
        "    values: {1996-10-01: 18}": "    values: {1996-10-01: 18, 2027-01-01: 17}"})

    def minor(end: str) -> bool:
        a = penalty.assess({"provision": CSL66_PERSON, "violation_date": end,
                            "decision_date": "2027-06-01",
                            "party": {"kind": "individual", "age": 17}}, cat)
        return "age_14_to_17" in {r.code for r in a.reasons}

    assert minor("2026-12-31") and not minor("2027-01-01")


def test_decisions_after_a_later_repeat_window_get_it(data_dir, tmp_path):
    cat = with_later_values(data_dir, tmp_path, {  # hypothetical: six months from 2027-01-01
        "    values: {2025-08-01: 12}": "    values: {2025-08-01: 12, 2027-01-01: 6}"})
    # two same-kind CAC penalties 9 and 4 months before the act ended on 2026-12-01: both inside
    # a twelve-month window, one inside a six-month one (the window runs back from the end)
    prior = [{"decided_on": d, "same_kind": True, "by_cac": True}
             for d in ("2026-03-01", "2026-08-01")]

    def decided(day: str) -> penalty.Assessment:
        return penalty.assess({**dsl48(day), "violation_date": "2026-11-01",
                               "violation_end_date": "2026-12-01", "prior_penalties": prior}, cat)

    early, late = decided("2026-12-15"), decided("2027-03-01")
    assert early.band == "aggravated"  # repeat offence (Provision Art. 9(5)), window 12 months
    assert late.band == "standard"
    short = next(r for r in late.reasons if r.code == "repeat_offence_short")
    assert "1 of the 2 required" in short.en and "within 6 months" in short.en


# ------------------------------------------------------------------ load-time checks
@pytest.mark.parametrize("edit,expect", [
    ({"values: {1996-10-01: 2, 2021-07-15: 5}": "values: {2021-07-15: 5, 1996-10-01: 2}"},
     ["apl.limitation_years_serious", "ascending order"]),
    ({"values: {2025-08-01: 10}": "values: {2025-08-01: ten}"},
     ["split.float_pp", "2025-08-01", "integer"]),
    ({"values: {2025-08-01: 10}": "values: {2025-08-01: true}"},
     ["split.float_pp", "integer"]),
    ({"values: {2025-08-01: 10}": "values: {'2025-08-01': 10}"}, ["split.float_pp", "date"]),
    ({"values: {2025-08-01: 10}": "values: {}"}, ["split.float_pp", "at least one date"]),
    ({"values: {2025-08-01: 10}": "values: {2025-08-01: 10, 2027-01-01: 35}"},
     ["split", "on 2027-01-01", "float_pp (35)"]),
    ({"values: {2025-08-01: 70}": "values: {2025-08-01: 70, 2026-01-01: 25}"},
     ["split", "on 2026-01-01", "must be below aggravated_lower_pct (25)"]),
    ({"values: {2025-08-01: 12}": "values: {2025-09-01: 12}"},
     ["repeat_offence.window_months", "Provision's effective_from (2025-08-01)"]),
    ({"values: {1996-10-01: 14}": "values: {2020-01-01: 14}"},
     ["apl.no_liability_age_below", "oldest provision"]),
    ({"values: {1996-10-01: false, 2021-07-15: true}\n    citation: APL 2021 text Art. 33(2)":
      "values: {1996-10-01: 0, 2021-07-15: 1}\n    citation: APL 2021 text Art. 33(2)"},
     ["apl.no_fault_defence", "boolean"]),
    # the APL's own texts: the last is the one in force, from the APL's effective_from
    ({"      2021-07-15:\n        label_en: APL 2021 revision":
      "      2021-07-16:\n        label_en: APL 2021 revision"},
     ["apl", "texts.values: the last text must be the one in force", "2021-07-15", "2021-07-16"]),
    ({"      1996-10-01:\n        label_en": "      2020-01-01:\n        label_en"},
     ["apl.texts", "oldest provision"]),
    ({"        label_zh: 《行政处罚法》（2021年修订）\n": ""}, ["apl.texts", "label_zh"]),
])
def test_broken_parameters_are_refused_naming_file_parameter_and_problem(
        data_dir, tmp_path, edit, expect):
    with pytest.raises(penalty.DataError) as exc:
        with_later_values(data_dir, tmp_path, edit)
    message = str(exc.value)
    assert "benchmark.yaml" in message
    missing = [e for e in expect if e not in message]
    assert missing == [], message
