"""Thin Celery tasks: take ids, enter the corporation's scope, call a service. Retry policy lives in
dispatch.py (retry_after on the row), so a retry survives a worker restart.

The beat schedule should run `dispatch_due_task` every minute (`* * * * *`) to pick up retries and
messages whose send_at has come, and to recover rows a dead worker left in 'sending'.
"""

from celery import shared_task
from django_scopes import scope, scopes_disabled

from vangnet.core import clock
from vangnet.core.models import Corporation
from vangnet.messaging import dispatch
from vangnet.messaging.models import Batch


@shared_task(name="messaging.dispatch_batch")
def dispatch_batch_task(batch_id: int) -> int:
    with scopes_disabled():
        batch = Batch.objects.select_related("corporation").get(pk=batch_id)
    corporation = batch.corporation
    with scope(corporation=corporation):
        now = clock.now()
        dispatch.messages_recover_stale(corporation=corporation, now=now)
        ids = dispatch.due_message_ids(corporation=corporation, now=now, batch=batch)
    for chunk in dispatch.chunks(ids):
        deliver_messages_task.delay(corporation.pk, chunk)
    return len(ids)


@shared_task(name="messaging.deliver_messages")
def deliver_messages_task(corporation_id: int, message_ids: list[int]) -> dict:
    corporation = Corporation.objects.get(pk=corporation_id)
    with scope(corporation=corporation):
        summary = dispatch.messages_deliver(corporation=corporation, message_ids=message_ids, now=clock.now())
    if summary.fallbacks:
        deliver_messages_task.delay(corporation_id, summary.fallbacks)
    return {
        "claimed": summary.claimed,
        "sent": summary.sent,
        "withheld": summary.withheld,
        "failed": summary.failed,
    }


@shared_task(name="messaging.dispatch_due")
def dispatch_due_task() -> int:
    total = 0
    for corporation in Corporation.objects.all():
        with scope(corporation=corporation):
            now = clock.now()
            dispatch.messages_recover_stale(corporation=corporation, now=now)
            ids = dispatch.due_message_ids(corporation=corporation, now=now)
        for chunk in dispatch.chunks(ids):
            deliver_messages_task.delay(corporation.pk, chunk)
        total += len(ids)
    return total
