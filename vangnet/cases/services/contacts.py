"""Every contact is registered (klantcontact, VERA BRG `Contactmomenten`), with or without a case."""

from django.db import transaction
from django.utils.translation import gettext

from vangnet.cases.models import Article, Case, CaseChannel, Contact, ContactOutcome
from vangnet.core import clock
from vangnet.core.audit import Actor, actor_label, log_action
from vangnet.core.errors import ApplicationError
from vangnet.core.models import Corporation
from vangnet.events.services import event_publish
from vangnet.tenants.models import Tenant


def contact_register(
    *,
    corporation: Corporation,
    channel: str,
    subject: str,
    outcome: str,
    actor: Actor,
    tenant: Tenant | None = None,
    party_name: str = "",
    notes: str = "",
    case: Case | None = None,
    article: Article | None = None,
) -> Contact:
    subject = (subject or "").strip()
    problems: dict[str, str] = {}
    if channel not in CaseChannel.values:
        problems["channel"] = gettext("Kies hoe het contact was: telefoon, balie, e-mail of portaal.")
    if not subject:
        problems["subject"] = gettext("Schrijf het onderwerp van het contact op.")
    elif len(subject) > 200:
        problems["subject"] = gettext("Het onderwerp is te lang (hoogstens 200 tekens).")
    if outcome not in ContactOutcome.values:
        problems["outcome"] = gettext("Kies de uitkomst van het contact.")
    if tenant is None and not party_name.strip():
        problems["party_name"] = gettext("Kies een huurder of vul de naam in van wie contact had.")
    if tenant is not None and tenant.corporation_id != corporation.pk:
        problems["tenant"] = gettext("Deze huurder kennen wij niet.")
    if case is not None and case.corporation_id != corporation.pk:
        problems["case"] = gettext("Deze zaak kennen wij niet.")
    if article is not None and article.corporation_id != corporation.pk:
        problems["article"] = gettext("Dit artikel kennen wij niet.")
    if problems:
        raise ApplicationError(
            " ".join(problems.values()),
            extra={
                "fields": problems,
                "errors": [{"field": field, "reason_nl": reason} for field, reason in problems.items()],
            },
        )
    with transaction.atomic():
        contact = Contact.objects.create(
            corporation=corporation,
            tenant=tenant,
            party_name="" if tenant else party_name.strip()[:200],
            channel=channel,
            subject=subject,
            outcome=outcome,
            notes=(notes or "").strip()[:4000],
            case=case,
            article=article,
            handled_by=actor_label(actor),
            at=clock.now(),
        )
        event_publish(
            corporation=corporation,
            type="contact.registered",
            payload={
                "contact_id": contact.pk,
                "tenant_id": tenant.source_id if tenant else None,
                "channel": channel,
                "subject": subject,
                "outcome": outcome,
                "case_number": case.number if case else None,
                "at": contact.at,
            },
        )
        log_action(
            corporation=corporation,
            actor=actor,
            action="contact.registered",
            obj=contact,
            tenant_id=tenant.pk if tenant else None,
            data={"channel": channel, "outcome": outcome, "case": case.pk if case else None},
        )
    return contact
