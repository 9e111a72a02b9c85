"""The tenant's pay pages through Django's test client: landing, sandbox checkout, result, bad links."""

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from tests.factories import LedgerEntryFactory
from tests.payments.conftest import OPEN
from vangnet.ledger.models import ContractStanding, EntryKind, LedgerEntry
from vangnet.payments.models import PaymentRequest, PaymentRequestStatus, PaymentSettings, PaymentStatus
from vangnet.payments.services import payment_request_create

pytestmark = pytest.mark.usefixtures("in_woonstad")


@pytest.fixture
def link(tenancy) -> PaymentRequest:
    return payment_request_create(corporation=tenancy.corporation, contract=tenancy.contract, actor="test")


def _pay(client: Client, token: str, outcome: str):
    response = client.post(f"/betalen/{token}/")
    assert response.status_code == 302, response.content
    checkout = response["Location"]
    assert checkout.startswith("/betalen/testbank/sbx_")
    page = client.get(checkout)
    assert page.status_code == 200 and "Testbank" in page.content.decode()
    back = client.post(checkout, {"outcome": outcome})
    assert back.status_code == 302 and back["Location"] == f"/betalen/{token}/resultaat/"
    return client.get(back["Location"])


def test_landing_page_in_the_corporations_name_with_the_open_amount(link):
    page = Client().get(f"/betalen/{link.token}/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "Woonstad Utrecht" in html and "€ 1.043,25" in html and "030-1234567" in html
    assert "/betalen/huisstijl/woonstad.css" in html
    assert {"no-cache", "no-store", "max-age=0"} <= {
        part.strip() for part in page["Cache-Control"].split(",")
    }
    assert "<script" not in html and "style=" not in html  # CSP: nothing inline


def test_brand_css_carries_the_corporations_colour_with_readable_text(tenancy):
    css = Client().get("/betalen/huisstijl/woonstad.css")
    assert css["Content-Type"] == "text/css"
    text = css.content.decode()
    assert "--brand: #1d4e89" in text and "--brand-text: #ffffff" in text


def test_the_whole_sandbox_flow_books_the_payment(link, booked_hooks, django_capture_on_commit_callbacks):
    client = Client()
    with django_capture_on_commit_callbacks(execute=True):
        result = _pay(client, link.token, "paid")
    html = result.content.decode()
    assert result.status_code == 200 and "Dank u wel" in html and "€ 1.043,25" in html
    link.refresh_from_db()
    assert link.status == PaymentRequestStatus.PAID
    assert ContractStanding.objects.get(contract=link.contract).balance == Decimal("0.00")
    assert LedgerEntry.objects.filter(source_id__startswith="vangnet-pay-").count() == 1
    # Opening the link again now says it is paid, and paying again is not possible.
    assert client.get(f"/betalen/{link.token}/")["Location"] == f"/betalen/{link.token}/resultaat/"
    assert client.post(f"/betalen/{link.token}/")["Location"] == f"/betalen/{link.token}/resultaat/"
    assert LedgerEntry.objects.filter(source_id__startswith="vangnet-pay-").count() == 1


@pytest.mark.parametrize("outcome", ["failed", "canceled"])
def test_a_failed_sandbox_payment_offers_to_try_again(link, outcome):
    result = _pay(Client(), link.token, outcome)
    html = result.content.decode()
    assert "niet gelukt" in html and f"/betalen/{link.token}/" in html
    assert not LedgerEntry.objects.filter(source_id__startswith="vangnet-pay-").exists()


def test_the_result_page_before_the_bank_answers_says_pending(link):
    client = Client()
    client.post(f"/betalen/{link.token}/")
    html = client.get(f"/betalen/{link.token}/resultaat/").content.decode()
    assert "wachten nog op uw bank" in html


def test_sandbox_rejects_an_unknown_outcome(link):
    client = Client()
    checkout = client.post(f"/betalen/{link.token}/")["Location"]
    assert client.post(checkout, {"outcome": "rich"}).status_code == 400
    assert link.payments.get().status == PaymentStatus.OPEN


def test_a_lower_balance_is_what_the_link_asks(link):
    LedgerEntryFactory(contract=link.contract, kind=EntryKind.PAYMENT, amount=Decimal("-1000.00"))
    html = Client().get(f"/betalen/{link.token}/").content.decode()
    assert "€ 43,25" in html and "minder open" in html


def test_nothing_open_says_so_without_a_button(link):
    LedgerEntryFactory(contract=link.contract, kind=EntryKind.PAYMENT, amount=-OPEN)
    html = Client().get(f"/betalen/{link.token}/").content.decode()
    assert "niets meer open" in html and 'type="submit"' not in html


def _neutral(response, phone: str | None, status: int = 404, says: str = "werkt niet"):
    html = response.content.decode()
    assert response.status_code == status
    assert says in html
    assert "€" not in html and "Bakker" not in html
    if phone:
        assert phone in html


def test_a_wrong_token_gets_the_neutral_page(link):
    _neutral(Client().get("/betalen/not-a-real-token-at-all-000000000/"), None)
    _neutral(Client().post("/betalen/not-a-real-token-at-all-000000000/"), None)


@pytest.mark.parametrize(
    ("change", "says"),
    [
        ({"expires_at": timezone.now() - dt.timedelta(seconds=1)}, "Deze betaallink is verlopen"),
        (
            {"status": PaymentRequestStatus.SUPERSEDED, "expires_at": timezone.now()},
            "Deze betaallink is verlopen",
        ),
        ({"status": PaymentRequestStatus.CANCELLED}, "werkt niet (meer)"),
    ],
)
def test_an_expired_or_withdrawn_link_says_so_with_the_phone_and_no_amount(link, change, says):
    PaymentRequest.objects.filter(pk=link.pk).update(**change)
    _neutral(Client().get(f"/betalen/{link.token}/"), "030-1234567", status=410, says=says)
    _neutral(Client().post(f"/betalen/{link.token}/"), "030-1234567", status=410, says=says)
    assert not link.payments.exists()


def test_a_token_of_corporation_a_on_corporation_bs_domain_is_not_found(link, other_tenancy, settings):
    settings.ALLOWED_HOSTS = ["betalen.thuisbest.example", "betalen.woonstad.example", "testserver"]
    with scopes_disabled():  # set-up of both corporations
        PaymentSettings.objects.filter(corporation=other_tenancy.corporation).update(
            portal_host="betalen.thuisbest.example"
        )
        PaymentSettings.objects.filter(corporation=link.corporation).update(
            portal_host="betalen.woonstad.example"
        )
    on_b = Client(HTTP_HOST="betalen.thuisbest.example")
    _neutral(on_b.get(f"/betalen/{link.token}/"), "050-7654321")
    _neutral(on_b.post(f"/betalen/{link.token}/"), "050-7654321")
    assert not link.payments.exists()
    on_a = Client(HTTP_HOST="betalen.woonstad.example")
    assert on_a.get(f"/betalen/{link.token}/").status_code == 200


def test_each_corporation_sees_only_its_own_requests(link, other_tenancy):
    with scope(corporation=other_tenancy.corporation):
        theirs = payment_request_create(
            corporation=other_tenancy.corporation, contract=other_tenancy.contract, actor="test"
        )
    with scope(corporation=other_tenancy.corporation):
        assert list(PaymentRequest.objects.all()) == [theirs]
    with scope(corporation=link.corporation):
        assert list(PaymentRequest.objects.all()) == [link]
