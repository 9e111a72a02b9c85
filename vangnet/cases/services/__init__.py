"""Writes on cases: types, opening, handling, contacts and escalation (re-exported here)."""

from vangnet.cases.services.articles import article_delete, article_save
from vangnet.cases.services.contacts import contact_register
from vangnet.cases.services.contractors import contractor_agenda_ensure, contractor_create
from vangnet.cases.services.handling import (
    case_assign,
    case_note_add,
    case_photos_add,
    case_rate,
    case_transition,
)
from vangnet.cases.services.moments import work_order_confirm, work_order_pick, work_order_reschedule
from vangnet.cases.services.opening import case_open
from vangnet.cases.services.sla import cases_escalate
from vangnet.cases.services.types import case_type_update, case_types_install_defaults
from vangnet.cases.services.work_order_changes import work_order_cancel
from vangnet.cases.services.work_orders import work_order_done, work_order_issue, work_order_pdf

__all__ = [
    "article_delete",
    "article_save",
    "case_assign",
    "case_note_add",
    "case_open",
    "case_photos_add",
    "case_rate",
    "case_transition",
    "case_type_update",
    "case_types_install_defaults",
    "cases_escalate",
    "contact_register",
    "contractor_agenda_ensure",
    "contractor_create",
    "work_order_cancel",
    "work_order_confirm",
    "work_order_done",
    "work_order_issue",
    "work_order_pdf",
    "work_order_pick",
    "work_order_reschedule",
]
