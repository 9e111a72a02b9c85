"""A tenant's key press in a voice message (Twilio's Gather): a pay link by SMS or a call-back task."""

from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext, gettext_noop

from vangnet.core import clock
from vangnet.core.audit import log_action
from vangnet.ledger.models import Contract
from vangnet.messaging.channels import address_for
from vangnet.messaging.models import OutgoingMessage
from vangnet.messaging.outbox import message_manual_create
from vangnet.tasks.models import Task, TaskKind, TaskPriority
from vangnet.tenants.models import Tenant

VOICE_THANKS = {
    "1": gettext_noop("Dank u wel. U krijgt zo een sms met de betaallink."),
    "2": gettext_noop("Dank u wel. Een medewerker belt u zo snel mogelijk terug."),
}
NOT_UNDERSTOOD = gettext_noop("Wij hebben uw keuze niet begrepen. Tot ziens.")


def voice_choice_record(*, message: OutgoingMessage, digits: str, language: str = "nl") -> str:
    """Key 1: an SMS with the payment link; key 2: a call-back task. Returns what the call says next, in
    the language the call was read in.

    Idempotent: Twilio may post the same choice twice; the second does nothing.
    """
    with translation.override(language):
        return _voice_choice_record(message=message, digits=digits)


def _voice_choice_record(*, message: OutgoingMessage, digits: str) -> str:
    if digits not in VOICE_THANKS:
        return gettext(NOT_UNDERSTOOD)
    with transaction.atomic():
        changed = OutgoingMessage.objects.filter(pk=message.pk, response="").update(
            response=f"toets {digits}"
        )
        if not changed:
            return gettext(VOICE_THANKS[digits])
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
    return gettext(VOICE_THANKS[digits])
