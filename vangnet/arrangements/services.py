"""Writes on arrangements and promises that the daily run needs."""

from datetime import date, timedelta

from django.db.models import Exists, OuterRef

from vangnet.arrangements.models import Promise, PromiseStatus
from vangnet.core.audit import log_action
from vangnet.core.models import Corporation
from vangnet.ledger.models import ContractStanding


def promises_settle_due(*, corporation: Corporation, as_of: date, grace_days: int) -> tuple[int, int]:
    """Open promises whose date plus grace has passed: kept when nothing is overdue any more, else broken.

    Returns (kept, broken). Two UPDATEs whatever the number of promises.
    """
    due = Promise.objects.filter(
        corporation=corporation,
        status=PromiseStatus.OPEN,
        promised_date__lt=as_of - timedelta(days=grace_days),
    )
    settled = ContractStanding.objects.filter(contract=OuterRef("contract_id"), overdue_amount__lte=0)
    kept = due.filter(Exists(settled)).update(status=PromiseStatus.KEPT)
    broken = due.update(status=PromiseStatus.BROKEN)
    if kept or broken:
        log_action(
            corporation=corporation,
            actor="run_day",
            action="promises.settled",
            data={"as_of": as_of.isoformat(), "kept": kept, "broken": broken},
        )
    return kept, broken
