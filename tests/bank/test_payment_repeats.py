"""A tenant's payment is booked once, however many files report it: the camt.054 notification during the
day, then the camt.053 statement that night (or an MT940, or the statement of another account)."""

from decimal import Decimal

import pytest

from tests.factories import ContractFactory, ContractTenantFactory, CorporationFactory, UserFactory
from vangnet.bank.models import BankTransaction
from vangnet.bank.services import bank_account_add, bank_statement_import, bank_transaction_assign
from vangnet.core.errors import ApplicationError
from vangnet.ledger.models import EntryKind, LedgerEntry
from vangnet.tasks.models import Task

from .builders import camt053
from .test_import_bank import OWN_IBAN, entry
from .test_parsers import sample_bytes
from .test_returns import SECOND_IBAN, camt054

pytestmark = pytest.mark.django_db

SAMPLE_ACCOUNT = "NL77ABNA0574908765"  # the account of the public camt.054 sample
SAMPLE_PAYER = "NL46ABNA0499998748"


def statement_of(notification: bytes) -> bytes:
    """The night's camt.053 for the sample's notification: the same credit with the statement's own
    entry reference and wording, as a bank reports it a second time."""
    text = notification.decode()
    for old, new in (
        ("camt.054.001.04", "camt.053.001.04"),
        ("BkToCstmrDbtCdtNtfctn", "BkToCstmrStmt"),
        ("<Ntfctn>", "<Stmt>"),
        ("</Ntfctn>", "</Stmt>"),
        ("<NtryRef>NL0000000000000000000</NtryRef>", ""),
        ("<AcctSvcrRef>98888208N8</AcctSvcrRef>", "<AcctSvcrRef>STMT-2022-01-26-0001</AcctSvcrRef>"),
        ("Additional entry info", "SEPA OVERBOEKING"),
    ):
        assert old in text
        text = text.replace(old, new)
    return text.encode()


def run(corporation, data: bytes, name: str):
    record = bank_statement_import(corporation=corporation, data=data, file_name=name, actor="test")
    assert record.status == "applied", record.errors
    return record


def payments(contract) -> list[LedgerEntry]:
    return list(LedgerEntry.objects.filter(contract=contract, kind=EntryKind.PAYMENT))


@pytest.fixture
def corporation():
    corporation = CorporationFactory(slug="ymere", name="Ymere", iban=OWN_IBAN)
    bank_account_add(corporation=corporation, account=SECOND_IBAN, name="Huur ING", actor="test")
    bank_account_add(corporation=corporation, account=SAMPLE_ACCOUNT, name="Huur ABN AMRO", actor="test")
    return corporation


@pytest.fixture
def payer(corporation):
    contract = ContractFactory(corporation=corporation, debit_iban=SAMPLE_PAYER)
    ContractTenantFactory(corporation=corporation, contract=contract)
    return contract


def test_the_real_notification_then_its_statement_books_the_payment_once(corporation, payer):
    notification = sample_bytes("oca_test-camt054.xml")
    first = run(corporation, notification, "oca_test-camt054.xml")
    assert (first.format, first.counts["payments_booked"]) == ("camt.054", 1)
    second = run(corporation, statement_of(notification), "afschrift-2022-01-26.xml")
    assert second.counts["transactions_new"] == 1
    assert (second.counts["payments_booked"], second.counts["payments_already_booked"]) == (0, 1)
    assert second.counts["reversals_already_booked"] == 0
    assert [entry.amount for entry in payments(payer)] == [Decimal("-5.00")]
    again = BankTransaction.objects.get(statement_import=second)
    original = BankTransaction.objects.get(statement_import=first)
    assert (again.status, again.duplicate_of, again.ledger_entry) == ("duplicate", original, None)
    assert again.match_reason == (
        "dezelfde betaling als die van 26-01-2022 (end-to-end-id ENDTOENDID-01); niet nog eens geboekt"
    )
    with pytest.raises(ApplicationError, match="eerder al binnengekomen en geboekt"):
        bank_transaction_assign(transaction=again, contract=payer, actor=UserFactory())
    assert len(payments(payer)) == 1


def credit(*, e2e: str = "", booked: str = "2026-03-05") -> str:
    return entry("412.75", name="F. El Amrani", iban=SAMPLE_PAYER, e2e=e2e, text="huur maart", booked=booked)


def test_the_same_id_on_another_account_is_the_same_payment(corporation, payer):
    run(corporation, camt054(credit(e2e="E2E-HUUR-03"), account=SECOND_IBAN), "melding.xml")
    record = run(corporation, camt053(credit(e2e="E2E-HUUR-03"), account=OWN_IBAN), "abn.xml")
    assert record.counts["payments_already_booked"] == 1
    assert len(payments(payer)) == 1


def test_without_an_id_a_look_alike_from_another_format_waits_for_a_colleague(corporation, payer):
    run(corporation, camt054(credit(), account=SECOND_IBAN), "melding.xml")
    record = run(corporation, camt053(credit(booked="2026-03-06"), account=SECOND_IBAN), "afschrift.xml")
    assert (record.counts["payments_booked"], record.counts["unmatched"]) == (0, 1)
    waiting = BankTransaction.objects.get(statement_import=record)
    assert (waiting.status, waiting.suggested_contract) == ("unmatched", payer)
    assert waiting.match_reason.startswith("lijkt dezelfde betaling als die van 05-03-2026")
    assert Task.objects.filter(corporation=corporation).exists()
    assert len(payments(payer)) == 1


def test_two_real_payments_of_the_same_amount_in_daily_statements_are_both_booked(corporation, payer):
    run(corporation, camt053(credit(), account=SECOND_IBAN), "dag-1.xml")
    record = run(corporation, camt053(credit(booked="2026-03-06"), account=SECOND_IBAN), "dag-2.xml")
    assert (record.counts["payments_booked"], record.counts["payments_already_booked"]) == (1, 0)
    assert len(payments(payer)) == 2


def test_different_ids_are_two_payments_whatever_the_files(corporation, payer):
    run(corporation, camt054(credit(e2e="E2E-A"), account=SECOND_IBAN), "melding.xml")
    record = run(corporation, camt053(credit(e2e="E2E-B"), account=SECOND_IBAN), "afschrift.xml")
    assert record.counts["payments_booked"] == 1
    assert len(payments(payer)) == 2
