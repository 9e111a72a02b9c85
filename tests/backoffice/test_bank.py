"""Back-office bank pages: statement upload, the unmatched queue, and assigning a payment by hand."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.html import escape

from tests.bank.builders import camt053
from vangnet.backoffice.views import bank as bank_views
from vangnet.bank.models import BankStatementImport, BankTransaction, TransactionStatus
from vangnet.core.models import AuditEntry, Role
from vangnet.ledger.models import ContractStanding, EntryKind, LedgerEntry

pytestmark = pytest.mark.django_db

OWN_IBAN = "NL91ABNA0417164300"


def payment(amount: str, *, name: str, iban: str, text: str = "", booked: str = "2025-03-15") -> str:
    """One camt.053 credit entry with a debtor name, IBAN and free text (no kenmerk)."""
    remittance = f"<RmtInf><Ustrd>{text}</Ustrd></RmtInf>" if text else ""
    return f"""      <Ntry>
        <Amt Ccy="EUR">{amount}</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts>
        <BookgDt><Dt>{booked}</Dt></BookgDt><ValDt><Dt>{booked}</Dt></ValDt>
        <NtryDtls><TxDtls>
          <AmtDtls><TxAmt><Amt Ccy="EUR">{amount}</Amt></TxAmt></AmtDtls>
          <RltdPties><Dbtr><Nm>{name}</Nm></Dbtr><DbtrAcct><Id><IBAN>{iban}</IBAN></Id></DbtrAcct></RltdPties>
          {remittance}
        </TxDtls></NtryDtls>
      </Ntry>"""


def statement_file(*entries: str, name: str = "afschrift.xml") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, camt053("\n".join(entries), account=OWN_IBAN), "application/xml")


UNKNOWN = payment("250.00", name="Onbekende Betaler", iban="NL69INGB0123456789", text="huur maart")
SUGGESTED = payment("1043.25", name="J. Bakker", iban="NL18RABO0123459876", text="achterstand")


@pytest.fixture
def bank_a(staff_a, standing_a):
    staff_a.corporation.iban = OWN_IBAN
    staff_a.corporation.save()
    return staff_a


def upload(staff, *entries: str):
    return staff.client.post(reverse("backoffice:bank_statements"), {"file": statement_file(*entries)})


def test_upload_applies_and_shows_the_counts(bank_a):
    response = upload(bank_a, UNKNOWN, SUGGESTED)
    record = BankStatementImport.objects.get(corporation=bank_a.corporation)
    assert response.status_code == 302
    assert response["Location"] == reverse("backoffice:bank_statement_detail", args=[record.pk])
    page = bank_a.client.get(response["Location"]).content.decode()
    assert "Verwerkt" in page
    assert "Niet herkend" in page
    assert record.counts["unmatched"] == 2

    listing = bank_a.client.get(reverse("backoffice:bank_statements")).content.decode()
    assert "afschrift.xml" in listing


def test_same_file_twice_counts_duplicates(bank_a):
    upload(bank_a, UNKNOWN)
    upload(bank_a, UNKNOWN)
    second = BankStatementImport.objects.filter(corporation=bank_a.corporation).order_by("pk").last()
    assert second.counts["duplicates"] == 1
    assert second.counts["transactions_new"] == 0


def test_rejected_upload_shows_the_reason_in_the_active_language(bank_a):
    response = bank_a.client.post(
        reverse("backoffice:bank_statements"),
        {"file": SimpleUploadedFile("kapot.xml", b"<Document><niet-af", "application/xml")},
    )
    record = BankStatementImport.objects.get(corporation=bank_a.corporation)
    assert record.status == "rejected"
    page = bank_a.client.get(response["Location"]).content.decode()
    assert "afgewezen" in page
    assert escape(record.errors[0]["reason_nl"]) in page
    assert "Regel 1" in page

    bank_a.client.cookies["django_language"] = "en"
    english = bank_a.client.get(response["Location"]).content.decode()
    assert escape(record.errors[0]["reason_en"]) in english
    assert "Line 1" in english


def test_foreign_account_is_rejected(bank_a):
    bad = SimpleUploadedFile("ander.xml", camt053(UNKNOWN, account="NL20INGB0001234567"))
    response = bank_a.client.post(reverse("backoffice:bank_statements"), {"file": bad})
    page = bank_a.client.get(response["Location"]).content.decode()
    assert "NL20INGB0001234567" in page
    assert not BankTransaction.objects.filter(corporation=bank_a.corporation).exists()


def test_too_large_file_is_refused_before_reading(bank_a, monkeypatch):
    monkeypatch.setattr(bank_views, "MAX_STATEMENT_SIZE", 10)
    response = upload(bank_a, UNKNOWN)
    assert response.status_code == 400
    assert "hoogstens" in response.content.decode()
    assert not BankStatementImport.objects.exists()


def test_queue_lists_only_this_corporations_unmatched_transactions(bank_a, staff_b):
    upload(bank_a, UNKNOWN, SUGGESTED)
    staff_b.corporation.iban = "NL20INGB0001234567"
    staff_b.corporation.save()
    staff_b.client.post(
        reverse("backoffice:bank_statements"),
        {
            "file": SimpleUploadedFile(
                "b.xml",
                camt053(
                    payment("99.99", name="Andere Huurder", iban="NL44RABO0123456789"),
                    account="NL20INGB0001234567",
                ),
            )
        },
    )
    page = bank_a.client.get(reverse("backoffice:bank_unmatched")).content.decode()
    assert "Onbekende Betaler" in page and "NL69INGB0123456789" in page and "huur maart" in page
    assert "J. Bakker" in page and "HO-1001" in page  # the suggestion, with its reason
    assert "Andere Huurder" not in page
    # Oldest first: same date, so in import order.
    assert page.index("Onbekende Betaler") < page.index("J. Bakker")


def test_assign_books_the_payment_and_the_standing_drops(bank_a):
    upload(bank_a, UNKNOWN)
    transaction = BankTransaction.objects.get(corporation=bank_a.corporation)
    detail = reverse("backoffice:bank_unmatched_detail", args=[transaction.pk])
    search = bank_a.client.get(detail, {"q": "Bakker"}).content.decode()
    assert "Kies contract HO-1001" in search
    confirm = bank_a.client.get(detail, {"q": "Bakker", "contract": bank_a.contract.pk}).content.decode()
    assert "€ 250,00 wordt geboekt op contract HO-1001" in confirm

    response = bank_a.client.post(
        reverse("backoffice:bank_unmatched_assign", args=[transaction.pk]), {"contract": bank_a.contract.pk}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("backoffice:bank_unmatched")
    queue = bank_a.client.get(response["Location"]).content.decode()
    assert "is geboekt op contract HO-1001" in queue
    assert "Onbekende Betaler" not in queue

    transaction.refresh_from_db()
    assert transaction.status == TransactionStatus.MATCHED
    assert transaction.ledger_entry.kind == EntryKind.PAYMENT
    assert transaction.ledger_entry.amount == Decimal("-250.00")
    standing = ContractStanding.objects.get(contract=bank_a.contract)
    assert standing.balance == Decimal("793.25")
    card = bank_a.client.get(reverse("backoffice:tenant_card", args=[bank_a.tenant.pk])).content.decode()
    assert "793,25" in card


def test_accepting_the_suggestion_in_one_click(bank_a):
    upload(bank_a, SUGGESTED)
    transaction = BankTransaction.objects.get(corporation=bank_a.corporation)
    assert transaction.suggested_contract == bank_a.contract
    page = bank_a.client.get(reverse("backoffice:bank_unmatched_detail", args=[transaction.pk]))
    assert "Suggestie overnemen: € 1.043,25 boeken op contract HO-1001" in page.content.decode()
    bank_a.client.post(
        reverse("backoffice:bank_unmatched_assign", args=[transaction.pk]), {"contract": bank_a.contract.pk}
    )
    assert ContractStanding.objects.get(contract=bank_a.contract).balance == Decimal("0.00")


def test_second_assign_is_refused_with_a_clear_message(bank_a):
    upload(bank_a, UNKNOWN)
    transaction = BankTransaction.objects.get(corporation=bank_a.corporation)
    url = reverse("backoffice:bank_unmatched_assign", args=[transaction.pk])
    bank_a.client.post(url, {"contract": bank_a.contract.pk})
    response = bank_a.client.post(url, {"contract": bank_a.contract.pk}, follow=True)
    assert "al gekoppeld en geboekt" in response.content.decode()
    assert (
        LedgerEntry.objects.filter(contract=bank_a.contract, kind=EntryKind.PAYMENT, amount=-250).count() == 1
    )


def test_assign_requires_post(bank_a):
    upload(bank_a, UNKNOWN)
    transaction = BankTransaction.objects.get(corporation=bank_a.corporation)
    url = reverse("backoffice:bank_unmatched_assign", args=[transaction.pk])
    assert bank_a.client.get(url).status_code == 405


def test_another_corporations_transaction_and_contract_are_404(bank_a, staff_b):
    upload(bank_a, UNKNOWN)
    transaction = BankTransaction.objects.get(corporation=bank_a.corporation)
    record = BankStatementImport.objects.get(corporation=bank_a.corporation)
    assert (
        staff_b.client.get(reverse("backoffice:bank_unmatched_detail", args=[transaction.pk])).status_code
        == 404
    )
    assert (
        staff_b.client.get(reverse("backoffice:bank_statement_detail", args=[record.pk])).status_code == 404
    )
    response = staff_b.client.post(
        reverse("backoffice:bank_unmatched_assign", args=[transaction.pk]), {"contract": staff_b.contract.pk}
    )
    assert response.status_code == 404
    # Nor may A book its own transaction on B's contract.
    response = bank_a.client.post(
        reverse("backoffice:bank_unmatched_assign", args=[transaction.pk]), {"contract": staff_b.contract.pk}
    )
    assert response.status_code == 404
    transaction.refresh_from_db()
    assert transaction.status == TransactionStatus.UNMATCHED


@pytest.mark.parametrize(
    ("role", "allowed"),
    [(Role.CREDIT_MANAGER, True), (Role.ADMIN, True), (Role.DISPUTE_HANDLER, False)],
)
def test_role_restriction(bank_a, role, allowed):
    upload(bank_a, UNKNOWN)
    transaction = BankTransaction.objects.get(corporation=bank_a.corporation)
    bank_a.membership.role = role
    bank_a.membership.save()
    urls = [
        reverse("backoffice:bank_statements"),
        reverse("backoffice:bank_unmatched"),
        reverse("backoffice:bank_unmatched_detail", args=[transaction.pk]),
    ]
    for url in urls:
        assert bank_a.client.get(url).status_code == (200 if allowed else 403), (role, url)
    home = bank_a.client.get(reverse("backoffice:home")).content.decode().split("<main")[0]
    assert (reverse("backoffice:bank_unmatched") + '"' in home) is allowed
    if not allowed:
        response = bank_a.client.post(
            reverse("backoffice:bank_unmatched_assign", args=[transaction.pk]),
            {"contract": bank_a.contract.pk},
        )
        assert response.status_code == 403
        assert upload(bank_a, UNKNOWN).status_code == 403
        assert not AuditEntry.objects.filter(action="bank_transaction.assigned").exists()
