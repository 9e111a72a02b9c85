"""The call list: today's call tasks in the order a credit manager would work them, with what they need.

Order: priority first, then tenants whose promise date has come (a call now keeps the promise alive), then
the largest overdue amount, then the oldest arrears. Four queries whatever the length of the list, and one
more for the tenants' circumstances in force when the colleague may see them.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import DateField, F, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from vangnet.arrangements.models import Promise, PromiseStatus
from vangnet.core.models import User
from vangnet.ledger.models import ContractStanding
from vangnet.messaging.models import MessageStatus, OutgoingMessage
from vangnet.tasks.models import Task, TaskKind, TaskStatus
from vangnet.tenants.models import Circumstance, circumstance_in_force_q

FAR_FUTURE = date(9999, 12, 31)
CONTACTS_SHOWN = 3
SENT_STATUSES = (MessageStatus.SENT, MessageStatus.DELIVERED, MessageStatus.FAILED, MessageStatus.BOUNCED)


@dataclass
class Contact:
    on: date
    label: str


@dataclass
class CallRow:
    task: Task
    overdue_amount: Decimal
    oldest_overdue_date: date | None
    promise_date: date | None
    contacts: list[Contact] = field(default_factory=list)
    # In force on the day, newest first; empty when the colleague may not see circumstances.
    circumstances: list[Circumstance] = field(default_factory=list)

    @property
    def phones(self) -> list[str]:
        tenant = self.task.tenant
        if tenant is None:
            return []
        return [number for number in (tenant.phone_mobile, tenant.phone_home) if number]


def call_list(
    *, as_of: date, only_for: User | None = None, limit: int = 100, with_circumstances: bool = False
) -> list[CallRow]:
    """Open call tasks due today or earlier; `only_for` keeps those given to that colleague or to nobody;
    `with_circumstances` adds each tenant's circumstances in force (a permission decides)."""
    standing = ContractStanding.objects.filter(contract=OuterRef("contract_id"))
    promise = Promise.objects.filter(
        contract=OuterRef("contract_id"), status=PromiseStatus.OPEN, promised_date__lte=as_of
    ).order_by("promised_date")
    tasks = (
        Task.objects.filter(kind=TaskKind.CALL, status=TaskStatus.OPEN, due_on__lte=as_of)
        .select_related("tenant", "contract__unit", "assigned_to")
        .annotate(
            overdue=Coalesce(Subquery(standing.values("overdue_amount")[:1]), Value(Decimal("0"))),
            oldest=Subquery(standing.values("oldest_overdue_date")[:1]),
            promise_date=Subquery(promise.values("promised_date")[:1]),
            promise_sort=Coalesce(
                Subquery(promise.values("promised_date")[:1]), Value(FAR_FUTURE, output_field=DateField())
            ),
        )
        .order_by("-priority", "promise_sort", F("overdue").desc(), F("oldest").asc(nulls_last=True), "pk")
    )
    if only_for is not None:
        tasks = tasks.filter(Q(assigned_to=only_for) | Q(assigned_to__isnull=True))
    rows = [
        CallRow(task, task.overdue, task.oldest, task.promise_date)  # type: ignore[attr-defined]
        for task in tasks[:limit]
    ]
    _attach_contacts(rows)
    if with_circumstances:
        _attach_circumstances(rows, as_of)
    return rows


def _attach_circumstances(rows: list[CallRow], as_of: date) -> None:
    """The circumstances in force of every tenant on the list: one query."""
    tenant_ids = {row.task.tenant_id for row in rows if row.task.tenant_id}
    by_tenant: dict[int, list[Circumstance]] = defaultdict(list)
    for circumstance in (
        Circumstance.objects.filter(tenant_id__in=tenant_ids)
        .filter(circumstance_in_force_q(as_of))
        .select_related("kind")
        .order_by("-starts_on", "-pk")
    ):
        by_tenant[circumstance.tenant_id].append(circumstance)
    for row in rows:
        row.circumstances = by_tenant.get(row.task.tenant_id or 0, [])


def _attach_contacts(rows: list[CallRow]) -> None:
    """The last messages and calls per tenant: two queries for the whole list."""
    tenant_ids = {row.task.tenant_id for row in rows if row.task.tenant_id}
    if not tenant_ids:
        return
    contacts: dict[int, list[Contact]] = defaultdict(list)
    messages = (
        OutgoingMessage.objects.filter(tenant_id__in=tenant_ids, status__in=SENT_STATUSES)
        .order_by("-created_at")
        .values_list("tenant_id", "created_at", "channel", "template_code")[: len(tenant_ids) * 10]
    )
    for tenant_id, created_at, channel, code in messages:
        contacts[tenant_id].append(Contact(timezone.localdate(created_at), f"{channel}: {code}"))
    calls = (
        Task.objects.filter(
            tenant_id__in=tenant_ids, kind=TaskKind.CALL, status=TaskStatus.DONE, completed_at__isnull=False
        )
        .order_by("-completed_at")
        .values_list("tenant_id", "completed_at", "outcome")[: len(tenant_ids) * 5]
    )
    for tenant_id, completed_at, outcome in calls:
        if completed_at is not None:
            contacts[tenant_id].append(Contact(timezone.localdate(completed_at), f"gebeld: {outcome}"))
    for row in rows:
        found = sorted(contacts.get(row.task.tenant_id or 0, []), key=lambda c: c.on, reverse=True)
        row.contacts = found[:CONTACTS_SHOWN]
