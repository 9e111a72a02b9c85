"""Writes of the messaging app: templates, planning the outbox, batch review, manual messages.

Delivery itself lives in `dispatch.py`. Every service writes an audit entry and schedules its side effects
(dispatch tasks) with on_commit.
"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext

from vangnet.core import clock
from vangnet.core.audit import log_action
from vangnet.core.errors import ApplicationError
from vangnet.core.models import Corporation, User
from vangnet.flows.models import ReversalFollowUp, StepOutcome, StepRun
from vangnet.ledger.models import Contract, ContractRole, ContractStanding, ContractTenant, LedgerEntry
from vangnet.messaging.channels import address_for, channels
from vangnet.messaging.models import (
    Batch,
    BatchStatus,
    MessageStatus,
    MessagingSettings,
    OutgoingMessage,
)
from vangnet.messaging.template_services import (
    template_index,
    template_resolve,
    template_update,
    template_validate,
    templates_install_defaults,
)
from vangnet.payments.services import payment_requests_for_messages
from vangnet.tenants.models import Tenant

# A step run older than this is not planned any more: a reminder a week late is the wrong reminder.
PLAN_LOOKBACK_DAYS = 7
BULK_SIZE = 500


def messaging_settings_get(*, corporation: Corporation) -> MessagingSettings:
    found, _ = MessagingSettings.objects.get_or_create(corporation=corporation)
    return found


# Templates live in template_services.py; re-exported here because callers know them as services.
__all__ = [
    "template_index",
    "template_resolve",
    "template_update",
    "template_validate",
    "templates_install_defaults",
]


# --- planning ---------------------------------------------------------------------------------------------


@dataclass
class PlanSummary:
    step_runs: int = 0
    created: int = 0
    queued: int = 0
    in_review: int = 0
    missing_template: int = 0
    reversal_messages: int = 0
    batches: list[int] = field(default_factory=list)
    by_channel: dict[str, int] = field(default_factory=dict)


def _main_tenants(contract_ids: set[int]) -> dict[int, dict]:
    """Per contract the main tenant (or the first party): id and tone. One query."""
    parties = (
        ContractTenant.objects.filter(contract_id__in=contract_ids, removed_from_source_at__isnull=True)
        .order_by("contract_id", "pk")
        .values("contract_id", "tenant_id", "role", "tenant__tone")
    )
    chosen: dict[int, dict] = {}
    for party in parties:
        current = chosen.get(party["contract_id"])
        if current is None or (party["role"] == ContractRole.MAIN and current["role"] != ContractRole.MAIN):
            chosen[party["contract_id"]] = dict(party)
    return chosen


def _batches_for(
    *, corporation: Corporation, day: date, flow_ids: set[int], review: bool
) -> dict[int | None, Batch]:
    wanted = set(flow_ids)
    existing = {
        b.flow_id: b for b in Batch.objects.filter(corporation=corporation, day=day, flow_id__in=wanted)
    }
    missing = wanted - set(existing)
    if missing:
        Batch.objects.bulk_create(
            [
                Batch(
                    corporation=corporation,
                    day=day,
                    flow_id=flow_id,
                    review_required=review,
                    status=BatchStatus.IN_REVIEW if review else BatchStatus.APPROVED,
                )
                for flow_id in missing
            ],
            ignore_conflicts=True,
        )
        existing = {
            b.flow_id: b for b in Batch.objects.filter(corporation=corporation, day=day, flow_id__in=wanted)
        }
    return existing


def _reversal_messages(
    *, corporation: Corporation, as_of: date, actor: User | str | None
) -> list[OutgoingMessage]:
    """Messages for returned direct debits (flows.ReversalFollowUp): sent today, in the day's batch of
    messages outside a flow, with the same templates; idempotent on (follow-up, channel, recipient)."""
    follow_ups = [
        row
        for row in ReversalFollowUp.objects.filter(
            corporation=corporation,
            run_on__lte=as_of,
            run_on__gte=as_of - timedelta(days=PLAN_LOOKBACK_DAYS),
        )
        .filter(~Exists(OutgoingMessage.objects.filter(reversal_follow_up=OuterRef("pk"))))
        .values("pk", "contract_id", "template_code", "tone", "language", "amount", "send_at", "deliveries")
        if row["deliveries"]
    ]
    if not follow_ups:
        return []
    tenants = _main_tenants({row["contract_id"] for row in follow_ups})
    index = template_index(corporation=corporation)
    batch = manual_batch_get(corporation=corporation, day=as_of)
    messages = []
    for row in follow_ups:
        party = tenants.get(row["contract_id"], {})
        tone, language = row["tone"] or "u", row["language"] or "nl"
        for delivery in row["deliveries"]:
            channel = delivery.get("channel", "")
            if channel not in channels:
                continue
            template_id, notes = template_resolve(
                index, code=row["template_code"], channel=channel, language=language, tone=tone
            )
            messages.append(
                OutgoingMessage(
                    corporation=corporation,
                    batch=batch,
                    reversal_follow_up_id=row["pk"],
                    contract_id=row["contract_id"],
                    tenant_id=party.get("tenant_id"),
                    channel=channel,
                    recipient=delivery.get("recipient", "tenant"),
                    recipient_name=delivery.get("name", "")[:200],
                    address=delivery.get("address", ""),
                    substituted_for=delivery.get("substituted_for") or "",
                    plan_note=(delivery.get("note") or "")[:300],
                    template_code=row["template_code"],
                    template_id=template_id,
                    language=language,
                    tone=tone,
                    amount=row["amount"],
                    send_at=row["send_at"],
                    status=MessageStatus.QUEUED if template_id else MessageStatus.FAILED,
                    status_reason="" if template_id else notes[0],
                    notes=notes if template_id else [],
                    created_by="outbox_plan",
                )
            )
    OutgoingMessage.objects.bulk_create(messages, batch_size=BULK_SIZE, ignore_conflicts=True)
    payment_requests_for_messages(
        corporation=corporation,
        links=[(str(m.code), m.contract_id, m.amount) for m in messages if m.contract_id and m.amount],
        actor=actor,
    )
    _dispatch_on_commit([batch.pk])
    return messages


def outbox_plan(*, corporation: Corporation, as_of: date, actor: User | str | None) -> PlanSummary:
    """Turn every delivery of the day's StepRuns that has no message yet into one OutgoingMessage.

    Set-based: a fixed number of queries whatever the number of step runs (plus one insert per 500
    messages). Idempotent through `UniqueConstraint(step_run, channel, recipient)`: a second run, or a run
    after a crash, creates nothing twice. Messages land in the batch of their flow and day; with review on
    they wait for approval, otherwise they are dispatched after commit.
    """
    summary = PlanSummary()
    settings_row = messaging_settings_get(corporation=corporation)
    with transaction.atomic():
        reversal_messages = _reversal_messages(corporation=corporation, as_of=as_of, actor=actor)
        summary.reversal_messages = len(reversal_messages)
        runs = list(
            StepRun.objects.filter(
                corporation=corporation,
                outcome=StepOutcome.DONE,
                run_on__lte=as_of,
                run_on__gte=as_of - timedelta(days=PLAN_LOOKBACK_DAYS),
            )
            .filter(~Exists(OutgoingMessage.objects.filter(step_run=OuterRef("pk"))))
            .values(
                "pk",
                "enrollment_id",
                "enrollment__contract_id",
                "step__version__flow_id",
                "step__fallback_channel",
                "template_code",
                "tone",
                "language",
                "amount",
                "costs",
                "send_at",
                "deliveries",
            )
        )
        runs = [run for run in runs if run["deliveries"]]
        summary.step_runs = len(runs)
        if not runs:
            return summary
        tenants = _main_tenants({run["enrollment__contract_id"] for run in runs})
        index = template_index(corporation=corporation)
        batches = _batches_for(
            corporation=corporation,
            day=as_of,
            flow_ids={run["step__version__flow_id"] for run in runs},
            review=settings_row.review_batches,
        )
        messages: list[OutgoingMessage] = []
        for run in runs:
            batch = batches[run["step__version__flow_id"]]
            party = tenants.get(run["enrollment__contract_id"], {})
            tone = run["tone"] or party.get("tenant__tone") or "u"
            language = run["language"] or "nl"
            seen: set[tuple[str, str]] = set()
            for delivery in run["deliveries"]:
                channel, recipient = delivery.get("channel", ""), delivery.get("recipient", "tenant")
                if channel not in channels or (channel, recipient) in seen:
                    continue
                seen.add((channel, recipient))
                template_id, notes = template_resolve(
                    index, code=run["template_code"], channel=channel, language=language, tone=tone
                )
                status = MessageStatus.IN_REVIEW if batch.review_required else MessageStatus.QUEUED
                reason = ""
                if template_id is None:
                    status, reason = MessageStatus.FAILED, notes[0]
                    summary.missing_template += 1
                fallback = delivery.get("fallback") or run["step__fallback_channel"] or ""
                messages.append(
                    OutgoingMessage(
                        corporation=corporation,
                        batch=batch,
                        step_run_id=run["pk"],
                        enrollment_id=run["enrollment_id"],
                        contract_id=run["enrollment__contract_id"],
                        tenant_id=delivery.get("tenant_id") or party.get("tenant_id"),
                        channel=channel,
                        recipient=recipient,
                        recipient_name=delivery.get("name", "")[:200],
                        address=delivery.get("address", ""),
                        substituted_for=delivery.get("substituted_for") or "",
                        fallback_channel=fallback if fallback != channel else "",
                        plan_note=(delivery.get("note") or "")[:300],
                        template_code=run["template_code"],
                        template_id=template_id,
                        language=language,
                        tone=tone,
                        amount=run["amount"],
                        costs=run["costs"],
                        send_at=run["send_at"],
                        status=status,
                        status_reason=reason,
                        notes=notes if template_id else [],
                        created_by="outbox_plan",
                    )
                )
        created = OutgoingMessage.objects.bulk_create(messages, batch_size=BULK_SIZE, ignore_conflicts=True)
        summary.created = len(created)
        # Every pay link in a message opens the payment request that carries the message's own code.
        payment_requests_for_messages(
            corporation=corporation,
            links=[(str(m.code), m.contract_id, m.amount) for m in messages if m.contract_id and m.amount],
            actor=actor,
        )
        counts = Counter(m.status for m in messages)
        summary.queued, summary.in_review = counts[MessageStatus.QUEUED], counts[MessageStatus.IN_REVIEW]
        summary.by_channel = dict(Counter(m.channel for m in messages))
        reopened = [b.pk for b in batches.values() if b.review_required and b.status == BatchStatus.APPROVED]
        if reopened and summary.in_review:
            Batch.objects.filter(pk__in=reopened).update(status=BatchStatus.IN_REVIEW)
        summary.batches = sorted(b.pk for b in batches.values())
        log_action(
            corporation=corporation,
            actor=actor,
            action="messaging.outbox_planned",
            data={
                "as_of": as_of.isoformat(),
                "step_runs": summary.step_runs,
                "created": summary.created,
                "by_channel": summary.by_channel,
                "batches": summary.batches,
            },
        )
        if summary.queued:
            _dispatch_on_commit([b.pk for b in batches.values() if not b.review_required])
    return summary


def _dispatch_on_commit(batch_ids: list[int]) -> None:
    from vangnet.messaging.tasks import dispatch_batch_task

    def enqueue(batch_id: int) -> None:
        transaction.on_commit(lambda: dispatch_batch_task.delay(batch_id))

    for batch_id in batch_ids:
        enqueue(batch_id)


# --- review -----------------------------------------------------------------------------------------------


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
        _dispatch_on_commit([locked.pk])
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


# --- manual messages --------------------------------------------------------------------------------------


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
) -> OutgoingMessage:
    """A message from the tenant card with the corporation's templates; sent at once, without review.

    `ledger_entry`: the booking the message is about (an invoice copy), its amount the message's amount."""
    if channel not in channels:
        raise ApplicationError(gettext("Kies e-mail, SMS, brief of spraakbericht."))
    name, address = address_for(tenant, channel, recipient)
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
        )
        standing = ContractStanding.objects.filter(contract=contract).first() if contract else None
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
        _deliver_on_commit(corporation.pk, [message.pk])
    return message


