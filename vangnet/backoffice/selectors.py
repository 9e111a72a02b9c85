"""Screen-shaped reads for the back office, composed from the domain models and selectors.

The back office owns no models; these functions gather what one page shows with a bounded number of
queries, so the views stay thin. Every query goes through a scoped manager (the active corporation).
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Count, Prefetch, Q, Sum
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from vangnet.arrangements.models import Arrangement, Promise
from vangnet.core.models import AuditEntry
from vangnet.disputes.models import Dispute, DisputeCategory
from vangnet.flows.models import Enrollment, EnrollmentStatus, Flow, Hold
from vangnet.flows.selectors import Explanation, contract_explanation
from vangnet.ledger.models import Contract, ContractStanding, ContractTenant, ImportRun
from vangnet.ledger.selectors import Statement, StatementLine, contract_statement
from vangnet.messaging.models import Batch, BatchStatus, MessageStatus, OutgoingMessage
from vangnet.tasks.models import Task, TaskKind, TaskStatus
from vangnet.tenants.models import Tenant, TenantDocument, TenantNote

RECENT_IMPORTS = 3
TIMELINE = 30
NOTES = 30


@dataclass(frozen=True)
class HomeSummary:
    tenants: int
    contracts: int
    contracts_in_arrears: int
    overdue_total: Decimal
    last_import: ImportRun | None


def home_summary() -> HomeSummary:
    arrears = ContractStanding.objects.filter(overdue_amount__gt=0).aggregate(
        count=Count("pk"), total=Sum("overdue_amount")
    )
    return HomeSummary(
        tenants=Tenant.objects.filter(removed_from_source_at__isnull=True).count(),
        contracts=Contract.objects.filter(removed_from_source_at__isnull=True).count(),
        contracts_in_arrears=arrears["count"],
        overdue_total=arrears["total"] or Decimal("0.00"),
        last_import=ImportRun.objects.first(),
    )


@dataclass
class ContractCard:
    contract: Contract
    role: str
    co_tenants: list[ContractTenant]
    standing: ContractStanding | None
    statement: Statement
    arrangements: list[Arrangement]
    promises: list[Promise]
    ended: bool
    explanation: Explanation | None = None
    disputes: list[Dispute] = field(default_factory=list)

    @property
    def open_lines(self) -> list[StatementLine]:
        return self.statement.open_lines


@dataclass
class TenantCard:
    tenant: Tenant
    as_of: date
    restrictions: list[str]
    special_statuses: list[tuple[str, date | None]]
    contracts: list[ContractCard] = field(default_factory=list)
    recent_imports: list[ImportRun] = field(default_factory=list)
    flows: list[Flow] = field(default_factory=list)
    open_tasks: list[Task] = field(default_factory=list)
    timeline: list[AuditEntry] = field(default_factory=list)
    dispute_categories: list[DisputeCategory] = field(default_factory=list)
    notes: list[TenantNote] = field(default_factory=list)
    documents: list[TenantDocument] = field(default_factory=list)

    # False for a dispute handler: no special statuses, administrator or date of birth on their card.
    shows_special: bool = True

    @property
    def has_administrator(self) -> bool:
        t = self.tenant
        return self.shows_special and bool(
            t.administrator_name or t.administrator_email or t.administrator_phone
        )


def tenant_get(*, pk: int) -> Tenant:
    """Raises Tenant.DoesNotExist for a tenant of another corporation: the scope hides it."""
    return Tenant.objects.get(pk=pk)


def tenant_card(*, tenant: Tenant, as_of: date, shows_special: bool = True) -> TenantCard:
    """Everything on the tenant card. Queries: 5 + per contract its statement and its flow explanation
    (segment, dossiers, step runs, holds), whatever the ledger size. Without `shows_special` the card holds
    no special statuses (debt counselling, WSNP, deceased, bewind) and the template no date of birth."""
    parties = (
        ContractTenant.objects.filter(tenant=tenant)
        .select_related("contract__unit", "contract__standing")
        .prefetch_related(
            Prefetch(
                "contract__parties",
                queryset=ContractTenant.objects.select_related("tenant").order_by(
                    "role", "tenant__last_name"
                ),
            ),
            Prefetch(
                "contract__arrangements",
                queryset=Arrangement.objects.prefetch_related("installments").order_by("-agreed_on", "-pk"),
            ),
            Prefetch("contract__promises", queryset=Promise.objects.order_by("-made_on", "-pk")),
            Prefetch(
                "contract__disputes",
                queryset=Dispute.objects.select_related("category", "resolver")
                .prefetch_related("items")
                .order_by("-opened_on", "-pk"),
            ),
        )
        .order_by("contract__end_date", "-contract__start_date", "pk")
    )
    card = TenantCard(
        tenant=tenant,
        as_of=as_of,
        restrictions=tenant.restrictions(),
        special_statuses=tenant.special_statuses(as_of) if shows_special else [],
        shows_special=shows_special,
    )
    for party in parties:
        contract = party.contract
        card.contracts.append(
            ContractCard(
                contract=contract,
                role=party.get_role_display(),
                co_tenants=[p for p in contract.parties.all() if p.tenant_id != tenant.pk],
                standing=getattr(contract, "standing", None),
                statement=contract_statement(contract=contract, as_of=as_of),
                arrangements=list(contract.arrangements.all()),
                promises=list(contract.promises.all()),
                disputes=list(contract.disputes.all()),
                ended=contract.end_date is not None and contract.end_date < as_of,
                explanation=contract_explanation(contract=contract, as_of=as_of),
            )
        )
    # Ended contracts last: the current home is what the credit manager calls about.
    card.contracts.sort(key=lambda c: c.ended)
    card.recent_imports = list(ImportRun.objects.all()[:RECENT_IMPORTS])
    card.open_tasks = list(
        Task.objects.filter(status=TaskStatus.OPEN)
        .filter(Q(tenant=tenant) | Q(contract_id__in=[item.contract.pk for item in card.contracts]))
        .select_related("assigned_to")
        .order_by("due_on", "-priority")[:20]
    )
    # Views are in the administrators' audit log; the timeline shows what happened.
    card.timeline = list(
        AuditEntry.objects.filter(tenant_id=tenant.pk)
        .exclude(action="tenant.viewed")
        .order_by("-created_at", "-pk")[:TIMELINE]
    )
    card.notes = list(TenantNote.objects.filter(tenant=tenant)[:NOTES])
    card.documents = list(TenantDocument.objects.filter(tenant=tenant))
    card.dispute_categories = list(DisputeCategory.objects.filter(active=True).order_by("position", "name"))
    if any(item.explanation and item.explanation.enrollment for item in card.contracts):
        card.flows = list(
            Flow.objects.filter(active=True, current_version__isnull=False).order_by("strictness", "name")
        )
    return card


def import_run_list():
    return ImportRun.objects.select_related("actor").order_by("-started_at", "-pk")


def import_run_get(*, pk: int) -> ImportRun:
    return ImportRun.objects.select_related("actor").get(pk=pk)


# --- Presenting an ImportRun's JSON fields ------------------------------------------------------------

ENTITY_LABELS = {
    "tenants": _("Huurders"),
    "units": _("Eenheden"),
    "contracts": _("Huurovereenkomsten"),
    "contract_tenants": _("Huurders per overeenkomst"),
    "ledger_entries": _("Boekingen"),
    "arrangements": _("Betalingsregelingen"),
    "arrangement_installments": _("Termijnen"),
    "promises": _("Betalingsbeloften"),
    "service_subscriptions": _("Serviceabonnementen"),
}
COUNT_KEYS = ("created", "updated", "unchanged", "closed")


@dataclass(frozen=True)
class CountRow:
    entity: str
    label: str
    created: int
    updated: int
    unchanged: int
    closed: int
    settled: int = 0  # snapshot mode: invoices the ERP no longer lists, settled by the importer

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged + self.closed


@dataclass(frozen=True)
class Problem:
    file: str
    row: int | str | None
    field: str
    value: str
    reason: str


def import_counts(run: ImportRun) -> list[CountRow]:
    """The counts per entity ({"tenants": {"created": 3, ...}, ...}) in the schema's order."""
    counts = run.counts if isinstance(run.counts, dict) else {}
    order = list(ENTITY_LABELS)
    rows = []
    for entity, values in sorted(
        counts.items(), key=lambda kv: order.index(kv[0]) if kv[0] in order else len(order)
    ):
        if not isinstance(values, dict):
            continue
        rows.append(
            CountRow(
                entity=entity,
                label=str(ENTITY_LABELS.get(entity, entity)),
                settled=int(values.get("settled") or 0),
                **{key: int(values.get(key) or 0) for key in COUNT_KEYS},
            )
        )
    return rows


