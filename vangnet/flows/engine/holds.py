"""The daily run's holds phase: derived holds follow their sources for the whole portfolio (the sink
vangnet/flows/holds.py), manual holds whose end date passed are released, the review and heirs tasks are
made, and held and resumed enrollments change status.

The monitors that decide whether an arrangement, promise or claim still stands run before the engine, in
vangnet/daily (arrangements and disputes are domains below the engine; it reads their records only).
"""

from datetime import timedelta

from django.db.models import BigIntegerField, CharField, DateField, DateTimeField, F, Q, Value
from django.db.models.functions import Cast, Concat, Substr

from vangnet.core import clock
from vangnet.flows.engine.context import RunContext
from vangnet.flows.holds import apply_holds, status_parties, sync_derived
from vangnet.flows.models import Hold, HoldKind
from vangnet.tasks.models import TaskKind, TaskPriority, TaskStatus
from vangnet.tasks.services import tasks_create_from


def sync_holds(ctx: RunContext) -> None:
    corporation, as_of, report = ctx.corporation, ctx.as_of, ctx.report
    sync_derived(ctx, contract_ids=None)
    report.holds_released += Hold.objects.filter(
        corporation=corporation, kind=HoldKind.MANUAL, released_on__isnull=True, ends_on__lt=as_of
    ).update(released_on=as_of, release_reason="De einddatum van de wachtcode is bereikt.")
    _hold_tasks(ctx)
    apply_holds(ctx)


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
    deceased = status_parties(ctx, Q(tenant__deceased_on__lte=as_of)).annotate(
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
