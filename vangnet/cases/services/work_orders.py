"""A repair's work order: issued to a contractor (e-mail with PDF, event `case.work_order_issued`), the
one to three moments the contractor proposes through their link, the one the tenant confirms in the portal
(the case moves to "afspraak"), and the contractor's report that the work is done (to "uitgevoerd", after
which the tenant gets the satisfaction question). Each refusal names the problem and changes nothing."""

import datetime as dt
import decimal
from collections.abc import Sequence

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext

from vangnet.cases import documents
from vangnet.cases.links import work_order_link
from vangnet.cases.models import Audience, Case, Contractor, EntryKind, WorkOrder, WorkOrderStatus
from vangnet.cases.orders import URGENCY_TEXT, address_text, open_work_order, slot_times, tenant_phone
from vangnet.cases.services.common import (
    case_event,
    checked_photos,
    entry_add,
    files_remove,
    party_message,
    photo_store,
)
from vangnet.cases.services.contractors import appointment_mail, work_order_mail
from vangnet.cases.services.handling import case_transition
from vangnet.core import clock
from vangnet.core.audit import Actor, log_action
from vangnet.core.errors import ApplicationError
from vangnet.tenants.models import Tenant

MAX_SLOTS = 3
SLOT_HORIZON = dt.timedelta(days=90)
MAX_TEXT = 4000
MAX_HOURS = decimal.Decimal("100")


def _refuse(message: str, field: str) -> ApplicationError:
    return ApplicationError(
        message, extra={"field": field, "errors": [{"field": field, "reason_nl": message}]}
    )


def moment_text(moment: dt.datetime) -> str:
    local = timezone.localtime(moment)
    return f"{formats.date_format(local, 'l j F Y')} {local:%H:%M}"


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
    except OSError as error:
        entry_add(
            case,
            EntryKind.NOTE,
            Audience.INTERNAL,
            gettext("De e-mail met de werkopdracht is niet verstuurd (%(error)s). Bel de vakman.")
            % {"error": str(error)[:200]},
            actor="system",
        )
    return work_order


def work_order_pdf(work_order: WorkOrder) -> bytes:
    return documents.work_order_pdf(work_order_facts(work_order))


def _parsed_slots(slots: Sequence[dt.datetime | None], now: dt.datetime) -> list[dt.datetime]:
    chosen = [slot for slot in slots if slot is not None]
    if not chosen:
        raise _refuse(gettext("Kies ten minste één moment voor de afspraak."), "slots")
    if len(chosen) > MAX_SLOTS:
        raise _refuse(gettext("Stel hoogstens drie momenten voor."), "slots")
    for slot in chosen:
        if timezone.is_naive(slot):
            slot = timezone.make_aware(slot)
        if slot <= now:
            raise _refuse(
                gettext("Het moment %(moment)s is al voorbij. Kies een moment in de toekomst.")
                % {"moment": moment_text(slot)},
                "slots",
            )
        if slot > now + SLOT_HORIZON:
            raise _refuse(
                gettext("Het moment %(moment)s ligt te ver weg. Kies een moment binnen drie maanden.")
                % {"moment": moment_text(slot)},
                "slots",
            )
    aware = sorted(timezone.make_aware(s) if timezone.is_naive(s) else s for s in chosen)
    if len(set(aware)) != len(aware):
        raise _refuse(gettext("U koos hetzelfde moment twee keer."), "slots")
    return aware


def work_order_propose(
    *, work_order: WorkOrder, slots: Sequence[dt.datetime | None], as_of: dt.date
) -> WorkOrder:
    """The contractor proposes one to three moments (again, as long as the tenant has not chosen)."""
    if work_order.status == WorkOrderStatus.CANCELLED:
        raise _refuse(gettext("Deze opdracht gaat niet meer door."), "slots")
    if work_order.status not in (WorkOrderStatus.ISSUED, WorkOrderStatus.PROPOSED):
        raise _refuse(gettext("De afspraak staat al vast. Bel ons als het moment niet meer past."), "slots")
    moments = _parsed_slots(slots, clock.now())
    actor = contractor_actor(work_order)
    with transaction.atomic():
        work_order.slots = [moment.isoformat() for moment in moments]
        work_order.status = WorkOrderStatus.PROPOSED
        work_order.save(update_fields=["slots", "status"])
        case = work_order.case
        entry_add(
            case,
            EntryKind.NOTE,
            Audience.PARTY,
            gettext("De vakman stelt een afspraak voor. Kies een moment op deze pagina."),
            actor=actor,
            stage=case.stage,
        )
        # The tenant hears there is something to choose (the case template points to the portal).
        party_message(
            case, "zaak-bijgewerkt", as_of=as_of, actor=actor, to=case.tenant, audience=Audience.PARTY
        )
        case_event(
            case,
            "case.appointment_proposed",
            work_order={"number": work_order.number, "slots": work_order.slots},
        )
        log_action(
            corporation=case.corporation,
            actor=actor,
            action="case.appointment_proposed",
            obj=case,
            data={"work_order": work_order.number, "slots": work_order.slots},
        )
    return work_order


def work_order_confirm(*, case: Case, tenant: Tenant, slot: str, as_of: dt.date, actor: Actor) -> WorkOrder:
    """The tenant confirms one of the proposed moments; the case moves to "afspraak"."""
    work_order = open_work_order(case=case) if case.tenant_id == tenant.pk else None
    if work_order is None or work_order.status != WorkOrderStatus.PROPOSED:
        raise _refuse(gettext("Er is nog geen moment om te kiezen."), "slot")
    chosen = next(
        (t for t in slot_times(work_order) if t.isoformat() == slot or t.isoformat() == slot.strip()), None
    )
    if chosen is None:
        raise _refuse(gettext("Kies een van de momenten die de vakman voorstelt."), "slot")
    if chosen <= clock.now():
        raise _refuse(gettext("Dit moment is al voorbij. Bel ons voor een nieuwe afspraak."), "slot")
    with transaction.atomic():
        locked = WorkOrder.objects.select_for_update().get(pk=work_order.pk)
        if locked.status != WorkOrderStatus.PROPOSED:
            raise _refuse(gettext("Er is nog geen moment om te kiezen."), "slot")
        locked.appointment = chosen
        locked.status = WorkOrderStatus.CONFIRMED
        locked.save(update_fields=["appointment", "status"])
        case = case_transition(case=case, to="afspraak", as_of=as_of, actor=actor)
        entry_add(
            case,
            EntryKind.NOTE,
            Audience.PARTY,
            gettext("Afspraak: %(moment)s.") % {"moment": moment_text(chosen)},
            actor=actor,
            stage=case.stage,
        )
        case_event(
            case,
            "case.appointment_confirmed",
            work_order={"number": locked.number, "appointment": chosen.isoformat()},
        )
    link = work_order_link(corporation_id=case.corporation_id, work_order_id=locked.pk)
    try:
        appointment_mail(locked, when=moment_text(chosen), link=link)
    except OSError as error:
        entry_add(
            case,
            EntryKind.NOTE,
            Audience.INTERNAL,
            gettext("De vakman kreeg de afspraak niet per e-mail (%(error)s). Bel de vakman.")
            % {"error": str(error)[:200]},
            actor="system",
        )
    return locked


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
