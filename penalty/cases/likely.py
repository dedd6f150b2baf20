"""The likely range: where similar published decisions landed (observed practice, not law).

For an assessment, the decisions that bear on it are found tier by tier (the same provision and
tier, then the same article, the same law and tier, the same law: ``penalty.cases.similar``),
weighted by how close their authority level, period (before or after the discretion-benchmark
Provision took effect) and provision link are. Each decision's fine is read as a **position** in
its own statutory range at its decision date, through the core engine
(``penalty.cases.stats.position_of``). An interval of those positions, holding most of their
weight, is mapped into this case's statutory range. Below ``min_decisions`` positioned fines
there is no estimate, with a reason. The share of similar decisions that imposed no fine at all is
reported beside it.

Every method parameter (tiers, weights, interval method, coverage, minimum) lives in
``data/observed_practice.yaml``; the back-test (:func:`backtest`, ``penalty cases backtest``)
measures how often the range holds a held-out decision's fine. Nothing here is law, and nothing
here changes a legal band or range.

Money: an interval end is an exact fraction of a span; the amount is
``low + floor(span × fraction)`` in integer fen (rounded down towards the statutory minimum,
the project's one rounding rule), computed the same way for one case and for a frame.
"""

from __future__ import annotations

import datetime as dt
import math
import random
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_EVEN, Decimal
from fractions import Fraction
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

import numpy as np
from pydantic import Field, model_validator

from penalty.base import Strict
from penalty.cases._core import Core, default_core
from penalty.cases.load import load_cases
from penalty.cases.schema import CaseRow
from penalty.cases.similar import LEVEL_ORDER, MatchLevel, match_level
from penalty.cases.stats import benchmark_applies, position_of
from penalty.errors import PenaltyError
from penalty.likely_store import bounded as _bounded
from penalty.likely_store import map_fen_int, mapped
from penalty.messages import pair, t
from penalty.models import AUTHORITY_LEVELS

SETTINGS_FILE = "observed_practice.yaml"


def basis_words(basis: str | None) -> tuple[str, str]:
    """A similarity tier in words, (en, zh) (penalty/messages/practice.yaml); an unknown tier
    by its code."""
    if basis in ("provision", "article", "law_tier", "law"):
        return pair(f"practice_basis_{basis}")
    return str(basis or ""), str(basis or "")


# --- settings (data/observed_practice.yaml) ----------------------------------------------------

class PeriodSettings(Strict):

    mode: Literal["weighted", "separated"]
    other_period_weight: float = Field(ge=0, le=1)


class Label(Strict):

    en: str = Field(min_length=1)
    zh: str = Field(min_length=1)


class Settings(Strict):
    """The likely-range method; every field is documented in ``data/observed_practice.yaml``."""

    tiers: tuple[MatchLevel, ...] = Field(min_length=1)
    min_decisions: int = Field(ge=1)
    pooling: Literal["widen", "shrink"]
    tier_weights: dict[MatchLevel, float]
    interval: Literal["shortest", "quantile", "order_statistic", "bootstrap"]
    coverage: float = Field(gt=0, le=1)
    lower_quantile: float = Field(ge=0, le=1)
    upper_quantile: float = Field(ge=0, le=1)
    bootstrap_draws: int = Field(ge=1, le=10_000)
    bootstrap_seed: int
    period: PeriodSettings
    level_order: tuple[str, ...]
    level_distance_weights: tuple[float, ...]
    authority_type_weights: dict[str, float]
    link_confidence_weights: dict[str, float]
    source_quality_weights: dict[str, float]
    default_weight: float = Field(ge=0)
    condition_on_band: bool
    label: Label

    @model_validator(mode="after")
    def _consistent(self) -> Settings:
        if self.lower_quantile > self.upper_quantile:
            raise ValueError(f"lower_quantile {self.lower_quantile} is above upper_quantile "
                             f"{self.upper_quantile}")
        if list(self.tiers) != sorted(self.tiers, key=LEVEL_ORDER.index):
            raise ValueError(f"tiers {list(self.tiers)} must run from narrow to wide, in the order "
                             f"{list(LEVEL_ORDER)}")
        if len(self.level_distance_weights) < len(self.level_order):
            raise ValueError(f"level_distance_weights needs one weight per distance 0..{len(self.level_order) - 1}")
        missing = [t for t in self.tiers if t not in self.tier_weights]
        if missing:
            raise ValueError(f"tier_weights lacks {missing}; give a weight for every tier")
        return self

    def with_(self, **changes: Any) -> Settings:
        """A copy with some fields changed (the back-test compares methods this way)."""
        return Settings.model_validate({**self.model_dump(), **changes})


