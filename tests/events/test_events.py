"""Outbound events: publish, signed delivery to a real local HTTP server, retries with backoff, the pull API."""

import datetime as dt
import json
import time

import pytest
from django.utils import timezone

from tests.api.clients import make_client
from tests.factories import CorporationFactory
from vangnet.core.errors import ApplicationError
from vangnet.events.models import DeliveryStatus, EventDelivery, OutboundEvent, WebhookEndpoint
from vangnet.events.retry import MAX_ATTEMPTS, next_attempt_at, retry_delay
from vangnet.events.services import (
    event_deliveries_due,
    event_publish,
    webhook_endpoint_create,
    webhook_endpoint_set_active,
)
from vangnet.events.signing import signature_header, signature_valid


@pytest.fixture
def endpoint(corporation, receiver):
    endpoint, secret = webhook_endpoint_create(corporation=corporation, url=receiver.url, actor="test")
    assert secret and secret.startswith("whsec_")
    return endpoint


def _publish(corporation, captured, n: int = 1) -> list[OutboundEvent]:
    with captured(execute=True):
        return [
            event_publish(corporation=corporation, type="payment.received", payload={"amount": f"{i}.00"})
            for i in range(n)
        ]


def test_an_event_is_delivered_signed(corporation, endpoint, receiver, django_capture_on_commit_callbacks):
    (event,) = _publish(corporation, django_capture_on_commit_callbacks)
    (got,) = receiver.received
    body = json.loads(got.body)
    assert body == {
        "sequence": 1,
        "type": "payment.received",
        "created_at": event.created_at.isoformat(),
        "corporation": "woonstad",
        "data": {"amount": "0.00"},
    }
    assert got.headers["X-Vangnet-Event"] == "payment.received"
    header = got.headers["X-Vangnet-Signature"]
    assert signature_valid(secret=endpoint.secret, header=header, body=got.body, now=int(time.time()))
    assert not signature_valid(secret="wrong", header=header, body=got.body, now=int(time.time()))
    assert not signature_valid(
        secret=endpoint.secret, header=header, body=got.body + b" ", now=int(time.time())
    )
    delivery = EventDelivery.objects.get()
    assert (delivery.status, delivery.response_code, delivery.attempt) == (DeliveryStatus.DELIVERED, 200, 1)


def test_the_signature_is_hmac_sha256_over_timestamp_dot_body():
    # The example of docs/events.md, so receivers can check their own code against it.
    header = signature_header(secret="whsec_test", timestamp=1767225600, body=b'{"sequence":1}')
    assert (
        header
        == "t=1767225600,v1="
        + __import__("hmac").new(b"whsec_test", b'1767225600.{"sequence":1}', "sha256").hexdigest()
    )
    assert not signature_valid(
        secret="whsec_test", header=header, body=b'{"sequence":1}', now=1767225600 + 301
    )
    assert not signature_valid(secret="whsec_test", header="garbage", body=b"", now=0)


def test_a_500_is_retried_with_backoff(corporation, endpoint, receiver, django_capture_on_commit_callbacks):
    receiver.responses = [500]
    before = timezone.now()
    _publish(corporation, django_capture_on_commit_callbacks)
    first, second = EventDelivery.objects.order_by("attempt")
    assert (first.status, first.response_code, first.error) == (
        DeliveryStatus.FAILED,
        500,
        "De ontvanger had een storing.",
    )
    assert second.status == DeliveryStatus.PENDING and second.attempt == 2
    assert before + retry_delay(1) <= second.next_attempt_at <= timezone.now() + retry_delay(1)
    # Not due yet: the sweep leaves it.
    assert event_deliveries_due() == 0
    assert event_deliveries_due(now=second.next_attempt_at) == 1
    second.refresh_from_db()
    assert (second.status, second.response_code) == (DeliveryStatus.DELIVERED, 200)
    assert len(receiver.received) == 2
    assert receiver.received[0].body == receiver.received[1].body


def test_backoff_grows_and_stops():
    assert [retry_delay(n).total_seconds() for n in (1, 2, 3)] == [60, 240, 960]
    assert retry_delay(20) == dt.timedelta(hours=6)
    now = timezone.now()
    assert next_attempt_at(attempt=MAX_ATTEMPTS, failed_at=now) is None


