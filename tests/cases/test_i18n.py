"""Every user-facing text of penalty.cases exists in Chinese next to the English, says the same
thing (same provision, same numbers), and takes law names and article references from the
catalogue."""

from __future__ import annotations

import datetime as dt
import json
import re
from decimal import Decimal

import pytest
from conftest import make_case
from typer.testing import CliRunner

from penalty.cases import charts
from penalty.cases.cli import cases_app
from penalty.cases.similar import SimilarQuery, similar_cases
from penalty.cases.stats import MIN_CASES_FOR_STATS, compare, compute_stats, position_of, positions_frame
from penalty.citations import parse_zh_numeral

NUM = re.compile(r"\d+(?:\.\d+)?")
CJK = re.compile(r"[\u4e00-\u9fff]")

PID = "dsl-45-1-entity-base"
CASES = [
    make_case(case_id="same-prov", provision_ids=PID, region="Beijing"),
    make_case(case_id="same-prov-old", provision_ids=PID, decision_date="2023-10-30"),
    make_case(case_id="same-article", provision_ids="dsl-45-1-person-base", fine_entity_cny=""),
    make_case(case_id="same-law-tier", provision_ids="dsl-46-0-entity-base", fine_entity_cny="200000",
              articles="DSL Art 31; Art 46"),
    make_case(case_id="same-law-only", provision_ids="", provision_link_confidence="none",
              articles="DSL (article not stated)", authority_type="public_security", authority="Test PSB"),
]
Q = SimilarQuery(provision=PID, decision_date=dt.date(2025, 10, 1), level="provincial", region="Beijing",
                 party_type="company")


def numbers(text: str) -> set[str]:
    """Arabic numbers, and article numbers written in Chinese numerals (第四十五条 -> 45)."""
    found = set(NUM.findall(text))
    for run in re.findall(r"[零一二三四五六七八九十百千]+", text):
        value = parse_zh_numeral(run)
        if value:
            found.add(str(value))
    return found


def assert_same_numbers(en: str, zh: str) -> None:
    """Every number in the English text appears in the Chinese one, which is real Chinese."""
    assert zh.strip() and CJK.search(zh), f"not Chinese: {zh!r}"
    missing = numbers(en) - numbers(zh)
    assert not missing, f"{missing} of {en!r} missing from {zh!r}"


def assert_parallel(en: list[str], zh: list[str]) -> None:
    assert len(en) == len(zh) and en, (en, zh)
    for e, z in zip(en, zh):
        assert_same_numbers(e, z)


def test_similar_reasons_in_chinese_name_the_catalogue_provision(core):
    cat_p = core.provision(PID)
    res = similar_cases(Q, CASES, core=core, min_results=10)
    assert [m.case_id for m in res.matches][:2] == ["same-prov", "same-prov-old"]
    for m in res.matches:
        assert_parallel(m.reasons, m.reasons_zh)
    first = res.matches[0]
    assert cat_p.citation_en in first.reasons[0] and PID not in first.reasons[0] + first.reasons_zh[0]
    assert first.reasons_zh[0].startswith("同一条款") and cat_p.citation_zh in first.reasons_zh[0]
    assert any("地区相同" in r and "Beijing" in r for r in first.reasons_zh)
    art = next(m for m in res.matches if m.match == "article")
    assert art.reasons_zh[0].startswith("同一条") and "《中华人民共和国数据安全法》第四十五条" in art.reasons_zh[0]
    tier = next(m for m in res.matches if m.match == "law_tier")
    assert tier.reasons_zh[0].startswith("同一法律同一层级") and cat_p.law_title_zh in tier.reasons_zh[0]
    psb = next(m for m in res.matches if m.case_id == "same-law-only")
    assert psb.reasons[-1].startswith("note: not a CAC decision")
    assert "非网信部门作出" in psb.reasons_zh[-1] and "公安机关" in psb.reasons_zh[-1]


def test_similar_warnings_in_both_languages_with_codes(core):
    res = similar_cases(Q, CASES, core=core, min_results=10)
    assert_parallel(res.warnings, res.warnings_zh)
    assert [n.en for n in res.notices] == res.warnings and [n.zh for n in res.notices] == res.warnings_zh
    codes = {n.code for n in res.notices}
    assert {"widened", "too_few_comparables", "non_cac_included"} <= codes
    non_cac = next(n for n in res.notices if n.code == "non_cac_included")
    assert "非网信部门作出" in non_cac.zh
    widened = next(n for n in res.notices if n.code == "widened")
    assert "同一法律" in widened.zh  # widened to the 'law' level, named in Chinese


