"""Historical penalty decisions: loading and validation, positions in statutory ranges, similar
cases, guarded statistics and charts. The command line lives in ``penalty.cases.cli``."""

from penalty.cases.coverage_tables import coverage
from penalty.cases.filters import CaseFilter, filter_cases
from penalty.cases.i18n import Notice
from penalty.cases.load import CaseSet, load_cases, to_frame
from penalty.cases.schema import CaseDataError, CaseRow, RowError
from penalty.cases.similar import SimilarCase, SimilarQuery, SimilarResult, similar_cases
from penalty.cases.stats import (
                                   Comparison,
                                   Position,
                                   Stats,
                                   compare,
                                   compute_stats,
                                   implied_band,
                                   position_in_range,
                                   position_of,
                                   positions,
                                   positions_frame,
)
from penalty.cases.validate import validate_rows

__all__ = [
    "CaseDataError", "CaseFilter", "CaseRow", "CaseSet", "Comparison", "Notice", "Position", "RowError",
    "SimilarCase", "SimilarQuery", "SimilarResult", "Stats", "compare", "compute_stats", "coverage",
    "filter_cases", "implied_band", "load_cases", "position_in_range", "position_of", "positions",
    "positions_frame", "similar_cases", "to_frame", "validate_rows",
]
