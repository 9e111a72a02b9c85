"""What a tenant may see on the portal, always reached from the tenant: their contracts (through
ContractTenant), those contracts' ledger, arrangements, promises and disputes, and the messages sent to them.

A look-up by id (a contract, an entry, a message) goes through the same path, so an id of another tenant's
item simply is not found. The overview is a fixed number of queries however many contracts and entries
the tenant has.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.db import connection
from django.db.models import Prefetch, QuerySet

from vangnet.arrangements.models import (
    Arrangement,
    Installment,
    PaymentClaim,
    PaymentClaimStatus,
    Promise,
    PromiseStatus,
)
from vangnet.arrangements.models import Channel as ArrangementChannel
from vangnet.arrangements.selectors import RUNNING, live_arrangements_q
from vangnet.core import sql
from vangnet.core.channels import ChannelKind
from vangnet.core.models import AuditEntry
from vangnet.disputes.models import Dispute
from vangnet.ledger.allocation import ZERO, Entry, open_amounts
from vangnet.ledger.models import Contract, ContractTenant, EntryKind, InvoiceCategory, LedgerEntry, Unit
from vangnet.messaging.models import MessageStatus, OutgoingMessage
from vangnet.tenants.models import Tenant

SHOWN_MONTHS = 12
RECEIVED = (MessageStatus.SENT, MessageStatus.DELIVERED)
CENT = Decimal("0.01")


@dataclass(frozen=True)
class EntryRow:
    """A ledger entry as the overview shows it (read without building model instances)."""

    pk: int
    contract_id: int
    kind: str
    category: str
    amount: Decimal
    due_date: dt.date
    booking_date: dt.date
    linked_entry_id: int | None
    description: str
    source_id: str

    @property
    def label(self) -> str:
        if self.description:
            return self.description
        return str(InvoiceCategory(self.category).label) if self.category in InvoiceCategory.values else ""


@dataclass(frozen=True)
class ContractRow:
    pk: int
    source_id: str
    start_date: dt.date
    end_date: dt.date | None
    street: str
    house_number: str
    house_number_suffix: str
    city: str
    has_arrangements: bool = False
    has_promises: bool = False
    has_disputes: bool = False
    has_claims: bool = False

    @property
    def address(self) -> str:
        number = self.house_number + (f"-{self.house_number_suffix}" if self.house_number_suffix else "")
        return f"{self.street} {number}, {self.city}"


@dataclass(frozen=True)
class MessageRow:
    pk: int
    channel: str
    subject: str
    sent_at: dt.datetime

    @property
    def channel_display(self) -> str:
        return str(ChannelKind(self.channel).label) if self.channel in ChannelKind.values else self.channel


@dataclass(frozen=True)
class ItemLine:
    entry: EntryRow
    open_amount: Decimal

    def overdue(self, as_of: dt.date) -> bool:
        return self.open_amount > 0 and self.entry.due_date < as_of


@dataclass
class ContractOverview:
    contract: ContractRow
    balance: Decimal = ZERO
    overdue: Decimal = ZERO
    open_items: list[ItemLine] = field(default_factory=list)
    paid_items: list[ItemLine] = field(default_factory=list)
    payments: list[EntryRow] = field(default_factory=list)
    arrangements: list[Arrangement] = field(default_factory=list)
    promises: list[Promise] = field(default_factory=list)
    disputes: list[Dispute] = field(default_factory=list)
    claims: list[PaymentClaim] = field(default_factory=list)

    @property
    def active_arrangement(self) -> Arrangement | None:
        """The running arrangement: agreed (active), or asked for and waiting for a colleague (requested)."""
        return next((a for a in self.arrangements if a.status in RUNNING), None)

    @property
    def open_promise(self) -> Promise | None:
        return next((p for p in self.promises if p.status == PromiseStatus.OPEN), None)


@dataclass
class Overview:
    tenant: Tenant
    as_of: dt.date
    contracts: list[ContractOverview]
    messages: list[MessageRow]

    @property
    def balance(self) -> Decimal:
        return sum((c.balance for c in self.contracts), ZERO)


def tenant_contracts(*, tenant: Tenant) -> QuerySet[Contract]:
    """The tenant's contracts, main or co-tenant, that the ERP still delivers."""
    return (
        Contract.objects.filter(
            corporation_id=tenant.corporation_id,
            parties__tenant=tenant,
            parties__removed_from_source_at__isnull=True,
            removed_from_source_at__isnull=True,
        )
        .select_related("unit")
        .order_by("-start_date", "pk")
    )


def tenant_contract(*, tenant: Tenant, contract_id: int | str) -> Contract | None:
    if not str(contract_id).isdigit():
        return None
    return tenant_contracts(tenant=tenant).filter(pk=int(contract_id)).first()