def test_similar_frame_carries_both_languages(core):
    df = similar_cases(Q, CASES, core=core, min_results=10).frame()
    assert {"reasons", "reasons_zh"} <= set(df.columns)
    assert all(len(e) == len(z) for e, z in zip(df["reasons"], df["reasons_zh"]))


def test_stats_two_cases_chinese_guard_rail(fixed_core):
    cases = [make_case(case_id="a", fine_entity_cny="50000"), make_case(case_id="b", fine_entity_cny="100000")]
    st = compute_stats(cases, core=fixed_core)
    assert st.fines is None
    assert_parallel(st.warnings, st.warnings_zh)
    few = next(n for n in st.notices if n.code == "too_few_fines")
    assert f"可比案例不足{MIN_CASES_FOR_STATS}件，不提供统计" in few.zh
    assert_same_numbers(st.computed_from, st.computed_from_zh)


def test_stats_chinese_warnings_and_computed_from(fixed_core, core):
    cases = [
        make_case(case_id="old", decision_date="2023-05-01", fine_entity_cny="50000"),
        make_case(case_id="new1", fine_entity_cny="100000"),
        make_case(case_id="new2", fine_entity_cny="150000"),
        make_case(case_id="warn", fine_entity_cny="", penalties="warning"),
        make_case(case_id="nolink", provision_ids="", provision_link_confidence="none", fine_entity_cny="80000"),
    ]
    st = compute_stats(cases, description="test set", core=fixed_core, description_zh="测试案例")
    assert_parallel(st.warnings, st.warnings_zh)
    by_code = {n.code: n for n in st.notices}
    assert "裁量基准施行前作出的决定仅供参考" in by_code["before_benchmark"].zh
    assert "2025-08-01" in by_code["before_benchmark"].zh
    assert by_code["amount_unpublished"].zh.startswith("1件案例未公布罚款金额")
    assert by_code["no_provision_link"].zh.startswith("1件案例未关联")
    assert st.computed_from_zh.startswith("测试案例：共5件案例")
    assert_same_numbers(st.computed_from, st.computed_from_zh)
    assert core.split_citation_zh() in st.computed_from_zh  # the Provision's title from the catalogue
    # Default Chinese description when none is given.
    assert compute_stats(cases, core=fixed_core).computed_from_zh.startswith("所选案例：")


def test_compare_explanation_in_chinese(fixed_core):
    cases = [make_case(case_id=f"c{i}", fine_entity_cny=str(v), authority=a)
             for i, (v, a) in enumerate([(50000, "Beijing CAC"), (100000, "Beijing CAC"), (200000, "Beijing CAC"),
                                         (400000, "Hunan CAC")])]
    comp = compare(Decimal(90000), Decimal(250000), cases, authority="Beijing", core=fixed_core)
    assert_parallel(comp.explanation, comp.explanation_zh)
    assert "低于估算区间" in comp.explanation_zh[0]
    few = compare(Decimal(90000), Decimal(250000), cases[:2], core=fixed_core)
    assert_parallel(few.explanation, few.explanation_zh)
    assert f"不足{MIN_CASES_FOR_STATS}件" in few.explanation_zh[0]


def test_position_note_in_chinese(caseset, core):
    pos = position_of(caseset.by_id("bjcac-2023-es-1"), core)
    assert pos
    for p in pos:
        assert p.note and p.note_zh and CJK.search(p.note_zh)
        if p.benchmark_applies is False:
            assert "context only" in p.note and "裁量基准施行前作出的决定仅供参考" in p.note_zh


def test_unpositioned_note_in_chinese(fixed_core):
    p = position_of(make_case(decision_date="", decision_date_precision=""), fixed_core)[0]
    assert p.position_pct is None and p.note == "decision date not published" and p.note_zh == "决定日期未公布"


def _titles(spec: dict) -> list[str]:
    out: list[str] = []

    def walk(o):
        if isinstance(o, dict):
            for k, v in o.items():
                if k == "title" and isinstance(v, str):
                    out.append(v)
                else:
                    walk(v)
        elif isinstance(o, list):
            for v in o:
                walk(v)
    walk(spec)
    return out


