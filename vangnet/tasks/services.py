"""Writes on tasks: another app asks a colleague to do something; a colleague finishes it with its outcome."""

from collections.abc import Sequence
from datetime import date

from django.db import IntegrityError, transaction
from django.db.models import QuerySet

from vangnet.core import clock
from vangnet.core.audit import Actor, log_action
from vangnet.core.errors import ApplicationError
from vangnet.core.models import Corporation, Membership, User
from vangnet.core.sql import insert_from
from vangnet.ledger.models import Contract
from vangnet.tasks.models import Task, TaskPriority, TaskStatus
from vangnet.tenants.models import Tenant


def task_create(
    *,
    corporation: Corporation,
    kind: str,
    title: str,
    due_on: date,
    source: str,
    source_key: str = "",
    contract: Contract | None = None,
    tenant: Tenant | None = None,
    description: str = "",
    priority: int = TaskPriority.NORMAL,
    team: str = "",
    assigned_to: User | None = None,
    actor: Actor = None,
) -> Task:
    """One task; with a `source_key` a second call for the same source returns the first task unchanged."""
    if source_key:
        existing = Task.objects.filter(corporation=corporation, source_key=source_key).first()
        if existing is not None:
            return existing
    try:
        with transaction.atomic():
            task = Task.objects.create(
                corporation=corporation,
                kind=kind,
                title=title[:200],
                description=description,
                contract=contract,
                tenant=tenant,
                due_on=due_on,
                priority=priority,
                team=team,
                assigned_to=assigned_to,
                source=source,
                source_key=source_key,
            )
    except IntegrityError:
        # Two requests raced on the same source: the other one's task stands.
        return Task.objects.get(corporation=corporation, source_key=source_key)
    log_action(
        corporation=corporation,
        actor=actor,
        action="task.created",
        obj=task,
        data={"kind": kind, "source": source, "source_key": source_key},
    )
    return task


def tasks_create_bulk(tasks: Sequence[Task]) -> int:
    """Many tasks in one INSERT; a task whose source already has one (same source_key) is left out.

    For the batch jobs (the daily run, the monitors) that build their tasks row by row from a query; their
    audit entry is the job's own. Returns how many were offered, as the jobs count them.
    """
    if tasks:
        Task.objects.bulk_create(tasks, ignore_conflicts=True)
    return len(tasks)


def tasks_create_from(columns: dict[str, str], queryset: QuerySet) -> int:
    """Tasks straight from a query (INSERT … SELECT): `columns` maps each Task column to the queryset's
    annotation that fills it. A task whose source already has one is left out; returns how many were written.
    """
    return insert_from(Task, columns, queryset)


def tasks_assign(
    *,
    corporation: Corporation,
    task_ids: list[int],
    assignee: User | None,
    team: str | None,
    actor: User,
) -> int:
    """Give open tasks to a colleague and/or a team in one UPDATE; `None` leaves that field as it is."""
    if not task_ids:
        raise ApplicationError("Kies eerst een of meer taken.")
    if assignee is None and team is None:
        raise ApplicationError("Kies een collega of een team.")
    if (
        assignee is not None
        and not Membership.objects.filter(corporation=corporation, user=assignee).exists()
    ):
        raise ApplicationError("Deze collega werkt niet voor deze corporatie.")
    changes: dict = {}
    if assignee is not None:
        changes["assigned_to"] = assignee
    if team is not None:
        changes["team"] = team.strip()[:100]
    updated = Task.objects.filter(corporation=corporation, pk__in=task_ids, status=TaskStatus.OPEN).update(
        **changes
    )
    log_action(
        corporation=corporation,
        actor=actor,
        action="task.assigned",
        data={
            "tasks": sorted(task_ids)[:500],
            "count": updated,
            "assignee": assignee.pk if assignee is not None else None,
            "team": team,
        },
    )
    return updated


def task_complete(*, task: Task, outcome: str, actor: User, call_outcome: str = "") -> Task:
    """Marks an open task done with its outcome in words (and, for a call, the outcome's code)."""
    if task.status != TaskStatus.OPEN:
        raise ApplicationError("Deze taak is al afgerond of vervallen.")
    if not outcome.strip():
        raise ApplicationError("Schrijf kort op wat de uitkomst is.")
    with transaction.atomic():
        updated = Task.objects.filter(pk=task.pk, status=TaskStatus.OPEN).update(
            status=TaskStatus.DONE,
            outcome=outcome.strip()[:200],
            call_outcome=call_outcome,
            completed_at=clock.now(),
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
