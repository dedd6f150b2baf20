"""Similar historical cases for a violation, each saying why it matched.

Ranking (highest first): the same provision (or its counterpart in the other version of the same
law) → the same law and article (a linked provision, or the article cited in the case's ``articles``
text while the same version of the law was in force) → the same law and tier → the same law. Within a match level,
cases gain points for the same party type, authority level, region, sector group (see
``penalty.cases.sectors``) and period, and for
being decided under the benchmark Provision. The search widens one match level at a time until
``min_results`` cases are found; hard filters (authority type, level, region, years) are never
relaxed silently.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Literal

from pydantic import ValidationError

from penalty.base import Strict
from penalty.cases._core import Core, ProvisionView, default_core
from penalty.cases.filters import CaseFilter, case_articles, filter_cases
from penalty.cases.i18n import Notice, code_label, label_zh
from penalty.cases.schema import CaseRow
from penalty.cases.sectors import sector_match
from penalty.cases.stats import benchmark_applies
from penalty.errors import Problem, problems

if TYPE_CHECKING:
    import pandas as pd  # imported where a frame is built: reading cases needs no pandas

MatchLevel = Literal["provision", "article", "law_tier", "law"]
LEVEL_ORDER: tuple[MatchLevel, ...] = ("provision", "article", "law_tier", "law")
LEVEL_SCORE = {"provision": 100, "article": 70, "law_tier": 40, "law": 20}
BONUS = {"party_type": 8, "level": 5, "region": 5, "sector": 3, "period": 4, "benchmark": 4}
PERIOD_YEARS = 2  # "same period": decided within this many years of the query's decision date


class SimilarQuery(Strict):
    """What to find comparables for. ``provision`` is a catalogue id."""

    provision: str
    decision_date: dt.date | None = None
    party_type: Literal["company", "public_institution", "individual"] | None = None
    level: str | None = None
    region: str | None = None
    sector: str | None = None
    authority: str | None = None

    @classmethod
    def from_case_json(cls, data: dict[str, Any], **context: Any) -> SimilarQuery:
        """Build a query from an assessment case (the ``penalty assess`` JSON) plus optional context:
        an optional top-level ``context`` object and keyword overrides (level, region, sector...)."""
        raw_ctx = data.get("context") or {}
        party = data.get("party") or {}
        provisions = data.get("provisions") or [None]
        for name, value, kind_ in (("context", raw_ctx, dict), ("party", party, dict),
                                   ("provisions", provisions, list)):
            if not isinstance(value, kind_):
                raise ValueError(f"case JSON: field {name!r} is {value!r}; valid: a JSON "
                                 f"{'object' if kind_ is dict else 'list'}")
        ctx = dict(raw_ctx)
        ctx.update({k: v for k, v in context.items() if v is not None})
        prov = data.get("provision") or provisions[0]
        if not prov:
            raise ValueError("case JSON: field 'provision' is missing; give a catalogue provision id, "
                             "e.g. \"dsl-45-1-entity-base\"")
        kind = party.get("kind")
        party_type = ctx.pop("party_type", None) or (
            {"individual": "individual"}.get(kind, "company") if kind else None)
        try:
            return cls(provision=prov, decision_date=data.get("decision_date"), party_type=party_type, **ctx)
        except ValidationError as exc:
            raise ValueError("case JSON: " + "; ".join(_query_error(e) for e in problems(exc))) from None


def _query_error(e: Problem) -> str:
    """One pydantic error on a similar-cases query, naming the field, the value and what is valid."""
    field = e.field or "(query)"
    if e.type == "extra_forbidden":
        valid = ", ".join(f for f in SimilarQuery.model_fields if f not in ("provision", "decision_date"))
        return f"unknown context field {field!r}; valid: {valid}"
    if field == "decision_date":
        return f"decision_date {e.value!r} is not a date; valid: YYYY-MM-DD"
    return f"{field} {e.value!r}: {e.msg}"


class SimilarCase(Strict):
    case_id: str
    score: int
    match: MatchLevel
    reasons: list[str]
    reasons_zh: list[str] = []  # the same reasons in Chinese, in the same order
    decision_date: str | None
    authority: str
    authority_type: str
    level: str
    region: str
    party_type: str
    laws: str
    provision_ids: str
    provision_link_confidence: str
    fine_entity_cny: int | None
    fine_individuals_cny: int | None
    penalties: str
    confidence: str
    source_urls: str


class SimilarResult(Strict):
    query: SimilarQuery
    filters: str
    widened_to: MatchLevel | None
    matches: list[SimilarCase]
    warnings: list[str]
    warnings_zh: list[str] = []  # the same warnings in Chinese, in the same order
    notices: list[Notice] = []  # the same warnings as {code, en, zh}

    def frame(self) -> pd.DataFrame:
        import pandas as pd

        return pd.DataFrame([m.model_dump() for m in self.matches], columns=list(SimilarCase.model_fields))


def match_level(query_pid: str, case: CaseRow, core: Core) -> tuple[MatchLevel | None, str]:
    """The closest relation between the query provision and a case's linked provisions."""
    lvl, en, _ = match_level_bilingual(query_pid, case, core)
    return lvl, en


