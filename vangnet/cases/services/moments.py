"""The appointment of a repair, booked in the contractor's agenda (`appointments`): the contractor picks a
free slot (it is booked at once, so nobody else can take it), the tenant confirms it in the portal or picks
another free slot of the same contractor, and may move it later (`case.appointment_rescheduled`).

Double booking is impossible in the database (`booking_no_double`); a slot taken in the meantime gets
"Dit moment is net door iemand anders gekozen." and changes nothing. Each refusal names the problem.
"""

import datetime as dt
import logging

from django.db import transaction
from django.utils.translation import gettext

from vangnet.appointments.models import BookingStatus
from vangnet.appointments.services import booking_make, booking_reschedule
from vangnet.appointments.slots import AMSTERDAM, moment_text
from vangnet.cases.links import work_order_link
from vangnet.cases.models import Audience, Case, EntryKind, WorkOrder, WorkOrderStatus
from vangnet.cases.orders import address_text, open_work_order
from vangnet.cases.services.common import case_event, entry_add, party_message
from vangnet.cases.services.contractors import appointment_mail, contractor_agenda_ensure
from vangnet.cases.services.handling import case_transition
from vangnet.cases.services.work_orders import contractor_actor
from vangnet.core import clock
from vangnet.core.audit import Actor, log_action
from vangnet.core.errors import ApplicationError
from vangnet.tenants.models import Tenant

logger = logging.getLogger(__name__)

APPOINTMENT_STAGE = "afspraak"


def _refuse(message: str, field: str = "slot") -> ApplicationError:
    return ApplicationError(
        message, extra={"field": field, "errors": [{"field": field, "reason_nl": message}]}
    )


def _iso(moment: dt.datetime) -> str:
    """A moment as contractors' systems read it: ISO 8601 in Dutch local time (2026-12-15T09:00:00+01:00)."""
    return moment.astimezone(AMSTERDAM).isoformat()


def _locked(work_order: WorkOrder) -> WorkOrder:
    return (
        WorkOrder.objects.select_for_update(of=("self",))
        .select_related("booking__resource", "contractor", "case__case_type", "case__tenant", "case__unit")
        .get(pk=work_order.pk)
    )


def _book(work_order: WorkOrder, start: dt.datetime, *, actor: Actor) -> None:
    """Books `start` in the contractor's agenda, or moves the booking there; the old slot stays on refusal."""
    booking = work_order.booking
    if booking is not None and booking.status == BookingStatus.BOOKED:
        booking = booking_reschedule(booking=booking, start=start, actor=actor)
    else:
        agenda = contractor_agenda_ensure(contractor=work_order.contractor, actor=actor)
        case = work_order.case
        booking = booking_make(
            resource=agenda,
            start=start,
            purpose=gettext("Reparatie %(number)s, %(address)s")
            % {"number": work_order.number, "address": address_text(case)},
            actor=actor,
            tenant=case.tenant,
        )
    work_order.booking, work_order.appointment = booking, booking.start


def work_order_pick(*, work_order: WorkOrder, start: dt.datetime | None, as_of: dt.date) -> WorkOrder:
    """The contractor picks a free slot of their agenda (again, as long as the tenant has not confirmed)."""
    if work_order.status == WorkOrderStatus.CANCELLED:
        raise _refuse(gettext("Deze opdracht gaat niet meer door."))
    if work_order.status not in (WorkOrderStatus.ISSUED, WorkOrderStatus.PROPOSED):
        raise _refuse(gettext("De afspraak staat al vast. Bel ons als het moment niet meer past."))
    if start is None:
        raise _refuse(gettext("Kies een moment uit uw agenda."))
    actor = contractor_actor(work_order)
    with transaction.atomic():
        locked = _locked(work_order)
        if locked.status not in (WorkOrderStatus.ISSUED, WorkOrderStatus.PROPOSED):
            raise _refuse(gettext("De afspraak staat al vast. Bel ons als het moment niet meer past."))
        _book(locked, start, actor=actor)
        locked.status = WorkOrderStatus.PROPOSED
        locked.save(update_fields=["booking", "appointment", "status"])
        case = locked.case
        entry_add(
            case,
            EntryKind.NOTE,
            Audience.PARTY,
            gettext("De vakman stelt %(moment)s voor. Bevestig het moment of kies een ander op deze pagina.")
            % {"moment": moment_text(start)},
            actor=actor,
            stage=case.stage,
        )
        # The tenant hears there is something to confirm (the case template points to the portal).
        party_message(
            case, "zaak-bijgewerkt", as_of=as_of, actor=actor, to=case.tenant, audience=Audience.PARTY
        )
        case_event(
            case,
            "case.appointment_proposed",
            work_order={"number": locked.number, "appointment": _iso(start)},
        )
        log_action(
            corporation=case.corporation,
            actor=actor,
            action="case.appointment_proposed",
            obj=case,
            data={"work_order": locked.number, "appointment": _iso(start)},
        )
    return locked


