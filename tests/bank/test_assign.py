"""bank_transaction_assign: a colleague books an unmatched transaction on the contract they chose."""

from datetime import date
from decimal import Decimal

import pytest

from tests.factories import (
    ContractFactory,
    CorporationFactory,
    UserFactory,
)
from tests.world import build_world
from vangnet.bank.models import BankTransaction, TransactionStatus
from vangnet.bank.services import bank_statement_import, bank_transaction_assign
from vangnet.core.errors import ApplicationError
from vangnet.core.models import AuditEntry
from vangnet.ledger.models import ContractStanding, EntryKind, LedgerEntry

from .builders import camt053
from .test_import_bank import MARCH_RENT

pytestmark = pytest.mark.django_db

OWN_IBAN = "NL91ABNA0417164300"
UNKNOWN = """      <Ntry>
        <Amt Ccy="EUR">300.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts>
        <BookgDt><Dt>2026-03-02</Dt></BookgDt><ValDt><Dt>2026-03-02</Dt></ValDt>
        <NtryDtls><TxDtls>
          <AmtDtls><TxAmt><Amt Ccy="EUR">300.00</Amt></TxAmt></AmtDtls>
          <RltdPties><Dbtr><Nm>Iemand Anders</Nm></Dbtr>
            <DbtrAcct><Id><IBAN>NL69INGB0123456789</IBAN></Id></DbtrAcct></RltdPties>
          <RmtInf><Ustrd>huur</Ustrd></RmtInf>
        </TxDtls></NtryDtls>
      </Ntry>"""


@pytest.fixture
def setup():
    world = build_world("Ymere", "ymere", iban=OWN_IBAN)
    corporation, contract = world.corporation, world.add_household(arrears=MARCH_RENT).contract
    bank_statement_import(corporation=corporation, data=camt053(UNKNOWN), file_name="a.xml", actor="test")
    transaction = BankTransaction.objects.get(corporation=corporation)
    assert transaction.status == TransactionStatus.UNMATCHED
    return corporation, contract, transaction, UserFactory(username="petra")


def test_assign_books_the_payment_like_a_matched_one(setup):
    _corporation, contract, transaction, user = setup
    before = ContractStanding.objects.get(contract=contract).balance

    bank_transaction_assign(transaction=transaction, contract=contract, actor=user)

    transaction.refresh_from_db()
    assert transaction.status == TransactionStatus.MATCHED
    assert transaction.matched_contract == contract
    assert transaction.match_rule == "manual"
    assert transaction.confidence == Decimal("1.00")
    assert "petra" in transaction.match_reason
    entry = transaction.ledger_entry
    assert entry.kind == EntryKind.PAYMENT
    assert entry.amount == Decimal("-300.00")
    assert entry.booking_date == date(2026, 3, 2)
    assert entry.source_id == f"bank-{transaction.checksum[:20]}"
    assert entry.description == "Bank: Iemand Anders"
    assert ContractStanding.objects.get(contract=contract).balance == before - Decimal("300.00")
    audit = AuditEntry.objects.get(action="bank_transaction.assigned")
    assert audit.actor == user
    assert audit.object_id == str(transaction.pk)


def test_an_assigned_or_ignored_transaction_is_refused(setup):
    _corporation, contract, transaction, user = setup
    bank_transaction_assign(transaction=transaction, contract=contract, actor=user)
    with pytest.raises(ApplicationError, match="al gekoppeld"):
        bank_transaction_assign(transaction=transaction, contract=contract, actor=user)
    assert LedgerEntry.objects.filter(source_id__startswith="bank-").count() == 1

    BankTransaction.objects.filter(pk=transaction.pk).update(status=TransactionStatus.IGNORED)
    with pytest.raises(ApplicationError, match="geen huurbetaling"):
        bank_transaction_assign(transaction=transaction, contract=contract, actor=user)


def test_a_stale_copy_is_refused_too(setup):
    """Two colleagues opened the same payment: the second, holding an old copy, books nothing."""
    _corporation, contract, transaction, user = setup
    stale = BankTransaction.objects.get(pk=transaction.pk)
    bank_transaction_assign(transaction=transaction, contract=contract, actor=user)
    with pytest.raises(ApplicationError, match="Deze betaling is al gekoppeld en geboekt"):
        bank_transaction_assign(transaction=stale, contract=contract, actor=user)
    assert LedgerEntry.objects.filter(source_id__startswith="bank-").count() == 1


def test_a_contract_of_another_corporation_is_refused(setup):
    _corporation, _contract, transaction, user = setup
    other = ContractFactory(corporation=CorporationFactory(slug="ander"))
    with pytest.raises(ApplicationError, match="Dit contract hoort niet bij deze corporatie"):
        bank_transaction_assign(transaction=transaction, contract=other, actor=user)
    transaction.refresh_from_db()
    assert transaction.status == TransactionStatus.UNMATCHED
