"""Statutory interest (art. 6:119 BW) on dossiers whose flow started it, booked once per calendar month.

What is booked for a month is the interest from the start date up to the first day of this month, less what
was booked before: rate changes and the yearly capitalisation of the pure calculation carry over, and a
rerun of the day books nothing twice (the entry's source id names the month). The principal is what is
overdue now, without costs and interest already charged.
"""

from datetime import timedelta
from decimal import Decimal

from django.db.models import CharField, DecimalField, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Cast, Coalesce, Concat

from vangnet.flows.engine.context import RunContext
from vangnet.flows.legal.interest import statutory_interest
from vangnet.flows.models import OPEN_STATUSES, Enrollment, InterestRate
from vangnet.ledger.models import EntryKind, InvoiceCategory, LedgerEntry
from vangnet.ledger.services.standing import refresh_standings

ZERO = Decimal("0.00")


def _total(entries: QuerySet[LedgerEntry]) -> Coalesce:
    """SUM(amount) of the dossier's contract entries that `entries` selects, zero when there are none."""
    total = Subquery(
        entries.filter(contract_id=OuterRef("contract_id"))
        .values("contract_id")
        .annotate(t=Sum("amount"))
        .values("t"),
        output_field=DecimalField(max_digits=12, decimal_places=2),
    )
    return Coalesce(total, Value(ZERO))


def _charged() -> Coalesce:
    return _total(
        LedgerEntry.objects.filter(category__in=(InvoiceCategory.COLLECTION_COSTS, InvoiceCategory.INTEREST))
    )


def _booked_for_enrollment() -> Coalesce:
    prefix = Concat(Value("vangnet-rente-"), Cast(OuterRef("pk"), output_field=CharField()), Value("-"))
    return _total(LedgerEntry.objects.filter(source_id__startswith=prefix))


def book_interest(ctx: RunContext) -> None:
    if not ctx.policy.charge_interest:
        return
    month_start = ctx.as_of.replace(day=1)
    rows = list(
        Enrollment.objects.filter(
            corporation=ctx.corporation, status__in=OPEN_STATUSES, interest_since__lt=month_start
        )
        .filter(~Q(contract__standing__overdue_amount__lte=0))
        .annotate(
            charged=_charged(),
            interest_booked=_booked_for_enrollment(),
        )
        .values(
            "pk",
            "contract_id",
            "interest_since",
            "contract__standing__overdue_amount",
            "charged",
            "interest_booked",
        )
    )
    if not rows:
        return
    rates = [(rate.valid_from, rate.rate) for rate in InterestRate.objects.order_by("valid_from")]
    previous_month = month_start - timedelta(days=1)
    label = f"{previous_month.year}-{previous_month.month:02d}"
    entries = []
    for row in rows:
        principal = (row["contract__standing__overdue_amount"] or ZERO) - row["charged"]
        since = row["interest_since"]
        if principal <= 0 or since is None:
            continue
        owed = statutory_interest(principal, from_date=since, to_date=month_start, rates=rates)
        amount = owed - row["interest_booked"]
        if amount <= 0:
            continue
        entries.append(
            LedgerEntry(
                corporation_id=ctx.corporation.pk,
                contract_id=row["contract_id"],
                source_id=f"vangnet-rente-{row['pk']}-{label}",
                kind=EntryKind.INVOICE,
                category=InvoiceCategory.INTEREST,
                booking_date=ctx.as_of,
                due_date=ctx.as_of,
                amount=amount,
                description=f"Wettelijke rente tot {month_start:%d-%m-%Y} over {principal:.2f}",
            )
        )
    if entries:
        LedgerEntry.objects.bulk_create(entries, ignore_conflicts=True)
        refresh_standings(
            corporation=ctx.corporation,
            as_of=ctx.as_of,
            contract_ids=[entry.contract_id for entry in entries],
        )
    ctx.report.interest_entries += len(entries)
    ctx.report.interest_total += sum((entry.amount for entry in entries), ZERO)