def load_settings(path: str | Path | None = None) -> Settings:
    """Read and validate the settings file through the catalogue's YAML reader (unknown and
    duplicate keys are errors naming the file and field)."""
    from penalty.catalogue.loader import data_dir, validate_file

    return validate_file(Path(path) if path else data_dir() / SETTINGS_FILE, Settings)


# --- the decisions --------------------------------------------------------------------------------

FineStatus = Literal["fined", "no_fine", "unknown"]


def fine_status(case: CaseRow) -> FineStatus:
    """Whether a decision fined the party: ``fine`` among its sanction codes → fined; otherwise a
    sanction of unknown kind → unknown; otherwise (warning, order, suspension...) → no fine. A
    fine on responsible persons alone is not a fine on the party."""
    codes = set(getattr(case, "sanctions", ()) or ())
    if "fine" in codes or case.has_fine_amount and case.fine_entity_cny is not None:
        return "fined"
    if "unknown" in codes:
        return "unknown"
    return "no_fine"


@dataclass(frozen=True)
class Decision:
    """One positioned fine of a published decision."""

    case_id: str
    provision: str
    position: Fraction  # (fine − statutory min) / (statutory max − statutory min)
    fine_cny: int
    level: str
    authority_type: str
    link_confidence: str
    source_quality: str
    period: bool | None  # decided under the Provision (True), before it (False), unknown (None)
    band: str | None  # the band the rules give its recorded circumstances; None = not read
    rule_low_cny: Decimal | None
    rule_high_cny: Decimal | None
    statutory_low_cny: Decimal
    statutory_high_cny: Decimal


@dataclass(frozen=True)
class Query:
    provision: str
    period: bool | None = None  # the query decided under the Provision?
    level: str | None = None
    band: str | None = None
    exclude: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Estimate:
    low: Fraction
    high: Fraction
    n: int
    basis: MatchLevel
    no_fine_share: Fraction | None
    cases: tuple[str, ...]
    period: str
    circumstances_reflected: bool
    method: str


@dataclass(frozen=True)
class NoEstimate:
    code: str
    en: str
    zh: str
    n: int = 0
    basis: MatchLevel | None = None


@dataclass
class _Pool:
    items: list[tuple[Decision, float]] = field(default_factory=list)


