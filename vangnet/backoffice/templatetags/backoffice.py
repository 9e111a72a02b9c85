"""Filters and tags for the back-office templates: Dutch money and dates, the corporation switcher."""

from datetime import date, datetime
from decimal import Decimal

from django import template
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vangnet.backoffice.access import has_permission
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
    "credit": _("Creditpost"),
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


TIMELINE_LABELS = {
    "portal.opened": _("Opende het huurdersportaal"),
    "portal.access_refused": _("Portaal: verkeerde code of link"),
    "portal.access_locked": _("Portaal: tijdelijk geblokkeerd na te veel pogingen"),
    "portal.check_passed": _("Portaal: extra controle geslaagd"),
    "portal.check_failed": _("Portaal: extra controle mislukt"),
    "portal.contact_updated": _("Portaal: contactgegevens gewijzigd"),
    "portal.help_requested": _("Portaal: vroeg om hulp"),
    "portal.situation_reported": _("Portaal: meldde dat de situatie veranderd is"),
    "portal.invoice_copy_requested": _("Portaal: vroeg een kopie van een factuur"),
    "portal.pay_requested": _("Portaal: wilde betalen"),
    "arrangement.registered": _("Betalingsregeling vastgelegd"),
    "arrangement.requested": _("Betalingsregeling aangevraagd"),
    "arrangement.approved": _("Betalingsregeling goedgekeurd"),
    "arrangement.rejected": _("Betalingsregeling afgewezen"),
    "arrangement.cancelled": _("Betalingsregeling gestopt"),
    "promise.registered": _("Betaalbelofte vastgelegd"),
    "payment_claim.registered": _("Meldde een betaling"),
    "dispute.opened": _("Geschil geopend"),
    "dispute.assigned": _("Geschil toegewezen"),
    "dispute.note_added": _("Notitie bij geschil"),
    "dispute.resolved": _("Geschil opgelost"),
    "dispute.rejected": _("Geschil afgewezen"),
    "messaging.manual_message_created": _("Bericht verstuurd"),
    "flows.enrollment_moved": _("Dossier naar ander traject"),
    "flows.hold_created": _("Wachtcode gezet"),
    "flows.hold_released": _("Wachtcode opgeheven"),
    "task.created": _("Taak gemaakt"),
    "tenant.note_added": _("Notitie toegevoegd"),
    "tenant.document_added": _("Document toegevoegd"),
    "task.completed": _("Taak afgerond"),
    "payment.confirmed": _("Betaling ontvangen"),
    "bank_transaction.assigned": _("Bankbetaling gekoppeld"),
}


@register.filter
def timeline_label(action: str) -> str:
    return str(TIMELINE_LABELS.get(action, action))


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
