"""Publishing events, managing webhook endpoints and delivering events to them.

event_publish stores the event in the caller's transaction (the outbox) and enqueues its deliveries when
that transaction commits. Each delivery attempt is its own EventDelivery row; a failure schedules the next
attempt with exponential backoff. With a broker, Celery runs the retry at its time; without one (the
embedded installation) `vangnet deliver_events` or the periodic task sends whatever is due.
"""

import json
import logging
import os
import secrets
import time
from typing import Any

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext

from vangnet.core import clock
from vangnet.core.audit import Actor, log_action
from vangnet.core.errors import ApplicationError
from vangnet.core.models import Corporation
from vangnet.core.outbound import outbound_post, outbound_url_check, refusal_in_words

# The delivery task calls this module back: both import the other as a module, so either may load first.
from vangnet.events import tasks
from vangnet.events.models import DeliveryStatus, EventDelivery, EventSequence, OutboundEvent, WebhookEndpoint
from vangnet.events.retry import next_attempt_at
from vangnet.events.signing import HEADER, signature_header

logger = logging.getLogger(__name__)

TIMEOUT_SECONDS = 10
USER_AGENT = "Vangnet-Webhooks/1"


def event_publish(*, corporation: Corporation, type: str, payload: dict[str, Any]) -> OutboundEvent:
    with transaction.atomic():
        counter, _ = EventSequence.objects.select_for_update().get_or_create(corporation=corporation)
        EventSequence.objects.filter(pk=counter.pk).update(last=F("last") + 1)
        counter.refresh_from_db()
        event = OutboundEvent.objects.create(
            corporation=corporation,
            sequence=counter.last,
            type=type,
            payload=json.loads(json.dumps(payload, cls=DjangoJSONEncoder)),
        )
        now = clock.now()
        deliveries = EventDelivery.objects.bulk_create(
            [
                EventDelivery(corporation=corporation, event=event, endpoint=endpoint, next_attempt_at=now)
                for endpoint in WebhookEndpoint.objects.filter(corporation=corporation, active=True)
            ]
        )
        for delivery in deliveries:
            transaction.on_commit(partial_delivery(delivery.pk))
    return event


def partial_delivery(delivery_id: int):
    def enqueue() -> None:
        tasks.deliver_event_task.delay(delivery_id)

    return enqueue


def event_body(event: OutboundEvent) -> bytes:
    """The JSON a webhook receives; the pull API returns the same fields."""
    return json.dumps(
        {
            "sequence": event.sequence,
            "type": event.type,
            "created_at": event.created_at.isoformat(),
            "corporation": event.corporation.slug,
            "data": event.payload,
        },
        separators=(",", ":"),
        ensure_ascii=False,
    ).encode()


def secret_env_prefix(corporation: Corporation) -> str:
    """The environment variables a corporation's webhook secret may come from: its own, by its slug. Any
    other name could make Vangnet sign with a secret of the installation (its key, a PSP's API key)."""
    slug = "".join(ch if ch.isalnum() else "_" for ch in corporation.slug.upper())
    return f"VANGNET_WEBHOOK_SECRET_{slug}"


def _check_secret_env(corporation: Corporation, name: str) -> None:
    prefix = secret_env_prefix(corporation)
    if name and not (name == prefix or name.startswith(prefix + "_")):
        raise ApplicationError(
            gettext("Het geheim moet uit een omgevingsvariabele komen die met %(prefix)s begint.")
            % {"prefix": prefix},
            extra={"field": "secret_env"},
        )


def endpoint_secret(endpoint: WebhookEndpoint) -> str:
    if endpoint.secret_env:
        _check_secret_env(endpoint.corporation, endpoint.secret_env)
        value = os.environ.get(endpoint.secret_env, "")
        if not value:
            raise ApplicationError(
                gettext("De omgevingsvariabele %(name)s is niet gezet.") % {"name": endpoint.secret_env}
            )
        return value
    return endpoint.secret