def _tenant_order(case: Case, tenant: Tenant) -> WorkOrder | None:
    return open_work_order(case=case) if case.tenant_id == tenant.pk else None


def _mail(work_order: WorkOrder, *, moved: bool) -> None:
    case = work_order.case
    if work_order.appointment is None:
        return
    link = work_order_link(corporation_id=case.corporation_id, work_order_id=work_order.pk)
    try:
        appointment_mail(work_order, when=moment_text(work_order.appointment), link=link, moved=moved)
    except OSError:
        logger.warning("Work order %s: appointment e-mail failed", work_order.number, exc_info=True)
        entry_add(
            case,
            EntryKind.NOTE,
            Audience.INTERNAL,
            gettext("De vakman kreeg de afspraak niet per e-mail. Bel de vakman."),
            actor="system",
        )


def work_order_confirm(*, case: Case, tenant: Tenant, as_of: dt.date, actor: Actor) -> WorkOrder:
    """The tenant confirms the contractor's slot; the case moves to "afspraak"."""
    work_order = _tenant_order(case, tenant)
    if work_order is None or work_order.status != WorkOrderStatus.PROPOSED:
        raise _refuse(gettext("Er is nog geen moment om te bevestigen."))
    with transaction.atomic():
        locked = _locked(work_order)
        if locked.status != WorkOrderStatus.PROPOSED or locked.appointment is None:
            raise _refuse(gettext("Er is nog geen moment om te bevestigen."))
        if locked.appointment <= clock.now():
            raise _refuse(gettext("Dit moment is al voorbij. Kies een ander moment."))
        locked.status = WorkOrderStatus.CONFIRMED
        locked.save(update_fields=["status"])
        case = case_transition(case=locked.case, to=APPOINTMENT_STAGE, as_of=as_of, actor=actor)
        entry_add(
            case,
            EntryKind.NOTE,
            Audience.PARTY,
            gettext("Afspraak: %(moment)s.") % {"moment": moment_text(locked.appointment)},
            actor=actor,
            stage=case.stage,
        )
        case_event(
            case,
            "case.appointment_confirmed",
            work_order={"number": locked.number, "appointment": _iso(locked.appointment)},
        )
    _mail(locked, moved=False)
    return locked


def work_order_reschedule(
    *, case: Case, tenant: Tenant, start: dt.datetime | None, as_of: dt.date, actor: Actor
) -> WorkOrder:
    """The tenant picks another free slot of the contractor: the old one is freed only when the new one is
    booked. Choosing it is confirming it, so a proposed moment becomes the appointment."""
    work_order = _tenant_order(case, tenant)
    if work_order is None or work_order.status not in (WorkOrderStatus.PROPOSED, WorkOrderStatus.CONFIRMED):
        raise _refuse(gettext("Er is geen afspraak om te verzetten."))
    if start is None:
        raise _refuse(gettext("Kies een moment."))
    with transaction.atomic():
        locked = _locked(work_order)
        if locked.status not in (WorkOrderStatus.PROPOSED, WorkOrderStatus.CONFIRMED):
            raise _refuse(gettext("Er is geen afspraak om te verzetten."))
        previous = locked.appointment
        if previous is not None and start == previous:
            raise _refuse(gettext("Dit is al uw afspraak. Kies een ander moment."))
        _book(locked, start, actor=actor)
        was_proposed = locked.status == WorkOrderStatus.PROPOSED
        locked.status = WorkOrderStatus.CONFIRMED
        locked.save(update_fields=["booking", "appointment", "status"])
        case = locked.case
        if case.stage != APPOINTMENT_STAGE:
            case = case_transition(case=case, to=APPOINTMENT_STAGE, as_of=as_of, actor=actor)
        entry_add(
            case,
            EntryKind.NOTE,
            Audience.PARTY,
            gettext("Afspraak verzet naar %(moment)s.") % {"moment": moment_text(start)},
            actor=actor,
            stage=case.stage,
        )
        case_event(
            case,
            "case.appointment_rescheduled",
            work_order={
                "number": locked.number,
                "appointment": _iso(start),
                "previous": _iso(previous) if previous else None,
                "was_confirmed": not was_proposed,
            },
        )
        log_action(
            corporation=case.corporation,
            actor=actor,
            action="case.appointment_rescheduled",
            obj=case,
            data={"work_order": locked.number, "appointment": _iso(start)},
        )
    _mail(locked, moved=True)
    return locked
