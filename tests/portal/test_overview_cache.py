"""The overview's cached fragments: a second visit is three queries, and whatever changed the page shows at
once (a payment, a message, an arrangement and its change, a paid instalment, a promise, the pay button)."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone
from django_scopes import scopes_disabled

from tests.factories import LedgerEntryFactory
from tests.portal.test_overview import _sent_message
from vangnet.arrangements.models import Arrangement, ArrangementStatus, Installment, Promise
from vangnet.ledger.models import EntryKind
from vangnet.payments.models import PaymentSettings


def _total(html: str) -> str:
    """The amount in the summary card at the top ("U moet nog betalen")."""
    start = html.index('class="amount"')
    return html[html.index(">", start) + 1 : html.index("</p>", start)]


def test_a_second_visit_is_three_queries_and_the_same_page(fatima_client, django_assert_num_queries):
    first = fatima_client.get("/portaal/").content.decode()
    # the session, the tenant, and the key of the overview (contracts, ledger, messages, cases, questions)
    with django_assert_num_queries(3):
        second = fatima_client.get("/portaal/").content.decode()
    assert _total(second) == _total(first) == "€ 1.043,25"
    assert second.count('class="contract"') == first.count('class="contract"') == 2
    assert "Huur 02-2025" in second and "Dorpsstraat 12, Utrecht" in second


@scopes_disabled()
def _pay(household, amount: str) -> None:
    LedgerEntryFactory(
        contract=household.contract, kind=EntryKind.PAYMENT, amount=Decimal(amount),
        booking_date=timezone.localdate(), description="Betaling",
    )  # fmt: skip


def test_a_new_payment_shows_at_once(fatima_client, fatima):
    assert _total(fatima_client.get("/portaal/").content.decode()) == "€ 1.043,25"
    _pay(fatima, "-100.00")
    assert _total(fatima_client.get("/portaal/").content.decode()) == "€ 943,25"
    # a charge and a payment of the same amount leave the sum alone, but not the entries
    LedgerEntryFactory(contract=fatima.contract, amount=Decimal("50.00"), booking_date=timezone.localdate())
    _pay(fatima, "-50.00")
    html = fatima_client.get("/portaal/").content.decode()
    assert _total(html) == "€ 943,25" and html.count("€ 50,00") >= 2


def test_a_new_message_shows_at_once(fatima_client, fatima):
    assert "Uw eerste herinnering" not in fatima_client.get("/portaal/").content.decode()
    _sent_message(fatima, subject="Uw eerste herinnering")
    assert "Uw eerste herinnering" in fatima_client.get("/portaal/").content.decode()


@scopes_disabled()
def _arrangement(household, status: str) -> Arrangement:
    today = timezone.localdate()
    return Arrangement.objects.create(
        corporation=household.corporation, contract=household.contract, status=status, agreed_on=today,
        start_date=today, total_amount=Decimal("1043.25"),
    )  # fmt: skip


def test_an_arrangement_and_its_change_show_at_once(fatima_client, fatima):
    assert "Uw betalingsregeling" not in fatima_client.get("/portaal/").content.decode()
    arrangement = _arrangement(fatima, ArrangementStatus.REQUESTED)
    assert "We kijken naar uw aanvraag" in fatima_client.get("/portaal/").content.decode()
    with scopes_disabled():  # a colleague agrees: the status changes, no row is added
        Arrangement.objects.filter(pk=arrangement.pk).update(status=ArrangementStatus.ACTIVE)
    html = fatima_client.get("/portaal/").content.decode()
    assert "We kijken naar uw aanvraag" not in html and "U betaalt € 1.043,25 in termijnen" in html


def test_a_promise_and_its_outcome_show_at_once(fatima_client, fatima):
    fatima_client.get("/portaal/")
    with scopes_disabled():
        promise = Promise.objects.create(
            corporation=fatima.corporation, contract=fatima.contract, made_on=timezone.localdate(),
            promised_date=timezone.localdate() + dt.timedelta(days=7), amount=Decimal("200.00"),
        )  # fmt: skip
    html = fatima_client.get("/portaal/").content.decode()
    assert "€ 200,00 betalen uiterlijk" in html and "Lopend" in html
    with scopes_disabled():
        Promise.objects.filter(pk=promise.pk).update(status="kept")
    assert "Nagekomen" in fatima_client.get("/portaal/").content.decode()


def test_the_pay_button_follows_the_payment_settings(fatima_client, fatima, settings):
    settings.VANGNET_PAYMENTS_SANDBOX = True
    with scopes_disabled():
        PaymentSettings.objects.update_or_create(
            corporation=fatima.corporation, defaults={"provider": "sandbox"}
        )
    assert ">Betalen</a>" in fatima_client.get("/portaal/").content.decode()
    with scopes_disabled():
        PaymentSettings.objects.filter(corporation=fatima.corporation).update(provider="geen")
    assert ">Betalen</a>" not in fatima_client.get("/portaal/").content.decode()


def test_a_paid_instalment_shows_at_once(fatima_client, fatima):
    arrangement = _arrangement(fatima, ArrangementStatus.ACTIVE)
    with scopes_disabled():
        instalment = Installment.objects.create(
            corporation=fatima.corporation, arrangement=arrangement, sequence=1,
            due_date=timezone.localdate(), amount=Decimal("1043.25"),
        )  # fmt: skip
    assert "<td>Nog niet</td>" in fatima_client.get("/portaal/").content.decode()
    with scopes_disabled():
        Installment.objects.filter(pk=instalment.pk).update(paid_on=timezone.localdate())
    html = fatima_client.get("/portaal/").content.decode()
    assert "<td>Ja</td>" in html and "<td>Nog niet</td>" not in html
