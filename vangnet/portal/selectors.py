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
from django.db.models import Prefetch, QuerySet

from vangnet.arrangements.models import Arrangement, ArrangementStatus, Installment, Promise, PromiseStatus
from vangnet.disputes.models import Dispute
from vangnet.ledger.allocation import ZERO, Entry, open_amounts
from vangnet.ledger.models import Contract, EntryKind, LedgerEntry
from vangnet.messaging.models import MessageStatus, OutgoingMessage
from vangnet.tenants.models import Tenant

SHOWN_MONTHS = 12
RECEIVED = (MessageStatus.SENT, MessageStatus.DELIVERED)
MESSAGES_SHOWN = 20


@dataclass(frozen=True)
class ItemLine:
    entry: LedgerEntry
    open_amount: Decimal

    @property
    def due(self) -> bool:
        return self.open_amount > 0

    def overdue(self, as_of: dt.date) -> bool:
        return self.open_amount > 0 and self.entry.due_date < as_of


@dataclass
class ContractOverview:
    contract: Contract
    balance: Decimal = ZERO
    overdue: Decimal = ZERO
    open_items: list[ItemLine] = field(default_factory=list)
    paid_items: list[ItemLine] = field(default_factory=list)
    payments: list[LedgerEntry] = field(default_factory=list)
    arrangements: list[Arrangement] = field(default_factory=list)
    promises: list[Promise] = field(default_factory=list)
    disputes: list[Dispute] = field(default_factory=list)

    @property
    def active_arrangement(self) -> Arrangement | None:
        return next((a for a in self.arrangements if a.status == ArrangementStatus.ACTIVE), None)

    @property
    def open_promise(self) -> Promise | None:
        return next((p for p in self.promises if p.status == PromiseStatus.OPEN), None)


@dataclass
class Overview:
    tenant: Tenant
    as_of: dt.date
    contracts: list[ContractOverview]
    messages: list[OutgoingMessage]

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


def entry_lines(entries: list[LedgerEntry]) -> tuple[list[ItemLine], dict[int, Decimal]]:
    opened = open_amounts(
        [Entry(e.pk, e.kind, e.amount, e.due_date, e.linked_entry_id, e.category) for e in entries]
    )
    return [ItemLine(e, opened[e.pk]) for e in entries if e.pk in opened], opened


def portal_overview(*, tenant: Tenant, as_of: dt.date) -> Overview:
    """Everything the overview page shows, in seven queries."""
    contracts = list(tenant_contracts(tenant=tenant))
    ids = [c.pk for c in contracts]
    since = as_of - relativedelta(months=SHOWN_MONTHS)
    per_contract = {c.pk: ContractOverview(contract=c) for c in contracts}
    entries: dict[int, list[LedgerEntry]] = defaultdict(list)
    for entry in (
        LedgerEntry.objects.filter(corporation_id=tenant.corporation_id, contract_id__in=ids)
        .only("pk", "contract_id", "kind", "category", "amount", "due_date", "booking_date", "linked_entry_id",
              "description", "source_id")
        .order_by("due_date", "pk")
    ):
        entries[entry.contract_id].append(entry)
    for contract_id, contract_entries in entries.items():
        view = per_contract[contract_id]
        lines, _ = entry_lines(contract_entries)
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
    installments = Prefetch("installments", queryset=Installment.objects.order_by("sequence"))
    for arrangement in (
        Arrangement.objects.filter(corporation_id=tenant.corporation_id, contract_id__in=ids)
        .exclude(status=ArrangementStatus.CANCELLED)
        .prefetch_related(installments)
        .order_by("-agreed_on", "-pk")
    ):
        per_contract[arrangement.contract_id].arrangements.append(arrangement)
    for promise in Promise.objects.filter(
        corporation_id=tenant.corporation_id, contract_id__in=ids, made_on__gte=since
    ).order_by("-made_on", "-pk"):
        per_contract[promise.contract_id].promises.append(promise)
    for dispute in (
        Dispute.objects.filter(corporation_id=tenant.corporation_id, contract_id__in=ids, opened_on__gte=since)
        .select_related("category")
        .order_by("-opened_on", "-pk")
    ):
        per_contract[dispute.contract_id].disputes.append(dispute)
    messages = list(
        tenant_messages(tenant=tenant, as_of=as_of).only(
            "pk", "channel", "subject", "sent_at", "template_code", "recipient"
        )[:MESSAGES_SHOWN]
    )
    return Overview(tenant=tenant, as_of=as_of, contracts=list(per_contract.values()), messages=messages)
