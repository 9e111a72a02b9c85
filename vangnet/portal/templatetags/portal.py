import functools
from datetime import date, datetime
from decimal import Decimal

from django import template
from django.utils import formats
from django.utils.translation import get_language

from vangnet.core.money import format_euro

register = template.Library()


@register.filter
def euro(value: Decimal | None) -> str:
    return format_euro(value)


@register.filter(expects_localtime=True)
def datum(value: date | datetime | None) -> str:
    """1 april 2026: tenants read a written month more easily than 01-04-2026."""
    if value is None:
        return ""
    day = value.date() if isinstance(value, datetime) else value
    return _written_date(day, get_language())


@functools.lru_cache(maxsize=4096)
def _written_date(day: date, language: str) -> str:
    # Every tenant's overview shows the same due dates (the 1st of each month): format each once.
    return formats.date_format(day, "j F Y")


@register.filter
def absolute(value: Decimal | None) -> Decimal | None:
    return abs(value) if value is not None else None


@register.filter(expects_localtime=True)
def moment(value: datetime | None) -> str:
    """dinsdag 15 december 2026, 09:00: an appointment with its weekday, so nobody mixes up the day."""
    if value is None:
        return ""
    return f"{formats.date_format(value, 'l j F Y')}, {value:%H:%M}"
