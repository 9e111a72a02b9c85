"""Several bank accounts per corporation: adding them, the command, and statements of each account."""

import json

import pytest
from django.core.management import call_command

from tests.factories import CorporationFactory, MembershipFactory, UserFactory
from vangnet.bank.models import BankAccount, BankAccountPurpose, BankTransaction
from vangnet.bank.services import bank_account_add, bank_account_remove, bank_statement_import
from vangnet.core.errors import ApplicationError
from vangnet.core.models import AuditEntry, Role

from .builders import camt053, mt940, ntry

pytestmark = pytest.mark.django_db

MAIN_IBAN = "NL91ABNA0417164300"
SECOND_IBAN = "NL20INGB0001234567"
# The same ABN AMRO account as an old MT940 file gives it, and as an IBAN.
OLD_NUMBER = "555555555"
OLD_NUMBER_IBAN = "NL75ABNA0555555555"


@pytest.fixture
def corporation():
    return CorporationFactory(slug="ymere", name="Ymere", iban=MAIN_IBAN)


def run(corporation, data: bytes, name: str = "afschrift.xml"):
    return bank_statement_import(corporation=corporation, data=data, file_name=name, actor="test")


def test_a_statement_of_an_unknown_account_names_the_account_and_how_to_add_it(corporation):
    record = run(corporation, camt053(ntry(), account=SECOND_IBAN))
    assert record.status == "rejected"
    (error,) = record.errors
    assert error["account"] == SECOND_IBAN
    assert "NL20INGB0001234567" in error["reason_nl"]
    assert "Bankrekeningen" in error["reason_nl"]
    assert "not one of Ymere's bank accounts" in error["reason_en"]
    assert BankTransaction.objects.count() == 0


def test_a_statement_of_an_added_account_is_applied(corporation):
    account = bank_account_add(
        corporation=corporation, account="nl20 ingb 0001 2345 67", name="Huur ING", actor="test"
    )
    assert (account.account, account.name, account.bank) == (SECOND_IBAN, "Huur ING", "ING")
    assert account.purpose == BankAccountPurpose.RENT
    record = run(corporation, camt053(ntry(), account=SECOND_IBAN))
    assert record.status == "applied", record.errors
    assert BankTransaction.objects.get().account_iban == SECOND_IBAN
    # The account on the letters stays one of the corporation's accounts.
    assert run(corporation, camt053(ntry("1.00"), account=MAIN_IBAN)).status == "applied"
    assert AuditEntry.objects.filter(action="bank_account.added", object_id=str(account.pk)).exists()


def test_an_old_account_number_finds_its_iban_and_the_other_way_round(corporation):
    old_style = mt940(":61:2603020302C10,50NTRFNONREF\n:86:huur\n").replace(
        b":25:NL20INGB0001234567EUR", f":25:{OLD_NUMBER}".encode()
    )
    assert run(corporation, old_style).status == "rejected"
    bank_account_add(corporation=corporation, account=OLD_NUMBER_IBAN, actor="test")
    assert run(corporation, old_style).status == "applied"

    other = CorporationFactory(slug="other", iban="")
    bank_account_add(corporation=other, account=OLD_NUMBER, actor="test")
    assert run(other, camt053(ntry(), account=OLD_NUMBER_IBAN)).status == "applied"


def two_statements(first: bytes, second: bytes) -> bytes:
    """One camt.053 file holding the statement of `first` followed by the statement of `second`."""
    stmt = second[second.index(b"<Stmt>") : second.index(b"</Stmt>") + len(b"</Stmt>")]
    return first.replace(b"</BkToCstmrStmt>", stmt + b"\n  </BkToCstmrStmt>")


def test_a_file_with_statements_of_two_accounts_needs_both(corporation):
    data = two_statements(
        camt053(ntry(), account=SECOND_IBAN), camt053(ntry("2.00"), account="NL02ABNA0123456789")
    )
    bank_account_add(corporation=corporation, account=SECOND_IBAN, actor="test")
    record = run(corporation, data)
    assert record.status == "rejected"
    assert record.errors[0]["account"] == "NL02ABNA0123456789"
    bank_account_add(corporation=corporation, account="NL02ABNA0123456789", actor="test")
    record = run(corporation, data)
    assert record.status == "applied", record.errors
    assert record.counts["transactions"] == 2


