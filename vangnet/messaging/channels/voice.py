"""An automated call through Twilio's Calls API: TwiML <Say language="nl-NL"> inside a <Gather>.

Key 1: send me the payment link by SMS. Key 2: call me back (a call task). The choice arrives on the
Gather action, the call's outcome on the status callback; both carry our code in the URL. Reaches the
tenant's mobile or home number, never an administrator; refused by "no voice calls" and "paper only".
Twilio's CallStatus: completed|busy|no-answer|failed|canceled.
"""

from xml.sax.saxutils import escape, quoteattr

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.translation import gettext

from vangnet.messaging.channels import twilio
from vangnet.messaging.channels.base import (
    Channel,
    ContactPoints,
    DeliveryError,
    DeliveryReport,
    Receipt,
    Restriction,
)
from vangnet.messaging.context import MessageData
from vangnet.messaging.models import MessageStatus, MessageTemplate, OutgoingMessage
from vangnet.messaging.rendering import Rendered, render_voice

STATUSES = {
    "completed": MessageStatus.DELIVERED,
    "busy": MessageStatus.FAILED,
    "no-answer": MessageStatus.FAILED,
    "failed": MessageStatus.FAILED,
    "canceled": MessageStatus.FAILED,
}
LANGUAGES = {"nl": "nl-NL", "en": "en-GB", "tr": "tr-TR", "ar": "arb", "pl": "pl-PL"}


def voice_language(language: str) -> str:
    """The voice that reads a text of this language (Twilio's <Say language>); Dutch when unknown."""
    return LANGUAGES.get(language, LANGUAGES["nl"])


def say(text: str, language: str) -> str:
    return f"<Say language={quoteattr(voice_language(language))}>{escape(text)}</Say>"


def webhook_base(message: OutgoingMessage) -> str:
    return f"{settings.VANGNET_PUBLIC_URL}/webhooks/berichten/twilio/voice/{message.code}"


def spoken_language(message: OutgoingMessage) -> str:
    """The language the call was read in: its template's (Dutch when a translation was missing)."""
    if message.template_id:
        found = (
            MessageTemplate.objects.filter(pk=message.template_id).values_list("language", flat=True).first()
        )
        if found:
            return found
    return message.language or "nl"


def twiml(message: OutgoingMessage, script: str, language: str = "") -> str:
    """The call: the script, then a goodbye when no key was pressed, both in the script's language (the
    template's; the tenant's language when the text does not say)."""
    language = language or message.language
    action = quoteattr(f"{webhook_base(message)}/keuze/")
    with translation.override(language):
        goodbye = gettext("Wij hebben geen keuze gehoord. Tot ziens.")
    return (
        '<?xml version="1.0" encoding="UTF-8"?><Response>'
        f'<Gather input="dtmf" numDigits="1" timeout="8" action={action} method="POST">'
        f"{say(script, language)}</Gather>{say(goodbye, language)}</Response>"
    )


class VoiceChannel(Channel):
    kind = "voice"
    transport = "twilio"
    noun = "spraakbericht"
    restrictions = (
        Restriction("no_voice_calls", "geen spraakberichten"),
        Restriction("paper_only", "alleen post"),
    )
    missing = "geen telefoonnummer"
    webhook_route = "twilio/voice/<str:code>/status/"
    webhook_name = "twilio_call_status"

    def address(self, contact: ContactPoints, recipient: str) -> str:
        return (contact.phone_mobile or contact.phone_home) if recipient == "tenant" else ""

    def render(self, message: OutgoingMessage, data: MessageData) -> Rendered:
        _, body_text, _ = self.template_fields(message)
        return render_voice(body_text, data)

    def send(self, message: OutgoingMessage, rendered: Rendered) -> Receipt:
        if not message.address.strip():
            raise DeliveryError("geen telefoonnummer", permanent=True)
        answer = twilio.create(
            "Calls",
            {
                "To": twilio.e164(message.address),
                "From": settings.MESSAGING_TWILIO_VOICE_FROM,
                "Twiml": twiml(message, rendered.text, rendered.language),
                "StatusCallback": f"{webhook_base(message)}/status/",
                "StatusCallbackMethod": "POST",
                "StatusCallbackEvent": "completed",
            },
        )
        return Receipt(transport=self.transport, provider_id=str(answer.get("sid", "")))

    def delivery_report(self, request: HttpRequest, code: str = "") -> DeliveryReport | HttpResponse:
        if not twilio.request_genuine(request):
            return HttpResponse(status=403)
        provider_status = request.POST.get("CallStatus", "")
        return DeliveryReport(
            code=code,
            status=STATUSES.get(provider_status, ""),
            provider_status=provider_status,
            error=f"gesprek: {provider_status}",
        )
