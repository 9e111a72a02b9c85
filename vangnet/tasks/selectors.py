"""Reads for the work list: open tasks first by due date and priority, with the tenant and contract."""

from django.db.models import QuerySet

from vangnet.tasks.models import Task, TaskStatus


def task_list(*, status: str = TaskStatus.OPEN, kind: str = "") -> QuerySet[Task]:
    tasks = Task.objects.select_related("tenant", "contract__unit", "assigned_to").order_by(
        "due_on", "-priority", "pk"
    )
    if status:
        tasks = tasks.filter(status=status)
    if kind:
        tasks = tasks.filter(kind=kind)
    return tasks
