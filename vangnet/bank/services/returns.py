"""Returned direct debits: each is booked once, and linked to the collection it undoes.

The same return can reach us more than once: a camt.054 notification during the day and the camt.053
statement that night, an MT940 of the same day, or the statement of another of the corporation's accounts.
Their checksums differ (other bank references, other wording), so the checksum alone cannot tell.

- The same end-to-end id: a collection can be returned only once, so this is the same return. It is
  stored as DUPLICATE beside the first one and never booked.
- No end-to-end id on one of them, but the same amount from the same mandate or account within a week:
  it may be the same return or a second one. A person decides: it waits in the unmatched queue.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Q

from vangnet.bank.models import BankStatementImport, BankTransaction, TransactionStatus
from vangnet.bank.services.bookings import return_entry
from vangnet.bank.services.common import Parsed, is_return
from vangnet.core.models import Corporation
from vangnet.ledger.models import LedgerEntry

# A notification and the statement of the same return are a day or two apart; a return of next month's
# collection of the same amount is weeks later.
LOOK_ALIKE_WINDOW = timedelta(days=7)


@dataclass(frozen=True)
class _Return:
    pk: int
    end_to_end_id: str
    mandate_id: str
    counterparty_iban: str
    amount: Decimal
    booking_date: date
    contract_id: int | None

    @classmethod
    def of(cls, row: BankTransaction) -> "_Return":
        return cls(
            row.pk,
            row.end_to_end_id,
            row.mandate_id,
            row.counterparty_iban,
            row.amount,
            row.booking_date,
            row.matched_contract_id or row.suggested_contract_id,
        )

    def same_as(self, other: "_Return") -> bool:
        return bool(self.end_to_end_id) and self.end_to_end_id == other.end_to_end_id

    def looks_like(self, other: "_Return") -> bool:
        if self.end_to_end_id and other.end_to_end_id:
            return False  # two ids that differ: two collections
        same_payer = (self.mandate_id and self.mandate_id == other.mandate_id) or (
            self.counterparty_iban and self.counterparty_iban == other.counterparty_iban
        )
        return (
            bool(same_payer)
            and self.amount == other.amount
            and abs(self.booking_date - other.booking_date) <= LOOK_ALIKE_WINDOW
        )


def returns_set_aside_repeats(
    *, corporation: Corporation, record: BankStatementImport, items: list[Parsed]
) -> None:
    """Marks the returns among these rows that arrived before (DUPLICATE) or may have (UNMATCHED), in place."""
    returns = [
        item
        for item in items
        if is_return(item.transaction)
        and item.row.status in (TransactionStatus.MATCHED, TransactionStatus.UNMATCHED)
    ]
    if not returns:
        return
    seen = _earlier_returns(corporation, record, [item.row for item in returns])
    for item in returns:
        row = item.row
        this = _Return.of(row)
        first = next((earlier for earlier in seen if this.same_as(earlier)), None)
        if first is not None:
            _set_aside(row, TransactionStatus.DUPLICATE, first)
            row.duplicate_of_id = first.pk
            row.match_reason = (
                f"dezelfde storno als die van {first.booking_date:%d-%m-%Y} (end-to-end-id "
                f"{row.end_to_end_id}); niet nog eens geboekt"
            )[:300]
            continue
        alike = next((earlier for earlier in seen if this.looks_like(earlier)), None)
        if alike is not None:
            _set_aside(row, TransactionStatus.UNMATCHED, alike)
            row.match_reason = (
                f"lijkt dezelfde storno als die van {alike.booking_date:%d-%m-%Y}; boek hem alleen als het "
                "een tweede storno is"
            )[:300]
        seen.append(this)


def _set_aside(row: BankTransaction, status: str, earlier: _Return) -> None:
    row.status = status
    row.suggested_contract_id = row.matched_contract_id or earlier.contract_id
    row.matched_contract_id = None


def _earlier_returns(
    corporation: Corporation, record: BankStatementImport, rows: list[BankTransaction]
) -> list[_Return]:
    """Returns from earlier files (any account) that could be one of these again, oldest first; one query."""
    e2e_ids = {row.end_to_end_id for row in rows if row.end_to_end_id}
    mandates = {row.mandate_id for row in rows if row.mandate_id}
    ibans = {row.counterparty_iban for row in rows if row.counterparty_iban}
    earlier = (
        BankTransaction.objects.filter(corporation=corporation, amount__lt=0)
        .exclude(statement_import=record)
        .filter(status__in=[TransactionStatus.MATCHED, TransactionStatus.UNMATCHED])
        .filter(Q(is_reversal=True) | ~Q(return_reason=""))
        .filter(Q(end_to_end_id__in=e2e_ids) | Q(mandate_id__in=mandates) | Q(counterparty_iban__in=ibans))
        .order_by("booking_date", "id")
    )
    return [_Return.of(row) for row in earlier]


def returns_book(
    *,
    corporation: Corporation,
    items: list[Parsed],
    payments_by_e2e: dict[str, int],
    payments_by_mandate: dict[str, list[tuple[int, Decimal]]],
) -> list[tuple[Parsed, LedgerEntry]]:
    """Books each matched return, linked to the payment entry of the collection it undoes where known."""
    returns: list[tuple[Parsed, LedgerEntry]] = []
    for item in items:
        if item.row.status == TransactionStatus.MATCHED and is_return(item.transaction):
            linked = payments_by_e2e.get(item.row.end_to_end_id) if item.row.end_to_end_id else None
            if linked is None and item.row.mandate_id:
                # Without the end-to-end id, the latest collection of this amount on the mandate.
                same_amount = [
                    pk
                    for pk, amount in payments_by_mandate[item.row.mandate_id]
                    if amount == -item.row.amount
                ]
                linked = same_amount[-1] if same_amount else None
            returns.append((item, return_entry(corporation, item, linked)))
    LedgerEntry.objects.bulk_create([entry for _, entry in returns])
    for item, entry in returns:
        item.row.ledger_entry = entry
    return returns
