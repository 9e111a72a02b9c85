"""Reads on work orders: the one a contractor's link names, what the contractor may see of it (the address,
the problem, the tenant's photos and phone: never their name or anything else), the open order of a case,
and the free slots of the contractor's agenda (`appointments`) to pick from."""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef
from django_scopes import scopes_disabled

from vangnet.appointments.models import Resource
from vangnet.appointments.selectors import resource_slots
from vangnet.cases.links import work_order_token_target
from vangnet.cases.models import (
    Audience,
    Case,
    CaseEntry,
    Contractor,
    ContractorKey,
    EntryKind,
    WorkOrder,
    WorkOrderStatus,
)
from vangnet.core import clock
from vangnet.core.models import Corporation

OPEN_STATUSES = (WorkOrderStatus.ISSUED, WorkOrderStatus.PROPOSED, WorkOrderStatus.CONFIRMED)
_PICKING = (WorkOrderStatus.ISSUED, WorkOrderStatus.PROPOSED)
URGENCY_TEXT = {"emergency": "Spoed", "urgent": "Urgent", "normal": "Normaal"}


def contractors(*, corporation: Corporation, active_only: bool = False) -> list[Contractor]:
    found = Contractor.objects.filter(corporation=corporation)
    return list(found.filter(active=True) if active_only else found)


def contractor_rows(*, corporation: Corporation) -> list[Contractor]:
    """The contractors' page: each with `agenda` (their Resource or None) and `has_key` (two queries)."""
    found: list[Contractor] = list(
        Contractor.objects.filter(corporation=corporation).annotate(
            has_key=Exists(ContractorKey.objects.filter(contractor=OuterRef("pk"), revoked_at__isnull=True))
        )
    )
    agendas = {
        r.contractor_id: r for r in Resource.objects.filter(corporation=corporation, contractor__isnull=False)
    }
    for contractor in found:
        contractor.agenda = agendas.get(contractor.pk)  # type: ignore[attr-defined]
    return found


def open_work_order(*, case: Case) -> WorkOrder | None:
    return (
        WorkOrder.objects.filter(case=case, status__in=OPEN_STATUSES)
        .select_related("contractor")
        .order_by("-pk")
        .first()
    )


def case_work_orders(*, case: Case) -> list[WorkOrder]:
    return list(WorkOrder.objects.filter(case=case).select_related("contractor", "booking"))


def work_order_by_token(token: str) -> WorkOrder | None:
    """The work order a genuine, unexpired link names; None for anything else."""
    target = work_order_token_target(token)
    if target is None:
        return None
    with scopes_disabled():
        return (
            WorkOrder.objects.filter(pk=target.work_order_id, corporation_id=target.corporation_id)
            .select_related(
                "case", "case__unit", "case__tenant", "case__case_type", "contractor", "corporation"
            )
            .first()
        )


def contractor_agenda(contractor: Contractor) -> Resource | None:
    """The contractor's own agenda (one `Resource` per contractor), None before it has one."""
    return Resource.objects.filter(contractor=contractor).first()


def free_moments(work_order: WorkOrder) -> list[dt.datetime]:
    """The free slots of the work order's contractor (two queries after the agenda), from today."""
    agenda = contractor_agenda(work_order.contractor)
    if agenda is None:
        return []
    return resource_slots(resource=agenda, first_day=clock.today(), now=clock.now())


def tenant_phone(case: Case) -> str:
    answered = str((case.answers or {}).get("telefoon", "")).strip()
    if answered:
        return answered
    tenant = case.tenant
    return (tenant.phone_mobile or tenant.phone_home) if tenant else ""


def address_text(case: Case) -> str:
    unit = case.unit
    if unit is None:
        return str((case.answers or {}).get("adres", ""))
    number = f"{unit.house_number}{unit.house_number_suffix}"
    return f"{unit.street} {number}, {unit.postcode} {unit.city}"


@dataclass
class ContractorView:
    """Everything the contractor's page shows: nothing of the tenant beyond address, problem, photos, phone."""

    work_order: WorkOrder
    corporation: Corporation
    address: str
    problem: str
    description: str
    phone: str
    urgency: str
    deadline: dt.date | None
    free: list[dt.datetime]
    photos: list[CaseEntry] = field(default_factory=list)


def contractor_work_orders(
    *, contractor: Contractor, statuses: tuple[str, ...] = (), number: str = ""
) -> list[WorkOrder]:
    """A contractor's work orders (for their system), oldest first, with what their view needs."""
    found = WorkOrder.objects.filter(contractor=contractor).select_related(
        "case", "case__unit", "case__tenant", "corporation", "contractor"
    )
    if statuses:
        found = found.filter(status__in=statuses)
    if number:
        found = found.filter(number=number)
    return list(found.order_by("pk"))


def contractor_view(work_order: WorkOrder, *, full: bool = True) -> ContractorView:
    """What the page shows; `full=False` leaves out the photos and the free slots (the API list)."""
    case = work_order.case
    photos = (
        list(
            CaseEntry.objects.filter(case=case, kind=EntryKind.PHOTO, audience=Audience.PARTY).order_by(
                "at", "pk"
            )
        )
        if full
        else []
    )
    return ContractorView(
        work_order=work_order,
        corporation=work_order.corporation,
        address=address_text(case),
        problem=case.subject,
        description=str((case.answers or {}).get("omschrijving", "")),
        phone=tenant_phone(case),
        urgency=URGENCY_TEXT.get(case.urgency, case.urgency),
        deadline=case.stage_deadline,
        free=free_moments(work_order) if full and work_order.status in _PICKING else [],
        photos=photos,
    )


def contractor_photo(work_order: WorkOrder, entry_id: int) -> CaseEntry | None:
    """A photo the tenant sent with the report, only through the running (or done) work order of its case."""
    if work_order.status == WorkOrderStatus.CANCELLED:
        return None
    return (
        CaseEntry.objects.filter(
            pk=entry_id, case_id=work_order.case_id, kind=EntryKind.PHOTO, audience=Audience.PARTY
        )
        .exclude(file="")
        .first()
    )


def portal_work_order(*, case_id: int, tenant_id: int) -> WorkOrder | None:
    """The open work order of a tenant's own case (the moment proposed or made)."""
    return (
        WorkOrder.objects.filter(case_id=case_id, case__tenant_id=tenant_id, status__in=OPEN_STATUSES)
        .select_related("contractor", "booking")
        .order_by("-pk")
        .first()
    )
