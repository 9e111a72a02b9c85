"""Dates, amounts and rules of the contract processes as pure functions: they take `as_of`, never the clock.

- `first_payment`: the first rent (the start month pro rata by days) and the deposit the candidate pays.
- `debit_refused`: a switch to direct debit is refused after repeated returns (storno's).
- `swap_problems`: the rules of a house swap (no arrears, minimum tenancy, household fits the home).
"""

import calendar
import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext

CENT = Decimal("0.01")


def days_in_month(day: dt.date) -> int:
    return calendar.monthrange(day.year, day.month)[1]


def pro_rata(monthly: Decimal, start: dt.date) -> Decimal:
    """The part of a month's amount from `start` up to and including the month's last day."""
    total = days_in_month(start)
    remaining = total - start.day + 1
    return (monthly * remaining / total).quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class FirstPayment:
    rent: Decimal
    deposit: Decimal

    @property
    def total(self) -> Decimal:
        return self.rent + self.deposit


def first_payment(*, start: dt.date, monthly_total: Decimal, deposit: Decimal) -> FirstPayment:
    return FirstPayment(rent=pro_rata(monthly_total, start), deposit=deposit.quantize(CENT))


def months_between(start: dt.date, as_of: dt.date) -> int:
    """Whole months from `start` to `as_of` (0 when `as_of` is before a month has passed)."""
    months = (as_of.year - start.year) * 12 + as_of.month - start.month
    if as_of.day < start.day:
        months -= 1
    return max(months, 0)


def debit_refused(*, returns: int, limit: int) -> bool:
    """Refused when the returns in the look-back window reached the corporation's limit (0: no limit)."""
    return limit > 0 and returns >= limit


def next_collection(*, day: int, as_of: dt.date) -> dt.date:
    """The first collection date on `day` (1-28) strictly after `as_of`."""
    if not 1 <= day <= 28:
        raise ValueError("collection day must be 1-28")
    candidate = as_of.replace(day=day)
    if candidate <= as_of:
        year, month = (as_of.year + 1, 1) if as_of.month == 12 else (as_of.year, as_of.month + 1)
        candidate = dt.date(year, month, day)
    return candidate


@dataclass(frozen=True)
class SwapParty:
    name: str
    balance: Decimal
    tenancy_start: dt.date
    household: int
    # The most people the home this party moves into may hold.
    new_home_capacity: int
    confirmed: bool


def swap_problems(parties: list[SwapParty], *, as_of: dt.date, minimum_months: int) -> list[str]:
    """Every rule a swap breaks, one sentence per party and rule; empty when the swap may be decided."""
    problems: list[str] = []
    if len(parties) < 2:
        problems.append(gettext("Een woningruil heeft minstens twee huurders."))
    for party in parties:
        if not party.confirmed:
            problems.append(gettext("%(name)s heeft de ruil nog niet bevestigd.") % {"name": party.name})
        if party.balance > 0:
            problems.append(gettext("%(name)s heeft een huurachterstand.") % {"name": party.name})
        if months_between(party.tenancy_start, as_of) < minimum_months:
            problems.append(
                gettext("%(name)s huurt korter dan %(months)s maanden.")
                % {"name": party.name, "months": minimum_months}
            )
        if party.household > party.new_home_capacity:
            problems.append(
                gettext("Het huishouden van %(name)s past niet in de nieuwe woning.") % {"name": party.name}
            )
    return problems
