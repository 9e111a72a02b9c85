"""Reads for the work list and the call list: filters, SLA state and counts."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, Q, QuerySet

from vangnet.core.models import Membership, Team, User
from vangnet.tasks.models import Task, TaskStatus

ASSIGNEE_ME = "ik"
ASSIGNEE_NOBODY = "niemand"
DUE_CHOICES = ("te-laat", "vandaag", "deze-week")


@dataclass(frozen=True)
class TaskFilter:
    status: str = TaskStatus.OPEN
    kind: str = ""
    team: str = ""
    assignee: str = ""  # ASSIGNEE_ME, ASSIGNEE_NOBODY or a user id
    due: str = ""  # one of DUE_CHOICES
    source: str = ""


def sla_state(due_on: date, as_of: date) -> str:
    """'overdue', 'today' or 'later': the colour a work item gets."""
    if due_on < as_of:
        return "overdue"
    return "today" if due_on == as_of else "later"


def task_list(*, filters: TaskFilter, user: User | None, as_of: date) -> QuerySet[Task]:
    tasks = Task.objects.select_related("tenant", "contract__unit", "assigned_to").order_by(
        "due_on", "-priority", "pk"
    )
    if filters.status:
        tasks = tasks.filter(status=filters.status)
    if filters.kind:
        tasks = tasks.filter(kind=filters.kind)
    if filters.team:
        tasks = tasks.filter(team=filters.team)
    if filters.source:
        tasks = tasks.filter(source=filters.source)
    if filters.assignee == ASSIGNEE_ME and user is not None:
        tasks = tasks.filter(assigned_to=user)
    elif filters.assignee == ASSIGNEE_NOBODY:
        tasks = tasks.filter(assigned_to__isnull=True)
    elif filters.assignee.isdigit():
        tasks = tasks.filter(assigned_to_id=int(filters.assignee))
    if filters.due == "te-laat":
        tasks = tasks.filter(due_on__lt=as_of)
    elif filters.due == "vandaag":
        tasks = tasks.filter(due_on=as_of)
    elif filters.due == "deze-week":
        tasks = tasks.filter(due_on__lte=as_of + timedelta(days=7))
    return tasks


@dataclass(frozen=True)
class TaskCounts:
    open: int
    overdue: int
    due_today: int
    mine: int
    mine_overdue: int
    unassigned: int


def task_counts(*, user: User | None, as_of: date) -> TaskCounts:
    """All the start screen's task numbers in one aggregate query."""
    mine = Q(assigned_to=user) if user is not None else Q(pk__in=[])
    row = Task.objects.filter(status=TaskStatus.OPEN).aggregate(
        open=Count("pk"),
        overdue=Count("pk", filter=Q(due_on__lt=as_of)),
        due_today=Count("pk", filter=Q(due_on=as_of)),
        mine=Count("pk", filter=mine),
        mine_overdue=Count("pk", filter=mine & Q(due_on__lt=as_of)),
        unassigned=Count("pk", filter=Q(assigned_to__isnull=True)),
    )
    return TaskCounts(**row)


def task_teams() -> list[str]:
    """Teams work is given to: the teams the administrators made, the departments colleagues belong to and
    teams tasks already name."""
    teams = Team.objects.values_list("name", flat=True)
    departments = Membership.objects.exclude(department="").values_list("department", flat=True)
    named = Task.objects.filter(status=TaskStatus.OPEN).exclude(team="").values_list("team", flat=True)
    return sorted(set(teams) | set(departments) | set(named.distinct()))


def open_tasks_of(*, user: User) -> QuerySet[Task]:
    """A colleague's open tasks, for reassigning them (for instance when the account is deactivated)."""
    return (
        Task.objects.filter(status=TaskStatus.OPEN, assigned_to=user)
        .select_related("tenant")
        .order_by("due_on", "-priority", "pk")
    )


def assignable_colleagues() -> QuerySet[Membership]:
    return Membership.objects.select_related("user").order_by("user__first_name", "user__username")
