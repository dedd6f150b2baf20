"""Issue 9, points 3, 4, 5, 8, 13 and 14 and the Chinese legal wording: what the law allows, checked
by hand through `penalty assess`, `penalty.assess` and `penalty.assess_frame` alike.

Hand computations (Provision Art. 12): standard = [min + 30 % of span ; min + 70 % of span].
"""

from __future__ import annotations

import json
import re
from decimal import Decimal

import pandas as pd
import pytest
from typer.testing import CliRunner

import penalty
from penalty.catalogue.wording import article_zh, title_zh, zh_number
from penalty.cli import app

runner = CliRunner()


FLAGS = ("enforcer_not_cac", "persons_in_charge_only", "provincial_level_only")


def three_ways(case: dict) -> list[dict]:
    """The same case through the command line, the library and the frame, as comparable dicts
    (money in fen): provision applied and referred to, band, standard range, persons' provision
    and fine, and the reason codes of who decides and who may be fined (frame: flag columns)."""
    out = []
    r = runner.invoke(app, ["assess", "-"], input=json.dumps(case))
    assert r.exit_code == 0, r.output
    cli = json.loads(r.stdout)
    lib = penalty.assess(case).model_dump(mode="json")
    for a in (cli, lib):
        std = a["ranges"].get("standard")
        persons = a["responsible_persons"][0] if a["responsible_persons"] else None
        out.append({
            "applied": a["provision_applied"], "referred": a["law_versions"]["referred_to"],
            "band": a["band"],
            "standard": None if std is None else (fen(std["low_cny"]), fen(std["high_cny"])),
            "persons": None if persons is None else persons["provision"],
            "persons_fine": None if persons is None else (fen(persons["fine"]["low_cny"]),
                                                          fen(persons["fine"]["high_cny"])),
            "flags": sorted({x["code"] for x in a["reasons"]} & set(FLAGS))})
    f = penalty.assess_frame(pd.DataFrame([penalty.case_to_row(case)])).iloc[0]
    assert pd.isna(f["error"]) or f["error"] is None, f["error"]
    has_persons = not pd.isna(f["persons_provision"])
    out.append({
        "applied": f["provision_applied"],
        "referred": None if pd.isna(f["provision_referred"]) else f["provision_referred"],
        "band": None if pd.isna(f["band"]) else f["band"],
        "standard": None if pd.isna(f["standard_low_fen"]) else
        (int(f["standard_low_fen"]), int(f["standard_high_fen"])),
        "persons": f["persons_provision"] if has_persons else None,
        "persons_fine": (int(f["persons_fine_low_fen"]), int(f["persons_fine_high_fen"]))
        if has_persons else None,
        "flags": sorted(c for c in FLAGS if bool(f[c]))})
    assert out[0] == out[1] == out[2], out
    out[1]["codes"] = sorted({x["code"] for x in lib["reasons"]})
    return out


def fen(yuan: str) -> int:
    return int(Decimal(yuan) * 100)


# --------------------------------------------------------- point 3: referral clauses, APL Art. 37
def test_referral_resolved_to_dsl_46_not_lighter_old_csl_66_applies():
    # CSL 2017 Art. 66: 50,000-500,000; span 450,000 -> standard [185,000 ; 365,000].
    # At 2026-03-01 CSL 2026 Art. 71(1) refers the act to DSL Art. 46 (ceiling 1,000,000):
    # 1,000,000 is not below 500,000 -> not lighter -> the old text applies (APL Art. 37).
    # Persons: 10,000-100,000, span 90,000 -> standard [37,000 ; 73,000].
    case = {"provision": "csl2017-66-0-entity-base", "violation_date": "2025-12-10",
            "decision_date": "2026-03-01"}
    got = three_ways(case)[1]
    assert got["applied"] == "csl2017-66-0-entity-base"
    assert got["standard"] == (18_500_000, 36_500_000)
    assert got["persons"] == "csl2017-66-0-person-base"
    assert got["persons_fine"] == (3_700_000, 7_300_000)
    a = penalty.assess(case)
    lv = a.law_versions
    assert (lv.at_decision, lv.referred_to, lv.newer_is_lighter) == \
        ("csl2026-71-1-referral", "dsl-46-0-entity-base", False)
    assert lv.statutory_at_decision.high_cny == Decimal("1000000.00")
    law = next(r for r in a.reasons if r.code == "law_version")
    assert law.effect == "law_at_time_of_act"
    assert "新的规定处罚并不较轻，依照《行政处罚法》第三十七条适用违法行为发生时的规定" in law.zh
    assert "修正前《中华人民共和国网络安全法》第六十六条" in law.zh
    assert "《中华人民共和国数据安全法》第四十六条" in law.zh
    assert "refers the act to DSL 2021 Art. 46" in law.en and "not lighter" in law.en
    assert "referral_resolved" in {n.id for n in a.assumptions}