def _problems(items: list) -> list[Problem]:
    english = (get_language() or "nl").startswith("en")
    problems = []
    for item in items or []:
        if isinstance(item, str):
            problems.append(Problem(file="", row=None, field="", value="", reason=item))
            continue
        reason = item.get("reason_en") if english else item.get("reason_nl")
        problems.append(
            Problem(
                file=str(item.get("file") or ""),
                row=item.get("row"),
                field=str(item.get("field") or ""),
                value="" if item.get("value") is None else str(item.get("value")),
                reason=str(
                    reason or item.get("reason_nl") or item.get("reason_en") or item.get("reason") or ""
                ),
            )
        )
    return problems


def import_errors(run: ImportRun) -> list[Problem]:
    return _problems(run.errors)


def import_warnings(run: ImportRun) -> list[Problem]:
    return _problems(run.warnings)


@dataclass(frozen=True)
class FlowBar:
    name: str
    active: int
    held: int
    width_active: int
    width_held: int
    y: int


@dataclass(frozen=True)
class TodaySummary:
    tasks_due: int
    tasks_by_kind: list[tuple[str, int]]
    batches_in_review: int
    messages_in_review: int
    holds_to_review: int
    flows: list[FlowBar]

    @property
    def chart_height(self) -> int:
        return 20 + len(self.flows) * 34


