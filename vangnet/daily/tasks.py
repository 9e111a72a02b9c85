"""Celery entry points for the nightly job: thin, by id; the schedule is in vangnet/celery.py."""

import logging

from celery import shared_task
from django_scopes import scopes_disabled

from vangnet.core.clock import now, today
from vangnet.core.integrity import integrity_check
from vangnet.core.models import Corporation
from vangnet.daily.services import day_run
from vangnet.privacy.retention import retention_apply

logger = logging.getLogger(__name__)


@shared_task(name="daily.run_day")
def run_day_task(corporation_id: int) -> dict:
    with scopes_disabled():
        corporation = Corporation.objects.get(pk=corporation_id)
    return day_run(corporation=corporation, as_of=today(), actor="scheduler").as_dict()


@shared_task(name="daily.run_all_days")
def run_all_days_task() -> int:
    """Fans out one run per corporation, so one slow portfolio never delays another."""
    with scopes_disabled():
        ids = list(Corporation.objects.values_list("pk", flat=True))
    for corporation_id in ids:
        run_day_task.delay(corporation_id)
    return len(ids)


@shared_task(name="core.retention")
def retention_task() -> dict:
    """Every night at 04:15: personal data past its retention period (vangnet.privacy.retention)."""
    return retention_apply(now=now(), actor="retention")


@shared_task(name="core.check_integrity")
def check_integrity_task() -> dict:
    """Every Sunday at 03:00: the references the database does not enforce (vangnet.core.integrity).

    Problems are logged as an error, so the worker's log monitoring reports them.
    """
    result = integrity_check()
    if result["problems"]:
        logger.error("integrity check: %s", result["findings"])
    return result
