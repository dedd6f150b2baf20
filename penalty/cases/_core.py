"""Thin adapter between the case dataset and the core library (catalogue + engine).

Everything this package needs from the core goes through here, so a change in the core's API is
absorbed in one place. Law numbers (split points, the Provision's effective date, fine ranges)
come from the catalogue, i.e. from ``data/``; none are literals here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Any


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
    effective_from: dt.date | None
    effective_to: dt.date | None
    counterparts: tuple[str, ...]


@dataclass(frozen=True)
class Split:
    """The Provision's split of the statutory span (percentage points) and its effective date."""

    lenient_upper_pct: Decimal
    aggravated_lower_pct: Decimal
    float_pp: Decimal
    effective_from: dt.date
    citation: str


@dataclass(frozen=True)
class Statutory:
    low_cny: Decimal
    high_cny: Decimal
    provision_applied: str
    source: str  # "assess" when computed by penalty.assess


class Core:
    """A read-only view of the catalogue plus access to ``penalty.assess``."""

    def __init__(self, catalogue: Any | None = None) -> None:
        self._cat = catalogue if catalogue is not None else _load_catalogue()
        self._prov: dict[str, ProvisionView] = {}
        for pid, p in _provisions_of(self._cat).items():
            self._prov[pid] = _view(p)

    # --- catalogue -------------------------------------------------------------------------
    @property
    def provision_ids(self) -> frozenset[str]:
        return frozenset(self._prov)

    def provision(self, pid: str) -> ProvisionView:
        return self._prov[pid]

    def has(self, pid: str) -> bool:
        return pid in self._prov

    def law_codes(self) -> frozenset[str]:
        return frozenset(p.law for p in self._prov.values())

    def circumstance_codes(self) -> frozenset[str]:
        cat = self._cat
        for attr in ("factors", "circumstances"):
            obj = getattr(cat, attr, None)
            if obj is None:
                continue
            items = getattr(obj, "circumstances", obj)
            if isinstance(items, dict):
                return frozenset(items)
            return frozenset(getattr(c, "code", c) for c in items)
        raise RuntimeError("catalogue exposes no circumstance codes (expected .factors or .circumstances)")

    def split(self) -> Split:
        bench = self._cat.benchmark
        s = getattr(bench, "split", bench)
        return Split(
            lenient_upper_pct=Decimal(str(s.lenient_upper_pct)),
            aggravated_lower_pct=Decimal(str(s.aggravated_lower_pct)),
            float_pp=Decimal(str(s.float_pp)),
            effective_from=_as_date(s.effective_from),
            citation=str(getattr(s, "citation", "")),
        )

    def version_in_force(self, pid: str, on: dt.date) -> str | None:
        fn = getattr(self._cat, "version_in_force", None)
        if fn is not None:
            return fn(pid, on)
        # Fallback: the id itself or one of its counterparts whose dates cover ``on``.
        for cand in (pid, *self._prov[pid].counterparts):
            p = self._prov.get(cand)
            if p and (p.effective_from is None or p.effective_from <= on) and (
                p.effective_to is None or on < p.effective_to
            ):
                return cand
        return None

    def family(self, pid: str) -> frozenset[str]:
        """The provision and its counterparts in other versions of the same law."""
        seen = {pid}
        todo = [pid]
        while todo:
            cur = todo.pop()
            p = self._prov.get(cur)
            for c in p.counterparts if p else ():
                if c not in seen:
                    seen.add(c)
                    todo.append(c)
        return frozenset(seen)

    # --- engine ----------------------------------------------------------------------------
    def statutory(self, case: dict[str, Any]) -> Statutory:
        """Statutory range of ``case['provision']`` at the case's decision date, from ``penalty.assess``."""
        import penalty

        assess = getattr(penalty, "assess", None)
        if assess is None:
            raise RuntimeError("penalty.assess is not available yet; statutory ranges cannot be computed")
        a = assess(case)
        st = _get(a, "statutory")
        return Statutory(
            low_cny=Decimal(str(_get(st, "low_cny"))),
            high_cny=Decimal(str(_get(st, "high_cny"))),
            provision_applied=str(_get(a, "provision_applied") or case["provision"]),
            source="assess",
        )


def _get(obj: Any, name: str) -> Any:
    if isinstance(obj, dict):
        return obj[name]
    return getattr(obj, name)


def _as_date(v: Any) -> dt.date:
    return v if isinstance(v, dt.date) else dt.date.fromisoformat(str(v))


def _load_catalogue() -> Any:
    import penalty

    return penalty.load_catalogue()


def _provisions_of(cat: Any) -> dict[str, Any]:
    provs = getattr(cat, "provisions")
    return dict(provs)


def _view(p: Any) -> ProvisionView:
    fine = getattr(p, "fine", None)

    def dec(v: Any) -> Decimal | None:
        return None if v is None else Decimal(str(v))

    law = getattr(p, "law", None)
    law = getattr(law, "code", law)
    return ProvisionView(
        id=p.id,
        law=str(law),
        article=getattr(p, "article", None),
        paragraph=getattr(p, "paragraph", None),
        tier=str(getattr(p, "tier", "")),
        liable=str(getattr(getattr(p, "liable", ""), "value", getattr(p, "liable", ""))),
        basis=str(getattr(getattr(fine, "basis", "none"), "value", getattr(fine, "basis", "none"))),
        min_cny=dec(getattr(fine, "min_cny", None)),
        max_cny=dec(getattr(fine, "max_cny", None)),
        effective_from=_opt_date(getattr(p, "effective_from", None)),
        effective_to=_opt_date(getattr(p, "effective_to", None)),
        counterparts=tuple(getattr(p, "counterparts", ()) or ()),
    )


def _opt_date(v: Any) -> dt.date | None:
    return None if v is None else _as_date(v)


@lru_cache(maxsize=1)
def default_core() -> Core:
    """The core view over the bundled catalogue (cached: the catalogue is immutable)."""
    return Core()
