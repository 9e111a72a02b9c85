"""Termination: the tenant's notice with the pre-inspection booked, moving it, and the inspector's work.

Giving notice is checked completely first (the end date by the notice rules, the reason, the new address,
the co-tenant's consent, the slot); then the case, the termination, the booking and the inspection are made
in one transaction, so a refusal leaves nothing behind.
"""

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils.translation import gettext

from vangnet.appointments.models import BookingStatus
from vangnet.appointments.selectors import inspector
from vangnet.appointments.services import booking_make, booking_reschedule
from vangnet.appointments.slots import moment_text as moment
from vangnet.cases.models import Audience, CaseChannel, EntryKind
from vangnet.cases.services import case_open, case_transition
from vangnet.cases.services.common import checked_photos, entry_add
from vangnet.core import clock
from vangnet.core.audit import Actor, actor_label, log_action
from vangnet.core.errors import ApplicationError
from vangnet.core.models import Corporation
from vangnet.events.services import event_publish
from vangnet.inspections.models import Defect, Inspection, InspectionKind, NoticeReason, Payer, Termination
from vangnet.inspections.notice import EndDayRule, end_date_problem
from vangnet.inspections.services.common import kind_type, refuse
from vangnet.ledger.models import Contract, ContractTenant
from vangnet.tenants.models import Tenant

MAX_ADDRESS = 500


def co_tenants(contract: Contract, tenant: Tenant) -> list[Tenant]:
    parties = ContractTenant.objects.filter(contract=contract, removed_from_source_at__isnull=True)
    return [p.tenant for p in parties.exclude(tenant=tenant).select_related("tenant")]


def end_day_rule(corporation: Corporation) -> EndDayRule:
    case_type = kind_type(corporation, "termination")
    value = case_type.settings.get("end_day", EndDayRule.WORKING_DAY)
    return EndDayRule(value) if value in EndDayRule else EndDayRule.WORKING_DAY


def termination_give_notice(
    *,
    tenant: Tenant,
    contract: Contract,
    end_date: dt.date,
    reason: str,
    forwarding_address: str,
    co_tenant_consent: bool,
    slot: dt.datetime,
    as_of: dt.date,
    actor: Actor,
) -> Termination:
    corporation = tenant.corporation
    case_type = kind_type(corporation, "termination")
    rule = end_day_rule(corporation)
    if (
        contract.corporation_id != tenant.corporation_id
        or not ContractTenant.objects.filter(contract=contract, tenant=tenant).exists()
    ):
        raise refuse(gettext("Deze huur kennen wij niet."), "contract")
    problem = end_date_problem(as_of, end_date, rule)
    if problem:
        raise refuse(problem, "end_date")
    if reason not in NoticeReason.values:
        raise refuse(gettext("Kies een reden."), "reason")
    address = forwarding_address.strip()
    if not address:
        raise refuse(gettext("Vul uw nieuwe adres in. Daar sturen wij de eindafrekening naartoe."), "address")
    if len(address) > MAX_ADDRESS:
        raise refuse(gettext("Het adres is te lang."), "address")
    others = co_tenants(contract, tenant)
    if others and not co_tenant_consent:
        raise refuse(
            gettext("%(names)s huurt de woning met u. Die persoon moet het eens zijn met de opzegging.")
            % {"names": ", ".join(str(t) for t in others)},
            "consent",
        )
    if Termination.objects.filter(contract=contract, settled_on__isnull=True).exists():
        raise refuse(gettext("U heeft deze huur al opgezegd."), "contract")
    resource = inspector(corporation=corporation)
    if resource is None:
        raise refuse(
            gettext("Er is nu geen opzichter in te plannen. Bel ons, dan plannen wij de afspraak."), "slot"
        )
    if slot.date() >= end_date:
        raise refuse(gettext("Kies een moment vóór de laatste dag van uw huur."), "slot")
    try:
        with transaction.atomic():
            case = case_open(
                case_type=case_type,
                as_of=as_of,
                actor=actor,
                channel=CaseChannel.PORTAL,
                tenant=tenant,
                answers={},
                unit=contract.unit,
                subject=gettext("Opzegging per %(day)s") % {"day": f"{end_date:%d-%m-%Y}"},
            )
            termination = Termination.objects.create(
                corporation=corporation,
                case=case,
                contract=contract,
                tenant=tenant,
                given_on=as_of,
                end_date=end_date,
                reason=reason,
                forwarding_address=address,
                co_tenant_consent=bool(others),
                co_tenant_name=", ".join(str(t) for t in others)[:200],
            )
            booking = booking_make(
                resource=resource,
                start=slot,
                purpose=gettext("Voorinspectie %(address)s") % {"address": contract.unit.address_line},
                tenant=tenant,
                actor=actor,
            )
            Inspection.objects.create(
                corporation=corporation,
                case=case,
                unit=contract.unit,
                kind=InspectionKind.PRE,
                booking=booking,
            )
            entry_add(
                case,
                EntryKind.NOTE,
                Audience.PARTY,
                gettext("Voorinspectie gepland: %(when)s.") % {"when": moment(slot)},
                actor=actor,
            )
            event_publish(
                corporation=corporation,
                type="contract.notice_given",
                payload={
                    "contract_id": contract.source_id,
                    "tenant_id": tenant.source_id,
                    "case_number": case.number,
                    "given_on": as_of,
                    "end_date": end_date,
                    "reason": reason,
                    "forwarding_address": address,
                    "co_tenants_consent": [t.source_id for t in others],
                },
            )
            log_action(
                corporation=corporation,
                actor=actor,
                action="termination.notice_given",
                obj=termination,
                data={"end_date": end_date.isoformat(), "case": case.number},
            )
    except IntegrityError:
        raise refuse(gettext("U heeft deze huur al opgezegd."), "contract") from None
    return termination


