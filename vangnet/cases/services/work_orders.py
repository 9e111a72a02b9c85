"""A repair's work order: issued to a contractor (e-mail with PDF, event `case.work_order_issued`), and the
contractor's report that the work is done (to "uitgevoerd", after which the tenant gets the satisfaction
question). The appointment in the contractor's agenda is in `moments.py`. Each refusal names the problem and
changes nothing."""

import datetime as dt
import decimal
import logging
from collections.abc import Sequence

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import formats
from django.utils.translation import gettext

from vangnet.cases import documents
from vangnet.cases.links import work_order_link
from vangnet.cases.models import Audience, Case, Contractor, EntryKind, WorkOrder, WorkOrderStatus
from vangnet.cases.orders import URGENCY_TEXT, address_text, open_work_order, tenant_phone
from vangnet.cases.services.common import (
    case_event,
    checked_photos,
    entry_add,
    files_remove,
    photo_store,
)
from vangnet.cases.services.contractors import contractor_agenda_ensure, work_order_mail
from vangnet.cases.services.handling import case_transition
from vangnet.core import clock
from vangnet.core.audit import Actor, log_action
from vangnet.core.errors import ApplicationError

logger = logging.getLogger(__name__)

MAX_TEXT = 4000
MAX_HOURS = decimal.Decimal("100")


def _refuse(message: str, field: str) -> ApplicationError:
    return ApplicationError(
        message, extra={"field": field, "errors": [{"field": field, "reason_nl": message}]}
    )


def contractor_actor(work_order: WorkOrder) -> str:
    return f"vakman: {work_order.contractor.name}"[:150]


def work_order_facts(work_order: WorkOrder) -> dict[str, str]:
    """What the PDF, the e-mail and the event say: the address, the problem, the tenant's phone; no name."""
    case = work_order.case
    photos = case.entries.filter(kind=EntryKind.PHOTO, audience=Audience.PARTY).count()
    return {
        "title": gettext("Werkopdracht %(number)s") % {"number": work_order.number},
        "corporation": work_order.corporation.name,
        "issued_on": formats.date_format(work_order.issued_on, "j F Y"),
        "number": work_order.number,
        "case_number": case.number,
        "contractor": work_order.contractor.name,
        "address": address_text(case),
        "problem": case.subject,
        "description": str((case.answers or {}).get("omschrijving", "")),
        "urgency": URGENCY_TEXT.get(case.urgency, case.urgency),
        "phone": tenant_phone(case),
        "photos": gettext("%(count)s, te zien via de persoonlijke link") % {"count": photos},
        "deadline": formats.date_format(case.stage_deadline, "j F Y") if case.stage_deadline else "",
        "instructions": work_order.instructions,
    }


def work_order_issue(
    *, case: Case, contractor: Contractor | None, as_of: dt.date, actor: Actor, instructions: str = ""
) -> WorkOrder:
    """Gives a repair to a contractor. From "gemeld" the case moves to "opdracht" on the way."""
    instructions = (instructions or "").strip()
    if case.case_type.kind != "repair":
        raise _refuse(gettext("Alleen een reparatie gaat als werkopdracht naar een vakman."), "case")
    if case.closed:
        raise _refuse(gettext("Deze zaak is al afgesloten."), "case")
    if case.stage not in ("gemeld", "opdracht"):
        raise _refuse(
            gettext("Een werkopdracht kan alleen in de fase 'Gemeld' of 'Opdracht bij vakman'."), "case"
        )
    if contractor is None or contractor.corporation_id != case.corporation_id or not contractor.active:
        raise _refuse(gettext("Kies een vakman uit de lijst."), "contractor")
    if len(instructions) > MAX_TEXT:
        raise _refuse(gettext("De toelichting is te lang."), "instructions")
    if open_work_order(case=case) is not None:
        raise _refuse(gettext("Deze zaak heeft al een lopende werkopdracht."), "case")
    with transaction.atomic():
        contractor_agenda_ensure(contractor=contractor, actor=actor)
        if case.stage == "gemeld":
            case = case_transition(case=case, to="opdracht", as_of=as_of, actor=actor)
        work_order = WorkOrder.objects.create(
            corporation_id=case.corporation_id,
            case=case,
            contractor=contractor,
            number=f"W-{case.pk}-{clock.now():%H%M%S%f}"[:24],
            instructions=instructions,
            issued_on=as_of,
            issued_by=str(getattr(actor, "username", actor) or "system")[:150],
        )
        work_order.number = f"W{as_of:%y}-{work_order.pk:06d}"
        work_order.save(update_fields=["number"])
        facts = work_order_facts(work_order)
        link = work_order_link(corporation_id=case.corporation_id, work_order_id=work_order.pk)
        entry_add(
            case,
            EntryKind.DOCUMENT,
            Audience.INTERNAL,
            gettext("Werkopdracht %(number)s naar %(contractor)s (%(email)s).")
            % {"number": work_order.number, "contractor": contractor.name, "email": contractor.email},
            actor=actor,
            stage=case.stage,
        )
        case_event(
            case,
            "case.work_order_issued",
            work_order={
                "number": work_order.number,
                "contractor": contractor.name,
                "contractor_email": contractor.email,
                "address": facts["address"],
                "problem": facts["problem"],
                "description": facts["description"],
                "phone": facts["phone"],
                "instructions": instructions,
                "link": link,
            },
        )
        log_action(
            corporation=case.corporation,
            actor=actor,
            action="case.work_order_issued",
            obj=case,
            data={"work_order": work_order.number, "contractor": contractor.pk},
        )
    pdf = documents.work_order_pdf(facts)
    try:
        work_order_mail(work_order, link=link, facts=facts, pdf=pdf)
    except OSError:
        # The reason is for the log, not for the colleague reading the timeline.
        logger.warning("Work order %s: e-mail to the contractor failed", work_order.number, exc_info=True)
        entry_add(
            case,
            EntryKind.NOTE,
            Audience.INTERNAL,
            gettext("De e-mail met de werkopdracht is niet verstuurd. Bel de vakman."),
            actor="system",
        )
    return work_order


