"""A provider's report on a message it took (delivered, failed, bounced), after the send.

Final bad outcomes fall back to the next channel, whose message is delivered after the commit.
"""

from datetime import datetime

from django.db import transaction

from vangnet.core.audit import log_action
from vangnet.messaging.dispatch import fallback_create
from vangnet.messaging.failures import plain_reason
from vangnet.messaging.models import MessageStatus, OutgoingMessage
from vangnet.messaging.outbox import deliver_on_commit


def message_outcome(
    *, message: OutgoingMessage, status: str, provider_status: str, error: str = "", now: datetime
) -> None:
    """A provider's report (delivered, failed, bounced). Final bad outcomes fall back to the next channel."""
    if message.status in (MessageStatus.WITHHELD, MessageStatus.CANCELLED):
        return
    fields: dict = {"provider_status": provider_status[:40]}
    reason = plain_reason(message.channel, error, provider_status)
    if status == MessageStatus.DELIVERED:
        fields |= {"status": MessageStatus.DELIVERED, "delivered_at": now}
    elif status in (MessageStatus.FAILED, MessageStatus.BOUNCED):
        fields |= {"status": status, "last_error": error[:500], "status_reason": reason[:300]}
    with transaction.atomic():
        OutgoingMessage.objects.filter(pk=message.pk).update(**fields)
        log_action(
            corporation=message.corporation,
            actor="provider",
            action="messaging.delivery_report",
            obj=message,
            data={"status": status, "provider_status": provider_status, "error": error},
        )
        if status in (MessageStatus.FAILED, MessageStatus.BOUNCED):
            fallback = fallback_create(message, reason)
            if fallback is not None:
                deliver_on_commit(message.corporation_id, [fallback.pk])
