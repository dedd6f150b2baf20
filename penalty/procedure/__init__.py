"""The procedure around the fine: hearing rights, deadlines, the late-payment surcharge,
reconsideration, litigation, enforcement and the credit record, counted on China's calendar.

    penalty.timeline(case_or_assessment, notice_served=..., decision_received=...,
                     case_filed=..., fine_cny=...) -> Timeline
"""

from penalty.procedure.models import (
    CalendarUsed,
    CreditRecord,
    Deadline,
    Forum,
    Hearing,
    Surcharge,
    Timeline,
)
from penalty.procedure.timeline import timeline

__all__ = ["timeline", "Timeline", "Deadline", "Hearing", "Surcharge", "CreditRecord", "Forum",
           "CalendarUsed"]
