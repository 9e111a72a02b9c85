"""The deadline watch of the daily run: open disputes past their deadline get a task for their monitor."""

from datetime import date, timedelta

from django.db import transaction
from django.db.models import CharField, Exists, OuterRef, Value
from django.db.models.functions import Cast, Concat
from django.utils.translation import gettext

from vangnet.core.audit import log_action
from vangnet.core.models import Corporation
from vangnet.disputes.keys import OVERDUE_PREFIX
from vangnet.disputes.models import Dispute, DisputeStatus
from vangnet.tasks.models import Task, TaskKind, TaskPriority, TaskSource
from vangnet.tasks.services import tasks_create_bulk

OVERDUE_TASK_DAYS = 2


def disputes_monitor(*, corporation: Corporation, as_of: date) -> int:
    """Open disputes past their deadline get one DISPUTE_OVERDUE task for their monitor; three queries."""
    key = Concat(Value(OVERDUE_PREFIX), Cast("pk", output_field=CharField()))
    has_task = Task.objects.filter(corporation=corporation, source_key=OuterRef("v_key"))
    overdue = list(
        Dispute.objects.filter(corporation=corporation, status=DisputeStatus.OPEN, deadline__lt=as_of)
        .annotate(v_key=key)
        .filter(~Exists(has_task))
        .select_related("category", "contract")
        .order_by("deadline", "pk")
    )
    if not overdue:
        return 0
    tasks = [
        Task(
            corporation=corporation,
            kind=TaskKind.DISPUTE_OVERDUE,
            title=(
                gettext("Geschil over termijn: %(category)s (%(contract)s)")
                % {"category": d.category.name, "contract": d.contract.source_id}
            )[:200],
            description=gettext("Uiterlijk opgelost op %(deadline)s; team %(team)s.")
            % {"deadline": d.deadline.isoformat(), "team": d.resolver_team or "-"},
            contract_id=d.contract_id,
            tenant_id=d.tenant_id,
            due_on=as_of + timedelta(days=OVERDUE_TASK_DAYS),
            priority=TaskPriority.HIGH,
            team=d.monitor_team,
            assigned_to_id=d.monitor_id,
            source=TaskSource.DISPUTE,
            source_key=d.v_key,
        )
        for d in overdue
    ]
    with transaction.atomic():
        tasks_create_bulk(tasks)
        log_action(
            corporation=corporation,
            actor="disputes_monitor",
            action="dispute.overdue_tasks_created",
            data={
                "disputes": [d.pk for d in overdue][:100],
                "count": len(overdue),
                "as_of": as_of.isoformat(),
            },
        )
    return len(overdue)
