"""Writes on terminations, inspections and home modifications (re-exported here)."""

from vangnet.inspections.services.modifications import (
    modification_decide,
    modification_record,
    modification_request,
)
from vangnet.inspections.services.settling import end_inspection_complete, settlement_for
from vangnet.inspections.services.termination import (
    defect_add,
    end_day_rule,
    inspection_reschedule,
    pre_inspection_complete,
    termination_give_notice,
)

__all__ = [
    "defect_add",
    "end_day_rule",
    "end_inspection_complete",
    "inspection_reschedule",
    "modification_decide",
    "modification_record",
    "modification_request",
    "pre_inspection_complete",
    "settlement_for",
    "termination_give_notice",
]
