"""The daily run's part for arrangements, promises and "I already paid" claims: set-based, bounded queries.

Run by vangnet/daily before the flows engine, so an arrangement broken, a promise broken or a claim not found
today releases its hold (and resumes the flow) in the same run.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from itertools import batched

from django.db.models import (
    DateField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Value,
)
from django.utils.translation import gettext

from vangnet.arrangements.coverage import (
    HALF_CENT,
    instalments_now_covered,
    paid_since_agreed,
    with_coverage,
)
from vangnet.arrangements.models import (
    Arrangement,
    ArrangementStatus,
    FollowUp,
    Installment,
    PaymentClaim,
    PaymentClaimStatus,
    Promise,
    PromiseStatus,
)
from vangnet.arrangements.payloads import arrangement_payload, payment_claim_payload, promise_payload
from vangnet.arrangements.selectors import arrangement_policy_get, live_arrangements_q
from vangnet.core.audit import Actor, log_action
from vangnet.core.models import Corporation
from vangnet.core.money import format_euro
from vangnet.events.services import events_publish_bulk
from vangnet.ledger.models import ContractStanding, EntryKind, LedgerEntry
from vangnet.ledger.selectors import contract_main_tenant, main_party_subquery
from vangnet.messaging.notices import notice_send
from vangnet.messaging.outbox import deliveries_together
from vangnet.tasks.models import Task, TaskKind, TaskPriority, TaskSource
from vangnet.tasks.services import tasks_create_bulk

ACTOR = "run_day"
CLAIM_MATCH_DAYS_BEFORE = 3


@dataclass(frozen=True)
class MonitorResult:
    completed: int
    broken: int


def _tasks(
    corporation: Corporation, rows: list[dict], *, kind: str, title: str, key: str, due_on: date
) -> None:
    """One task per row, in one INSERT; a task that already exists for the source stays as it is."""
    tasks_create_bulk(
        [
            Task(
                corporation=corporation,
                kind=kind,
                title=title,
                description=row.get("description", ""),
                contract_id=row["contract_id"],
                tenant_id=row.get("tenant_id"),
                assigned_to_id=row.get("owner_id"),
                due_on=due_on,
                priority=TaskPriority.HIGH,
                source=TaskSource.ARRANGEMENT,
                source_key=key % row,
            )
            for row in rows
        ]
    )


def _schedules(arrangement_ids: list[int]) -> dict[int, list[Installment]]:
    """Every instalment of these arrangements, in order, per arrangement (one query per 1,000)."""
    schedules: dict[int, list[Installment]] = {}
    for chunk in batched(arrangement_ids, 1000):
        for installment in Installment.objects.filter(arrangement_id__in=chunk).order_by(
            "arrangement_id", "sequence"
        ):
            schedules.setdefault(installment.arrangement_id, []).append(installment)
    return schedules


def _live_active(corporation: Corporation) -> QuerySet[Arrangement]:
    return Arrangement.objects.filter(corporation=corporation, status=ArrangementStatus.ACTIVE).filter(
        live_arrangements_q()
    )


def arrangements_monitor(*, corporation: Corporation, as_of: date) -> MonitorResult:
    """Active arrangements, this corporation, this day (see vangnet.arrangements.coverage for the rule):

    instalments the payments now cover get paid_on; fully covered → COMPLETED; an instalment (or, by
    policy, the current rent) not covered after the grace days → BROKEN, with a task for the owner when
    the policy asks for one, and events for the ERP. About a dozen queries whatever the portfolio (one more
    per 1,000 arrangements for their instalments).
    """
    policy = arrangement_policy_get(corporation=corporation)
    grace, rent_counts = policy.breach_grace_days, policy.require_rent_current
    # The coverage (a sum over each contract's ledger) is read once, as plain rows; the instalments, the
    # completed and the broken are decided from those rows, not by re-evaluating it per instalment.
    coverage = {
        row["pk"]: row
        for row in with_coverage(
            _live_active(corporation), as_of=as_of, grace_days=grace, rent_counts=rent_counts
        ).values("pk", "paid", "rent_due", "due", "planned", "has_plan", "available")
    }
    schedules = _schedules(list(coverage))
    now_paid = instalments_now_covered(schedules, {pk: row["available"] for pk, row in coverage.items()})
    for chunk in batched(now_paid, 1000):
        Installment.objects.filter(pk__in=chunk).update(paid_on=as_of)

    completed_ids = {
        pk
        for pk, row in coverage.items()
        if row["has_plan"] and row["available"] >= row["planned"] - HALF_CENT
    }
    rent_reason = gettext("De huur die tijdens de regeling verviel is niet (helemaal) betaald.")
    term_reason = gettext("Een termijn is niet (helemaal) betaald.")
    broken_reasons = {
        # Payments that reach the instalments but not the rent on top: it is the rent that was missed.
        pk: rent_reason if row["paid"] + HALF_CENT >= row["due"] else term_reason
        for pk, row in coverage.items()
        if pk not in completed_ids
        and row["due"] + row["rent_due"] > HALF_CENT
        and row["paid"] < row["due"] + row["rent_due"] - HALF_CENT
    }
    completed = list(Arrangement.objects.filter(pk__in=completed_ids).select_related("contract"))
    if completed:
        Arrangement.objects.filter(pk__in=completed_ids).update(
            status=ArrangementStatus.COMPLETED, completed_on=as_of
        )
    broken = list(
        Arrangement.objects.filter(pk__in=broken_reasons)
        .annotate(tenant_id=main_party_subquery())
        .select_related("contract")
    )
    for arrangement in broken:
        arrangement.broken_reason = broken_reasons[arrangement.pk]
        arrangement.status = ArrangementStatus.BROKEN
        arrangement.broken_on = as_of
    for reason in (rent_reason, term_reason):
        ids = [a.pk for a in broken if a.broken_reason == reason]
        if ids:
            Arrangement.objects.filter(pk__in=ids).update(
                status=ArrangementStatus.BROKEN, broken_on=as_of, broken_reason=reason
            )
    if broken and policy.on_breach == FollowUp.TASK:
        _tasks(
            corporation,
            [
                {
                    "pk": a.pk,
                    "contract_id": a.contract_id,
                    "tenant_id": a.tenant_id,
                    "owner_id": a.owner_id,
                    "description": a.broken_reason,
                }
                for a in broken
            ],
            kind=TaskKind.ARRANGEMENT_BROKEN,
            title=gettext("Regeling niet nagekomen: neem contact op met de huurder"),
            key="arrangement-broken:%(pk)s",
            due_on=as_of + timedelta(days=2),
        )

    if completed or broken:
        for done in completed:
            done.status = ArrangementStatus.COMPLETED
            done.completed_on = as_of
        events_publish_bulk(
            corporation=corporation,
            type="arrangement.completed",
            payloads=[
                {**arrangement_payload(a, schedules.get(a.pk, [])), "completed_on": as_of} for a in completed
            ],
        )
        events_publish_bulk(
            corporation=corporation,
            type="arrangement.broken",
            payloads=[
                {
                    **arrangement_payload(a, schedules.get(a.pk, [])),
                    "broken_on": as_of,
                    "reason": a.broken_reason,
                }
                for a in broken
            ],
        )
        log_action(
            corporation=corporation,
            actor=ACTOR,
            action="arrangements.monitored",
            data={
                "as_of": as_of.isoformat(),
                "completed": [a.pk for a in completed],
                "broken": [a.pk for a in broken],
            },
        )
    return MonitorResult(completed=len(completed), broken=len(broken))


def promises_settle_due(*, corporation: Corporation, as_of: date, grace_days: int) -> tuple[int, int]:
    """Open promises whose date plus grace has passed: kept when nothing is overdue any more or the
    payments since the promise reach its amount, else broken (a task by policy). Returns (kept, broken)."""
    due = Promise.objects.filter(
        corporation=corporation,
        status=PromiseStatus.OPEN,
        removed_from_source_at__isnull=True,
        promised_date__lt=as_of - timedelta(days=grace_days),
    )
    settled = ContractStanding.objects.filter(contract=OuterRef("contract_id"), overdue_amount__lte=0)
    paid = paid_since_agreed(as_of)  # reads agreed_on: promises call it made_on
    kept = list(
        due.annotate(agreed_on=F("made_on"), paid=paid)
        .filter(Q(Exists(settled)) | Q(paid__gte=F("amount") - HALF_CENT))
        .select_related("contract")
    )
    broken = list(
        due.exclude(pk__in=[p.pk for p in kept])
        .annotate(tenant_id=main_party_subquery())
        .select_related("contract")
    )
    for promises, status in ((kept, PromiseStatus.KEPT), (broken, PromiseStatus.BROKEN)):
        if promises:
            Promise.objects.filter(pk__in=[p.pk for p in promises]).update(status=status, settled_on=as_of)
        for promise in promises:
            promise.status = status
    if broken and arrangement_policy_get(corporation=corporation).on_broken_promise == FollowUp.TASK:
        _tasks(
            corporation,
            [{"pk": p.pk, "contract_id": p.contract_id, "tenant_id": p.tenant_id} for p in broken],
            kind=TaskKind.PROMISE_BROKEN,
            title=gettext("Betaalbelofte niet nagekomen: neem contact op met de huurder"),
            key="promise-broken:%(pk)s",
            due_on=as_of + timedelta(days=2),
        )
    if kept or broken:
        events_publish_bulk(
            corporation=corporation, type="promise.kept", payloads=[promise_payload(p) for p in kept]
        )
        events_publish_bulk(
            corporation=corporation, type="promise.broken", payloads=[promise_payload(p) for p in broken]
        )
        log_action(
            corporation=corporation,
            actor=ACTOR,
            action="promises.settled",
            data={"as_of": as_of.isoformat(), "kept": len(kept), "broken": len(broken)},
        )
    return len(kept), len(broken)


def payment_claims_check(*, corporation: Corporation, as_of: date) -> tuple[int, int]:
    """Open "I already paid" claims: a payment on the contract of at least the amount (less a cent),
    booked from three days before the claimed date → FOUND; the hold's end passed and nothing found →
    NOT_FOUND with a task for a colleague. Returns (found, not_found)."""
    claims = PaymentClaim.objects.filter(corporation=corporation, status=PaymentClaimStatus.OPEN)
    found = list(_claims_with_payment(claims, as_of).select_related("contract"))
    if found:
        PaymentClaim.objects.filter(pk__in=[c.pk for c in found]).update(
            status=PaymentClaimStatus.FOUND, resolved_on=as_of
        )
    not_found = list(
        claims.exclude(pk__in=[c.pk for c in found])
        .filter(hold_until__lt=as_of)
        .annotate(main_tenant_id=main_party_subquery())
        .select_related("contract")
    )
    if not_found:
        PaymentClaim.objects.filter(pk__in=[c.pk for c in not_found]).update(
            status=PaymentClaimStatus.NOT_FOUND, resolved_on=as_of
        )
        tasks_create_bulk(
            [
                Task(
                    corporation=corporation,
                    kind=TaskKind.PAYMENT_CLAIM,
                    title=gettext("Betaling niet gevonden: de huurder zegt al betaald te hebben"),
                    description=gettext("Gemeld: %(amount)s betaald op %(date)s.")
                    % {"amount": format_euro(claim.amount), "date": claim.paid_on.strftime("%d-%m-%Y")},
                    contract_id=claim.contract_id,
                    tenant_id=claim.tenant_id or claim.main_tenant_id,
                    due_on=as_of + timedelta(days=2),
                    priority=TaskPriority.NORMAL,
                    source=TaskSource.BANK,
                    source_key=f"payment-claim:{claim.pk}",
                )
                for claim in not_found
            ]
        )
    for claims_done, status in ((found, PaymentClaimStatus.FOUND), (not_found, PaymentClaimStatus.NOT_FOUND)):
        for claim in claims_done:
            claim.status, claim.resolved_on = status, as_of
    if found or not_found:
        events_publish_bulk(
            corporation=corporation,
            type="payment_claim.found",
            payloads=[payment_claim_payload(c) for c in found],
        )
        events_publish_bulk(
            corporation=corporation,
            type="payment_claim.not_found",
            payloads=[payment_claim_payload(c) for c in not_found],
        )
        log_action(
            corporation=corporation,
            actor=ACTOR,
            action="payment_claims.checked",
            data={"as_of": as_of.isoformat(), "found": len(found), "not_found": len(not_found)},
        )
    return len(found), len(not_found)


def _claims_with_payment(claims: QuerySet[PaymentClaim], as_of: date) -> QuerySet[PaymentClaim]:
    window_start = ExpressionWrapper(
        F("paid_on") - timedelta(days=CLAIM_MATCH_DAYS_BEFORE), output_field=DateField()
    )
    payments = LedgerEntry.objects.filter(
        contract_id=OuterRef("contract_id"),
        kind=EntryKind.PAYMENT,
        removed_from_source_at__isnull=True,
        booking_date__lte=as_of,
        booking_date__gte=OuterRef("window_start"),
        amount__lte=Value(Decimal("0.01")) - OuterRef("amount"),
    )
    return claims.annotate(window_start=window_start).filter(Exists(payments))


def arrangement_breach_notices_send(*, corporation: Corporation, as_of: date, actor: Actor) -> int:
    """After the daily run: the tenants of arrangements broken in the last week and not yet told get the
    notice `regeling-niet-nagekomen`. One message per tenant, so this is per row (few a day); each is marked
    so a second run of the day sends nothing. The notices are delivered together at the end, in chunks
    (one SMTP connection per chunk, not per notice). Returns the notices sent."""
    recent = Arrangement.objects.filter(
        corporation=corporation,
        status=ArrangementStatus.BROKEN,
        broken_on__lte=as_of,
        broken_on__gte=as_of - timedelta(days=7),
        breach_notified_on__isnull=True,
    ).select_related("contract")
    with deliveries_together():
        sent = _breach_notices(recent, as_of=as_of, actor=actor)
    if sent:
        log_action(
            corporation=corporation,
            actor=actor or ACTOR,
            action="arrangements.breach_notices_sent",
            data={"as_of": as_of.isoformat(), "sent": sent},
        )
    return sent


def _breach_notices(recent, *, as_of: date, actor: Actor) -> int:
    sent = 0
    for arrangement in recent:
        tenant = contract_main_tenant(contract=arrangement.contract)
        message = None
        if tenant is not None:
            message = notice_send(
                tenant=tenant,
                contract=arrangement.contract,
                template_code="regeling-niet-nagekomen",
                as_of=as_of,
                actor=actor or ACTOR,
            )
        # Marked also when no channel reaches the tenant: the owner's task asks for contact anyway.
        Arrangement.objects.filter(pk=arrangement.pk).update(breach_notified_on=as_of)
        sent += message is not None
    return sent