def today_summary(*, as_of: date) -> TodaySummary:
    """The day's work at a glance: tasks due, batches waiting for review, holds to look at, dossiers per flow.

    Six grouped queries whatever the portfolio size."""
    due = Task.objects.filter(status=TaskStatus.OPEN, due_on__lte=as_of)
    kinds = dict(TaskKind.choices)
    by_kind = [
        (str(kinds.get(row["kind"], row["kind"])), row["n"])
        for row in due.values("kind").annotate(n=Count("pk")).order_by("-n")
    ]
    review = Batch.objects.filter(status=BatchStatus.IN_REVIEW)
    waiting = OutgoingMessage.objects.filter(batch__in=review, status=MessageStatus.IN_REVIEW).count()
    counts: dict[int, dict[str, int]] = {}
    for row in (
        Enrollment.objects.filter(status__in=[EnrollmentStatus.ACTIVE, EnrollmentStatus.HELD])
        .values("flow_id", "status")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        counts.setdefault(row["flow_id"], {})[row["status"]] = row["n"]
    flows = list(Flow.objects.order_by("strictness", "name").values_list("pk", "name"))
    largest = max((sum(c.values()) for c in counts.values()), default=0) or 1
    bars = []
    for index, (pk, name) in enumerate(flows):
        active = counts.get(pk, {}).get(EnrollmentStatus.ACTIVE, 0)
        held = counts.get(pk, {}).get(EnrollmentStatus.HELD, 0)
        bars.append(
            FlowBar(
                name,
                active,
                held,
                round(active / largest * 420),
                round(held / largest * 420),
                10 + index * 34,
            )
        )
    return TodaySummary(
        tasks_due=sum(n for _label, n in by_kind),
        tasks_by_kind=by_kind,
        batches_in_review=review.count(),
        messages_in_review=waiting,
        holds_to_review=Hold.objects.filter(released_on__isnull=True, review_on__lte=as_of).count(),
        flows=bars,
    )
