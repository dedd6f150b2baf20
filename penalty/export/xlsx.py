"""The what-if workbook (XLSX): a case, its variations, and live formulas a lawyer can edit.

Sheets:

- **Scenarios**: one row per scenario (see :mod:`penalty.export.scenarios`). Three groups of
  columns: the *inputs* (the case, the amounts, the applied provision's fine parameters from the
  catalogue, the open bands the library found), the *library result* (values as
  :func:`penalty.assess` returned them; they do not change when a cell is edited) and the *live
  formulas* (statutory range, split points, float, every band's range and the fine range as
  spreadsheet formulas over the row's inputs and over the named benchmark parameters). A last
  column says whether the live fine range still equals the library's.
- **Parameters**: the named cells ``LenientUpperPct``, ``AggravatedLowerPct`` and ``FloatPp``
  (Provision Art. 12, values from ``data/benchmark.yaml``), the bands and the APL numbers.
- **Provisions**: every provision the scenarios touch, with citations, versions and fine terms.
- **Reasons and assumptions**: the library's reasons and assumptions for every scenario.
- **Receipt**: engine version, data digest, the input case.

The formulas follow the library's one rounding rule: every amount is computed in integer fen
(``ROUND(x*100,0)``) and a share or product that falls between two fen is rounded down
(``INT``), exactly as ``penalty.rules.ranges`` does with integer division. Spreadsheet programs
compute with 15 significant digits, so the formulas are exact while the amounts stay below about
CNY 10 billion (10^12 fen); above that a spreadsheet may differ from the library by a fen.

Which band is open, which provision and which version apply, are legal determinations of the
library (Provision Arts. 7-11, APL Arts. 29, 37): they are inputs of the formulas, not formulas.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any, BinaryIO

from penalty.extras import missing

try:
    import xlsxwriter
    from xlsxwriter.utility import xl_col_to_name
except ImportError as exc:  # the `export` extra is not installed
    missing("xlsxwriter", exc)

from penalty.catalogue import Catalogue, Provision, load_catalogue
from penalty.explain import receipt as make_receipt
from penalty.models import BAND_ORDER, Assessment, Case

from .safety import neutralise
from .scenarios import Scenario, build_scenarios

CNY_FORMAT = '[$¥-804]#,##0.00'
DATE_FORMAT = "yyyy-mm-dd"
HEADER_ROW = 1  # 0-based: row 0 holds the column groups, row 1 the headers
FIRST_ROW = 2
NAMES = {"lenient_upper_pct": "LenientUpperPct", "aggravated_lower_pct": "AggravatedLowerPct",
         "float_pp": "FloatPp"}
SAME = "yes / 一致"
CHANGED = "changed / 已变化"
NOT_APPLICABLE = "no fine / 无罚款"


@dataclass(frozen=True)
class Col:
    key: str
    en: str
    zh: str
    group: str  # input, library, live
    kind: str  # text, cny, date, number, bool, pct
    width: float = 14
    band: str | None = None  # the band whose name fills ``{band}`` in en and zh

    def header(self, cat: Catalogue) -> str:
        """The bilingual header, band names read from the catalogue."""
        if self.band is None:
            return f"{self.en}\n{self.zh}"
        b = next(x for x in cat.bands if x.code == self.band)
        return f"{self.en.format(band=b.en)}\n{self.zh.format(band=b.zh)}"


def _bands_cols() -> list[Col]:
    """Columns per band; ``{band}`` in a header is the band's name from ``data/benchmark.yaml``
    (``bands``), filled in by :meth:`Col.header`."""
    cols = []
    for b in BAND_ORDER:
        cols += [Col(f"{b}_low", "{band}: low (CNY)", "{band}：下限（元）", "live", "cny", band=b),
                 Col(f"{b}_high", "{band}: high (CNY)", "{band}：上限（元）", "live", "cny",
                     band=b)]
    for b in ("lenient", "standard", "aggravated"):
        cols += [Col(f"f_{b}_low", "{band} with float: low (CNY)", "{band}（浮动）：下限（元）",
                     "live", "cny", band=b),
                 Col(f"f_{b}_high", "{band} with float: high (CNY)", "{band}（浮动）：上限（元）",
                     "live", "cny", band=b)]
    return cols


COLUMNS: list[Col] = [
    # inputs
    Col("scenario", "Scenario", "情景", "input", "text", 48),
    Col("provision", "Provision applied", "适用条款", "input", "text", 30),
    Col("law_version", "Law and version", "法律及版本", "input", "text", 14),
    Col("violation_date", "Violation date", "违法行为日期", "input", "date", 12),
    Col("end_date", "Violation ended", "违法行为终了", "input", "date", 12),
    Col("decision_date", "Decision date", "决定日期", "input", "date", 12),
    Col("party", "Party", "当事人", "input", "text", 12),
    Col("circumstances", "Circumstances", "情节", "input", "text", 30),
    Col("gains", "Illegal gains (CNY)", "违法所得（元）", "input", "cny", 16),
    Col("turnover", "Turnover (CNY)", "营业额（元）", "input", "cny", 18),
    Col("procurement", "Procurement amount (CNY)", "采购金额（元）", "input", "cny", 16),
    Col("basis", "Fine basis", "罚款基数", "input", "text", 18),
    Col("min", "Statutory minimum (CNY)", "法定最低（元）", "input", "cny", 16),
    Col("max", "Statutory maximum (CNY)", "法定最高（元）", "input", "cny", 16),
    Col("mult_min", "Minimum multiple", "最低倍数", "input", "number", 10),
    Col("mult_max", "Maximum multiple", "最高倍数", "input", "number", 10),
    Col("threshold", "Gains threshold (CNY)", "违法所得门槛（元）", "input", "cny", 14),
    Col("fb_min", "Fallback minimum (CNY)", "无违法所得时最低（元）", "input", "cny", 14),
    Col("fb_max", "Fallback maximum (CNY)", "无违法所得时最高（元）", "input", "cny", 14),
    Col("tpct", "Turnover share ceiling (%)", "营业额比例上限（%）", "input", "number", 12),
    Col("choice", "Turnover ceiling option", "营业额上限选项", "input", "text", 12),
    Col("optional", "Fine optional (may)", "可以并处罚款", "input", "bool", 10),
    Col("bands", "Open bands (library)", "可能的裁量阶次", "input", "text", 24),
    # library result (values)
    Col("lib_band", "Band (library)", "裁量阶次（计算结果）", "library", "text", 14),
    Col("lib_stat_low", "Statutory low (library, CNY)", "法定幅度下限（计算结果）",
        "library", "cny", 16),
    Col("lib_stat_high", "Statutory high (library, CNY)", "法定幅度上限（计算结果）",
        "library", "cny", 16),
    Col("lib_fine_low", "Fine low (library, CNY)", "罚款下限（计算结果）", "library", "cny", 16),
    Col("lib_fine_high", "Fine high (library, CNY)", "罚款上限（计算结果）", "library", "cny", 16),
    Col("lib_ffine_low", "Fine low with float (library, CNY)", "浮动后罚款下限（计算结果）",
        "library",
        "cny", 16),
    Col("lib_ffine_high", "Fine high with float (library, CNY)", "浮动后罚款上限（计算结果）",
        "library", "cny", 16),
    Col("lib_persons", "Responsible persons: fine each (library, CNY)",
        "直接责任人员每人罚款（计算结果）",
        "library", "text", 24),
    Col("lib_confiscation", "Confiscation (library, CNY)", "没收违法所得（计算结果）",
        "library", "cny", 16),
    Col("lib_total_low", "Total exposure low (library, CNY)", "总额下限（计算结果）",
        "library", "cny", 16),
    Col("lib_total_high", "Total exposure high (library, CNY)", "总额上限（计算结果）",
        "library", "cny",
        16),
    Col("lib_limitation", "Limitation (library)", "时效（计算结果）", "library", "text", 12),
    Col("lib_benchmark", "Benchmark in force at decision", "决定时裁量基准已施行",
        "library", "bool", 12),
    Col("lib_error", "Library message", "提示", "library", "text", 30),
    # live formulas
    Col("stat_low", "Statutory low (CNY)", "法定幅度下限（元）", "live", "cny", 16),
    Col("stat_high", "Statutory high (CNY)", "法定幅度上限（元）", "live", "cny", 16),
    Col("s1", "Split lenient | standard (CNY)", "从轻与一般分界（元）", "live", "cny", 16),
    Col("s2", "Split standard | aggravated (CNY)", "一般与从重分界（元）", "live", "cny", 16),
    Col("s1_down", "Lenient | standard split floated down (CNY)", "从轻与一般分界下浮（元）",
        "live",
        "cny", 16),
    Col("s1_up", "Lenient | standard split floated up (CNY)", "从轻与一般分界上浮（元）",
        "live", "cny",
        16),
    Col("s2_down", "Standard | aggravated split floated down (CNY)", "一般与从重分界下浮（元）",
        "live",
        "cny", 16),
    Col("s2_up", "Standard | aggravated split floated up (CNY)", "一般与从重分界上浮（元）", "live",
        "cny", 16),
    *_bands_cols(),
    Col("fine_low", "Fine low (CNY)", "罚款下限（元）", "live", "cny", 16),
    Col("fine_high", "Fine high (CNY)", "罚款上限（元）", "live", "cny", 16),
    Col("ffine_low", "Fine low with float (CNY)", "浮动后罚款下限（元）", "live", "cny", 16),
    Col("ffine_high", "Fine high with float (CNY)", "浮动后罚款上限（元）", "live", "cny", 16),
    Col("check", "Live fine range = library?", "实时结果与计算结果一致？", "live", "text", 16),
]
INDEX = {c.key: i for i, c in enumerate(COLUMNS)}
LIVE_KEYS = tuple(c.key for c in COLUMNS if c.group == "live")
GROUPS = {"input": ("Inputs (edit these)", "输入（可修改）"),
          "library": ("Library result (fixed values)", "计算结果（静态值）"),
          "live": ("Live formulas (recalculate when inputs change)", "实时公式（随输入更新）")}


def col_letter(key: str) -> str:
    """The column letter of ``key`` on the Scenarios sheet."""
    return xl_col_to_name(INDEX[key])


def _fen(ref: str) -> str:
    return f"ROUND({ref}*100,0)"


def live_formulas(row: int) -> dict[str, str]:
    """The formula of every live column on 1-based sheet row ``row``."""
    r = {c.key: f"${col_letter(c.key)}{row}" for c in COLUMNS}
    basis, gains, turnover, proc = r["basis"], r["gains"], r["turnover"], r["procurement"]
    use_mult = f'AND({gains}>0,OR({r["threshold"]}="",{gains}>={r["threshold"]}))'

    def times(amount: str, mult: str) -> str:  # amount x multiple, rounded down to the fen
        return f"INT({_fen(amount)}*ROUND({mult}*100,0)/100)/100"

    turnover_cap = f"INT({_fen(turnover)}*ROUND({r['tpct']}*100,0)/10000)/100"
    take_turnover = (f'AND({turnover}<>"",IF({r["choice"]}="higher",{turnover_cap}>{r["max"]},'
                     f'{r["choice"]}="turnover"))')

    def statutory(fixed: str, mult: str, fallback: str, turnover_end: str) -> str:
        """One end of the statutory range, by fine basis (the catalogue's parameters)."""
        return (f'=IF({basis}="fixed",{fixed},'
                f'IF({basis}="gain_multiple",IF({use_mult},{times(gains, mult)},{fallback}),'
                f'IF({basis}="procurement_multiple",{times(proc, mult)},'
                f'IF({basis}="fixed_or_turnover",{turnover_end},""))))')

    f: dict[str, str] = {}
    f["stat_low"] = statutory(r["min"], r["mult_min"], r["fb_min"], "0")
    f["stat_high"] = statutory(r["max"], r["mult_max"], r["fb_max"],
                               f"IF({take_turnover},{turnover_cap},{r['max']})")
    lo, hi = r["stat_low"], r["stat_high"]
    L, A, F = NAMES["lenient_upper_pct"], NAMES["aggravated_lower_pct"], NAMES["float_pp"]

    def split(pct: str) -> str:  # Provision Art. 12: minimum + pct % of the span, to the fen down
        return (f'=IF({lo}="","",({_fen(lo)}+INT(({_fen(hi)}-{_fen(lo)})*({pct})/100))/100)')

    f["s1"], f["s2"] = split(L), split(A)
    f["s1_down"], f["s1_up"] = split(f"{L}-{F}"), split(f"{L}+{F}")
    f["s2_down"], f["s2_up"] = split(f"{A}-{F}"), split(f"{A}+{F}")

    def when_open(band: str, value: str) -> str:
        return f'=IF(AND({lo}<>"",ISNUMBER(SEARCH("{band}",{r["bands"]}))),{value},"")'

    lenient_low = lo  # never below the minimum, even where the fine is optional
    f["no_penalty_low"] = when_open("no_penalty", "0")
    f["no_penalty_high"] = when_open("no_penalty", "0")
    f["mitigated_low"] = when_open("mitigated", "0")
    f["mitigated_high"] = when_open("mitigated", lo)
    f["lenient_low"] = when_open("lenient", lenient_low)
    f["lenient_high"] = when_open("lenient", r["s1"])
    f["standard_low"] = when_open("standard", r["s1"])
    f["standard_high"] = when_open("standard", r["s2"])
    f["aggravated_low"] = when_open("aggravated", r["s2"])
    f["aggravated_high"] = when_open("aggravated", hi)
    f["f_lenient_low"] = when_open("lenient", lenient_low)
    f["f_lenient_high"] = when_open("lenient", r["s1_up"])
    f["f_standard_low"] = when_open("standard", r["s1_down"])
    f["f_standard_high"] = when_open("standard", r["s2_up"])
    f["f_aggravated_low"] = when_open("aggravated", r["s2_down"])
    f["f_aggravated_high"] = when_open("aggravated", hi)
    lows = [r[f"{b}_low"] for b in BAND_ORDER]
    highs = [r[f"{b}_high"] for b in BAND_ORDER]
    f_lows = lows[:2] + [r[f"f_{b}_low"] for b in BAND_ORDER[2:]]
    f_highs = highs[:2] + [r[f"f_{b}_high"] for b in BAND_ORDER[2:]]
    # The fine range covers every open band (a closed band's cell is empty text and MIN/MAX over
    # references skip text).
    f["fine_low"] = f'=IF({lo}="","",MIN({",".join(lows)}))'
    f["fine_high"] = f'=IF({lo}="","",MAX({",".join(highs)}))'
    f["ffine_low"] = f'=IF({lo}="","",MIN({",".join(f_lows)}))'
    f["ffine_high"] = f'=IF({lo}="","",MAX({",".join(f_highs)}))'
    same = (f'AND({r["fine_low"]}={r["lib_fine_low"]},{r["fine_high"]}={r["lib_fine_high"]},'
            f'{r["ffine_low"]}={r["lib_ffine_low"]},{r["ffine_high"]}={r["lib_ffine_high"]})')
    f["check"] = (f'=IF({lo}="",IF({r["lib_fine_low"]}="","{NOT_APPLICABLE}","{CHANGED}"),'
                  f'IF({r["lib_fine_low"]}="","{CHANGED}",IF({same},"{SAME}","{CHANGED}")))')
    return f


def _num(d: Decimal | None) -> float | None:
    return None if d is None else float(d)


def cached_results(a: Assessment | None, cat: Catalogue, decision: dt.date | None = None
                   ) -> dict[str, float | str]:
    """The library's value of every live cell of a scenario row, written as the formula's cached
    result: a viewer that does not recalculate on load (LibreOffice's default, WPS, mail
    previews, ``openpyxl`` ``data_only``, ``pandas.read_excel``) shows these numbers, and one that
    recalculates gets the same numbers from the formulas. An empty cell is empty text, as the
    formulas give it."""
    out: dict[str, float | str] = dict.fromkeys(LIVE_KEYS, "")
    if a is None or a.statutory is None:
        out["check"] = NOT_APPLICABLE if a is None or a.fine is None else CHANGED
        return out
    sp = cat.split_on(decision)  # Provision Art. 12 as in force at the decision
    at = {p.pct: float(p.amount_cny) for p in a.split_points}
    L, A, F = sp.lenient_upper_pct, sp.aggravated_lower_pct, sp.float_pp
    out.update(stat_low=float(a.statutory.low_cny), stat_high=float(a.statutory.high_cny))
    for key, pct in (("s1", L), ("s2", A), ("s1_down", L - F), ("s1_up", L + F),
                     ("s2_down", A - F), ("s2_up", A + F)):
        if pct in at:
            out[key] = at[pct]
    for b, r in a.ranges.items():
        out[f"{b}_low"], out[f"{b}_high"] = float(r.low_cny), float(r.high_cny)
    for b, r in a.float_ranges.items():
        if f"f_{b}_low" in out:
            out[f"f_{b}_low"], out[f"f_{b}_high"] = float(r.low_cny), float(r.high_cny)
    if a.fine is not None and a.float_fine is not None:
        out.update(fine_low=float(a.fine.low_cny), fine_high=float(a.fine.high_cny),
                   ffine_low=float(a.float_fine.low_cny), ffine_high=float(a.float_fine.high_cny),
                   check=SAME)
    else:
        out["check"] = CHANGED
    return out


def _row_values(cat: Catalogue, s: Scenario) -> dict[str, Any]:
    """The input and library cells of a scenario row (live cells are formulas)."""
    c, a = s.case, s.assessment
    name = f"{s.en} / {s.zh}"
    if s.key == "base" and c is not None and c.label:
        name += f": {c.label}"
    v: dict[str, Any] = {"scenario": name}
    if c is not None:
        v.update({
            "violation_date": c.violation_date, "end_date": c.violation_end_date or
            c.violation_date, "decision_date": c.decision_date,
            "party": c.party.kind + (f" ({c.party.age})" if c.party.age is not None else ""),
            "circumstances": "; ".join(c.circumstances),
            "gains": _num(c.illegal_gain_cny), "turnover": _num(c.turnover_cny),
            "procurement": _num(c.procurement_amount_cny), "choice": c.options.turnover_ceiling,
            "provision": "; ".join(c.provision_ids),
        })
    if a is None:
        v["lib_error"] = s.error
        v["basis"] = "none"
        return v
    p = cat.provisions[a.provision_applied]
    fine = p.fine
    v.update({
        "provision": a.provision_applied, "law_version": f"{p.law} {p.law_version}",
        "basis": fine.basis, "min": _num(fine.min_cny) or 0.0, "max": _num(fine.max_cny) or 0.0,
        "mult_min": _num(fine.min_multiple), "mult_max": _num(fine.max_multiple),
        "threshold": _num(fine.gain_threshold_cny), "fb_min": _num(fine.fallback_min_cny),
        "fb_max": _num(fine.fallback_max_cny), "tpct": _num(fine.turnover_pct_max),
        "optional": a.fine_optional, "bands": ";".join(a.bands),
        "lib_band": a.band or "weighed as a whole / 综合考量",
        "lib_confiscation": _num(a.confiscation_cny),
        "lib_total_low": _num(a.total_exposure.low_cny),
        "lib_total_high": _num(a.total_exposure.high_cny),
        "lib_limitation": a.limitation.status, "lib_benchmark": a.benchmark_applies,
    })
    if a.statutory is not None:
        v["lib_stat_low"] = _num(a.statutory.low_cny)
        v["lib_stat_high"] = _num(a.statutory.high_cny)
    if a.fine is not None and a.float_fine is not None:
        v["lib_fine_low"], v["lib_fine_high"] = _num(a.fine.low_cny), _num(a.fine.high_cny)
        v["lib_ffine_low"] = _num(a.float_fine.low_cny)
        v["lib_ffine_high"] = _num(a.float_fine.high_cny)
    if a.responsible_persons:
        rp = a.responsible_persons[0]
        if rp.fine is not None:
            v["lib_persons"] = (f"{rp.count} x {rp.fine.low_cny:,} – {rp.fine.high_cny:,} "
                                f"({rp.provision})")
    return v


class _Formats:
    def __init__(self, wb: xlsxwriter.Workbook):
        base = {"font_name": "Arial", "font_size": 10, "valign": "top"}
        self.header = wb.add_format({**base, "bold": True, "text_wrap": True, "bg_color": "#DDE4EE",
                                     "border": 1})
        self.group = {g: wb.add_format({**base, "bold": True, "bg_color": color, "border": 1})
                      for g, color in (("input", "#FFF2CC"), ("library", "#E2EFDA"),
                                       ("live", "#DDEBF7"))}
        self.input = {
            "text": wb.add_format({**base, "bg_color": "#FFFBEA"}),
            "cny": wb.add_format({**base, "num_format": CNY_FORMAT, "bg_color": "#FFFBEA"}),
            "date": wb.add_format({**base, "num_format": DATE_FORMAT, "bg_color": "#FFFBEA"}),
            "number": wb.add_format({**base, "num_format": "0.##", "bg_color": "#FFFBEA"}),
            "bool": wb.add_format({**base, "bg_color": "#FFFBEA"}),
        }
        self.cell = {
            "text": wb.add_format({**base, "text_wrap": True}),
            "cny": wb.add_format({**base, "num_format": CNY_FORMAT}),
            "date": wb.add_format({**base, "num_format": DATE_FORMAT}),
            "number": wb.add_format({**base, "num_format": "0.##"}),
            "bool": wb.add_format(base),
            "pct": wb.add_format({**base, "num_format": "0"}),
        }
        self.title = wb.add_format({**base, "bold": True, "font_size": 12})
        self.wrap = wb.add_format({**base, "text_wrap": True})
        self.bold = wb.add_format({**base, "bold": True})


def _write(ws, row: int, col: int, value: Any, fmt, kind: str = "text") -> None:
    """Write one cell; user text is always a string cell and neutralised."""
    if value is None:
        ws.write_blank(row, col, None, fmt)
    elif isinstance(value, bool):
        ws.write_boolean(row, col, value, fmt)
    elif isinstance(value, (int, float)):
        ws.write_number(row, col, value, fmt)
    elif isinstance(value, Decimal):
        ws.write_number(row, col, float(value), fmt)
    elif isinstance(value, dt.date):
        ws.write_datetime(row, col, dt.datetime(value.year, value.month, value.day), fmt)
    else:
        ws.write_string(row, col, str(neutralise(str(value))), fmt)


def _sheet_table(ws, f: _Formats, headers: Sequence[tuple[str, str, float]], rows: list[list[Any]],
                 kinds: list[str] | None = None) -> None:
    for j, (en, zh, width) in enumerate(headers):
        ws.write_string(0, j, f"{en}\n{zh}", f.header)
        ws.set_column(j, j, width)
    ws.set_row(0, 30)
    for i, row in enumerate(rows, start=1):
        for j, value in enumerate(row):
            kind = kinds[j] if kinds else "text"
            _write(ws, i, j, value, f.cell[kind], kind)
    ws.freeze_panes(1, 1)
    if rows:
        ws.autofilter(0, 0, len(rows), len(headers) - 1)


def _scenarios_sheet(wb, f: _Formats, cat: Catalogue, scenarios: list[Scenario]) -> None:
    ws = wb.add_worksheet("Scenarios")
    # group row
    for g, (en, zh) in GROUPS.items():
        idx = [i for i, c in enumerate(COLUMNS) if c.group == g]
        ws.merge_range(0, idx[0], 0, idx[-1], f"{en} / {zh}", f.group[g])
    for j, c in enumerate(COLUMNS):
        ws.write_string(HEADER_ROW, j, c.header(cat), f.header)
        ws.set_column(j, j, c.width)
    ws.set_row(HEADER_ROW, 42)
    for i, s in enumerate(scenarios):
        row0 = FIRST_ROW + i
        values = _row_values(cat, s)
        formulas = live_formulas(row0 + 1)
        cached = cached_results(s.assessment, cat, s.case.decision_date if s.case else None)
        for j, c in enumerate(COLUMNS):
            if c.group == "live":
                ws.write_formula(row0, j, formulas[c.key], f.cell[c.kind], value=cached[c.key])
            else:
                fmt = f.input[c.kind] if c.group == "input" else f.cell[c.kind]
                _write(ws, row0, j, values.get(c.key), fmt, c.kind)
    ws.freeze_panes(FIRST_ROW, 1)
    ws.autofilter(HEADER_ROW, 0, HEADER_ROW + len(scenarios), len(COLUMNS) - 1)
    ws.data_validation(FIRST_ROW, INDEX["basis"], FIRST_ROW + len(scenarios) - 1, INDEX["basis"],
                       {"validate": "list", "source": ["none", "fixed", "gain_multiple",
                                                       "procurement_multiple",
                                                       "fixed_or_turnover"]})
    ws.data_validation(FIRST_ROW, INDEX["choice"], FIRST_ROW + len(scenarios) - 1,
                       INDEX["choice"], {"validate": "list",
                                         "source": ["higher", "fixed", "turnover"]})


def _parameters_sheet(wb, f: _Formats, cat: Catalogue, decision: dt.date | None) -> None:
    """The benchmark and APL values in force at the base case's decision (today without one)."""
    ws = wb.add_worksheet("Parameters")
    day = decision or dt.date.today()
    sp = cat.split_on(day)
    ws.set_column(0, 0, 44)
    ws.set_column(1, 1, 14)
    ws.set_column(2, 2, 24)
    ws.set_column(3, 3, 70)
    ws.write_string(0, 0, "Benchmark parameters (named cells; edit to see the Scenarios update)\n"
                          "裁量基准参数（命名单元格，可修改）", f.header)
    for j, h in enumerate(["Value\n数值", "Name\n名称", "Citation and note\n依据及说明"], start=1):
        ws.write_string(0, j, h, f.header)
    ws.set_row(0, 42)
    rows = [
        ("lenient_upper_pct", "Lenient band ends at this % of the statutory span\n"
                              "从轻处罚上限（法定幅度的百分比）", sp.lenient_upper_pct),
        ("aggravated_lower_pct", "Aggravated band starts at this % of the statutory span\n"
                                 "从重处罚下限（法定幅度的百分比）", sp.aggravated_lower_pct),
        ("float_pp", "Float of each split point (percentage points)\n分界点浮动（百分点）",
         sp.float_pp),
    ]
    for i, (key, label, value) in enumerate(rows, start=1):
        param = cat.param(f"split.{key}")
        since = max((k for k, _ in param.changes() if k <= day), default=param.since)
        ws.write_string(i, 0, label, f.wrap)
        ws.write_number(i, 1, value, f.input["number"])
        ws.write_string(i, 2, NAMES[key], f.cell["text"])
        ws.write_string(i, 3, f"{cat.numbering_caveat(param.citation)}; in force from "
                        f"{since}. {param.meta.note or ''}"
                        .strip(), f.wrap)
        wb.define_name(NAMES[key], f"=Parameters!$B${i + 1}")
    r = len(rows) + 2
    ws.write_string(r, 0, "Bands / 裁量阶次", f.title)
    r += 1
    for j, h in enumerate(["Band\n阶次", "Code\n代码", "Citation\n依据", "Meaning\n含义"]):
        ws.write_string(r, j, h, f.header)
    for b in cat.bands:
        r += 1
        ws.write_string(r, 0, f"{b.en} / {b.zh}", f.cell["text"])
        ws.write_string(r, 1, b.code, f.cell["text"])
        ws.write_string(r, 2, cat.numbering_caveat(b.citation), f.cell["text"])
        ws.write_string(r, 3, f"{b.summary_en}\n{b.summary_zh}", f.wrap)
    r += 2
    apl = cat.apl

    def law(name: str) -> int:  # the APL value in force on the day (APL values cover it)
        return int(cat.param(f"apl.{name}").at(day))

    ws.write_string(r, 0, "Administrative Penalty Law / 行政处罚法", f.title)
    for label, value, cite in (
            ("Limitation period (years) / 追责时效（年）", law("limitation_years"),
             apl.limitation_citation),
            ("Limitation period, harm to life, health or finance (years) / "
             "涉及生命健康安全、金融安全"
             "（年）", law("limitation_years_serious"), apl.limitation_citation),
            ("No liability below age / 不予处罚年龄", law("no_liability_age_below"),
             apl.age_citation),
            ("Minor below age / 未成年人年龄", law("minor_age_below"), apl.age_citation)):
        r += 1
        ws.write_string(r, 0, label, f.wrap)
        ws.write_number(r, 1, value, f.cell["number"])
        ws.write_string(r, 3, cite, f.cell["text"])
    r += 2
    ws.write_string(r, 0, "How the live formulas round / 公式的取整规则", f.title)
    ws.write_string(r + 1, 0, "Every amount is computed in whole fen; a share or product between "
                              "two fen is rounded down (INT), as the library does. Exact for "
                              "amounts below about CNY 10 billion.\n金额以分为单位计算，不足一分"
                              "的部分舍去，与计算库一致。", f.wrap)
    ws.set_row(r + 1, 60)
    ws.freeze_panes(1, 0)


def _provisions_sheet(wb, f: _Formats, cat: Catalogue, scenarios: list[Scenario]) -> None:
    ids: dict[str, None] = {}
    for s in scenarios:
        a = s.assessment
        if a is None:
            continue
        for pid in (a.provision_applied, a.law_versions.at_violation, a.law_versions.at_decision,
                    *a.absorbed, *(p.provision for p in a.responsible_persons)):
            if pid:
                ids[pid] = None
        for pid in cat.provisions[a.provision_applied].counterparts:
            ids[pid] = None
    headers = [("Id", "编号", 34), ("Citation", "条文", 22), ("Citation (Chinese)", "中文条文", 30),
               ("Law", "法律", 8), ("Version", "版本", 8), ("In force from", "施行日期", 12),
               ("In force until (exclusive)", "失效日期", 12), ("Tier", "情形", 16),
               ("Liable", "责任主体", 14), ("Trigger", "适用条件", 30),
               ("Fine basis", "罚款基数", 16), ("Modality", "方式", 10),
               ("Minimum (CNY)", "最低（元）", 14), ("Maximum (CNY)", "最高（元）", 14),
               ("Multiples", "倍数", 10), ("Gains threshold (CNY)", "违法所得门槛（元）", 14),
               ("Fallback range (CNY)", "无违法所得时幅度（元）", 18),
               ("Turnover share ceiling (%)", "营业额比例上限（%）", 12),
               ("Summary", "摘要", 60), ("Confidence", "可信度", 10)]
    kinds = ["text"] * 5 + ["date", "date"] + ["text"] * 5 + ["cny", "cny", "text", "cny", "text",
                                                             "number", "text", "text"]
    rows = []
    for pid in ids:
        p: Provision = cat.provisions[pid]
        fn = p.fine
        mult = (f"{fn.min_multiple:g}–{fn.max_multiple:g}" if fn.min_multiple is not None
                and fn.max_multiple is not None else None)
        fb = (f"{fn.fallback_min_cny or 0:,}–{fn.fallback_max_cny:,}"
              if fn.fallback_max_cny is not None else None)
        rows.append([p.id, p.citation_en, p.citation_zh, p.law, p.law_version, p.effective_from,
                     p.effective_to, p.tier, p.liable, f"{p.trigger.en}\n{p.trigger.zh}",
                     fn.basis, fn.modality, fn.min_cny, fn.max_cny, mult, fn.gain_threshold_cny,
                     fb, fn.turnover_pct_max, p.summary_en, p.confidence])
    ws = wb.add_worksheet("Provisions")
    _sheet_table(ws, f, headers, rows, kinds)


def _reasons_sheet(wb, f: _Formats, scenarios: list[Scenario]) -> None:
    headers = [("Scenario", "情景", 30), ("Kind", "类别", 10), ("Code", "代码", 26),
               ("Effect", "效果", 22), ("Citation", "依据", 26), ("English", "英文", 70),
               ("Chinese", "中文", 60)]
    rows = []
    for s in scenarios:
        a = s.assessment
        if a is None:
            rows.append([s.en, "error", "", "", "", s.error, ""])
            continue
        for r in a.reasons:
            rows.append([s.en, "reason", r.code, r.effect, r.citation, r.en, r.zh])
        for n in a.assumptions:
            rows.append([s.en, "assumption", n.id, "", n.citation, n.en, n.zh])
    ws = wb.add_worksheet("Reasons and assumptions")
    _sheet_table(ws, f, headers, rows)


def _observed_sheet(wb, f: _Formats, scenarios: list[Scenario]) -> None:
    """Observed practice, not law: each scenario's likely range from similar published decisions,
    with its basis, and the back-test figures (``penalty.cases.likely``)."""
    from penalty.export.observed import BASIS, backtest_line

    headers = [("Scenario", "情景", 40), ("Similar decisions usually: low (CNY)", "相似决定通常：下限（元）", 18),
               ("high (CNY)", "上限（元）", 18), ("Decisions", "决定数量", 10),
               ("Similarity tier", "相似层级", 20), ("No-fine share", "未处罚款比例", 12),
               ("Method", "方法", 40), ("Cases", "案例编号", 60), ("Note", "说明", 60)]
    rows: list[list[Any]] = []
    for s in scenarios:
        a = s.assessment
        if a is None or a.likely is None:
            note = a.likely_note if a is not None else None
            rows.append([s.en, None, None, None, "", None, "", "",
                         f"{note.en} / {note.zh}" if note else (s.error or "")])
            continue
        lk = a.likely
        basis = BASIS.get(lk.basis, (lk.basis, lk.basis))
        rows.append([s.en, _num(lk.low_cny), _num(lk.high_cny), lk.n, f"{basis[0]} / {basis[1]}",
                     _num(lk.no_fine_share), lk.method, ", ".join(lk.cases),
                     f"{lk.en}\n{lk.zh}" + (f"\n{a.likely_note.en} / {a.likely_note.zh}" if a.likely_note else "")])
    ws = wb.add_worksheet("Observed practice")
    _sheet_table(ws, f, headers, rows, ["text", "cny", "cny", "number", "text", "number", "text", "text", "text"])
    foot = len(rows) + 3
    for lang_, i in (("en", 0), ("zh", 1)):
        line = backtest_line(lang_)  # type: ignore[arg-type]
        if line:
            ws.write_string(foot + i, 0, neutralise(line), f.wrap)


def _receipt_sheet(wb, f: _Formats, cat: Catalogue, scenarios: list[Scenario],
                   generated: dt.datetime | None) -> None:
    ws = wb.add_worksheet("Receipt")
    rc = make_receipt(cat)
    ws.set_column(0, 0, 34)
    ws.set_column(1, 1, 100)
    base = scenarios[0].case
    rows = [("Engine version / 引擎版本", rc.engine_version),
            ("Data digest (SHA-256) / 数据摘要", rc.data_sha256),
            ("Benchmark in force from / 裁量基准施行日期", rc.benchmark_effective_from.isoformat()),
            ("Provisions in catalogue / 条款数量", str(rc.provisions_in_catalogue)),
            ("Scenarios / 情景数量", str(len(scenarios))),
            ("Generated / 生成时间", generated.isoformat(timespec="seconds") if generated else ""),
            ("Input case (JSON) / 输入案件", json.dumps(
                base.model_dump(mode="json", exclude_none=True), ensure_ascii=False, indent=1)
             if base else ""),
            ("Note / 说明", "An estimate under the discretion benchmark; the authority decides. "
                           "Library columns are the values computed when the workbook was "
                           "written; live columns recalculate.\n本表为依据裁量基准的估算，"
                           "最终由执法机关决定。")]
    ws.write_string(0, 0, "Item / 项目", f.header)
    ws.write_string(0, 1, "Value / 内容", f.header)
    for i, (k, v) in enumerate(rows, start=1):
        ws.write_string(i, 0, k, f.bold)
        ws.write_string(i, 1, str(neutralise(v)), f.wrap)
    ws.set_row(7, 200)
    ws.freeze_panes(1, 0)


def write_workbook(target: str | Path | BinaryIO, scenarios: list[Scenario],
                   catalogue: Catalogue | None = None, generated: dt.datetime | None = None
                   ) -> None:
    """Write the what-if workbook of ``scenarios`` (the first is the base case) to ``target``."""
    cat = catalogue or load_catalogue()
    wb = xlsxwriter.Workbook(target if not isinstance(target, Path) else str(target),
                             {"in_memory": True, "strings_to_formulas": False,
                              "strings_to_numbers": False, "strings_to_urls": False})
    wb.set_properties({"title": "penalty what-if workbook", "comments": "generated by penalty"})
    fm = _Formats(wb)
    _scenarios_sheet(wb, fm, cat, scenarios)
    base = scenarios[0].case if scenarios else None
    _parameters_sheet(wb, fm, cat, base.decision_date if base else None)
    _provisions_sheet(wb, fm, cat, scenarios)
    _reasons_sheet(wb, fm, scenarios)
    _observed_sheet(wb, fm, scenarios)
    _receipt_sheet(wb, fm, cat, scenarios, generated)
    wb.close()


def whatif_workbook(case: Case | dict[str, Any] | str, target: str | Path | BinaryIO | None = None,
                    catalogue: Catalogue | None = None, variations: bool = True,
                    generated: dt.datetime | None = None) -> bytes | list[Scenario]:
    """Build the scenarios of ``case`` and write the workbook.

    With ``target`` (a path or a binary file) the workbook is written there and the scenarios
    are returned; without it the workbook's bytes are returned (for a download button).
    Raises :class:`penalty.InputError` when the base case is invalid.
    """
    cat = catalogue or load_catalogue()
    scenarios = build_scenarios(case, cat, variations=variations)
    if target is None:
        buf = io.BytesIO()
        write_workbook(buf, scenarios, cat, generated)
        return buf.getvalue()
    write_workbook(target, scenarios, cat, generated)
    return scenarios


def whatif_bytes(case: Case | dict[str, Any] | str, catalogue: Catalogue | None = None) -> bytes:
    """The what-if workbook of ``case`` as bytes (for the app's download button)."""
    out = whatif_workbook(case, None, catalogue)
    assert isinstance(out, bytes)
    return out


__all__ = [
    "COLUMNS",
    "LIVE_KEYS",
    "NAMES",
    "col_letter",
    "live_formulas",
    "whatif_bytes",
    "whatif_workbook",
    "write_workbook",
]
