"""A direct debit is returned at most once, whatever file, format or account the return arrives in again;
and a return finds its collection across the corporation's accounts, also through an earlier pain.008."""

from datetime import date
from decimal import Decimal

import pytest

from tests.factories import (
    CorporationFactory,
    UserFactory,
)
from tests.world import build_world, household
from vangnet.bank.models import BankTransaction
from vangnet.bank.services import bank_account_add, bank_statement_import, bank_transaction_assign
from vangnet.core.errors import ApplicationError
from vangnet.ledger.models import EntryKind, LedgerEntry, PaymentMethod
from vangnet.payments.models import DirectDebitExport
from vangnet.tasks.models import Task

from .builders import camt053
from .test_import_bank import MARCH_RENT, OWN_IBAN, entry

pytestmark = pytest.mark.django_db

SECOND_IBAN = "NL20INGB0001234567"
CAMT054 = "urn:iso:std:iso:20022:tech:xsd:camt.054.001.02"


def camt054(entries: str, *, account: str = OWN_IBAN) -> bytes:
    """A debit/credit notification, as a bank sends it during the day before the statement."""
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="{CAMT054}">
  <BkToCstmrDbtCdtNtfctn>
    <GrpHdr><MsgId>N1</MsgId><CreDtTm>2026-03-05T09:00:00</CreDtTm></GrpHdr>
    <Ntfctn>
      <Id>NOTIF-1</Id>
      <CreDtTm>2026-03-05T09:00:00+01:00</CreDtTm>
      <Acct><Id><IBAN>{account}</IBAN></Id><Ccy>EUR</Ccy></Acct>
{entries}
    </Ntfctn>
  </BkToCstmrDbtCdtNtfctn>
