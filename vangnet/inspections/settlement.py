"""The final settlement (eindafrekening) as a pure function: no clock, no database, cents exactly.

Rent is owed up to and including the end date, pro rata by the days of the end month
(rent * end day / days in that month, rounded half up to the cent). The ledger's open balance already holds
every invoice (also the end month's full rent, invoiced in advance, and any rent invoiced for later
months), so the rent invoiced from the end month on is credited and the pro-rata rent charged instead.
Then the repairs the tenant pays (from the end inspection) and the deposit, returned or offset.
A positive total is what the tenant still owes; a negative one is paid back to them.
"""

import calendar
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext

CENT = Decimal("0.01")


@dataclass(frozen=True)
class Line:
    code: str
    label: str
    amount: Decimal


@dataclass(frozen=True)
class Settlement:
    lines: tuple[Line, ...]
    total: Decimal


def prorated_rent(monthly: Decimal, end_date: dt.date) -> Decimal:
    days_in_month = calendar.monthrange(end_date.year, end_date.month)[1]
    return (monthly * end_date.day / days_in_month).quantize(CENT, rounding=ROUND_HALF_UP)


def final_settlement(
    *,
    end_date: dt.date,
    monthly_rent: Decimal,
    open_balance: Decimal,
    rent_invoiced_from_end_month: Decimal,
    repairs: Sequence[tuple[str, Decimal]],
    deposit: Decimal,
) -> Settlement:
    days_in_month = calendar.monthrange(end_date.year, end_date.month)[1]
    lines = [
        Line("open", gettext("Openstaand op uw huurrekening"), open_balance),
        Line(
            "invoiced",
            gettext("Terug: huur die al gefactureerd was vanaf %(month)s") % {"month": f"{end_date:%m-%Y}"},
            -rent_invoiced_from_end_month,
        ),
        Line(
            "rent",
            gettext("Huur tot en met %(day)s (%(days)s van %(total)s dagen)")
            % {"day": f"{end_date:%d-%m-%Y}", "days": end_date.day, "total": days_in_month},
            prorated_rent(monthly_rent, end_date),
        ),
    ]
    lines += [
        Line("repair", gettext("Herstel: %(what)s") % {"what": what}, amount) for what, amount in repairs
    ]
    if deposit:
        lines.append(Line("deposit", gettext("Waarborgsom"), -deposit))
    lines = [line for line in lines if line.amount or line.code in ("open", "rent")]
    total = sum((line.amount for line in lines), Decimal("0.00")).quantize(CENT)
    return Settlement(tuple(lines), total)
