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

Every header, sheet name and note is a message of ``penalty/messages/workbook.yaml`` (keys
``wb_*``), with band labels, citations and law names from ``data/`` passed in as fields.

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
from penalty.catalogue.schema import Band
from penalty.explain import receipt as make_receipt
from penalty.messages import pair, t
from penalty.models import BAND_ORDER, Assessment, Case
from penalty.money import amount_text, format_cny

from .safety import neutralise
from .scenarios import Scenario, build_scenarios

EXACT_BELOW_FEN = 10**12
"""Spreadsheets compute with 15 significant digits: the formulas are exact below this many fen."""
CNY_FORMAT = '[$¥-804]#,##0.00'
DATE_FORMAT = "yyyy-mm-dd"
HEADER_ROW = 1  # 0-based: row 0 holds the column groups, row 1 the headers
FIRST_ROW = 2
NAMES = {"lenient_upper_pct": "LenientUpperPct", "aggravated_lower_pct": "AggravatedLowerPct",
         "float_pp": "FloatPp"}


def _both(key: str) -> str:
    """A message as "English / 中文", for a cell read in either language."""
    return "{} / {}".format(*pair(key))


def _lines(key: str, band: Band | None = None) -> str:
    """A message as "English\n中文", with the band's label in each language."""
    if band is None:
        return "\n".join(pair(key))
    return f"{t(key, 'en', band=band.en)}\n{t(key, 'zh', band=band.zh)}"


# the check column's words, written into its formula as text: no double quote may be in them
SAME = _both("wb_check_same")
CHANGED = _both("wb_check_changed")
NOT_APPLICABLE = _both("wb_check_no_fine")
SHEETS = {k: t(f"wb_sheet_{k}", "en") for k in ("scenarios", "parameters", "provisions", "reasons",
                                                  "observed", "receipt")}
"""The sheet names (English; formulas and defined names refer to them). Excel allows at most 31
characters and none of ``[]:*?/\\``; checked at import."""
for _word in (SAME, CHANGED, NOT_APPLICABLE):
    if '"' in _word:
        raise ValueError(f"workbook check word {_word!r}: a double quote would break its formula")
for _name in SHEETS.values():
    if not _name or len(_name) > 31 or set(_name) & set("[]:*?/\\") or _name.startswith("'"):
        raise ValueError(f"workbook sheet name {_name!r}: at most 31 characters, none of []:*?/\\")


@dataclass(frozen=True)
class Col:
    """A column of the Scenarios sheet; its header is the message ``msg`` (default
    ``wb_col_<key>``) of ``penalty/messages/workbook.yaml`` in English and Chinese."""

    key: str
    group: str  # input, library, live
    kind: str  # text, cny, date, number, bool, pct
    width: float = 14
    bands: tuple[str, ...] = ()  # the bands whose labels fill ``{band}`` or ``{lower}``/``{upper}``
    msg: str = ""

    def header(self, cat: Catalogue) -> str:
        """The bilingual header, band labels read from the catalogue (``data/benchmark.yaml``)."""
        names = [next(x for x in cat.bands if x.code == b) for b in self.bands]
        key = self.msg or f"wb_col_{self.key}"
        en = t(key, "en", **_band_fields(names, "en"))
        zh = t(key, "zh", **_band_fields(names, "zh"))
        return f"{en}\n{zh}"


def _band_fields(bands: list[Band], lang: str) -> dict[str, str]:
    labels = [b.zh if lang == "zh" else b.en for b in bands]
    if len(labels) == 1:
        return {"band": labels[0]}
    return dict(zip(("lower", "upper"), labels, strict=True)) if labels else {}


def _bands_cols() -> list[Col]:
    """Columns per band; ``{band}`` in a header is the band's name from ``data/benchmark.yaml``
    (``bands``), filled in by :meth:`Col.header`."""
    cols = []
    for b in BAND_ORDER:
        cols += [Col(f"{b}_low", "live", "cny", bands=(b,), msg="wb_col_band_low"),
                 Col(f"{b}_high", "live", "cny", bands=(b,), msg="wb_col_band_high")]
    for b in ("lenient", "standard", "aggravated"):
        cols += [Col(f"f_{b}_low", "live", "cny", bands=(b,), msg="wb_col_band_float_low"),
                 Col(f"f_{b}_high", "live", "cny", bands=(b,), msg="wb_col_band_float_high")]
    return cols


