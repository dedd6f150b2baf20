"""Observed practice in the exports: the likely range of an assessment with its basis and the
back-test figures (``penalty.cases.likely``), for the what-if workbook and the discretion
statement. Marked observed practice, not law; it never changes the legal band or range."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Literal

from penalty.money import format_cny

Lang = Literal["en", "zh"]

TEXT: dict[str, tuple[str, str]] = {
    "title": ("Observed practice (not law): similar published decisions",
              "执法实践观察（并非法律规定）：相似的已公开处罚决定"),
    "range": ("Similar decisions usually", "相似决定通常为"),
    "n": ("Decisions behind the range", "所依据的决定数量"),
    "basis": ("Similarity tier", "相似层级"),
    "no_fine": ("Share of similar decisions with no fine", "相似决定中未处罚款的比例"),
    "positions": ("Positions in the statutory range", "在法定幅度中的位置"),
    "period": ("Period", "期间"),
    "method": ("Method", "方法"),
    "cases": ("Decisions (case ids)", "决定（案例编号）"),
    "none": ("No likely range", "不提供可能区间"),
    "backtest": ("Back-test (leave-one-out, all decisions): {inside} of {n} actual fines inside the likely "
                 "range; mean width {width} of the statutory span; the rule band's range held {rule}.",
                 "回测（留一法，全部决定）：{n}笔实际罚款中{inside}落入可能区间；区间平均宽度为法定幅度跨度的{width}；"
                 "规则裁量阶次幅度包含{rule}。"),
    "item": ("Item", "项目"),
    "value": ("Value", "内容"),
}
BASIS = {"provision": ("same provision and tier", "同一条款同一层级"), "article": ("same article", "同一条"),
         "law_tier": ("same law and tier", "同一法律同一层级"), "law": ("same law", "同一法律")}
PERIOD = {"after_provision": ("decided under the Provision", "裁量基准施行后作出"),
          "before_provision": ("decided before the Provision", "裁量基准施行前作出"),
          "weighted": ("both periods, the other period weighing less", "施行前后均有，另一期间的决定权重较低")}


def tx(key: str, lang: Lang) -> str:
    return TEXT[key][1 if lang == "zh" else 0]


def _pct(v: float | Decimal | None) -> str:
    return "–" if v is None else f"{float(v) * 100:.1f} %"


def money(v: Decimal, lang: Lang) -> str:
    return format_cny(v, lang)


def backtest_line(lang: Lang) -> str | None:
    from penalty.cases.likely import default_backtest_summary

    summary = default_backtest_summary()
    if summary is None:
        return None
    s = summary["all"]
    return tx("backtest", lang).format(inside=_pct(s["in_likely_share"]), n=s["with_estimate"],
                                       width=_pct(s["likely_mean_width_share"]),
                                       rule=_pct(s["in_rule_band_share"]))


def observed(a: Any, lang: Lang) -> tuple[str, list[str], list[list[str]]]:
    """(heading, paragraphs, table rows with a header row) for one assessment."""
    zh = lang == "zh"
    lk = a.likely
    paras: list[str] = []
    rows: list[list[str]] = []
    if lk is None:
        note = a.likely_note
        paras.append(f"{tx('none', lang)}: {(note.zh if zh else note.en) if note else ''}".rstrip(": "))
    else:
        paras.append(lk.zh if zh else lk.en)
        rows = [[tx("item", lang), tx("value", lang)],
                [tx("range", lang), f"{money(lk.low_cny, lang)} – {money(lk.high_cny, lang)}"],
                [tx("n", lang), str(lk.n)],
                [tx("basis", lang), BASIS.get(lk.basis, (lk.basis, lk.basis))[1 if zh else 0]],
                [tx("no_fine", lang), _pct(lk.no_fine_share)],
                [tx("positions", lang), f"{lk.low_position_pct} % – {lk.high_position_pct} %"],
                [tx("period", lang), PERIOD.get(lk.period, (lk.period, lk.period))[1 if zh else 0]],
                [tx("method", lang), (lk.method_zh or lk.method) if zh else lk.method]]
        if not zh:  # case ids are the dataset's own identifiers; the Chinese text names none
            rows.append([tx("cases", lang), ", ".join(lk.cases)])
        if a.likely_note is not None:
            paras.append(a.likely_note.zh if zh else a.likely_note.en)
    bt = backtest_line(lang)
    if bt:
        paras.append(bt)
    return tx("title", lang), paras, rows
