"""The pages' messages that name a law take its article from the catalogue data (app_pages.cites),
and read exactly as before the article moved out of the message."""

from __future__ import annotations

import pytest

from app_pages import cites
from penalty.catalogue import load_catalogue
from penalty.messages import t


@pytest.fixture(scope="module")
def cat():
    return load_catalogue()


def test_article_and_law_parts_of_a_citation():
    assert cites.article_part("Provision Art. 9(5)", "en") == "Art. 9(5)"
    assert cites.article_part("《规定》第九条第（五）项", "zh") == "第九条第（五）项"
    assert cites.law_part("APL Art. 36", "en") == "APL"
    assert cites.law_part("《行政处罚法》第三十六条", "zh") == "《行政处罚法》"
    assert cites.article_number("Provision Art. 12") == 12
    with pytest.raises(ValueError, match="names no article"):
        cites.article_number("Provision")


@pytest.mark.parametrize(("key", "lang", "expected"), [
    ("fine_help", "en", "its article number, 12, is reconstructed"),
    ("fine_help", "zh", "条文序号第十二条系重构"),
    ("derived_mark", "en", "its number, Art. 9(5), is reconstructed"),
    ("derived_mark", "zh", "条文序号第九条第（五）项系重构"),
    ("also_help", "en", "heavier fine (APL Art. 29)."),
    ("also_help", "zh", "（《行政处罚法》第二十九条）。"),
    ("search_placeholder", "en", "e.g. PIPL 66, 第六十六条, turnover"),
    ("search_placeholder", "zh", "例如：个人信息保护法 第六十六条、营业额"),
    ("opt_apl_2021", "en", "Apply the 2021 APL's new grounds in the party's favour"),
    ("opt_apl_2021", "zh", "2021年修订前终了的行为适用修订新增的有利于当事人的规定"),
])
def test_law_fields_fill_the_messages(cat, key, lang, expected):
    fields = cites._FIELDS[key](cat, lang)
    assert expected in t(key, lang, **fields)


def test_method_page_text_names_the_apl_articles_from_data(cat):
    en = t("m_computes_body", "en", lo=30, hi=70, f=10, **cites.method_computes(cat, "en"))
    zh = t("m_computes_body", "zh", lo=30, hi=70, f=10, **cites.method_computes(cat, "zh"))
    for part in ("applies (APL Art. 37)", "limitation period (APL Art. 36)", "circumstances, APL Arts. 30–33)",
                 "illegal gains (APL Art. 28)", "numbers from Art. 6 onward"):
        assert part in en
    for part in ("（《中华人民共和国行政处罚法》第三十七条）", "审查时效（第三十六条）",
                 "（《网信部门行政处罚裁量权基准适用规定》（以下简称《规定》）关于裁量情节的规定，"
                 "《行政处罚法》第三十条至第三十三条）", "没收违法所得（《行政处罚法》第二十八条）",
                 "《规定》第六条以后"):
        assert part in zh
    assert "from Art. 6 onward" in t("m_caveats_body", "en", d="x", **cites.method_caveats(cat, "en"))
    assert "；第六条以后" in t("m_caveats_body", "zh", d="x", **cites.method_caveats(cat, "zh"))


@pytest.mark.parametrize(("field", "value", "allowed", "expected"), [
    ("circumstances", "minor_party", "must be a circumstance a party of kind 'individual' can have in "
     "this form", "「情节」的值 'minor_party' 无效：应为该类当事人（个人）在本表单中可选的情节。"),
    ("decision_date", "1900-01-01", "must be a date from 2000-01-01 to 2100-12-31 in this form",
     "「决定日」的值 '1900-01-01' 无效：本表单只能填写2000-01-01至2100-12-31之间的日期。"),
    ("case", "(a JSON list)", "must be one JSON object of case fields",
     "「载入案件JSON」的值 '(a JSON list)' 无效：应为一个包含案件字段的JSON对象。"),
    ("some_field", "x", "must be something else", "「some_field」的值 'x' 无效。（must be something else）"),
    ("decision_date", None, "is required (ISO date)", "「决定日」必须填写。"),
    ("provision", "(and provisions)", "give exactly one of 'provision' (one id) or 'provisions' (a "
     "list of ids)", "「条款（条、情节层级、责任主体）」的值 '(and provisions)' 无效："
     "“provision”（一个条款）与“provisions”（条款列表）只能填写其一。"),
])
def test_input_errors_read_in_chinese_and_stay_as_given_in_english(field, value, allowed, expected):
    import penalty
    from app_pages import common

    err = penalty.InputError(field, value, allowed)
    token = common._LANG.set("zh")
    try:
        zh = common.error_text(err)
    finally:
        common._LANG.reset(token)
    token = common._LANG.set("en")
    try:
        assert common.error_text(err) == str(err)
    finally:
        common._LANG.reset(token)
    assert zh == expected.replace("决定日", t("decision_date", "zh"))


def test_every_similarity_tier_and_authority_level_has_words():
    from penalty.cases.likely import default_engine
    from penalty.models import AUTHORITY_LEVELS

    for tier in default_engine().settings.tiers:
        assert t(f"likely_basis_{tier}", "zh") and t(f"likely_basis_{tier}", "en")
    for level in ("unknown", *AUTHORITY_LEVELS):
        assert t(f"level_{level}", "zh")


def test_every_message_the_pages_name_indirectly_exists():
    from app_pages import common
    from penalty.messages import catalogue

    keys = {key for _, key in common._ALLOWED} | set(cites._FIELDS) | {"apl_revision", "provision_defined",
                                                                       "citation_span"}
    assert keys <= set(catalogue()), sorted(keys - set(catalogue()))