def tenant_entry(*, tenant: Tenant, entry_id: int | str) -> LedgerEntry | None:
    """An entry on one of the tenant's contracts, with its contract."""
    if not str(entry_id).isdigit():
        return None
    return (
        LedgerEntry.objects.filter(
            corporation_id=tenant.corporation_id,
            pk=int(entry_id),
            contract__in=tenant_contracts(tenant=tenant).values("pk"),
        )
        .select_related("contract")
        .first()
    )


def tenant_messages(*, tenant: Tenant, as_of: dt.date) -> QuerySet[OutgoingMessage]:
    since = as_of - relativedelta(months=SHOWN_MONTHS)
    return OutgoingMessage.objects.filter(
        corporation_id=tenant.corporation_id, tenant=tenant, status__in=RECEIVED, sent_at__date__gte=since
    ).order_by("-sent_at", "-pk")


def tenant_message(*, tenant: Tenant, message_id: int | str, as_of: dt.date) -> OutgoingMessage | None:
    if not str(message_id).isdigit():
        return None
    return tenant_messages(tenant=tenant, as_of=as_of).filter(pk=int(message_id)).first()


def as_date(value) -> dt.date:
    return dt.date.fromisoformat(value) if isinstance(value, str) else value


def _datetime(value) -> dt.datetime:
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def _money(value) -> Decimal:
    # SQLite hands back a decimal column as a float or an int; PostgreSQL as a Decimal.
    return Decimal(str(value)).quantize(CENT)


def _rows(statement: str, params: list) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        return cursor.fetchall()


# The overview is the page every reminder leads to, so its three common reads are plain SQL: building
# these statements through the ORM cost ten times as much as running them (see docs/benchmarks.md).
# Portable SQL, filtered by corporation and tenant explicitly (raw SQL is not scoped by django-scopes).
CONTRACTS_SQL = f"""
SELECT c.id, c.source_id, c.start_date, c.end_date, u.street, u.house_number, u.house_number_suffix, u.city,
  EXISTS (SELECT 1 FROM {sql.table(Arrangement)} a WHERE a.contract_id = c.id AND a.status IN (%s, %s)
          AND (a.removed_from_source_at IS NULL OR a.channel <> %s)),
  EXISTS (SELECT 1 FROM {sql.table(Promise)} p WHERE p.contract_id = c.id AND p.made_on >= %s
          AND p.removed_from_source_at IS NULL),
  EXISTS (SELECT 1 FROM {sql.table(Dispute)} d WHERE d.contract_id = c.id AND d.opened_on >= %s),
  EXISTS (SELECT 1 FROM {sql.table(PaymentClaim)} pc WHERE pc.contract_id = c.id AND pc.status = %s)
FROM {sql.table(ContractTenant)} ct
JOIN {sql.table(Contract)} c ON c.id = ct.contract_id
JOIN {sql.table(Unit)} u ON u.id = c.unit_id
WHERE ct.corporation_id = %s AND c.corporation_id = %s AND ct.tenant_id = %s
  AND ct.removed_from_source_at IS NULL AND c.removed_from_source_at IS NULL
ORDER BY c.start_date DESC, c.id
"""
ENTRIES_SQL = f"""
SELECT id, contract_id, kind, category, amount, due_date, booking_date, linked_entry_id, description, source_id
FROM {sql.table(LedgerEntry)} WHERE corporation_id = %s AND contract_id IN ({{ids}}) ORDER BY due_date, id
"""
MESSAGES_SQL = f"""
SELECT id, channel, subject, sent_at FROM {sql.table(OutgoingMessage)}
WHERE corporation_id = %s AND tenant_id = %s AND status IN (%s, %s) AND sent_at >= %s
ORDER BY sent_at DESC, id DESC LIMIT 20
"""


def overview_contracts(*, tenant: Tenant, since: dt.date) -> list[ContractRow]:
    params = [
        *RUNNING, ArrangementChannel.ERP.value, since, since, PaymentClaimStatus.OPEN.value,
        tenant.corporation_id, tenant.corporation_id, tenant.pk,
    ]  # fmt: skip
    return [
        ContractRow(
            pk, source_id, as_date(start), as_date(end) if end else None, street, number, suffix or "", city,
            bool(arrangements), bool(promises), bool(disputes), bool(claims),
        )
        for pk, source_id, start, end, street, number, suffix, city, arrangements, promises, disputes, claims
        in _rows(CONTRACTS_SQL, params)
    ]  # fmt: skip


def overview_entries(*, tenant: Tenant, contract_ids: list[int]) -> list[EntryRow]:
    if not contract_ids:
        return []
    placeholders = ", ".join(["%s"] * len(contract_ids))
    rows = _rows(ENTRIES_SQL.format(ids=placeholders), [tenant.corporation_id, *contract_ids])
    return [
        EntryRow(
            pk, contract_id, kind, category or "", _money(amount), as_date(due), as_date(booked), linked,
            description or "", source_id,
        )
        for pk, contract_id, kind, category, amount, due, booked, linked, description, source_id in rows
    ]  # fmt: skip


