"""The likely range (observed practice): hand-computed ranges on a small fixture dataset, the
no-estimate case, the mapping arithmetic, and the contract on the real data."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from conftest import make_case

import penalty
from penalty.cases.likely import (
    Engine,
    Estimate,
    NoEstimate,
    Query,
    load_settings,
    map_fen_int,
    shortest_interval,
    weighted_quantile,
)

F = Fraction
DSL = "dsl-45-1-entity-base"  # CNY 50,000–500,000: span 450,000


def settings(**changes):
    base = load_settings().with_(interval="shortest", coverage=0.8, pooling="widen", min_decisions=3,
                                 condition_on_band=False,
                                 period={"mode": "weighted", "other_period_weight": 0.5},
                                 level_distance_weights=[1, 1, 1, 1])
    return base.with_(**changes) if changes else base


def dsl(cid: str, fine: int | None, date: str = "2025-10-01", **kw):
    return make_case(case_id=cid, decision_date=date, decision_date_precision="day",
                     fine_entity_cny="" if fine is None else str(fine), **kw)


# five DSL 45(1) fines decided under the Provision: positions 0, 0, 0.1, 0.2, 1
FINES = {"a": 50_000, "b": 50_000, "c": 95_000, "d": 140_000, "e": 500_000}


@pytest.fixture(scope="module")
def fixture_cases():
    rows = [dsl(f"fx-{k}", v) for k, v in FINES.items()]
    rows.append(dsl("fx-warning", None, penalties="warning; order to rectify", sanctions="warning;order_rectify"))
    rows.append(dsl("fx-unknown", None, penalties="penalty imposed (type not disclosed in the part seen)",
                    sanctions="unknown"))
    return rows


def test_weighted_quantile_and_shortest_interval_by_hand():
    xs = [(F(0), 1.0), (F(0), 1.0), (F(1, 10), 1.0), (F(1, 5), 1.0), (F(1), 1.0)]
    # total weight 5: the 10 % point (0.5) is reached at the first 0; the 90 % point (4.5) at 1
    assert weighted_quantile(xs, 0.1) == 0
    assert weighted_quantile(xs, 0.9) == 1
    assert weighted_quantile(xs, 0.8) == F(1, 5)  # cumulative 4 reaches 4.0
    # 80 % = weight 4: windows [0, 0.2] (width 0.2) and [0, 1] (width 1) → the first
    assert shortest_interval(xs, 0.8) == (0, F(1, 5))
    assert shortest_interval(xs, 0.4) == (0, 0)  # two zeros hold 40 %


def test_likely_range_on_the_fixture(fixture_cases):
    eng = Engine(fixture_cases, settings=settings())
    est = eng.estimate(Query(provision=DSL, period=True))
    assert isinstance(est, Estimate)
    assert (est.low, est.high) == (0, F(1, 5))
    assert est.n == 5 and est.basis == "provision" and est.period == "after_provision"
    # no fine: 1 warning among 6 decisions whose sanctions are known (the 'unknown' one left out)
    assert est.no_fine_share == F(1, 6)
    assert set(est.cases) == {f"fx-{k}" for k in FINES}
    # a query from before the Provision finds only decisions made under it: said so, not "weighted"
    assert eng.estimate(Query(provision=DSL, period=False)).period == "after_provision"
    a = penalty.assess({"provision": DSL, "violation_date": "2025-09-01", "decision_date": "2025-12-01"})
    # mapped into 50,000–500,000: 50,000 + 0.2 × 450,000 = 140,000
    assert map_fen_int(5_000_000, 50_000_000, est.high) == 14_000_000
    assert a.statutory.low_cny == Decimal("50000")


def test_quantile_and_order_statistic_methods(fixture_cases):
    q = Query(provision=DSL, period=True)
    est = Engine(fixture_cases, settings=settings(interval="quantile", lower_quantile=0.1,
                                                  upper_quantile=0.8)).estimate(q)
    assert (est.low, est.high) == (0, F(1, 5))
    # n = 5, coverage 0.8: j = floor(6 × 0.1) = 0 → at least 1 → [X(1), X(5)] = [0, 1]
    est = Engine(fixture_cases, settings=settings(interval="order_statistic")).estimate(q)
    assert (est.low, est.high) == (0, 1)


def test_period_weighted_or_separated():
    rows = [dsl("p1", 50_000), dsl("p2", 50_000), dsl("p3", 140_000),
            dsl("old1", 500_000, date="2023-05-01"), dsl("old2", 500_000, date="2023-06-01")]
    q = Query(provision=DSL, period=True)
    # weighted: weights 1, 1, 1, 0.5, 0.5 (total 4); 90 % = 3.6 is reached only at position 1
    w = Engine(rows, settings=settings(interval="quantile", lower_quantile=0.1, upper_quantile=0.9)).estimate(q)
    assert (w.low, w.high, w.n, w.period) == (0, 1, 5, "weighted")
    # separated: the three decisions under the Provision suffice; 90 % of 3 = 2.7 → 0.2
    s = Engine(rows, settings=settings(interval="quantile", lower_quantile=0.1, upper_quantile=0.9,
                                       period={"mode": "separated", "other_period_weight": 0.5})).estimate(q)
    assert (s.low, s.high, s.n, s.period) == (0, F(1, 5), 3, "after_provision")


def test_widening_to_the_article_and_no_estimate():
    rows = [dsl("w1", 50_000), dsl("w2", 95_000), dsl("w3", 140_000)]
    # DSL 45(1) "refuse or serious" has no decisions of its own: the same article supplies them
    est = Engine(rows, settings=settings()).estimate(Query(provision="dsl-45-1-entity-refuse_or_serious"))
    assert isinstance(est, Estimate) and est.basis == "article" and est.n == 3
    # leaving one out leaves two: below the minimum of three → no estimate, with the reason
    none = Engine(rows, settings=settings()).estimate(Query(provision=DSL, exclude=frozenset({"w1"})))
    assert isinstance(none, NoEstimate)
    assert none.code == "too_few_decisions" and none.n == 2
    assert "fewer than 3" in none.en and "不足3笔" in none.zh


def test_mapping_rounds_down_towards_the_minimum():
    assert map_fen_int(0, 100, F(1, 3)) == 33
    assert map_fen_int(5_000_000, 50_000_000, F(1, 9)) == 10_000_000
    assert map_fen_int(100, 200, F(-2)) == 0  # never below zero
    # a denominator too large for int64 arithmetic is rounded outward to 1e-8 first
    p = F(1, 3 * 10**9)
    assert map_fen_int(0, 10**12, p) == 0
    assert map_fen_int(0, 10**12, p, up=True) == 10**4


# --- real data ----------------------------------------------------------------------------

def test_circumstance_free_dsl_45_1_is_lower_than_the_standard_band():
    a = penalty.assess({"provision": DSL, "violation_date": "2025-09-01", "decision_date": "2025-12-01"})
    assert a.band == "standard"
    assert a.likely is not None and a.likely.n >= 3
    # Lower than the standard band: the whole likely range ends below the band's low end
    # (by hand on the current data: 15 of 19 DSL 45(1) fines at the CNY 50,000 floor, two at
    # 100,000; the 85 % point of their weights falls on 100,000 < 185,000).
    std = a.ranges["standard"]
    assert a.likely.high_cny < std.low_cny
    assert (a.likely.low_cny, a.likely.high_cny) == (Decimal("50000.00"), Decimal("100000.00"))
    assert a.statutory.low_cny <= a.likely.low_cny <= a.likely.high_cny
    assert a.likely.basis == "provision" and len(a.likely.cases) >= a.likely.n
    if a.likely.period == "before_provision":  # no positioned DSL 45(1) fine from the Provision's period yet
        assert "before_provision_only" in a.likely_note.code and "2025-08-01" in a.likely_note.en
    assert "not law" in a.likely.en and "并非法律规定" in a.likely.zh
    # the legal result is what the rules give, untouched
    assert a.ranges["standard"].low_cny == Decimal("185000.00")


def test_no_estimate_is_null_with_a_reason():
    a = penalty.assess({"provision": "pipl-66-2-entity-serious", "violation_date": "2025-09-01",
                        "decision_date": "2025-12-01"})
    if a.likely is None:
        assert a.likely_note.code == "too_few_decisions" and a.likely_note.zh
    else:  # the dataset has grown: then the range sits inside what the data allow
        assert a.likely.n >= 3


def test_cli_assess_json_carries_likely(tmp_path):
    import json

    from typer.testing import CliRunner

    from penalty.cli import app

    f = tmp_path / "case.json"
    f.write_text(json.dumps({"provision": DSL, "violation_date": "2025-09-01", "decision_date": "2025-12-01"}))
    out = json.loads(CliRunner().invoke(app, ["assess", str(f)]).stdout)
    lk = out["likely"]
    assert set(lk) >= {"low_cny", "high_cny", "n", "basis", "no_fine_share", "cases"}
    assert Decimal(lk["high_cny"]) < Decimal(out["ranges"]["standard"]["low_cny"])


def test_backtest_cli_shape_and_targets():
    import json

    from typer.testing import CliRunner

    from penalty.cli import app

    res = CliRunner().invoke(app, ["cases", "backtest", "--json"])
    assert res.exit_code == 0, res.output
    report = json.loads(res.stdout)
    assert set(report["summary"]) == {"all", "after_provision", "before_provision"}
    s = report["summary"]["all"]
    assert set(s) == {"decisions", "with_estimate", "in_statutory_share", "in_rule_band_share",
                      "in_likely_share", "likely_mean_width_share", "median_abs_log_error"}
    assert s["decisions"] == len(report["decisions"]) >= 20
    # the targets of the method: at least 80 % of actual fines inside, mean width under 40 %
    assert s["in_likely_share"] >= 0.8
    assert s["likely_mean_width_share"] < 0.4
    # leave-one-out: no held-out decision is among the cases behind its own range
    for r in report["decisions"]:
        assert r["likely"] is None or (r["likely"]["n"] >= 3 and r["case_id"] not in r["likely"]["cases"])


def test_readme_prints_the_current_backtest_table():
    """data/README.md shows the back-test of the current data and settings. After changing
    data/cases.csv or data/observed_practice.yaml, run `penalty cases backtest --write-readme`."""
    from penalty.cases.likely import backtest, backtest_markdown, candidates_markdown, compare_methods, default_engine
    from penalty.catalogue.loader import data_dir

    readme = (data_dir() / "README.md").read_text(encoding="utf-8")
    for table in (backtest_markdown(backtest(default_engine())["summary"]),
                  candidates_markdown(compare_methods(default_engine()))):
        assert table in readme, \
            "data/README.md shows an old back-test; run `penalty cases backtest --write-readme`:\n" + table


def test_readme_table_is_rewritten_between_the_markers():
    from penalty.cases.likely import README_END, README_START, readme_with_table

    text = f"intro\n{README_START}\n| old |\n{README_END}\nrest"
    assert readme_with_table(text, "| new |") == f"intro\n{README_START}\n| new |\n{README_END}\nrest"
    with pytest.raises(Exception, match="markers"):
        readme_with_table("no markers", "| new |")


def test_authority_level_weighs_similar_decisions():
    rows = [dsl("c1", 50_000, level="city"), dsl("c2", 50_000, level="city"), dsl("c3", 50_000, level="city"),
            dsl("n1", 500_000, level="national", province="national", region="national"),
            dsl("n2", 500_000, level="national", province="national", region="national")]
    eng = Engine(rows, settings=settings(interval="quantile", lower_quantile=0.1, upper_quantile=0.9,
                                         level_distance_weights=[1, 0.5, 0.25, 0.25]))
    # no level: weights 1 each, total 5; 90 % = 4.5 → position 1
    assert eng.estimate(Query(provision=DSL)).high == 1
    # a city office: city decisions weigh 1, national ones (distance 2) 0.25: total 3.5,
    # 90 % = 3.15 > 3 → still reaches the national fines at 1
    assert eng.estimate(Query(provision=DSL, level="city")).high == 1
    # a district office: city (distance 1) 0.5 each = 1.5, national (distance 3) 0.25 each = 0.5;
    # 75 % of 2.0 = 1.5 is reached by the city fines at 0
    eng75 = Engine(rows, settings=settings(interval="quantile", lower_quantile=0.1, upper_quantile=0.75,
                                           level_distance_weights=[1, 0.5, 0.25, 0.25]))
    assert eng75.estimate(Query(provision=DSL, level="district")).high == 0
    assert eng75.estimate(Query(provision=DSL)).high == 1  # 75 % of 5 = 3.75 → the national fines


def test_authority_level_is_an_input_of_assess_and_frame():
    import pandas as pd

    case = {"provision": DSL, "violation_date": "2025-09-01", "decision_date": "2025-12-01",
            "authority_level": "city"}
    a = penalty.assess(case)
    row = penalty.assess_frame(pd.DataFrame([penalty.case_to_row(case)])).iloc[0]
    assert (row["likely_low_fen"], row["likely_high_fen"]) == (int(a.likely.low_cny * 100),
                                                               int(a.likely.high_cny * 100))
    with pytest.raises(penalty.InputError, match="authority_level"):
        penalty.assess({**case, "authority_level": "county"})
    bad = penalty.assess_frame(pd.DataFrame([{**penalty.case_to_row(case), "authority_level": "county"}]))
    assert "authority_level" in bad.iloc[0]["error"]
