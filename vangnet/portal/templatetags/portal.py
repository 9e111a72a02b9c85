from datetime import date, datetime
from decimal import Decimal

from django import template
from django.utils import formats

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
    return formats.date_format(value, "j F Y")


@register.filter
def absolute(value: Decimal | None) -> Decimal | None:
    return abs(value) if value is not None else None
