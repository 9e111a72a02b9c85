from datetime import date, datetime
from decimal import Decimal

from django import template
from django.utils.translation import get_language

from vangnet.core.language import shown, written_date, written_moment
from vangnet.core.money import format_euro

register = template.Library()
register.filter("shown", shown)


@register.filter
def euro(value: Decimal | None) -> str:
    return format_euro(value)


@register.filter(expects_localtime=True)
def datum(value: date | datetime | None) -> str:
    """1 april 2026: tenants read a written month more easily than 01-04-2026 (in their own language)."""
    if value is None:
        return ""
    day = value.date() if isinstance(value, datetime) else value
    return written_date(day, get_language())


@register.filter
def absolute(value: Decimal | None) -> Decimal | None:
    return abs(value) if value is not None else None


@register.filter(expects_localtime=True)
def moment(value: datetime | None) -> str:
    """dinsdag 15 december 2026, 09:00: an appointment with its weekday, so nobody mixes up the day."""
    if value is None:
        return ""
    return written_moment(value, get_language())