def inspection_reschedule(*, inspection: Inspection, start: dt.datetime, actor: Actor) -> Inspection:
    """Moves the appointment: the old slot is given up only when the new one is booked."""
    if inspection.done_at is not None or inspection.booking is None:
        raise refuse(gettext("Deze afspraak kan niet meer verzet worden."), "slot")
    termination = getattr(inspection.case, "termination", None)
    if (
        termination is not None
        and start.date() >= termination.end_date
        and inspection.kind == InspectionKind.PRE
    ):
        raise refuse(gettext("Kies een moment vóór de laatste dag van uw huur."), "slot")
    with transaction.atomic():
        booking = booking_reschedule(booking=inspection.booking, start=start, actor=actor)
        inspection.booking = booking
        inspection.save(update_fields=["booking"])
        entry_add(
            inspection.case,
            EntryKind.NOTE,
            Audience.PARTY,
            gettext("Afspraak verzet naar %(when)s.") % {"when": moment(start)},
            actor=actor,
        )
    return inspection


def defect_add(
    *,
    inspection: Inspection,
    room: str,
    description: str,
    payer: str,
    cost: Decimal | None,
    photos: Sequence[UploadedFile] = (),
    actor: Actor,
) -> Defect:
    errors: dict[str, str] = {}
    if not room.strip():
        errors["room"] = gettext("Kies de ruimte.")
    if not description.strip():
        errors["description"] = gettext("Schrijf op wat er is.")
    if payer not in Payer.values:
        errors["payer"] = gettext("Kies wie betaalt.")
    if cost is None or cost < 0 or cost > Decimal("100000"):
        errors["cost"] = gettext("Vul de kosten in als bedrag, bijvoorbeeld 125,00 (0 mag).")
    if inspection.done_at is not None:
        errors["room"] = gettext("Deze inspectie is al afgerond.")
    if errors:
        raise ApplicationError(" ".join(errors.values()), extra={"fields": errors})
    checked = checked_photos(list(photos)[:1], images_only=True)
    defect = Defect(
        corporation_id=inspection.corporation_id,
        inspection=inspection,
        room=room.strip()[:60],
        description=description.strip()[:300],
        payer=payer,
        cost=cost or Decimal("0"),
    )
    if checked:
        upload, content_type = checked[0]
        defect.photo_type = content_type
        defect.photo.save(upload.name or "foto.jpg", upload, save=False)
    defect.save()
    return defect


def pre_inspection_complete(
    *, inspection: Inspection, notes: str, as_of: dt.date, actor: Actor
) -> Inspection:
    """The pre-inspection is done: what the tenant must still do goes to their timeline, the end inspection
    is made (booked by a colleague at the end date)."""
    if inspection.done_at is not None:
        raise refuse(gettext("Deze inspectie is al afgerond."), "notes")
    with transaction.atomic():
        inspection_done(inspection, notes, actor)
        todo = [d for d in inspection.defects.all() if d.payer == Payer.TENANT]
        text = "\n".join(f"{d.room}: {d.description}" for d in todo)
        case = inspection.case
        entry_add(
            case,
            EntryKind.NOTE,
            Audience.PARTY,
            gettext("Dit moet u nog doen of laten herstellen voordat u vertrekt:") + "\n" + text
            if todo
            else gettext("Bij de voorinspectie vonden wij niets dat u nog moet doen."),
            actor=actor,
        )
        Inspection.objects.create(
            corporation_id=inspection.corporation_id, case=case, unit=inspection.unit, kind=InspectionKind.END
        )
        case_transition(case=case, to="voorinspectie", as_of=as_of, actor=actor)
    return inspection


def inspection_done(inspection: Inspection, notes: str, actor: Actor) -> None:
    inspection.done_at = clock.now()
    inspection.done_by = actor_label(actor)[:150]
    inspection.notes = notes.strip()[:2000]
    inspection.save(update_fields=["done_at", "done_by", "notes"])
    if inspection.booking is not None and inspection.booking.status != BookingStatus.BOOKED:
        inspection.booking = None
        inspection.save(update_fields=["booking"])