def test_referral_resolved_to_a_lighter_provision_applies_it():
    # CSL 2017 Art. 64(1) without refusal: from 2026 the PI infringement is punished under PIPL
    # Art. 66(1), which fines only on a refusal to rectify: no fine is lighter -> PIPL applies.
    case = {"provision": "csl2017-64-1-entity-base", "violation_date": "2025-03-01",
            "decision_date": "2026-03-01", "illegal_gain_cny": "50000"}
    got = three_ways(case)[1]
    assert got["applied"] == "pipl-66-1-entity-base"
    assert got["standard"] is None
    a = penalty.assess(case)
    assert a.law_versions.newer_is_lighter is True and a.fine is None
    assert "新的规定处罚较轻" in next(r for r in a.reasons if r.code == "law_version").zh


def test_serious_pi_case_compared_with_pipl_66_2_keeps_the_old_text():
    # CSL 2017 Art. 64(1) serious, gains 200,000: 1x-10x -> 200,000-2,000,000; PIPL 66(2)
    # (ceiling 50,000,000) is not lighter. Standard: span 1,800,000 -> [740,000 ; 1,460,000].
    # Persons (fined at every tier, point 4): 10,000-100,000 -> [37,000 ; 73,000].
    case = {"provision": "csl2017-64-1-entity-serious", "violation_date": "2025-06-01",
            "decision_date": "2026-03-01", "illegal_gain_cny": "200000"}
    got = three_ways(case)[1]
    assert got["applied"] == "csl2017-64-1-entity-serious"
    assert got["standard"] == (74_000_000, 146_000_000)
    assert got["persons"] == "csl2017-64-1-person-base"
    assert got["persons_fine"] == (3_700_000, 7_300_000)
    assert penalty.assess(case).law_versions.referred_to == "pipl-66-2-entity-serious"


def test_unresolvable_referral_is_not_lighter():
    # CSL 2017 Art. 64(2) (police): 2026 Art. 71(2) refers to other laws the catalogue cannot
    # name -> not shown to be lighter -> the old text applies. 1x-10x of 10,000: [10,000 ;
    # 100,000]; span 90,000 -> standard [37,000 ; 73,000].
    case = {"provision": "csl2017-64-2-entity-base", "violation_date": "2025-06-01",
            "decision_date": "2026-03-01", "illegal_gain_cny": "10000"}
    got = three_ways(case)[1]
    assert got["applied"] == "csl2017-64-2-entity-base"
    assert got["standard"] == (3_700_000, 7_300_000)


def test_old_csl_69_items_map_to_their_own_2026_articles():
    # item (1), act in 2026: 2026 Art. 69(1) refuse/serious 500,000-2,000,000;
    # items (2)-(3): 2026 Art. 70, 50,000-500,000 -> standard [185,000 ; 365,000]
    one = {"provision": "csl2017-69-0-item1-entity-refuse_or_serious",
           "violation_date": "2026-02-01", "decision_date": "2026-03-01"}
    rest = dict(one, provision="csl2017-69-0-items2_3-entity-refuse_or_serious")
    assert three_ways(one)[1]["applied"] == "csl2026-69-1-entity-refuse_or_serious"
    got = three_ways(rest)[1]
    assert got["applied"] == "csl2026-70-0-entity-refuse_or_serious"
    assert got["standard"] == (18_500_000, 36_500_000)
    a = penalty.assess(one)
    assert "counterpart_choice" not in {n.id for n in a.assumptions}


