"""Statutory interest (art. 6:119 BW) on dossiers whose flow started it, booked once per calendar month.

Interest runs per open principal item (rent, service costs, ...; never on collection costs or on interest
itself) from the day after its own due date, or from the day the flow started interest when that is later,
compounded yearly and split where the rate changes (the pure calculation in ``legal/interest.py``). What is
booked for a month is the interest owed up to the first day of this month on the items still open, less
what the dossier had booked before; a rerun of the day books nothing twice (the entry's source id names
the month). Costs, whether paid or open, never touch the basis. An item's interest is computed on what is
open of it now: a partial payment lowers the basis over the whole period, which errs in the tenant's favour.
"""

from datetime import date, timedelta
from decimal import Decimal

from django.db.models import CharField, DecimalField, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Cast, Coalesce, Concat
from django.utils.translation import gettext as _

from vangnet.flows.engine.context import RunContext
from vangnet.flows.engine.principal import PrincipalItem, open_principal_items
from vangnet.flows.legal.interest import Rates, statutory_interest
from vangnet.flows.models import OPEN_STATUSES, Enrollment, InterestRate
from vangnet.ledger.models import EntryKind, InvoiceCategory, LedgerEntry
from vangnet.ledger.services.standing import refresh_standings

ZERO = Decimal("0.00")
# The rates are set per 1 January and 1 July; a newest row older than this means a decree was missed.
RATE_TABLE_STALE_AFTER_DAYS = 183


def _booked_for_enrollment() -> Coalesce:
    prefix = Concat(Value("vangnet-rente-"), Cast(OuterRef("pk"), output_field=CharField()), Value("-"))
    total = Subquery(
        LedgerEntry.objects.filter(contract_id=OuterRef("contract_id"), source_id__startswith=prefix)
        .values("contract_id")
        .annotate(t=Sum("amount"))
        .values("t"),
        output_field=DecimalField(max_digits=12, decimal_places=2),
    )
    return Coalesce(total, Value(ZERO))


def interest_on_items(items: list[PrincipalItem], *, since: date, until: date, rates: Rates) -> Decimal:
    """Statutory interest up to ``until`` (exclusive) over each item from the day after its due date."""
    total = ZERO
    for item in items:
        start = max(item.due_date + timedelta(days=1), since)
        if start < until:
            total += statutory_interest(item.open_amount, from_date=start, to_date=until, rates=rates)
    return total


def rate_table_warning(newest: date | None, *, as_of: date) -> str:
    """A warning for the run report when the newest statutory rate is more than six months old."""
    if newest is None:
        return _("Er staan geen wettelijke rentes in de tabel.")
    if (as_of - newest).days > RATE_TABLE_STALE_AFTER_DAYS:
        return _(
            "De nieuwste wettelijke rente in de tabel geldt vanaf %(day)s; controleer of er sindsdien een nieuw "
            "Besluit vaststelling wettelijke rente is."
        ) % {"day": newest.strftime("%d-%m-%Y")}
    return ""


def book_interest(ctx: RunContext) -> None:
    if not ctx.policy.charge_interest:
        return
    rates = [(rate.valid_from, rate.rate) for rate in InterestRate.objects.order_by("valid_from")]
    warning = rate_table_warning(rates[-1][0] if rates else None, as_of=ctx.as_of)
    if warning:
        ctx.report.warnings.append(warning)
    month_start = ctx.as_of.replace(day=1)
    rows = list(
        Enrollment.objects.filter(
            corporation=ctx.corporation, status__in=OPEN_STATUSES, interest_since__lt=month_start
        )
        .filter(~Q(contract__standing__overdue_amount__lte=0))
        .annotate(interest_booked=_booked_for_enrollment())
        .values("pk", "contract_id", "interest_since", "interest_booked")
    )
    if not rows or not rates:
        return
    items = open_principal_items(
        corporation=ctx.corporation, contract_ids=[row["contract_id"] for row in rows]
    )
    previous_month = month_start - timedelta(days=1)
    label = f"{previous_month.year}-{previous_month.month:02d}"
    entries = []
    for row in rows:
        open_items = [item for item in items.get(row["contract_id"], []) if item.due_date < month_start]
        owed = interest_on_items(
            open_items, since=row["interest_since"] or month_start, until=month_start, rates=rates
        )
        amount = owed - row["interest_booked"]
        if amount <= 0:
            continue
        principal = sum((item.open_amount for item in open_items), ZERO)
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
                description=(
                    f"Wettelijke rente tot {month_start:%d-%m-%Y} over {len(open_items)} openstaande "
                    f"posten ({principal:.2f})"
                ),
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
