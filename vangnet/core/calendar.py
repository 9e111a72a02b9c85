"""Dutch business days and the days on which Vangnet may send something to a tenant.

Public holidays come from the ``holidays`` package (``holidays.Netherlands``, category PUBLIC): New Year's
Day, Good Friday, Easter, Koningsdag (moved to Saturday when 27 April is a Sunday), Ascension Day, Whitsun,
both Christmas days, and Bevrijdingsdag (5 May) only in lustrum years (2025, 2030, ...), as most collective
labour agreements do. Statutory terms use the wider list of the Algemene termijnenwet instead (5 May every
year, plus equated days): see ``termijnenwet.py``.
"""

from datetime import date, timedelta
from functools import lru_cache

import holidays

from vangnet.core.channels import ChannelKind

SATURDAY = 5
SUNDAY = 6
# The strictest channel: posted letters go out on business days only.
LETTER = ChannelKind.LETTER


@lru_cache(maxsize=64)
def public_holidays(year: int) -> frozenset[date]:
    """Dutch public holidays of one year; cached as an immutable set (the package's dict mutates on lookup)."""
    return frozenset(holidays.Netherlands(years=year).keys())


def is_public_holiday(day: date) -> bool:
    return day in public_holidays(day.year)


def is_business_day(day: date) -> bool:
    """Monday to Friday and not a Dutch public holiday."""
    return day.weekday() < SATURDAY and not is_public_holiday(day)


def add_business_days(day: date, n: int) -> date:
    """The n-th business day after ``day`` (before it when n is negative).

    ``day`` itself never counts, so ``add_business_days(friday, 1)`` is the next Monday (or Tuesday after
    Easter). With n == 0 the day is returned unchanged, even when it is not a business day.
    """
    step = timedelta(days=1 if n >= 0 else -1)
    remaining = abs(n)
    while remaining:
        day += step
        if is_business_day(day):
            remaining -= 1
    return day


def is_sending_day(day: date, channel: str = LETTER) -> bool:
    """Whether a message on ``channel`` may go out on ``day``.

    Policy (not law): tenants never get a collection message on a Sunday or a public holiday. Email and SMS
    may go out on Saturdays; letters are posted only on business days, because post handed in on a
    Saturday is not processed before Monday and the delivery date (``fourteen_day_letter.delivery_date``)
    counts from the day of posting. The default is the strictest channel, so a caller that forgets to pass
    the channel can only send later, never earlier.
    """
    if channel == LETTER:
        return is_business_day(day)
    return day.weekday() != SUNDAY and not is_public_holiday(day)


def next_sending_day(day: date, channel: str = LETTER) -> date:
    """``day`` itself when it is a sending day for ``channel``, otherwise the first one after it."""
    while not is_sending_day(day, channel):
        day += timedelta(days=1)
    return day
