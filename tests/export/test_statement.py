"""The discretion statement: built from the assessment's own reasons, assumptions and receipt, in
both languages and both formats; the DOCX converts to PDF (LibreOffice) and renders (poppler)."""

from __future__ import annotations

import json
import shutil
import subprocess
from decimal import Decimal

import docx
import pytest
from typer.testing import CliRunner

import penalty
from penalty.cli import app
from penalty.export.statement import (
    arithmetic,
    statement_docx,
    statement_markdown,
    write_statement,
)

from .spreadsheet import SOFFICE, libreoffice_profile, soffice_convert

DATES = {"violation_date": "2025-09-01", "decision_date": "2025-12-01"}
CASES = {
    "turnover": {**DATES, "provision": "pipl-66-2-entity-serious",
                 "turnover_cny": "3000000000.55", "illegal_gain_cny": "100",
                 "circumstances": ["eliminated_or_reduced_harm"], "label": "Client A"},
    "gains": {**DATES, "provision": "dsl-47-0-entity-base", "illegal_gain_cny": "1234567.89",
              "circumstances": ["serious_network_security_harm"], "persons_count": 2},
    "weighed": {**DATES, "provision": "csl2017-64-1-entity-base",
                "circumstances": ["serious_personal_information_violation",
                                  "coerced_or_induced"]},
    "no_fine": {**DATES, "provision": "alg-31-0-entity-base"},
    "expired": {"provision": "csl2017-59-1-entity-refuse_or_harm", "violation_date": "2022-01-10",
                "discovery_date": "2024-06-01", "decision_date": "2025-09-01"},
    "version": {"provision": "csl2017-59-1-entity-refuse_or_harm",
                "violation_date": "2025-06-01", "decision_date": "2026-02-01",
                "party": {"kind": "organisation", "name": "=HYPERLINK(\"x\")"},
                "prior_penalties": [{"decided_on": "2025-03-01"}]},
    "several": {**DATES, "provisions": ["csl2017-64-1-entity-base", "pipl-66-1-entity-base"],
                "illegal_gain_cny": "5000"},
}


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("name", list(CASES))
def test_markdown_is_built_from_the_assessment(name, lang):
    case = CASES[name]
    a = penalty.assess(case)
    md = statement_markdown(case, lang)
    for r in a.reasons:  # every reason, in the chosen language, with its citation
        text = r.zh if lang == "zh" else r.en
        assert text.replace("|", "\\|") in md or text in md, (r.code, text)
        assert ((r.citation_zh or r.citation) if lang == "zh" else r.citation) in md
    for n in a.assumptions:
        assert (n.zh if lang == "zh" else n.en) in md
    assert a.receipt.data_sha256 in md and a.receipt.engine_version in md
    headings = [line for line in md.splitlines() if line.startswith("## ")]
    assert len(headings) == 11
    if lang == "zh":
        assert headings[0] == "## 一、案件事实（依所提供的信息）"
        assert headings[9] == "## 十、当事人的权利和期限"
    else:
        assert [h.split(". ", 1)[1] for h in headings] == [
            "Facts as given", "Provision and version applied", "Limitation period",
            "Circumstances", "Band and range", "Directly responsible persons",
            "Confiscation", "Total exposure", "Assumptions", "The party's rights and deadlines",
            "Receipt"]


def test_arithmetic_is_shown_and_agrees_with_the_ranges():
    case = CASES["gains"]
    a = penalty.assess(case)
    cat = penalty.load_catalogue()
    lines = arithmetic(a, cat, "en", penalty.parse_case(case))
    # statutory range from the multiple, then the span and the six points (three per split)
    assert lines[0] == ("Illegal gains CNY 1,234,567.89 × 1 = CNY 1,234,567.89; × 10 = "
                        "CNY 12,345,678.90") or "Illegal gains" in lines[0]
    assert len([x for x in lines if " % point:" in x]) == 6
    lo, hi = a.statutory.low_cny, a.statutory.high_cny
    span = hi - lo
    assert f"Span: CNY {hi:,.2f} − CNY {lo:,.2f} = CNY {span:,.2f}" in lines
    # hand computation of the aggravated split (70 %) for this case
    seventy = lo + (span * 70 / 100).quantize(Decimal("0.01"), rounding="ROUND_DOWN")
    assert any(line.endswith(f"= CNY {seventy:,.2f}") or f"= CNY {seventy:,.2f} (" in line
               for line in lines if line.startswith("70 % point"))
    assert a.ranges["aggravated"].low_cny == seventy


