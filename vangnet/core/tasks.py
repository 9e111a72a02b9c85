"""Celery entry points of core: thin, they call one service."""

from celery import shared_task

from vangnet.core import clock
from vangnet.core.retention import retention_apply


@shared_task(name="core.retention")
def retention_task() -> dict[str, int]:
    return retention_apply(now=clock.now(), actor="retention")
