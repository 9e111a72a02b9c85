"""A tenant's payment is booked once, however many files report it.

The same credit reaches us more than once: a camt.054 notification during the day and the camt.053
statement that night, an MT940 of the same day, or the statement of another of the corporation's accounts.
Their checksums differ (other bank references, other wording), so the checksum alone cannot tell.

- The same end-to-end id (not the banks' NOTPROVIDED), amount and payer: a payer's bank gives each
  transfer its own id, so this is the same payment. It is stored as DUPLICATE beside the first and never
  booked.
- No usable end-to-end id on one of them, but the same amount from the same account within a few days, in
  a file of another format or for another account: it may be the same payment or a second one. A person
  decides: it waits in the unmatched queue with the reason.

Returns of direct debits follow the same idea in `returns.py`.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Q

from vangnet.bank.models import BankStatementImport, BankTransaction, TransactionStatus
from vangnet.bank.services.common import Parsed, is_payment
from vangnet.core.models import Corporation

# A notification and the statement of the same credit are a day or two apart (a weekend in between).
LOOK_ALIKE_WINDOW = timedelta(days=3)
NO_ID = {"", "NOTPROVIDED", "NONREF", "NONE"}


def _usable_id(value: str) -> str:
    return "" if value.strip().upper() in NO_ID else value.strip()


@dataclass(frozen=True)
class _Payment:
    pk: int
    end_to_end_id: str
    counterparty_iban: str
    account_iban: str
    amount: Decimal
    booking_date: date
    format: str
    contract_id: int | None

    def same_as(self, other: "_Payment") -> bool:
        payers_agree = not (self.counterparty_iban and other.counterparty_iban) or (
            self.counterparty_iban == other.counterparty_iban
        )
        return (
            bool(self.end_to_end_id)
            and self.end_to_end_id == other.end_to_end_id
            and self.amount == other.amount
            and payers_agree
        )

    def looks_like(self, other: "_Payment") -> bool:
        if self.end_to_end_id and other.end_to_end_id:
            return False  # two ids that differ: two transfers
        # Within one format of one account a bank reports a credit once; a repeat comes from elsewhere.
        elsewhere = self.format != other.format or self.account_iban != other.account_iban
        return (
            elsewhere
            and bool(self.counterparty_iban)
            and self.counterparty_iban == other.counterparty_iban
            and self.amount == other.amount
            and abs(self.booking_date - other.booking_date) <= LOOK_ALIKE_WINDOW
        )


def payments_set_aside_repeats(
    *, corporation: Corporation, record: BankStatementImport, items: list[Parsed]
) -> int:
    """Marks the payments among these rows that arrived before (DUPLICATE) or may have (UNMATCHED), in
    place, before anything is booked. Returns how many were recognised as already booked. One query."""
    payments = [
        item
        for item in items
        if is_payment(item.transaction)
        and item.row.status in (TransactionStatus.MATCHED, TransactionStatus.UNMATCHED)
    ]
    if not payments:
        return 0
    seen = _Seen(_earlier_payments(corporation, record, [item.row for item in payments]))
    repeats = 0
    for item in payments:
        row = item.row
        this = _of(row, record.format)
        first = next((earlier for earlier in seen.by_id(this) if this.same_as(earlier)), None)
        if first is not None:
            _set_aside(row, TransactionStatus.DUPLICATE, first)
            row.duplicate_of_id = first.pk
            row.match_reason = (
                f"dezelfde betaling als die van {first.booking_date:%d-%m-%Y} (end-to-end-id "
                f"{row.end_to_end_id}); niet nog eens geboekt"
            )[:300]
            repeats += 1
            continue
        alike = next((earlier for earlier in seen.by_payer(this) if this.looks_like(earlier)), None)
        if alike is not None:
            _set_aside(row, TransactionStatus.UNMATCHED, alike)
            row.match_reason = (
                f"lijkt dezelfde betaling als die van {alike.booking_date:%d-%m-%Y} (zelfde rekening en "
                "bedrag, ander bestand); boek hem alleen als het een tweede betaling is"
            )[:300]
        seen.append(this)
    return repeats


class _Seen:
    """The payments seen so far, oldest first, found by (end-to-end id, amount) and by (payer, amount): the
    only payments `same_as` and `looks_like` can accept, so a file's payments are checked in linear time
    instead of each against all before it."""

    def __init__(self, payments: list[_Payment]) -> None:
        self._ids: dict[tuple[str, Decimal], list[_Payment]] = {}
        self._payers: dict[tuple[str, Decimal], list[_Payment]] = {}
        for payment in payments:
            self.append(payment)

    def append(self, payment: _Payment) -> None:
        self._ids.setdefault((payment.end_to_end_id, payment.amount), []).append(payment)
        self._payers.setdefault((payment.counterparty_iban, payment.amount), []).append(payment)

    def by_id(self, payment: _Payment) -> list[_Payment]:
        return self._ids.get((payment.end_to_end_id, payment.amount), [])

    def by_payer(self, payment: _Payment) -> list[_Payment]:
        return self._payers.get((payment.counterparty_iban, payment.amount), [])


def _of(row: BankTransaction, format: str) -> _Payment:
    return _Payment(
        row.pk,
        _usable_id(row.end_to_end_id),
        row.counterparty_iban,
        row.account_iban,
        row.amount,
        row.booking_date,
        format,
        row.matched_contract_id or row.suggested_contract_id,
    )


def _set_aside(row: BankTransaction, status: str, earlier: _Payment) -> None:
    row.status = status
    row.suggested_contract_id = row.matched_contract_id or earlier.contract_id
    row.matched_contract_id = None


def _earlier_payments(
    corporation: Corporation, record: BankStatementImport, rows: list[BankTransaction]
) -> list[_Payment]:
    """Credits from earlier files (any account) that could be one of these again, oldest first."""
    e2e_ids = {_usable_id(row.end_to_end_id) for row in rows} - {""}
    ibans = {row.counterparty_iban for row in rows if row.counterparty_iban}
    first_day = min(row.booking_date for row in rows) - timedelta(days=31)
    last_day = max(row.booking_date for row in rows) + timedelta(days=31)
    earlier = (
        BankTransaction.objects.filter(
            corporation=corporation,
            amount__gt=0,
            is_reversal=False,
            amount__in={row.amount for row in rows},
            booking_date__range=(first_day, last_day),
        )
        .exclude(statement_import=record)
        .exclude(status__in=[TransactionStatus.IGNORED, TransactionStatus.DUPLICATE])
        .filter(Q(end_to_end_id__in=e2e_ids) | Q(counterparty_iban__in=ibans))
        .select_related("statement_import")
        .order_by("booking_date", "id")
    )
    return [_of(row, row.statement_import.format) for row in earlier]
