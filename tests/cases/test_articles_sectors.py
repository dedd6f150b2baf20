"""The free-text article reader, the --article filter and the sector vocabulary."""

from __future__ import annotations

import json

import pytest
from conftest import make_case
from typer.testing import CliRunner

from penalty.cases.articles import chinese_number, cited_articles, parse_article_query
from penalty.cases.cli import cases_app
from penalty.cases.filters import CaseFilter, article_matches
from penalty.cases.schema import known_law_codes
from penalty.cases.sectors import SECTOR_GROUPS, sector_groups, vocabulary_markdown

CODES = {"CSL", "DSL", "PIPL", "MLPS", "NICEG", "UAN"}


@pytest.mark.parametrize("text, laws, expected", [
    ("CSL Art 47 (violation); Art 68 (penalty)", "CSL", {("CSL", 47), ("CSL", 68)}),
    ("CSL Art 21(5); Art 59 para 1; MLPS Administrative Measures Art 14 para 1", "CSL;MLPS",
     {("CSL", 21), ("CSL", 59), ("MLPS", 14)}),
    ("DSL (article not quoted; Art 27/45 implied)", "DSL", {("DSL", 27), ("DSL", 45)}),
    # an instrument named in words: its articles have no law when the case cites several laws
    ("CSL Art 47; Art 68; Provisions on Ecological Governance of Network Information Content Art 10, Art 35",
     "CSL;NICEG", {("CSL", 47), ("CSL", 68), (None, 10), (None, 35)}),
    # ... and the case's only law when it cites one
    ("《中华人民共和国数据安全法》第二十七条、第四十五条第一款", "DSL", {("DSL", 27), ("DSL", 45)}),
    ("not itemised (CSL, PIPL cited; PIPL Art 66 per secondary commentary)", "PIPL;CSL", {("PIPL", 66)}),
    ("not specified", "CSL", set()),
])
def test_cited_articles(text, laws, expected):
    assert cited_articles(text, laws.split(";"), CODES) == expected


@pytest.mark.parametrize("cn, n", [("四十五", 45), ("十", 10), ("二十七", 27), ("一百零二", 102), ("六十六", 66),
                                   ("45", 45)])
def test_chinese_numbers(cn, n):
    assert chinese_number(cn) == n


@pytest.mark.parametrize("q, expected", [(45, (None, 45)), ("45", (None, 45)), ("Art 45", (None, 45)),
                                         ("DSL Art 45", ("DSL", 45)), ("dsl 45", ("DSL", 45)),
                                         ("第四十五条", (None, 45)), ("DSL 第四十五条", ("DSL", 45))])
def test_parse_article_query(q, expected):
    assert parse_article_query(q, CODES) == expected


def test_parse_article_query_rejects_nonsense_with_the_valid_forms():
    with pytest.raises(ValueError, match="第四十五条"):
        parse_article_query("Art 27/45", CODES)
    with pytest.raises(ValueError, match="'DSL Art 45'"):
        parse_article_query("forty-five", CODES)


def test_article_filter_matches_unlinked_text(core):
    unlinked = make_case(provision_ids="", provision_link_confidence="none", articles="DSL Art 27; Art 45 para 1")
    assert article_matches(unlinked, 45, None, core)
    assert article_matches(unlinked, "DSL Art 45", None, core)
    assert article_matches(unlinked, "第四十五条", "DSL", core)
    assert not article_matches(unlinked, "PIPL Art 45", None, core)
    assert not article_matches(unlinked, 46, None, core)
    assert CaseFilter(law="DSL", article="Art 27").matches(unlinked, core)
    # a linked provision still matches even when the text names no article
    linked = make_case(articles="DSL (article not stated)")
    assert CaseFilter(article=45).matches(linked, core)


def test_cli_article_filter_reads_the_articles_text(core):
    # DSL Art 27 is the duty article: no catalogue provision carries it (the fine is Art 45), so
    # only the articles text can find these decisions.
    r = CliRunner().invoke(cases_app, ["list", "--article", "DSL Art 27", "--json"])
    assert r.exit_code == 0, r.output
    cases = json.loads(r.stdout)["cases"]
    assert len(cases) >= 5
    for c in cases:
        assert "27" in c["articles"] and "DSL" in c["laws"]
        assert all(core.provision(p).article != 27 for p in c["provision_ids"])
    same = CliRunner().invoke(cases_app, ["list", "--law", "DSL", "--article", "第二十七条", "--json"])
    assert {c["case_id"] for c in json.loads(same.stdout)["cases"]} == {c["case_id"] for c in cases}
    bad = CliRunner().invoke(cases_app, ["list", "--article", "PIPL Art 66", "--law", "DSL"])
    assert bad.exit_code != 0 and "give one law" in bad.output


@pytest.mark.parametrize("text, groups", [
    ("healthcare (hospital)", {"healthcare"}), ("hospitality (hotel)", {"travel_mobility"}),
    ("social media / messaging", {"social_media"}), ("banking", {"finance"}),
    ("short video / live streaming", {"video_live"}), ("医院", {"healthcare"}),
    ("technology (listed company)", {"it_software"}), ("undisclosed", set()),
])
def test_sector_groups(text, groups):
    assert sector_groups(text) == groups


def test_every_disclosed_sector_in_the_file_has_a_group(caseset):
    missing = sorted({c.sector for c in caseset.cases
                      if c.sector and c.party_type != "individual" and not sector_groups(c.sector)
                      and "undisclosed" not in c.sector and "mixed" not in c.sector})
    assert missing == []


def test_vocabulary_table_is_in_the_readme():
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[2] / "data" / "README.md").read_text(encoding="utf-8")
    assert vocabulary_markdown() in readme
    assert len(SECTOR_GROUPS) >= 10
    assert known_law_codes() >= {"CSL", "DSL", "PIPL"}
