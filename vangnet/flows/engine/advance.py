"""Advance: every active enrollment whose next step is due takes it, step by step, set-based.

For each step that has due enrollments: those for whom a later step is due as well skip it (catch-up: after
missed days what is due happens once); the step's conditions split the rest into skipped and fired; the fired
rows get their StepRun (message plan included), tasks and ledger entries in bulk; one UPDATE moves them all
on. The number of queries depends on the steps configured, not on the number of contracts.
"""

from collections import defaultdict
from datetime import timedelta

from django.db.models import DateField, Exists, F, JSONField, OuterRef, Q, QuerySet, Value

from vangnet.core.calendar import is_business_day, is_sending_day
from vangnet.core.sql import analyse_if_many, insert_from
from vangnet.flows.engine.actions import ACTIONS, Due
from vangnet.flows.engine.context import RunContext
from vangnet.flows.engine.lifecycle import close_enrollments
from vangnet.flows.engine.report import StepReport
from vangnet.flows.models import (
    MESSAGE_ACTIONS,
    CloseReason,
    Enrollment,
    EnrollmentStatus,
    Flow,
    FlowStep,
    StepAction,
    StepAnchor,
    StepOutcome,
    StepRun,
)

# Only these may be passed over when a later step is due too; legal and irreversible steps never are.
# How long the costs step waits for a planned 14-day letter to go out (review, print, posting) before it
# gives up: without a letter that went out no costs are ever due.
LETTER_SEND_WAIT_DAYS = 30
CATCH_UP_SKIPPABLE = {StepAction.MESSAGE, StepAction.CALL_TASK, StepAction.HOUSE_VISIT, StepAction.TASK}


def due_q(step: FlowStep, as_of) -> Q:
    boundary = as_of - timedelta(days=step.day_offset)
    if step.anchor == StepAnchor.ENROLLED:
        return Q(started_on__lte=boundary)
    return Q(anchor_date__lte=boundary)


def advance(ctx: RunContext) -> None:
    """Every step of every version in use, in order: the statements depend on the configuration and the
    day, not on how many contracts are due."""
    active = Enrollment.objects.filter(
        corporation=ctx.corporation, status=EnrollmentStatus.ACTIVE, next_step__isnull=False
    )
    current = Flow.objects.filter(corporation=ctx.corporation, active=True, current_version__isnull=False)
    versions = set(active.values_list("version_id", flat=True).distinct().order_by())
    versions |= set(current.values_list("current_version_id", flat=True))
    steps_by_version: dict[int, list[FlowStep]] = defaultdict(list)
    for step in (
        FlowStep.objects.filter(version_id__in=versions)
        .select_related("version__flow")
        .order_by("version_id", "position")
    ):
        steps_by_version[step.version_id].append(step)
    # A step no dossier stands at is passed over without its statements (the demo's history and a quiet night
    # run dozens of such steps); a step that moves dossiers on makes its following step worth asking.
    occupied = set(active.values_list("next_step_id", flat=True).distinct().order_by())
    for steps in steps_by_version.values():
        for index, step in enumerate(steps):
            following = steps[index + 1] if index + 1 < len(steps) else None
            if step.pk not in occupied:
                _step_report(ctx, step).wait_reason = _wait_reason(step, ctx)
                continue
            _take_step(ctx, active, step, following)
            if following is not None:
                occupied.add(following.pk)


def _step_report(ctx: RunContext, step: FlowStep) -> StepReport:
    report = StepReport(
        flow=step.version.flow.name,
        version=step.version.number,
        step_id=step.pk,
        position=step.position,
        name=step.name,
        action=step.action,
        day_offset=step.day_offset,
    )
    ctx.report.steps.append(report)
    return report


