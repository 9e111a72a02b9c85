"""Work: the calls colleagues made and their outcomes, the tasks they finished, the open tasks past their
day, and the message batches they reviewed, per colleague or per team.

Tasks and batches are two grouped queries (and one for the colleagues' names when split by colleague); a
group's figures are the two merged by key, and the total is the sum of the groups.
"""

from typing import Any

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.utils.translation import gettext_lazy as _

from vangnet.core.models import Corporation, Membership
from vangnet.messaging.models import Batch
from vangnet.reports.base import Column, Dimension, Query, Report, ReportResult
from vangnet.reports.grouping import EMPTY_KEY, grouped
from vangnet.reports.standard.activity import TOTAL, period_of
from vangnet.tasks.calls import CallOutcome
from vangnet.tasks.models import Task, TaskKind, TaskStatus

# A colleague is grouped by user id; the names come from the corporation's memberships.
COLLEAGUE = Dimension("colleague", _("Medewerker"), "assigned_to")
TEAM = Dimension("team", _("Team"), "team")
# The same dimensions over batches: who approved it, and that colleague's department.
BATCH_PATHS = {"colleague": "approved_by", "team": "approver_team", "total": ""}

CALL_COLUMNS = [
    Column("calls_reached", _("Bereikt"), "count"),
    Column("calls_not_reached", _("Niet bereikt"), "count"),
    Column("calls_promise", _("Belofte gemaakt"), "count"),
    Column("calls_arrangement", _("Regeling gemaakt"), "count"),
    Column("calls_dispute", _("Geschil"), "count"),
    Column("calls_wrong_number", _("Verkeerd nummer"), "count"),
]
COLUMNS = [
    Column("calls", _("Gesprekken"), "count"),
    *CALL_COLUMNS,
    Column("tasks_done", _("Taken afgerond"), "count"),
    Column("tasks_overdue", _("Taken te laat"), "count"),
    Column("batches_reviewed", _("Batches beoordeeld"), "count"),
]
DONE = Q(status=TaskStatus.DONE)
CALL_DONE = DONE & Q(kind=TaskKind.CALL)
TASK_MEASURES: dict[str, Any] = {
    "calls": Count("id", filter=CALL_DONE),
    **{
        f"calls_{outcome}": Count("id", filter=CALL_DONE & Q(call_outcome=outcome))
        for outcome in CallOutcome.values
    },
    "tasks_done": Count("id", filter=DONE),
    "tasks_overdue": Count("id", filter=Q(status=TaskStatus.OPEN)),
}
BATCH_MEASURES: dict[str, Any] = {"batches_reviewed": Count("id")}


def _colleague_names(corporation: Corporation) -> dict[Any, str]:
    return {
        user_id: f"{first} {last}".strip() or username
        for user_id, first, last, username in Membership.objects.filter(corporation=corporation).values_list(
            "user_id", "user__first_name", "user__last_name", "user__username"
        )
    }


class WorkReport(Report):
    name = "work"
    title = _("Werk van medewerkers")
    description = _(
        "Gesprekken en hun uitkomst, afgeronde taken, open taken over hun datum en beoordeelde batches, "
        "per medewerker of team."
    )
    dimensions = (COLLEAGUE, TEAM, TOTAL)
    chart_column = "tasks_done"
    default_by = "colleague"
    has_period = True
    team_path = "team"

    def tasks(self, query: Query, start, end) -> QuerySet:
        """The tasks finished in the period, and those open on `as_of` past their day."""
        rows = Task.objects.filter(corporation=query.corporation).filter(
            Q(status=TaskStatus.DONE, completed_at__date__gte=start, completed_at__date__lte=end)
            | Q(status=TaskStatus.OPEN, due_on__lt=query.as_of)
        )
        if query.teams is not None:
            rows = rows.filter(team__in=query.teams)
        return rows

    def batches(self, query: Query, start, end) -> QuerySet:
        """The batches a colleague approved in the period, with that colleague's team."""
        department = Membership.objects.filter(
            corporation=OuterRef("corporation"), user=OuterRef("approved_by")
        ).values("department")[:1]
        rows = Batch.objects.filter(
            corporation=query.corporation,
            approved_by__isnull=False,
            approved_at__date__gte=start,
            approved_at__date__lte=end,
        ).annotate(approver_team=Subquery(department))
        if query.teams is not None:
            rows = rows.filter(approver_team__in=query.teams)
        return rows

    def compute(self, query: Query) -> ReportResult:
        dimension = self.dimension(query.by)
        if dimension.key == COLLEAGUE.key:
            dimension = Dimension(
                COLLEAGUE.key, COLLEAGUE.label, COLLEAGUE.path, _colleague_names(query.corporation)
            )
        start, end = period_of(query)
        task_rows, _task_totals = grouped(self.tasks(query, start, end), dimension, TASK_MEASURES)
        batch_dimension = Dimension(
            dimension.key, dimension.label, BATCH_PATHS[dimension.key], dimension.choices
        )
        batch_rows, _batch_totals = grouped(self.batches(query, start, end), batch_dimension, BATCH_MEASURES)
        merged: dict[str, dict[str, Any]] = {}
        for row in [*task_rows, *batch_rows]:
            found = merged.setdefault(
                row["key"],
                {"key": row["key"], "label": row["label"], **{column.key: 0 for column in COLUMNS}},
            )
            for column in COLUMNS:
                found[column.key] += row.get(column.key) or 0
        if dimension.key == COLLEAGUE.key:
            for row in merged.values():
                if row["key"] != EMPTY_KEY and int(row["key"]) not in dimension.choices:
                    # Someone who no longer works for the corporation: no user number on the screen.
                    row["label"] = str(_("Oud-medewerker"))
        rows = sorted(merged.values(), key=lambda row: (row["key"] == EMPTY_KEY, row["label"].lower()))
        totals = {column.key: sum(row[column.key] for row in rows) for column in COLUMNS}
        return ReportResult(
            name=self.name,
            title=str(self.title),
            as_of=query.as_of,
            dimension=dimension,
            columns=COLUMNS,
            rows=rows,
            totals=totals,
            period=(start, end),
        )
