"""What our own records prove about the four preconditions, per tenant: a few set-based queries.

Personal contact (a) is a call or house-visit task a colleague finished, or a contact attempt noted by hand;
the debt-help pointer (b) and the written reminders (c, d) are messages that actually left (sent or
delivered) with a template the corporation's policy names. Every fact keeps its date and a sentence a
colleague can check, so the tenant card and the batch show the evidence, not a tick.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Q

from vangnet.core.channels import ChannelKind
from vangnet.core.models import Corporation
from vangnet.earlysignal.models import ContactAttempt, Objection, SignalPolicy
from vangnet.messaging.models import MessageStatus, MessageTemplate, OutgoingMessage
from vangnet.tasks.models import Task, TaskKind, TaskStatus

LEFT = (MessageStatus.SENT, MessageStatus.DELIVERED)
WRITTEN = (ChannelKind.LETTER, ChannelKind.EMAIL)


@dataclass(frozen=True)
class Fact:
    on: date
    text: str


@dataclass
class TenantEvidence:
    """Each list newest first."""

    contact: list[Fact] = field(default_factory=list)
    debt_help: list[Fact] = field(default_factory=list)
    reminders: list[Fact] = field(default_factory=list)
    offers: list[Fact] = field(default_factory=list)
    objection: Fact | None = None
    objection_id: int | None = None


def _channel_label(channel: str) -> str:
    return "brief" if channel == ChannelKind.LETTER else "e-mail" if channel == ChannelKind.EMAIL else channel


def collect(
    *,
    corporation: Corporation,
    tenant_ids: Iterable[int],
    since: date | None,
    as_of: date,
    policy: SignalPolicy,
) -> dict[int, TenantEvidence]:
    """Evidence per tenant from `since` (the oldest arrears start asked about) up to and including as_of."""
    ids = list(set(tenant_ids))
    found: dict[int, TenantEvidence] = defaultdict(TenantEvidence)
    if not ids:
        return found
    window = Q(completed_at__date__lte=as_of) & (Q(completed_at__date__gte=since) if since else Q())
    tasks = (
        Task.objects.filter(
            corporation=corporation,
            tenant_id__in=ids,
            kind__in=(TaskKind.CALL, TaskKind.HOUSE_VISIT),
            status=TaskStatus.DONE,
        )
        .filter(window)
        .values_list("tenant_id", "kind", "completed_at", "outcome")
    )
    for tenant_id, kind, completed_at, outcome in tasks:
        what = "Gebeld" if kind == TaskKind.CALL else "Huisbezoek"
        text = f"{what} (taak afgerond): {outcome}" if outcome else f"{what} (taak afgerond)"
        found[tenant_id].contact.append(Fact(completed_at.date(), text))  # type: ignore[union-attr]
    attempts = ContactAttempt.objects.filter(
        corporation=corporation, tenant_id__in=ids, happened_on__lte=as_of
    )
    if since:
        attempts = attempts.filter(happened_on__gte=since)
    for attempt in attempts:
        reached = "gesproken" if attempt.reached else "niet bereikt"
        text = f"{attempt.get_method_display()}, {reached} (genoteerd door {attempt.author})"
        found[attempt.tenant_id].contact.append(
            Fact(attempt.happened_on, f"{text}: {attempt.note}" if attempt.note else text)
        )
    debt_help, reminders, offers = (
        set(policy.debt_help_templates),
        set(policy.reminder_templates),
        set(policy.offer_templates),
    )
    messages = OutgoingMessage.objects.filter(
        corporation=corporation,
        tenant_id__in=ids,
        status__in=LEFT,
        template_code__in=debt_help | reminders | offers,
        sent_at__date__lte=as_of,
    )
    if since:
        messages = messages.filter(sent_at__date__gte=since)
    rows = [
        (tenant_id, code, channel, sent_at, name if language in ("nl", None) else "")
        for tenant_id, code, channel, sent_at, name, language in messages.values_list(
            "tenant_id", "template_code", "channel", "sent_at", "template__name", "template__language"
        )
    ]
    # A person reads these sentences, so they name the template as the corporation calls it, never its
    # code. A message whose template was removed since, or that went out in another language, falls back
    # on the corporation's current Dutch template with that code (one query for all of them).
    missing = {code for _, code, _, _, name in rows if not name}
    names = (
        dict(
            MessageTemplate.objects.filter(corporation=corporation, code__in=missing, language="nl")
            .order_by("code", "is_default", "-pk")  # the last one per code wins: a default text
            .values_list("code", "name")
        )
        if missing
        else {}
    )
    for tenant_id, code, channel, sent_at, name in rows:
        day = sent_at.date()  # type: ignore[union-attr]
        label = name or names.get(code)
        what = f"Bericht '{label}'" if label else "Bericht"
        text = f"{what} verstuurd per {_channel_label(channel)}"
        evidence = found[tenant_id]
        if code in debt_help:
            evidence.debt_help.append(Fact(day, text))
        # The offer comes with a written reminder (art. 2 d: "bij die schriftelijke herinnering"), so a
        # written message carrying it is a written reminder as well.
        if (code in reminders or code in offers) and channel in WRITTEN:
            evidence.reminders.append(Fact(day, text))
        if code in offers and channel in WRITTEN:
            evidence.offers.append(Fact(day, text))
    objections = Objection.objects.filter(
        corporation=corporation, tenant_id__in=ids, withdrawn_on__isnull=True, registered_on__lte=as_of
    )
    for objection in objections:
        text = f"Bezwaar via {objection.get_source_display().lower()} ({objection.registered_by})"
        found[objection.tenant_id].objection = Fact(
            objection.registered_on, f"{text}: {objection.note}" if objection.note else text
        )
        found[objection.tenant_id].objection_id = objection.pk
    for evidence in found.values():
        for facts in (evidence.contact, evidence.debt_help, evidence.reminders, evidence.offers):
            facts.sort(key=lambda fact: fact.on, reverse=True)
    return found