def test_gains_below_the_threshold_show_no_multiple_and_serious_harm_names_the_period():
    # AFL Art. 42: gains under CNY 50,000 use the fallback range, so no multiple line is written
    low = {**DATES, "provision": "afl-42-0-entity-base", "illegal_gain_cny": "1"}
    a = penalty.assess(low)
    lines = arithmetic(a, penalty.load_catalogue(), "en", penalty.parse_case(low))
    assert not any("Illegal gains" in line for line in lines) and lines[0].startswith("Span:")
    # harm to life, health or finance: the longer period of APL Art. 36 (five years, by hand)
    md = statement_markdown({**DATES, "provision": "dsl-45-1-entity-base",
                             "circumstances": ["harm_to_life_health_or_finance"]}, "zh")
    assert "追责时效延长至5年" in md


def test_no_fine_and_expired_cases_say_so():
    md = statement_markdown(CASES["no_fine"], "en")
    assert "provides no fine of its own" in md and "Arithmetic" not in md
    md = statement_markdown(CASES["expired"], "en")
    assert "no penalty" in md.lower() and "after the 2-year period" in md


def test_user_text_cannot_break_the_markdown():
    case = {**CASES["no_fine"], "label": "a | b <script>x</script>"}
    md = statement_markdown(case, "en")
    assert "<script>" not in md and "a \\| b &lt;script&gt;" in md


@pytest.mark.parametrize("label, must_not", [
    ("# Pwned", "\n# Pwned"),
    ("![x](http://beacon.example/x.png)", "![x]("),
    ("[click](http://evil.example)", "[click]("),
    ("- a list", "\n- a list"),
    ("ok\n## injected", "\n## injected"),
    ("**loud**", "**loud**"),
])
def test_user_text_never_becomes_markdown_structure(label, must_not):
    """issue 13: a label cannot become a heading, an image beacon, a link or a list."""
    md = statement_markdown({**CASES["no_fine"], "label": label}, "en")
    assert must_not not in md, md[:200]


def test_control_characters_in_a_label_do_not_break_the_docx():
    data = statement_docx({**CASES["no_fine"], "label": "Client\x00 A\x1f=1"}, "en")
    text = "\n".join(p.text for p in docx.Document(__import__("io").BytesIO(data)).paragraphs)
    assert "Client\ufffd A\ufffd=1" in text


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_docx_holds_every_reason(lang):
    case = CASES["turnover"]
    a = penalty.assess(case)
    data = statement_docx(case, lang)
    import io

    d = docx.Document(io.BytesIO(data))
    text = "\n".join(p.text for p in d.paragraphs)
    cells = "\n".join(c.text for t in d.tables for row in t.rows for c in row.cells)
    for r in a.reasons:
        assert (r.zh if lang == "zh" else r.en) in text + cells
    assert len(d.tables) >= 5
    headings = [p.text for p in d.paragraphs if p.style.name == "Heading 1"]
    assert len(headings) == 11
    east = d.styles["Normal"].element.rPr.rFonts.get(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia")
    assert east  # an East Asian font is set, so Chinese text renders


@pytest.mark.skipif(SOFFICE is None or shutil.which("pdftoppm") is None
                    or shutil.which("pdftotext") is None,
                    reason="needs LibreOffice and poppler-utils (apt-get install "
                           "libreoffice-writer-nogui poppler-utils fonts-noto-cjk)")
def test_docx_converts_to_pdf_and_renders_in_both_languages(tmp_path):
    paths = []
    for lang in ("en", "zh"):
        p = tmp_path / f"statement-{lang}.docx"
        write_statement(CASES["gains"], p, "docx", lang)
        paths.append(p)
    pdfs = soffice_convert(paths, "pdf", tmp_path / "pdf", libreoffice_profile(tmp_path / "lo"))
    a = penalty.assess(CASES["gains"])
    for pdf, lang in zip(pdfs, ("en", "zh")):
        text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                              text=True, check=True).stdout
        squeezed = "".join(text.split())
        title = "Discretion statement" if lang == "en" else "行政处罚裁量说明"
        assert "".join(title.split()) in squeezed
        assert a.receipt.data_sha256[:16] in squeezed
        band_reason = next(r for r in a.reasons if r.code == "band")
        words = band_reason.zh if lang == "zh" else band_reason.en
        assert "".join(words.split())[:20] in squeezed
        subprocess.run(["pdftoppm", "-r", "50", "-png", "-f", "1", "-l", "1", str(pdf),
                        str(tmp_path / f"page-{lang}")], check=True)
        png = next(tmp_path.glob(f"page-{lang}*.png"))
        from PIL import Image

        img = Image.open(png).convert("L")
        dark = sum(img.histogram()[:128])
        assert dark > 2000  # the page has text on it, not a blank render


