"""Back office: an administrator manages the bank accounts; a refused statement offers to add its account."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.bank.builders import camt053, ntry
from vangnet.bank.models import BankAccount, BankStatementImport
from vangnet.core.models import AuditEntry, Role

pytestmark = pytest.mark.django_db

MAIN_IBAN = "NL91ABNA0417164300"
SECOND_IBAN = "NL20INGB0001234567"


@pytest.fixture
def admin_a(staff_a):
    staff_a.corporation.iban = MAIN_IBAN
    staff_a.corporation.save()
    staff_a.membership.role = Role.ADMIN
    staff_a.membership.save()
    return staff_a


def test_an_administrator_sees_the_main_account_and_adds_another(admin_a):
    url = reverse("backoffice:bank_accounts")
    page = admin_a.client.get(url).content.decode()
    assert "Bankrekeningen" in page
    assert MAIN_IBAN in page and "Op brieven en voor incasso" in page

    response = admin_a.client.post(
        url, {"account": "NL20 INGB 0001 2345 67", "name": "Huur ING", "purpose": "rent"}
    )
    assert response.status_code == 302
    page = admin_a.client.get(url).content.decode()
    assert "Rekening NL20INGB0001234567 is toegevoegd" in page
    assert "Huur ING" in page and "ING" in page
    added = BankAccount.objects.get(corporation=admin_a.corporation)
    assert AuditEntry.objects.get(action="bank_account.added").actor == admin_a.user

    response = admin_a.client.post(reverse("backoffice:bank_account_delete", args=[added.pk]))
    assert response.status_code == 302
    assert not BankAccount.objects.filter(corporation=admin_a.corporation).exists()


def test_a_wrong_account_is_refused_in_plain_dutch(admin_a):
    response = admin_a.client.post(
        reverse("backoffice:bank_accounts"), {"account": "NL00 FOUT", "name": "", "purpose": "rent"}
    )
    assert response.status_code == 400
    assert "NL00 FOUT is geen geldig IBAN of rekeningnummer." in response.content.decode()
    response = admin_a.client.post(
        reverse("backoffice:bank_accounts"), {"account": MAIN_IBAN, "name": "", "purpose": "rent"}
    )
    assert "staat al bij de bankrekeningen van Woonstad Utrecht" in response.content.decode()


def test_the_page_is_in_english_too(admin_a):
    admin_a.client.cookies["django_language"] = "en"
    page = admin_a.client.get(reverse("backoffice:bank_accounts"), headers={"accept-language": "en"})
    text = page.content.decode()
    assert "Bank accounts" in text and "Add an account" in text
    assert "On letters and for direct debits" in text
    assert "Add an account" in text


def test_a_credit_manager_may_not_manage_accounts(staff_a):
    assert staff_a.client.get(reverse("backoffice:bank_accounts")).status_code == 403


def test_a_refused_statement_links_to_adding_its_account(admin_a, staff_b):
    upload = SimpleUploadedFile("ing.xml", camt053(ntry(), account=SECOND_IBAN), "application/xml")
    response = admin_a.client.post(reverse("backoffice:bank_statements"), {"file": upload})
    page = admin_a.client.get(response["Location"]).content.decode()
    assert "NL20INGB0001234567, die niet bij de bankrekeningen van Woonstad Utrecht staat" in page
    link = f"{reverse('backoffice:bank_accounts')}?rekening={SECOND_IBAN}"
    assert f'href="{link}"' in page
    form = admin_a.client.get(link).content.decode()
    assert f'value="{SECOND_IBAN}"' in form

    # A credit manager is told whom to ask.
    admin_a.membership.role = Role.CREDIT_MANAGER
    admin_a.membership.save()
    page = admin_a.client.get(response["Location"]).content.decode()
    assert "Vraag een beheerder om rekening NL20INGB0001234567 toe te voegen." in page
    assert BankStatementImport.objects.get(corporation=admin_a.corporation).status == "rejected"


def test_another_corporations_account_cannot_be_removed(admin_a, staff_b):
    other = BankAccount.objects.create(corporation=staff_b.corporation, account=SECOND_IBAN)
    response = admin_a.client.post(reverse("backoffice:bank_account_delete", args=[other.pk]))
    assert response.status_code == 404
    assert BankAccount.objects.filter(pk=other.pk).exists()
