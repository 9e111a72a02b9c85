"""Celery entry points for the daily run: thin, by id, the scheduling in vangnet/celery.py."""

from celery import shared_task
from django_scopes import scopes_disabled

from vangnet.core.models import Corporation
from vangnet.flows.engine import run_day
from vangnet.ledger.services.standing import today


@shared_task(name="flows.run_day")
def run_day_task(corporation_id: int) -> dict:
    with scopes_disabled():
        corporation = Corporation.objects.get(pk=corporation_id)
    return run_day(corporation=corporation, as_of=today(), actor="scheduler").as_dict()


@shared_task(name="flows.run_all_days")
def run_all_days_task() -> int:
    """Fans out one run per corporation, so one slow portfolio never delays another."""
    with scopes_disabled():
        ids = list(Corporation.objects.values_list("pk", flat=True))
    for corporation_id in ids:
        run_day_task.delay(corporation_id)
    return len(ids)
