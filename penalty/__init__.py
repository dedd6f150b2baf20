"""penalty: how China's cyberspace authorities are likely to fine a violation under the CAC's
2025 discretion-benchmark Provision, with every step explained and cited.

Public API::

    penalty.assess(case) -> Assessment
    penalty.assess_frame(frame) -> DataFrame
    penalty.assess_acts([case, ...]) -> CombinedAssessment
    penalty.load_catalogue() -> Catalogue
    penalty.timeline(case_or_assessment, notice_served=..., decision_received=...) -> Timeline
"""

__version__ = "0.1.0"

from typing import TYPE_CHECKING, Any  # noqa: E402

from penalty.api import (  # noqa: E402
    amounts_used,
    assess,
    assess_acts,
    assess_frame,
    case_to_row,
    output_columns,
    parse_case,
    read_case_json,
)
from penalty.catalogue import Catalogue, Provision, load_catalogue  # noqa: E402
from penalty.errors import DataError, InputError, PenaltyError  # noqa: E402
from penalty.models import Assessment, Case, CombinedAssessment  # noqa: E402

if TYPE_CHECKING:
    from penalty.ingest.frame import FRAME_COLUMNS
    from penalty.procedure.models import Deadline, Timeline
    from penalty.procedure.timeline import timeline

# Imported on first use: the frame reader loads pandas and pyarrow, the procedure timeline the
# holiday calendars; `penalty.assess` needs neither, and the command line starts faster.
_LAZY = {"FRAME_COLUMNS": "penalty.ingest.frame", "timeline": "penalty.procedure",
         "Timeline": "penalty.procedure", "Deadline": "penalty.procedure"}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'penalty' has no attribute {name!r}")


__all__ = [
    "__version__", "assess", "assess_acts", "assess_frame", "case_to_row", "output_columns",
    "parse_case", "read_case_json", "amounts_used", "load_catalogue", "Catalogue", "Provision",
    "Case", "Assessment",
    "CombinedAssessment", "FRAME_COLUMNS", "DataError", "InputError", "PenaltyError",
    "timeline", "Timeline", "Deadline",
]