COLUMNS: list[Col] = [
    # inputs
    Col("scenario", "input", "text", 48),
    Col("provision", "input", "text", 30),
    Col("law_version", "input", "text", 14),
    Col("violation_date", "input", "date", 12),
    Col("end_date", "input", "date", 12),
    Col("decision_date", "input", "date", 12),
    Col("party", "input", "text", 12),
    Col("circumstances", "input", "text", 30),
    Col("gains", "input", "cny", 16),
    Col("turnover", "input", "cny", 18),
    Col("procurement", "input", "cny", 16),
    Col("basis", "input", "text", 18),
    Col("min", "input", "cny", 16),
    Col("max", "input", "cny", 16),
    Col("mult_min", "input", "number", 10),
    Col("mult_max", "input", "number", 10),
    Col("threshold", "input", "cny", 14),
    Col("fb_min", "input", "cny", 14),
    Col("fb_max", "input", "cny", 14),
    Col("tpct", "input", "number", 12),
    Col("choice", "input", "text", 12),
    Col("optional", "input", "bool", 10),
    Col("bands", "input", "text", 24),
    # library result (values)
    Col("lib_band", "library", "text", 14),
    Col("lib_stat_low", "library", "cny", 16),
    Col("lib_stat_high", "library", "cny", 16),
    Col("lib_fine_low", "library", "cny", 16),
    Col("lib_fine_high", "library", "cny", 16),
    Col("lib_ffine_low", "library", "cny", 16),
    Col("lib_ffine_high", "library", "cny", 16),
    Col("lib_persons", "library", "text", 24),
    Col("lib_confiscation", "library", "cny", 16),
    Col("lib_total_low", "library", "cny", 16),
    Col("lib_total_high", "library", "cny", 16),
    Col("lib_limitation", "library", "text", 12),
    Col("lib_benchmark", "library", "bool", 12),
    Col("lib_error", "library", "text", 30),
    # live formulas
    Col("stat_low", "live", "cny", 16),
    Col("stat_high", "live", "cny", 16),
    # the split points between two bands (Provision Art. 12), named by the bands' labels
    Col("s1", "live", "cny", 16, bands=("lenient", "standard"), msg="wb_col_split"),
    Col("s2", "live", "cny", 16, bands=("standard", "aggravated"), msg="wb_col_split"),
    Col("s1_down", "live", "cny", 16, bands=("lenient", "standard"), msg="wb_col_split_down"),
    Col("s1_up", "live", "cny", 16, bands=("lenient", "standard"), msg="wb_col_split_up"),
    Col("s2_down", "live", "cny", 16, bands=("standard", "aggravated"), msg="wb_col_split_down"),
    Col("s2_up", "live", "cny", 16, bands=("standard", "aggravated"), msg="wb_col_split_up"),
    *_bands_cols(),
    Col("fine_low", "live", "cny", 16),
    Col("fine_high", "live", "cny", 16),
    Col("ffine_low", "live", "cny", 16),
    Col("ffine_high", "live", "cny", 16),
    Col("check", "live", "text", 16),
]
INDEX = {c.key: i for i, c in enumerate(COLUMNS)}
LIVE_KEYS = tuple(c.key for c in COLUMNS if c.group == "live")
GROUPS = ("input", "library", "live")  # headed by the messages wb_group_<group>


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
        "lib_band": a.band or _both("wb_band_weighed"),
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
            v["lib_persons"] = (f"{rp.count} x {amount_text(rp.fine.low_cny, cents=True)} – "
                                f"{amount_text(rp.fine.high_cny, cents=True)} "
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


def _sheet_table(ws, f: _Formats, headers: Sequence[tuple[str, float]], rows: list[list[Any]],
                 kinds: list[str] | None = None) -> None:
    """A sheet of rows under bilingual headers (``headers``: message key and column width)."""
    for j, (key, width) in enumerate(headers):
        ws.write_string(0, j, "{}\n{}".format(*pair(key)), f.header)
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
    ws = wb.add_worksheet(SHEETS["scenarios"])
    # group row
    for g in GROUPS:
        idx = [i for i, c in enumerate(COLUMNS) if c.group == g]
        ws.merge_range(0, idx[0], 0, idx[-1], _both(f"wb_group_{g}"), f.group[g])
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
    sheet = SHEETS["parameters"]
    ws = wb.add_worksheet(sheet)
    day = decision or dt.date.today()
    sp = cat.split_on(day)
    band = {b.code: b for b in cat.bands}
    ws.set_column(0, 0, 44)
    ws.set_column(1, 1, 14)
    ws.set_column(2, 2, 24)
    ws.set_column(3, 3, 70)
    ws.write_string(0, 0, "\n".join(pair("wb_param_title", sheet=SHEETS["scenarios"])), f.header)
    for j, key in enumerate(["wb_param_value", "wb_param_name", "wb_param_citation"], start=1):
        ws.write_string(0, j, "\n".join(pair(key)), f.header)
    ws.set_row(0, 42)
    # Provision Art. 12: the split points and their float; the band labels from data/benchmark.yaml
    rows = [("lenient_upper_pct", _lines("wb_param_lenient_upper_pct", band["lenient"]),
             sp.lenient_upper_pct),
            ("aggravated_lower_pct", _lines("wb_param_aggravated_lower_pct", band["aggravated"]),
             sp.aggravated_lower_pct),
            ("float_pp", _lines("wb_param_float_pp"), sp.float_pp)]
    for i, (key, label, value) in enumerate(rows, start=1):
        param = cat.param(f"split.{key}")
        since = max((k for k, _ in param.changes() if k <= day), default=param.since)
        en = t("wb_param_in_force", "en", citation=cat.numbering_caveat(param.citation),
               since=since)
        zh = t("wb_param_in_force", "zh", since=since,
               citation=cat.numbering_caveat(param.citation_zh, "zh"))
        ws.write_string(i, 0, label, f.wrap)
        ws.write_number(i, 1, value, f.input["number"])
        ws.write_string(i, 2, NAMES[key], f.cell["text"])
        ws.write_string(i, 3, f"{en} {param.meta.note or ''}".strip() + f"\n{zh}", f.wrap)
        wb.define_name(NAMES[key], f"={sheet}!$B${i + 1}")
    r = len(rows) + 2
    ws.write_string(r, 0, _both("wb_param_bands"), f.title)
    r += 1
    for j, key in enumerate(["wb_param_band", "wb_param_code", "wb_param_band_citation",
                             "wb_param_meaning"]):
        ws.write_string(r, j, "\n".join(pair(key)), f.header)
    for b in cat.bands:
        r += 1
        ws.write_string(r, 0, f"{b.en} / {b.zh}", f.cell["text"])
        ws.write_string(r, 1, b.code, f.cell["text"])
        ws.write_string(r, 2, cat.numbering_caveat(b.citation), f.cell["text"])
        ws.write_string(r, 3, f"{b.summary_en}\n{b.summary_zh}", f.wrap)
    r += 2
    apl = cat.apl
    text = cat.param("apl.texts").at(day)  # the APL text whose values are listed
    ws.write_string(r, 0, f"{text.label_en} / {text.label_zh}", f.title)
    for name, cite, cite_zh in (
            ("limitation_years", apl.limitation_citation, apl.limitation_citation_zh),
            ("limitation_years_serious", apl.limitation_citation, apl.limitation_citation_zh),
            ("no_liability_age_below", apl.age_citation, apl.age_citation_zh),
            ("minor_age_below", apl.age_citation, apl.age_citation_zh)):
        r += 1
        ws.write_string(r, 0, _both(f"wb_param_{name}"), f.wrap)
        # the APL value in force on the day (APL values cover it)
        ws.write_number(r, 1, int(cat.param(f"apl.{name}").at(day)), f.cell["number"])
        ws.write_string(r, 3, f"{cite} / {cite_zh}", f.cell["text"])
    r += 2
    ws.write_string(r, 0, _both("wb_param_rounding_title"), f.title)
    ws.write_string(r + 1, 0, "\n".join(
        t("wb_param_rounding", lang, limit=format_cny(EXACT_BELOW_FEN // 100, lang))
        for lang in ("en", "zh")), f.wrap)
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
    headers = [("wb_prov_id", 34), ("wb_prov_citation", 22), ("wb_prov_citation_chinese", 30),
               ("wb_prov_law", 8), ("wb_prov_version", 8), ("wb_prov_in_force_from", 12),
               ("wb_prov_in_force_until_exclusive", 12), ("wb_prov_tier", 16),
               ("wb_prov_liable", 14), ("wb_prov_trigger", 30), ("wb_prov_fine_basis", 16),
               ("wb_prov_modality", 10), ("wb_prov_minimum_cny", 14), ("wb_prov_maximum_cny", 14),
               ("wb_prov_multiples", 10), ("wb_prov_gains_threshold_cny", 14),
               ("wb_prov_fallback_range_cny", 18), ("wb_prov_turnover_share_ceiling", 12),
               ("wb_prov_summary", 60), ("wb_prov_confidence", 10)]
    kinds = ["text"] * 5 + ["date", "date"] + ["text"] * 5 + ["cny", "cny", "text", "cny", "text",
                                                             "number", "text", "text"]
    rows = []
    for pid in ids:
        p: Provision = cat.provisions[pid]
        fn = p.fine
        mult = (f"{fn.min_multiple:g}–{fn.max_multiple:g}" if fn.min_multiple is not None
                and fn.max_multiple is not None else None)
        fb = (f"{amount_text(fn.fallback_min_cny or 0)}–{amount_text(fn.fallback_max_cny)}"
              if fn.fallback_max_cny is not None else None)
        rows.append([p.id, p.citation_en, p.citation_zh, p.law, p.law_version, p.effective_from,
                     p.effective_to, p.tier, p.liable, f"{p.trigger.en}\n{p.trigger.zh}",
                     fn.basis, fn.modality, fn.min_cny, fn.max_cny, mult, fn.gain_threshold_cny,
                     fb, fn.turnover_pct_max, p.summary_en, p.confidence])
    ws = wb.add_worksheet(SHEETS["provisions"])
    _sheet_table(ws, f, headers, rows, kinds)


def _reasons_sheet(wb, f: _Formats, scenarios: list[Scenario]) -> None:
    headers = [("wb_reason_scenario", 30), ("wb_reason_kind", 16), ("wb_reason_code", 26),
               ("wb_reason_effect", 22), ("wb_reason_citation", 26), ("wb_reason_english", 70),
               ("wb_reason_chinese", 60)]
    rows = []
    for s in scenarios:
        a = s.assessment
        if a is None:
            rows.append([s.en, _both("wb_kind_error"), "", "", "", s.error, ""])
            continue
        for r in a.reasons:
            rows.append([s.en, _both("wb_kind_reason"), r.code, r.effect, r.citation, r.en, r.zh])
        for n in a.assumptions:
            rows.append([s.en, _both("wb_kind_assumption"), n.id, "", n.citation, n.en, n.zh])
    ws = wb.add_worksheet(SHEETS["reasons"])
    _sheet_table(ws, f, headers, rows)


def _observed_sheet(wb, f: _Formats, scenarios: list[Scenario]) -> None:
    """Observed practice, not law: each scenario's likely range from similar published decisions,
    with its basis, and the back-test figures (``penalty.cases.likely``)."""
    from penalty.export.observed import BASIS, backtest_line

    headers = [("wb_obs_scenario", 40), ("wb_obs_similar_decisions_usually_low_cny", 18),
               ("wb_obs_high_cny", 18), ("wb_obs_decisions", 10), ("wb_obs_similarity_tier", 20),
               ("wb_obs_no_fine_share", 12), ("wb_obs_method", 40), ("wb_obs_cases", 60),
               ("wb_obs_note", 60)]
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
    ws = wb.add_worksheet(SHEETS["observed"])
    _sheet_table(ws, f, headers, rows, ["text", "cny", "cny", "number", "text", "number", "text", "text", "text"])
    foot = len(rows) + 3
    for lang_, i in (("en", 0), ("zh", 1)):
        line = backtest_line(lang_)  # type: ignore[arg-type]
        if line:
            ws.write_string(foot + i, 0, neutralise(line), f.wrap)


def _receipt_sheet(wb, f: _Formats, cat: Catalogue, scenarios: list[Scenario],
                   generated: dt.datetime | None) -> None:
    ws = wb.add_worksheet(SHEETS["receipt"])
    rc = make_receipt(cat)
    ws.set_column(0, 0, 34)
    ws.set_column(1, 1, 100)
    base = scenarios[0].case
    rows = [(_both("wb_receipt_engine"), rc.engine_version),
            (_both("wb_receipt_data"), rc.data_sha256),
            (_both("wb_receipt_bench"), rc.benchmark_effective_from.isoformat()),
            (_both("wb_receipt_count"), str(rc.provisions_in_catalogue)),
            (_both("wb_receipt_scenarios"), str(len(scenarios))),
            (_both("wb_receipt_generated"), generated.isoformat(timespec="seconds")
             if generated else ""),
            (_both("wb_receipt_case"), json.dumps(
                base.model_dump(mode="json", exclude_none=True), ensure_ascii=False, indent=1)
             if base else ""),
            (_both("wb_receipt_note_label"), "\n".join(pair("wb_receipt_note")))]
    ws.write_string(0, 0, _both("wb_receipt_item"), f.header)
    ws.write_string(0, 1, _both("wb_receipt_value"), f.header)
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
    wb.set_properties({"title": t("wb_doc_title", "en"), "comments": t("wb_doc_comments", "en")})
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
