"""Reads on arrangements, promises and payment claims for the daily run, the staff screens and the portal."""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.db.models import Count, Exists, Min, OuterRef, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext

from vangnet.arrangements.budget import BudgetFigures, BudgetResult, budget_affordable
from vangnet.arrangements.coverage import HALF_CENT, MONEY, PAYMENT_KINDS, with_coverage
from vangnet.arrangements.models import (
    Arrangement,
    ArrangementPaymentMethod,
    ArrangementPolicy,
    ArrangementStatus,
    BudgetCheck,
    Channel,
    Installment,
    Promise,
    PromiseStatus,
    live_arrangements_q,
)
from vangnet.arrangements.rules import ProposalFacts
from vangnet.core.models import Corporation
from vangnet.ledger.models import Contract, LedgerEntry

RUNNING = (ArrangementStatus.REQUESTED, ArrangementStatus.ACTIVE)

__all__ = [
    "RUNNING",
    "live_arrangements_q",
]  # live_arrangements_q lives with the model: the holds sink reads it


def arrangement_policy_get(*, corporation: Corporation) -> ArrangementPolicy:
    """The corporation's policy, or the defaults (unsaved) when it has none yet."""
    policy = ArrangementPolicy.objects.filter(corporation=corporation).first()
    return policy or ArrangementPolicy(corporation=corporation)


def running_arrangement_exists(*, contract: Contract) -> bool:
    return (
        Arrangement.objects.filter(contract=contract, status__in=RUNNING)
        .filter(live_arrangements_q())
        .exists()
    )


def proposal_facts(*, contract: Contract, as_of: date) -> ProposalFacts:
    """What the rules need about a contract, in three queries."""
    policy = arrangement_policy_get(corporation=contract.corporation)
    lookback = as_of - relativedelta(months=policy.broken_lookback_months)
    arrangements = Arrangement.objects.filter(contract=contract).filter(live_arrangements_q())
    flags = arrangements.aggregate(
        running=Count("pk", filter=Q(status__in=RUNNING)),
        broken=Count(
            "pk",
            filter=Q(status=ArrangementStatus.BROKEN)
            & (Q(broken_on__gte=lookback) | Q(broken_on__isnull=True, agreed_on__gte=lookback)),
        ),
    )
    money = LedgerEntry.objects.filter(contract=contract, removed_from_source_at__isnull=True).aggregate(
        balance=Coalesce(
            Sum("amount", filter=Q(due_date__lte=as_of)), Value(Decimal("0.00")), output_field=MONEY
        ),
        paid=Coalesce(
            Sum(
                "amount",
                filter=Q(
                    kind__in=PAYMENT_KINDS,
                    booking_date__gt=as_of - relativedelta(months=1),
                    booking_date__lte=as_of,
                ),
            ),
            Value(Decimal("0.00")),
            output_field=MONEY,
        ),
    )
    span = relativedelta(as_of, contract.start_date)
    return ProposalFacts(
        tenancy_months=max(span.years * 12 + span.months, 0),
        broken_recently=bool(flags["broken"]),
        running_arrangement=bool(flags["running"]),
        open_balance=Decimal(money["balance"]).quantize(Decimal("0.01")),
        monthly_rent=contract.monthly_total,
        paid_last_month=(-Decimal(money["paid"])).quantize(Decimal("0.01")),
    )


@dataclass(frozen=True)
class ScheduleRow:
    sequence: int
    due_date: date
    amount: Decimal
    state: str  # "paid" | "due" | "late" | "future"


def arrangement_schedule_rows(*, arrangement: Arrangement, as_of: date) -> list[ScheduleRow]:
    """The schedule with what is paid as of the day: the payments since the agreement (less current rent,
    when the policy asks for it) cover the instalments in order. Two queries."""
    policy = arrangement_policy_get(corporation=arrangement.corporation)
    grace = policy.breach_grace_days
    covered = (
        with_coverage(
            Arrangement.objects.filter(pk=arrangement.pk),
            as_of=as_of,
            grace_days=grace,
            rent_counts=policy.require_rent_current,
        )
        .values_list("available", flat=True)
        .first()
    )
    available = Decimal(covered or 0)
    rows: list[ScheduleRow] = []
    cumulative = Decimal("0.00")
    for installment in Installment.objects.filter(arrangement=arrangement).order_by("sequence"):
        cumulative += installment.amount
        if installment.paid_on is not None or cumulative <= available + HALF_CENT:
            state = "paid"
        elif installment.due_date > as_of:
            state = "future"
        elif installment.due_date + timedelta(days=grace) >= as_of:
            state = "due"
        else:
            state = "late"
        rows.append(ScheduleRow(installment.sequence, installment.due_date, installment.amount, state))
    return rows


