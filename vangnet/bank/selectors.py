"""Reads of the bank app: the statements imported, the queue of payments nobody could place, and the one
transaction or contract a colleague works on. Scoped: another corporation's rows do not exist here."""

from django.db.models import QuerySet

from vangnet.bank.models import BankStatementImport, BankTransaction, TransactionStatus
from vangnet.ledger.models import Contract


def bank_statement_import_list() -> QuerySet[BankStatementImport]:
    return BankStatementImport.objects.order_by("-created_at", "-pk")


def bank_statement_import_get(*, pk: int) -> BankStatementImport:
    """Raises BankStatementImport.DoesNotExist for another corporation's import: the scope hides it."""
    return BankStatementImport.objects.get(pk=pk)


def unmatched_transactions() -> QuerySet[BankTransaction]:
    """The queue of payments nobody could place, oldest first."""
    return (
        BankTransaction.objects.filter(status=TransactionStatus.UNMATCHED)
        .select_related("suggested_contract")
        .prefetch_related("suggested_contract__tenants")
        .order_by("booking_date", "pk")
    )


def bank_transaction_get(*, pk: int) -> BankTransaction:
    """Raises BankTransaction.DoesNotExist for another corporation's transaction: the scope hides it."""
    return BankTransaction.objects.select_related("suggested_contract", "matched_contract").get(pk=pk)


def assignable_contract_get(*, pk: int) -> Contract:
    """A contract a payment may be booked on; raises Contract.DoesNotExist outside the scope."""
    return Contract.objects.select_related("unit").get(pk=pk)