def _take_step(ctx: RunContext, active: QuerySet, step: FlowStep, following: FlowStep | None) -> None:
    as_of = ctx.as_of
    report = _step_report(ctx, step)
    due = active.filter(next_step=step).filter(due_q(step, as_of))
    if following is not None and step.action in CATCH_UP_SKIPPABLE:
        superseded = due.filter(due_q(following, as_of))
        _insert_runs(
            ctx,
            superseded,
            step,
            StepOutcome.SKIPPED,
            f"Ingehaald: ook '{following.name}' is al aan de beurt.",
        )
        report.caught_up = superseded.update(next_step=following)
    wait = _wait_reason(step, ctx)
    if wait:
        report.waiting, report.wait_reason = due.count(), wait
        return
    fire_q, skip_reason, hold_q, hold_reason = _conditions(step, ctx)
    if hold_q is not None:
        report.waiting = due.filter(hold_q).count()
        report.wait_reason = hold_reason if report.waiting else ""
        due = due.exclude(hold_q)
    if fire_q is not None:
        report.skipped = _insert_runs(ctx, due.filter(~fire_q), step, StepOutcome.SKIPPED, skip_reason)
        due = due.filter(fire_q)
    ACTIONS[step.action](ctx, step, Due(due, report))
    # Without it the look-up below read every run of the corporation once per dossier (3.1 s for 3,646
    # dossiers at 100,000 tenancies).
    analyse_if_many(StepRun, report.fired + report.skipped + report.caught_up)
    taken = active.filter(next_step=step).filter(
        Exists(StepRun.objects.filter(enrollment=OuterRef("pk"), step=step))
    )
    if step.action == StepAction.END:
        close_enrollments(
            ctx, taken, reason=CloseReason.END_STEP, why=f"Stap '{step.name}': einde van het traject."
        )
        return
    taken.update(next_step=following, last_run_on=as_of)


def _wait_reason(step: FlowStep, ctx: RunContext) -> str:
    """A reason for the whole step to wait for a later day; nothing is skipped for it."""
    as_of = ctx.as_of
    if step.weekdays_only and not is_business_day(as_of):
        return "Alleen op werkdagen."
    if step.action in MESSAGE_ACTIONS:
        # The asked channels decide; a letter that stands in for an email is posted on the next business day.
        strictest = "letter" if "letter" in step.channels or not step.channels else "email"
        if not is_sending_day(as_of, strictest):
            return "Geen verzenddag (zondag, feestdag, of zaterdag voor post)."
    return ""


def _conditions(step: FlowStep, ctx: RunContext) -> tuple[Q | None, str, Q | None, str]:
    """(fire_q, why the others are skipped, wait_q, why those wait); each a filter on Enrollment."""
    policy = ctx.policy
    fire_q: Q | None = None
    skip_reason = ""
    if step.min_amount is not None:
        fire_q = Q(contract__standing__overdue_amount__gte=step.min_amount)
        skip_reason = f"Overgeslagen: achterstand lager dan het minimum van € {step.min_amount}."
    if step.action == StepAction.ADD_COSTS:
        if not policy.charge_collection_costs:
            return Q(pk__in=[]), "Overgeslagen: de corporatie rekent geen incassokosten.", None, ""
        # The term is recorded only when the 14-day letter really went out (an email the provider accepted,
        # a letter whose print batch was posted); a letter in review, withheld or failed has none.
        valid = Q(letter_term_end__isnull=False)
        fire_q = valid if fire_q is None else fire_q & valid
        skip_reason = skip_reason or "Overgeslagen: er is geen veertiendagenbrief verstuurd."
        letter_on_its_way = Exists(
            StepRun.objects.filter(
                enrollment=OuterRef("pk"),
                step__action=StepAction.FOURTEEN_DAY_LETTER,
                outcome=StepOutcome.DONE,
                run_on__gte=ctx.as_of - timedelta(days=LETTER_SEND_WAIT_DAYS),
            )
        )
        return (
            fire_q,
            skip_reason,
            Q(letter_term_end__gte=ctx.as_of) | Q(Q(letter_term_end__isnull=True), letter_on_its_way),
            "Termijn van de veertiendagenbrief loopt nog, of de brief is nog niet verstuurd.",
        )
    if step.action == StepAction.START_INTEREST and not policy.charge_interest:
        return Q(pk__in=[]), "Overgeslagen: de corporatie rekent geen wettelijke rente.", None, ""
    return fire_q, skip_reason, None, ""


def _insert_runs(ctx: RunContext, enrollments: QuerySet, step: FlowStep, outcome: str, reason: str) -> int:
    return insert_from(
        StepRun,
        {
            "corporation_id": "v_corporation",
            "enrollment_id": "v_enrollment",
            "step_id": "v_step",
            "run_on": "v_run_on",
            "outcome": "v_outcome",
            "reason": "v_reason",
            "deliveries": "v_deliveries",
            "template_code": "v_blank",
            "tone": "v_blank",
            "language": "v_blank",
            "amount": "v_amount",
        },
        enrollments.annotate(
            v_corporation=F("corporation_id"),
            v_enrollment=F("pk"),
            v_step=Value(step.pk),
            v_run_on=Value(ctx.as_of, output_field=DateField()),
            v_outcome=Value(outcome),
            v_reason=Value(reason[:300]),
            v_deliveries=Value([], output_field=JSONField()),
            v_blank=Value(""),
            v_amount=F("contract__standing__overdue_amount"),
        ),
    )
