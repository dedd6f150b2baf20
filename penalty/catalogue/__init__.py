"""The statute catalogue: every fine provision with its version dates, plus the benchmark,
circumstance and assumption tables, loaded once from ``data/`` and validated.

Lookups are always "in force on date D" (STYLE habit 6). Money is held in integer fen and
multiples in hundredths, so the rule code never touches floats.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np

from penalty.errors import DataError, close_matches

from .cache import cached
from .loader import data_digest, data_dir, load_raw, validate_file
from .params import Param, collect
from .schema import (
    Assumption,
    Band,
    BenchmarkFile,
    Circumstance,
    Instrument,
    LabelsFile,
    ProvisionEntry,
)
from .wording import article_en, article_zh, title_zh, zh_number

__all__ = ["Catalogue", "Provision", "load_catalogue", "BASIS_CODES", "MODALITY_CODES",
           "LIABLE_CODES", "FEN", "MULT", "Param", "SplitPoints", "uniform"]

FEN = 100  # fen per yuan: amounts are held as integer fen
MULT = 100  # multiples are held in hundredths (1.5x -> 150)
BASIS_CODES = {"none": 0, "fixed": 1, "gain_multiple": 2, "procurement_multiple": 3,
               "fixed_or_turnover": 4}
MODALITY_CODES = {"none": 0, "shall": 1, "may": 2, "alternative": 3}
LIABLE_CODES = {"entity": 0, "responsible_person": 1, "individual": 2}
NO_END = np.datetime64("9999-12-31", "D")


class SplitPoints(NamedTuple):
    """Provision Art. 12 on one day: the split points and their float (percentage points),
    with the day the Provision's benchmark took effect and the article's citation."""

    lenient_upper_pct: int
    aggravated_lower_pct: int
    float_pp: int
    provision_from: dt.date
    citation: str
    citation_zh: str


class Provision(ProvisionEntry):
    """A provision with the instrument version it belongs to."""

    law: str
    law_version: str
    law_title_en: str
    law_title_zh: str
    effective_from: dt.date
    effective_to: dt.date | None
    source_file: str

    def in_force(self, on: dt.date) -> bool:
        return self.effective_from <= on and (self.effective_to is None or on < self.effective_to)

    @property
    def citation_en(self) -> str:
        items = self.items if self.cite_items else None
        return f"{self.law} {self.law_version} {article_en(self.article, self.paragraph, items)}"

    @property
    def citation_zh(self) -> str:
        """《中华人民共和国网络安全法》第六十八条第一款: the title without its version note, the
        article in Chinese numerals (one helper, :mod:`penalty.catalogue.wording`)."""
        items = self.items if self.cite_items else None
        return f"《{title_zh(self.law_title_zh)}》{article_zh(self.article, self.paragraph, items)}"

    @property
    def enforcer_name_zh(self) -> str:
        return self.enforcer_zh or "网信部门"


@dataclass(frozen=True)
class ProvisionArrays:
    """Column arrays over provisions, indexed like ``Catalogue.ids`` (for the vectorised rules)."""

    basis: np.ndarray
    modality: np.ndarray
    min_fen: np.ndarray
    max_fen: np.ndarray
    max_only: np.ndarray
    mult_min: np.ndarray
    mult_max: np.ndarray
    threshold_fen: np.ndarray  # -1: no threshold (fallback only without gains)
    fallback_min_fen: np.ndarray
    fallback_max_fen: np.ndarray
    turnover_bp: np.ndarray  # turnover share in basis points (5 % -> 500)
    effective_from: np.ndarray  # datetime64[D]
    effective_to: np.ndarray  # datetime64[D], exclusive; NO_END when in force
    liable: np.ndarray
    two_stage: np.ndarray
    persons: np.ndarray  # index of the responsible-persons provision, -1 if none
    candidates: np.ndarray  # (n, k): self then counterparts, -1 padded
    referral: np.ndarray  # bool: no fine of its own, refers the act to other provisions
    cac_enforced: np.ndarray  # bool: decided by the cyberspace authorities
    provincial_level_only: np.ndarray  # bool: only provincial-level authorities impose the tier
    persons_in_charge_only: np.ndarray  # bool: only the person directly in charge is fined
    refers_first: np.ndarray  # index of the first provision in ``refers_to``, -1 if none
    tier_contains: np.ndarray  # int64 bit mask of circumstances the tier already contains
    contradicts: np.ndarray  # int64 bit mask of circumstances the tier's trigger contradicts
    order_only: np.ndarray  # bool: the tier only orders rectification (no penalty at all)


class Catalogue:
    """Everything under ``data/``, validated. Build with :func:`load_catalogue`."""

    def __init__(self, root: Path):
        files, bench, factors, assumptions = load_raw(root)
        self.root = root
        self.benchmark: BenchmarkFile = bench
        self.split = bench.split
        self.apl = bench.apl
        # Every dated value of the law (split points, APL periods and ages, repeat rule, APL
        # grounds), read through ``param(name).at(day)`` / ``.over(days)``.
        self.parameters: dict[str, Param] = collect(bench)
        self.bands: tuple[Band, ...] = tuple(sorted(bench.bands, key=lambda b: b.order))
        self.band_codes: tuple[str, ...] = tuple(b.code for b in self.bands)
        self.circumstances: dict[str, Circumstance] = {c.code: c for c in factors.circumstances}
        self.circumstance_codes: tuple[str, ...] = tuple(self.circumstances)
        self.assumptions: dict[str, Assumption] = {a.id: a for a in assumptions.assumptions}
        # labels of the provision files' codes (liable, basis, modality, confidence)
        self.labels: LabelsFile = validate_file(root / "labels.yaml", LabelsFile)
        self.instruments: dict[tuple[str, str], Instrument] = {}
        provisions: dict[str, Provision] = {}
        for name, pf in files.items():
            inst = pf.instrument
            self.instruments[(inst.code, inst.version)] = inst
            for entry in pf.provisions:
                provisions[entry.id] = Provision(
                    **dict(entry), law=inst.code, law_version=inst.version,
                    law_title_en=inst.title_en, law_title_zh=inst.title_zh,
                    effective_from=inst.effective_from, effective_to=inst.effective_to,
                    source_file=name)
        self.provisions = provisions
        self.retired = {r.id: r for pf in files.values() for r in pf.retired}
        self.ids: tuple[str, ...] = tuple(provisions)
        self.index: dict[str, int] = {pid: i for i, pid in enumerate(self.ids)}
        self.laws: tuple[str, ...] = tuple(sorted({p.law for p in provisions.values()}))
        self._check_engine_needs()
        self.arrays = self._build_arrays()
        self.digest = data_digest(root)

    # -- lookups ---------------------------------------------------------------------------
    def get(self, provision_id: str) -> Provision:
        try:
            return self.provisions[provision_id]
        except KeyError:
            raise KeyError(f"unknown provision id {provision_id!r}; close matches: "
                           f"{', '.join(self.close_ids(provision_id)) or 'none'}") from None

    def close_ids(self, provision_id: str, n: int = 3) -> list[str]:
        return close_matches(provision_id, self.ids, n=n)

    def in_force(self, on: dt.date, law: str | None = None) -> list[Provision]:
        """Every provision in force on ``on`` (optionally of one law code), in catalogue order."""
        law_u = law.upper() if law else None
        return [p for p in self.provisions.values()
                if p.in_force(on) and (law_u is None or p.law == law_u)]

    def version_in_force(self, provision_id: str, on: dt.date) -> str | None:
        """The id of ``provision_id`` or of its counterpart in the version in force on ``on``."""
        cands = self.arrays.candidates[self.index[provision_id]]
        day = np.datetime64(on, "D")
        for c in cands[cands >= 0]:
            if self.arrays.effective_from[c] <= day < self.arrays.effective_to[c]:
                return self.ids[c]
        return None

    def numbering_caveat(self, citation: str, lang: str = "en") -> str:
        """``citation`` with the caveat on the Provision's reconstructed article numbers placed
        after each part (parts are separated by ";") that cites one of them (Provision articles
        above ``numbering_confirmed_up_to``). Returns ``citation`` itself when none does."""
        meta = self.benchmark.provision
        if not _cites_reconstructed(citation, meta.numbering_confirmed_up_to):
            return citation
        return _caveated(citation, lang, meta.numbering_confirmed_up_to,
                         meta.numbering_caveat_en if lang == "en" else meta.numbering_caveat_zh)
    def param(self, name: str) -> Param:
        """The dated parameter ``name`` (``group.field`` of benchmark.yaml, e.g.
        ``split.lenient_upper_pct``, ``apl.limitation_years``, ``repeat_offence.window_months``)."""
        try:
            return self.parameters[name]
        except KeyError:
            raise KeyError(f"unknown parameter {name!r}; close matches: "
                           f"{', '.join(close_matches(name, self.parameters, n=3)) or 'none'}"
                           ) from None

    @property
    def benchmark_from(self) -> dt.date:
        """The first day of the Provision's benchmark (its split points are in force from it)."""
        return self.parameters["split.lenient_upper_pct"].since

    def split_over(self, days: np.ndarray) -> tuple[Any, Any, Any]:
        """Provision Art. 12 per row: the lenient and aggravated split points and the float in
        force on each of ``days`` (the decision dates), each one int where every row has the
        same value, else an array. A decision before the Provision gets its first values, for
        comparison only (assumption ``benchmark_not_in_force``)."""
        out: list[Any] = []
        for name in ("lenient_upper_pct", "aggravated_lower_pct", "float_pp"):
            p = self.parameters[f"split.{name}"]
            v = p.over(days, not_in_force=p.first)
            out.append(uniform(v, p.first))
        return out[0], out[1], out[2]

    def split_on(self, day: dt.date | None = None) -> SplitPoints:
        """Provision Art. 12 on ``day`` (default: today), as :meth:`split_over` reads it (before
        the Provision: its first values, for comparison only)."""
        day = day or dt.date.today()
        values = [self.parameters[f"split.{n}"] for n in
                  ("lenient_upper_pct", "aggravated_lower_pct", "float_pp")]
        lo, hi, f = (p.at(day, not_in_force=p.first) for p in values)
        return SplitPoints(lo, hi, f, self.benchmark_from, self.split.citation,
                           self.split.citation_zh)

    def circumstance_mask(self, codes) -> int:
        return sum(1 << self.circumstance_codes.index(c) for c in set(codes))

    def persons_provision(self, provision_id: str) -> Provision | None:
        j = self.arrays.persons[self.index[provision_id]]
        return self.provisions[self.ids[j]] if j >= 0 else None

    # -- construction -------------------------------------------------------------------------
    def _build_arrays(self) -> ProvisionArrays:
        ps = list(self.provisions.values())
        n = len(ps)

        def fen(v) -> int:
            return int(v * FEN) if v is not None else 0

        def col(fn, dtype) -> np.ndarray:
            return np.array([fn(p) for p in ps], dtype=dtype)

        two_stage_types = set(self.benchmark.two_stage_penalty_types.types)
        key: dict[tuple[object, ...], int] = {}
        for i, p in enumerate(ps):
            if p.liable == "responsible_person":
                key.setdefault((p.law, p.law_version, p.article, p.paragraph, p.tier), i)
        # Provision Art. 13 with the statute: the persons' provision named by the entity entry
        # (the statute fines persons whatever the tier), else the one of the same tier.
        persons = np.array([
            (self.index[p.persons] if p.persons else
             key.get((p.law, p.law_version, p.article, p.paragraph, p.tier), -1))
            if p.liable == "entity" else -1 for p in ps], dtype=np.int64)
        cand_lists = []
        for p in ps:
            # Counterparts with the same tier and liable party come first.
            cps = sorted(p.counterparts, key=lambda c: (
                self.provisions[c].tier != p.tier, self.provisions[c].liable != p.liable))
            cand_lists.append([self.index[p.id]] + [self.index[c] for c in cps])
        contradicted: dict[str, set[str]] = {}
        for c in self.circumstances.values():
            for trig in c.contradicts_triggers:
                contradicted.setdefault(trig, set()).add(c.code)
        not_penalties = set(self.benchmark.not_penalties.types)
        k = max(len(c) for c in cand_lists)
        candidates = np.full((n, k), -1, dtype=np.int64)
        for i, cand in enumerate(cand_lists):
            candidates[i, : len(cand)] = cand
        return ProvisionArrays(
            basis=col(lambda p: BASIS_CODES[p.fine.basis], np.int8),
            modality=col(lambda p: MODALITY_CODES[p.fine.modality], np.int8),
            min_fen=col(lambda p: fen(p.fine.min_cny), np.int64),
            max_fen=col(lambda p: fen(p.fine.max_cny), np.int64),
            max_only=col(lambda p: p.fine.max_only, bool),
            mult_min=col(lambda p: int((p.fine.min_multiple or 0) * MULT), np.int64),
            mult_max=col(lambda p: int((p.fine.max_multiple or 0) * MULT), np.int64),
            threshold_fen=col(lambda p: fen(p.fine.gain_threshold_cny)
                              if p.fine.gain_threshold_cny is not None else -1, np.int64),
            fallback_min_fen=col(lambda p: fen(p.fine.fallback_min_cny), np.int64),
            fallback_max_fen=col(lambda p: fen(p.fine.fallback_max_cny), np.int64),
            turnover_bp=col(lambda p: int((p.fine.turnover_pct_max or 0) * 100), np.int64),
            effective_from=col(lambda p: np.datetime64(p.effective_from, "D"), "datetime64[D]"),
            effective_to=col(lambda p: np.datetime64(p.effective_to, "D")
                             if p.effective_to else NO_END, "datetime64[D]"),
            liable=col(lambda p: LIABLE_CODES[p.liable], np.int8),
            two_stage=col(lambda p: p.fine.basis == "none" and bool(p.penalties) and all(
                t.type in two_stage_types for t in p.penalties), bool),
            persons=persons,
            candidates=candidates,
            referral=col(lambda p: p.fine.basis == "none" and (bool(p.refers_to)
                                                                or p.tier == "referral"), bool),
            cac_enforced=col(lambda p: p.cac_enforced, bool),
            provincial_level_only=col(lambda p: p.provincial_level_only, bool),
            persons_in_charge_only=col(lambda p: p.persons_in_charge_only, bool),
            refers_first=col(lambda p: self.index[p.refers_to[0]] if p.refers_to else -1,
                             np.int64),
            tier_contains=col(lambda p: self.circumstance_mask(p.tier_circumstances), np.int64),
            contradicts=col(lambda p: self.circumstance_mask(
                contradicted.get(p.trigger.code, ())), np.int64),
            order_only=col(lambda p: bool(p.penalties) and all(
                t.type in not_penalties for t in p.penalties), bool),
        )

    def _check_engine_needs(self) -> None:
        """The engine derives these circumstances itself; the data must define them."""
        needed = {"under_14", "age_14_to_17", "repeat_offence_within_year",
                  "harm_to_life_health_or_finance", "first_offence_minor_harm_corrected"}
        missing = sorted(needed - set(self.circumstances))
        if missing:
            raise DataError(str(self.root / "factors.yaml"),
                            [f"circumstances: {m!r} is required by the engine" for m in missing])
        triggers = {p.trigger.code for p in self.provisions.values()}
        problems = [f"circumstances (code {c.code}).contradicts_triggers: {t!r} is no provision's "
                    f"trigger code" for c in self.circumstances.values()
                    for t in c.contradicts_triggers if t not in triggers]
        flags = [n.removeprefix("apl.") for n, p in self.parameters.items()
                 if n.startswith("apl.") and p.values.dtype == bool]
        problems += [f"circumstances (code {c.code}).apl_parameter: {c.apl_parameter!r} is not a "
                     f"dated APL flag of benchmark.yaml (one of {', '.join(flags)})"
                     for c in self.circumstances.values()
                     if c.apl_parameter and c.apl_parameter not in flags]
        if problems:
            raise DataError(str(self.root / "factors.yaml"), problems)
        self._check_parameter_dates()
        bad = [f"{p.source_file}: provisions (id {p.id}).tier_circumstances: {c!r} is not a "
               "circumstance code" for p in self.provisions.values()
               for c in p.tier_circumstances if c not in self.circumstances]
        if bad:
            raise DataError("data/provisions", bad)

    def _check_parameter_dates(self) -> None:
        """The split points start with the Provision; the APL values cover every act the
        catalogue can judge (no provision is older than their first day), so a case the engine
        accepts always finds them in force when its act ended."""
        problems = []
        start = self.benchmark.provision.effective_from
        for name, p in self.parameters.items():  # the Provision's own values start with it
            if name.startswith(("split.", "repeat_offence.")) and p.since != start:
                problems.append(f"{name}.values: the first date must be the Provision's "
                                f"effective_from ({start}), got {p.since}")
        oldest = min(p.effective_from for p in self.provisions.values())
        for name, p in self.parameters.items():
            if name.startswith("apl.") and p.since > oldest:
                problems.append(f"{name}.values: the first date ({p.since}) is after the oldest "
                                f"provision of the catalogue ({oldest}); add the value then in force")
        if problems:
            raise DataError(str(self.root / "benchmark.yaml"), problems)


