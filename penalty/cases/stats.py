"""Where real fines sit in their statutory ranges, and guarded statistics over sets of cases.

Position in range: ``(fine − statutory minimum) / (statutory maximum − statutory minimum) × 100``,
the statutory range being the one ``penalty.assess`` gives for the linked provision at the case's
decision date. The band a position implies uses the split points of the CAC discretion-benchmark
Provision (Art. 12 as catalogued in ``data/benchmark.yaml``): below the lenient split → lenient, up
to the aggravated split → standard, above → aggravated; below the minimum → mitigated. The
Provision applies only to decisions from its effective date; positions of earlier decisions are
context, not evidence of how the Provision is applied, and every output says so.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from decimal import ROUND_HALF_EVEN, Decimal
from typing import TYPE_CHECKING, Any, Literal

from penalty.base import Strict
from penalty.cases._core import Core, SplitPoints, default_core
from penalty.cases.i18n import Notice
from penalty.cases.schema import CaseRow, parse_partial_date
from penalty.errors import PenaltyError

if TYPE_CHECKING:
    import pandas as pd  # imported where a frame is built: reading cases needs no pandas

MIN_CASES_FOR_STATS = 3  # product guard-rail (issue 3), not a law number

ImpliedBand = Literal["mitigated", "lenient", "standard", "aggravated", "above_maximum"]
PCT_QUANTUM = Decimal("0.1")


class Position(Strict):
    """One fine placed in its statutory range."""

    case_id: str
    fine_of: Literal["entity", "individual"]
    fine_cny: int
    provision_linked: str
    provision_applied: str | None
    link_confidence: str
    as_of: dt.date | None
    statutory_low_cny: Decimal | None
    statutory_high_cny: Decimal | None
    position_pct: Decimal | None
    implied_band: ImpliedBand | None
    outside_range: bool
    benchmark_applies: bool | None
    note: str
    note_zh: str = ""  # the same note in Chinese


def implied_band(position_pct: Decimal, split: SplitPoints) -> ImpliedBand:
    """Band implied by a position: lenient below the lenient split, aggravated above the aggravated
    split, standard in between (both split points inclusive in standard); outside 0–100 → mitigated
    (below the minimum) or above_maximum."""
    if position_pct < 0:
        return "mitigated"
    if position_pct > 100:
        return "above_maximum"
    if position_pct < split.lenient_upper_pct:
        return "lenient"
    if position_pct <= split.aggravated_lower_pct:
        return "standard"
    return "aggravated"


def position_in_range(fine: Decimal | int, low: Decimal, high: Decimal) -> Decimal | None:
    """Position of ``fine`` in [low, high] in percent, rounded half-even to 0.1; None if the span is 0."""
    pct = _exact_position(fine, low, high)
    return None if pct is None else pct.quantize(PCT_QUANTUM, rounding=ROUND_HALF_EVEN)


def _exact_position(fine: Decimal | int, low: Decimal, high: Decimal) -> Decimal | None:
    """The unrounded position: the implied band is read from it, so a fine just below a split
    point is not moved across it by the 0.1 rounding of the displayed figure."""
    span = Decimal(high) - Decimal(low)
    if span <= 0:
        return None
    return (Decimal(fine) - Decimal(low)) * 100 / span


def decision_bounds(case: CaseRow) -> tuple[dt.date, dt.date] | None:
    """Earliest and latest possible decision date: the reported period, capped by the end of the
    announcement period (a decision is not announced before it is made)."""
    period = case.decision_period
    if period is None:
        return None
    first, last = period
    if case.announcement_date:
        _, ann_last, _ = parse_partial_date(case.announcement_date)
        last = max(first, min(last, ann_last))
    return first, last


def benchmark_applies(case: CaseRow, split: SplitPoints) -> bool | None:
    """True/False when the whole possible decision period is on one side of the Provision's
    effective date; None when it straddles it or is unknown."""
    b = decision_bounds(case)
    if b is None:
        return None
    first, last = b
    if first >= split.provision_from:
        return True
    if last < split.provision_from:
        return False
    return None


PRECISION_ZH = {"year": "年份", "month": "月份", "day": "日期"}


def _as_of(case: CaseRow, core: Core, pid: str) -> tuple[dt.date | None, str, str]:
    """A concrete date inside the case's decision period at which the linked provision is in force,
    with a note in English and Chinese."""
    period = decision_bounds(case)
    if period is None:
        return None, "decision date not published", "决定日期未公布"
    first, last = period
    for d in (first, last):
        if core.version_in_force(pid, d) is not None:
            prec = case.decision_date_precision
            if prec == "day":
                return d, "", ""
            return (d, f"; decision date known to the {prec} only, range taken at {d}",
                    f"；决定日期仅知{PRECISION_ZH.get(prec, prec)}，按{d}计算法定幅度")  # type: ignore[arg-type]
    p = core.provision(pid)
    return (None, f"no version of {pid} is in force during the decision period {case.decision_date}",
            f"决定期间（{case.decision_date}）内{p.citation_zh}（{pid}）无有效版本")


def _pick(case: CaseRow, core: Core) -> list[tuple[str, str, int]]:
    """(fine_of, provision id, amount) pairs that can be positioned."""
    out: list[tuple[str, str, int]] = []
    by_liable: dict[str, list[str]] = {}
    for pid in case.provision_ids:
        if core.has(pid):
            by_liable.setdefault(core.provision(pid).liable, []).append(pid)
    if case.fine_entity_cny is not None and by_liable.get("entity"):
        out.append(("entity", by_liable["entity"][0], case.fine_entity_cny))
    if (case.fine_individuals_cny is not None and case.party_type == "individual"
            and by_liable.get("individual")):
        out.append(("individual", by_liable["individual"][0], case.fine_individuals_cny))
    return out


def position_of(case: CaseRow, core: Core | None = None) -> list[Position]:
    """Positions of a case's fines (entity fine; an individual party's own fine). Persons' fines on
    an organisation's managers are totals over an unstated number of people and are not positioned."""
    core = core or default_core()
    split = core.split()
    out: list[Position] = []
    for fine_of, pid, amount in _pick(case, core):
        prov = core.provision(pid)
        as_of, date_note, date_note_zh = _as_of(case, core, pid)
        benchmark = benchmark_applies(case, split) if as_of is not None else None

        def unpositioned(note: str, note_zh: str) -> Position:
            return Position(case_id=case.case_id, fine_of=fine_of, fine_cny=amount, provision_linked=pid,
                            provision_applied=None, link_confidence=case.provision_link_confidence, as_of=as_of,
                            statutory_low_cny=None, statutory_high_cny=None, position_pct=None,
                            implied_band=None, outside_range=False, benchmark_applies=benchmark, note=note,
                            note_zh=note_zh)

        if as_of is None:
            out.append(unpositioned(date_note, date_note_zh))
            continue
        if prov.basis.startswith("gain") and case.confiscated_cny is None and "confiscation" in case.sanctions:
            out.append(unpositioned("range is a multiple of illegal gains, which were confiscated but not "
                                    "published; not computed",
                                    "法定幅度为违法所得的倍数，违法所得已没收但金额未公布，未予计算"))
            continue
        payload: dict[str, Any] = {
            "provision": pid, "violation_date": as_of.isoformat(), "decision_date": as_of.isoformat(),
            "party": {"kind": "individual" if fine_of == "individual" else "organisation"},
            "illegal_gain_cny": case.confiscated_cny, "turnover_cny": None, "circumstances": [],
        }
        try:
            st = core.statutory(payload)
        except (PenaltyError, ValueError) as exc:  # the engine's own message says what is missing
            out.append(unpositioned(f"statutory range not computed: {exc}", f"未能计算法定幅度：{exc}"))
            continue
        exact = _exact_position(amount, st.low_cny, st.high_cny)
        band = implied_band(exact, core.split(as_of)) if exact is not None else None
        outside = amount < st.low_cny or amount > st.high_cny
        notes = ["violation date assumed equal to the decision date" + date_note]
        notes_zh = ["假定违法行为发生日期与决定日期相同" + date_note_zh]
        if outside:
            notes.append("fine lies outside the statutory range: a data or catalogue error to investigate, "
                         "or a mitigated penalty")
            notes_zh.append("罚款金额超出法定幅度：可能是数据或目录错误（有待核查），也可能是减轻处罚")
        if prov.basis.startswith("gain"):
            gained = case.confiscated_cny is not None
            notes.append("illegal gains: " + ("confiscated amount used" if gained
                                             else "none published; statutory no-gain range used"))
            notes_zh.append("违法所得：" + ("以没收金额计算" if gained
                                         else "未公布，按没有违法所得时的法定幅度计算"))
        if prov.basis == "fixed_or_turnover":
            notes.append("turnover not published; fixed ceiling used")
            notes_zh.append("营业额未公布，按固定金额上限计算")
        if benchmark is False:
            notes.append(f"decided before the benchmark Provision took effect ({split.provision_from}); context only")
            notes_zh.append(f"裁量基准施行前作出的决定仅供参考（裁量基准自{split.provision_from}起施行）")
        elif benchmark is None:
            notes.append(f"decision period {case.decision_date} straddles the Provision's effective date "
                         f"({split.provision_from}); whether it applied is unknown")
            notes_zh.append(f"决定期间{case.decision_date}跨越裁量基准施行日期（{split.provision_from}），"
                            "无法确定是否适用裁量基准")
        out.append(Position(case_id=case.case_id, fine_of=fine_of, fine_cny=amount, provision_linked=pid,
                            provision_applied=st.provision_applied, link_confidence=case.provision_link_confidence,
                            as_of=as_of, statutory_low_cny=st.low_cny, statutory_high_cny=st.high_cny,
                            position_pct=position_in_range(amount, st.low_cny, st.high_cny), implied_band=band,
                            outside_range=outside, benchmark_applies=benchmark, note="; ".join(notes),
                            note_zh="；".join(notes_zh)))
    return out


