"""The what-if workbook, recalculated by real spreadsheet engines (LibreOffice Calc headless and
the ``formulas`` package): every live formula cell equals the library's number, to the fen, and
editing an input cell or a benchmark parameter moves the ranges exactly as the library would."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest

import penalty
from penalty.export.scenarios import Scenario, build_scenarios
from penalty.export.xlsx import (
    CHANGED,
    COLUMNS,
    FIRST_ROW,
    INDEX,
    LIVE_KEYS,
    NAMES,
    NOT_APPLICABLE,
    SAME,
    col_letter,
    whatif_bytes,
    write_workbook,
)

from .spreadsheet import (
    SOFFICE,
    Edits,
    convert_default_libreoffice,
    read_values,
    recalc,
    recalc_libreoffice_many,
)

ENGINES = [pytest.param("libreoffice", marks=pytest.mark.skipif(
    SOFFICE is None, reason="LibreOffice is not installed (apt-get install "
                            "libreoffice-calc-nogui)")),
           "formulas"]
DATES = {"violation_date": "2025-09-01", "decision_date": "2025-12-01"}

# One base case per fine basis and modality in the catalogue, with amounts that leave fractions
# of a fen (so the rounding rule is exercised), and the band situations of Arts. 7-11.
BASE_CASES: list[dict[str, Any]] = [
    {"provision": "csl2017-59-1-entity-refuse_or_harm", "illegal_gain_cny": "12345.67",
     "circumstances": ["eliminated_or_reduced_harm"], "label": "=HYPERLINK(\"http://x\",\"y\")"},
    {"provision": "afl-42-0-entity-base", "illegal_gain_cny": "98765.43"},  # multiple, threshold
    {"provision": "dsl-47-0-entity-base", "illegal_gain_cny": "1234567.89",
     "circumstances": ["serious_network_security_harm"]},
    {"provision": "csl2017-64-1-entity-base",  # "may", fallback range without gains
     "circumstances": ["serious_personal_information_violation", "coerced_or_induced"]},
    {"provision": "ciir-41-0-entity-base", "procurement_amount_cny": "1234567.89"},
    {"provision": "pipl-66-2-entity-serious", "turnover_cny": "3000000000.55"},
    {"provision": "mnpr-54-2-entity-serious", "turnover_cny": "1234567891.23",
     "options": {"turnover_ceiling": "turnover"}},
    {"provision": "mnpr-55-0-entity-base", "circumstances": ["first_offence_minor_harm_corrected"]},
    {"provision": "afl-41-0-entity-minor"},
    {"provision": "alg-31-0-entity-base"},  # no fine of its own
]


def _fen(value: Any) -> int:
    assert isinstance(value, (int, float)) and not isinstance(value, bool), value
    return int(round(value * 100))


def _dec_fen(d: Decimal) -> int:
    return int(d * 100)


def expected_live(a: penalty.Assessment | None, pcts: tuple[int, int, int] | None = None
                  ) -> dict[str, int | str | None]:
    """What each live column must show, from the library: fen for money, text for the check
    column, ``None`` for an empty cell."""
    out: dict[str, int | str | None] = dict.fromkeys(LIVE_KEYS)
    if a is None or a.statutory is None:
        out["check"] = NOT_APPLICABLE
        return out
    cat = penalty.load_catalogue()
    lo, hi = _dec_fen(a.statutory.low_cny), _dec_fen(a.statutory.high_cny)

    sp = cat.split_on()
    L, A, F = pcts or (sp.lenient_upper_pct, sp.aggravated_lower_pct, sp.float_pp)

    def at(pct: int) -> int:  # Provision Art. 12, hand-computed: minimum + pct % of the span,
        return lo + (hi - lo) * pct // 100  # rounded down to the fen

    len_low = lo  # an optional fine too: below the minimum is mitigation
    # (low, high, float low, float high) of each band
    bands = {"no_penalty": (0, 0, 0, 0), "mitigated": (0, lo, 0, lo),
             "lenient": (len_low, at(L), len_low, at(L + F)),
             "standard": (at(L), at(A), at(L - F), at(A + F)),
             "aggravated": (at(A), hi, at(A - F), hi)}
    out.update(stat_low=lo, stat_high=hi, s1=at(L), s2=at(A), s1_down=at(L - F),
               s1_up=at(L + F), s2_down=at(A - F), s2_up=at(A + F))
    for b in a.bands:
        out[f"{b}_low"], out[f"{b}_high"] = bands[b][:2]
        if f"f_{b}_low" in out:
            out[f"f_{b}_low"], out[f"f_{b}_high"] = bands[b][2:]
    if pcts is None:  # the library's own parameters: its ranges are the reference
        for b, r in a.ranges.items():  # the hand computation is the library's rule
            assert bands[b][:2] == (_dec_fen(r.low_cny), _dec_fen(r.high_cny)), b
        for b, r in a.float_ranges.items():
            assert bands[b][2:] == (_dec_fen(r.low_cny), _dec_fen(r.high_cny)), b
        assert a.fine is not None and a.float_fine is not None
        out.update(fine_low=_dec_fen(a.fine.low_cny), fine_high=_dec_fen(a.fine.high_cny),
                   ffine_low=_dec_fen(a.float_fine.low_cny),
                   ffine_high=_dec_fen(a.float_fine.high_cny), check=SAME)
    else:
        out["fine_low"] = min(bands[b][0] for b in a.bands)
        out["fine_high"] = max(bands[b][1] for b in a.bands)
        out["ffine_low"] = min(bands[b][2] for b in a.bands)
        out["ffine_high"] = max(bands[b][3] for b in a.bands)
    return out


def compare_row(values: dict, row: int, expected: dict[str, Any]) -> list[str]:
    """Differences between the recalculated live cells of sheet row ``row`` and ``expected``."""
    problems = []
    for key in LIVE_KEYS:
        got = values.get(("Scenarios", f"{col_letter(key)}{row}"))
        want = expected[key]
        if isinstance(want, int):
            if not isinstance(got, (int, float)) or _fen(got) != want or got != want / 100:
                problems.append(f"row {row} {key}: {got!r} != {want / 100!r}")
        elif want is None:
            if got is not None:
                problems.append(f"row {row} {key}: {got!r} is not empty")
        elif got != want:
            problems.append(f"row {row} {key}: {got!r} != {want!r}")
    return problems


@pytest.fixture(scope="module")
def scenarios() -> list[Scenario]:
    out: list[Scenario] = []
    for case in BASE_CASES:
        out += build_scenarios({**DATES, **case})
    return out


@pytest.fixture(scope="module")
def workbook(tmp_path_factory, scenarios) -> Path:
    path = tmp_path_factory.mktemp("xlsx") / "whatif.xlsx"
    write_workbook(path, scenarios)
    return path


def representative(scenarios: list[Scenario]) -> list[Scenario]:
    """Every base row, and the first row of each kind of variation under each fine basis: every
    formula path of the workbook, with fewer rows of the same paths. The ``formulas`` engine
    loads a workbook at about 0.2 s per row, so it recalculates these; LibreOffice, which loads
    the full workbook in a second, recalculates every row."""
    seen: set[tuple[str, str]] = set()
    out = []
    for s in scenarios:
        kind = s.key.split(":")[0]
        basis = s.assessment.fine_basis if s.assessment else "none"
        if kind == "base" or (kind, basis) not in seen:
            out.append(s)
        seen.add((kind, basis))
    return out


@pytest.fixture(scope="module")
def small_book(tmp_path_factory, scenarios) -> tuple[Path, list[Scenario]]:
    rows = representative(scenarios)
    path = tmp_path_factory.mktemp("xlsx") / "whatif-representative.xlsx"
    write_workbook(path, rows)
    return path, rows


@pytest.fixture
def book(request, engine, workbook, scenarios, small_book) -> tuple[Path, list[Scenario]]:
    """The workbook each engine recalculates, and its scenarios (see ``representative``)."""
    if engine == "formulas":
        return small_book
    request.getfixturevalue("_libreoffice_in_one_go")
    return workbook, scenarios


def test_representative_rows_keep_every_kind_and_basis(scenarios):
    rows = representative(scenarios)
    assert len(rows) < len(scenarios)
    kinds = {(s.key.split(":")[0], s.assessment.fine_basis if s.assessment else "none")
             for s in scenarios}
    assert kinds == {(s.key.split(":")[0], s.assessment.fine_basis if s.assessment else "none")
                     for s in rows}
    assert [s for s in scenarios if s.key == "base"] == [s for s in rows if s.key == "base"]


def test_scenarios_cover_every_kind_of_variation(scenarios):
    keys = [s.key.split(":")[0] for s in scenarios]
    for kind in ("base", "without", "with", "illegal_gain_cny", "turnover_cny",
                 "procurement_amount_cny", "version"):
        assert kind in keys, kind
    assert sum(1 for s in scenarios if s.assessment is not None) >= 50
    bases = {s.assessment.fine_basis for s in scenarios if s.assessment}
    assert bases == {"none", "fixed", "gain_multiple", "procurement_multiple",
                     "fixed_or_turnover"}
    assert any(s.assessment and s.assessment.band is None for s in scenarios)  # Art. 10
    assert any(s.assessment and s.assessment.fine_optional for s in scenarios)


@pytest.mark.parametrize("engine", ENGINES)
def test_every_formula_cell_equals_the_library(engine, book):
    workbook, scenarios = book
    values = recalc(engine, workbook)
    problems: list[str] = []
    for i, s in enumerate(scenarios):
        problems += compare_row(values, FIRST_ROW + 1 + i, expected_live(s.assessment))
    assert problems == [], "\n".join(problems[:30])
    # the library columns hold the library's values, untouched by the engine
    for i, s in enumerate(scenarios):
        a = s.assessment
        if a is not None and a.fine is not None:
            got = values[("Scenarios", f"{col_letter('lib_fine_high')}{FIRST_ROW + 1 + i}")]
            assert _fen(got) == _dec_fen(a.fine.high_cny)


VIEWERS = ["openpyxl_data_only", pytest.param("libreoffice_default", marks=pytest.mark.skipif(
    SOFFICE is None, reason="LibreOffice is not installed"))]


@pytest.mark.parametrize("viewer", VIEWERS)
def test_viewers_that_do_not_recalculate_show_the_library_numbers(viewer, workbook, scenarios):
    """Every formula cell carries the library's value as its cached result: read without any
    recalculation (openpyxl ``data_only``, and LibreOffice with a default profile, which does not
    recalculate an xlsx on load) it shows the same numbers as a recalculating engine, not 0."""
    values = read_values(workbook) if viewer == "openpyxl_data_only" \
        else convert_default_libreoffice(workbook)
    problems: list[str] = []
    for i, s in enumerate(scenarios):
        problems += compare_row(values, FIRST_ROW + 1 + i, expected_live(s.assessment))
    assert problems == [], "\n".join(problems[:30])
    # a concrete cell by hand: DSL 47 base row, statutory high = 10 x gains 1,234,567.89
    row = _row_of(scenarios, "dsl-47-0-entity-base")
    got = values[("Scenarios", f"{col_letter('fine_high')}{row}")]
    assert isinstance(got, (int, float)) and got > 0


def test_pandas_reads_the_numbers(workbook, scenarios):
    import pandas as pd

    df = pd.read_excel(workbook, sheet_name="Scenarios", header=None)
    row = _row_of(scenarios, "pipl-66-2-entity-serious") - 1
    a = next(s.assessment for s in scenarios
             if s.key == "base" and s.case is not None and s.case.provision == "pipl-66-2-entity-serious")
    assert df.iat[row, COLUMNS.index(next(c for c in COLUMNS if c.key == "fine_high"))] == \
        float(a.fine.high_cny)


def _row_of(scenarios: list[Scenario], provision: str, key: str = "base") -> int:
    for i, s in enumerate(scenarios):
        if s.key == key and s.case is not None and s.case.provision == provision:
            return FIRST_ROW + 1 + i
    raise AssertionError(f"no {key} scenario for {provision}")


def _live_cells(rows) -> list[tuple[str, str]]:
    """The live (formula) cells that :func:`compare_row` reads in each of ``rows``."""
    return [("Scenarios", f"{col_letter(key)}{row}") for row in rows for key in LIVE_KEYS]


EDIT_ROUNDS = [
    # (provision of a base row, column, new value, field of the case it corresponds to);
    # one edit per row in each round
    [("afl-42-0-entity-base", "gains", 77777.77, "illegal_gain_cny"),
     ("dsl-47-0-entity-base", "gains", 9999999.99, "illegal_gain_cny"),
     ("ciir-41-0-entity-base", "procurement", 7654321.01, "procurement_amount_cny"),
     ("pipl-66-2-entity-serious", "turnover", 999999999.99, "turnover_cny")],  # fixed cap
    [("afl-42-0-entity-base", "gains", 1234.56, "illegal_gain_cny"),  # below the threshold
     ("pipl-66-2-entity-serious", "turnover", 4567890123.45, "turnover_cny"),
     ("mnpr-54-2-entity-serious", "turnover", 20000000.01, "turnover_cny")],
]


def amount_edits(scenarios: list[Scenario], edit_round: int) -> tuple[Edits, dict[int, Any]]:
    """The cell edits of ``EDIT_ROUNDS[edit_round]`` and the library's assessment of each
    edited row (by sheet row)."""
    edits: Edits = {}
    expected = {}
    for provision, column, value, field in EDIT_ROUNDS[edit_round]:
        row = _row_of(scenarios, provision)
        base = next(s for s in scenarios if s.key == "base" and s.case and
                    s.case.provision == provision)
        case = base.case.model_dump(mode="json", exclude_none=True)
        case[field] = f"{value:.2f}"
        edits[("Scenarios", f"{col_letter(column)}{row}")] = value
        a = penalty.assess(case)
        assert a.fine != base.assessment.fine, provision  # the edit matters
        expected[row] = a
    return edits, expected


PCTS = (25, 75, 5)  # edited benchmark parameters: lenient upper, aggravated lower, float
PARAMETER_EDITS: Edits = {("Parameters", "B2"): PCTS[0], ("Parameters", "B3"): PCTS[1],
                          ("Parameters", "B4"): PCTS[2]}


@pytest.fixture(scope="module")
def _libreoffice_in_one_go(workbook, scenarios) -> None:
    """Every LibreOffice recalculation of this file (the workbook as written, each round of
    amount edits, the edited parameters) in one LibreOffice process; the tests read the kept
    values through ``recalc``."""
    if SOFFICE is not None:
        recalc_libreoffice_many([(workbook, None), *[
            (workbook, amount_edits(scenarios, r)[0]) for r in range(len(EDIT_ROUNDS))],
            (workbook, PARAMETER_EDITS)])


@pytest.mark.parametrize("edit_round", [0, 1])
@pytest.mark.parametrize("engine", ENGINES)
def test_editing_an_amount_moves_the_ranges_as_the_library_would(engine, edit_round, book):
    workbook, scenarios = book
    edits, expected = amount_edits(scenarios, edit_round)
    values = recalc(engine, workbook, edits, cells=_live_cells(expected))
    problems = []
    for row, a in expected.items():
        want = expected_live(a)
        want["check"] = CHANGED  # the library columns still hold the old values
        problems += compare_row(values, row, want)
    assert problems == [], "\n".join(problems[:30])


@pytest.mark.parametrize("engine", ENGINES)
def test_editing_a_benchmark_parameter_moves_every_split(engine, book):
    workbook, scenarios = book
    values = recalc(engine, workbook, PARAMETER_EDITS,
                    cells=_live_cells(FIRST_ROW + 1 + i for i in range(len(scenarios))))
    problems = []
    moved_rows = 0
    for i, s in enumerate(scenarios):
        want = expected_live(s.assessment, PCTS)
        base = expected_live(s.assessment)
        moved = any(want[k] != base[k] for k in ("fine_low", "fine_high", "ffine_low",
                                                  "ffine_high"))
        moved_rows += moved
        want["check"] = CHANGED if moved else base["check"]
        problems += compare_row(values, FIRST_ROW + 1 + i, want)
    assert problems == [], "\n".join(problems[:30])
    assert moved_rows >= len(scenarios) // 2  # most rows have a split to move


def test_workbook_layout(workbook, scenarios):
    wb = openpyxl.load_workbook(workbook)
    assert wb.sheetnames == ["Scenarios", "Parameters", "Provisions", "Reasons and assumptions",
                             "Observed practice", "Receipt"]
    ws = wb["Scenarios"]
    assert ws.freeze_panes == "B3"
    cat = penalty.load_catalogue()
    names = {n: wb.defined_names[n].attr_text for n in NAMES.values()}
    assert names == {"LenientUpperPct": "Parameters!$B$2", "AggravatedLowerPct":
                     "Parameters!$B$3", "FloatPp": "Parameters!$B$4"}
    p = wb["Parameters"]
    assert [p["B2"].value, p["B3"].value, p["B4"].value] == [
        30, 70, 10]  # Provision Art. 12, in force at the base case's decision
    assert ws.cell(row=2, column=INDEX["mitigated_low"] + 1).value == \
        "Mitigated: low (CNY)\n减轻处罚：下限（元）"  # band names from data/benchmark.yaml
    for j, c in enumerate(COLUMNS, start=1):
        header = ws.cell(row=2, column=j).value
        assert header == c.header(cat)  # bilingual headers
        assert "{" not in header and "\n" in header, header
        cell = ws.cell(row=3, column=j)
        if c.kind == "cny":
            assert "#,##0.00" in cell.number_format, c.key
        assert ws.column_dimensions[cell.column_letter].width >= 8
        if c.group == "live":
            assert str(cell.value).startswith("="), c.key  # a formula, not a value
    # the live formulas use the named parameters and the fen rounding rule
    s1 = ws[f"{col_letter('s1')}3"].value
    assert "LenientUpperPct" in s1 and "INT(" in s1 and "ROUND(" in s1
    # reasons and assumptions: every reason of every scenario is listed
    reasons = wb["Reasons and assumptions"]
    n_reasons = sum(len(s.assessment.reasons) + len(s.assessment.assumptions)
                    for s in scenarios if s.assessment)
    assert reasons.max_row - 1 == n_reasons + sum(1 for s in scenarios if s.assessment is None)
    receipt = {r[0].value: r[1].value for r in wb["Receipt"].iter_rows(min_row=2)}
    assert receipt["Data digest (SHA-256) / 数据摘要"] == cat.digest
    prov = wb["Provisions"]
    listed = {r[0].value for r in prov.iter_rows(min_row=2)}
    assert {s.assessment.provision_applied for s in scenarios if s.assessment} <= listed


def test_user_text_is_never_a_formula(workbook, tmp_path):
    from penalty.export.safety import is_dangerous

    wb = openpyxl.load_workbook(workbook)
    label = next(c for c in wb["Scenarios"]["A"] if c.value and "HYPERLINK" in str(c.value))
    assert label.data_type == "s" and label.value.endswith('=HYPERLINK("http://x","y")')
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                if ws.title == "Scenarios" and c.row > FIRST_ROW and \
                        COLUMNS[c.column - 1].group == "live":
                    continue  # our own formulas
                assert c.data_type != "f", (ws.title, c.coordinate)
                assert not (isinstance(c.value, str) and is_dangerous(c.value)), \
                    (ws.title, c.coordinate, c.value)
    # a scenario whose name itself starts with "=" is written as text with an apostrophe
    (base,) = build_scenarios({**DATES, "provision": "afl-41-0-entity-minor"}, variations=False)
    evil = Scenario("=1+1", "=1+1", "@SUM(A1)", base.case, base.assessment)
    path = tmp_path / "evil.xlsx"
    write_workbook(path, [evil])
    cell = openpyxl.load_workbook(path)["Scenarios"]["A3"]
    assert cell.data_type == "s" and cell.value == "'=1+1 / @SUM(A1)"


def test_library_function_returns_bytes_for_a_download_button():
    data = whatif_bytes({**DATES, "provision": "pipl-66-2-entity-serious",
                         "turnover_cny": "10"})
    assert data[:2] == b"PK"
    import io

    wb = openpyxl.load_workbook(io.BytesIO(data))
    assert wb["Scenarios"].max_row >= FIRST_ROW + 1


def test_invalid_base_case_is_refused():
    with pytest.raises(penalty.InputError) as err:
        whatif_bytes({**DATES, "provision": "no-such-id"})
    assert "no-such-id" in str(err.value)


def test_generated_date_is_written_when_given(tmp_path):
    path = tmp_path / "w.xlsx"
    write_workbook(path, build_scenarios({**DATES, "provision": "afl-41-0-entity-minor"},
                                         variations=False),
                   generated=dt.datetime(2025, 12, 1, 9, 30))
    wb = openpyxl.load_workbook(path)
    receipt = {r[0].value: r[1].value for r in wb["Receipt"].iter_rows(min_row=2)}
    assert receipt["Generated / 生成时间"] == "2025-12-01T09:30:00"
    assert wb["Scenarios"].max_row == FIRST_ROW + 1


def test_workbook_words_come_from_the_catalogue_and_the_band_data(workbook):
    """Sheet names valid for Excel (formulas and defined names refer to them); the split-point
    headers name both bands by their labels in data/benchmark.yaml; scenario names from the
    message catalogue with amounts written by penalty.money and laws named from data."""
    from penalty.export.xlsx import SHEETS
    from penalty.messages import pair

    wb = openpyxl.load_workbook(workbook)
    assert list(SHEETS.values()) == wb.sheetnames
    for name in wb.sheetnames:
        assert 0 < len(name) <= 31 and not set(name) & set("[]:*?/\\"), name
    assert all(d.attr_text.startswith(f"{SHEETS['parameters']}!") for d in wb.defined_names.values())
    cat = penalty.load_catalogue()
    label = {b.code: b for b in cat.bands}
    ws = wb[SHEETS["scenarios"]]
    s2 = ws.cell(row=2, column=INDEX["s2"] + 1).value
    assert s2 == (f"Split {label['standard'].en} | {label['aggravated'].en} (CNY)\n"
                  f"{label['standard'].zh}与{label['aggravated'].zh}分界（元）")
    assert s2 == "Split Standard | Aggravated (CNY)\n一般处罚与从重处罚分界（元）"
    p = wb[SHEETS["parameters"]]
    assert p["A2"].value == "Lenient band ends at this % of the statutory span\n从轻处罚上限（法定幅度的百分比）"
    names = [c.value for c in ws["A"][FIRST_ROW:]]
    assert names[0].startswith("{} / {}".format(*pair("wb_sc_base")))
    base = build_scenarios({**DATES, "provision": "dsl-47-0-entity-base"})
    probe = next(s for s in base if s.key == "illegal_gain_cny:probe")
    assert probe.en.startswith("Illegal gains of CNY ") and probe.zh.startswith("违法所得")
    assert probe.zh.endswith("元") and "CNY" not in probe.zh


def test_version_scenario_names_the_law_in_chinese():
    s = next(x for x in build_scenarios({"provision": "csl2017-59-1-entity-refuse_or_harm",
                                         "violation_date": "2025-06-01",
                                         "decision_date": "2025-12-01"})
             if x.key.startswith("version:"))
    assert s.en == "Decided under CSL 2026 (from 2026-01-01)"
    assert s.zh == "按《中华人民共和国网络安全法》2026年版本作出决定（2026-01-01起施行）"