_PROVISION_EN = re.compile(r"Provision\b([^;]*)")
_ZH_NUM = "[零一二三四五六七八九十百]+"
_PROVISION_ART_ZH = re.compile(
    rf"《规定》((?:第{_ZH_NUM}条(?:第（?{_ZH_NUM}）?[款项])*[、，和及至]?)+)")
_ZH_ARTICLE = re.compile(r"第([零一二三四五六七八九十百]+)条")


@lru_cache(maxsize=1024)
def _cites_reconstructed(citation: str, confirmed_up_to: int) -> bool:
    """Whether ``citation`` names an article of the Provision above ``confirmed_up_to``."""
    numbers: list[int] = []
    for m in _PROVISION_EN.finditer(citation):  # "Provision Art. 5, Art. 9(5)" up to a ";"
        numbers += [int(x) for x in re.findall(r"[0-9]+", re.sub(r"[(][0-9a-z]+[)]", "", m.group(1)))]
    for m in _PROVISION_ART_ZH.finditer(citation):
        numbers += [_ZH_VALUE[z] for z in _ZH_ARTICLE.findall(m.group(1))]
    return any(n > confirmed_up_to for n in numbers)


_ZH_VALUE = {zh_number(n): n for n in range(1, 200)}


@lru_cache(maxsize=1024)
def _caveated(citation: str, lang: str, confirmed_up_to: int, note: str) -> str:
    sep = "; " if lang == "en" else "；"
    parts = citation.split(sep)
    marked = [(f"{p} ({note})" if lang == "en" else f"{p}（{note}）")
              if _cites_reconstructed(p, confirmed_up_to) else p for p in parts]
    return sep.join(marked)


@lru_cache(maxsize=4)
def _load(root: str) -> Catalogue:
    path = Path(root)
    # The saved parse is keyed by the data's content and by the folder's name (the provisions
    # record their file as ``<name>/provisions/...``), so checkouts of the same data share it.
    # The one absolute path in it, ``root``, is the saving process's folder, which may be another
    # checkout or gone since: it is set to this folder.
    cat = cached(f"{data_digest(path)}\0{path.name}", lambda: Catalogue(path), Catalogue)  # .cache
    cat.root = path
    return cat


def uniform(values: np.ndarray, empty: Any) -> Any:
    """``values`` as one Python scalar where every row has the same value (``empty`` for no
    rows), else the array itself: the rules then take their scalar path."""
    if not len(values):
        return empty
    first = values[0]
    return first.item() if (values == first).all() else values


def load_catalogue(root: str | Path | None = None) -> Catalogue:
    """Load and validate ``data/`` (cached per folder; the result is treated as immutable)."""
    return _load(str(Path(root) if root is not None else data_dir()))