def _deliver_on_commit(corporation_id: int, message_ids: list[int]) -> None:
    from vangnet.messaging.tasks import deliver_messages_task

    transaction.on_commit(lambda: deliver_messages_task.delay(corporation_id, message_ids))


# --- voice choices ----------------------------------------------------------------------------------------

VOICE_THANKS = {
    "1": "Dank u wel. U krijgt zo een sms met de betaallink.",
    "2": "Dank u wel. Een medewerker belt u zo snel mogelijk terug.",
}


def voice_choice_record(*, message: OutgoingMessage, digits: str) -> str:
    """Key 1: an SMS with the payment link; key 2: a call-back task. Returns what the call says next.

    Idempotent: Twilio may post the same choice twice; the second does nothing.
    """
    from vangnet.tasks.models import Task, TaskKind, TaskPriority

    if digits not in VOICE_THANKS:
        return "Wij hebben uw keuze niet begrepen. Tot ziens."
    with transaction.atomic():
        changed = OutgoingMessage.objects.filter(pk=message.pk, response="").update(
            response=f"toets {digits}"
        )
        if not changed:
            return VOICE_THANKS[digits]
        log_action(
            corporation=message.corporation,
            actor="tenant",
            action="messaging.voice_choice",
            obj=message,
            data={"digits": digits},
        )
        tenant = Tenant.objects.filter(pk=message.tenant_id).first() if message.tenant_id else None
        if digits == "2" or tenant is None:
            Task.objects.get_or_create(
                corporation=message.corporation,
                source="voice",
                source_key=f"voice:{message.code}",
                defaults={
                    "kind": TaskKind.CALL,
                    "title": "Terugbellen op verzoek (spraakbericht)",
                    "description": f"De huurder drukte op {digits} in het spraakbericht {message.template_code}.",
                    "contract_id": message.contract_id,
                    "tenant": tenant,
                    "due_on": clock.today(),
                    "priority": TaskPriority.HIGH,
                },
            )
        else:
            _, phone = address_for(tenant, "sms", message.recipient)
            if phone and not tenant.no_sms:
                contract = (
                    Contract.objects.filter(pk=message.contract_id).first() if message.contract_id else None
                )
                message_manual_create(
                    tenant=tenant,
                    contract=contract,
                    template_code="betaallink",
                    channel="sms",
                    as_of=clock.today(),
                    actor="voice",
                )
    return VOICE_THANKS[digits]