def test_cli_statement(tmp_path):
    case = tmp_path / "case.json"
    case.write_text(json.dumps(CASES["gains"]))
    runner = CliRunner()
    md = runner.invoke(app, ["statement", str(case), "--format", "md", "--lang", "zh"])
    assert md.exit_code == 0 and md.stdout.startswith("# 行政处罚裁量说明")
    out = tmp_path / "s.docx"
    res = runner.invoke(app, ["statement", str(case), "--format", "docx", "-o", str(out)])
    assert res.exit_code == 0 and out.read_bytes()[:2] == b"PK"
    res = runner.invoke(app, ["statement", str(case), "--format", "docx"])
    assert res.exit_code == 2 and "needs a file name" in res.output
    case.write_text("{not json")
    res = runner.invoke(app, ["statement", str(case), "-f", "md"])
    assert res.exit_code == 2 and "not valid JSON" in res.output
    case.write_text(json.dumps({**CASES["gains"], "provision": "nope"}))
    res = runner.invoke(app, ["statement", str(case), "-f", "md"])
    assert res.exit_code == 2 and "nope" in res.output


def test_cli_export_xlsx(tmp_path):
    case = tmp_path / "case.json"
    case.write_text(json.dumps(CASES["turnover"]))
    out = tmp_path / "w.xlsx"
    res = CliRunner().invoke(app, ["export", "xlsx", str(case), "-o", str(out)])
    assert res.exit_code == 0, res.output
    import openpyxl

    wb = openpyxl.load_workbook(out)
    assert wb["Scenarios"].max_row > 3


# ------------------------------------------------------------ rights and deadlines (issue 14)
WORKED = {"provision": "dsl-45-1-entity-base", "violation_date": "2025-09-01",
          "decision_date": "2026-04-15", "party": {"kind": "organisation"}}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_rights_section_shows_the_worked_example(lang):
    t = penalty.timeline(WORKED, notice_served="2026-03-02", decision_received="2026-04-15",
                         fine_cny=200000)
    md = statement_markdown(WORKED, lang, timeline=t)
    section = md.split("## 10. " if lang == "en" else "## 十、")[1].split("\n## ")[0]
    for d in t.deadlines:
        row = f"| {d.date.isoformat()} | {d.zh if lang == 'zh' else d.en} | "
        assert row in section, row
    assert "| 2026-03-09 |" in section and "| 2026-06-15 |" in section
    if lang == "en":
        assert "the notice of the intended penalty served on 2026-03-02" in section
        assert ("Late payment: CNY 6,000.00 per day from 2026-05-01, at most CNY 200,000.00, "
                "reached on 2026-06-03.") in section
        assert "a hearing can be requested" in section
    else:
        assert "2026-03-02送达行政处罚事先告知书" in section
        assert "自2026-05-01起每日加处6,000.00元，最多200,000.00元，于2026-06-03达到上限" in section
        assert "当事人有权要求听证" in section


def test_rights_section_by_default_counts_from_the_decision_date():
    md = statement_markdown(WORKED, "en")
    section = md.split("## 10. ")[1].split("\n## ")[0]
    assert "the decision received on 2026-04-15" in section
    assert "| 2026-04-30 |" in section  # payment: 15 days
    assert "within 5 working days after the notice" in section  # hearing, undated
    assert "CNY 5,550.00 to CNY 10,950.00 per day" in section  # the expected range


