"""Enrollments open and close: paid arrears leave their flow, new arrears enter the flow of their segment."""

from datetime import timedelta

from django.db.models import BigIntegerField, Case, DateField, F, Value, When
from django.db.models.functions import Cast

from vangnet.core.money import format_euro
from vangnet.core.sql import analyse, insert_from
from vangnet.flows.engine.context import RunContext
from vangnet.flows.engine.events import close_enrollments, record_events
from vangnet.flows.models import (
    OPEN_STATUSES,
    CloseReason,
    Enrollment,
    EnrollmentEvent,
    EnrollmentStatus,
    EventKind,
    FlowStep,
    StepAnchor,
)
from vangnet.flows.withdrawals import planned_work_withdraw
from vangnet.ledger.models import Contract

# Arrears that a completed flow already dealt with do not start the same flow again the next morning.
FINISHED = (CloseReason.COMPLETED, CloseReason.END_STEP)


def close_paid(ctx: RunContext) -> None:
    paid = Enrollment.objects.filter(
        corporation=ctx.corporation, status__in=OPEN_STATUSES, contract__standing__overdue_amount__lte=0
    )
    # Before the close: what the dunning planned for these contracts goes with it.
    planned_work_withdraw(
        corporation=ctx.corporation,
        contract_ids=paid.values_list("contract_id", flat=True),
        why="De achterstand is betaald.",
        actor="run_day",
    )
    close_enrollments(
        ctx, paid, reason=CloseReason.PAID, why="Achterstand betaald: niets meer open dat vervallen is."
    )


def enroll(ctx: RunContext) -> None:
    corporation, as_of, policy = ctx.corporation, ctx.as_of, ctx.policy
    # Computed once, not per candidate: a correlated look-up into the table being inserted into would scan
    # it again for every row. A contract that already has an open enrollment is refused by the unique index.
    already_done = Enrollment.objects.filter(
        corporation=corporation,
        status=EnrollmentStatus.CLOSED,
        close_reason__in=FINISHED,
        closed_on__gte=F("contract__standing__oldest_overdue_date"),
    ).values("contract_id")
    first_steps = _first_steps(ctx)
    # Cast: with no flows the CASE is a bare NULL, which PostgreSQL would read as text.
    first_step = Cast(
        Case(
            *(
                When(segment_row__segment__flow__current_version_id=v, then=Value(step.pk))
                for v, step in first_steps.items()
            ),
            default=None,
            output_field=BigIntegerField(),
        ),
        BigIntegerField(),
    )
    candidates = (
        Contract.objects.filter(
            corporation=corporation,
            standing__overdue_amount__gte=policy.enroll_min_amount,
            standing__oldest_overdue_date__lte=as_of - timedelta(days=policy.enroll_after_days),
            segment_row__segment__flow__active=True,
            segment_row__segment__flow__current_version__isnull=False,
        )
        .exclude(pk__in=already_done)
        .annotate(
            v_corporation=F("corporation_id"),
            v_contract=F("pk"),
            v_flow=F("segment_row__segment__flow_id"),
            v_version=F("segment_row__segment__flow__current_version_id"),
            v_segment=F("segment_row__segment_id"),
            v_status=Value(EnrollmentStatus.ACTIVE),
            v_started=Value(as_of, output_field=DateField()),
            v_anchor=F("standing__oldest_overdue_date"),
            v_amount=F("standing__overdue_amount"),
            v_next_step=first_step,
            v_blank=Value(""),
        )
    )
    ctx.report.enrolled = insert_from(
        Enrollment,
        {
            "corporation_id": "v_corporation",
            "contract_id": "v_contract",
            "flow_id": "v_flow",
            "version_id": "v_version",
            "segment_id": "v_segment",
            "status": "v_status",
            "started_on": "v_started",
            "anchor_date": "v_anchor",
            "oldest_due_on": "v_anchor",
            "entry_amount": "v_amount",
            "next_step_id": "v_next_step",
            "close_reason": "v_blank",
        },
        candidates,
    )
    analyse(Enrollment)
    _start_late_arrivals_at_first_step(ctx, first_steps)
    recorded = EnrollmentEvent.objects.filter(corporation=corporation, on=as_of, kind=EventKind.ENTERED)
    entered = Enrollment.objects.filter(corporation=corporation, started_on=as_of).exclude(
        pk__in=recorded.values("enrollment_id")
    )
    record_events(
        entered,
        kind=EventKind.ENTERED,
        on=as_of,
        reason=(
            f"Achterstand van minstens {format_euro(policy.enroll_min_amount)}, "
            f"meer dan {policy.enroll_after_days} dagen na de vervaldatum; traject gekozen door het segment."
        ),
    )


def _first_steps(ctx: RunContext) -> dict[int, FlowStep]:
    """The first step of each flow's current version, looked up once instead of per contract."""
    first: dict[int, FlowStep] = {}
    for step in FlowStep.objects.filter(
        corporation=ctx.corporation, version__flow__current_version=F("version_id")
    ).order_by("-position"):
        first[step.version_id] = step
    return first


def _start_late_arrivals_at_first_step(ctx: RunContext, first_steps: dict[int, FlowStep]) -> None:
    """Arrears older than a flow's first step begin at that step today instead of skipping to a later one."""
    starts = {
        version_id: ctx.as_of - timedelta(days=step.day_offset)
        for version_id, step in first_steps.items()
        if step.anchor == StepAnchor.OLDEST_DUE
    }
    if not starts:
        return
    late = Case(
        *(When(version_id=v, anchor_date__lt=start, then=Value(start)) for v, start in starts.items()),
        default=F("anchor_date"),
        output_field=DateField(),
    )
    Enrollment.objects.filter(
        corporation=ctx.corporation,
        started_on=ctx.as_of,
        last_run_on__isnull=True,
        version_id__in=list(starts),
    ).update(anchor_date=late)


def close_finished(ctx: RunContext) -> None:
    finished = Enrollment.objects.filter(
        corporation=ctx.corporation, status=EnrollmentStatus.ACTIVE, next_step__isnull=True
    )
    close_enrollments(
        ctx, finished, reason=CloseReason.COMPLETED, why="Alle stappen van het traject zijn gezet."
    )
