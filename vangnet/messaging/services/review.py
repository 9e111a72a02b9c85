"""The reviewer's side of the outbox: approve a batch, take a message out of it."""

from django.db import transaction
from django.utils.translation import gettext

from vangnet.core import clock
from vangnet.core.audit import log_action
from vangnet.core.errors import ApplicationError
from vangnet.core.models import User
from vangnet.messaging.models import Batch, BatchStatus, MessageStatus, OutgoingMessage
from vangnet.messaging.outbox import dispatch_on_commit


def batch_approve(*, batch: Batch, actor: User) -> int:
    """The reviewer's go: every message still in review is queued and the batch is dispatched."""
    with transaction.atomic():
        locked = Batch.objects.select_for_update().get(pk=batch.pk)
        queued = OutgoingMessage.objects.filter(batch=locked, status=MessageStatus.IN_REVIEW).update(
            status=MessageStatus.QUEUED
        )
        locked.status, locked.approved_by, locked.approved_at = BatchStatus.APPROVED, actor, clock.now()
        locked.save(update_fields=["status", "approved_by", "approved_at"])
        log_action(
            corporation=batch.corporation,
            actor=actor,
            action="messaging.batch_approved",
            obj=locked,
            data={"queued": queued},
        )
        dispatch_on_commit([locked.pk])
    batch.refresh_from_db()
    return queued


def message_cancel(*, message: OutgoingMessage, reason: str, actor: User) -> OutgoingMessage:
    """Take a message out of its batch before it is sent."""
    with transaction.atomic():
        changed = OutgoingMessage.objects.filter(
            pk=message.pk,
            status__in=[
                MessageStatus.PLANNED,
                MessageStatus.IN_REVIEW,
                MessageStatus.APPROVED,
                MessageStatus.QUEUED,
            ],
        ).update(status=MessageStatus.CANCELLED, status_reason=reason[:300])
        if not changed:
            raise ApplicationError(
                gettext("Dit bericht is al verzonden of afgehandeld en kan niet meer uit de batch.")
            )
        log_action(
            corporation=message.corporation,
            actor=actor,
            action="messaging.message_cancelled",
            obj=message,
            data={"reason": reason},
        )
    message.refresh_from_db()
    return message
