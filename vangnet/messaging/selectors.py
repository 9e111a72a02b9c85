"""Reads of the messaging app: the tenant timeline, batches for review, the demo inbox."""

from dataclasses import dataclass, replace
from datetime import date

from django.db.models import Count, QuerySet
from django.utils.translation import gettext

from vangnet.core.models import Corporation
from vangnet.messaging.channels import address_for, get_channel
from vangnet.messaging.context import message_data_bulk
from vangnet.messaging.models import Batch, MessageStatus, MessageTemplate, MessagingSettings, OutgoingMessage
from vangnet.messaging.rendering import Rendered, render_voice
from vangnet.tenants.models import Tenant


def messaging_settings_get(*, corporation: Corporation) -> MessagingSettings:
    """The corporation's messaging settings, made with the defaults the first time they are asked for."""
    found, _ = MessagingSettings.objects.get_or_create(corporation=corporation)
    return found


def messages_for_tenant(*, tenant: Tenant, limit: int = 50) -> QuerySet[OutgoingMessage]:
    """What was sent to (or planned for) this tenant, newest first: for the timeline on the tenant card."""
    return (
        OutgoingMessage.objects.filter(tenant=tenant)
        .select_related("batch", "batch__flow", "template")
        .order_by("-created_at", "-pk")[:limit]
    )


def batch_list(*, since: date | None = None) -> QuerySet[Batch]:
    rows = Batch.objects.select_related("flow", "approved_by").annotate(message_count=Count("messages"))
    if since is not None:
        rows = rows.filter(day__gte=since)
    return rows.order_by("-day", "status", "pk")


def batch_get(*, pk: int) -> Batch:
    return Batch.objects.select_related("flow", "approved_by", "corporation").get(pk=pk)


@dataclass(frozen=True)
class BatchCount:
    step: str
    channel: str
    status: str
    count: int


def batch_counts(*, batch: Batch) -> list[BatchCount]:
    """Counts per step, channel and status: what the reviewer approves."""
    rows = (
        OutgoingMessage.objects.filter(batch=batch)
        .values("step_run__step__name", "channel", "status")
        .annotate(n=Count("pk"))
        .order_by("step_run__step__position", "channel", "status")
    )
    channels = dict(OutgoingMessage._meta.get_field("channel").flatchoices)
    return [
        BatchCount(
            step=row["step_run__step__name"] or gettext("Handmatig"),
            channel=str(channels.get(row["channel"], row["channel"])),
            status=str(MessageStatus(row["status"]).label),
            count=row["n"],
        )
        for row in rows
    ]


def batch_messages(*, batch: Batch, status: str | None = None) -> QuerySet[OutgoingMessage]:
    rows = OutgoingMessage.objects.filter(batch=batch).select_related(
        "tenant", "contract", "step_run__step", "template"
    )
    if status:
        rows = rows.filter(status=status)
    return rows.order_by("channel", "pk")


def batch_samples(*, batch: Batch, per_channel: int = 1) -> list[OutgoingMessage]:
    """One message per step and channel to preview before approving."""
    seen: set[tuple] = set()
    samples = []
    for message in batch_messages(batch=batch).filter(status=MessageStatus.IN_REVIEW)[:500]:
        key = (message.step_run.step_id if message.step_run else None, message.channel)
        if key not in seen:
            seen.add(key)
            samples.append(message)
    return samples


def message_get(*, pk: int) -> OutgoingMessage:
    return OutgoingMessage.objects.select_related(
        "tenant", "contract", "batch", "template", "corporation"
    ).get(pk=pk)


def sandbox_inbox(*, channel: str | None = None) -> QuerySet[OutgoingMessage]:
    rows = (
        OutgoingMessage.objects.filter(transport="sandbox")
        .select_related("tenant")
        .order_by("-sent_at", "-pk")
    )
    if channel:
        rows = rows.filter(channel=channel)
    return rows


def template_list(*, code: str | None = None) -> QuerySet[MessageTemplate]:
    rows = MessageTemplate.objects.all()
    if code:
        rows = rows.filter(code=code)
    return rows.order_by("code", "channel", "language", "tone")


def template_get(*, pk: int) -> MessageTemplate:
    return MessageTemplate.objects.get(pk=pk)


@dataclass
class Preview:
    channel: str
    subject: str
    text: str
    html: str
    pdf: bytes | None
    segments: int
    notes: list[str]


MASK = "x"


def _masked_secrets(data: dict[str, str]) -> dict[str, str]:
    """A preview shows where the access code and the tenant's own portal link go, never their value: with
    them a colleague could enter the portal as the tenant. Masked to the same length, so an SMS preview
    still counts its segments right."""
    masked = {"toegangscode": "XXXX-XXXX" if data.get("toegangscode") else ""}
    link = str(data.get("portaallink", ""))
    head, marker, token = link.partition("/portaal/link/")
    if marker:
        masked["portaallink"] = head + marker + MASK * len(token.rstrip("/")) + "/"
    return masked


def template_preview(*, template: MessageTemplate, tenant: Tenant, as_of: date) -> Preview:
    """The template rendered for a real tenant, as it would go out today; nothing is saved."""
    channel = template.channel if template.channel != "call" else "voice"
    name, address = address_for(tenant, channel)
    contract = tenant.contracts.order_by("-start_date").first()  # type: ignore[attr-defined]
    message = OutgoingMessage(
        corporation=template.corporation,
        tenant=tenant,
        contract=contract,
        channel=channel,
        recipient="tenant",
        recipient_name=name,
        address=address or name,
        template_code=template.code,
        template=template,
        language=template.language,
        tone=template.tone,
    )
    data = message_data_bulk([message], corporation=template.corporation, as_of=as_of)[message.pk]
    data = replace(
        data,
        values=data.values | _masked_secrets(data.values),
        voice_values=data.voice_values | _masked_secrets(data.voice_values),
    )
    notes = [] if address else ["Voor dit kanaal is geen adres van deze huurder bekend."]
    rendered: Rendered
    if template.channel == "call":
        rendered = render_voice(template.body_text, data)
    else:
        rendered = get_channel(channel, sandbox=True).render(message, data)
    return Preview(
        channel=template.channel,
        subject=rendered.subject,
        text=rendered.text,
        html=rendered.html,
        pdf=rendered.pdf,
        segments=rendered.segments,
        notes=notes,
    )


def template_names(*, corporation: Corporation, codes: list[str]) -> list[str]:
    """Templates by their Dutch name, in the order of `codes` (a code without a template keeps its code)."""
    names = dict(
        MessageTemplate.objects.filter(corporation=corporation, code__in=codes, language="nl").values_list(
            "code", "name"
        )
    )
    return list(dict.fromkeys(names.get(code, code) for code in codes))


def template_choices(*, corporation: Corporation) -> list[tuple[str, str]]:
    """Every template code of the corporation with its Dutch name, by name: what a flow step can send."""
    names: dict[str, str] = {}
    for code, name, language in MessageTemplate.objects.filter(corporation=corporation).values_list(
        "code", "name", "language"
    ):
        if language == "nl" or code not in names:
            names[code] = name
    return sorted(names.items(), key=lambda item: item[1].lower())