def test_retired_old_csl_69_id_names_its_successors():
    with pytest.raises(penalty.InputError) as e:
        penalty.assess({"provision": "csl2017-69-0-entity-refuse_or_serious",
                        "violation_date": "2025-06-01", "decision_date": "2025-09-01"})
    assert "csl2017-69-0-item1-entity-refuse_or_serious" in str(e.value)
    assert "csl2017-69-0-items2_3-entity-refuse_or_serious" in str(e.value)


def test_new_counterpart_links_are_used():
    # 2017 Art. 68(2) refuse/serious, act in 2026 -> 2026 Art. 69(3) refuse/serious
    # (500,000-2,000,000: span 1,500,000 -> standard [950,000 ; 1,550,000])
    got = three_ways({"provision": "csl2017-68-2-entity-refuse_or_serious",
                      "violation_date": "2026-02-01", "decision_date": "2026-03-01"})[1]
    assert got["applied"] == "csl2026-69-3-entity-refuse_or_serious"
    assert got["standard"] == (95_000_000, 155_000_000)
    # 2017 Art. 67(1) individual aggravated, act in 2026 -> 2026 Art. 68(1) aggravated
    got = three_ways({"provision": "csl2017-67-1-individual-aggravated",
                      "party": {"kind": "individual"},
                      "violation_date": "2026-02-01", "decision_date": "2026-03-01"})[1]
    assert got["applied"] == "csl2026-68-1-individual-aggravated"


# -------------------------------------------------------- point 4: persons at every tier
@pytest.mark.parametrize("pid, persons, gains", [
    ("mpl-127-0-entity-refuse_or_serious", "mpl-127-0-person-base", "0"),
    ("mnpr-56-0-entity-refuse_or_serious", "mnpr-56-0-person-base", "0"),
])
def test_persons_fined_at_the_higher_tier(pid, persons, gains):
    # persons 10,000-100,000 -> standard [37,000 ; 73,000] per person
    got = three_ways({"provision": pid, "violation_date": "2025-06-01",
                      "decision_date": "2025-09-01", "illegal_gain_cny": gains})[1]
    assert got["persons"] == persons
    assert got["persons_fine"] == (3_700_000, 7_300_000)


def test_police_entity_fines_persons_as_individuals():
    # CSL 2026 Art. 68(2): entity 100,000-500,000 (shall); persons under para. 1: 10,000-100,000
    # (may) -> standard [37,000 ; 73,000]
    got = three_ways({"provision": "csl2026-68-2-entity-base", "violation_date": "2026-02-01",
                      "decision_date": "2026-03-01"})[1]
    assert got["persons"] == "csl2026-68-2-person-base"
    assert got["persons_fine"] == (3_700_000, 7_300_000)


# ---------------------------------------------- point 5: only the person directly in charge
@pytest.mark.parametrize("pid, dates", [
    ("csl2017-59-1-entity-refuse_or_harm", ("2025-06-01", "2025-09-01")),
    ("csl2017-60-0-entity-refuse_or_harm", ("2025-06-01", "2025-09-01")),
    ("csl2026-62-1-entity-refuse_or_harm", ("2026-02-01", "2026-03-01")),
    ("ciir-39-0-entity-refuse_or_harm", ("2025-06-01", "2025-09-01")),
    ("ciir-40-0-entity-refuse_or_harm", ("2025-06-01", "2025-09-01")),
])
def test_persons_in_charge_only(pid, dates):
    case = {"provision": pid, "violation_date": dates[0], "decision_date": dates[1]}
    got = three_ways(case)[1]
    assert "persons_in_charge_only" in got["codes"]
    a = penalty.assess(case)
    assert a.responsible_persons[0].in_charge_only is True
    persons = next(r for r in a.reasons if r.code == "responsible_persons")
    assert persons.zh.startswith("直接负责的主管人员：") and "其他直接责任人员" not in persons.zh
    only = next(r for r in a.reasons if r.code == "persons_in_charge_only")
    assert "仅规定对直接负责的主管人员处以罚款" in only.zh


