"""Reading input into ``CaseArrays``: from ``Case`` models (``ingest.cases``, no pandas) and
from frames (``ingest.frame``). The rules never see anything else."""

from penalty.ingest.arrays import (
    INDIVIDUAL,
    KINDS,
    NAT,
    ORGANISATION,
    CaseArrays,
    circumstance_bits,
    to_fen,
    unknown_provision,
)
from penalty.ingest.cases import arrays_from_cases

__all__ = ["INDIVIDUAL", "KINDS", "NAT", "ORGANISATION", "CaseArrays", "arrays_from_cases",
           "circumstance_bits", "to_fen", "unknown_provision"]
