"""Writes on tasks: a colleague finishes one with its outcome."""

from django.db import transaction
from django.utils import timezone

from vangnet.core.audit import log_action
from vangnet.core.errors import ApplicationError
from vangnet.core.models import User
from vangnet.tasks.models import Task, TaskStatus


def task_complete(*, task: Task, outcome: str, actor: User) -> Task:
    if task.status != TaskStatus.OPEN:
        raise ApplicationError("Deze taak is al afgerond of vervallen.")
    if not outcome.strip():
        raise ApplicationError("Schrijf kort op wat de uitkomst is.")
    with transaction.atomic():
        updated = Task.objects.filter(pk=task.pk, status=TaskStatus.OPEN).update(
            status=TaskStatus.DONE,
            outcome=outcome.strip()[:200],
            completed_at=timezone.now(),
            assigned_to=actor,
        )
        if not updated:
            raise ApplicationError("Deze taak is net door iemand anders afgerond.")
        task.refresh_from_db()
        log_action(
            corporation=task.corporation,
            actor=actor,
            action="task.completed",
            obj=task,
            data={"outcome": outcome},
        )
    return task
