import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from tests.factories import ImportRunFactory, LedgerEntryFactory, tenant_with_contract
from tests.world import standing_computed
from vangnet.arrangements.models import Arrangement, ArrangementStatus, Installment, Promise
from vangnet.core.models import AuditEntry

pytestmark = pytest.mark.django_db


def card(staff, tenant=None) -> str:
    response = staff.client.get(reverse("backoffice:tenant_card", args=[(tenant or staff.tenant).pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_shows_contact_details(staff_a):
    tenant = staff_a.tenant
    tenant.email = "bakker@huurder.example"
    tenant.phone_mobile = "0612345678"
    tenant.birth_date = dt.date(1980, 5, 17)
    tenant.save()
    page = card(staff_a)
    assert "<h1>Jan Bakker</h1>" in page
    assert "bakker@huurder.example" in page
    assert 'href="tel:0612345678"' in page
    assert "Dorpsstraat 12" in page and "3511 AB Utrecht" in page
    assert "17-05-1980" in page


def test_shows_restrictions_and_special_statuses(staff_a):
    tenant = staff_a.tenant
    tenant.no_voice_calls = True
    tenant.paper_only = True
    tenant.debt_counselling_since = dt.date(2024, 9, 1)
    tenant.wsnp_since = dt.date(2020, 1, 1)
    tenant.wsnp_until = dt.date(2021, 1, 1)  # ended: not shown
    tenant.administrator_name = "Bewind & Co"
    tenant.administrator_email = "info@bewind.example"
    tenant.administrator_phone = "030-1234567"
    tenant.administrator_since = dt.date(2024, 10, 1)
    tenant.save()
    page = card(staff_a)
    assert "Let op" in page
    assert "geen spraakberichten" in page and "alleen post" in page
    assert "Schuldhulpverlening" in page and "sinds 01-09-2024" in page
    assert "Bewindvoering" in page and "sinds 01-10-2024" in page
    assert "WSNP" not in page
    assert "Bewind &amp; Co" in page and "info@bewind.example" in page and "030-1234567" in page


def test_without_restrictions_or_statuses(staff_a):
    page = card(staff_a)
    assert "Let op" not in page
    assert "Geen bijzondere status op dit moment." in page


def test_shows_contract_unit_and_co_tenants(staff_a, co_tenant_a):
    page = card(staff_a)
    contract = staff_a.contract
    assert "contract HO-1001" in page
    assert "Hoofdhuurder" in page
    assert "C100 · De Linden" in page and "Binnenstad" in page
    assert "Woning" in page
    assert "€ 695,50" in page  # monthly total
    assert "1000000000000012" in page
    assert reverse("backoffice:tenant_card", args=[co_tenant_a.pk]) in page
    assert "Mila Bakker-de Boer" in page
    # And from the co-tenant's card, the main tenant is the co-tenant.
    other = card(staff_a, co_tenant_a)
    assert "Medehuurder" in other
    assert reverse("backoffice:tenant_card", args=[staff_a.tenant.pk]) in other
    assert contract.source_id in other


def test_shows_balance_open_items_and_ledger(staff_a, ledger_a):
    page = card(staff_a)
    assert "Saldo" in page
    assert "€ 1.043,25" in page
    assert "Openstaande posten" in page
    assert "Deels betaald" in page  # February, half paid
    assert "€ 347,75" in page
    assert "Alle boekingen (5)" in page
    assert "01-02-2025" in page


def test_payment_behaviour_not_yet_computed(staff_a, ledger_a):
    assert "Betaalgedrag is nog niet berekend." in card(staff_a)


def test_payment_behaviour_from_standing(staff_a, standing_a):
    page = card(staff_a)
    assert "33%" in page and "van 3 vorderingen" in page
    assert "47 dagen" in page
    assert "vervallen op 01-02-2025" in page
    assert "Berekend op 20-03-2025" in page


def test_arrangements_and_promises(staff_a):
    arrangement = Arrangement.objects.create(
        corporation=staff_a.corporation,
        contract=staff_a.contract,
        status=ArrangementStatus.ACTIVE,
        agreed_on=dt.date(2025, 2, 15),
        start_date=dt.date(2025, 3, 1),
        total_amount=Decimal("900.00"),
    )
    for i in range(3):
        Installment.objects.create(
            corporation=staff_a.corporation,
            arrangement=arrangement,
            sequence=i + 1,
            due_date=dt.date(2025, 3 + i, 1),
            amount=Decimal("300.00"),
        )
    Promise.objects.create(
        corporation=staff_a.corporation,
        contract=staff_a.contract,
        made_on=dt.date(2025, 1, 20),
        promised_date=dt.date(2025, 1, 31),
        amount=Decimal("150.00"),
    )
    page = card(staff_a)
    assert "Betalingsregelingen" in page and "€ 900,00" in page and "Actief" in page
    assert "Betalingsbeloften" in page and "31-01-2025" in page and "Lopend" in page


def test_links_to_import_history(staff_a):
    run = ImportRunFactory(corporation=staff_a.corporation)
    page = card(staff_a)
    assert reverse("backoffice:import_list") in page
    assert reverse("backoffice:import_detail", args=[run.pk]) in page


def test_viewing_writes_an_audit_entry(staff_a):
    card(staff_a)
    entry = AuditEntry.objects.get(action="tenant.viewed")
    assert entry.corporation == staff_a.corporation
    assert entry.actor == staff_a.user
    assert entry.object_id == str(staff_a.tenant.pk)
    assert entry.object_type == "tenants.tenant"


def test_tenant_of_another_corporation_is_404(staff_a, staff_b):
    url = reverse("backoffice:tenant_card", args=[staff_b.tenant.pk])
    assert staff_a.client.get(url).status_code == 404
    assert not AuditEntry.objects.filter(action="tenant.viewed").exists()
    assert staff_b.client.get(url).status_code == 200


def test_unknown_tenant_is_404(staff_a):
    assert staff_a.client.get(reverse("backoffice:tenant_card", args=[999999])).status_code == 404


@pytest.mark.parametrize("months", [2, 36])
def test_card_query_count_is_bounded(staff_a, django_assert_max_num_queries, months, co_tenant_a):
    second = tenant_with_contract(corporation=staff_a.corporation).contract
    second.parties.create(corporation=staff_a.corporation, tenant=staff_a.tenant, role="co")
    for contract in (staff_a.contract, second):
        for month in range(months):
            LedgerEntryFactory(contract=contract, booking_date=dt.date(2022 + month // 12, month % 12 + 1, 1))
        standing_computed(contract)
    ImportRunFactory.create_batch(5, corporation=staff_a.corporation)
    # 3 middleware/auth + 1 corporations for the switcher + 1 tenant + 5 card + 1 statement per contract
    # + 1 import list + 1-2 audit entry.
    # 14 for the card itself, a fixed 13 for the flow explanation of the contract, 1 for the messages,
    # 2 for disputes and their items, 1 open tasks, 1 timeline, 1 dispute categories, 2 notes and documents,
    # 7 for vroegsignalering (policy, arrears start, calls, contact notes, messages, objection, signals),
    # 2 for cases and contacts, 3 for circumstances (the kinds, the rows, the audit entry of who saw them),
    # 1 for the contact-data history from campaigns, 2 for the flow facts of circumstances and special
    # statuses. Fixed: none of these grows with the ledger or the number of months.
    with django_assert_max_num_queries(50):
        page = card(staff_a)
    assert f"Alle boekingen ({months})" in page


def test_a_dispute_handler_sees_no_special_status_nor_date_of_birth(staff_a):
    from vangnet.core.models import Role

    tenant = staff_a.tenant
    tenant.no_voice_calls = True
    tenant.birth_date = dt.date(1980, 5, 17)
    tenant.debt_counselling_since = dt.date(2024, 9, 1)
    tenant.wsnp_since = dt.date(2024, 2, 1)
    tenant.administrator_name = "Bewind & Co"
    tenant.administrator_since = dt.date(2024, 10, 1)
    tenant.save()
    staff_a.membership.role = Role.DISPUTE_HANDLER
    staff_a.membership.save()
    page = card(staff_a)
    assert "geen spraakberichten" in page  # how to reach the tenant is still there
    for hidden in ("Schuldhulpverlening", "WSNP", "Bewindvoering", "Bewind &amp; Co", "Bijzondere status"):
        assert hidden not in page
    assert "Geboortedatum" not in page and "17-05-1980" not in page

    staff_a.membership.role = Role.CREDIT_MANAGER
    staff_a.membership.save()
    page = card(staff_a)
    assert (
        "Schuldhulpverlening" in page
        and "WSNP" in page
        and "Bewind &amp; Co" in page
        and "17-05-1980" in page
    )
