"""{% tenant_messages tenant %}: the message timeline partial for the tenant card."""

from django import template

from vangnet.backoffice.access import Permission, has_permission
from vangnet.messaging.failures import plain_reason
from vangnet.messaging.selectors import messages_for_tenant

register = template.Library()


@register.inclusion_tag("backoffice/tenants/_messages_list.html", takes_context=True)
def tenant_messages(context, tenant) -> dict:
    request = context.get("request")
    membership = getattr(request, "membership", None)
    return {
        "tenant": tenant,
        "tenant_messages": list(messages_for_tenant(tenant=tenant, limit=20)),
        "can_send": has_permission(membership, Permission.SEND_MESSAGES),
        "request": request,
    }


@register.filter
def failure_in_words(message) -> str:
    """The last sending error of a message as a colleague reads it (no provider codes)."""
    return plain_reason(message.channel, message.last_error, message.provider_status)
