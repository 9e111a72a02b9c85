"""Reads of the ledger that need more than a filter: statements with open items, balances."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import OuterRef, QuerySet, Subquery

from vangnet.ledger.allocation import ZERO, Entry, open_amounts
from vangnet.ledger.models import Contract, ContractTenant, EntryKind, LedgerEntry
from vangnet.tenants.models import Tenant


@dataclass(frozen=True)
class StatementLine:
    entry: LedgerEntry
    open_amount: Decimal
    days_overdue: int
    status: str  # open | partly_paid | paid | not_due | credit


@dataclass(frozen=True)
class Statement:
    contract: Contract
    as_of: date
    lines: list[StatementLine] = field(default_factory=list)
    balance: Decimal = ZERO
    overdue_amount: Decimal = ZERO
    unallocated_credit: Decimal = ZERO

    @property
    def open_lines(self) -> list[StatementLine]:
        return [line for line in self.lines if line.open_amount > 0]


def contract_statement(*, contract: Contract, as_of: date) -> Statement:
    """Every entry of the contract, newest first, with what is still open on each item. One query."""
    entries = list(LedgerEntry.objects.filter(contract=contract).order_by("-booking_date", "-id"))
    opened = open_amounts(
        [Entry(e.pk, e.kind, e.amount, e.due_date, e.linked_entry_id, e.category) for e in entries]
    )
    lines = []
    for e in entries:
        open_amount = opened.get(e.pk)
        if open_amount is None:
            # A payment, correction or write-off is booked; a storno undoes a payment (it is not a credit).
            lines.append(StatementLine(e, ZERO, 0, "reversed" if e.kind == EntryKind.REVERSAL else "booked"))
            continue
        overdue = max((as_of - e.due_date).days, 0) if open_amount > 0 else 0
        if open_amount == 0:
            status = "paid"
        elif e.due_date >= as_of:
            status = "not_due"
        else:
            status = "open" if open_amount == e.amount else "partly_paid"
        lines.append(StatementLine(e, open_amount, overdue, status))
    balance = sum((e.amount for e in entries), ZERO)
    overdue_amount = sum((line.open_amount for line in lines if line.days_overdue > 0), ZERO)
    open_total = sum(opened.values(), ZERO)
    return Statement(
        contract=contract,
        as_of=as_of,
        lines=lines,
        balance=balance,
        overdue_amount=overdue_amount,
        unallocated_credit=max(open_total - balance, ZERO),
    )


def _main_first(parties: QuerySet[ContractTenant]) -> QuerySet[ContractTenant]:
    """A contract's current parties, the main tenant first (a co-tenant when there is no main tenant)."""
    # "main" sorts after "co": descending puts the main tenant first.
    return parties.filter(removed_from_source_at__isnull=True).order_by("-role", "pk")


def contract_main_tenant(*, contract: Contract) -> Tenant | None:
    """The tenant a contract's notices go to and its card opens on."""
    party = _main_first(ContractTenant.objects.filter(contract=contract)).select_related("tenant").first()
    return party.tenant if party else None


def main_party_subquery(contract_ref: str = "contract_id", field: str = "tenant_id") -> Subquery:
    """A Subquery for annotating rows with a field of their contract's main tenant: one query for a whole
    list instead of one per row."""
    parties = _main_first(ContractTenant.objects.filter(contract_id=OuterRef(contract_ref)))
    return Subquery(parties.values(field)[:1])
