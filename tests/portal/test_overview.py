"""The overview: what a tenant sees, in a bounded number of queries, and never anyone else's data."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone
from django_scopes import scopes_disabled

from tests.factories import ContractFactory, ContractTenantFactory, LedgerEntryFactory
from tests.portal.conftest import pass_check
from tests.world import portal_client
from vangnet.arrangements.models import Arrangement, ArrangementStatus, Installment, Promise
from vangnet.disputes.models import Dispute, DisputeCategory
from vangnet.ledger.models import EntryKind
from vangnet.messaging.models import MessageStatus, OutgoingMessage
from vangnet.messaging.services import manual_batch_get


@scopes_disabled()
def _sent_message(household, subject="Herinnering huur", **kwargs) -> OutgoingMessage:
    """Builds a sent message for the household, in whichever corporation it lives."""
    return OutgoingMessage.objects.create(
        corporation=household.corporation,
        batch=manual_batch_get(corporation=household.corporation, day=timezone.localdate()),
        tenant=household.tenant,
        contract=household.contract,
        channel="email",
        recipient="tenant",
        template_code="herinnering-vriendelijk",
        status=MessageStatus.SENT,
        subject=subject,
        body_text="Beste Fatima,\n\nWij missen uw huur.",
        sent_at=timezone.now(),
        **kwargs,
    )


def test_the_overview_shows_every_contract_with_its_items_and_messages(fatima_client, fatima, in_woonstad):
    recent = timezone.localdate() - dt.timedelta(days=20)
    paid = LedgerEntryFactory(contract=fatima.contract, booking_date=recent, description="Huur deze maand")
    LedgerEntryFactory(
        contract=fatima.contract, kind=EntryKind.PAYMENT, amount=Decimal("-695.50"), booking_date=recent,
        linked_entry=paid,
    )  # fmt: skip
    _sent_message(fatima)
    html = fatima_client.get("/portaal/").content.decode()
    assert "Dorpsstraat 12, Utrecht" in html and "Parkeergarage" in html
    assert "Huur 02-2025" in html and "€ 347,75" in html  # half of February is still open
    assert "Betaald in de laatste 12 maanden" in html and "Huur deze maand" in html
    assert "Herinnering huur" in html
    assert "<script" not in html and "style=" not in html  # CSP: nothing inline


def test_the_overview_shows_arrangement_promise_and_dispute(fatima_client, fatima):
    today = timezone.localdate()
    arrangement = Arrangement.objects.create(
        corporation=fatima.corporation, contract=fatima.contract, status=ArrangementStatus.ACTIVE,
        agreed_on=today, start_date=today, total_amount=Decimal("1043.25"),
    )  # fmt: skip
    for i in range(3):
        Installment.objects.create(
            corporation=fatima.corporation, arrangement=arrangement, sequence=i + 1,
            due_date=today + dt.timedelta(days=30 * i), amount=Decimal("347.75"),
        )  # fmt: skip
    Promise.objects.create(
        corporation=fatima.corporation, contract=fatima.contract, made_on=today,
        promised_date=today + dt.timedelta(days=7), amount=Decimal("100.00"),
    )  # fmt: skip
    category = DisputeCategory.objects.create(
        corporation=fatima.corporation, code="reparatie", name="Reparatie niet gedaan"
    )
    Dispute.objects.create(
        corporation=fatima.corporation, contract=fatima.contract, category=category, description="Kraan lekt",
        opened_on=today, deadline=today + dt.timedelta(days=14),
    )  # fmt: skip
    html = fatima_client.get("/portaal/").content.decode()
    assert "Uw betalingsregeling" in html and html.count("€ 347,75") >= 3
    assert "Uw betaalbeloftes" in html and "€ 100,00" in html
    assert "Reparatie niet gedaan" in html


def test_the_overview_is_a_handful_of_queries_however_many_contracts(
    fatima_client, fatima, django_assert_max_num_queries, in_woonstad
):
    for _ in range(5):
        contract = ContractFactory(corporation=fatima.corporation)
        ContractTenantFactory(corporation=fatima.corporation, contract=contract, tenant=fatima.tenant)
        for month in range(1, 13):
            LedgerEntryFactory(contract=contract, booking_date=dt.date(2025, month, 1))
    _sent_message(fatima)
    # session, tenant, contracts, entries, messages, the payment settings (is there a pay button?),
    # the open campaign questions, the tenant's cases (their entries only when there are cases)
    # (+ the host look-up, once a minute)
    with django_assert_max_num_queries(9):
        response = fatima_client.get("/portaal/")
    assert response.status_code == 200
    assert response.content.decode().count('class="contract"') == 7


def test_one_tenant_never_sees_another_tenants_data(fatima_client, fatima, jan, piet, in_woonstad):
    html = fatima_client.get("/portaal/").content.decode()
    assert "Visser" not in html and "Bos" not in html and jan.contract.source_id not in html
    for other in (jan, piet):
        assert fatima_client.get(f"/portaal/contract/{other.contract.pk}/betalen/").status_code == 404
        assert (
            fatima_client.post(
                f"/portaal/contract/{other.contract.pk}/betalen/", {"choice": "whole"}
            ).status_code
            == 404
        )
        message = _sent_message(other, subject="Geheim bericht")
        page = fatima_client.get(f"/portaal/berichten/{message.pk}/")
        assert page.status_code == 404 and "Geheim" not in page.content.decode()
        with scopes_disabled():  # another corporation's row, read to try it
            entry = other.contract.entries.first()
        copy = fatima_client.post("/portaal/kopie-factuur/", {"entry": entry.pk})
        assert copy.status_code == 404
    own = _sent_message(fatima, subject="Uw eigen bericht")
    page = fatima_client.get(f"/portaal/berichten/{own.pk}/")
    assert page.status_code == 200 and "Wij missen uw huur." in page.content.decode()


def test_the_other_corporations_tenant_sees_only_their_own(piet, fatima):
    client = portal_client(piet)
    html = client.get("/portaal/").content.decode()
    assert "Thuisbest" in html and "Woonstad" not in html and "El Amrani" not in html
    assert client.get(f"/portaal/contract/{fatima.contract.pk}/betalen/").status_code == 404


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_language_switch(fatima_client, language):
    response = fatima_client.post("/i18n/setlang/", {"language": language, "next": "/portaal/"})
    assert response.status_code == 302
    html = fatima_client.get("/portaal/").content.decode()
    assert f'<html lang="{language}" dir="ltr">' in html


def test_second_check_helper_for_other_tests(fatima_client, fatima):
    pass_check(fatima_client, fatima)
    assert fatima_client.get("/portaal/gegevens/").status_code == 200


def test_with_an_arrangement_a_promise_and_a_dispute_the_overview_stays_bounded(
    fatima_client, fatima, django_assert_max_num_queries
):
    today = timezone.localdate()
    arrangement = Arrangement.objects.create(
        corporation=fatima.corporation, contract=fatima.contract, status=ArrangementStatus.ACTIVE,
        agreed_on=today, start_date=today, total_amount=Decimal("100.00"),
    )  # fmt: skip
    Installment.objects.create(
        corporation=fatima.corporation,
        arrangement=arrangement,
        sequence=1,
        due_date=today,
        amount=Decimal("100"),
    )
    Promise.objects.create(
        corporation=fatima.corporation, contract=fatima.contract, made_on=today, promised_date=today,
        amount=Decimal("1.00"),
    )  # fmt: skip
    category = DisputeCategory.objects.create(corporation=fatima.corporation, code="x", name="Anders")
    Dispute.objects.create(
        corporation=fatima.corporation, contract=fatima.contract, category=category, description="x",
        opened_on=today, deadline=today,
    )  # fmt: skip
    # the seven of the overview, plus arrangements (2), promises and disputes, and the tenant's cases
    with django_assert_max_num_queries(13):
        assert fatima_client.get("/portaal/").status_code == 200
