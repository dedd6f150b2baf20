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

from penalty.api import (  # noqa: E402
    FRAME_COLUMNS, assess, assess_acts, assess_frame, case_to_row, output_columns, parse_case,
    read_case_json,
)
from penalty.catalogue import Catalogue, Provision, load_catalogue  # noqa: E402
from penalty.errors import DataError, InputError, PenaltyError  # noqa: E402
from penalty.models import Assessment, Case, CombinedAssessment  # noqa: E402
from penalty.procedure import Deadline, Timeline, timeline  # noqa: E402

__all__ = [
    "__version__", "assess", "assess_acts", "assess_frame", "case_to_row", "output_columns",
    "parse_case", "read_case_json", "load_catalogue", "Catalogue", "Provision", "Case", "Assessment",
    "CombinedAssessment", "FRAME_COLUMNS", "DataError", "InputError", "PenaltyError",
    "timeline", "Timeline", "Deadline",
]
