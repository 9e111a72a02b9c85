"""The overview's cached fragments: a second visit is one query, and whatever changed the page shows at
once (a payment, a message, an arrangement and its change, a paid instalment, a promise, the pay button)."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone
from django_scopes import scopes_disabled

from tests.factories import LedgerEntryFactory
from tests.portal.conftest import pass_check
from tests.portal.test_overview import _sent_message
from tests.world import portal_client
from vangnet.arrangements.models import Arrangement, ArrangementStatus, Installment, Promise
from vangnet.ledger.models import EntryKind
from vangnet.payments.models import PaymentSettings
from vangnet.portal import overview_cache


def _total(html: str) -> str:
    """The amount in the summary card at the top ("U moet nog betalen")."""
    start = html.index('class="amount"')
    return html[html.index(">", start) + 1 : html.index("</p>", start)]


def test_a_second_visit_is_one_query_and_the_same_page(fatima_client, django_assert_num_queries):
    first = fatima_client.get("/portaal/").content.decode()
    # the key of the overview (contracts, ledger, messages, cases, questions) with the session and the tenant
    with django_assert_num_queries(1):
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


def _hidden(html: str, name: str) -> list[str]:
    """The values of the page's hidden fields of that name."""
    marker = f'name="{name}" value="'
    values, start = [], html.find(marker)
    while start >= 0:
        begin = start + len(marker)
        values.append(html[begin : html.index('"', begin)])
        start = html.find(marker, begin)
    return values


def test_a_cached_page_carries_this_visits_csrf_token_and_path(fatima, django_assert_num_queries):
    """The whole page comes from the cache; the language and logout forms still post with the token and
    cookie of the visitor who receives it, and the language buttons return to the page asked for."""
    portal_client(fatima).get("/portaal/")  # another session of the same tenant fills the cache
    client = portal_client(fatima)
    client.handler.enforce_csrf_checks = True
    with django_assert_num_queries(2):  # this session read once, then the key with it
        response = client.get("/portaal/?van=brief")
    html = response.content.decode()
    assert "placeholder" not in html
    assert _hidden(html, "next") == ["/portaal/?van=brief"]
    tokens = _hidden(html, "csrfmiddlewaretoken")
    assert len(tokens) == 2 and tokens[0] == tokens[1]  # one token per page, as Django renders it
    assert client.cookies["csrftoken"].value
    switched = client.post(
        "/i18n/setlang/", {"language": "en", "next": "/portaal/", "csrfmiddlewaretoken": tokens[0]}
    )
    assert switched.status_code == 302
    assert "Welcome" in client.get("/portaal/").content.decode()


def test_a_booked_payment_shows_on_the_next_visit_of_a_cached_page(
    fatima_client, fatima, django_assert_num_queries
):
    fatima_client.get("/portaal/")
    with django_assert_num_queries(1):
        assert _total(fatima_client.get("/portaal/").content.decode()) == "€ 1.043,25"
    _pay(fatima, "-43.25")
    assert _total(fatima_client.get("/portaal/").content.decode()) == "€ 1.000,00"


def test_two_tenants_with_equal_keys_never_see_each_others_page(fatima, jan, monkeypatch):
    """Even if the digest of what two tenants' pages show were the same, each sees their own page."""

    class Same:
        def hexdigest(self) -> str:
            return "0" * 32

    monkeypatch.setattr(overview_cache.hashlib, "blake2b", lambda *args, **kwargs: Same())
    fatima_page = portal_client(fatima).get("/portaal/").content.decode()
    jan_client = portal_client(jan)
    for _ in range(2):
        jan_page = jan_client.get("/portaal/").content.decode()
        assert "Welkom, Jan Visser" in jan_page
        assert "Welkom, Jan Visser" not in fatima_page
        assert fatima.tenant.display_name not in jan_page


def test_flash_messages_are_shown_once_and_never_cached(fatima_client, fatima):
    fatima_client.get("/portaal/")
    pass_check(fatima_client, fatima)
    response = fatima_client.post(
        "/portaal/gegevens/", {"email": "fatima@example.nl", "phone_mobile": "0611223344", "phone_home": ""}
    )
    assert response["Location"] == "/portaal/"
    # the new e-mail address is not on the overview: the page's key is the same as before
    assert "Uw gegevens zijn aangepast" in fatima_client.get("/portaal/").content.decode()
    assert "Uw gegevens zijn aangepast" not in fatima_client.get("/portaal/").content.decode()
