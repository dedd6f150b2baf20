"""The likely range (observed practice) of one assessment without reading the published decisions
in every process.

``penalty.cases.likely`` reads ``data/cases.csv`` and positions every decision in its statutory
range before it can give an estimate: about 0.1 s, and importing the case modules as much again,
which a one-case command (``penalty assess CASE.json``) would pay each time. What an estimate
gives an assessment depends only on the key (provision applied, period, band, authority level,
whether the provision fines at all): the ``LikelyRange`` fields but its two amounts, the note, and
two positions in the statutory range (:func:`penalty.cases.likely.likely_parts`). Those parts are
saved per key beside the parsed catalogue (``penalty.catalogue.cache.memo``: keyed by the data
files, the message files the note is worded from, the package's source and the library
versions), and mapped here into each assessment's own statutory range with the same integer
arithmetic as before, so the result is the same whether the parts come from the saved copy or
from the decisions. Only the bundled catalogue is saved; a catalogue passed in by a caller is
always read through the decisions.
"""

from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction
from functools import lru_cache
from typing import Any

from penalty.catalogue import Catalogue, load_catalogue
from penalty.catalogue.cache import memo
from penalty.models import LikelyRange, Note

_MAX_DEN = 10**8
_FEN = Decimal("0.01")

Parts = tuple[dict[str, Any] | None, Note | None, Fraction | None, Fraction | None]


def bounded(p: Fraction, up: bool) -> Fraction:
    """``p`` itself when its denominator is small enough for exact int64 arithmetic; otherwise
    rounded outward (down for a low end, up for a high end) to 1e-8."""
    if p.denominator <= _MAX_DEN:
        return p
    scaled = p * _MAX_DEN
    return Fraction(math.ceil(scaled) if up else math.floor(scaled), _MAX_DEN)


def map_fen_int(low_fen: int, high_fen: int, p: Fraction, up: bool = False) -> int:
    """``low + floor((high − low) × p)`` in exact integer fen, never below 0; the frame path
    (``penalty.cases.likely.likely_columns``) computes the same ``low + q·num + floor(r·num / den)``
    in int64."""
    p = bounded(p, up)
    q, r = divmod(high_fen - low_fen, p.denominator)
    return max(low_fen + q * p.numerator + (r * p.numerator) // p.denominator, 0)


def mapped(a: Any, parts: Parts) -> tuple[LikelyRange | None, Note | None]:
    """(``LikelyRange`` | None, ``Note`` | None) of assessment ``a`` from its key's ``parts``."""
    fields, note, low, high = parts
    if fields is None or low is None or high is None:
        return None, note
    lo_fen, hi_fen = (int(round(a.statutory.low_cny * 100)), int(round(a.statutory.high_cny * 100)))
    lo = map_fen_int(lo_fen, hi_fen, low)
    hi = map_fen_int(lo_fen, hi_fen, high, up=True)
    return LikelyRange(low_cny=(Decimal(lo) / 100).quantize(_FEN), high_cny=(Decimal(hi) / 100).quantize(_FEN),
                       **{**fields, "cases": list(fields["cases"])}), note


def likely_for_assessment(a: Any, cat: Catalogue, level: str | None = None
                          ) -> tuple[LikelyRange | None, Note | None]:
    """As :func:`penalty.cases.likely.likely_for_assessment`, from the saved parts when ``cat`` is
    the bundled catalogue."""
    key = (str(a.provision_applied), bool(a.benchmark_applies), a.band, level, a.statutory is not None)

    def compute() -> Parts:
        from penalty.cases.likely import likely_parts

        return likely_parts(cat, *key)

    if cat is not load_catalogue():
        return mapped(a, compute())
    return mapped(a, memo(_digest(cat.digest), "likely", key, compute))


@lru_cache(maxsize=4)
def _digest(data_digest: str) -> str:
    """The data files' digest and the message files' (the notes are worded from them)."""
    from penalty.messages import files_digest

    return f"{data_digest}\0{files_digest()}"