def positions(cases: Iterable[CaseRow], core: Core | None = None) -> list[Position]:
    core = core or default_core()
    return [p for c in cases for p in position_of(c, core)]


def positions_frame(cases: Iterable[CaseRow], core: Core | None = None) -> pd.DataFrame:
    rows = [p.model_dump() for p in positions(cases, core)]
    import pandas as pd

    return pd.DataFrame(rows, columns=list(Position.model_fields))


# --- statistics -------------------------------------------------------------------------------

def quantile(values: Sequence[Decimal], q: Decimal) -> Decimal:
    """Linear-interpolation quantile (the common 'type 7' definition) in exact Decimal arithmetic."""
    xs = sorted(Decimal(v) for v in values)
    if not xs:
        raise ValueError("quantile of an empty list")
    h = (len(xs) - 1) * Decimal(q)
    lo = int(h)
    frac = h - lo
    r = xs[lo] if lo + 1 >= len(xs) else xs[lo] + (xs[lo + 1] - xs[lo]) * frac
    return r.quantize(Decimal(1)) if r == r.to_integral_value() else r.normalize()


class Summary(Strict):
    count: int
    min: Decimal
    q1: Decimal
    median: Decimal
    q3: Decimal
    max: Decimal


def summarise(values: Sequence[Decimal | int], quantum: Decimal | None = None) -> Summary:
    """Count, min, quartiles, max; ``quantum`` rounds every figure half-even (e.g. 0.1 for percentages)."""
    xs = [Decimal(v) for v in values]

    def r(v: Decimal) -> Decimal:
        return v.quantize(quantum, rounding=ROUND_HALF_EVEN) if quantum is not None else v

    return Summary(count=len(xs), min=r(min(xs)), q1=r(quantile(xs, Decimal("0.25"))),
                   median=r(quantile(xs, Decimal("0.5"))), q3=r(quantile(xs, Decimal("0.75"))), max=r(max(xs)))