def test_an_unreachable_endpoint_gives_up_after_the_last_attempt(
    corporation, db, django_capture_on_commit_callbacks
):
    webhook_endpoint_create(corporation=corporation, url="http://127.0.0.1:9/down", actor="test")
    _publish(corporation, django_capture_on_commit_callbacks)
    for _ in range(MAX_ATTEMPTS):
        event_deliveries_due(now=timezone.now() + dt.timedelta(days=2))
    statuses = list(EventDelivery.objects.order_by("attempt").values_list("status", flat=True))
    assert len(statuses) == MAX_ATTEMPTS
    assert statuses[-1] == DeliveryStatus.GAVE_UP
    assert EventDelivery.objects.filter(response_code__isnull=True).count() == MAX_ATTEMPTS


def test_inactive_endpoints_get_nothing(corporation, endpoint, receiver, django_capture_on_commit_callbacks):
    webhook_endpoint_set_active(endpoint=endpoint, active=False, actor="test")
    _publish(corporation, django_capture_on_commit_callbacks)
    assert receiver.received == [] and not EventDelivery.objects.exists()


def test_a_secret_from_the_environment(
    corporation, receiver, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setenv("VANGNET_WEBHOOK_SECRET_WOONSTAD", "from-the-env")
    endpoint, shown = webhook_endpoint_create(
        corporation=corporation, url=receiver.url, secret_env="VANGNET_WEBHOOK_SECRET_WOONSTAD", actor="test"
    )
    assert shown is None and endpoint.secret == ""
    _publish(corporation, django_capture_on_commit_callbacks)
    got = receiver.received[0]
    assert signature_valid(
        secret="from-the-env", header=got.headers["X-Vangnet-Signature"], body=got.body, now=int(time.time())
    )


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("ftp://erp.example/x", r"Dit is geen geldig adres \(URL\)\."),
        ("not a url", r"Dit is geen geldig adres \(URL\)\."),
        ("http://erp.example/hook", "Het adres moet met https:// beginnen."),
    ],
)
def test_bad_endpoint_urls_are_refused(corporation, url, reason):
    with pytest.raises(ApplicationError, match=reason):
        webhook_endpoint_create(corporation=corporation, url=url, actor="test")
    assert not WebhookEndpoint.objects.exists()


def test_sequences_count_per_corporation(corporation, django_capture_on_commit_callbacks):
    other = CorporationFactory(slug="thuisbest")
    _publish(corporation, django_capture_on_commit_callbacks, 2)
    _publish(other, django_capture_on_commit_callbacks, 1)
    assert list(OutboundEvent.objects.filter(corporation=corporation).values_list("sequence", flat=True)) == [
        1,
        2,
    ]
    assert list(OutboundEvent.objects.filter(corporation=other).values_list("sequence", flat=True)) == [1]


def test_publish_uses_a_bounded_number_of_queries(corporation, endpoint, django_assert_max_num_queries):
    for n in range(4):
        WebhookEndpoint.objects.create(
            corporation=corporation, url=f"https://erp{n}.example/hook", secret="s"
        )
    # Savepoints included; the same whatever the number of endpoints (one bulk insert for the deliveries).
    with django_assert_max_num_queries(11):
        event_publish(corporation=corporation, type="payment.received", payload={})
    assert EventDelivery.objects.count() == 5


def test_the_pull_api_pages_by_sequence_and_sees_only_its_own_corporation(
    db, django_capture_on_commit_callbacks
):
    api_a = make_client("woonstad", "Woonstad")
    api_b = make_client("thuisbest", "Thuisbest")
    _publish(api_a.corporation, django_capture_on_commit_callbacks, 3)
    _publish(api_b.corporation, django_capture_on_commit_callbacks, 1)

    first = api_a.get("/api/v1/events?limit=2").json()
    assert [e["sequence"] for e in first["events"]] == [1, 2]
    assert first["has_more"] is True and first["next_after"] == 2
    assert first["events"][0]["type"] == "payment.received" and first["events"][0]["data"] == {
        "amount": "0.00"
    }
    rest = api_a.get(f"/api/v1/events?after={first['next_after']}&limit=2").json()
    assert [e["sequence"] for e in rest["events"]] == [3] and rest["has_more"] is False
    empty = api_a.get("/api/v1/events?after=3").json()
    assert empty == {"events": [], "next_after": 3, "has_more": False}

    theirs = api_b.get("/api/v1/events").json()
    assert [e["data"] for e in theirs["events"]] == [{"amount": "0.00"}]


@pytest.mark.parametrize("query", ["after=-1", "after=abc", "limit=0", "limit=10000"])
def test_the_pull_api_rejects_bad_parameters(db, query):
    api = make_client("woonstad", "Woonstad")
    response = api.get(f"/api/v1/events?{query}")
    assert response.status_code == 422
    assert response.json()["errors"]


def test_the_pull_api_needs_a_key(db):
    from django.test import Client

    assert Client().get("/api/v1/events").status_code == 401