def test_persons_and_others_where_the_statute_says_so():
    a = penalty.assess({"provision": "csl2017-66-0-entity-base", "violation_date": "2025-06-01",
                        "decision_date": "2025-09-01"})
    assert "persons_in_charge_only" not in {r.code for r in a.reasons}
    assert a.responsible_persons[0].in_charge_only is False


# ---------------------------------------------------------------- point 8: who enforces
@pytest.mark.parametrize("pid, party, dates, authority", [
    ("csl2017-63-2-entity-base", "organisation", ("2025-06-01", "2025-09-01"), "公安机关"),
    ("csl2026-68-2-entity-base", "organisation", ("2026-02-01", "2026-03-01"), "公安机关"),
    ("csl2026-66-2-entity-base", "organisation", ("2026-02-01", "2026-03-01"), "公安机关"),
    ("iism-19-1-entity-base", "organisation", ("2025-06-01", "2025-09-01"),
     "省、自治区、直辖市电信管理机构"),
])
def test_enforcer_not_cac_keeps_the_statutory_range(pid, party, dates, authority):
    case = {"provision": pid, "party": {"kind": party}, "violation_date": dates[0],
            "decision_date": dates[1], "illegal_gain_cny": "10000"}
    got = three_ways(case)[1]
    assert "enforcer_not_cac" in got["codes"]
    a = penalty.assess(case)
    r = next(r for r in a.reasons if r.code == "enforcer_not_cac")
    assert authority in r.zh and "仅供参考" in r.zh and "orientation only" in r.en
    assert f"{a.statutory.low_cny:,.2f}".replace(".00", "") in r.en  # the statutory range


def test_cac_enforced_provision_has_no_enforcer_reason():
    a = penalty.assess({"provision": "dsl-45-1-entity-base", "violation_date": "2025-09-01",
                        "decision_date": "2025-12-01"})
    assert "enforcer_not_cac" not in {r.code for r in a.reasons}


@pytest.mark.parametrize("pid, scope, authority_zh", [
    ("pipl-66-2-entity-serious", None, "由省级以上履行个人信息保护职责的部门决定。"),
    ("mnpr-54-2-entity-serious", "第二十条第一款第一项", "由省级以上网信部门和有关部门决定。"),
])
def test_provincial_level_only_tiers_say_so(pid, scope, authority_zh):
    a = penalty.assess({"provision": pid, "violation_date": "2025-06-01",
                        "decision_date": "2025-09-01", "turnover_cny": "2000000000"})
    r = next(r for r in a.reasons if r.code == "provincial_level_only")
    assert "provincial level" in r.en
    # the deciding authority named in both languages (PIPL Art. 66(2): 省级以上履行个人信息保护
    # 职责的部门; Minors Online Regulations Art. 54(2): 省级以上网信部门和有关部门)
    assert f"规定的该档处罚，{authority_zh}适用范围：" in r.zh
    if scope:
        assert scope in r.zh and "item 5" in r.en


# ------------------------------------------------------- point 13: reconstructed numbering
def test_reconstructed_provision_articles_carry_the_caveat():
    a = penalty.assess({"provision": "dsl-45-1-entity-base", "violation_date": "2025-09-01",
                        "decision_date": "2025-12-01", "circumstances": ["strong_public_reaction"]})
    cat = penalty.load_catalogue()
    note_en = cat.benchmark.provision.numbering_caveat_en
    note_zh = cat.benchmark.provision.numbering_caveat_zh
    for r in a.reasons:
        for n in re.findall(r"Provision Art\. ([0-9]+)", r.citation):
            if int(n) > 5:
                assert note_en in r.citation, r.citation
        if r.citation_zh and re.search(r"《规定》第(?!五条)[一二三四五六七八九十]+条", r.citation_zh):
            assert note_zh in r.citation_zh, r.citation_zh
    band = next(r for r in a.reasons if r.code == "band")
    assert band.citation == f"Provision Art. 5, Art. 12 ({note_en})"
    assert "provision_numbering_reconstructed" in {n.id for n in a.assumptions}


