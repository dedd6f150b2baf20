"""Runs the rule steps over column arrays. A single case is a batch of one.

``CaseArrays`` (``penalty.ingest``) is the one internal input form. Two thin builders fill it:
``penalty.ingest.cases`` from validated ``Case`` models (no pandas) and ``penalty.ingest.frame``
from a ``DataFrame``. Both then call :func:`run`, which applies the steps of
``penalty.pipeline`` in order, each once over whole arrays, and returns their :class:`Result`.
"""

from __future__ import annotations

from penalty.catalogue import Catalogue
from penalty.ingest.arrays import (  # noqa: F401  (re-exported for callers of penalty.engine)
    FLAG,
    INDIVIDUAL,
    KINDS,
    NAT,
    ORGANISATION,
    CaseArrays,
    _message,
    circumstance_bits,
    to_fen,
    unknown_provision,
)
from penalty.ingest.cases import arrays_from_cases  # noqa: F401
from penalty.pipeline import (
    Result,
    apply_limitation,
    band_ranges,
    check_dates,
    choose_bands,
    choose_governing_norm,
    choose_law_version,
    confiscation_and_totals,
    derive_circumstances,
    responsible_persons,
)

__all__ = ["CaseArrays", "Result", "arrays_from_cases", "run"]


def __getattr__(name: str):
    """The frame reader moved to ``penalty.ingest.frame``; imported on first use so the
    single-case path does not load pandas."""
    if name in ("FRAME_COLUMNS", "arrays_from_frame"):
        from penalty.ingest import frame
        return getattr(frame, name)
    raise AttributeError(name)


def run(cat: Catalogue, ca: CaseArrays) -> Result:
    """Apply every rule step to every row, in the order of ``penalty.pipeline``; pick the
    governing norm per case (APL Art. 29); return the results."""
    checks = check_dates(cat, ca)
    law = choose_law_version(cat, ca, checks)  # APL Art. 37
    circ = derive_circumstances(cat, ca, checks, law)  # APL Arts. 30, 33(1); Provision Art. 9(5)
    lim = apply_limitation(cat, ca, checks, circ)  # APL Art. 36
    bands = choose_bands(cat, ca, law, circ, lim)  # Provision Arts. 7-11
    ranges = band_ranges(cat, ca, checks, law, bands)  # Provision Arts. 12, 5
    persons = responsible_persons(cat, ca, law, bands, ranges)  # Provision Art. 13
    totals = confiscation_and_totals(cat, ca, law, lim, bands, ranges, persons)  # APL Art. 28
    governing = choose_governing_norm(cat, ca, law, bands, law.errors)  # APL Art. 29
    return Result(checks=checks, law_version=law, circumstances=circ, limitation=lim,
                  bands=bands, ranges=ranges, responsible=persons, totals=totals,
                  concurrence=governing)
