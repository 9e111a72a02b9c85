"""The cached overview answered before the view layer (vangnet/portal/middleware.py): one query, the same
page and the same headers as the ordinary path, never a stale balance, never for a session that ended."""

from decimal import Decimal

from django.conf import settings as django_settings
from django.test import Client
from django.utils import timezone
from django_scopes import scopes_disabled

from tests.factories import LedgerEntryFactory
from tests.portal.conftest import pass_check
from tests.world import portal_client
from vangnet.ledger.models import EntryKind
from vangnet.tenants.models import Tenant

FAST = "vangnet.portal.middleware.CachedOverviewMiddleware"


def _total(html: str) -> str:
    start = html.index('class="amount"')
    return html[html.index(">", start) + 1 : html.index("</p>", start)]


def _headers(client: Client) -> tuple[list[tuple[str, str]], dict[str, dict[str, str]], str]:
    """The response's headers in order (without Set-Cookie), each cookie's attributes, and the page."""
    response = client.get("/portaal/?van=brief", secure=True)
    assert response.status_code == 200
    cookies = {
        name: {key: str(value) for key, value in morsel.items() if key != "expires"}
        for name, morsel in response.cookies.items()
    }
    return list(response.headers.items()), cookies, response.content.decode()


def test_the_cached_page_has_the_ordinary_paths_headers_and_page(fatima, settings, django_assert_num_queries):
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_HSTS_PRELOAD = True
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = True
    client = portal_client(fatima)
    client.get("/portaal/?van=brief", secure=True)  # renders and stores the page
    with django_assert_num_queries(1):  # the session, the tenant and the key, in one statement
        fast = _headers(client)
    settings.MIDDLEWARE = [name for name in django_settings.MIDDLEWARE if name != FAST]
    ordinary_client = Client()  # a new client loads the middleware anew; the same session
    ordinary_client.cookies = client.cookies
    with django_assert_num_queries(3):  # the ordinary path: session, tenant, key
        ordinary = _headers(ordinary_client)
    assert [name for name, _ in fast[0]] == [name for name, _ in ordinary[0]]
    assert fast[1] == ordinary[1] and set(fast[1]) == {"csrftoken"}
    header = dict(fast[0])
    assert header == dict(ordinary[0])
    assert header["Cache-Control"] == "no-store"
    assert header["X-Frame-Options"] == "DENY"
    assert header["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert "frame-ancestors 'none'" in header["Content-Security-Policy"]
    assert header["Vary"] == "Cookie, Accept-Language"
    # the same page apart from the per-visit CSRF token, with the path the language buttons return to
    assert _total(fast[2]) == _total(ordinary[2]) == "€ 1.043,25"
    assert (
        fast[2].count('value="/portaal/?van=brief"') == ordinary[2].count('value="/portaal/?van=brief"') == 1
    )


@scopes_disabled()
def _pay(household, amount: str) -> None:
    LedgerEntryFactory(
        contract=household.contract, kind=EntryKind.PAYMENT, amount=Decimal(amount),
        booking_date=timezone.localdate(), description="Betaling",
    )  # fmt: skip


def test_a_payment_booked_between_two_cached_visits_shows_at_once(
    fatima_client, fatima, django_assert_num_queries
):
    fatima_client.get("/portaal/")
    with django_assert_num_queries(1):
        assert _total(fatima_client.get("/portaal/").content.decode()) == "€ 1.043,25"
    _pay(fatima, "-43.25")
    assert _total(fatima_client.get("/portaal/").content.decode()) == "€ 1.000,00"
    with django_assert_num_queries(1):
        assert _total(fatima_client.get("/portaal/").content.decode()) == "€ 1.000,00"


def test_a_renamed_tenant_is_greeted_by_the_new_name(fatima_client, fatima):
    assert "Welkom, Fatima El Amrani" in fatima_client.get("/portaal/").content.decode()
    fatima_client.get("/portaal/")
    with scopes_disabled():
        Tenant.objects.filter(pk=fatima.tenant.pk).update(last_name="Bakker")
    assert "Welkom, Fatima Bakker" in fatima_client.get("/portaal/").content.decode()


def test_a_session_that_ended_opens_nothing_even_after_cached_visits(fatima_client):
    for _ in range(2):
        assert fatima_client.get("/portaal/").status_code == 200
    old_cookie = fatima_client.cookies["sessionid"].value
    assert fatima_client.post("/portaal/uitloggen/").status_code == 200
    fatima_client.cookies["sessionid"] = old_cookie
    response = fatima_client.get("/portaal/")
    assert response.status_code == 302
    assert response["Location"] == "/portaal/inloggen/"


def test_a_tenant_removed_from_the_erp_is_sent_to_the_login(fatima_client, fatima):
    for _ in range(2):
        assert fatima_client.get("/portaal/").status_code == 200
    with scopes_disabled():
        Tenant.objects.filter(pk=fatima.tenant.pk).update(removed_from_source_at=timezone.now())
    response = fatima_client.get("/portaal/")
    assert response.status_code == 302
    assert response["Location"] == "/portaal/inloggen/"


def test_a_changed_session_is_read_again(fatima_client, fatima, django_assert_num_queries):
    """Passing the second check writes the session: the remembered copy is dropped, the page stays."""
    fatima_client.get("/portaal/")
    fatima_client.get("/portaal/")
    pass_check(fatima_client, fatima)
    assert _total(fatima_client.get("/portaal/").content.decode()) == "€ 1.043,25"
    with django_assert_num_queries(2):  # the session read anew, then the key with it
        assert _total(fatima_client.get("/portaal/").content.decode()) == "€ 1.043,25"
    with django_assert_num_queries(1):
        fatima_client.get("/portaal/")