class BandShare(Strict):
    band: str
    count: int
    share_pct: Decimal


class Stats(Strict):
    """Guarded statistics over a set of cases. ``fines``/``positions`` are None below the minimum."""

    computed_from: str
    cases_considered: int
    with_entity_fine: int
    without_amount: int
    without_provision_link: int
    positioned: int
    before_benchmark: int
    under_benchmark: int
    fines: Summary | None
    individual_fines: Summary | None
    positions: Summary | None
    band_shares: list[BandShare]
    outside_range: list[str]
    warnings: list[str]
    case_ids: list[str]
    computed_from_zh: str = ""  # ``computed_from`` in Chinese
    warnings_zh: list[str] = []  # the same warnings in Chinese, in the same order
    notices: list[Notice] = []  # the same warnings as {code, en, zh}


def compute_stats(cases: Sequence[CaseRow], description: str = "selected cases",
                  core: Core | None = None, min_cases: int = MIN_CASES_FOR_STATS,
                  description_zh: str | None = None) -> Stats:
    """Count, quartiles and min/max of entity fines and of positions in range, and the share of each
    implied band; fewer than ``min_cases`` values → no figures, only the list and a warning.
    ``description_zh`` names the set in Chinese (default 所选案例, with ``description`` appended
    when it is not the default)."""
    core = core or default_core()
    split = core.split()
    cases = list(cases)
    ent = [c.fine_entity_cny for c in cases if c.fine_entity_cny is not None]
    ind = [c.fine_individuals_cny for c in cases if c.fine_individuals_cny is not None]
    no_amount = [c for c in cases if not c.has_fine_amount]
    no_link = [c for c in cases if not c.provision_ids]
    pos = [p for p in positions(cases, core) if p.position_pct is not None]
    notices: list[Notice] = []
    if any(benchmark_applies(c, split) is not True for c in cases):
        notices.append(Notice(
            code="before_benchmark",
            en=f"Includes decisions made (or possibly made) before {split.provision_from}, when the "
               "benchmark Provision did not yet apply; they show practice, not the Provision's bands.",
            zh=f"包含{split.provision_from}之前（或可能之前）作出的决定，当时《{core.benchmark_title_zh()}》"
               "尚未施行；裁量基准施行前作出的决定仅供参考，反映的是执法实践，而非该规定的裁量阶次。"))
    if no_amount:
        notices.append(Notice(
            code="amount_unpublished",
            en=f"{len(no_amount)} case(s) published no fine amount (warnings only, or amount withheld) "
               "and are left out of the fine figures.",
            zh=f"{len(no_amount)}件案例未公布罚款金额（仅予警告，或金额未公开），未计入罚款统计。"))
    if no_link:
        notices.append(Notice(
            code="no_provision_link",
            en=f"{len(no_link)} case(s) have no article-level link to a catalogue provision and cannot "
               "be positioned in a statutory range.",
            zh=f"{len(no_link)}件案例未关联到目录中具体条文，无法确定其罚款在法定幅度中的位置。"))
    multi = [c.case_id for c in cases if c.fine_entity_cny is not None and len(c.laws) > 1 and not c.provision_ids]
    if multi:
        notices.append(Notice(
            code="multi_law_whole_fines",
            en="Fine figures include whole fines of decisions citing several laws without itemising them: "
               + ", ".join(multi) + ".",
            zh="罚款统计包含援引多部法律但未分别列明罚款金额的决定的罚款总额：" + "、".join(multi) + "。"))
    fines = individual = posum = None
    if len(ent) >= min_cases:
        fines = summarise(ent)
    else:
        notices.append(Notice(
            code="too_few_fines",
            en=f"Only {len(ent)} case(s) with a published entity fine: fewer than {min_cases}, so no "
               "fine statistics are given; read the cases themselves.",
            zh=f"公布单位罚款金额的案例仅{len(ent)}件，可比案例不足{min_cases}件，不提供统计；请逐案阅读。"))
    if len(ind) >= min_cases:
        individual = summarise(ind)
    if len(pos) >= min_cases:
        posum = summarise([p.position_pct for p in pos], PCT_QUANTUM)  # type: ignore[misc]
    elif ent:
        notices.append(Notice(
            code="too_few_positions",
            en=f"Only {len(pos)} fine(s) could be positioned in a statutory range: fewer than "
               f"{min_cases}, so no position statistics or band shares are given.",
            zh=f"仅{len(pos)}笔罚款可确定其在法定幅度中的位置，不足{min_cases}笔，不提供幅度位置统计和"
               "裁量阶次分布。"))
    shares: list[BandShare] = []
    if posum is not None:
        for band in ("mitigated", "lenient", "standard", "aggravated", "above_maximum"):
            n = sum(1 for p in pos if p.implied_band == band)
            if n:
                shares.append(BandShare(band=band, count=n,
                                        share_pct=(Decimal(n) * 100 / len(pos)).quantize(PCT_QUANTUM)))
    computed = (f"{description}: {len(cases)} case(s); entity-fine figures from {len(ent)} published amount(s); "
                f"positions from {len(pos)} fine(s) linked to a provision with a computable statutory range; "
                f"split points {split.lenient_upper_pct}/{split.aggravated_lower_pct} % ({split.citation}).")
    if description_zh is None:
        description_zh = "所选案例" + ("" if description == "selected cases" else f"（{description}）")
    computed_zh = (f"{description_zh}：共{len(cases)}件案例；单位罚款数据来自{len(ent)}个已公布金额；"
                   f"幅度位置数据来自{len(pos)}笔已关联条款且可计算法定幅度的罚款；"
                   f"分界点为{split.lenient_upper_pct}%/{split.aggravated_lower_pct}%"
                   f"（{core.split_citation_zh()}）。")
    return Stats(
        computed_from=computed, cases_considered=len(cases), with_entity_fine=len(ent),
        without_amount=len(no_amount), without_provision_link=len(no_link), positioned=len(pos),
        before_benchmark=sum(1 for p in pos if p.benchmark_applies is False),
        under_benchmark=sum(1 for p in pos if p.benchmark_applies is True),
        fines=fines, individual_fines=individual, positions=posum, band_shares=shares,
        outside_range=[p.case_id for p in pos if p.outside_range], warnings=[n.en for n in notices],
        case_ids=[c.case_id for c in cases], computed_from_zh=computed_zh,
        warnings_zh=[n.zh for n in notices], notices=notices,
    )


