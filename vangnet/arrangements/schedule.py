"""The instalment schedule of an arrangement: a pure function, shared by the staff calculator and the portal."""

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_CEILING, ROUND_DOWN, Decimal

from dateutil.relativedelta import relativedelta
from django.utils.translation import gettext

from vangnet.core.errors import ApplicationError

CENT = Decimal("0.01")
MAX_INSTALLMENTS = 60


@dataclass(frozen=True)
class ScheduledInstallment:
    sequence: int
    due_date: date
    amount: Decimal


def _cents(value: Decimal, field: str) -> Decimal:
    if not isinstance(value, Decimal) or not value.is_finite() or value != value.quantize(CENT):
        raise ApplicationError(gettext("Vul een bedrag in euro's en centen in."), extra={"field": field})
    return value


def installment_schedule(
    *, total: Decimal, start: date, count: int | None = None, amount: Decimal | None = None
) -> list[ScheduledInstallment]:
    """Monthly instalments from `start`, summing to `total` exactly.

    With `count`: equal instalments rounded down to the cent, the remainder on the last. With `amount`:
    that amount each month, the last one the rest. Months come from `start` itself (relativedelta), so a
    schedule starting on the 31st falls on the last day of shorter months and back on the 31st after.
    """
    total = _cents(total, "total")
    if total <= 0:
        raise ApplicationError(gettext("Het totaalbedrag moet meer dan € 0 zijn."), extra={"field": "total"})
    if (count is None) == (amount is None):
        raise ApplicationError(gettext("Kies een aantal termijnen of een bedrag per termijn, niet allebei."))
    if amount is not None:
        amount = _cents(amount, "amount")
        if amount <= 0:
            raise ApplicationError(
                gettext("Het bedrag per termijn moet meer dan € 0 zijn."), extra={"field": "amount"}
            )
        if amount > total:
            raise ApplicationError(
                gettext("Het bedrag per termijn is hoger dan het totaalbedrag."), extra={"field": "amount"}
            )
        # Rounded up: the last instalment takes the rest, never more than `amount`.
        count = int((total / amount).to_integral_value(rounding=ROUND_CEILING))
        if count > MAX_INSTALLMENTS:
            raise ApplicationError(
                gettext("Met dit bedrag worden het meer dan %(max)s termijnen. Kies een hoger bedrag.")
                % {"max": MAX_INSTALLMENTS},
                extra={"field": "amount"},
            )
        amounts = [amount] * (count - 1) + [total - amount * (count - 1)]
    else:
        assert count is not None
        if count < 1 or count > MAX_INSTALLMENTS:
            raise ApplicationError(
                gettext("Kies tussen 1 en %(max)s termijnen.") % {"max": MAX_INSTALLMENTS},
                extra={"field": "count"},
            )
        share = (total / count).quantize(CENT, rounding=ROUND_DOWN)
        if share <= 0:
            raise ApplicationError(
                gettext("Het totaalbedrag is te klein voor zoveel termijnen."), extra={"field": "count"}
            )
        amounts = [share] * (count - 1) + [total - share * (count - 1)]
    return [
        ScheduledInstallment(sequence=n, due_date=start + relativedelta(months=n - 1), amount=value)
        for n, value in enumerate(amounts, start=1)
    ]