def contract_arrangements(*, contract: Contract) -> QuerySet[Arrangement]:
    """Newest first, instalments prefetched."""
    return (
        Arrangement.objects.filter(contract=contract)
        .prefetch_related("installments")
        .select_related("owner")
        .order_by("-agreed_on", "-pk")
    )


def arrangements_to_watch(*, as_of: date, days: int = 7) -> QuerySet[Arrangement]:
    """Active arrangements with an unpaid instalment due within `days` or already past due, soonest first.

    Reads in the active scope (django-scopes): call inside the request's or a corporation's scope.
    """
    unpaid_soon = Installment.objects.filter(
        arrangement_id=OuterRef("pk"), paid_on__isnull=True, due_date__lte=as_of + timedelta(days=days)
    )
    return (
        Arrangement.objects.filter(status=ArrangementStatus.ACTIVE)
        .filter(live_arrangements_q())
        .filter(Exists(unpaid_soon))
        .annotate(next_due=Min("installments__due_date", filter=Q(installments__paid_on__isnull=True)))
        .select_related("contract", "owner")
        .order_by("next_due", "pk")
    )


@dataclass(frozen=True)
class KeptShareRow:
    kind: str  # "channel:<value>" or "payment_method:<value>"
    label: str
    total: int
    kept: int
    broken: int
    share: Decimal | None  # kept / (kept + broken), None when none ended


def arrangement_kept_share(*, corporation: Corporation, as_of: date, months: int = 12) -> list[KeptShareRow]:
    """Of the arrangements that ended (completed or broken) in the last `months`: the share kept, per
    channel and per payment method. An ERP arrangement without an end date counts by its agreement date."""
    since = as_of - relativedelta(months=months)
    ended = Arrangement.objects.filter(corporation=corporation).filter(
        Q(status=ArrangementStatus.COMPLETED, completed_on__gte=since, completed_on__lte=as_of)
        | Q(status=ArrangementStatus.BROKEN, broken_on__gte=since, broken_on__lte=as_of)
        | Q(
            status__in=(ArrangementStatus.COMPLETED, ArrangementStatus.BROKEN),
            completed_on__isnull=True,
            broken_on__isnull=True,
            agreed_on__gte=since,
            agreed_on__lte=as_of,
        )
    )
    labels: dict[str, dict[str, str]] = {
        "channel": {value: str(label) for value, label in Channel.choices},
        "payment_method": {
            **{value: str(label) for value, label in ArrangementPaymentMethod.choices},
            "": gettext("Zoals de huur"),
        },
    }
    rows: list[KeptShareRow] = []
    for dimension in ("channel", "payment_method"):
        counts = (
            ended.order_by()
            .values(dimension)
            .annotate(
                kept=Count("pk", filter=Q(status=ArrangementStatus.COMPLETED)),
                broken=Count("pk", filter=Q(status=ArrangementStatus.BROKEN)),
            )
            .order_by(dimension)
        )
        for row in counts:
            value, kept, broken = row[dimension], row["kept"], row["broken"]
            total = kept + broken
            share = (Decimal(kept) / total).quantize(Decimal("0.0001")) if total else None
            rows.append(
                KeptShareRow(
                    kind=f"{dimension}:{value}",
                    label=labels[dimension].get(value, value),
                    total=total,
                    kept=kept,
                    broken=broken,
                    share=share,
                )
            )
    return rows


def promises_to_watch(*, as_of: date, days: int = 7) -> QuerySet[Promise]:
    """Open promises whose date is within `days` or passed, soonest first (in the active scope)."""
    return (
        Promise.objects.filter(
            status=PromiseStatus.OPEN,
            removed_from_source_at__isnull=True,
            promised_date__lte=as_of + timedelta(days=days),
        )
        .select_related("contract")
        .order_by("promised_date", "pk")
    )


def promise_latest_date(*, corporation: Corporation, as_of: date) -> date:
    """The last date a tenant may promise to pay on."""
    return as_of + timedelta(days=arrangement_policy_get(corporation=corporation).promise_max_days)


def open_promise(*, contract: Contract) -> Promise | None:
    return (
        Promise.objects.filter(
            contract=contract, status=PromiseStatus.OPEN, removed_from_source_at__isnull=True
        )
        .order_by("-promised_date")
        .first()
    )


def budget_result(*, corporation: Corporation, figures: BudgetFigures) -> BudgetResult:
    """What the figures leave per month under the corporation's living-allowance norm."""
    return budget_affordable(figures, arrangement_policy_get(corporation=corporation).budget_norm())


def arrangement_budget_check(*, arrangement: Arrangement) -> BudgetCheck | None:
    """The budget check the arrangement was made with, if any."""
    return BudgetCheck.objects.filter(arrangement=arrangement).first()