def event_delivery_attempt(*, delivery_id: int) -> EventDelivery | None:
    """Sends one pending delivery and records the outcome. A delivery already sent is left alone."""
    with transaction.atomic():
        delivery = (
            EventDelivery.objects.select_for_update()
            .select_related("event__corporation", "endpoint")
            .filter(pk=delivery_id, status=DeliveryStatus.PENDING)
            .first()
        )
        if delivery is None:
            return None
        # Claimed: a second worker with the same id finds nothing pending and stops above.
        delivery.status = DeliveryStatus.FAILED
        delivery.attempted_at = clock.now()
        delivery.save(update_fields=["status", "attempted_at"])
    endpoint, event = delivery.endpoint, delivery.event
    body = event_body(event)
    started = time.monotonic()
    try:
        secret = endpoint_secret(endpoint)
    except ApplicationError as exc:
        code, error = None, exc.message
    else:
        headers = {
            "Content-Type": "application/json",
            "User-Agent": USER_AGENT,
            "X-Vangnet-Event": event.type,
            "X-Vangnet-Delivery": str(delivery.pk),
            HEADER: signature_header(secret=secret, timestamp=int(time.time()), body=body),
        }
        answer = outbound_post(endpoint.url, body=body, headers=headers, timeout=TIMEOUT_SECONDS)
        code, error = answer.status, answer.error
    delivery.duration_ms = int((time.monotonic() - started) * 1000)
    delivery.response_code = code
    delivered = code is not None and 200 <= code < 300
    with transaction.atomic():
        delivery.status = DeliveryStatus.DELIVERED if delivered else DeliveryStatus.FAILED
        delivery.error = "" if delivered else (error or refusal_in_words(code or 500))[:300]
        following = None
        if not delivered:
            when = next_attempt_at(attempt=delivery.attempt, failed_at=clock.now())
            if when is None:
                delivery.status = DeliveryStatus.GAVE_UP
            else:
                following = EventDelivery.objects.create(
                    corporation=delivery.corporation,
                    event=event,
                    endpoint=endpoint,
                    attempt=delivery.attempt + 1,
                    next_attempt_at=when,
                )
        delivery.save(update_fields=["status", "error", "response_code", "duration_ms"])
        if following is not None and not settings.CELERY_TASK_ALWAYS_EAGER:
            # Eager (no broker) would run the retry at once; there the sweep sends it when it is due.
            transaction.on_commit(partial_retry(following.pk, following.next_attempt_at))
    if not delivered:
        logger.warning(
            "event %s to %s failed (attempt %s): %s", event.pk, endpoint.url, delivery.attempt, delivery.error
        )
    return delivery


def partial_retry(delivery_id: int, eta):
    def enqueue() -> None:
        tasks.deliver_event_task.apply_async((delivery_id,), eta=eta)

    return enqueue


def event_deliveries_due(*, now=None, limit: int = 500) -> int:
    """Sends every pending delivery whose time has come, oldest first; returns how many were tried."""
    now = now or clock.now()
    due = list(
        EventDelivery.objects.filter(status=DeliveryStatus.PENDING, next_attempt_at__lte=now)
        .order_by("next_attempt_at", "id")
        .values_list("pk", flat=True)[:limit]
    )
    for delivery_id in due:
        event_delivery_attempt(delivery_id=delivery_id)
    return len(due)


def webhook_endpoint_create(
    *,
    corporation: Corporation,
    url: str,
    description: str = "",
    secret_env: str = "",
    actor: Actor,
) -> tuple[WebhookEndpoint, str | None]:
    """A new endpoint. Returns the generated secret to show once, or None when it comes from secret_env."""
    outbound_url_check(url)
    _check_secret_env(corporation, secret_env)
    secret = "" if secret_env else "whsec_" + secrets.token_urlsafe(32)
    with transaction.atomic():
        endpoint = WebhookEndpoint.objects.create(
            corporation=corporation, url=url, description=description, secret=secret, secret_env=secret_env
        )
        log_action(
            corporation=corporation,
            actor=actor,
            action="webhook_endpoint.created",
            obj=endpoint,
            data={"url": url, "secret_env": secret_env},
        )
    return endpoint, secret or None


def webhook_endpoint_set_active(*, endpoint: WebhookEndpoint, active: bool, actor: Actor) -> WebhookEndpoint:
    with transaction.atomic():
        endpoint.active = active
        endpoint.save(update_fields=["active"])
        log_action(
            corporation=endpoint.corporation,
            actor=actor,
            action="webhook_endpoint.activated" if active else "webhook_endpoint.deactivated",
            obj=endpoint,
        )
    return endpoint


def events_publish_bulk(*, corporation: Corporation, type: str, payloads: list[dict[str, Any]]) -> int:
    """Many events of one type at once (a bank statement's bookings): the sequence numbers are reserved in
    one locked update, events and their deliveries written in bulk."""
    if not payloads:
        return 0
    with transaction.atomic():
        counter, _ = EventSequence.objects.select_for_update().get_or_create(corporation=corporation)
        EventSequence.objects.filter(pk=counter.pk).update(last=F("last") + len(payloads))
        counter.refresh_from_db()
        first = counter.last - len(payloads) + 1
        events = OutboundEvent.objects.bulk_create(
            [
                OutboundEvent(
                    corporation=corporation,
                    sequence=first + offset,
                    type=type,
                    payload=json.loads(json.dumps(payload, cls=DjangoJSONEncoder)),
                )
                for offset, payload in enumerate(payloads)
            ]
        )
        endpoints = list(WebhookEndpoint.objects.filter(corporation=corporation, active=True))
        if endpoints:
            saved = {
                event.sequence: event
                for event in OutboundEvent.objects.filter(
                    corporation=corporation, sequence__gte=first, sequence__lte=counter.last
                )
            }
            now = clock.now()
            deliveries = EventDelivery.objects.bulk_create(
                [
                    EventDelivery(
                        corporation=corporation, event=event, endpoint=endpoint, next_attempt_at=now
                    )
                    for event in saved.values()
                    for endpoint in endpoints
                ]
            )
            ids = (
                list(
                    EventDelivery.objects.filter(event__in=list(saved.values())).values_list("pk", flat=True)
                )
                if deliveries
                else []
            )
            for delivery_id in ids:
                transaction.on_commit(partial_delivery(delivery_id))
    return len(events)
