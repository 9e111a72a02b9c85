"""Sending a campaign over the outbox: the first message on its send day, a reminder to those who have
not answered, and the end at the deadline. Set-based: a bounded number of queries per campaign.

Campaign messages go in the day's batch of messages outside a flow (never dunning: no step, no enrollment),
are checked again at delivery against the tenant's channel restrictions by dispatch, and carry the next
channel of the plan as their fallback.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db import transaction
from django.utils.translation import gettext

from vangnet.campaigns.models import Campaign, CampaignStatus, CampaignTarget
from vangnet.campaigns.services.closing import campaign_finish
from vangnet.campaigns.services.setup import REMINDER_TEMPLATE, audience_pairs
from vangnet.core.audit import Actor, actor_label, log_action
from vangnet.core.models import Corporation
from vangnet.messaging.channels import address_for, restriction_for
from vangnet.messaging.links import access_code
from vangnet.messaging.models import MessageStatus, OutgoingMessage
from vangnet.messaging.outbox import deliver_on_commit, manual_batch_get
from vangnet.messaging.template_services import template_index, template_resolve
from vangnet.tenants.models import Tenant


@dataclass
class RunSummary:
    started: list[int] = field(default_factory=list)
    sent: int = 0
    reminded: int = 0
    unreachable: int = 0
    finished: list[int] = field(default_factory=list)


def _viable_channels(campaign: Campaign, tenant: Tenant) -> list[tuple[str, str, str]]:
    """(channel, name, address) of the plan's channels that reach the tenant and that they allow."""
    viable = []
    for channel in campaign.channels:
        if restriction_for(tenant, channel):
            continue
        name, address = address_for(tenant, channel, "tenant")
        if address:
            viable.append((channel, name, address))
    return viable


def _messages_create(
    campaign: Campaign, targets: list[CampaignTarget], *, template_code: str, as_of: date, actor: Actor
) -> tuple[dict[int, OutgoingMessage], dict[int, str]]:
    """One queued message per target that a channel reaches; target id -> message, and -> why not."""
    corporation = campaign.corporation
    tenants = {t.pk: t for t in Tenant.objects.filter(pk__in=[target.tenant_id for target in targets])}
    index = template_index(corporation=corporation)
    batch = manual_batch_get(corporation=corporation, day=as_of)
    planned: dict[int, OutgoingMessage] = {}
    reasons: dict[int, str] = {}
    for target in targets:
        tenant = tenants[target.tenant_id]
        viable = _viable_channels(campaign, tenant)
        if not viable:
            reasons[target.pk] = gettext("Geen kanaal uit het plan bereikt deze huurder.")
            continue
        channel, name, address = viable[0]
        language, tone = tenant.language or "nl", tenant.tone or "u"
        template_id, notes = template_resolve(
            index, code=template_code, channel=channel, language=language, tone=tone
        )
        if template_id is None:
            reasons[target.pk] = gettext("Geen tekst voor dit kanaal.")
            continue
        planned[target.pk] = OutgoingMessage(
            corporation=corporation,
            batch=batch,
            tenant=tenant,
            channel=channel,
            recipient="tenant",
            recipient_name=name,
            address=address,
            fallback_channel=viable[1][0] if len(viable) > 1 else "",
            plan_note=f"Campagne: {campaign.name}"[:300],
            template_code=template_code,
            template_id=template_id,
            language=language,
            tone=tone,
            status=MessageStatus.QUEUED,
            notes=notes,
            created_by=actor_label(actor),
        )
    created = OutgoingMessage.objects.bulk_create(list(planned.values()))
    return dict(zip(planned.keys(), created, strict=True)), reasons


def campaign_send(*, campaign: Campaign, as_of: date, actor: Actor) -> int:
    """Make the targets from the audience of today and send each its first message; once per campaign."""
    with transaction.atomic():
        pairs = audience_pairs(campaign, as_of=as_of)
        CampaignTarget.objects.bulk_create(
            [
                CampaignTarget(
                    corporation_id=campaign.corporation_id,
                    campaign=campaign,
                    tenant_id=tenant_id,
                    unit_id=unit_id,
                    code=access_code(tenant_id),
                )
                for tenant_id, unit_id in pairs
            ],
            ignore_conflicts=True,
        )
        targets = list(campaign.targets.filter(sent_on__isnull=True, unreachable=""))
        messages, reasons = _messages_create(
            campaign, targets, template_code=campaign.template_code, as_of=as_of, actor=actor
        )
        for target in targets:
            message = messages.get(target.pk)
            if message is not None:
                target.message, target.channel, target.sent_on = message, message.channel, as_of
            else:
                target.unreachable = reasons[target.pk][:200]
        CampaignTarget.objects.bulk_update(targets, ["message", "channel", "sent_on", "unreachable"])
        log_action(
            corporation=campaign.corporation,
            actor=actor,
            action="campaign.sent",
            obj=campaign,
            data={"targeted": len(pairs), "sent": len(messages), "unreachable": len(reasons)},
        )
        deliver_on_commit(campaign.corporation_id, [m.pk for m in messages.values()])
    return len(messages)


def campaign_remind(*, campaign: Campaign, as_of: date, actor: Actor) -> int:
    """One reminder to each target that got the first message `reminder_after_days` ago and has not
    answered; a notice (nothing to answer) gets none."""
    if campaign.kind == "notice" or as_of > campaign.deadline:
        return 0
    with transaction.atomic():
        targets = list(
            campaign.targets.filter(
                sent_on__lte=as_of - timedelta(days=campaign.reminder_after_days),
                reminded_on__isnull=True,
                answered_on__isnull=True,
            )
        )
        messages, _ = _messages_create(
            campaign, targets, template_code=REMINDER_TEMPLATE, as_of=as_of, actor=actor
        )
        reminded = [target for target in targets if target.pk in messages]
        for target in reminded:
            target.reminder, target.reminded_on = messages[target.pk], as_of
        CampaignTarget.objects.bulk_update(reminded, ["reminder", "reminded_on"])
        deliver_on_commit(campaign.corporation_id, [m.pk for m in messages.values()])
    return len(reminded)


def campaigns_run(*, corporation: Corporation, as_of: date, actor: Actor) -> RunSummary:
    """The campaigns' part of a day: send what starts today, remind, and finish what passed its deadline."""
    summary = RunSummary()
    running = list(Campaign.objects.filter(corporation=corporation, status=CampaignStatus.RUNNING))
    started = set(
        CampaignTarget.objects.filter(campaign__in=running).values_list("campaign_id", flat=True).distinct()
    )
    for campaign in running:
        if campaign.deadline < as_of:
            campaign_finish(campaign=campaign, as_of=as_of, actor=actor)
            summary.finished.append(campaign.pk)
            continue
        if campaign.pk not in started and campaign.starts_on <= as_of:
            summary.sent += campaign_send(campaign=campaign, as_of=as_of, actor=actor)
            summary.started.append(campaign.pk)
        elif campaign.pk in started:
            summary.reminded += campaign_remind(campaign=campaign, as_of=as_of, actor=actor)
    return summary
