"""The tenant's notice rules as pure functions (art. 7:271 lid 1 and 5 BW): no clock, no database.

A tenant gives notice with a term of at least one month (the payment term of a monthly rent); the tenancy
ends on a day, and the corporation says which days count (`EndDayRule`): any day, a working day (not a
weekend or public holiday), or the last day of a month. A later end date than the earliest is always
allowed, up to `MAX_MONTHS` ahead (a date further away is almost always a typing error).
"""

import calendar
import datetime as dt
from enum import StrEnum

from dateutil.relativedelta import relativedelta
from django.utils.translation import gettext

from vangnet.core.calendar import is_business_day

MAX_MONTHS = 12


class EndDayRule(StrEnum):
    ANY_DAY = "any_day"
    WORKING_DAY = "working_day"
    MONTH_END = "month_end"


def month_end(day: dt.date) -> dt.date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def allowed_end(day: dt.date, rule: EndDayRule) -> bool:
    if rule == EndDayRule.WORKING_DAY:
        return is_business_day(day)
    if rule == EndDayRule.MONTH_END:
        return day == month_end(day)
    return True


def earliest_end_date(given_on: dt.date, rule: EndDayRule) -> dt.date:
    """One month after the notice (31 January + one month is 28 or 29 February), then the first day the
    corporation's rule allows."""
    day = given_on + relativedelta(months=1)
    if rule == EndDayRule.MONTH_END:
        return month_end(day)
    while not allowed_end(day, rule):
        day += dt.timedelta(days=1)
    return day


def end_date_problem(given_on: dt.date, end_date: dt.date, rule: EndDayRule) -> str | None:
    """What is wrong with the end date the tenant chose, in their words; None when it may be used."""
    earliest = earliest_end_date(given_on, rule)
    if end_date < earliest:
        return gettext(
            "De huur kan op zijn vroegst eindigen op %(day)s. Dat is een maand na vandaag. Kies die dag of later."
        ) % {"day": f"{earliest:%d-%m-%Y}"}
    if end_date > given_on + relativedelta(months=MAX_MONTHS):
        return gettext("Kies een einddatum binnen een jaar.")
    if not allowed_end(end_date, rule):
        if rule == EndDayRule.MONTH_END:
            return gettext("De huur eindigt altijd op de laatste dag van een maand. Kies die dag.")
        return gettext("De huur eindigt op een werkdag. Kies een dag van maandag tot en met vrijdag.")
    return None
