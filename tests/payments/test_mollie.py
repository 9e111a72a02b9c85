"""The Mollie flow against a local server that speaks Mollie's Payments API v2: create, webhook, re-fetch."""

from decimal import Decimal

import pytest
from django.test import Client
from django_scopes import scope

from tests.payments import mollie_server
from tests.payments.conftest import OPEN, make_tenancy
from vangnet.core.errors import ApplicationError
from vangnet.core.models import AuditEntry
from vangnet.ledger.models import ContractStanding, LedgerEntry
from vangnet.payments.models import Payment, PaymentRequestStatus, PaymentStatus
from vangnet.payments.services import payment_request_create, payment_start

pytestmark = pytest.mark.usefixtures("in_woonstad")


@pytest.fixture
def in_woonstad(mollie_tenancy):
    """Woonstad with Mollie: the test's own reads and calls in its scope."""
    with scope(corporation=mollie_tenancy.corporation):
        yield mollie_tenancy.corporation


WEBHOOK = "/betalen/webhook/mollie/"


@pytest.fixture
def mollie_tenancy(db):
    return make_tenancy("Woonstad Utrecht", "woonstad", provider="mollie")


@pytest.fixture
def started(mollie, mollie_tenancy):
    request = payment_request_create(
        corporation=mollie_tenancy.corporation, contract=mollie_tenancy.contract, actor="test"
    )
    return payment_start(request=request)


def _booked() -> int:
    return LedgerEntry.objects.filter(source_id__startswith="vangnet-pay-").count()


def test_create_sends_mollies_documented_request(mollie, started):
    method, path, headers, body = mollie.requests[0]
    assert (method, path) == ("POST", "/v2/payments")
    assert headers["Authorization"] == "Bearer test_vangnetTestKey0123456789abcdef"
    assert headers["Idempotency-Key"] == str(started.idempotency_key)
    assert body["amount"] == {"currency": "EUR", "value": "1043.25"}
    assert body["method"] == "ideal"
    assert body["redirectUrl"] == f"https://vangnet.example/betalen/{started.request.token}/resultaat/"
    assert body["webhookUrl"] == "https://vangnet.example/betalen/webhook/mollie/"
    assert body["metadata"]["payment"] == str(started.idempotency_key)
    assert started.provider_id.startswith("tr_")
    assert started.checkout_url == f"https://www.mollie.com/checkout/select-method/{started.provider_id}"
    assert started.status == PaymentStatus.OPEN


def test_webhook_for_a_paid_payment_books_it_once(
    mollie, started, booked_hooks, django_capture_on_commit_callbacks
):
    mollie.set_status(started.provider_id, "paid")
    client = Client()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(WEBHOOK, {"id": started.provider_id})
    assert response.status_code == 200
    started.refresh_from_db()
    assert started.status == PaymentStatus.PAID
    assert started.request.status == PaymentRequestStatus.PAID
    assert ContractStanding.objects.get(contract=started.request.contract).balance == Decimal("0.00")
    assert mollie.requests[-1][:2] == ("GET", f"/v2/payments/{started.provider_id}")
    # Replayed: Mollie retries, or someone repeats the call. Nothing is booked twice.
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(WEBHOOK, {"id": started.provider_id}).status_code == 200
        assert client.post(WEBHOOK, {"id": started.provider_id}).status_code == 200
    assert _booked() == 1
    assert len(booked_hooks) == 1


def test_a_forged_webhook_for_an_open_payment_books_nothing(mollie, started):
    # The caller claims "paid"; the id is ours, but Mollie says the payment is still open.
    response = Client().post(WEBHOOK, {"id": started.provider_id, "status": "paid"})
    assert response.status_code == 200
    started.refresh_from_db()
    assert started.status == PaymentStatus.OPEN
    assert _booked() == 0


