"""The statutory range of a provision for a case, and its split into bands (Provision Arts. 5,
12; fine bases of the catalogue).

Money rule (the one rounding rule of the library): every amount is an integer number of fen;
a product or share that falls between two fen is rounded down (towards the statutory minimum).

- Fixed range [min, max]; ceiling-only ("… or less") has minimum 0 (assumption).
- Multiple of illegal gains: the multiple interval times the gains; with no gains, or gains below
  the statutory threshold, the fallback range. Multiple of a procurement amount likewise.
  Splitting the multiple interval and then multiplying equals splitting the money range, since
  the map is linear; the money range is split here.
- Fixed or turnover ceiling (PIPL 66(2), Minors Online Regs 54(2)): both ceilings are computed;
  which one is used follows the ``turnover_ceiling`` option (higher by default).
- Art. 12: lenient [min, min + X % span], standard [min + X %, min + Y %], aggravated
  [min + Y %, max], X = 30, Y = 70 from data; the float moves each split by up to F points.
- Art. 5: mitigated lies below the statutory minimum (from 0 up to, but not including, min; where
  min is 0 only a concurrent penalty type can be dropped, so the fine is 0); no penalty is 0.
- Where the fine is optional ("可以并处罚款"), every band from lenient up still starts at the
  statutory minimum: a fine between 0 and the minimum is mitigation and needs a mitigation ground
  (APL Art. 32). The lighter alternative is the other penalties without any fine (e.g. a warning
  alone); the engine marks it (``optional``) instead of lowering a range.
Not formalised: the concrete amount inside a band (Art. 6's weighing of factors).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from penalty.catalogue import BASIS_CODES, MODALITY_CODES, MULT, ProvisionArrays

from . import MITIGATED

FIXED = BASIS_CODES["fixed"]
GAINS = BASIS_CODES["gain_multiple"]
PROCUREMENT = BASIS_CODES["procurement_multiple"]
TURNOVER = BASIS_CODES["fixed_or_turnover"]
NONE = BASIS_CODES["none"]
TURNOVER_CHOICES = {"higher": 0, "fixed": 1, "turnover": 2}
BP = 10_000  # basis points in one


@dataclass(frozen=True)
class _Tables:
    """What the statutory range takes from the provision alone, one slot per provision plus a
    last slot for "no provision" (index -1): basis, the fixed (or fallback) range, flags."""

    basis: np.ndarray
    low: np.ndarray
    high: np.ndarray
    has_fine: np.ndarray
    optional: np.ndarray
    ceiling_only: np.ndarray


def _provision_tables(arrays: ProvisionArrays) -> _Tables:
    cached = getattr(arrays, "_range_tables", None)
    if cached is not None:
        return cached
    basis = np.append(arrays.basis, NONE).astype(np.int8)
    fixed, gain, turn = basis == FIXED, basis == GAINS, basis == TURNOVER
    min_fen, max_fen = np.append(arrays.min_fen, 0), np.append(arrays.max_fen, 0)
    fb_min, fb_max = np.append(arrays.fallback_min_fen, 0), np.append(arrays.fallback_max_fen, 0)
    has_fine = basis != NONE
    t = _Tables(
        basis=basis,
        # fixed: [min, max]; gain multiple: the fallback range, replaced where gains are used;
        # turnover: [0, fixed ceiling], the ceiling replaced where turnover is used; others 0
        low=np.where(fixed, min_fen, np.where(gain, fb_min, 0)).astype(np.int64),
        high=np.where(fixed | turn, max_fen, np.where(gain, fb_max, 0)).astype(np.int64),
        has_fine=has_fine,
        optional=has_fine & (np.append(arrays.modality, MODALITY_CODES["shall"])
                             != MODALITY_CODES["shall"]),
        ceiling_only=(fixed & np.append(arrays.max_only, False)) | turn)
    object.__setattr__(arrays, "_range_tables", t)
    return t


class Statutory:
    """Statutory range per row, in fen, with the flags the explanation needs.

    Whatever depends on the provision alone is read from per-provision tables (one lookup per
    row); only the rows of an amount-based basis do arithmetic, on those rows alone."""

    __slots__ = ("low", "high", "has_fine", "optional", "ceiling_only", "fallback",
                 "turnover_missing", "turnover_cap", "fixed_cap", "turnover_used")

    def __init__(self, arrays: ProvisionArrays, idx: np.ndarray, gains: np.ndarray,
                 has_gains: np.ndarray, turnover: np.ndarray, has_turnover: np.ndarray,
                 procurement: np.ndarray, turnover_choice: np.ndarray):
        n = len(idx)
        t = _provision_tables(arrays)  # index -1 (no provision) reads the tables' last slot
        basis = t.basis[idx]
        lo, hi = t.low[idx], t.high[idx]
        no = np.zeros(n, dtype=bool)
        zero = np.zeros(n, dtype=np.int64)
        fallback, turnover_used, turnover_missing, fixed_cap, turnover_cap = no, no, no, zero, zero
        # multiple of illegal gains; the fallback range (the table's) without usable gains
        rows = (basis == GAINS).nonzero()[0]
        if len(rows):
            p, g = idx[rows], gains[rows]
            thr = arrays.threshold_fen[p]
            use = has_gains[rows] & (g > 0) & ((thr < 0) | (g >= thr))
            lo[rows] = np.where(use, g * arrays.mult_min[p] // MULT, lo[rows])
            hi[rows] = np.where(use, g * arrays.mult_max[p] // MULT, hi[rows])
            fallback = no.copy()
            fallback[rows] = ~use
            ceiling_gain = (rows[~use], arrays.max_only[p[~use]])
        # multiple of a procurement amount (required by validation)
        rows = (basis == PROCUREMENT).nonzero()[0]
        if len(rows):
            p, a = idx[rows], procurement[rows]
            lo[rows] = a * arrays.mult_min[p] // MULT
            hi[rows] = a * arrays.mult_max[p] // MULT
        # fixed ceiling or share of turnover (the table holds the fixed ceiling)
        rows = (basis == TURNOVER).nonzero()[0]
        if len(rows):
            p, has_t, choice = idx[rows], has_turnover[rows], turnover_choice[rows]
            fcap = arrays.max_fen[p]
            tcap = np.where(has_t, turnover[rows] * arrays.turnover_bp[p] // BP, 0)
            take = has_t & np.where(choice == TURNOVER_CHOICES["higher"], tcap > fcap,
                                    choice == TURNOVER_CHOICES["turnover"])
            fixed_cap, turnover_cap = zero.copy(), zero.copy()
            fixed_cap[rows], turnover_cap[rows] = fcap, tcap
            turnover_used, turnover_missing = no.copy(), no.copy()
            turnover_used[rows], turnover_missing[rows] = take, ~has_t
            hi[rows] = np.where(take, tcap, fcap)
        self.low, self.high = lo, hi
        self.has_fine = t.has_fine[idx]
        self.optional = t.optional[idx]
        self.ceiling_only = t.ceiling_only[idx]  # fixed with "... or less", turnover-based
        if fallback is not no:  # the fallback range of a gain multiple can be ceiling-only too
            self.ceiling_only[ceiling_gain[0]] = ceiling_gain[1]
        self.fallback, self.turnover_used, self.turnover_missing = (
            fallback, turnover_used, turnover_missing)
        self.fixed_cap, self.turnover_cap = fixed_cap, turnover_cap

    def with_rows(self, rows: np.ndarray, other: Statutory) -> Statutory:
        """A copy with ``rows`` taken from ``other`` (computed on those rows only)."""
        out = object.__new__(Statutory)
        for name in self.__slots__:
            value = np.array(getattr(self, name), copy=True)
            value[rows] = getattr(other, name)
            setattr(out, name, value)
        return out

    def take(self, rows: np.ndarray) -> Statutory:
        """The statutory ranges of ``rows`` only."""
        out = object.__new__(Statutory)
        for name in self.__slots__:
            setattr(out, name, getattr(self, name)[rows])
        return out


# How each band's bounds follow from the statutory range [lo, hi] (Provision Arts. 5, 12), in
# the band order of ``penalty.rules``. A bound is ZERO, or AT a percentage p of the span
# (lo + span * p // 100: p = 0 is lo, p = 100 is hi). The mitigated band's high (AT 0, the
# statutory minimum) is exclusive where the minimum is above 0 (see ``high_exclusive``).
ZERO, AT = 0, 1


Pct = int | np.ndarray  # one percentage for every row, or one per row
BandBounds = tuple[tuple[int, Pct], ...]  # (kind, percentage) of each band


def band_bounds(lenient_upper_pct: Pct, aggravated_lower_pct: Pct, float_pp: Pct
                ) -> dict[str, BandBounds]:
    """The (kind, percentage) of every band's low and high, plain and with the float. Each
    split value is one int, or an array with one value per row (the values in force at each
    row's decision differ)."""
    x, y, f = lenient_upper_pct, aggravated_lower_pct, float_pp
    #        no penalty  mitigated  lenient        standard       aggravated
    return {
        "low": ((ZERO, 0), (ZERO, 0), (AT, 0), (AT, x), (AT, y)),
        "high": ((ZERO, 0), (AT, 0), (AT, x), (AT, y), (AT, 100)),
        "float_low": ((ZERO, 0), (ZERO, 0), (AT, 0), (AT, x - f), (AT, y - f)),
        "float_high": ((ZERO, 0), (AT, 0), (AT, x + f), (AT, y + f), (AT, 100)),
    }


def _at(st: Statutory, pct: Pct) -> np.ndarray:
    """lo + span * pct // 100 per row (``pct`` one percentage or one per row)."""
    if isinstance(pct, int) and pct in (0, 100):
        return st.low if pct == 0 else st.high
    return st.low + (st.high - st.low) * pct // 100


def _scalar(bounds: BandBounds) -> bool:
    return all(isinstance(pct, int) for _, pct in bounds)


def band_table(st: Statutory, bounds: BandBounds) -> BandTable:
    """One bound (e.g. ``band_bounds(...)["low"]``) of each of the five bands, per row."""
    zero = np.zeros(len(st.low), dtype=np.int64)
    if not _scalar(bounds):
        return BandTable([zero if kind == ZERO else _at(st, pct) for kind, pct in bounds])
    done: dict[tuple[int, Pct], np.ndarray] = {}
    for b in bounds:
        if b not in done:
            kind, pct = b
            done[b] = zero if kind == ZERO else _at(st, pct)
    return BandTable([done[b] for b in bounds])


_LOWEST = np.array([(m & -m).bit_length() - 1 if m else 0 for m in range(32)], np.int64)
_HIGHEST = np.array([m.bit_length() - 1 if m else 0 for m in range(32)], np.int64)


@lru_cache(maxsize=32)
def _mask_tables(bounds: BandBounds, side: str) -> tuple[np.ndarray, np.ndarray]:
    """For each of the 32 band masks, its union's ``side`` bound: whether it is ZERO, and its
    percentage."""
    band = _LOWEST if side == "low" else _HIGHEST
    kinds = [bounds[b][0] for b in band]
    return (np.array([k == ZERO for k in kinds]),
            np.array([bounds[b][1] for b in band], np.int64))


def union_bound(st: Statutory, mask: np.ndarray, bounds: BandBounds, side: str) -> np.ndarray:
    """One end of the smallest range covering every open band: band lows and highs rise with
    the band order, so the range runs from the mildest open band's low (``side="low"``) to the
    severest open band's high (``side="high"``). Each row reads its band's bound from the
    per-mask tables of ``bounds`` (no band tables are built)."""
    if not _scalar(bounds):  # percentages per row: each row reads its band's own
        band = (_LOWEST if side == "low" else _HIGHEST)[mask]
        n = len(mask)
        pcts = np.stack([np.broadcast_to(np.asarray(p, np.int64), (n,)) for _, p in bounds])
        is_zero = np.array([k == ZERO for k, _ in bounds])[band]
        return np.where(is_zero, 0, _at(st, pcts[band, np.arange(n)]))
    is_zero, pcts = _mask_tables(bounds, side)
    return np.where(is_zero[mask], 0, _at(st, pcts[mask]))


def mitigated_only_above(mask: np.ndarray, low: np.ndarray) -> np.ndarray:
    """Provision Art. 5: whether the union's high end is the mitigated band's, which stops short
    of the statutory minimum ``low`` (exclusive) where that minimum is above 0."""
    return (_HIGHEST[mask] == MITIGATED) & (low > 0)


class BandTable:
    """Low or high bound of each of the five bands over n rows, as five vectors (fen), in the
    band order of ``penalty.rules``. ``t[i]`` is band i's vector, ``t[i, j]`` one value."""

    __slots__ = ("rows",)

    def __init__(self, rows: list[np.ndarray]):
        self.rows = rows

    def __getitem__(self, key):
        if isinstance(key, tuple):
            i, j = key
            return self.rows[i][j]
        return self.rows[key]

    def take(self, r) -> BandTable:
        return BandTable([v[r] for v in self.rows])

