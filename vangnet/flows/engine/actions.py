"""What each kind of step does for the enrollments that fire it: plan messages, make tasks, book costs.

Each action reads its rows once, builds StepRuns (with the message plan) in Python, and writes them with one
bulk insert whose conflicts are ignored, so a rerun after a crash adds nothing that is already there.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.db.models import OuterRef, QuerySet, Subquery
from django.utils import timezone

from vangnet.core.money import format_euro
from vangnet.flows.engine.context import RunContext
from vangnet.flows.engine.deliveries import TenantFacts, language_for, plan_deliveries, tone_for
from vangnet.flows.engine.facts import co_tenants, main_tenants
from vangnet.flows.engine.principal import open_principal_items, principal_due_before
from vangnet.flows.engine.report import StepReport
from vangnet.flows.legal.wik import collection_costs
from vangnet.flows.models import Enrollment, FlowStep, StepAction, StepAnchor, StepOutcome, StepRun
from vangnet.handovers.proposals import Proposal, proposals_create_bulk
from vangnet.ledger.models import EntryKind, InvoiceCategory, LedgerEntry
from vangnet.ledger.services.standing import refresh_standings
from vangnet.tasks.models import Task, TaskKind
from vangnet.tasks.services import tasks_create_bulk

UNKNOWN = TenantFacts(name="onbekende huurder")
ZERO = Decimal("0.00")


@dataclass
class Due:
    enrollments: QuerySet[Enrollment]
    report: StepReport


@dataclass
class Row:
    enrollment_id: int
    contract_id: int
    overdue: Decimal
    anchor_date: object
    oldest_due_on: object
    tenant_id: int | None
    facts: TenantFacts
    municipality: str
    letter_amount: Decimal | None = None
    letter_costs: Decimal | None = None
    letter_on: date | None = None


def _rows(ctx: RunContext, due: Due, *, with_letter: bool = False) -> list[Row]:
    enrollments = due.enrollments
    if with_letter:
        letter = StepRun.objects.filter(
            enrollment=OuterRef("pk"), step__action=StepAction.FOURTEEN_DAY_LETTER, outcome=StepOutcome.DONE
        ).order_by("-run_on")
        enrollments = enrollments.annotate(
            letter_amount=Subquery(letter.values("amount")[:1]),
            letter_costs=Subquery(letter.values("costs")[:1]),
            letter_on=Subquery(letter.values("run_on")[:1]),
        )
    fields = ["pk", "contract_id", "anchor_date", "oldest_due_on", "contract__standing__overdue_amount"]
    if with_letter:
        fields += ["letter_amount", "letter_costs", "letter_on"]
    rows = list(enrollments.values(*fields))
    if not rows:
        return []
    people = main_tenants(due.enrollments.values("contract_id"), as_of=ctx.as_of)
    result = []
    for row in rows:
        tenant_id, facts, municipality = people.get(row["contract_id"], (None, UNKNOWN, ""))
        result.append(
            Row(
                enrollment_id=row["pk"],
                contract_id=row["contract_id"],
                overdue=row["contract__standing__overdue_amount"] or Decimal("0"),
                anchor_date=row["anchor_date"],
                oldest_due_on=row["oldest_due_on"],
                tenant_id=tenant_id,
                facts=facts,
                municipality=municipality,
                letter_amount=row.get("letter_amount"),
                letter_costs=row.get("letter_costs"),
                letter_on=row.get("letter_on"),
            )
        )
    return result


def _when(step: FlowStep, row: Row) -> str:
    if step.anchor == StepAnchor.ENROLLED:
        return f"dag {step.day_offset} na instappen"
    if row.anchor_date != row.oldest_due_on:
        return f"dag {step.day_offset} van de tijdlijn vanaf {row.anchor_date:%d-%m-%Y} (oudste vervaldatum {row.oldest_due_on:%d-%m-%Y})"
    return f"dag {step.day_offset} na de vervaldatum van {row.anchor_date:%d-%m-%Y}"


def _send_at(ctx: RunContext, step: FlowStep) -> datetime:
    return timezone.make_aware(datetime.combine(ctx.as_of, step.version.flow.send_time))


def _run(ctx: RunContext, step: FlowStep, row: Row, reason: str, **extra) -> StepRun:
    return StepRun(
        corporation_id=ctx.corporation.pk,
        enrollment_id=row.enrollment_id,
        step_id=step.pk,
        run_on=ctx.as_of,
        outcome=StepOutcome.DONE,
        reason=reason[:300],
        amount=row.overdue,
        **extra,
    )


def _message_run(
    ctx: RunContext, step: FlowStep, row: Row, report: StepReport, *, legal: bool, costs=None
) -> StepRun:
    deliveries, notes = plan_deliveries(step.channels, step.fallback_channel, row.facts, legal=legal)
    for delivery in deliveries:
        report.deliveries[delivery["channel"]] = report.deliveries.get(delivery["channel"], 0) + 1
        report.substitutions += 1 if delivery["substituted_for"] else 0
    channels = ", ".join(delivery["channel"] for delivery in deliveries) or "niets te versturen"
    reason = f"{step.name} ({_when(step, row)}), achterstand {format_euro(row.overdue)}: {channels}"
    if notes:
        reason += "; " + "; ".join(notes)
    run = _run(
        ctx,
        step,
        row,
        reason,
        send_at=_send_at(ctx, step),
        deliveries=deliveries,
        template_code=step.template_code,
        tone=tone_for(row.facts, as_of=ctx.as_of, informal_below_age=ctx.policy.informal_below_age),
        language=language_for(row.facts),
        costs=costs,
    )
    if not deliveries:
        # Nobody can be reached: recorded as skipped, so a legal term never starts on a letter never sent.
        run.outcome = StepOutcome.SKIPPED
    return run


def _save(runs: list[StepRun], report: StepReport) -> None:
    if runs:
        StepRun.objects.bulk_create(runs, ignore_conflicts=True)
    skipped = sum(1 for run in runs if run.outcome == StepOutcome.SKIPPED)
    report.fired += len(runs) - skipped
    report.skipped += skipped


def message(ctx: RunContext, step: FlowStep, due: Due) -> None:
    _save([_message_run(ctx, step, row, due.report, legal=False) for row in _rows(ctx, due)], due.report)


def fourteen_day_letter_action(ctx: RunContext, step: FlowStep, due: Due) -> None:
    """The veertiendagenbrief: states the principal in verzuim and, where costs are charged, the exact costs.

    The amount is the open principal of the items due before today (not costs, not interest: art. 2 Besluit
    BIK); the costs are the WIK fee over it, never with a VAT uplift (the corporation collects itself). The
    14-day term is not set here: it starts when the letter really went out (messaging records it).
    """
    rows = _rows(ctx, due)
    principal = _principal_by_contract(ctx, rows, before=ctx.as_of)
    others = co_tenants(due.enrollments.values("contract_id"), as_of=ctx.as_of)
    runs = []
    for row in rows:
        row.overdue = principal.get(row.contract_id, ZERO)
        costs = None
        if ctx.policy.charge_collection_costs and row.overdue > 0:
            costs = collection_costs(row.overdue)
        run = _message_run(ctx, step, row, due.report, legal=True, costs=costs)
        # Every jointly liable co-tenant is a debtor: each gets the letter, addressed to them.
        for tenant_id, facts in others.get(row.contract_id, []):
            extra, _ = plan_deliveries(step.channels, step.fallback_channel, facts, legal=True)
            for delivery in extra:
                due.report.deliveries[delivery["channel"]] = (
                    due.report.deliveries.get(delivery["channel"], 0) + 1
                )
                run.deliveries.append(delivery | {"tenant_id": tenant_id})
        runs.append(run)
    _save(runs, due.report)


def add_costs(ctx: RunContext, step: FlowStep, due: Due) -> None:
    """Books the WIK costs after a 14-day letter whose term passed unpaid (art. 6:96 lid 6 BW).

    The basis is what is still unpaid of the principal items the letter named (those due before its day):
    rent that fell due later is not part of it, and a partial payment within the term lowers it. The booked
    fee is the fee over that rest, and never more than the letter stated.
    """
    rows = _rows(ctx, due, with_letter=True)
    principal_items = open_principal_items(
        corporation=ctx.corporation, contract_ids=[row.contract_id for row in rows]
    )
    runs, entries = [], []
    for row in rows:
        if row.letter_on is None:
            continue
        rest = principal_due_before(principal_items.get(row.contract_id, []), row.letter_on)
        rest = min(rest, row.letter_amount or ZERO)
        if rest <= 0 or not row.letter_costs:
            continue
        costs = min(collection_costs(rest), row.letter_costs)
        row.overdue = rest
        entries.append(
            LedgerEntry(
                corporation_id=ctx.corporation.pk,
                contract_id=row.contract_id,
                source_id=f"vangnet-wik-{row.enrollment_id}",
                kind=EntryKind.INVOICE,
                category=InvoiceCategory.COLLECTION_COSTS,
                booking_date=ctx.as_of,
                due_date=ctx.as_of,
                amount=costs,
                description=(
                    f"Incassokosten over {format_euro(rest)} na veertiendagenbrief van {row.letter_on:%d-%m-%Y}"
                ),
            )
        )
        runs.append(_message_run(ctx, step, row, due.report, legal=False, costs=costs))
        ctx.report.costs_total += costs
    if entries:
        LedgerEntry.objects.bulk_create(entries, ignore_conflicts=True)
        ctx.report.costs_entries += len(entries)
        refresh_standings(
            corporation=ctx.corporation,
            as_of=ctx.as_of,
            contract_ids=[entry.contract_id for entry in entries],
        )
    _save(runs, due.report)


def _principal_by_contract(ctx: RunContext, rows: list[Row], *, before) -> dict[int, Decimal]:
    items = open_principal_items(corporation=ctx.corporation, contract_ids=[row.contract_id for row in rows])
    return {contract_id: principal_due_before(found, before) for contract_id, found in items.items()}


def start_interest(ctx: RunContext, step: FlowStep, due: Due) -> None:
    rows = _rows(ctx, due)
    _save(
        [_run(ctx, step, row, f"{step.name} ({_when(step, row)}): rente vanaf vandaag") for row in rows],
        due.report,
    )
    due.enrollments.filter(interest_since__isnull=True).update(interest_since=ctx.as_of)


TASKS: dict[str, tuple[str, Callable[[Row], str], int]] = {
    StepAction.CALL_TASK: (
        TaskKind.CALL,
        lambda row: f"Bel {row.facts.name} over {format_euro(row.overdue)}",
        0,
    ),
    StepAction.HOUSE_VISIT: (TaskKind.HOUSE_VISIT, lambda row: f"Huisbezoek bij {row.facts.name}", 5),
    StepAction.EARLY_SIGNAL: (
        TaskKind.EARLY_SIGNAL,
        lambda row: f"Vroegsignalering: meld {row.facts.name} bij de gemeente {row.municipality}".strip(),
        2,
    ),
    StepAction.PROPOSE_HANDOVER: (
        TaskKind.HANDOVER,
        lambda row: f"Overdracht voorstellen: {row.facts.name}, {format_euro(row.overdue)}",
        5,
    ),
    StepAction.TASK: (TaskKind.GENERIC, lambda row: row.facts.name, 3),
}


def task(ctx: RunContext, step: FlowStep, due: Due, rows: list[Row] | None = None) -> None:
    kind, title, days = TASKS[step.action]
    runs, tasks = [], []
    for row in _rows(ctx, due) if rows is None else rows:
        heading = title(row)
        if step.action == StepAction.TASK:
            heading = f"{step.name}: {heading}"
        tasks.append(
            Task(
                corporation_id=ctx.corporation.pk,
                kind=kind,
                title=heading[:200],
                description=f"{step.name} ({_when(step, row)}), achterstand {format_euro(row.overdue)}.",
                contract_id=row.contract_id,
                tenant_id=row.tenant_id,
                due_on=ctx.as_of + timedelta(days=days),
                priority=step.task_priority,
                team="Huurincasso",
                source="flows",
                source_key=f"step:{row.enrollment_id}:{step.pk}",
            )
        )
        runs.append(_run(ctx, step, row, f"{step.name} ({_when(step, row)}): taak '{heading}'"))
    tasks_create_bulk(tasks)
    ctx.report.tasks_created += len(tasks)
    due.report.tasks += len(tasks)
    _save(runs, due.report)


def propose_handover(ctx: RunContext, step: FlowStep, due: Due) -> None:
    """A task for the manager, and a proposal on the approval list (vangnet/handovers)."""
    rows = _rows(ctx, due)
    task(ctx, step, due, rows)
    proposals_create_bulk(
        corporation=ctx.corporation,
        proposals=[Proposal(row.contract_id, row.enrollment_id, row.overdue) for row in rows],
        reason=step.name,
        as_of=ctx.as_of,
    )


def end(ctx: RunContext, step: FlowStep, due: Due) -> None:
    _save([_run(ctx, step, row, f"{step.name} ({_when(step, row)})") for row in _rows(ctx, due)], due.report)


ACTIONS: dict[str, Callable[[RunContext, FlowStep, Due], None]] = {
    StepAction.MESSAGE: message,
    StepAction.FOURTEEN_DAY_LETTER: fourteen_day_letter_action,
    StepAction.ADD_COSTS: add_costs,
    StepAction.START_INTEREST: start_interest,
    StepAction.CALL_TASK: task,
    StepAction.HOUSE_VISIT: task,
    StepAction.EARLY_SIGNAL: task,
    StepAction.PROPOSE_HANDOVER: propose_handover,
    StepAction.TASK: task,
    StepAction.END: end,
}
