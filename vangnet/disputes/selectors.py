"""Reads of disputes for the staff screens and the portal, each in a fixed number of queries.

Selectors without a corporation argument rely on the active scope (django-scopes): views run them inside
the request's corporation.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Count, Q, QuerySet

from vangnet.core.models import Corporation, User
from vangnet.disputes.keys import dispute_overdue_task_key, dispute_task_key
from vangnet.disputes.models import Dispute, DisputeAttachment, DisputeCategory, DisputeNote, DisputeStatus
from vangnet.ledger.allocation import Entry, open_amounts
from vangnet.ledger.models import Contract, LedgerEntry
from vangnet.tasks.models import Task

LIST_RELATED = ("category", "contract", "contract__unit", "tenant", "resolver", "monitor")


def _with_related(queryset: QuerySet[Dispute]) -> QuerySet[Dispute]:
    return queryset.select_related(*LIST_RELATED).annotate(item_count=Count("items", distinct=True))


def dispute_list(
    *,
    status: str = "open",
    category_id: int | None = None,
    team: str = "",
    resolver: User | None = None,
    overdue: bool = False,
    as_of: date,
) -> QuerySet[Dispute]:
    """Disputes by deadline; `status` "" or "all" for every status, `team` matches resolver or monitor team.

    Each row has `item_count`; a list page is one query.
    """
    disputes = Dispute.objects.all()
    if status and status != "all":
        disputes = disputes.filter(status=status)
    if category_id is not None:
        disputes = disputes.filter(category_id=category_id)
    if team:
        disputes = disputes.filter(Q(resolver_team=team) | Q(monitor_team=team))
    if resolver is not None:
        disputes = disputes.filter(resolver=resolver)
    if overdue:
        disputes = disputes.filter(status=DisputeStatus.OPEN, deadline__lt=as_of)
    return _with_related(disputes).order_by("deadline", "pk")


@dataclass(frozen=True)
class DisputeDetail:
    dispute: Dispute
    items: list[LedgerEntry]
    attachments: list[DisputeAttachment]
    notes: list[DisputeNote]
    tasks: list[Task]


def dispute_detail(*, pk: int) -> DisputeDetail:
    """Everything a dispute screen shows; raises Dispute.DoesNotExist (outside the scope too)."""
    dispute = Dispute.objects.select_related(*LIST_RELATED).get(pk=pk)
    return DisputeDetail(
        dispute=dispute,
        items=list(dispute.items.order_by("due_date", "pk")),
        attachments=list(DisputeAttachment.objects.filter(dispute=dispute).order_by("created_at", "pk")),
        notes=list(DisputeNote.objects.filter(dispute=dispute).order_by("created_at", "pk")),
        tasks=list(
            Task.objects.filter(
                corporation_id=dispute.corporation_id,
                source_key__in=[dispute_task_key(dispute.pk), dispute_overdue_task_key(dispute.pk)],
            )
            .select_related("assigned_to")
            .order_by("created_at", "pk")
        ),
    )


def dispute_attachment(*, pk: int) -> DisputeAttachment:
    """One attachment for a download view (scoped; raises DisputeAttachment.DoesNotExist).

    Files are not served from MEDIA_URL: a view checks the user's access and returns
    FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.original_name).
    """
    return DisputeAttachment.objects.select_related("dispute").get(pk=pk)


def disputes_to_watch(*, as_of: date, days: int = 7) -> QuerySet[Dispute]:
    """Open disputes whose deadline is past or within `days`: for the start screen, the oldest first."""
    return _with_related(
        Dispute.objects.filter(status=DisputeStatus.OPEN, deadline__lte=as_of + timedelta(days=days))
    ).order_by("deadline", "pk")


def dispute_categories(
    *, corporation: Corporation, tenant_visible_only: bool = False, include_inactive: bool = False
) -> QuerySet[DisputeCategory]:
    categories = DisputeCategory.objects.filter(corporation=corporation)
    if not include_inactive:
        categories = categories.filter(active=True)
    if tenant_visible_only:
        categories = categories.filter(tenant_visible=True)
    return categories.order_by("position", "name")


def contract_disputes(*, contract: Contract) -> QuerySet[Dispute]:
    """Every dispute of the contract, newest first, with its items (two queries)."""
    return (
        Dispute.objects.filter(contract=contract)
        .select_related("category", "tenant", "resolver", "monitor")
        .prefetch_related("items")
        .order_by("-opened_on", "-pk")
    )


@dataclass(frozen=True)
class DisputableItem:
    entry: LedgerEntry
    open_amount: Decimal


def dispute_open_items(*, contract: Contract) -> list[DisputableItem]:
    """The contract's debit items with money still open and no open dispute, oldest due first (2 queries).

    Items not yet due count too: a tenant may dispute an invoice before it falls due.
    """
    entries = list(LedgerEntry.objects.filter(contract=contract).order_by("due_date", "pk"))
    opened = open_amounts(
        [Entry(e.pk, e.kind, e.amount, e.due_date, e.linked_entry_id, e.category) for e in entries]
    )
    in_dispute = set(
        Dispute.items.through.objects.filter(
            dispute__contract=contract, dispute__status=DisputeStatus.OPEN
        ).values_list("ledgerentry_id", flat=True)
    )
    return [
        DisputableItem(e, opened[e.pk])
        for e in entries
        if opened.get(e.pk, Decimal(0)) > 0 and e.pk not in in_dispute
    ]


@dataclass(frozen=True)
class CategoryCount:
    category_id: int
    name: str
    open: int
    overdue: int


@dataclass(frozen=True)
class DisputeCounts:
    open: int = 0
    overdue: int = 0
    per_category: list[CategoryCount] = field(default_factory=list)


def dispute_counts(*, as_of: date) -> DisputeCounts:
    """Open and overdue disputes, in total and per category (one query)."""
    rows = (
        Dispute.objects.filter(status=DisputeStatus.OPEN)
        .values("category_id", "category__name", "category__position")
        .annotate(open=Count("pk"), overdue=Count("pk", filter=Q(deadline__lt=as_of)))
        .order_by("category__position", "category__name")
    )
    per_category = [
        CategoryCount(r["category_id"], r["category__name"], r["open"], r["overdue"]) for r in rows
    ]
    return DisputeCounts(
        open=sum(c.open for c in per_category),
        overdue=sum(c.overdue for c in per_category),
        per_category=per_category,
    )