</Document>
""".encode()


@pytest.fixture
def corporation():
    corporation = build_world("Ymere", "ymere", iban=OWN_IBAN).corporation
    bank_account_add(corporation=corporation, account=SECOND_IBAN, name="Incasso ING", actor="test")
    return corporation


@pytest.fixture
def by_debit(corporation):
    return household(
        corporation,
        arrears=MARCH_RENT,
        payment_method=PaymentMethod.DIRECT_DEBIT,
        mandate_id="MANDATE-3",
        debit_iban="NL44RABO0123456789",
    ).contract


def run(corporation, data: bytes, name: str):
    record = bank_statement_import(corporation=corporation, data=data, file_name=name, actor="test")
    assert record.status == "applied", record.errors
    return record


def returned(text: str, *, e2e: str = "E2E-3", mandate: str = "MANDATE-3", booked: str = "2026-03-05") -> str:
    return entry(
        "695.50",
        "DBIT",
        name="Tenant",
        iban="NL44RABO0123456789",
        e2e=e2e,
        mandate=mandate,
        return_reason="AM04",
        text=text,
        booked=booked,
    )


def collect(corporation, e2e: str = "E2E-3", booked: str = "2026-03-02") -> None:
    run(
        corporation,
        camt053(
            entry(
                "695.50",
                name="Tenant",
                iban="NL44RABO0123456789",
                e2e=e2e,
                mandate="MANDATE-3",
                booked=booked,
            ),
            account=SECOND_IBAN,
        ),
        f"incasso-{e2e}.xml",
    )


def reversals(contract) -> list[LedgerEntry]:
    return list(LedgerEntry.objects.filter(contract=contract, kind=EntryKind.REVERSAL))


def test_a_notification_then_the_statement_books_the_return_once(corporation, by_debit):
    collect(corporation)
    first = run(corporation, camt054(returned("Storno incasso AM04"), account=SECOND_IBAN), "melding.xml")
    assert first.counts["reversals_booked"] == 1
    second = run(
        corporation, camt053(returned("TERUGBOEKING SEPA INCASSO"), account=SECOND_IBAN), "afschrift.xml"
    )
    assert second.counts["transactions_new"] == 1
    assert second.counts["reversals_booked"] == 0
    assert second.counts["reversals_already_booked"] == 1
    assert len(reversals(by_debit)) == 1
    again = BankTransaction.objects.get(statement_import=second)
    original = BankTransaction.objects.get(statement_import=first)
    assert (again.status, again.duplicate_of, again.ledger_entry) == ("duplicate", original, None)
    assert "dezelfde storno" in again.match_reason
    with pytest.raises(ApplicationError, match="eerder al binnengekomen en geboekt"):
        bank_transaction_assign(transaction=again, contract=by_debit, actor=UserFactory())
    assert len(reversals(by_debit)) == 1


def test_the_same_return_on_another_account_is_recognised_too(corporation, by_debit):
    collect(corporation)
    run(corporation, camt053(returned("storno"), account=SECOND_IBAN), "ing.xml")
    record = run(corporation, camt053(returned("storno"), account=OWN_IBAN), "abn.xml")
    assert record.counts["reversals_already_booked"] == 1
    assert len(reversals(by_debit)) == 1


def test_a_return_repeated_within_one_file_is_booked_once(corporation, by_debit):
    collect(corporation)
    record = run(
        corporation,
        camt053(returned("storno") + returned("storno AM04 herhaald"), account=SECOND_IBAN),
        "x.xml",
    )
    assert (record.counts["reversals_booked"], record.counts["reversals_already_booked"]) == (1, 1)
    assert len(reversals(by_debit)) == 1


def test_a_look_alike_without_end_to_end_id_waits_for_a_colleague(corporation, by_debit):
    collect(corporation)
    run(corporation, camt053(returned("storno"), account=SECOND_IBAN), "ing.xml")
    record = run(
        corporation, camt053(returned("storno", e2e="", booked="2026-03-06"), account=OWN_IBAN), "abn.940.xml"
    )
    assert record.counts["reversals_booked"] == 0 and record.counts["unmatched"] == 1
    waiting = BankTransaction.objects.get(statement_import=record)
    assert waiting.status == "unmatched" and waiting.ledger_entry is None
    assert waiting.suggested_contract == by_debit
    assert "lijkt dezelfde storno als die van 05-03-2026" in waiting.match_reason
    assert Task.objects.filter(source_key=f"bank-unmatched:{record.pk}").exists()
    assert len(reversals(by_debit)) == 1


def test_returns_of_two_collections_are_both_booked(corporation, by_debit):
    collect(corporation, "E2E-3")
    collect(corporation, "E2E-4", booked="2026-04-02")
    run(corporation, camt053(returned("storno maart"), account=SECOND_IBAN), "maart.xml")
    record = run(
        corporation,
        camt053(returned("storno april", e2e="E2E-4", booked="2026-04-05"), account=SECOND_IBAN),
        "april.xml",
    )
    assert record.counts["reversals_booked"] == 1
    assert len(reversals(by_debit)) == 2


def test_a_return_finds_a_collection_exported_from_another_account(corporation, by_debit):
    # An arrangement collected with its own mandate from another IBAN, exported in an earlier pain.008
    # (from the main account); the bank credited the batch as one sum, so no statement line names it.
    export = DirectDebitExport.objects.create(
        corporation=corporation,
        collection_date=date(2026, 3, 2),
        count=1,
        total=Decimal("120.00"),
        message_id="M1",
        fingerprint="f" * 64,
        file_hash="h" * 64,
        items=[
            {
                "contract_id": by_debit.pk,
                "mandate_id": "ARR-7",
                "iban": "NL02ABNA0123456789",
                "amount": "120.00",
            }
        ],
    )
    returned_instalment = entry(
        "120.00",
        "DBIT",
        name="Tenant",
        iban="NL02ABNA0123456789",
        e2e=f"VNG{export.pk}-{by_debit.pk}",
        mandate="ARR-7",
        return_reason="MS03",
        booked="2026-03-06",
    )
    record = run(corporation, camt053(returned_instalment, account=SECOND_IBAN), "ing.xml")
    assert record.counts["reversals_booked"] == 1
    row = BankTransaction.objects.get(statement_import=record)
    assert (row.matched_contract, row.match_rule) == (by_debit, "end_to_end_id")
    (reversal,) = reversals(by_debit)
    assert reversal.amount == Decimal("120.00") and reversal.reversal_reason == "MS03"


def test_an_export_id_with_another_mandate_is_not_trusted(corporation, by_debit):
    export = DirectDebitExport.objects.create(
        corporation=corporation,
        collection_date=date(2026, 3, 2),
        count=1,
        total=Decimal("120.00"),
        message_id="M1",
        fingerprint="g" * 64,
        file_hash="h" * 64,
        items=[
            {
                "contract_id": by_debit.pk,
                "mandate_id": "ARR-7",
                "iban": "NL02ABNA0123456789",
                "amount": "120.00",
            }
        ],
    )
    other = CorporationFactory(slug="other")
    foreign = entry(
        "120.00",
        "DBIT",
        name="Someone",
        iban="NL02ABNA0123456789",
        e2e=f"VNG{export.pk}-{by_debit.pk}",
        mandate="SOMEONE-ELSES",
        return_reason="MS03",
    )
    record = run(corporation, camt053(foreign, account=SECOND_IBAN), "ing.xml")
    assert record.counts["reversals_booked"] == 0
    # Nor does another corporation's return find our export.
    bank_account_add(corporation=other, account="NL39RABO0300065264", actor="test")
    theirs = run(
        other,
        camt053(
            returned("storno", e2e=f"VNG{export.pk}-{by_debit.pk}", mandate="ARR-7"),
            account="NL39RABO0300065264",
        ),
        "r.xml",
    )
    assert theirs.counts["reversals_booked"] == 0
