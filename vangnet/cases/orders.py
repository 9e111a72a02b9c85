"""Reads on work orders: the one a contractor's link names, what the contractor may see of it (the address,
the problem, the tenant's photos and phone: never their name or anything else), the open order of a case."""

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django_scopes import scopes_disabled

from vangnet.cases.links import work_order_token_target
from vangnet.cases.models import (
    Audience,
    Case,
    CaseEntry,
    Contractor,
    EntryKind,
    WorkOrder,
    WorkOrderStatus,
)
from vangnet.core.models import Corporation

OPEN_STATUSES = (WorkOrderStatus.ISSUED, WorkOrderStatus.PROPOSED, WorkOrderStatus.CONFIRMED)
URGENCY_TEXT = {"emergency": "Spoed", "urgent": "Urgent", "normal": "Normaal"}


def contractors(*, corporation: Corporation, active_only: bool = False) -> list[Contractor]:
    found = Contractor.objects.filter(corporation=corporation)
    return list(found.filter(active=True) if active_only else found)


def open_work_order(*, case: Case) -> WorkOrder | None:
    return (
        WorkOrder.objects.filter(case=case, status__in=OPEN_STATUSES)
        .select_related("contractor")
        .order_by("-pk")
        .first()
    )


def case_work_orders(*, case: Case) -> list[WorkOrder]:
    return list(WorkOrder.objects.filter(case=case).select_related("contractor"))


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


def slot_times(work_order: WorkOrder) -> list[dt.datetime]:
    times = [parse_datetime(value) for value in work_order.slots]
    return [timezone.localtime(t) for t in times if t is not None]


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
    slots: list[dt.datetime]
    photos: list[CaseEntry] = field(default_factory=list)


def contractor_view(work_order: WorkOrder) -> ContractorView:
    case = work_order.case
    photos = list(
        CaseEntry.objects.filter(case=case, kind=EntryKind.PHOTO, audience=Audience.PARTY).order_by(
            "at", "pk"
        )
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
        slots=slot_times(work_order),
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
    """The open work order of a tenant's own case (the slots they may choose from)."""
    return (
        WorkOrder.objects.filter(case_id=case_id, case__tenant_id=tenant_id, status__in=OPEN_STATUSES)
        .order_by("-pk")
        .first()
    )
