"""Issue 11 read through as a lawyer in both languages: what a screenshot showed wrong, one test
per fix (English inside Chinese mode, raw ids, unexplained blanks)."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest
from test_app import APP, no_exception

BASE = {"p": "dsl-45-1-entity-base", "vd": "2025-09-01", "de": "2025-12-01"}


@pytest.fixture
def at() -> AppTest:
    return AppTest.from_file(APP, default_timeout=60)


@pytest.mark.parametrize(("lang", "placeholder"), [("en", "none"), ("zh", "无")])
def test_also_breached_placeholder_in_the_page_language(at: AppTest, lang: str,
                                                         placeholder: str) -> None:
    # Streamlit's own placeholder is the English "Choose options", shown in Chinese mode too
    at.query_params.update({**BASE, "lang": lang})
    at.run()
    no_exception(at)
    assert at.multiselect(key="in_also").placeholder == placeholder


def _sweep_spec(at: AppTest) -> dict:
    import json

    for el in at.get("vega_lite_chart"):
        spec = json.loads(el.proto.spec)
        if spec.get("mark", {}).get("type") == "line":
            return spec
    raise AssertionError("no sweep chart")


def test_sweep_chart_fine_axis_is_linear_when_the_fines_are_of_one_size() -> None:
    # PIPL Art. 66(2) swept over turnover: fines from CNY 15m to 70m (5 % of CNY 2bn is 100m,
    # its standard band 30m-70m); a symlog axis squeezed both lines against the top
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params.update({**BASE, "p": "pipl-66-2-entity-serious", "turnover": "200000000"})
    at.run()
    at.switch_page("app_pages/whatif.py").run()
    no_exception(at)
    spec = _sweep_spec(at)
    from penalty.whatif import sweep

    pts = [p for p in sweep(at.session_state["case"], "turnover_cny") if p.value_cny > 0]
    fines = [v for p in pts for v in (p.outcome.fine.low_cny, p.outcome.fine.high_cny)]
    assert min(fines) == 15_000_000 and max(fines) == 70_000_000
    assert spec["encoding"]["y"]["scale"] == {"type": "linear"}


def test_single_change_chart_marks_a_no_penalty_outcome() -> None:
    # "+ minor, corrected, no harm" gives no penalty, CNY 0 - 0: a bar of no width was invisible,
    # so the chart seemed to say nothing about it; a tick now marks the amount
    import json

    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params.update(BASE)
    at.run()
    at.switch_page("app_pages/whatif.py").run()
    no_exception(at)
    specs = [json.loads(el.proto.spec) for el in at.get("vega_lite_chart")]
    single = next(s for s in specs if any(
        "datum.low == datum.high" in json.dumps(layer.get("transform", []))
        for layer in s.get("layer", [])))
    tick = next(la for la in single["layer"] if la["mark"]["type"] == "tick")
    assert "x2" not in tick["encoding"] and tick["encoding"]["color"]["field"] == "band"


def _cases_table(at: AppTest):
    for df in at.dataframe:
        frame = df.value
        if any(col in frame.columns for col in ("Fine / turnover", "罚款占营业额")):
            return frame
    raise AssertionError("no cases table")


@pytest.mark.parametrize(("lang", "share", "none", "date"), [
    ("en", "Fine / turnover", "turnover not published", "Decided"),
    ("zh", "罚款占营业额", "营业额未公布", "决定日期")])
def test_cases_page_share_of_turnover_or_why_not(lang: str, share: str, none: str, date: str) -> None:
    from penalty.cases.load import load_cases

    cs = load_cases()
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params.update({"lang": lang})
    at.run()
    at.switch_page("app_pages/cases.py").run()
    no_exception(at)
    table = _cases_table(at)
    didi = next(i for i, d in enumerate(table[date]) if d == "2022-07-21")
    assert table[share].iloc[didi] == "4.61 %"  # 8,026,000,000 / 173,827,382,000, rounded down
    fined = sum(1 for c in cs.cases if c.fine_entity_cny is not None)
    assert list(table[share]).count(none) == fined - 1  # every other fined row says why
    assert list(table[share]).count("—") == len(cs.cases) - fined  # no fine on an organisation
    import json

    config = json.loads(next(d for d in at.dataframe if share in d.value.columns).proto.columns)
    assert config[share]["width"] == "medium" and config[share]["help"]  # not cut, explained
    assert any(f"{len(cs.cases)}" in c.value and ("1" in c.value) and
               ("not published" in c.value or "未公布" in c.value) for c in at.caption)


def test_cases_page_in_chinese_names_the_laws_of_unlinked_rows_in_chinese() -> None:
    from penalty.cases.load import load_cases

    cs = load_cases()
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params.update({"lang": "zh"})
    at.run()
    at.switch_page("app_pages/cases.py").run()
    no_exception(at)
    articles = list(_cases_table(at)["条款"])
    unlinked = [c for c in cs.cases if not c.provision_ids]
    assert unlinked
    for text in articles:
        assert not any(c.articles == text for c in unlinked), text  # not the English wording
        assert "not itemised" not in text and "UNSPECIFIED" not in text
    # the Kuaishou decision (CSL and APL cited, no provision linked) by its law's Chinese name
    assert "《中华人民共和国网络安全法》（具体条款未对应至法条目录，见来源）" in articles
    # the statistics' count column is a noun phrase, not a dangling "公开罚款金额的"
    assert any("其中公开罚款金额" in df.value.columns for df in at.dataframe)


@pytest.mark.parametrize(("lang", "name", "other"), [
    ("en", "Data Security Law", "The source names no law"),
    ("zh", "数据安全法", "来源未列明所依据的法律")])
def test_fines_by_year_chart_names_the_laws_not_their_codes(lang: str, name: str, other: str) -> None:
    from penalty.cases.load import load_cases

    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params.update({"lang": lang})
    at.run()
    at.switch_page("app_pages/cases.py").run()
    no_exception(at)
    import pyarrow as pa

    laws: set[str] = set()
    for el in at.get("vega_lite_chart"):
        for d in el.proto.datasets:
            frame = pa.ipc.open_stream(d.data.data).read_pandas()
            if "law" in frame.columns and "fine_cny" in frame.columns:
                laws |= set(frame["law"])
    cs = load_cases()
    assert any("UNSPECIFIED" in c.laws for c in cs.cases if c.fine_entity_cny is not None)
    # the legend's values are the data's law column: names, and no code of the case set
    assert name in laws and other in laws, laws
    assert not laws & {"DSL", "CSL", "PIPL", "UNSPECIFIED", "FINREG", "LOCAL"}


def test_catalogue_in_chinese_has_no_law_code_in_the_version_column() -> None:
    import penalty

    cat = penalty.load_catalogue()
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params.update({"lang": "zh"})
    at.run()
    at.switch_page("app_pages/catalogue.py").run()
    no_exception(at)
    table = next(df.value for df in at.dataframe if "版本" in df.value.columns)
    versions = set(table["版本"])
    assert "《个人信息保护法》2021年文本" in versions
    assert not any(code in v for v in versions for code in cat.laws), versions
    # a provision without a fine says so once, with full-width brackets elsewhere
    at.selectbox(key="cg_detail").set_value("alg-31-0-entity-base").run()
    shown = "\n".join(m.value for m in at.markdown)
    assert "**罚款**：无罚款" in shown and "— (" not in shown
    assert "警告（应当并处）" in shown


def _page(page: str | None, lang: str, **q: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=90)
    at.query_params.update({**q, "lang": lang})
    at.run()
    if page:
        at.switch_page(page).run()
    no_exception(at)
    return at


def _all_text(at: AppTest) -> str:
    parts = [str(e.value) for kind in ("markdown", "caption") for e in getattr(at, kind)]
    parts += [df.value.to_string() for df in at.dataframe]
    return "\n".join(parts)


def test_similar_cases_name_a_non_cac_authority_in_words() -> None:
    # violation 2022, decision 2025: police decisions are among the similar cases
    at = _page(None, "en", **{**BASE, "vd": "2022-01-01"})
    why = " ".join(" ".join(df.value["Why similar"]) for df in at.dataframe
                   if "Why similar" in df.value.columns)
    assert "not a CAC decision (Public security)" in why
    assert "public_security" not in _all_text(at)


def test_method_page_numbering_note_in_chinese() -> None:
    import penalty

    caveat = penalty.load_catalogue().benchmark.provision.numbering_caveat_zh
    at = _page("app_pages/method.py", "zh")
    captions = [c.value for c in at.caption]
    assert f"{caveat}。" in captions
    assert not any("Article numbers" in c for c in captions)


def test_procedure_calendar_source_in_chinese() -> None:
    from penalty.catalogue.procedure import load_procedure

    src = load_procedure().counting.calendar.source_zh
    at = _page(None, "zh", **BASE)
    assert any(c.value.startswith(f"日历：{src}") for c in at.caption)
    assert not any("official calendar" in c.value for c in at.caption)


def test_source_links_open_the_address_without_the_note() -> None:
    from penalty.cases.browse import source_note, source_url

    # a source entry is "address (note)": the link is the address alone
    entry = "http://m.turbofireresults.com/news/4_35 (reprint of Henan police '净网2019' Q1 cases)"
    assert source_url(entry) == "http://m.turbofireresults.com/news/4_35"
    assert source_note(entry) == "(reprint of Henan police '净网2019' Q1 cases)"
    assert source_url("cite: a law-firm newsletter") is None
    at = _page("app_pages/cases.py", "en")
    table = next(df.value for df in at.dataframe if "Sources" in df.value.columns)
    links = [u for u in table["Sources"] if isinstance(u, str)]
    assert links and all(u.startswith("http") and " " not in u for u in links)


def test_coverage_tables_in_words_in_chinese() -> None:
    at = _page("app_pages/cases.py", "zh")
    shown = _all_text(at)
    for code in ("official_notice", "news_digest", "no date", "fine imposed", "UNSPECIFIED",
                 "FINREG"):
        assert code not in shown, code
    assert "官方通报" in shown and "来源类型" in shown and "数据安全法" in shown


def test_headline_in_chinese_punctuation() -> None:
    # bands side by side (circumstances both ways): the captions and the statutory range line
    at = _page(None, "zh", **{**BASE, "c": "eliminated_or_reduced_harm,evidence_tampering"})
    captions = [c.value for c in at.caption]
    assert any(c.startswith("总风险敞口：0元") for c in captions), captions
    assert not any(c.startswith(("含上下浮动的罚款:", "总风险敞口:")) for c in captions)
    assert "**法定幅度**：50,000元 – 500,000元（《中华人民共和国数据安全法》第四十五条第一款）" in \
        [m.value for m in at.markdown]