def test_rights_section_in_docx():
    import io

    t = penalty.timeline(WORKED, notice_served="2026-03-02", decision_received="2026-04-15",
                         fine_cny=200000)
    d = docx.Document(io.BytesIO(statement_docx(WORKED, "zh", timeline=t)))
    assert "十、当事人的权利和期限" in [p.text for p in d.paragraphs]
    cells = [c.text for tb in d.tables for row in tb.rows for c in row.cells]
    assert "2026-06-15" in cells and t.get("reconsideration").citation_zh in cells


def test_cli_statement_with_procedure_dates(tmp_path):
    f = tmp_path / "case.json"
    f.write_text(json.dumps(WORKED), encoding="utf-8")
    runner = CliRunner()
    res = runner.invoke(app, ["statement", str(f), "--format", "md", "--notice-served",
                              "2026-03-02", "--fine", "200000"])
    assert res.exit_code == 0, res.output
    assert "| 2026-03-09 |" in res.stdout  # hearing request, from the notice
    assert "| 2026-04-30 |" in res.stdout  # payment, from the case's decision date
    assert "CNY 6,000.00 per day" in res.stdout
    res = runner.invoke(app, ["statement", str(f), "--format", "md", "--notice-served",
                              "2026-05-01"])
    assert res.exit_code == 2
    assert "decision_received" in res.stderr and "notice_served (2026-05-01)" in res.stderr


# ----------------------------------------------------------------- issue 11: documents to send
import re  # noqa: E402

from penalty.export.statement import Letterhead  # noqa: E402

RAW_ID = re.compile(r"\b[a-z]+\d*-\d+-\d+-[a-z_]+\b")  # a catalogue id such as dsl-45-1-entity-base
HEAD = Letterhead(firm="King & Wood <LLP>", matter="M-2025-017", client="Client A Ltd.",
                  date="2025-12-02")


def test_letterhead_fields_head_the_statement_in_both_formats():
    md = statement_markdown(CASES["gains"], "en", letterhead=HEAD)
    top = md.split("# Discretion statement")[0]
    assert "**Firm:** King & Wood &lt;LLP&gt;" in top  # user text is not markup
    assert "**Matter:** M-2025-017" in top and "**Client:** Client A Ltd." in top
    assert "**Date:** 2025-12-02" in top
    zh = statement_markdown(CASES["gains"], "zh", letterhead=HEAD)
    assert "**委托人:** Client A Ltd." in zh.split("# 行政处罚裁量说明")[0]
    d = docx.Document(__import__("io").BytesIO(statement_docx(CASES["gains"], "en", letterhead=HEAD)))
    assert "King & Wood <LLP>" in d.sections[0].header.paragraphs[0].text
    body = "\n".join(p.text for p in d.paragraphs)
    assert "Matter: M-2025-017" in body and "Client: Client A Ltd." in body


def test_no_catalogue_ids_or_option_codes_in_the_statement():
    case = {**CASES["turnover"], "options": {"turnover_ceiling": "fixed",
                                             "repeat_window_anchor": "decision"}}
    for lang in ("en", "zh"):
        md = statement_markdown(case, lang)
        assert not RAW_ID.search(md), RAW_ID.search(md)
        assert "turnover_ceiling=" not in md and "eliminated_or_reduced_harm" not in md
    en = statement_markdown(case, "en")
    assert "Turnover-based ceiling: the fixed amount (chosen)" in en
    assert "One-year window for repeat offences counted back from: the decision date (chosen)" in en
    zh = statement_markdown(case, "zh")
    assert "以营业额计算的上限：固定金额（已选择）" in zh


def test_options_chosen_are_the_assumptions_reported():
    """The repeat window counted from the decision date: the statement, the JSON and the
    workbook report that choice, not the default text."""
    from penalty.export.xlsx import whatif_bytes

    case = {**CASES["version"], "options": {"repeat_window_anchor": "decision"}}
    a = penalty.assess(case)
    note = next(n for n in a.assumptions if n.id == "repeat_window_anchor")
    assert note.en.startswith("As chosen, the one-year window") and "decision date" in note.en
    assert "As chosen, the one-year window" in a.model_dump_json()
    md = statement_markdown(case, "en")
    assert note.en in md and "counted back from the end of the present violation." not in md
    import io

    import openpyxl

    wb = openpyxl.load_workbook(io.BytesIO(whatif_bytes(case)), read_only=True)
    texts = [c for row in wb["Reasons and assumptions"].iter_rows(values_only=True) for c in row if c]
    assert note.en in texts


