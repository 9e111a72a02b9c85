"""Delivery: claim queued messages, re-check them against today's facts, render, send, record.

Claiming is one conditional UPDATE (`... SET status='sending', claim=<token> WHERE id IN (...) AND
status='queued'`): portable, and two workers handed the same ids never both get a row. Each result is
recorded as soon as the channel answers, so a crash leaves at most the message in flight per worker in
'sending'; `messages_recover_stale` puts such rows back in the queue after STALE_AFTER (at-least-once for
that one message; e-mail carries a stable Message-ID so a receiver can drop a duplicate).

At send time a flow message is withheld when the enrollment is no longer active (held or closed), the
contract has no overdue amount any more (ContractStanding, refreshed by payments) or an active hold is on
it; and any message when a channel restriction forbids its channel now (re-checked, e.g. no_voice_calls).
"""

import uuid
from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal

from django.db import IntegrityError, connection, transaction
from django.db.models import F, Q
from django.utils import timezone

from vangnet.core import sql
from vangnet.core.audit import log_action
from vangnet.core.models import Corporation
from vangnet.flows.models import Enrollment, EnrollmentStatus, Hold
from vangnet.ledger.models import ContractStanding
from vangnet.messaging.channels import DeliveryError, Receipt, address_for, get_channel, restriction_for
from vangnet.messaging.context import MessageData, message_data_bulk
from vangnet.messaging.failures import plain_reason
from vangnet.messaging.models import Batch, BatchStatus, MessageStatus, OutgoingMessage
from vangnet.messaging.posting import fourteen_day_terms_start
from vangnet.messaging.rendering import Rendered
from vangnet.messaging.selectors import messaging_settings_get
from vangnet.messaging.template_services import LEGAL_CODES, template_index, template_resolve
from vangnet.tenants.models import Tenant

RETRY_DELAYS = (timedelta(minutes=1), timedelta(minutes=5), timedelta(minutes=30), timedelta(hours=2))
MAX_ATTEMPTS = len(RETRY_DELAYS) + 1
STALE_AFTER = timedelta(minutes=15)
CHUNK_SIZE = 200
ZERO = Decimal("0")


@dataclass
class DeliverySummary:
    claimed: int = 0
    sent: int = 0
    withheld: int = 0
    retry: int = 0
    failed: int = 0
    fallbacks: list[int] = field(default_factory=list)


def due_message_ids(*, corporation: Corporation, now: datetime, batch: Batch | None = None) -> list[int]:
    """Queued messages whose moment has come, in approved batches."""
    rows = OutgoingMessage.objects.filter(
        corporation=corporation,
        status=MessageStatus.QUEUED,
        batch__status=BatchStatus.APPROVED,
    ).filter(
        Q(send_at__isnull=True) | Q(send_at__lte=now), Q(retry_after__isnull=True) | Q(retry_after__lte=now)
    )
    if batch is not None:
        rows = rows.filter(batch=batch)
    return list(rows.order_by("pk").values_list("pk", flat=True))


def chunks(ids: list[int], size: int = CHUNK_SIZE) -> list[list[int]]:
    return [ids[i : i + size] for i in range(0, len(ids), size)]


def messages_recover_stale(*, corporation: Corporation, now: datetime) -> int:
    """Rows left in 'sending' by a worker that died go back to the queue."""
    return OutgoingMessage.objects.filter(
        corporation=corporation, status=MessageStatus.SENDING, claimed_at__lt=now - STALE_AFTER
    ).update(status=MessageStatus.QUEUED, claim=None)


def claim(*, corporation: Corporation, message_ids: list[int], now: datetime) -> uuid.UUID:
    token = uuid.uuid4()
    OutgoingMessage.objects.filter(
        corporation=corporation, pk__in=message_ids, status=MessageStatus.QUEUED
    ).filter(Q(retry_after__isnull=True) | Q(retry_after__lte=now)).update(
        status=MessageStatus.SENDING, claim=token, claimed_at=now, attempts=F("attempts") + 1
    )
    return token


