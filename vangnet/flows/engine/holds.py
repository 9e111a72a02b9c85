"""Holds (wachtcodes): derived from arrangements, promises, disputes and special statuses, or set by hand.

Each derived kind is synchronised with two statements (start what is missing, release what lost its
source); then held and resumed enrollments change status together, with an event saying why.
`holds_sync_contracts` does the same for a few contracts at once, so a dispute opened or resolved during
the day holds or resumes its contract's flow the same second instead of at the next night's run.
"""

from collections.abc import Sequence
from datetime import timedelta

from django.db.models import (
    BigIntegerField,
    CharField,
    DateField,
    DateTimeField,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Cast, Concat, Substr

from vangnet.arrangements.models import (
    Arrangement,
    ArrangementStatus,
    PaymentClaim,
    PaymentClaimStatus,
    Promise,
    PromiseStatus,
)
from vangnet.arrangements.monitoring import arrangements_monitor, payment_claims_check, promises_settle_due
from vangnet.arrangements.selectors import live_arrangements_q
from vangnet.core import clock
from vangnet.core.sql import insert_from
from vangnet.disputes.models import Dispute, DisputeStatus
from vangnet.disputes.services import disputes_monitor
from vangnet.flows.engine.context import RunContext
from vangnet.flows.engine.events import record_events
from vangnet.flows.models import Enrollment, EnrollmentStatus, EventKind, Hold, HoldKind
from vangnet.ledger.models import ContractRole, ContractTenant
from vangnet.tasks.models import TaskKind, TaskPriority, TaskStatus
from vangnet.tasks.services import tasks_create_from
from vangnet.tenants.models import period_in_force_q

REASONS: dict[str, str] = {
    HoldKind.ARRANGEMENT: "Er loopt een betalingsregeling.",
    HoldKind.PROMISE: "De huurder heeft beloofd te betalen; we wachten tot de datum plus marge.",
    HoldKind.DISPUTE: "Er loopt een geschil over de vordering.",
    HoldKind.DEBT_COUNSELLING: "De huurder zit in de schuldhulpverlening.",
    HoldKind.WSNP: "WSNP: tijdens de schuldsanering wordt niet geïncasseerd.",
    HoldKind.DECEASED: "De huurder is overleden: niet meer aanschrijven, contact met de erven.",
    HoldKind.PAYMENT_CLAIM: "De huurder zegt al betaald te hebben; we zoeken de betaling.",
}


def _keyed(queryset: QuerySet, prefix: str, key_field: str, contract_field: str) -> QuerySet:
    return queryset.annotate(
        v_contract=F(contract_field),
        v_source=F(key_field),
        v_key=Concat(Value(prefix), Cast(key_field, output_field=CharField())),
    )


def _status_parties(ctx: RunContext, condition: Q) -> QuerySet:
    parties = ContractTenant.objects.filter(
        corporation=ctx.corporation, role=ContractRole.MAIN, removed_from_source_at__isnull=True
    ).filter(condition)
    return _keyed(parties, "tenant:", "tenant_id", "contract_id")


def sources(ctx: RunContext) -> dict[str, QuerySet]:
    corporation, as_of = ctx.corporation, ctx.as_of
    grace = timedelta(days=ctx.policy.promise_grace_days)
    return {
        HoldKind.ARRANGEMENT: _keyed(
            Arrangement.objects.filter(corporation=corporation, status=ArrangementStatus.ACTIVE).filter(
                live_arrangements_q()
            ),
            "arrangement:",
            "pk",
            "contract_id",
        ),
        HoldKind.PROMISE: _keyed(
            Promise.objects.filter(
                corporation=corporation,
                status=PromiseStatus.OPEN,
                removed_from_source_at__isnull=True,
                promised_date__gte=as_of - grace,
            ),
            "promise:",
            "pk",
            "contract_id",
        ),
        # One hold per open pausing dispute, on the whole contract: the flows work per contract, and no
        # reminder may mention an item under dispute. Resolving releases it (disputes/services.py).
        HoldKind.DISPUTE: _keyed(
            Dispute.objects.filter(
                corporation=corporation, status=DisputeStatus.OPEN, category__pauses_collection=True
            ),
            "dispute:",
            "pk",
            "contract_id",
        ),
        HoldKind.PAYMENT_CLAIM: _keyed(
            PaymentClaim.objects.filter(corporation=corporation, status=PaymentClaimStatus.OPEN),
            "payment-claim:",
            "pk",
            "contract_id",
        ),
        HoldKind.DEBT_COUNSELLING: _status_parties(ctx, period_in_force_q("tenant__debt_counselling", as_of)),
        HoldKind.WSNP: _status_parties(ctx, period_in_force_q("tenant__wsnp", as_of)),
        HoldKind.DECEASED: _status_parties(ctx, Q(tenant__deceased_on__lte=as_of)),
    }


def sync_holds(ctx: RunContext) -> None:
    corporation, as_of, report = ctx.corporation, ctx.as_of, ctx.report
    # Before the holds are derived, so what ends today releases its hold in this same run.
    monitored = arrangements_monitor(corporation=corporation, as_of=as_of)
    report.arrangements_completed, report.arrangements_broken = monitored.completed, monitored.broken
    report.payment_claims_found, report.payment_claims_not_found = payment_claims_check(
        corporation=corporation, as_of=as_of
    )
    report.promises_kept, report.promises_broken = promises_settle_due(
        corporation=corporation, as_of=as_of, grace_days=ctx.policy.promise_grace_days
    )
    _sync_derived(ctx, contract_ids=None)
    report.holds_released += Hold.objects.filter(
        corporation=corporation, kind=HoldKind.MANUAL, released_on__isnull=True, ends_on__lt=as_of
    ).update(released_on=as_of, release_reason="De einddatum van de wachtcode is bereikt.")
    _hold_tasks(ctx)
    report.tasks_created += disputes_monitor(corporation=corporation, as_of=as_of)
    _apply(ctx)


def holds_sync_contracts(
    ctx: RunContext, *, contract_ids: Sequence[int], created_by: str = "run_day"
) -> None:
    """Derived holds of these contracts follow their sources now, and their enrollments hold or resume.

    The day's other hold work (promises falling due, manual holds ending, review tasks) stays with the run.
    """
    if not contract_ids:
        return
    _sync_derived(ctx, contract_ids=list(contract_ids), created_by=created_by)
    _apply(ctx, contract_ids=list(contract_ids))


def _sync_derived(ctx: RunContext, *, contract_ids: list[int] | None, created_by: str = "run_day") -> None:
    corporation, as_of, report = ctx.corporation, ctx.as_of, ctx.report
    for kind, source in sources(ctx).items():
        if contract_ids is not None:
            source = source.filter(v_contract__in=contract_ids)
        existing = Hold.objects.filter(
            contract_id=OuterRef("v_contract"),
            kind=kind,
            source_key=OuterRef("v_key"),
            released_on__isnull=True,
        )
        report.holds_started += insert_from(
            Hold,
            {
                "corporation_id": "v_corporation",
                "contract_id": "v_contract",
                "kind": "v_kind",
                "source_key": "v_key",
                "source_id": "v_source",
                "reason": "v_reason",
                "starts_on": "v_starts",
                "release_reason": "v_blank",
                "created_by": "v_by",
            },
            source.filter(~Exists(existing)).annotate(
                v_corporation=Value(corporation.pk),
                v_kind=Value(kind),
                v_reason=Value(REASONS[kind]),
                v_starts=Value(as_of, output_field=DateField()),
                v_blank=Value(""),
                v_by=Value(created_by[:150]),
            ),
        )
        still_there = source.filter(v_contract=OuterRef("contract_id"), v_source=OuterRef("source_id"))
        held = Hold.objects.filter(corporation=corporation, kind=kind, released_on__isnull=True)
        if contract_ids is not None:
            held = held.filter(contract_id__in=contract_ids)
        report.holds_released += held.filter(~Exists(still_there)).update(
            released_on=as_of, release_reason="De reden voor de wachtcode is vervallen."
        )


def _apply(ctx: RunContext, *, contract_ids: list[int] | None = None) -> None:
    corporation, as_of = ctx.corporation, ctx.as_of
    active_hold = Hold.objects.filter(
        contract=OuterRef("contract_id"), released_on__isnull=True, starts_on__lte=as_of
    )
    enrollments = Enrollment.objects.filter(corporation=corporation)
    if contract_ids is not None:
        enrollments = enrollments.filter(contract_id__in=contract_ids)
    to_hold = enrollments.filter(status=EnrollmentStatus.ACTIVE).filter(Exists(active_hold))
    first_reason = Subquery(active_hold.order_by("pk").values("reason")[:1])
    record_events(to_hold, kind=EventKind.HELD, on=as_of, reason=Concat(Value("Wachtcode: "), first_reason))
    ctx.report.held = to_hold.update(status=EnrollmentStatus.HELD)
    to_resume = enrollments.filter(status=EnrollmentStatus.HELD).filter(~Exists(active_hold))
    record_events(
        to_resume, kind=EventKind.RESUMED, on=as_of, reason="Geen wachtcode meer: het traject gaat verder."
    )
    ctx.report.resumed = to_resume.update(status=EnrollmentStatus.ACTIVE)


def _hold_tasks(ctx: RunContext) -> None:
    """Heirs to contact after a death, and holds whose review date has come."""
    corporation, as_of = ctx.corporation, ctx.as_of
    common = {
        "v_corporation": Value(corporation.pk),
        "v_due": Value(as_of + timedelta(days=3), output_field=DateField()),
        "v_status": Value(TaskStatus.OPEN),
        "v_source": Value("flows"),
        "v_blank": Value(""),
        "v_created": Value(clock.now(), output_field=DateTimeField()),
    }
    columns = {
        "corporation_id": "v_corporation",
        "kind": "v_kind",
        "title": "v_title",
        "description": "v_blank",
        "contract_id": "v_contract",
        "tenant_id": "v_tenant",
        "due_on": "v_due",
        "priority": "v_priority",
        "status": "v_status",
        "team": "v_blank",
        "source": "v_source",
        "source_key": "v_key",
        "outcome": "v_blank",
        "created_at": "v_created",
    }
    deceased = _status_parties(ctx, Q(tenant__deceased_on__lte=as_of)).annotate(
        v_kind=Value(TaskKind.CONTACT_HEIRS),
        v_title=Value("Huurder overleden: neem contact op met de erven"),
        v_tenant=F("tenant_id"),
        v_priority=Value(TaskPriority.HIGH),
        v_task_key=Concat(Value("deceased:"), Cast("tenant_id", output_field=CharField())),
        **common,
    )
    ctx.report.tasks_created += tasks_create_from({**columns, "source_key": "v_task_key"}, deceased)
    reviews = Hold.objects.filter(
        corporation=corporation, released_on__isnull=True, review_on__lte=as_of
    ).annotate(
        v_contract=F("contract_id"),
        v_kind=Value(TaskKind.REVIEW_HOLD),
        v_title=Substr(Concat(Value("Wachtcode beoordelen: "), F("reason")), 1, 200),
        v_tenant=Cast(Value(None), output_field=BigIntegerField()),
        v_priority=Value(TaskPriority.NORMAL),
        v_key=Concat(
            Value("hold-review:"),
            Cast("pk", output_field=CharField()),
            Value(":"),
            Cast("review_on", CharField()),
        ),
        **common,
    )
    ctx.report.tasks_created += tasks_create_from(columns, reviews)