def test_chinese_statement_cites_the_chinese_way():
    zh = statement_markdown(CASES["gains"], "zh")
    section = zh.split("## 九、假设")[1].split("## 十")[0]
    assert "《规定》第十二条" in section and "行政处罚法》第三十六条]" in section
    assert "Provision Art." not in section and "APL Art." not in section


@pytest.mark.parametrize("fmt", ["md", "docx"])
def test_bilingual_statement_sets_english_beside_chinese(fmt):
    if fmt == "md":
        md = statement_markdown(CASES["gains"], "bi", letterhead=HEAD)
        assert "# Discretion statement / 行政处罚裁量说明" in md
        assert "## 1. Facts as given / 一、案件事实（依所提供的信息）" in md
        # a table row carries the English and the Chinese cells side by side
        assert re.search(r"\| Decision date \| 2025-12-01 \| 决定日期 \| 2025-12-01 \|", md)
        assert "| English | 中文 |" in md
    else:
        d = docx.Document(__import__("io").BytesIO(statement_docx(CASES["gains"], "bi", letterhead=HEAD)))
        grid = d.tables[0]
        assert len(grid.columns) == 2
        assert grid.rows[0].cells[0].text.startswith("Discretion statement")
        assert grid.rows[0].cells[1].text.startswith("行政处罚裁量说明")
        assert "King & Wood <LLP>" in d.sections[0].header.paragraphs[0].text


def test_rights_section_says_so_when_no_deadline_can_be_counted():
    md = statement_markdown({**WORKED, "decision_date": "2095-01-01"}, "en")
    section = md.split("## 10. ")[1].split("\n## ")[0]
    assert "No deadlines could be counted: decision_made: '2095-01-01' is not valid" in section


def test_every_option_value_and_effect_has_words_in_both_languages():
    """The statement names options and legal effects in words from penalty/messages (a code
    shown instead would be a missing message, not a choice of wording)."""
    import typing

    from penalty.catalogue import load_catalogue
    from penalty.export.statement import effect_label, option_lines
    from penalty.messages import catalogue as messages
    from penalty.models import Options

    def values(tp) -> set[str]:  # the option values that have a word (numbers are shown as given)
        if tp is bool:
            return {"true", "false"}
        if tp is type(None):
            return {"none"}
        if typing.get_origin(tp) is typing.Literal:
            return {str(v) for v in typing.get_args(tp)}
        if typing.get_origin(tp) is typing.Annotated:
            return values(typing.get_args(tp)[0])
        return {v for a in typing.get_args(tp) for v in values(a)}

    keys = messages()
    assert values(Options.model_fields["first_violation_lookback_months"].annotation) == {"none"}
    for name, info in Options.model_fields.items():
        assert f"st_opt_{name}" in keys, name
        for v in values(info.annotation):
            assert f"st_opt_{name}_is_{v}" in keys, (name, v)
    case = penalty.parse_case({**DATES, "provision": "dsl-47-0-entity-base",
                               "options": {"prefer_mitigated": True,
                                           "first_violation_lookback_months": 24}})
    en, zh = option_lines(case, "en"), option_lines(case, "zh")
    assert "Lenient or mitigated, where the law does not choose: mitigated expected (chosen)" in en
    assert "法律未明确从轻或者减轻时：预计减轻处罚（已选择）" in zh
    assert "Look-back for a first violation, in months: 24 (chosen)" in en
    assert "认定初次违法的追溯期间（月）：不限（默认）" in option_lines(penalty.parse_case(
        {**DATES, "provision": "dsl-47-0-entity-base"}), "zh")
    cat = load_catalogue()
    for c in cat.circumstances.values():
        for lang in ("en", "zh"):
            assert effect_label(c.effect, cat, lang) != c.effect, (c.code, c.effect)
    assert effect_label("limitation_extended", cat, "zh") == "追责时效延长至5年"
