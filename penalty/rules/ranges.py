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
- Art. 5: mitigated lies below the statutory minimum (0 to min; where min is 0 only a concurrent
  penalty type can be dropped, so the fine is 0); no penalty is 0.
- Where the fine is optional ("may"), the lenient band starts at 0.
Not formalised: the concrete amount inside a band (Art. 6's weighing of factors).
"""

from __future__ import annotations

import numpy as np

from penalty.catalogue import BASIS_CODES, MODALITY_CODES, MULT, ProvisionArrays

FIXED = BASIS_CODES["fixed"]
GAINS = BASIS_CODES["gain_multiple"]
PROCUREMENT = BASIS_CODES["procurement_multiple"]
TURNOVER = BASIS_CODES["fixed_or_turnover"]
NONE = BASIS_CODES["none"]
TURNOVER_CHOICES = {"higher": 0, "fixed": 1, "turnover": 2}
BP = 10_000  # basis points in one


class Statutory:
    """Statutory range per row, in fen, with the flags the explanation needs."""

    __slots__ = ("low", "high", "has_fine", "optional", "ceiling_only", "fallback",
                 "turnover_missing", "turnover_cap", "fixed_cap", "turnover_used")

    def __init__(self, arrays: ProvisionArrays, idx: np.ndarray, gains: np.ndarray,
                 has_gains: np.ndarray, turnover: np.ndarray, has_turnover: np.ndarray,
                 procurement: np.ndarray, turnover_choice: np.ndarray):
        n = len(idx)
        safe = np.where(idx >= 0, idx, 0)
        basis = np.where(idx >= 0, arrays.basis[safe], NONE)
        lo = np.zeros(n, dtype=np.int64)
        hi = np.zeros(n, dtype=np.int64)
        no = np.zeros(n, dtype=bool)
        self.fallback = self.turnover_used = self.turnover_missing = no
        self.fixed_cap = self.turnover_cap = lo
        # Each basis is computed only where some row has it (the same code for 1 or 10^6 rows).
        is_fixed = basis == FIXED
        if is_fixed.any():
            lo = np.where(is_fixed, arrays.min_fen[safe], lo)
            hi = np.where(is_fixed, arrays.max_fen[safe], hi)
        # multiple of illegal gains, with its fallback range
        is_gain = basis == GAINS
        if is_gain.any():
            thr = arrays.threshold_fen[safe]
            use_mult = has_gains & (gains > 0) & ((thr < 0) | (gains >= thr))
            self.fallback = is_gain & ~use_mult
            lo = np.where(is_gain, np.where(use_mult, gains * arrays.mult_min[safe] // MULT,
                                            arrays.fallback_min_fen[safe]), lo)
            hi = np.where(is_gain, np.where(use_mult, gains * arrays.mult_max[safe] // MULT,
                                            arrays.fallback_max_fen[safe]), hi)
        # multiple of a procurement amount (required by validation)
        is_proc = basis == PROCUREMENT
        if is_proc.any():
            lo = np.where(is_proc, procurement * arrays.mult_min[safe] // MULT, lo)
            hi = np.where(is_proc, procurement * arrays.mult_max[safe] // MULT, hi)
        # fixed ceiling or share of turnover
        is_turn = basis == TURNOVER
        if is_turn.any():
            self.fixed_cap = np.where(is_turn, arrays.max_fen[safe], 0)
            self.turnover_cap = np.where(is_turn & has_turnover,
                                         turnover * arrays.turnover_bp[safe] // BP, 0)
            take_turnover = has_turnover & np.where(
                turnover_choice == TURNOVER_CHOICES["higher"],
                self.turnover_cap > self.fixed_cap,
                turnover_choice == TURNOVER_CHOICES["turnover"])
            self.turnover_used = is_turn & take_turnover
            self.turnover_missing = is_turn & ~has_turnover
            hi = np.where(is_turn, np.where(take_turnover, self.turnover_cap, self.fixed_cap), hi)
            lo = np.where(is_turn, 0, lo)
        self.low, self.high = lo, hi
        self.has_fine = basis != NONE
        self.optional = self.has_fine & (arrays.modality[safe] != MODALITY_CODES["shall"])
        max_only = arrays.max_only[safe]
        self.ceiling_only = ((is_fixed | self.fallback) & max_only) | is_turn

    def with_rows(self, rows: np.ndarray, other: "Statutory") -> "Statutory":
        """A copy with ``rows`` taken from ``other`` (computed on those rows only)."""
        out = object.__new__(Statutory)
        for name in self.__slots__:
            value = np.array(getattr(self, name), copy=True)
            value[rows] = getattr(other, name)
            setattr(out, name, value)
        return out

    def where(self, keep: np.ndarray, other: "Statutory") -> "Statutory":
        """Rows from ``self`` where ``keep``, else from ``other``."""
        out = object.__new__(Statutory)
        for name in self.__slots__:
            setattr(out, name, np.where(keep, getattr(self, name), getattr(other, name)))
        return out


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

    def take(self, r) -> "BandTable":
        return BandTable([v[r] for v in self.rows])


def band_ranges(st: Statutory, lenient_upper_pct: int, aggravated_lower_pct: int,
                float_pp: int) -> tuple[BandTable, BandTable, BandTable, BandTable]:
    """Low and high of each band, plain and with the float (four ``BandTable``s in fen).
    A provision without a fine has low = high = 0, so every band is 0 there."""
    lo, hi = st.low, st.high
    span = hi - lo

    def at(pct: int) -> np.ndarray:
        return lo + span * pct // 100

    zero = np.zeros_like(lo)
    lenient_low = np.where(st.optional, 0, lo)
    s1, s2 = at(lenient_upper_pct), at(aggravated_lower_pct)
    f1_lo, f1_hi = at(lenient_upper_pct - float_pp), at(lenient_upper_pct + float_pp)
    f2_lo, f2_hi = at(aggravated_lower_pct - float_pp), at(aggravated_lower_pct + float_pp)
    # rows: no penalty, mitigated, lenient, standard, aggravated
    low = BandTable([zero, zero, lenient_low, s1, s2])
    high = BandTable([zero, lo, s1, s2, hi])
    flow = BandTable([zero, zero, lenient_low, f1_lo, f2_lo])
    fhigh = BandTable([zero, lo, f1_hi, f2_hi, hi])
    return low, high, flow, fhigh


_LOWEST = np.array([(m & -m).bit_length() - 1 if m else 0 for m in range(32)], np.int64)
_HIGHEST = np.array([m.bit_length() - 1 if m else 0 for m in range(32)], np.int64)


def union(mask: np.ndarray, low: BandTable, high: BandTable) -> tuple[np.ndarray, np.ndarray]:
    """The smallest range covering every open band's range. Band lows and highs rise with the
    band order (see ``band_ranges``), so it runs from the mildest open band's low to the
    severest open band's high."""
    return np.choose(_LOWEST[mask], low.rows), np.choose(_HIGHEST[mask], high.rows)


def unions(mask: np.ndarray, *tables: tuple[BandTable, BandTable]) -> list[np.ndarray]:
    """:func:`union` of several (low, high) table pairs over the same open bands."""
    lowest, highest = _LOWEST[mask], _HIGHEST[mask]
    out: list[np.ndarray] = []
    for low, high in tables:
        out += [np.choose(lowest, low.rows), np.choose(highest, high.rows)]
    return out
