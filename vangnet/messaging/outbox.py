"""The outbox's own writes, below every domain that sends: the day's batch of messages outside a flow,
a single message sent at once (notices and the tenant card use it), and starting delivery after the commit.

A message that carries a pay link gets its payment request from the pay-link sink (payments/links.py);
delivery itself is dispatch.py's, run by the Celery tasks in tasks.py. Nothing here calls a domain above.
"""

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from functools import partial

from django.db import transaction
from django.utils.translation import gettext

from vangnet.core.audit import log_action
from vangnet.core.errors import ApplicationError
from vangnet.core.models import Corporation, User
from vangnet.ledger.models import Contract, ContractStanding, LedgerEntry
from vangnet.messaging.channels import address_for, channels
from vangnet.messaging.dispatch import chunks
from vangnet.messaging.models import Batch, BatchStatus, MessageStatus, OutgoingMessage
from vangnet.messaging.tasks import deliver_messages_task, dispatch_batch_task
from vangnet.messaging.template_services import template_index, template_resolve
from vangnet.payments.links import payment_requests_for_messages
from vangnet.tenants.models import Tenant

# Per thread: the message ids `deliveries_together` collects, by corporation (None when not collecting).
_together = threading.local()


def dispatch_on_commit(batch_ids: list[int]) -> None:
    """Each batch is dispatched once the transaction that filled it has committed."""

    def enqueue(batch_id: int) -> None:
        transaction.on_commit(lambda: dispatch_batch_task.delay(batch_id))

    for batch_id in batch_ids:
        enqueue(batch_id)


def deliver_on_commit(corporation_id: int, message_ids: list[int]) -> None:
    collected = getattr(_together, "ids", None)
    if collected is not None:
        collected.setdefault(corporation_id, []).extend(message_ids)
        return
    transaction.on_commit(lambda: deliver_messages_task.delay(corporation_id, message_ids))


@contextmanager
def deliveries_together() -> Iterator[None]:
    """Messages created inside to go out at once (notices) are delivered together when the block ends, in
    chunks, instead of one delivery per message: one claim, one set of look-ups and one SMTP connection per
    chunk. For a job that sends many notices in a row (the night's broken arrangements)."""
    if getattr(_together, "ids", None) is not None:
        yield  # already collecting: the outer block delivers
        return
    _together.ids = {}
    try:
        yield
    finally:
        collected, _together.ids = _together.ids, None
        for corporation_id, message_ids in collected.items():
            for chunk in chunks(message_ids):
                transaction.on_commit(partial(deliver_messages_task.delay, corporation_id, chunk))


def manual_batch_get(*, corporation: Corporation, day: date) -> Batch:
    batch, _ = Batch.objects.get_or_create(
        corporation=corporation,
        day=day,
        flow=None,
        defaults={"review_required": False, "status": BatchStatus.APPROVED},
    )
    return batch


def message_manual_create(
    *,
    tenant: Tenant,
    contract: Contract | None,
    template_code: str,
    channel: str,
    as_of: date,
    actor: User | str,
    recipient: str = "tenant",
    ledger_entry: LedgerEntry | None = None,
    address: str = "",
    values: dict[str, str] | None = None,
    pay_link: bool = True,
) -> OutgoingMessage:
    """A message from the tenant card with the corporation's templates; sent at once, without review.

    `ledger_entry`: the booking the message is about (an invoice copy), its amount the message's amount.
    `address`: another address than the tenant's current one (the old one, after a contact change).
    `values`: placeholder values only this message has (a one-time code), kept until it is rendered.
    `pay_link`: False for a message that is not about the rent (no pay link is made for it)."""
    if channel not in channels:
        raise ApplicationError(gettext("Kies e-mail, SMS, brief of spraakbericht."))
    name, current = address_for(tenant, channel, recipient)
    address = address.strip() or current
    if not address:
        raise ApplicationError(gettext("Voor dit kanaal is geen adres of nummer van de huurder bekend."))
    corporation = tenant.corporation
    template_id, notes = template_resolve(
        template_index(corporation=corporation),
        code=template_code,
        channel=channel,
        language=tenant.language or "nl",
        tone=tenant.tone or "u",
    )
    if template_id is None:
        raise ApplicationError(notes[0])
    if contract is None:
        contract = tenant.contracts.order_by("-start_date").first()  # type: ignore[attr-defined]
    with transaction.atomic():
        message = OutgoingMessage.objects.create(
            corporation=corporation,
            batch=manual_batch_get(corporation=corporation, day=as_of),
            tenant=tenant,
            contract=contract,
            channel=channel,
            recipient=recipient,
            recipient_name=name,
            address=address,
            template_code=template_code,
            template_id=template_id,
            language=tenant.language or "nl",
            tone=tenant.tone or "u",
            status=MessageStatus.QUEUED,
            notes=notes,
            created_by=actor.get_username() if isinstance(actor, User) else str(actor),
            ledger_entry=ledger_entry,
            amount=ledger_entry.amount if ledger_entry is not None else None,
            render_data=values or {},
        )
        standing = (
            ContractStanding.objects.filter(contract=contract).first() if contract and pay_link else None
        )
        if contract is not None and standing is not None and standing.balance > 0:
            payment_requests_for_messages(
                corporation=corporation,
                links=[(str(message.code), contract.pk, standing.balance)],
                actor=actor,
            )
        log_action(
            corporation=corporation,
            actor=actor,
            action="messaging.manual_message_created",
            obj=message,
            data={"template": template_code, "channel": channel, "tenant": tenant.pk},
        )
        deliver_on_commit(corporation.pk, [message.pk])
    return message
