"""Thin Celery tasks: take ids, call the service, own nothing else. Without a broker they run in-process."""

from celery import shared_task
from django_scopes import scopes_disabled

# The service enqueues these tasks: both import the other as a module, so either may load first.
from vangnet.events import services


@shared_task(ignore_result=True)
def deliver_event_task(delivery_id: int) -> None:
    # A delivery id names its corporation; the service reads only that row and its event and endpoint.
    with scopes_disabled():
        services.event_delivery_attempt(delivery_id=delivery_id)


@shared_task(ignore_result=True)
def deliver_due_events_task() -> None:
    """Periodic sweep (every minute, "* * * * *"): the retries that are due, for every corporation."""
    with scopes_disabled():
        services.event_deliveries_due()