def match_level_bilingual(query_pid: str, case: CaseRow, core: Core) -> tuple[MatchLevel | None, str, str]:
    """As :func:`match_level`, with the reason also in Chinese (law names and article references
    from the catalogue)."""
    q = core.provision(query_pid)
    family = core.family(query_pid)
    linked = [core.provision(p) for p in case.provision_ids if core.has(p)]
    # The reasons name laws and articles as a lawyer cites them, never catalogue ids (the
    # Chinese citation carries the law's version year as the English one does).
    def zh(p: ProvisionView) -> str:
        return f"{p.citation_zh}（{p.law_version}年文本）" if p.law_version else p.citation_zh

    for p in linked:
        if p.id == query_pid:
            return "provision", f"same provision: {p.citation_en}", f"同一条款：{zh(p)}"
        if p.id in family:
            return ("provision", f"counterpart provision {p.citation_en} (other version of {q.citation_en})",
                    f"对应条款：{zh(p)}，系{zh(q)}在该法另一版本中的对应条款")
    for p in linked:
        if p.law == q.law and p.article == q.article:
            return ("article", f"same article: {p.citation_en} ({p.trigger_en})",
                    f"同一条：{zh(p)}，{p.trigger_zh}")
    if q.article is not None and _same_version_period(q, case):
        cited = sorted(n for law, n in case_articles(case, core) if law == q.law and n == q.article)
        if cited:
            return ("article", (f"same article cited in the case's text: {q.law} Art {q.article} "
                                f"(\"{case.articles}\"; provision not linked)"),
                    f"案例文书援引同一条：{q.article_zh}（“{case.articles}”；未关联到具体条款）")
    for p in linked:
        if p.law == q.law and p.tier == q.tier:
            return ("law_tier", f"same law and tier: {p.citation_en} ({p.trigger_en})",
                    f"同一法律同一层级：{zh(p)}，{p.trigger_zh}")
    if q.law in case.laws:
        cites = ", ".join(p.citation_en for p in linked)
        cites_zh = "、".join(zh(p) for p in linked)
        how = "linked " + cites if linked else "article not linked"
        how_zh = "关联条款" + cites_zh if linked else "未关联到具体条文"
        return "law", f"same law {q.law_title_en} ({how})", f"同一法律：《{q.law_title_zh}》（{how_zh}）"
    return None, "", ""


def _same_version_period(q: ProvisionView, case: CaseRow) -> bool:
    """Whether the case was decided while the query provision's version was in force (article
    numbers in a case's text follow the version in force; CSL was renumbered from 2026)."""
    if case.decision_period is None:
        return False
    first, last = case.decision_period
    if q.effective_from is not None and last < q.effective_from:
        return False
    return not (q.effective_to is not None and first >= q.effective_to)  # effective_to is exclusive


