"""Thin adapter between the case dataset and the core library (catalogue + engine).

Everything this package needs from the core goes through here, so a change in the core's API is
absorbed in one place. Law numbers (split points, the Provision's effective date, fine ranges)
come from the catalogue, i.e. from ``data/``; none are literals here. Statutory ranges come from
``penalty.assess`` on the same catalogue ("through the core"), computed once per distinct query.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Any

from penalty.catalogue import Catalogue, Provision, SplitPoints, load_catalogue
from penalty.catalogue.wording import article_zh, title_zh

__all__ = ["Core", "ProvisionView", "SplitPoints", "Statutory", "default_core"]


@dataclass(frozen=True)
class ProvisionView:
    """The fields of a catalogue provision that case matching and positioning use."""

    id: str
    law: str
    article: int | None
    paragraph: int | None
    tier: str
    liable: str
    basis: str
    min_cny: Decimal | None
    max_cny: Decimal | None
    effective_from: dt.date
    effective_to: dt.date | None  # exclusive, as in the catalogue
    counterparts: tuple[str, ...]
    law_title_zh: str = ""
    citation_en: str = ""
    citation_zh: str = ""
    law_title_en: str = ""
    trigger_en: str = ""
    trigger_zh: str = ""
    law_version: str = ""

    @property
    def article_zh(self) -> str:
        """The law and article in Chinese, from the catalogue title: ``《…》第四十五条``."""
        return f"《{title_zh(self.law_title_zh)}》{article_zh(self.article)}"

    @classmethod
    def of(cls, p: Provision) -> ProvisionView:
        return cls(id=p.id, law=p.law, article=p.article, paragraph=p.paragraph, tier=p.tier,
                   liable=p.liable, basis=p.fine.basis, min_cny=p.fine.min_cny, max_cny=p.fine.max_cny,
                   effective_from=p.effective_from, effective_to=p.effective_to,
                   counterparts=tuple(p.counterparts), law_title_zh=p.law_title_zh,
                   citation_en=p.citation_en, citation_zh=p.citation_zh,
                   law_title_en=p.law_title_en, trigger_en=p.trigger.en, trigger_zh=p.trigger.zh,
                   law_version=str(p.law_version or ""))


@dataclass(frozen=True)
class Statutory:
    low_cny: Decimal
    high_cny: Decimal
    provision_applied: str
    source: str  # "assess" when computed by penalty.assess


class Core:
    """A read-only view of the catalogue plus access to ``penalty.assess`` on that catalogue."""

    def __init__(self, catalogue: Catalogue | None = None) -> None:
        self._cat = catalogue if catalogue is not None else load_catalogue()
        self._prov = {pid: ProvisionView.of(p) for pid, p in self._cat.provisions.items()}
        self._laws = frozenset(p.law for p in self._prov.values())
        self._families: dict[str, frozenset[str]] = {}
        self._ranges: dict[tuple, Statutory] = {}

    # --- catalogue -------------------------------------------------------------------------
    @property
    def provision_ids(self) -> frozenset[str]:
        return frozenset(self._prov)

    def provision(self, pid: str) -> ProvisionView:
        return self._prov[pid]

    def has(self, pid: str) -> bool:
        return pid in self._prov

    def close_ids(self, pid: str) -> list[str]:
        """Catalogue ids close to a mistyped one (for error messages)."""
        return self._cat.close_ids(pid)

    def law_codes(self) -> frozenset[str]:
        return self._laws

    def circumstance_codes(self) -> frozenset[str]:
        return frozenset(self._cat.circumstances)

    def split(self, on: dt.date | None = None) -> SplitPoints:
        """The Provision's split points and float in force on ``on`` (default: today; before the
        Provision its first values, for comparison), with its effective date
        (``data/benchmark.yaml``)."""
        return self._cat.split_on(on)

    def benchmark_title_zh(self) -> str:
        """The benchmark Provision's Chinese title (``data/benchmark.yaml``)."""
        return self._cat.benchmark.provision.title_zh

    def split_citation_zh(self) -> str:
        """The split points' citation in Chinese, e.g. ``《网信部门…规定》第12条``."""
        from penalty.cases.i18n import citation_zh_of

        return citation_zh_of(self._cat.split.citation, self.benchmark_title_zh())

    def band_label(self, code: str, lang: str = "en") -> str:
        """A band's name from the catalogue (``data/benchmark.yaml``); ``above_maximum`` is the
        case package's own label for a fine above the statutory maximum."""
        from penalty.cases.i18n import code_label

        for b in self._cat.bands:
            if b.code == code:
                return b.zh if lang == "zh" else b.en
        return code_label("bands", code, lang)

    def version_in_force(self, pid: str, on: dt.date) -> str | None:
        return self._cat.version_in_force(pid, on)

    def family(self, pid: str) -> frozenset[str]:
        """The provision and its counterparts in other versions of the same law."""
        fam = self._families.get(pid)
        if fam is None:
            seen = {pid}
            todo = [pid]
            while todo:
                p = self._prov.get(todo.pop())
                for c in p.counterparts if p else ():
                    if c not in seen:
                        seen.add(c)
                        todo.append(c)
            fam = self._families[pid] = frozenset(seen)
        return fam

    # --- engine ----------------------------------------------------------------------------
    def statutory(self, case: dict[str, Any]) -> Statutory:
        """Statutory range of ``case['provision']`` at the case's decision date, from
        ``penalty.assess`` on this adapter's catalogue (cached per distinct case)."""
        key = tuple(sorted((k, repr(v)) for k, v in case.items()))
        hit = self._ranges.get(key)
        if hit is None:
            a = self.rules(case)
            if a.statutory is None:
                raise ValueError(f"{case['provision']} sets no fine range on {case.get('decision_date')}")
            hit = self._ranges[key] = Statutory(low_cny=a.statutory.low_cny, high_cny=a.statutory.high_cny,
                                                provision_applied=a.provision_applied or case["provision"],
                                                source="assess")
        return hit


    def rules(self, case: dict[str, Any]) -> Any:
        """The legal assessment of ``case`` (``penalty.Assessment``) on this adapter's catalogue,
        without the observed-practice layer (which is itself built from the cases)."""
        from penalty.api import assess_rules

        return assess_rules(case, self._cat)

    @property
    def catalogue(self) -> Catalogue:
        return self._cat


@lru_cache(maxsize=1)
def default_core() -> Core:
    """The core view over the bundled catalogue (cached: the catalogue is immutable)."""
    return Core()