def test_confirmed_articles_carry_no_caveat():
    cat = penalty.load_catalogue()
    assert cat.numbering_caveat("Provision Art. 5") == "Provision Art. 5"
    assert cat.numbering_caveat("APL Art. 37") == "APL Art. 37"
    assert cat.numbering_caveat("《规定》第五条", "zh") == "《规定》第五条"
    assert cat.numbering_caveat("APL Art. 29; Provision Art. 14") == \
        f"APL Art. 29; Provision Art. 14 ({cat.benchmark.provision.numbering_caveat_en})"


# ----------------------------------------------------------------- Chinese legal wording
def test_chinese_numerals():
    assert [zh_number(n) for n in (1, 10, 11, 20, 37, 68, 100, 105, 110, 127)] == [
        "一", "十", "十一", "二十", "三十七", "六十八", "一百", "一百零五", "一百一十", "一百二十七"]
    assert article_zh(68, 1) == "第六十八条第一款"
    assert article_zh(69, None, (2, 3)) == "第六十九条第（二）项、第（三）项"
    assert title_zh("中华人民共和国网络安全法（2025年修正）") == "中华人民共和国网络安全法"


def test_every_chinese_citation_uses_chinese_numerals():
    cat = penalty.load_catalogue()
    for p in cat.provisions.values():
        assert not re.search(r"[0-9]", p.citation_zh), p.citation_zh
    assert cat.get("csl2026-68-1-individual-base").citation_zh == \
        "《中华人民共和国网络安全法》第六十八条第一款"


def test_measures_and_education():
    a = penalty.assess({"provision": "csl2017-66-0-entity-base", "violation_date": "2025-06-01",
                        "decision_date": "2025-09-01"})
    m = next(r for r in a.reasons if r.code == "measures")
    assert m.zh.startswith("除罚款外，《中华人民共和国网络安全法》第六十六条还规定：责令改正；警告；"
                           "没收违法所得；可以责令暂停相关业务、停业整顿")
    a = penalty.assess({"provision": "dsl-45-1-entity-base", "violation_date": "2025-09-01",
                        "decision_date": "2025-12-01", "circumstances": ["minor_corrected_no_harm"]})
    assert a.band == "no_penalty"
    edu = next(r for r in a.reasons if r.code == "education")
    assert edu.citation_zh == "《行政处罚法》第三十三条第三款" and "进行教育" in edu.zh


@pytest.mark.parametrize("case", [
    {"provision": "csl2017-66-0-entity-base", "violation_date": "2025-12-10",
     "decision_date": "2026-03-01", "illegal_gain_cny": "20000",
     "circumstances": ["eliminated_or_reduced_harm"],
     "prior_penalties": [{"decided_on": "2025-05-01"}]},
    {"provision": "csl2017-59-1-entity-refuse_or_harm", "violation_date": "2025-10-01",
     "decision_date": "2026-02-01", "circumstances": ["strong_public_reaction"]},
    {"provision": "csl2017-64-1-entity-base", "violation_date": "2025-03-01",
     "decision_date": "2026-03-01", "illegal_gain_cny": "50000"},
])
def test_chinese_statement_has_no_id_or_english(case):
    # Done-when of issue 9: a CSL 2017 -> 2026 statement in Chinese cites as a Chinese lawyer
    # does and shows no internal id, code, option name or English (the receipt, a hash and an
    # engine version, is left out of the check).
    from penalty.export.statement import statement_markdown

    md = statement_markdown(case, "zh")
    body = md.split("计算凭据")[0]  # the receipt (hashes, engine version) is left out
    assert re.findall(r"[A-Za-z_]{2,}", body) == []
    assert "（以下简称《规定》）" in body and body.count("网信部门行政处罚裁量权基准适用规定") == 2
    assert "《中华人民共和国网络安全法》第" in body
    assert "依照《行政处罚法》第三十七条" in body
    en = statement_markdown(case, "en")
    assert "(the Provision)" in en and "APL Art. 37" in en


def test_english_citation_with_the_caveat_in_chinese():
    from penalty.citations import citation_zh

    cat = penalty.load_catalogue()
    en = cat.numbering_caveat("Provision Art. 9(5)")
    assert citation_zh(en, cat) == \
        f"《规定》第九条第（五）项（{cat.benchmark.provision.numbering_caveat_zh}）"
    assert citation_zh("Provision Art. 5", cat) == "《规定》第五条"