def _withhold_reasons(messages: list[OutgoingMessage], *, today) -> dict[int, tuple[str, bool]]:
    """message id -> (reason, try the fallback channel). Four queries for any number of messages."""
    enrollment_ids = {m.enrollment_id for m in messages if m.step_run_id and m.enrollment_id}
    contract_ids = {m.contract_id for m in messages if m.step_run_id and m.contract_id}
    statuses = dict(Enrollment.objects.filter(pk__in=enrollment_ids).values_list("pk", "status"))
    overdue = dict(
        ContractStanding.objects.filter(contract_id__in=contract_ids).values_list(
            "contract_id", "overdue_amount"
        )
    )
    held = set(
        Hold.objects.filter(contract_id__in=contract_ids, released_on__isnull=True, starts_on__lte=today)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))
        .values_list("contract_id", flat=True)
    )
    tenants = {t.pk: t for t in Tenant.objects.filter(pk__in={m.tenant_id for m in messages if m.tenant_id})}
    reasons: dict[int, tuple[str, bool]] = {}
    for m in messages:
        if m.step_run_id:
            status = statuses.get(m.enrollment_id) if m.enrollment_id else None
            if status is not None and status != EnrollmentStatus.ACTIVE:
                reasons[m.pk] = (f"dossier is {EnrollmentStatus(status).label.lower()}", False)
                continue
            if m.contract_id in held:
                reasons[m.pk] = ("wachtcode op het contract", False)
                continue
            if m.contract_id in overdue and overdue[m.contract_id] <= ZERO:
                reasons[m.pk] = ("geen achterstand meer", False)
                continue
        tenant = tenants.get(m.tenant_id) if m.tenant_id else None
        if tenant is not None and m.recipient == "tenant" and (why := restriction_for(tenant, m.channel)):
            reasons[m.pk] = (why, True)
    return reasons


@contextmanager
def _fast_commits():
    """Each result is its own commit, so a crashed worker leaves at most one message unrecorded. On
    PostgreSQL those commits do not wait for the WAL flush (synchronous_commit off, this session only): a
    worker crash loses nothing, since the database server has the commit; only a crash of the database
    server itself could lose the last few hundred milliseconds of results, which would then be sent again
    after recovery. On SQLite (WAL, synchronous=NORMAL) commits are already cheap."""
    if not sql.is_postgres():
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SET synchronous_commit TO OFF")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET synchronous_commit")


def messages_deliver(*, corporation: Corporation, message_ids: list[int], now: datetime) -> DeliverySummary:
    """Claim, re-check, render and send these messages (those still queued); record each result."""
    with _fast_commits():
        return _deliver(corporation=corporation, message_ids=message_ids, now=now)


def _deliver(*, corporation: Corporation, message_ids: list[int], now: datetime) -> DeliverySummary:
    summary = DeliverySummary()
    token = claim(corporation=corporation, message_ids=message_ids, now=now)
    messages = list(
        OutgoingMessage.objects.filter(claim=token).select_related("template", "corporation").order_by("pk")
    )
    summary.claimed = len(messages)
    if not messages:
        return summary
    today = timezone.localdate(now)
    reasons = _withhold_reasons(messages, today=today)
    for message in messages:
        if message.pk in reasons:
            reason, fallback = reasons[message.pk]
            OutgoingMessage.objects.filter(pk=message.pk, claim=token).update(
                status=MessageStatus.WITHHELD, status_reason=reason, claim=None
            )
            summary.withheld += 1
            if fallback:
                fallback_create(message, reason, summary)
    sendable = [m for m in messages if m.pk not in reasons]
    sandbox = messaging_settings_get(corporation=corporation).sandbox
    data = message_data_bulk(sendable, corporation=corporation, as_of=today)
    by_channel: dict[str, list[OutgoingMessage]] = defaultdict(list)
    for message in sendable:
        by_channel[message.channel].append(message)
    for kind, group in by_channel.items():
        channel = get_channel(kind, sandbox=sandbox)
        rendered: dict[int, Rendered] = {}
        ready = []
        for message in group:
            try:
                rendered[message.pk] = channel.render(message, data[message.pk])
                ready.append((message, rendered[message.pk]))
            except DeliveryError as error:
                _record_error(message, token, error, now, summary)
            except Exception as error:  # a template or layout error must not stop the other messages
                _record_error(
                    message, token, DeliveryError(f"opmaak mislukt: {error}", permanent=True), now, summary
                )
        for message, result in channel.send_many(ready):
            if isinstance(result, Receipt):
                _record_sent(message, token, rendered[message.pk], result, now, data[message.pk])
                summary.sent += 1
            else:
                _record_error(message, token, result, now, summary)
    if summary.withheld or summary.failed:
        log_action(
            corporation=corporation,
            actor="dispatch",
            action="messaging.delivery_exceptions",
            data={"withheld": summary.withheld, "failed": summary.failed, "retry": summary.retry},
        )
    return summary