class Engine:
    """The decisions read once (positions, recorded bands, fine status) and the settings."""

    def __init__(self, cases: Sequence[CaseRow], core: Core | None = None,
                 settings: Settings | None = None) -> None:
        self.core = core or default_core()
        self.settings = settings or load_settings()
        self.cases = tuple(cases)
        self.status = {c.case_id: fine_status(c) for c in self.cases}
        self.decisions: list[Decision] = []
        split = self.core.split()
        for c in self.cases:
            for p in position_of(c, self.core):
                if p.position_pct is None or p.statutory_low_cny is None or p.statutory_high_cny is None:
                    continue
                band, rlo, rhi = self._rule_band(c, p.provision_linked, p.as_of, p.fine_of)
                span = p.statutory_high_cny - p.statutory_low_cny
                self.decisions.append(Decision(
                    case_id=c.case_id, provision=p.provision_linked,
                    position=Fraction(Decimal(p.fine_cny) - p.statutory_low_cny) / Fraction(span),
                    fine_cny=p.fine_cny, level=c.level, authority_type=c.authority_type,
                    link_confidence=c.provision_link_confidence,
                    source_quality=str(getattr(c, "source_quality", "")),
                    period=benchmark_applies(c, split), band=band, rule_low_cny=rlo, rule_high_cny=rhi,
                    statutory_low_cny=p.statutory_low_cny, statutory_high_cny=p.statutory_high_cny))
        self._match: dict[tuple[str, str], MatchLevel | None] = {}

    def _rule_band(self, c: CaseRow, pid: str, as_of: dt.date | None, fine_of: str
                   ) -> tuple[str | None, Decimal | None, Decimal | None]:
        """The band and fine range the rules give the decision's recorded circumstances."""
        if as_of is None:
            return None, None, None
        payload = {"provision": pid, "violation_date": as_of.isoformat(), "decision_date": as_of.isoformat(),
                   "party": {"kind": "individual" if fine_of == "individual" else "organisation"},
                   "illegal_gain_cny": c.confiscated_cny,
                   "circumstances": [x for x in c.circumstance_codes if x in self.core.circumstance_codes()]}
        try:
            a = self.core.rules(payload)
        except (PenaltyError, ValueError):
            return None, None, None
        if a.fine is None:
            return a.band, None, None
        return a.band, a.fine.low_cny, a.fine.high_cny

    # --- selection ----------------------------------------------------------------------------
    def match(self, pid: str, case: CaseRow) -> MatchLevel | None:
        key = (pid, case.case_id)
        if key not in self._match:
            self._match[key] = match_level(pid, case, self.core)[0]
        return self._match[key]

    def weight(self, d: Decision, q: Query) -> float:
        s = self.settings
        w = s.authority_type_weights.get(d.authority_type, s.default_weight)
        w *= s.link_confidence_weights.get(d.link_confidence, s.default_weight)
        w *= s.source_quality_weights.get(d.source_quality, s.default_weight)
        if q.level is not None and q.level in s.level_order and d.level in s.level_order:
            w *= s.level_distance_weights[abs(s.level_order.index(q.level) - s.level_order.index(d.level))]
        if q.period is not None and d.period is not q.period:
            w *= s.period.other_period_weight
        return w

    def estimate(self, q: Query) -> Estimate | NoEstimate:
        """The likely range of positions for ``q``, or why there is none."""
        s = self.settings
        if not self.core.has(q.provision):
            return NoEstimate("unknown_provision",
                              *pair("practice_unknown_provision", provision=q.provision))
        by_case = {c.case_id: c for c in self.cases}
        level_of = {cid: self.match(q.provision, c) for cid, c in by_case.items() if cid not in q.exclude}
        found = 0
        basis: MatchLevel | None = None
        for i, tier in enumerate(s.tiers):
            allowed = set(LEVEL_ORDER[:LEVEL_ORDER.index(tier) + 1])
            items = [d for d in self.decisions if d.case_id not in q.exclude and level_of.get(d.case_id) in allowed]
            found, basis = len(items), tier
            if len(items) < s.min_decisions:
                continue
            weighted = [(d, self.weight(d, q) * s.tier_weights[level_of[d.case_id]]  # type: ignore[index]
                         if s.pooling == "shrink" else self.weight(d, q)) for d in items]
            if s.pooling == "shrink":  # add the wider tiers, each weighing less
                wider = set(s.tiers[i + 1:])
                weighted += [(d, self.weight(d, q) * s.tier_weights[level_of[d.case_id]])  # type: ignore[index]
                             for d in self.decisions if d.case_id not in q.exclude
                             and level_of.get(d.case_id) in wider]
            weighted, period = self._period(weighted, q)
            weighted, reflected = self._band(weighted, q)
            weighted = [(d, w) for d, w in weighted if w > 0]
            if len(weighted) < s.min_decisions:
                continue
            lo, hi = interval(weighted, s)
            considered = [cid for cid, lvl in level_of.items() if lvl in allowed]
            return Estimate(low=lo, high=hi, n=len(weighted), basis=tier,
                            no_fine_share=self._no_fine_share(considered, q), cases=tuple(
                                sorted({d.case_id for d, _ in weighted})),
                            period=period, circumstances_reflected=reflected, method=_method_name(s))
        return NoEstimate(
            "too_few_decisions",
            *pair("practice_too_few_decisions", found=found, basis=basis_words(basis),
                  minimum=s.min_decisions), n=found, basis=basis)

    def _period(self, items: list[tuple[Decision, float]], q: Query) -> tuple[list[tuple[Decision, float]], str]:
        s = self.settings
        if q.period is None:
            return items, "weighted"
        name = "after_provision" if q.period else "before_provision"
        own = [(d, w) for d, w in items if d.period is q.period]
        if s.period.mode == "separated" and len(own) >= s.min_decisions:
            return own, name
        if all(d.period is q.period for d, _ in items):
            return items, name
        if not own and all(d.period is (not q.period) for d, _ in items):
            return items, "before_provision" if q.period else "after_provision"
        return items, "weighted"

    def _band(self, items: list[tuple[Decision, float]], q: Query) -> tuple[list[tuple[Decision, float]], bool]:
        if not self.settings.condition_on_band or q.band is None:
            return items, False
        same = [(d, w) for d, w in items if d.band == q.band]
        if len(same) >= self.settings.min_decisions:
            return same, True
        return items, False

    def _no_fine_share(self, case_ids: Iterable[str], q: Query) -> Fraction | None:
        """Among the similar decisions (with or without an amount, same tier), the share that
        imposed no fine; decisions whose sanction type is unknown are left out."""
        stats = [self.status[c] for c in case_ids]
        known = [x for x in stats if x != "unknown"]
        if not known:
            return None
        return Fraction(sum(1 for x in known if x == "no_fine"), len(known))


