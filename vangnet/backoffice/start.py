"""The start screen: what this colleague should do today (left) and what to keep an eye on (right).

What a role may not open is not fetched at all, so a dispute handler's start screen costs a few queries.
"""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Q

from vangnet.arrangements.models import Arrangement, ArrangementStatus, Promise
from vangnet.arrangements.selectors import arrangements_to_watch, promises_to_watch
from vangnet.backoffice.access import Permission, has_permission
from vangnet.backoffice.call_list import CallRow, call_list
from vangnet.core.models import Membership
from vangnet.disputes.models import Dispute
from vangnet.disputes.selectors import DisputeCounts, dispute_counts, disputes_to_watch
from vangnet.ledger.selectors import main_party_subquery
from vangnet.messaging.models import Batch, BatchStatus, MessageStatus
from vangnet.reports.selectors import Tile, start_tiles
from vangnet.tasks.models import Task, TaskKind, TaskStatus
from vangnet.tasks.selectors import TaskCounts, task_counts
from vangnet.tenants.selectors import attach_tenants

SHOWN = 6


@dataclass
class StartScreen:
    as_of: date
    tasks: TaskCounts
    my_tasks: list[Task] = field(default_factory=list)
    batches: list[Batch] = field(default_factory=list)
    calls: list[CallRow] = field(default_factory=list)
    calls_total: int = 0
    disputes: list[Dispute] = field(default_factory=list)
    dispute_counts: DisputeCounts | None = None
    promises: list[Promise] = field(default_factory=list)
    arrangements: list[Arrangement] = field(default_factory=list)
    requested_arrangements: int = 0
    # The colleague's saved reports put on the start screen, each with its main figure.
    tiles: list[Tile] = field(default_factory=list)


def start_screen(*, membership: Membership, as_of: date) -> StartScreen:
    user = membership.user
    screen = StartScreen(as_of=as_of, tasks=task_counts(user=user, as_of=as_of))
    screen.my_tasks = list(
        Task.objects.filter(status=TaskStatus.OPEN, assigned_to=user)
        .select_related("tenant")
        .order_by("due_on", "-priority", "pk")[:SHOWN]
    )
    if has_permission(membership, Permission.REVIEW_BATCHES):
        screen.batches = list(
            Batch.objects.filter(status=BatchStatus.IN_REVIEW)
            .select_related("flow")
            .annotate(waiting=Count("messages", filter=Q(messages__status=MessageStatus.IN_REVIEW)))
            .order_by("day", "pk")[:SHOWN]
        )
    if has_permission(membership, Permission.WORK_TASKS):
        screen.calls = call_list(as_of=as_of, limit=SHOWN)
        screen.calls_total = Task.objects.filter(
            kind=TaskKind.CALL, status=TaskStatus.OPEN, due_on__lte=as_of
        ).count()
    if has_permission(membership, Permission.VIEW_DISPUTES):
        screen.disputes = list(disputes_to_watch(as_of=as_of)[:SHOWN])
        screen.dispute_counts = dispute_counts(as_of=as_of)
    if has_permission(membership, Permission.VIEW_ARRANGEMENTS):
        tenant_pk = main_party_subquery("contract_id")
        screen.promises = list(promises_to_watch(as_of=as_of).annotate(tenant_pk=tenant_pk)[:SHOWN])
        screen.arrangements = list(arrangements_to_watch(as_of=as_of).annotate(tenant_pk=tenant_pk)[:SHOWN])
        screen.requested_arrangements = Arrangement.objects.filter(status=ArrangementStatus.REQUESTED).count()
        attach_tenants([*screen.promises, *screen.arrangements])
    if has_permission(membership, Permission.VIEW_REPORTS):
        screen.tiles = start_tiles(corporation=membership.corporation, user=user, as_of=as_of)
    return screen
