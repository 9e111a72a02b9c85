"""Reads of the event outbox: the pull feed and the back office's delivery log (inside a corporation scope)."""

from django.db.models import QuerySet

from vangnet.events.models import EventDelivery, OutboundEvent, WebhookEndpoint


def events_after(*, after: int, limit: int) -> list[OutboundEvent]:
    return list(OutboundEvent.objects.filter(sequence__gt=after).order_by("sequence")[:limit])


def webhook_endpoint_list() -> QuerySet[WebhookEndpoint]:
    return WebhookEndpoint.objects.order_by("created_at", "id")


def event_delivery_log() -> QuerySet[EventDelivery]:
    return EventDelivery.objects.select_related("event", "endpoint").order_by("-id")