def test_a_webhook_whose_payment_refetches_as_not_ours_books_nothing(mollie, started):
    # Mollie answers for the id with a payment for another amount and without our metadata.
    mollie.payments[started.provider_id].update(
        status="paid", amount={"currency": "EUR", "value": "1.00"}, metadata={"payment": "someone-else"}
    )
    assert Client().post(WEBHOOK, {"id": started.provider_id}).status_code == 200
    started.refresh_from_db()
    assert started.status == PaymentStatus.OPEN
    assert _booked() == 0
    entry = AuditEntry.objects.get(action="payment.verification_failed")
    assert any("amount" in problem for problem in entry.data["problems"])


def test_unknown_ids_get_200_and_nothing_happens(mollie, started):
    foreign = mollie.plant(status="paid", value="1043.25")
    before = len(mollie.requests)
    for payment_id in (foreign, "tr_doesnotexist"):
        assert Client().post(WEBHOOK, {"id": payment_id}).status_code == 200
    assert len(mollie.requests) == before  # not even fetched: the id is not one of ours
    assert _booked() == 0


@pytest.mark.parametrize(("data", "status"), [({}, 400), ({"id": ""}, 400), ({"id": "tr_" + "x" * 80}, 400)])
def test_malformed_webhooks_get_a_clear_error(mollie, started, data, status):
    response = Client().post(WEBHOOK, data)
    assert response.status_code == status
    assert b"id" in response.content
    assert _booked() == 0


def test_webhook_needs_post_and_no_csrf_token(mollie, started):
    client = Client(enforce_csrf_checks=True)
    assert client.get(WEBHOOK).status_code == 405
    assert client.post(WEBHOOK, {"id": started.provider_id}).status_code == 200


def test_mollie_unreachable_on_webhook_answers_503_so_mollie_retries(mollie, started, settings):
    settings.VANGNET_MOLLIE_API_URL = "http://127.0.0.1:9"  # nothing listens on the discard port
    assert Client().post(WEBHOOK, {"id": started.provider_id}).status_code == 503
    assert _booked() == 0


@pytest.mark.parametrize("status", ["failed", "canceled", "expired"])
def test_final_failures_are_recorded(mollie, started, status):
    mollie.set_status(started.provider_id, status)
    Client().post(WEBHOOK, {"id": started.provider_id})
    started.refresh_from_db()
    assert started.status == status
    assert _booked() == 0


def test_the_same_idempotency_key_gets_the_same_mollie_payment(mollie, started):
    from vangnet.payments.providers.mollie import MollieProvider

    again = MollieProvider().create_payment(Payment.objects.get(pk=started.pk))
    assert again == started.checkout_url
    assert len(mollie.payments) == 1


def test_a_missing_api_key_is_a_clear_error(mollie, mollie_tenancy, monkeypatch):
    monkeypatch.delenv("VANGNET_MOLLIE_API_KEY")
    request = payment_request_create(
        corporation=mollie_tenancy.corporation, contract=mollie_tenancy.contract, actor="test"
    )
    with pytest.raises(ApplicationError, match="Betalen lukt op dit moment niet") as caught:
        payment_start(request=request)
    assert caught.value.extra["code"] == "provider_unavailable"
    payment = Payment.objects.get()
    assert payment.status == PaymentStatus.FAILED and "VANGNET_MOLLIE_API_KEY" in payment.error


def test_the_key_comes_from_the_variable_the_corporation_names(mollie, mollie_tenancy, monkeypatch):
    monkeypatch.delenv("VANGNET_MOLLIE_API_KEY")
    monkeypatch.setenv("MOLLIE_KEY_WOONSTAD", mollie_server.API_KEY)
    settings_row = mollie_tenancy.corporation.payment_settings
    settings_row.mollie_api_key_env = "MOLLIE_KEY_WOONSTAD"
    settings_row.save()
    request = payment_request_create(
        corporation=mollie_tenancy.corporation, contract=mollie_tenancy.contract, actor="test"
    )
    assert payment_start(request=request).amount == OPEN
