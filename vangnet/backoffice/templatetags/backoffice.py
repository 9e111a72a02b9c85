"""Filters and tags for the back-office templates: Dutch money and dates, the corporation switcher."""

from datetime import date, datetime
from decimal import Decimal

from django import template
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vangnet.backoffice.access import has_permission
from vangnet.core.audit_text import action_sentence, actor_name, data_facts, group_label
from vangnet.core.channels import ChannelKind
from vangnet.core.language import shown
from vangnet.core.middleware import corporations_for
from vangnet.core.money import format_euro
from vangnet.ledger.importing.formats import format_label
from vangnet.tasks.selectors import sla_state

register = template.Library()
register.filter("shown", shown)

STATEMENT_STATUSES = {
    "open": _("Open"),
    "partly_paid": _("Deels betaald"),
    "paid": _("Betaald"),
    "not_due": _("Nog niet vervallen"),
    "booked": _("Geboekt"),
    "reversed": _("Storno"),
}


@register.filter
def import_format(code: str) -> str:
    """An import's format by name ("VERA JSON"), not by the code it is stored under."""
    return format_label(code)


@register.filter
def euro(value: Decimal | int | str | None) -> str:
    """1234.5 -> '€ 1.234,50'; None and '' stay empty."""
    if value is None or value == "":
        return ""
    return format_euro(Decimal(value))


@register.filter(expects_localtime=True)
def datum(value: date | datetime | None) -> str:
    """A date as dd-mm-jjjj."""
    if not value:
        return ""
    return value.strftime("%d-%m-%Y")


@register.filter(expects_localtime=True)
def datumtijd(value: datetime | None) -> str:
    """A moment as dd-mm-jjjj hh:mm in the local time zone."""
    if not value:
        return ""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return value.strftime("%d-%m-%Y %H:%M")


@register.filter
def percentage(value: Decimal | float | None) -> str:
    """A share between 0 and 1 as a whole percentage: 0.8333 -> '83%'."""
    if value is None or value == "":
        return ""
    return f"{round(Decimal(value) * 100)}%"


@register.filter
def statement_status(value: str) -> str:
    """The Dutch label of a StatementLine status ("partly_paid" -> "Deels betaald")."""
    return str(STATEMENT_STATUSES.get(value, value))


@register.filter
def timeline_label(action: str) -> str:
    return action_sentence(action)


@register.filter
def audit_sentence(action: str) -> str:
    """An audit entry's action as a sentence in the reader's language, never its code."""
    return action_sentence(action)


@register.filter
def channel_name(kind: str) -> str:
    """A channel by its name ("Brief"), never its stored value."""
    return str(ChannelKind(kind).label) if kind in ChannelKind.values else kind


@register.filter
def audit_group(group: str) -> str:
    return group_label(group)


@register.filter(name="actor_name")
def actor_name_filter(label: str) -> str:
    """The process that acted by what it is ("de dagelijkse run"), a person by their name."""
    return actor_name(label)


@register.filter
def audit_facts(data: dict) -> list[str]:
    return data_facts(data)


@register.filter
def sla(due_on: date, as_of: date) -> str:
    """The SLA colour class of a work item: overdue, today or later."""
    return sla_state(due_on, as_of)


@register.filter
def can(membership, permission: str) -> bool:
    """{% if request.membership|can:"imports.view" %}: show a link only to roles that may open it."""
    return has_permission(membership, permission)


@register.inclusion_tag("backoffice/includes/corporation_switcher.html", takes_context=True)
def corporation_switcher(context) -> dict:
    request = context["request"]
    corporations = corporations_for(request.user)
    current = getattr(request, "corporation", None)
    return {
        "corporations": corporations,
        "current_id": current.pk if current else None,
        "csrf_token": context.get("csrf_token"),
    }


@register.filter
def sum_values(values) -> int:
    return sum(values or ())


@register.simple_tag
def report_cell(values: dict, column) -> str:
    """One cell of a report's table, written for people: amounts in euros, shares with a % sign."""
    value = values.get(column.key)
    if value is None:
        return "\u2013"  # an en dash: no figure
    if column.kind == "amount":
        return euro(value)
    if column.kind == "percent":
        return f"{value}%".replace(".", ",")
    return str(value)
