"""Observed practice in the exports: the likely range of an assessment with its basis and the
back-test figures (``penalty.cases.likely``), for the what-if workbook and the discretion
statement. Marked observed practice, not law; it never changes the legal band or range."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Literal

from penalty.cases.likely import basis_words
from penalty.messages import pair, t
from penalty.money import format_cny

Lang = Literal["en", "zh"]

# Similarity tiers and periods of the likely range as (en, zh) (penalty/messages/practice.yaml)
BASIS: dict[str, tuple[str, str]] = {b: basis_words(b)
                                     for b in ("provision", "article", "law_tier", "law")}
PERIOD: dict[str, tuple[str, str]] = {p: pair(f"practice_period_{p}")
                                      for p in ("after_provision", "before_provision", "weighted")}


def tx(key: str, lang: Lang, **fields: object) -> str:
    """The observed-practice message ``practice_<key>`` in ``lang``."""
    return t(f"practice_{key}", lang, **fields)


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
    return tx("backtest", lang, inside=_pct(s["in_likely_share"]), n=s["with_estimate"],
              width=_pct(s["likely_mean_width_share"]), rule=_pct(s["in_rule_band_share"]))


def observed(a: Any, lang: Lang) -> tuple[str, list[str], list[list[str]]]:
    """(heading, paragraphs, table rows with a header row) for one assessment."""
    zh = lang == "zh"
    lk = a.likely
    paras: list[str] = []
    rows: list[list[str]] = []
    if lk is None:
        note = a.likely_note
        reason = ((note.zh if zh else note.en) if note else "").strip()
        paras.append(tx("none_because", lang, reason=reason) if reason else tx("none", lang))
    else:
        paras.append(lk.zh if zh else lk.en)
        rows = [[tx("item", lang), tx("value", lang)],
                [tx("range", lang), tx("amount_span", lang, low=money(lk.low_cny, lang),
                                       high=money(lk.high_cny, lang))],
                [tx("n", lang), str(lk.n)],
                [tx("basis", lang), BASIS.get(lk.basis, (lk.basis, lk.basis))[1 if zh else 0]],
                [tx("no_fine_share", lang), _pct(lk.no_fine_share)],
                [tx("positions", lang), tx("position_span", lang, low=lk.low_position_pct,
                                           high=lk.high_position_pct)],
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