def method_words(s: Settings, lang: str = "en") -> str:
    """The method of the likely range in words (interval and pooling of the tiers)."""
    detail = t(f"practice_method_{s.interval}", lang, coverage=s.coverage, lower=s.lower_quantile,
               upper=s.upper_quantile, draws=s.bootstrap_draws)
    pooling = "practice_method_pooled" if s.pooling == "shrink" else "practice_method_widened"
    return t(pooling, lang, detail=detail)


def _method_name_zh(s: Settings) -> str:
    return method_words(s, "zh")


def _method_name(s: Settings) -> str:
    return method_words(s, "en")


# --- interval methods (each returns observed positions) ------------------------------------------

def weighted_quantile(items: Sequence[tuple[Fraction, float]], q: float) -> Fraction:
    """Inverse of the weighted distribution function: the smallest value whose cumulative weight
    reaches ``q`` of the total (no interpolation, so the result is an observed value)."""
    xs = sorted(items, key=lambda t: t[0])
    total = sum(w for _, w in xs)
    acc = 0.0
    for x, w in xs:
        acc += w
        if acc >= q * total - 1e-12:
            return x
    return xs[-1][0]


def shortest_interval(items: Sequence[tuple[Fraction, float]], coverage: float) -> tuple[Fraction, Fraction]:
    """The narrowest [x_i, x_j] of observed values holding at least ``coverage`` of the weight;
    among equally narrow ones, the one holding more weight, then the lower one."""
    xs = sorted(items, key=lambda t: t[0])
    vals = [x for x, _ in xs]
    cum = [0.0]
    for _, w in xs:
        cum.append(cum[-1] + w)
    need = coverage * cum[-1] - 1e-12
    best: tuple[Fraction, float, Fraction, Fraction] | None = None
    j = 0
    for i in range(len(xs)):
        j = max(j, i)
        while j < len(xs) and cum[j + 1] - cum[i] < need:
            j += 1
        if j == len(xs):
            break
        cand = (vals[j] - vals[i], -(cum[j + 1] - cum[i]), vals[i], vals[j])
        if best is None or cand[:3] < best[:3]:
            best = cand
    assert best is not None
    return best[2], best[3]