def work_order_pdf(work_order: WorkOrder) -> bytes:
    return documents.work_order_pdf(work_order_facts(work_order))


def _hours(value: str) -> decimal.Decimal:
    try:
        hours = decimal.Decimal(str(value).strip().replace(",", "."))
    except decimal.InvalidOperation:
        hours = decimal.Decimal("-1")
    if (
        not hours.is_finite()
        or hours <= 0
        or hours > MAX_HOURS
        or hours != hours.quantize(decimal.Decimal("0.01"))
    ):
        raise _refuse(
            gettext("Vul het aantal uren in, bijvoorbeeld 1,5 (meer dan 0 en hoogstens 100)."), "hours"
        )
    return hours.quantize(decimal.Decimal("0.01"))


def work_order_done(
    *, work_order: WorkOrder, notes: str, hours: str, photos: Sequence[UploadedFile] = (), as_of: dt.date
) -> WorkOrder:
    """The contractor reports the work done: notes, photos, hours. The case moves to "uitgevoerd"."""
    notes = (notes or "").strip()
    if work_order.status != WorkOrderStatus.CONFIRMED:
        message = (
            gettext("U heeft dit werk al klaar gemeld. Dank u wel.")
            if work_order.status == WorkOrderStatus.DONE
            else gettext("Deze opdracht gaat niet meer door.")
            if work_order.status == WorkOrderStatus.CANCELLED
            else gettext("Meld het werk klaar nadat de huurder een afspraak heeft bevestigd.")
        )
        raise _refuse(message, "notes")
    if not notes:
        raise _refuse(gettext("Schrijf op wat u heeft gedaan."), "notes")
    if len(notes) > MAX_TEXT:
        raise _refuse(gettext("Het verslag is te lang (hoogstens 4000 tekens)."), "notes")
    amount = _hours(hours)
    checked = checked_photos(list(photos), images_only=True)
    actor = contractor_actor(work_order)
    stored: list[str] = []
    try:
        with transaction.atomic():
            locked = WorkOrder.objects.select_for_update().get(pk=work_order.pk)
            if locked.status != WorkOrderStatus.CONFIRMED:
                raise _refuse(gettext("U heeft dit werk al klaar gemeld. Dank u wel."), "notes")
            locked.status = WorkOrderStatus.DONE
            locked.done_at = clock.now()
            locked.done_notes = notes
            locked.hours = amount
            locked.save(update_fields=["status", "done_at", "done_notes", "hours"])
            case = work_order.case
            entry_add(
                case,
                EntryKind.NOTE,
                Audience.INTERNAL,
                gettext("Verslag van de vakman (%(hours)s uur): %(notes)s")
                % {"hours": formats.number_format(amount), "notes": notes},
                actor=actor,
                stage=case.stage,
            )
            for upload, content_type in checked:
                photo_store(
                    case, upload, content_type, audience=Audience.INTERNAL, actor=actor, stored=stored
                )
            case = case_transition(case=case, to="uitgevoerd", as_of=as_of, actor=actor)
            case_event(
                case,
                "case.work_order_done",
                work_order={
                    "number": locked.number,
                    "hours": str(amount),
                    "notes": notes,
                    "photos": len(checked),
                },
            )
    except BaseException:
        files_remove(stored)
        raise
    return locked