def similar_cases(query: SimilarQuery, cases: Sequence[CaseRow], flt: CaseFilter | None = None,
                  core: Core | None = None, min_results: int = 3, limit: int | None = None) -> SimilarResult:
    core = core or default_core()
    if not core.has(query.provision):
        close = core.close_ids(query.provision)
        raise ValueError(f"provision {query.provision!r} is not in the catalogue"
                         + (f"; close matches: {', '.join(close)}" if close else ""))
    flt = flt or CaseFilter()
    pool = filter_cases(cases, flt, core)
    split = core.split()
    scored: list[SimilarCase] = []
    for c in pool:
        lvl, why, why_zh = match_level_bilingual(query.provision, c, core)
        if lvl is None:
            continue
        score = LEVEL_SCORE[lvl]
        reasons = [why]
        reasons_zh = [why_zh]
        if query.party_type and c.party_type == query.party_type:
            score += BONUS["party_type"]
            reasons.append(f"same party type ({c.party_type})")
            reasons_zh.append(f"当事人类型相同（{label_zh('party_types', c.party_type)}）")
        if query.level and c.level == query.level:
            score += BONUS["level"]
            reasons.append(f"same authority level ({c.level})")
            reasons_zh.append(f"执法机关层级相同（{label_zh('levels', c.level)}）")
        if query.region and query.region.lower() in c.region.lower():
            score += BONUS["region"]
            reasons.append(f"same region ({c.region})")
            reasons_zh.append(f"地区相同（{c.region}）")
        if query.sector:
            common = sector_match(query.sector, c.sector)
            if common:
                score += BONUS["sector"]
                reasons.append(f"same sector group {', '.join(sorted(common))} ({c.sector})")
                reasons_zh.append(f"行业类别相同：{'、'.join(sorted(common))}（{c.sector}）")
        if query.decision_date and c.decision_period:
            first, last = c.decision_period
            gap = min(abs((first - query.decision_date).days), abs((last - query.decision_date).days))
            if gap <= PERIOD_YEARS * 366:
                score += BONUS["period"]
                reasons.append(f"decided within {PERIOD_YEARS} years of the query date ({c.decision_date})")
                reasons_zh.append(f"决定日期与所查案件的决定日期相差不超过{PERIOD_YEARS}年（{c.decision_date}）")
            if query.decision_date >= split.provision_from and benchmark_applies(c, split):
                score += BONUS["benchmark"]
                reasons.append(f"also decided under the benchmark Provision (from {split.provision_from})")
                reasons_zh.append(f"同样在裁量基准施行后作出（{split.provision_from}起施行）")
        if c.authority_type != "cac":
            reasons.append(f"note: not a CAC decision ({code_label('authority_types', c.authority_type)})")
            reasons_zh.append(f"注意：非网信部门作出（{label_zh('authority_types', c.authority_type)}）")
        scored.append(SimilarCase(
            case_id=c.case_id, score=score, match=lvl, reasons=reasons, reasons_zh=reasons_zh,
            decision_date=c.decision_date,
            authority=c.authority, authority_type=c.authority_type, level=c.level, region=c.region,
            party_type=c.party_type, laws=";".join(c.laws), provision_ids=";".join(c.provision_ids),
            provision_link_confidence=c.provision_link_confidence, fine_entity_cny=c.fine_entity_cny,
            fine_individuals_cny=c.fine_individuals_cny, penalties=c.penalties, confidence=c.confidence,
            source_urls=" ; ".join(c.source_urls)))
    # Widen one match level at a time until enough cases are found.
    chosen: list[SimilarCase] = []
    widened_to: MatchLevel | None = None
    for i, lvl in enumerate(LEVEL_ORDER):
        chosen = [s for s in scored if LEVEL_ORDER.index(s.match) <= i]
        widened_to = lvl
        if len(chosen) >= min_results:
            break
    chosen.sort(key=lambda s: (-s.score, s.decision_date or "", s.case_id))
    if limit is not None:
        chosen = chosen[:limit]
    notices: list[Notice] = []
    if widened_to != "provision":
        n_exact = sum(1 for s in scored if s.match == "provision")
        notices.append(Notice(
            code="widened",
            en=f"{n_exact} case(s) on the same provision; widened to match level '{widened_to}' to reach "
               f"{min_results} comparables.",
            zh=f"同一条款的案例{n_exact}件；已放宽至“{label_zh('match_levels', widened_to)}”匹配层级，以达到"  # type: ignore[arg-type]
               f"{min_results}件可比案例。"))
    if len(chosen) < min_results:
        notices.append(Notice(
            code="too_few_comparables",
            en=f"Only {len(chosen)} comparable case(s) found even at the widest level; no statistics "
               "should be drawn from them.",
            zh=f"即使放宽至最宽匹配层级，也仅找到{len(chosen)}件可比案例；可比案例不足{min_results}件，"
               "不应据此得出统计结论。"))
    if any(s.authority_type != "cac" for s in chosen):
        notices.append(Notice(
            code="non_cac_included",
            en="Some comparables are police, market or financial regulators' decisions; keep only "
               "cyberspace authorities' decisions (authority type: CAC) to exclude them.",
            zh="部分可比案例系公安机关、市场监管部门或金融监管部门等非网信部门作出；"
               "可将执法机关类型限定为网信部门予以排除。"))
    return SimilarResult(query=query, filters=flt.describe(), widened_to=widened_to, matches=chosen,
                         warnings=[n.en for n in notices], warnings_zh=[n.zh for n in notices],
                         notices=notices)