def test_adding_refuses_nonsense_twice_the_same_and_the_main_account(corporation):
    with pytest.raises(ApplicationError, match="geen geldig IBAN of rekeningnummer"):
        bank_account_add(corporation=corporation, account="NL00 NOT AN IBAN", actor="test")
    bank_account_add(corporation=corporation, account=SECOND_IBAN, actor="test")
    with pytest.raises(ApplicationError, match="staat al bij de bankrekeningen"):
        bank_account_add(corporation=corporation, account="NL20 INGB 0001 2345 67", actor="test")
    with pytest.raises(ApplicationError, match="staat al bij de bankrekeningen"):
        bank_account_add(corporation=corporation, account=MAIN_IBAN, actor="test")
    # Another corporation may bank with an account number that looks alike; they never meet.
    other = CorporationFactory(slug="other")
    bank_account_add(corporation=other, account=SECOND_IBAN, actor="test")
    assert BankAccount.objects.filter(account=SECOND_IBAN).count() == 2


def test_a_removed_account_accepts_no_more_statements(corporation):
    account = bank_account_add(corporation=corporation, account=SECOND_IBAN, actor="test")
    run(corporation, camt053(ntry(), account=SECOND_IBAN))
    bank_account_remove(account=account, actor="test")
    assert run(corporation, camt053(ntry("3.00"), account=SECOND_IBAN)).status == "rejected"
    # What was booked from it stays.
    assert BankTransaction.objects.filter(account_iban=SECOND_IBAN).count() == 1


def test_the_command_adds_and_lists_accounts_as_json(corporation, capsys):
    call_command("bank_accounts", corporation="ymere", add="NL20INGB0001234567", name="Huur ING", json=True)
    added = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert added == {
        "account": SECOND_IBAN,
        "name": "Huur ING",
        "bank": "ING",
        "purpose": "rent",
        "main": False,
    }
    call_command("bank_accounts", corporation="ymere", list=True, json=True)
    listed = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert [(a["account"], a["main"]) for a in listed["accounts"]] == [
        (MAIN_IBAN, True),
        (SECOND_IBAN, False),
    ]

    call_command("bank_accounts", corporation="ymere", list=True)
    text = capsys.readouterr().out
    assert "NL20INGB0001234567" in text and "Huur ING" in text


def test_the_command_says_what_is_wrong_and_exits_non_zero(corporation):
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="geen geldig IBAN of rekeningnummer"):
        call_command("bank_accounts", corporation="ymere", add="1234")
    with pytest.raises(CommandError, match="no corporation with slug 'nobody'"):
        call_command("bank_accounts", corporation="nobody", list=True)


def test_import_bank_tells_how_to_add_an_unknown_account(corporation, tmp_path, capsys):
    path = tmp_path / "ing.xml"
    path.write_bytes(camt053(ntry(), account=SECOND_IBAN))
    with pytest.raises(SystemExit, match=r"^1$"):
        call_command("import_bank", str(path), corporation="ymere")
    assert "vangnet bank_accounts --corporation ymere --add NL20INGB0001234567" in capsys.readouterr().err


def test_the_colleague_who_added_an_account_is_recorded(corporation):
    admin = MembershipFactory(corporation=corporation, user=UserFactory(username="beheer"), role=Role.ADMIN)
    account = bank_account_add(corporation=corporation, account=SECOND_IBAN, actor=admin.user)
    entry = AuditEntry.objects.get(action="bank_account.added", object_id=str(account.pk))
    assert entry.actor == admin.user


def test_an_account_a_refused_statement_named_is_taken_as_the_bank_wrote_it(corporation):
    # Some files carry an IBAN whose check digits fail; typed by hand it would be a typo.
    written = "NL68INGB0000012345"
    with pytest.raises(ApplicationError, match="geen geldig IBAN"):
        bank_account_add(corporation=corporation, account=written, actor="test")
    assert run(corporation, camt053(ntry(), account=written)).status == "rejected"
    assert bank_account_add(corporation=corporation, account=written, actor="test").account == written
    assert run(corporation, camt053(ntry(), account=written)).status == "applied"