def interval(weighted: Sequence[tuple[Decision, float]], s: Settings) -> tuple[Fraction, Fraction]:
    items = [(d.position, w) for d, w in weighted]
    if s.interval == "shortest":
        return shortest_interval(items, s.coverage)
    if s.interval == "quantile":
        return weighted_quantile(items, s.lower_quantile), weighted_quantile(items, s.upper_quantile)
    if s.interval == "order_statistic":
        xs = sorted(x for x, _ in items)
        n = len(xs)
        j = max(1, math.floor((n + 1) * (1 - s.coverage) / 2))
        return xs[j - 1], xs[n - j]
    rng = random.Random(s.bootstrap_seed)
    lows, highs = [], []
    for _ in range(s.bootstrap_draws):
        draw = [items[rng.randrange(len(items))] for _ in items]
        lows.append(weighted_quantile(draw, s.lower_quantile))
        highs.append(weighted_quantile(draw, s.upper_quantile))
    lows.sort()
    highs.sort()
    return lows[(len(lows) - 1) // 2], highs[(len(highs) - 1) // 2]


# --- mapping positions into a case's range ------------------------------------------------------

_FEN = Decimal("0.01")


def _pct(p: Fraction) -> Decimal:
    return (Decimal(p.numerator) * 100 / Decimal(p.denominator)).quantize(Decimal("0.1"), ROUND_HALF_EVEN)


def _share(p: Fraction | None) -> Decimal | None:
    if p is None:
        return None
    return (Decimal(p.numerator) / Decimal(p.denominator)).quantize(Decimal("0.001"), ROUND_HALF_EVEN)


# --- the engine for a catalogue ----------------------------------------------------------------

@lru_cache(maxsize=4)
def engine_for(cat: Any) -> Engine | NoEstimate:
    """The engine over the bundled decisions for catalogue ``cat`` (built once), or why it cannot
    be built (e.g. a test catalogue that lacks the provisions the decisions cite)."""
    from penalty.catalogue import load_catalogue

    try:
        core = default_core() if cat is load_catalogue() else Core(cat)
        return Engine(load_cases(core=core, strict=False).cases, core)
    except (PenaltyError, ValueError, OSError) as exc:
        return NoEstimate("no_case_data", *pair("practice_no_case_data", error=exc))


@lru_cache(maxsize=8192)
def _estimate_cached(cat: Any, provision: str, period: bool | None, band: str | None,
                     level: str | None = None) -> Estimate | NoEstimate:
    eng = engine_for(cat)
    if isinstance(eng, NoEstimate):
        return eng
    return eng.estimate(Query(provision=provision, period=period, band=band, level=level))


def likely_for_assessment(a: Any, cat: Any, level: str | None = None) -> tuple[Any, Any]:
    """(``LikelyRange`` | None, ``Note`` | None) for an ``Assessment``; ``level``: the deciding
    office's level, when known (``Case.authority_level``)."""
    return mapped(a, likely_parts(cat, a.provision_applied, bool(a.benchmark_applies), a.band, level,
                                  a.statutory is not None))


def likely_parts(cat: Any, provision: str, period: bool, band: str | None, level: str | None,
                 fined: bool) -> tuple[dict[str, Any] | None, Any, Fraction | None, Fraction | None]:
    """What the likely range of every assessment with this key shares: the ``LikelyRange`` fields
    but its two amounts, the note, and the interval's two positions, which
    :func:`penalty.likely_store.mapped` maps into the assessment's own statutory range. Plain data,
    so that it can be saved between processes (``penalty.likely_store``)."""
    from penalty.models import Note

    if not fined:
        en, zh = pair("practice_no_fine_provision")
        return None, Note(code="no_fine", en=en, zh=zh), None, None
    est = _estimate_cached(cat, provision, period, band, level)
    if isinstance(est, NoEstimate):
        return None, Note(code=est.code, en=est.en, zh=est.zh), None, None
    s = engine_for(cat).settings  # type: ignore[union-attr]
    fields = dict(
        n=est.n, basis=est.basis,
        no_fine_share=_share(est.no_fine_share), cases=list(est.cases),
        low_position_pct=_pct(est.low), high_position_pct=_pct(est.high), method=est.method,
        method_zh=_method_name_zh(s),
        period=est.period, circumstances_reflected=est.circumstances_reflected,
        en=s.label.en, zh=s.label.zh)
    notes: list[tuple[str, str, str]] = []
    if not est.circumstances_reflected and band not in (None, "standard"):
        label = {b.code: b for b in cat.bands}.get(band)
        words = (label.en.lower(), label.zh) if label is not None else (band, band)
        notes.append(("circumstances_not_reflected",
                      *pair("practice_circumstances_not_reflected", band=words)))
    if period and est.period == "before_provision":
        eff = engine_for(cat).core.split().provision_from  # type: ignore[union-attr]
        notes.append(("before_provision_only", *pair("practice_before_provision_only", effective=eff)))
    note = None
    if notes:
        note = Note(code=";".join(n[0] for n in notes), en=" ".join(n[1] for n in notes),
                    zh="".join(n[2] for n in notes))
    return fields, note, est.low, est.high


def likely_points(a: Any, cat: Any) -> list[dict[str, Any]]:
    """The similar decisions behind ``a.likely``, each with its fine's position in its own
    statutory range and the amount at that position in this case's range (for a chart of the
    distribution); empty when there is no likely range."""
    eng = engine_for(cat)
    if a.likely is None or a.statutory is None or isinstance(eng, NoEstimate):
        return []
    ids = set(a.likely.cases)
    lo, hi = int(round(a.statutory.low_cny * 100)), int(round(a.statutory.high_cny * 100))
    return [{"case_id": d.case_id, "fine_cny": d.fine_cny, "position_pct": _pct(d.position),
             "here_cny": (Decimal(map_fen_int(lo, hi, d.position)) / 100).quantize(_FEN)}
            for d in eng.decisions if d.case_id in ids]


class _Table:
    """Per catalogue: the estimate of every (provision applied, period, band, authority level) key
    met so far, as flat arrays indexed by the key, so a frame gathers its rows' estimates without a
    Python loop."""

    def __init__(self, cat: Any, n_ids: int, n_bands: int) -> None:
        self.cat, self.n_bands = cat, n_bands
        self.n_levels = len(AUTHORITY_LEVELS) + 1  # -1 (not given) and each level
        size = n_ids * 2 * (n_bands + 1) * self.n_levels
        self.done = np.zeros(size, bool)
        self.ok = np.zeros(size, bool)
        self.lo_num = np.zeros(size, np.int64)
        self.lo_den = np.ones(size, np.int64)
        self.hi_num = np.zeros(size, np.int64)
        self.hi_den = np.ones(size, np.int64)
        self.n = np.zeros(size, np.int64)
        self.lock = threading.Lock()

    def key(self, applied: np.ndarray, period: np.ndarray, band: np.ndarray, level: np.ndarray) -> np.ndarray:
        """``((applied × 2 + period) × (bands + 1) + band + 1) × levels + level + 1``, in place."""
        k = applied.astype(np.int64)  # a copy
        k *= 2
        k += period
        k *= self.n_bands + 1
        k += band
        k += 1
        k *= self.n_levels
        k += level
        k += 1
        return k

    def decode(self, k: int, ids: Sequence[str], band_names: Sequence[str]
               ) -> tuple[str, bool, str | None, str | None]:
        k, lv = divmod(k, self.n_levels)
        k, b = divmod(k, self.n_bands + 1)
        k, period = divmod(k, 2)
        return (ids[k], bool(period), band_names[b - 1] if b > 0 else None,
                AUTHORITY_LEVELS[lv - 1] if lv > 0 else None)

    def fill(self, keys: np.ndarray, ids: Sequence[str], band_names: Sequence[str]) -> None:
        todo = keys[~self.done[keys]]
        if not len(todo):
            return
        with self.lock:
            for k in todo.tolist():
                if self.done[k]:
                    continue
                est = _estimate_cached(self.cat, *self.decode(k, ids, band_names))
                if isinstance(est, Estimate):
                    lo, hi = _bounded(est.low, False), _bounded(est.high, True)
                    self.lo_num[k], self.lo_den[k] = lo.numerator, lo.denominator
                    self.hi_num[k], self.hi_den[k] = hi.numerator, hi.denominator
                    self.n[k] = est.n
                    self.ok[k] = True
                self.done[k] = True


_TABLES: dict[int, _Table] = {}


def likely_columns(cat: Any, applied: np.ndarray, ids: Sequence[str], period: np.ndarray,
                   band: np.ndarray, band_names: Sequence[str], level: np.ndarray, stat_low: np.ndarray,
                   stat_high: np.ndarray, valid: np.ndarray
                   ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """``likely_low_fen``, ``likely_high_fen``, ``likely_n`` and whether each row has an estimate,
    for a frame: one estimate per distinct (provision applied, period, band, authority level
    index in ``AUTHORITY_LEVELS`` or -1), mapped into each row's own statutory range with the same
    arithmetic as :func:`map_fen_int`."""
    table = _TABLES.get(id(cat))
    if table is None or table.cat is not cat:
        table = _TABLES[id(cat)] = _Table(cat, len(ids), len(band_names))
    key = table.key(applied, period, band, level)
    key[~valid] = 0  # failed rows: any in-range key; their results are masked below
    table.fill(np.flatnonzero(np.bincount(key, minlength=len(table.done))), ids, band_names)
    ok = table.ok[key]
    ok &= valid
    span = stat_high - stat_low
    big = int(span.max(initial=0)) * int(max(np.abs(table.lo_num).max(), np.abs(table.hi_num).max(), 1))
    out = []
    for num, den in ((table.lo_num[key], table.lo_den[key]), (table.hi_num[key], table.hi_den[key])):
        if big < 2**62:  # span × num fits in int64: one division (the same floor)
            out.append(np.maximum(stat_low + (span * num) // den, 0))
        else:
            q, r = np.divmod(span, den)
            out.append(np.maximum(stat_low + q * num + (r * num) // den, 0))
    return out[0], out[1], table.n[key], ok


# --- back-test --------------------------------------------------------------------------------

PERIODS = (("all", None), ("after_provision", True), ("before_provision", False))


def _log_error(d: Decision, est: Estimate) -> float:
    """|ln(midpoint / actual)| in CNY, each floored at 1 yuan (a fine of 0 has no logarithm)."""
    span = d.statutory_high_cny - d.statutory_low_cny
    centre = (est.low + est.high) / 2
    mid = d.statutory_low_cny + span * Decimal(centre.numerator) / Decimal(centre.denominator)
    return abs(math.log(max(float(mid), 1.0)) - math.log(max(float(d.fine_cny), 1.0)))


def backtest(engine: Engine, settings: Settings | None = None) -> dict[str, Any]:
    """Leave-one-out over every positioned fine: the likely range computed without that
    decision (none of its fines), against its actual fine; with the statutory range and the rule
    band range of its recorded circumstances beside it. Figures overall and per period."""
    if settings is not None:
        engine = _with_settings(engine, settings)
    rows = []
    for d in engine.decisions:
        est = engine.estimate(Query(provision=d.provision, period=d.period, level=d.level, band=d.band,
                                    exclude=frozenset({d.case_id})))
        rule_in = None
        if d.rule_low_cny is not None and d.rule_high_cny is not None:
            rule_in = d.rule_low_cny <= d.fine_cny <= d.rule_high_cny
        row: dict[str, Any] = {"case_id": d.case_id, "provision": d.provision, "period": d.period,
                               "position_pct": float(_pct(d.position)), "in_statutory": 0 <= d.position <= 1,
                               "in_rule_band": rule_in, "likely": None}
        if isinstance(est, Estimate):
            row["likely"] = {"low_pct": float(_pct(est.low)), "high_pct": float(_pct(est.high)),
                             "n": est.n, "basis": est.basis, "cases": list(est.cases)}
            row["in_likely"] = est.low <= d.position <= est.high
            row["width_pct"] = float((est.high - est.low) * 100)
            row["log_error"] = _log_error(d, est)
        rows.append(row)
    summary = {name: _summarise([r for r in rows if flag is None or r["period"] is flag])
               for name, flag in PERIODS}
    s = engine.settings
    return {"method": _method_name(s), "settings": s.model_dump(mode="json", exclude={"label"}),
            "summary": summary, "decisions": rows}


def _summarise(rows: list[dict[str, Any]]) -> dict[str, Any]:
    est = [r for r in rows if r["likely"] is not None]
    rule = [r for r in rows if r["in_rule_band"] is not None]

    def share(xs: list[bool]) -> float | None:
        return round(sum(xs) / len(xs), 3) if xs else None

    return {
        "decisions": len(rows), "with_estimate": len(est),
        "in_statutory_share": share([r["in_statutory"] for r in rows]),
        "in_rule_band_share": share([r["in_rule_band"] for r in rule]),
        "in_likely_share": share([r["in_likely"] for r in est]),
        "likely_mean_width_share": round(sum(r["width_pct"] for r in est) / len(est) / 100, 3) if est else None,
        "median_abs_log_error": round(float(np.median([r["log_error"] for r in est])), 3) if est else None,
    }


def _with_settings(engine: Engine, settings: Settings) -> Engine:
    """The same decisions read once, under other settings (no re-reading of the cases)."""
    other = object.__new__(Engine)
    other.__dict__.update(engine.__dict__)
    other.settings = settings
    return other


@lru_cache(maxsize=1)
def default_backtest_summary() -> dict[str, dict[str, Any]] | None:
    """The back-test summary of the bundled decisions and settings (computed once), or None when
    the decisions cannot be read."""
    try:
        return backtest(default_engine())["summary"]
    except PenaltyError:
        return None


def default_engine() -> Engine:
    """The engine over the bundled decisions and catalogue; raises when they cannot be read."""
    from penalty.catalogue import load_catalogue

    eng = engine_for(load_catalogue())
    if isinstance(eng, NoEstimate):
        raise PenaltyError(eng.en)
    return eng


# Methods the back-test compares (``penalty cases backtest --compare``). Interval candidates set
# the whole method; the last four vary one choice of the kept method (the settings file's).
_Q = {"interval": "quantile", "pooling": "widen"}
CANDIDATES: dict[str, tuple[str, dict[str, Any]]] = {
    "shortest-80": ("shortest interval holding 80 %", {"interval": "shortest", "coverage": 0.8, "pooling": "widen"}),
    "shortest-85": ("shortest interval holding 85 %", {"interval": "shortest", "coverage": 0.85, "pooling": "widen"}),
    "shortest-90": ("shortest interval holding 90 %", {"interval": "shortest", "coverage": 0.9, "pooling": "widen"}),
    "quantile-10-80": ("weighted quantiles 10-80 %", {**_Q, "lower_quantile": 0.1, "upper_quantile": 0.8}),
    "quantile-10-85": ("weighted quantiles 10-85 %", {**_Q, "lower_quantile": 0.1, "upper_quantile": 0.85}),
    "quantile-10-90": ("weighted quantiles 10-90 %", {**_Q, "lower_quantile": 0.1, "upper_quantile": 0.9}),
    "shortest-80-shrink": ("shortest 80 %, tiers pooled with shrinkage",
                           {"interval": "shortest", "coverage": 0.8, "pooling": "shrink"}),
    "quantile-10-85-shrink": ("quantiles 10-85 %, tiers pooled with shrinkage",
                              {**_Q, "lower_quantile": 0.1, "upper_quantile": 0.85, "pooling": "shrink"}),
    "quantile-10-90-shrink": ("quantiles 10-90 %, tiers pooled with shrinkage",
                              {**_Q, "lower_quantile": 0.1, "upper_quantile": 0.9, "pooling": "shrink"}),
    "order-statistic-80": ("order-statistic prediction interval at 80 %",
                           {"interval": "order_statistic", "coverage": 0.8, "pooling": "widen"}),
    "bootstrap-10-90": ("bootstrap of quantiles 10-90 %",
                        {"interval": "bootstrap", "lower_quantile": 0.1, "upper_quantile": 0.9, "pooling": "widen"}),
    "kept-separated": ("kept method, periods separated",
                       {"period": {"mode": "separated", "other_period_weight": 0.5}}),
    "kept-no-band": ("kept method, circumstances ignored", {"condition_on_band": False}),
    "kept-equal-weights": ("kept method, every weight 1",
                           {"link_confidence_weights": {}, "source_quality_weights": {},
                            "level_distance_weights": [1, 1, 1, 1], "period": {"mode": "weighted",
                                                                               "other_period_weight": 1}}),
    "kept-cac-only": ("kept method, CAC decisions only",
                      {"authority_type_weights": {"cac": 1, "public_security": 0, "market_regulation": 0,
                                                  "financial_regulator": 0, "other": 0}}),
}


# the measures of the back-test table, in order; worded as practice_summary_<measure>
SUMMARY_ROWS = ("decisions", "with_estimate", "in_statutory_share", "in_rule_band_share",
                "in_likely_share", "likely_mean_width_share", "median_abs_log_error")


def _fmt(key: str, v: Any) -> str:
    if v is None:
        return "–"
    if key.endswith("_share"):
        return f"{v * 100:.1f} %"
    return str(v)


def backtest_markdown(summary: dict[str, dict[str, Any]], lang: str = "en") -> str:
    """The back-test summary as a Markdown table (rows: measures; columns: periods)."""
    head = [t("practice_summary_measure", lang)] + [t(f"practice_summary_period_{p}", lang)
                                                    for p, _ in PERIODS]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for key in SUMMARY_ROWS:
        lines.append("| " + " | ".join([t(f"practice_summary_{key}", lang)]
                                       + [_fmt(key, summary[p][key]) for p, _ in PERIODS]) + " |")
    return "\n".join(lines)


README_START = "<!-- backtest:start (written by `penalty cases backtest --write-readme`) -->"
README_END = "<!-- backtest:end -->"
CANDIDATES_START = "<!-- candidates:start (written by `penalty cases backtest --write-readme`) -->"
CANDIDATES_END = "<!-- candidates:end -->"


def readme_with_table(text: str, table: str, start: str = README_START, end: str = README_END) -> str:
    """``text`` (data/README.md) with the table between the markers ``start`` and ``end`` replaced."""
    i, j = text.find(start), text.find(end)
    if i < 0 or j < i:
        raise PenaltyError(f"data/README.md lacks the markers {start!r} ... {end!r}")
    return text[:i + len(start)] + "\n" + table + "\n" + text[j:]


def compare_methods(engine: Engine) -> dict[str, dict[str, Any]]:
    """The back-test summary of each candidate method."""
    return {name: backtest(engine, engine.settings.with_(**changes))["summary"]
            for name, (_, changes) in CANDIDATES.items()}


def candidates_markdown(results: dict[str, dict[str, Any]]) -> str:
    """The candidates' figures over all decisions as a Markdown table."""
    lines = ["| candidate | inside | mean width | median log error |", "|---|---|---|---|"]
    for name, summary in results.items():
        a = summary["all"]
        lines.append(f"| {CANDIDATES[name][0]} (`{name}`) | {_fmt('in_likely_share', a['in_likely_share'])} | "
                     f"{_fmt('likely_mean_width_share', a['likely_mean_width_share'])} | "
                     f"{_fmt('median_abs_log_error', a['median_abs_log_error'])} |")
    return "\n".join(lines)
