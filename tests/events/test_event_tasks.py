"""The Celery entry points of event delivery, as a worker and the minute sweep run them (eager, no broker):
a delivery whose endpoint fails is tried again at its next_attempt_at and then reaches a real HTTP server."""

import datetime as dt
import json

import pytest
import time_machine

from tests.factories import CorporationFactory
from vangnet.core import clock
from vangnet.events.models import DeliveryStatus, EventDelivery
from vangnet.events.retry import retry_delay
from vangnet.events.services import event_publish, webhook_endpoint_create
from vangnet.events.tasks import deliver_due_events_task, deliver_event_task


@pytest.fixture
def still_clock():
    """The clock stands still, so the next attempt's time can be checked to the microsecond."""
    with time_machine.travel(clock.now(), tick=False) as traveller:
        yield traveller


def test_a_failing_endpoint_is_retried_at_its_time_by_the_sweep_then_delivered(
    corporation, receiver, still_clock, django_capture_on_commit_callbacks
):
    webhook_endpoint_create(corporation=corporation, url=receiver.url, actor="test")
    receiver.responses = [503]
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        event_publish(corporation=corporation, type="payment.received", payload={"amount": "700.00"})
    assert len(callbacks) == 1  # the delivery task, enqueued when the event's transaction commits

    first, retry = EventDelivery.objects.order_by("attempt")
    failed_at = clock.now()
    assert (first.attempt, first.status, first.response_code, first.error) == (
        1,
        DeliveryStatus.FAILED,
        503,
        "De ontvanger had een storing.",
    )
    assert (retry.attempt, retry.status) == (2, DeliveryStatus.PENDING)
    assert retry.next_attempt_at == failed_at + retry_delay(1)

    # The sweep a moment before its time leaves it.
    still_clock.move_to(retry.next_attempt_at - dt.timedelta(seconds=1))
    deliver_due_events_task.delay().get()
    retry.refresh_from_db()
    assert retry.status == DeliveryStatus.PENDING
    assert len(receiver.received) == 1

    still_clock.move_to(retry.next_attempt_at)
    deliver_due_events_task.delay().get()
    retry.refresh_from_db()
    assert (retry.status, retry.response_code, retry.error) == (DeliveryStatus.DELIVERED, 200, "")
    assert retry.attempted_at == retry.next_attempt_at
    assert len(receiver.received) == 2
    assert receiver.received[1].body == receiver.received[0].body
    body = json.loads(receiver.received[1].body)
    assert (body["type"], body["data"]) == ("payment.received", {"amount": "700.00"})
    assert receiver.received[1].headers["X-Vangnet-Delivery"] == str(retry.pk)
    assert EventDelivery.objects.count() == 2  # delivered: no third attempt planned


def test_the_delivery_task_sends_a_pending_delivery_once(
    corporation, receiver, django_capture_on_commit_callbacks
):
    webhook_endpoint_create(corporation=corporation, url=receiver.url, actor="test")
    with django_capture_on_commit_callbacks(execute=False):
        event_publish(corporation=corporation, type="contract.closed", payload={"contract": "C-1"})
    delivery = EventDelivery.objects.get()
    assert (delivery.status, receiver.received) == (DeliveryStatus.PENDING, [])

    deliver_event_task.delay(delivery.pk).get()
    deliver_event_task.delay(delivery.pk).get()  # a second worker handed the same id

    delivery.refresh_from_db()
    assert (delivery.status, delivery.response_code) == (DeliveryStatus.DELIVERED, 200)
    assert len(receiver.received) == 1


def test_the_sweep_gives_each_corporation_its_own_deliveries(
    db, receiver, django_capture_on_commit_callbacks
):
    first = CorporationFactory(slug="devang")
    second = CorporationFactory(slug="woonstad")
    for corporation in (first, second):
        webhook_endpoint_create(corporation=corporation, url=receiver.url, actor="test")
        with django_capture_on_commit_callbacks(execute=False):
            event_publish(corporation=corporation, type="payment.received", payload={"amount": "1.00"})

    deliver_due_events_task.delay().get()

    assert set(EventDelivery.objects.values_list("corporation__slug", "status")) == {
        ("devang", DeliveryStatus.DELIVERED),
        ("woonstad", DeliveryStatus.DELIVERED),
    }
    assert sorted(json.loads(r.body)["corporation"] for r in receiver.received) == ["devang", "woonstad"]