# --- an assessment against its comparables ---------------------------------------------------

class Comparison(Strict):
    estimate_low_cny: Decimal
    estimate_high_cny: Decimal
    comparable_fines: int
    share_below_low_pct: Decimal | None
    share_within_pct: Decimal | None
    share_above_high_pct: Decimal | None
    authority: str | None
    authority_cases_positioned: int
    authority_median_position_pct: Decimal | None
    overall_median_position_pct: Decimal | None
    authority_tendency: Literal["high", "low", "in line"] | None
    explanation: list[str]
    explanation_zh: list[str] = []  # the same sentences in Chinese, in the same order


def compare(estimate_low: Decimal, estimate_high: Decimal, comparables: Sequence[CaseRow],
            authority: str | None = None, core: Core | None = None,
            min_cases: int = MIN_CASES_FOR_STATS) -> Comparison:
    """Where an estimated fine range sits among comparable cases' fines, and whether an authority's
    own positioned fines sit above or below the comparables' median position."""
    core = core or default_core()
    fines = [Decimal(c.fine_entity_cny) for c in comparables if c.fine_entity_cny is not None]
    expl: list[str] = []
    expl_zh: list[str] = []
    below = within = above = None
    if len(fines) >= min_cases:
        n = Decimal(len(fines))
        below = (Decimal(sum(1 for f in fines if f < estimate_low)) * 100 / n).quantize(PCT_QUANTUM)
        within = (Decimal(sum(1 for f in fines if estimate_low <= f <= estimate_high)) * 100 / n).quantize(PCT_QUANTUM)
        above = (Decimal(sum(1 for f in fines if f > estimate_high)) * 100 / n).quantize(PCT_QUANTUM)
        expl.append(f"Of {len(fines)} comparable published entity fines, {below} % lie below the estimate, "
                    f"{within} % inside it and {above} % above it.")
        expl_zh.append(f"在{len(fines)}件可比案例已公布的单位罚款中，{below}%低于估算区间，{within}%位于区间内，"
                       f"{above}%高于估算区间。")
    else:
        expl.append(f"Only {len(fines)} comparable published fine(s); fewer than {min_cases}, so no distribution "
                    "comparison is made.")
        expl_zh.append(f"已公布罚款的可比案例仅{len(fines)}件，可比案例不足{min_cases}件，不作分布比较。")
    pos_all = [p for p in positions(comparables, core) if p.position_pct is not None]
    overall = quantile([p.position_pct for p in pos_all], Decimal("0.5")) if len(pos_all) >= min_cases else None  # type: ignore[misc]
    auth_pos: list[Position] = []
    if authority:
        ids = {c.case_id for c in comparables if authority.lower() in c.authority.lower()}
        auth_pos = [p for p in pos_all if p.case_id in ids]
    auth_med = quantile([p.position_pct for p in auth_pos], Decimal("0.5")) if len(auth_pos) >= min_cases else None  # type: ignore[misc]
    overall = overall.quantize(PCT_QUANTUM) if overall is not None else None
    auth_med = auth_med.quantize(PCT_QUANTUM) if auth_med is not None else None
    tendency = None
    if authority:
        if auth_med is not None and overall is not None:
            tendency = "high" if auth_med > overall else "low" if auth_med < overall else "in line"
            expl.append(f"{authority}: median position {auth_med} % over {len(auth_pos)} "
                        f"positioned fine(s) against {overall} % for all comparables.")
            expl_zh.append(f"{authority}：{len(auth_pos)}笔已定位罚款在法定幅度中的位置中位数为{auth_med}%，"
                           f"全部可比案例为{overall}%。")
        else:
            expl.append(f"{authority}: {len(auth_pos)} positioned fine(s) among the comparables; fewer than "
                        f"{min_cases} (or too few comparables overall), so no tendency is stated.")
            expl_zh.append(f"{authority}：可比案例中已定位的罚款{len(auth_pos)}笔，不足{min_cases}笔"
                           "（或可比案例总数过少），不判断其裁量倾向。")
    return Comparison(estimate_low_cny=Decimal(estimate_low), estimate_high_cny=Decimal(estimate_high),
                      comparable_fines=len(fines), share_below_low_pct=below, share_within_pct=within,
                      share_above_high_pct=above, authority=authority,
                      authority_cases_positioned=len(auth_pos), authority_median_position_pct=auth_med,
                      overall_median_position_pct=overall, authority_tendency=tendency, explanation=expl,
                      explanation_zh=expl_zh)