def overview_messages(*, tenant: Tenant, as_of: dt.date) -> list[MessageRow]:
    since = dt.datetime.combine(as_of - relativedelta(months=SHOWN_MONTHS), dt.time(), tzinfo=dt.UTC)
    params = [tenant.corporation_id, tenant.pk, *RECEIVED, since]
    rows = _rows(MESSAGES_SQL, params)
    return [
        MessageRow(pk, channel, subject or "", _datetime(sent_at)) for pk, channel, subject, sent_at in rows
    ]


def entry_lines(entries: list[EntryRow]) -> list[ItemLine]:
    opened = open_amounts(
        [Entry(e.pk, e.kind, e.amount, e.due_date, e.linked_entry_id, e.category) for e in entries]
    )
    return [ItemLine(e, opened[e.pk]) for e in entries if e.pk in opened]


def portal_overview(
    *, tenant: Tenant, as_of: dt.date, contracts: list[ContractRow] | None = None
) -> Overview:
    """Everything the overview page shows: three queries, and one more for each of arrangements (two),
    promises and disputes when the tenant has any (most have none, and the contract query says so).
    `contracts`: the tenant's contracts when the caller has just read them (the overview's cache key)."""
    since = as_of - relativedelta(months=SHOWN_MONTHS)
    if contracts is None:
        contracts = overview_contracts(tenant=tenant, since=since)
    per_contract = {c.pk: ContractOverview(contract=c) for c in contracts}
    entries: dict[int, list[EntryRow]] = defaultdict(list)
    for entry in overview_entries(tenant=tenant, contract_ids=list(per_contract)):
        entries[entry.contract_id].append(entry)
    for contract_id, contract_entries in entries.items():
        view = per_contract[contract_id]
        lines = entry_lines(contract_entries)
        view.balance = sum((e.amount for e in contract_entries), ZERO)
        view.open_items = [line for line in lines if line.open_amount > 0]
        view.overdue = sum((line.open_amount for line in view.open_items if line.overdue(as_of)), ZERO)
        view.paid_items = sorted(
            (line for line in lines if line.open_amount == 0 and line.entry.due_date >= since),
            key=lambda line: line.entry.due_date,
            reverse=True,
        )
        view.payments = sorted(
            (e for e in contract_entries if e.kind == EntryKind.PAYMENT and e.booking_date >= since),
            key=lambda e: e.booking_date,
            reverse=True,
        )
    with_arrangements = [c.pk for c in contracts if c.has_arrangements]
    with_promises = [c.pk for c in contracts if c.has_promises]
    with_disputes = [c.pk for c in contracts if c.has_disputes]
    with_claims = [c.pk for c in contracts if c.has_claims]
    if with_arrangements:
        installments = Prefetch("installments", queryset=Installment.objects.order_by("sequence"))
        for arrangement in (
            Arrangement.objects.filter(
                live_arrangements_q(),
                corporation_id=tenant.corporation_id,
                contract_id__in=with_arrangements,
                status__in=RUNNING,
            )
            .prefetch_related(installments)
            .order_by("-agreed_on", "-pk")
        ):
            per_contract[arrangement.contract_id].arrangements.append(arrangement)
    if with_promises:
        for promise in Promise.objects.filter(
            corporation_id=tenant.corporation_id,
            contract_id__in=with_promises,
            made_on__gte=since,
            removed_from_source_at__isnull=True,
        ).order_by("-made_on", "-pk"):
            per_contract[promise.contract_id].promises.append(promise)
    if with_disputes:
        for dispute in (
            Dispute.objects.filter(
                corporation_id=tenant.corporation_id, contract_id__in=with_disputes, opened_on__gte=since
            )
            .select_related("category")
            .order_by("-opened_on", "-pk")
        ):
            per_contract[dispute.contract_id].disputes.append(dispute)
    if with_claims:
        for claim in PaymentClaim.objects.filter(
            corporation_id=tenant.corporation_id, contract_id__in=with_claims, status=PaymentClaimStatus.OPEN
        ).order_by("-registered_on", "-pk"):
            per_contract[claim.contract_id].claims.append(claim)
    messages = overview_messages(tenant=tenant, as_of=as_of)
    return Overview(tenant=tenant, as_of=as_of, contracts=list(per_contract.values()), messages=messages)


def tenant_portal_timeline(*, tenant: Tenant, limit: int = 50) -> QuerySet[AuditEntry]:
    """The tenant's portal accesses and actions, newest first: for the staff card (one query)."""
    return AuditEntry.objects.filter(
        corporation_id=tenant.corporation_id,
        object_type=Tenant._meta.label_lower,
        object_id=str(tenant.pk),
        action__startswith="portal.",
    ).order_by("-created_at", "-pk")[:limit]
