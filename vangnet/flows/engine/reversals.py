"""Returned direct debits (stornering): each new return gets the follow-up its reason code asks for, once.

Runs right after a bank statement is booked and again in the daily run, which also catches returns that
arrived through the ERP. Only returns booked in the last days count: a history imported at go-live is not
a reason to write to anyone.
"""

from collections import Counter
from collections.abc import Mapping
from datetime import datetime, time, timedelta
from typing import Any

from dateutil.relativedelta import relativedelta
from django.db.models import Count
from django.utils import timezone

from vangnet.core.money import format_euro
from vangnet.flows.engine.context import RunContext
from vangnet.flows.engine.deliveries import TenantFacts, language_for, plan_deliveries, tone_for
from vangnet.flows.engine.facts import main_tenants
from vangnet.flows.models import ReversalFollowUp, ReversalRule
from vangnet.ledger.models import EntryKind, LedgerEntry
from vangnet.tasks.models import Task, TaskKind, TaskPriority
from vangnet.tasks.services import tasks_create_bulk

RECENT_DAYS = 7
SEND_TIME = time(10, 0)


def follow_up_reversals(ctx: RunContext) -> None:
    corporation, as_of = ctx.corporation, ctx.as_of
    done = ReversalFollowUp.objects.filter(corporation=corporation).values("entry_id")
    new = list(
        LedgerEntry.objects.filter(
            corporation=corporation,
            kind=EntryKind.REVERSAL,
            booking_date__gte=as_of - timedelta(days=RECENT_DAYS),
            booking_date__lte=as_of,
        )
        .exclude(pk__in=done)
        .order_by("pk")
        .values("pk", "contract_id", "reversal_reason", "amount", "booking_date")
    )
    if not new:
        return
    rules = {rule.code: rule for rule in ReversalRule.objects.filter(corporation=corporation, active=True)}
    contract_ids = {row["contract_id"] for row in new}
    window_start = as_of - relativedelta(months=corporation.behaviour_window_months)
    repeats = Counter(
        {
            (row["contract_id"], row["reversal_reason"]): row["n"]
            for row in LedgerEntry.objects.filter(
                corporation=corporation,
                kind=EntryKind.REVERSAL,
                contract_id__in=contract_ids,
                booking_date__gte=window_start,
                booking_date__lte=as_of,
            )
            .values("contract_id", "reversal_reason")
            .annotate(n=Count("pk"))
            .order_by()
        }
    )
    people = main_tenants(
        LedgerEntry.objects.filter(pk__in=[row["pk"] for row in new]).values("contract_id"), as_of=as_of
    )
    send_at = timezone.make_aware(datetime.combine(as_of, SEND_TIME))
    follow_ups, tasks = [], []
    for row in new:
        code = (row["reversal_reason"] or "").upper()
        rule = rules.get(code) or rules.get("*")
        tenant_id, facts, _municipality = people.get(
            row["contract_id"], (None, TenantFacts(name="huurder"), "")
        )
        amount = row["amount"]
        deliveries: list[dict] = []
        notes: list[str] = []
        if rule is not None and rule.channels and rule.template_code:
            deliveries, notes = plan_deliveries(rule.channels, "letter", facts)
        what = rule.name if rule else "geen regel ingesteld"
        reason = f"Incasso van {format_euro(amount)} kwam terug ({code or 'zonder code'}: {what})"
        if deliveries:
            reason += ": " + ", ".join(delivery["channel"] for delivery in deliveries)
        if notes:
            reason += "; " + "; ".join(notes)
        follow_ups.append(
            ReversalFollowUp(
                corporation_id=corporation.pk,
                entry_id=row["pk"],
                contract_id=row["contract_id"],
                rule=rule,
                code=code[:4],
                run_on=as_of,
                reason=reason[:300],
                send_at=send_at if deliveries else None,
                deliveries=deliveries,
                template_code=rule.template_code if rule and deliveries else "",
                tone=tone_for(facts, as_of=as_of, informal_below_age=ctx.policy.informal_below_age),
                language=language_for(facts),
                amount=amount,
            )
        )
        if rule is not None and rule.task_kind:
            tasks.append(_task(ctx, row, tenant_id, rule.task_kind, rule.task_title, f"reversal:{row['pk']}"))
        if (
            rule is not None
            and rule.repeat_count
            and repeats[(row["contract_id"], row["reversal_reason"])] >= rule.repeat_count
        ):
            tasks.append(
                _task(
                    ctx, row, tenant_id, TaskKind.CALL, rule.repeat_task_title, f"reversal-repeat:{row['pk']}"
                )
            )
    ReversalFollowUp.objects.bulk_create(follow_ups, ignore_conflicts=True)
    tasks_create_bulk(tasks)
    ctx.report.reversals_followed_up += len(follow_ups)
    ctx.report.tasks_created += len(tasks)
    ctx.report.reversal_messages += sum(len(f.deliveries) for f in follow_ups)


def _task(
    ctx: RunContext, row: Mapping[str, Any], tenant_id: int | None, kind: str, title: str, key: str
) -> Task:
    return Task(
        corporation_id=ctx.corporation.pk,
        kind=kind,
        title=(title or "Incasso kwam terug")[:200],
        description=f"Storno {row['reversal_reason'] or ''} van {format_euro(row['amount'])} op {row['booking_date']:%d-%m-%Y}.",
        contract_id=row["contract_id"],
        tenant_id=tenant_id,
        due_on=ctx.as_of + timedelta(days=2),
        priority=TaskPriority.HIGH if kind == TaskKind.CONTACT_HEIRS else TaskPriority.NORMAL,
        team="Huurincasso",
        source="bank",
        source_key=key,
    )