def test_chart_labels_follow_lang(caseset, core):
    from penalty.cases.load import to_frame

    df = to_frame(caseset.cases)
    en = _titles(charts.fines_by_year_and_law(df).to_dict())
    zh = _titles(charts.fines_by_year_and_law(df, lang="zh").to_dict())
    assert "decision year" in en and "决定年份" in zh and not any(CJK.search(t) for t in en)
    s = core.split()
    pos = positions_frame(caseset.cases[:20], core)
    zh_pos = charts.position_by_provision(pos, s.lenient_upper_pct, s.aggravated_lower_pct, lang="zh").to_dict()
    assert "在法定幅度中的位置（%）" in _titles(zh_pos)
    assert core.band_label("lenient", "zh") in json.dumps(zh_pos, ensure_ascii=False, default=str)
    sim = similar_cases(Q, CASES, core=core, min_results=10).frame()
    est = charts.estimate_over_similar(sim, Decimal(50000), Decimal(500000), lang="zh").to_dict()
    assert "单位罚款（元）" in _titles(est) and "同一条款" in json.dumps(est, ensure_ascii=False, default=str)
    with pytest.raises(ValueError, match="valid: en, zh"):
        charts.fines_by_year_and_law(df, lang="fr")


runner = CliRunner()


def test_cli_stats_lang_zh_and_json_both():
    r = runner.invoke(cases_app, ["stats", "--law", "DSL", "--lang", "zh"])
    assert r.exit_code == 0, r.output
    assert "符合筛选条件（law=DSL）的案例：共" in r.stdout and "仅适用于2025-08-01起作出的处罚决定" in r.stdout
    j = runner.invoke(cases_app, ["stats", "--law", "DSL", "--json"])
    out = json.loads(j.stdout)
    assert out["stats"]["computed_from_zh"] and len(out["stats"]["warnings_zh"]) == len(out["stats"]["warnings"])
    assert out["note"] and out["note_zh"]
    bad = runner.invoke(cases_app, ["stats", "--lang", "fr"])
    assert bad.exit_code == 2 and "valid: en, zh" in bad.output


def test_cli_similar_lang_zh(tmp_path):
    f = tmp_path / "case.json"
    f.write_text(json.dumps({"provision": PID, "violation_date": "2025-09-01", "decision_date": "2025-10-01",
                             "party": {"kind": "organisation"}}))
    r = runner.invoke(cases_app, ["similar", str(f), "--lang", "zh", "--limit", "3"])
    assert r.exit_code == 0, r.output
    assert "同一条款：《中华人民共和国数据安全法》" in r.stdout and "warning:" not in r.stdout
    j = json.loads(runner.invoke(cases_app, ["similar", str(f), "--json", "--limit", "3"]).stdout)
    for m in j["result"]["matches"]:
        assert len(m["reasons_zh"]) == len(m["reasons"])
    assert j["comparison"]["explanation_zh"] and j["note_zh"]
    en = runner.invoke(cases_app, ["similar", str(f), "--limit", "3"]).stdout
    assert "same provision" in en and not CJK.search(en.split("—")[0])


def test_every_authority_and_region_of_the_dataset_has_a_chinese_name():
    """Chinese mode shows no English place or authority name (issue 11): every authority and
    region in data/cases.csv is rendered in Chinese, with no Latin word left."""
    import re

    import pandas as pd

    from penalty.cases.i18n import authority_zh, region_zh
    from penalty.catalogue import data_dir

    frame = pd.read_csv(data_dir() / "cases.csv", dtype=str, keep_default_na=False)
    latin = re.compile(r"[A-Za-z]{3,}")
    left = [(a, authority_zh(a)) for a in sorted(set(frame["authority"]))
            if latin.search(authority_zh(a))]
    left += [(r, region_zh(r)) for r in sorted(set(frame["region"]))
             if r and latin.search(region_zh(r))]
    assert not left, left


def test_local_organs_and_taizhou_are_named_as_published():
    from penalty.cases.i18n import authority_zh

    assert authority_zh("Local public security organ (announced by National Cybersecurity "
                        "Notification Center, MPS)") == "公安机关"
    assert authority_zh("Local public security organ in Shanghai (announced by MPS)") == "上海地方公安机关"
    assert authority_zh("Taizhou Public Security Bureau (Zhejiang)") == "台州市公安局"
    assert authority_zh("Taizhou Public Security Bureau (Jiangsu)") == "泰州市公安局"
