"""What the import and a colleague's manual booking share: a stored row beside its parsed transaction,
and which transactions are tenant money at all."""

from dataclasses import dataclass

from vangnet.bank.models import BankTransaction
from vangnet.bank.parsers import Transaction


@dataclass(frozen=True)
class Parsed:
    """A stored row next to the parsed transaction it came from (matching works on the latter)."""

    row: BankTransaction
    transaction: Transaction


def is_payment(item: Transaction) -> bool:
    return item.currency == "EUR" and item.amount > 0 and not item.is_reversal


def is_return(item: Transaction) -> bool:
    """Money going back: a returned or refunded collection, or a reversed credit."""
    return item.currency == "EUR" and item.amount < 0 and (item.is_reversal or bool(item.return_reason))


def transaction_of(row: BankTransaction) -> Transaction:
    """The stored row as the parser's Transaction, so a manual booking goes through the same helpers."""
    return Transaction(
        bank_reference=row.bank_reference or None,
        booking_date=row.booking_date,
        value_date=row.value_date,
        amount=row.amount,
        currency=row.currency,
        counterparty_name=row.counterparty_name or None,
        counterparty_iban=row.counterparty_iban or None,
        counterparty_bic=None,
        remittance_text=row.remittance_text or None,
        structured_reference=row.structured_reference or None,
        end_to_end_id=row.end_to_end_id or None,
        mandate_id=row.mandate_id or None,
        return_reason=row.return_reason or None,
        is_reversal=row.is_reversal,
        bank_transaction_code=None,
        batch_reference=None,
    )
