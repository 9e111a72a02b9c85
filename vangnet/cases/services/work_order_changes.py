"""A colleague cancels a running work order by hand, or gives it to another contractor.

The old work order becomes "Vervallen": its personal link shows only that the work no longer goes ahead
(no address, no phone, no photos), and the contractor gets an e-mail saying so. A confirmed appointment is
gone with it, so a case at "afspraak" moves back to "opdracht" (the tenant chooses again from the new
contractor's moments). The tenant reads on their timeline what changed and gets the case's "news" message;
the ERP gets `case.work_order_cancelled` (and `case.work_order_issued` for the new order). Each refusal
names the problem and changes nothing.
"""

import datetime as dt
import logging

from django.db import transaction
from django.utils.translation import gettext

from vangnet.appointments.services import booking_cancel
from vangnet.cases.kinds import kinds
from vangnet.cases.models import Audience, Case, Contractor, EntryKind, WorkOrder, WorkOrderStatus
from vangnet.cases.orders import OPEN_STATUSES
from vangnet.cases.services.common import case_event, entry_add, party_message, stage_entries
from vangnet.cases.services.contractors import cancellation_mail
from vangnet.cases.services.work_orders import work_order_issue
from vangnet.core.audit import Actor, log_action
from vangnet.core.errors import ApplicationError

logger = logging.getLogger(__name__)

MAX_REASON = 500
# The stage a repair waits in for a contractor's moments, and the one of a confirmed appointment.
ORDER_STAGE, APPOINTMENT_STAGE = "opdracht", "afspraak"


def _refuse(message: str, field: str) -> ApplicationError:
    return ApplicationError(
        message, extra={"field": field, "errors": [{"field": field, "reason_nl": message}]}
    )


def _back_to_order(case: Case, *, as_of: dt.date, actor: Actor) -> None:
    """The appointment is gone: the case waits for a contractor's moments again."""
    stage = case.case_type.stage(ORDER_STAGE)
    case.stage, case.stage_since = ORDER_STAGE, as_of
    case.stage_deadline = kinds.get(case.case_type.kind).deadline(
        case_type=case.case_type, case=case, stage=stage, as_of=as_of
    )
    case.save(update_fields=["stage", "stage_since", "stage_deadline"])
    stage_entries(case, stage, actor=actor)


def work_order_cancel(
    *,
    work_order: WorkOrder,
    reason: str,
    as_of: dt.date,
    actor: Actor,
    contractor: Contractor | None = None,
    instructions: str = "",
) -> WorkOrder | None:
    """Cancels the running work order; with `contractor`, issues the repair to them instead and returns
    the new work order (None when only cancelled)."""
    reason = (reason or "").strip()
    if not reason:
        raise _refuse(gettext("Schrijf waarom de werkopdracht vervalt."), "reason")
    if len(reason) > MAX_REASON:
        raise _refuse(gettext("De reden is te lang."), "reason")
    old = work_order.contractor
    if contractor is not None and (
        contractor.corporation_id != work_order.corporation_id or not contractor.active
    ):
        raise _refuse(gettext("Kies een vakman uit de lijst."), "contractor")
    if contractor is not None and contractor.pk == old.pk:
        raise _refuse(gettext("Kies een andere vakman dan %(name)s.") % {"name": old.name}, "contractor")
    with transaction.atomic():
        locked = (
            WorkOrder.objects.select_for_update(of=("self",))
            .select_related("case__case_type", "case__tenant", "case__unit", "case__corporation", "booking")
            .get(pk=work_order.pk)
        )
        if locked.status not in OPEN_STATUSES:
            raise _refuse(gettext("Deze werkopdracht loopt niet meer."), "work_order")
        case = locked.case
        if case.closed:
            raise _refuse(gettext("Deze zaak is al afgesloten."), "work_order")
        had_appointment = locked.status == WorkOrderStatus.CONFIRMED
        locked.status = WorkOrderStatus.CANCELLED
        locked.save(update_fields=["status"])
        if locked.booking is not None:
            booking_cancel(booking=locked.booking)  # the slot is free again in the contractor's agenda
        entry_add(
            case,
            EntryKind.DOCUMENT,
            Audience.INTERNAL,
            gettext("Werkopdracht %(number)s bij %(contractor)s vervalt: %(reason)s")
            % {"number": locked.number, "contractor": old.name, "reason": reason},
            actor=actor,
            stage=case.stage,
        )
        if contractor is not None:
            told = gettext("De reparatie gaat naar een andere vakman. Die neemt contact met u op.")
        elif had_appointment:
            told = gettext("De afspraak met de vakman gaat niet door. Wij laten u weten hoe het verder gaat.")
        else:
            told = gettext("De vakman komt niet. Wij laten u weten hoe het verder gaat.")
        entry_add(case, EntryKind.NOTE, Audience.PARTY, told, actor=actor, stage=case.stage)
        if case.stage == APPOINTMENT_STAGE:
            _back_to_order(case, as_of=as_of, actor=actor)
        case_event(
            case,
            "case.work_order_cancelled",
            work_order={
                "number": locked.number,
                "contractor": old.name,
                "reason": reason,
                "moved_to": contractor.name if contractor is not None else None,
            },
        )
        log_action(
            corporation=case.corporation,
            actor=actor,
            action="case.work_order_cancelled",
            obj=case,
            data={
                "work_order": locked.number,
                "contractor": old.pk,
                "moved_to": contractor.pk if contractor is not None else None,
                "reason": reason,
            },
        )
        new = None
        if contractor is not None:
            new = work_order_issue(
                case=case, contractor=contractor, as_of=as_of, actor=actor, instructions=instructions
            )
        party_message(
            case, "zaak-bijgewerkt", as_of=as_of, actor=actor, to=case.tenant, audience=Audience.PARTY
        )
    try:
        cancellation_mail(locked)
    except OSError:
        logger.warning("Work order %s: cancellation e-mail failed", locked.number, exc_info=True)
        entry_add(
            case,
            EntryKind.NOTE,
            Audience.INTERNAL,
            gettext("De e-mail aan %(contractor)s dat de opdracht vervalt, is niet verstuurd. Bel de vakman.")
            % {"contractor": old.name},
            actor="system",
        )
    return new