def _record_sent(
    message: OutgoingMessage, token, rendered: Rendered, receipt: Receipt, now: datetime, data: MessageData
) -> None:
    delivered = receipt.status == "delivered"
    stated = {}
    if message.template_code in LEGAL_CODES:
        # What the letter told the tenant: the flow charges exactly these costs once the term has passed.
        stated = {"amount": data.principal, "costs": data.stated_costs}
    OutgoingMessage.objects.filter(pk=message.pk, claim=token).update(
        **stated,
        status=MessageStatus.DELIVERED if delivered else MessageStatus.SENT,
        sent_at=now,
        delivered_at=now if delivered else None,
        transport=receipt.transport,
        provider_id=receipt.provider_id[:100],
        subject=rendered.subject[:300],
        body_text=rendered.text,
        body_html=rendered.html,
        pdf_path=receipt.provider_id if message.channel == "letter" else "",
        pages=rendered.pages,
        segments=rendered.segments,
        render_data=rendered.render_data or {},
        # The version of the text it was rendered from (the template's version in use; loaded with it).
        template_version_id=message.template.current_version_id if message.template else None,
        last_error="",
        retry_after=None,
        claim=None,
    )
    if message.channel == "email" and message.template_code in LEGAL_CODES:
        # The provider accepted the 14-day email: its term starts (a letter's starts when it is posted).
        fourteen_day_terms_start(message_ids=[message.pk], channel="email", sent_on=timezone.localdate(now))


def _record_error(
    message: OutgoingMessage, token, error: DeliveryError, now: datetime, summary: DeliverySummary
) -> None:
    attempts = message.attempts  # loaded after the claim, which counted this attempt
    if not error.permanent and attempts < MAX_ATTEMPTS:
        OutgoingMessage.objects.filter(pk=message.pk, claim=token).update(
            status=MessageStatus.QUEUED,
            last_error=error.message[:500],
            retry_after=now + RETRY_DELAYS[min(attempts, len(RETRY_DELAYS)) - 1],
            claim=None,
        )
        summary.retry += 1
        return
    reason = plain_reason(message.channel, error.message)
    OutgoingMessage.objects.filter(pk=message.pk, claim=token).update(
        status=MessageStatus.FAILED,
        last_error=error.message[:500],
        status_reason=reason[:300],
        claim=None,
    )
    summary.failed += 1
    fallback_create(message, reason, summary)


def fallback_create(
    message: OutgoingMessage, reason: str, summary: DeliverySummary | None = None
) -> OutgoingMessage | None:
    """Plan the same message on the delivery's fallback channel, once; it goes out with the next dispatch."""
    channel = message.fallback_channel
    if not channel or channel == message.channel or message.tenant_id is None:
        return None
    tenant = Tenant.objects.get(pk=message.tenant_id)
    if restriction_for(tenant, channel):
        return None
    name, address = address_for(tenant, channel, message.recipient)
    if not address:
        return None
    template_id, notes = template_resolve(
        template_index(corporation=message.corporation),
        code=message.template_code,
        channel=channel,
        language=message.language,
        tone=message.tone,
    )
    if template_id is None:
        return None
    try:
        with transaction.atomic():
            fallback = OutgoingMessage.objects.create(
                corporation=message.corporation,
                batch_id=message.batch_id,
                step_run_id=message.step_run_id,
                enrollment_id=message.enrollment_id,
                contract_id=message.contract_id,
                tenant_id=message.tenant_id,
                channel=channel,
                recipient=message.recipient,
                recipient_name=name,
                address=address,
                substituted_for=message.channel,
                plan_note=f"Terugval na {message.get_channel_display().lower()}: {reason}"[:300],
                template_code=message.template_code,
                template_id=template_id,
                language=message.language,
                tone=message.tone,
                amount=message.amount,
                costs=message.costs,
                status=MessageStatus.QUEUED,
                notes=notes,
                created_by="fallback",
            )
    except IntegrityError:
        return None  # this delivery already has a message on that channel
    if summary is not None:
        summary.fallbacks.append(fallback.pk)
    return fallback
