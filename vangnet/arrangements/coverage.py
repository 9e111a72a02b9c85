"""How far the payments on a contract cover an arrangement: SQL expressions over an Arrangement queryset.

The rule, the same for arrangements made here and those imported from the ERP: payments booked on the
contract after the day the arrangement was agreed (returned payments count against them) must cover

* every instalment whose due date plus the grace days has passed, and
* when the policy asks for current rent, the rent and service costs that fell due after the agreement
  (again after the grace days).

Comparisons allow half a cent, because SQLite sums decimals as floating point.
"""

from datetime import date, timedelta
from decimal import Decimal

from django.db.models import DecimalField, Exists, F, OuterRef, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from vangnet.arrangements.models import Installment
from vangnet.ledger.models import EntryKind, InvoiceCategory, LedgerEntry

MONEY = DecimalField(max_digits=14, decimal_places=2)
HALF_CENT = Decimal("0.005")
PAYMENT_KINDS = (EntryKind.PAYMENT, EntryKind.REVERSAL)
RENT_CATEGORIES = (InvoiceCategory.RENT, InvoiceCategory.SERVICE_COSTS)


def _total(queryset: QuerySet, group: str) -> Coalesce:
    summed = queryset.order_by().values(group).annotate(total=Sum("amount")).values("total")[:1]
    return Coalesce(Subquery(summed, output_field=MONEY), Value(Decimal("0.00")), output_field=MONEY)


def paid_since_agreed(as_of: date) -> Coalesce:
    """Payments minus returns booked after agreed_on up to as_of, as a positive amount.

    Not on the day itself: the arrangement's total is the balance of that day, with its payments (the
    month's rent collected that morning, say) already taken off."""
    entries = LedgerEntry.objects.filter(
        contract_id=OuterRef("contract_id"),
        kind__in=PAYMENT_KINDS,
        booking_date__gt=OuterRef("agreed_on"),
        booking_date__lte=as_of,
        removed_from_source_at__isnull=True,
    )
    # Payments are negative from the tenant's side; the sum is flipped so "paid" reads as it sounds.
    summed = entries.order_by().values("contract_id").annotate(total=-Sum("amount")).values("total")[:1]
    return Coalesce(Subquery(summed, output_field=MONEY), Value(Decimal("0.00")), output_field=MONEY)


def rent_due_since_agreed(as_of: date, grace_days: int) -> Coalesce:
    invoices = LedgerEntry.objects.filter(
        contract_id=OuterRef("contract_id"),
        kind=EntryKind.INVOICE,
        category__in=RENT_CATEGORIES,
        due_date__gt=OuterRef("agreed_on"),
        due_date__lt=as_of - timedelta(days=grace_days),
        removed_from_source_at__isnull=True,
    )
    return _total(invoices, "contract_id")


def installments_due(as_of: date, grace_days: int) -> Coalesce:
    due = Installment.objects.filter(
        arrangement_id=OuterRef("pk"), due_date__lt=as_of - timedelta(days=grace_days)
    )
    return _total(due, "arrangement_id")


def installments_planned() -> Coalesce:
    return _total(Installment.objects.filter(arrangement_id=OuterRef("pk")), "arrangement_id")


def with_coverage(queryset: QuerySet, *, as_of: date, grace_days: int, rent_counts: bool) -> QuerySet:
    """Annotates paid, rent_due, due (instalments past grace), planned, available (paid left for the
    instalments once rent is taken out) and has_plan."""
    annotated = queryset.annotate(
        paid=paid_since_agreed(as_of),
        rent_due=rent_due_since_agreed(as_of, grace_days) if rent_counts else Value(Decimal("0.00"), MONEY),
        due=installments_due(as_of, grace_days),
        planned=installments_planned(),
        has_plan=Exists(Installment.objects.filter(arrangement_id=OuterRef("pk"))),
    )
    return annotated.annotate(available=F("paid") - F("rent_due"))


def instalments_now_covered(
    schedules: dict[int, list[Installment]], available: dict[int, Decimal]
) -> list[int]:
    """The unpaid instalments the payments now reach: per arrangement, in order, every instalment whose
    amount plus the ones before it is at most what is available for the instalments (half a cent allowed)."""
    covered = []
    for arrangement_id, instalments in schedules.items():
        reach, cumulative = available.get(arrangement_id, Decimal("0.00")) + HALF_CENT, Decimal("0.00")
        for instalment in instalments:
            cumulative += instalment.amount
            if cumulative > reach:
                break
            if instalment.paid_on is None:
                covered.append(instalment.pk)
    return covered
