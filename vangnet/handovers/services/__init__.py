"""The hand-over services, split by concern (docs/development/architecture.md)."""

from vangnet.handovers.services.agencies import agency_api_key_create, agency_save, wki_check_record
from vangnet.handovers.services.decisions import Approval, handovers_approve, handovers_reject
from vangnet.handovers.services.exporting import ExportResult, handovers_export
from vangnet.handovers.services.feedback import FeedbackResult, agency_feedback_import, payment_source_id
from vangnet.handovers.services.lifecycle import handover_recall, handovers_close

__all__ = [
    "Approval",
    "ExportResult",
    "FeedbackResult",
    "agency_api_key_create",
    "agency_feedback_import",
    "agency_save",
    "handover_recall",
    "handovers_approve",
    "handovers_close",
    "handovers_export",
    "handovers_reject",
    "payment_source_id",
    "wki_check_record",
]
