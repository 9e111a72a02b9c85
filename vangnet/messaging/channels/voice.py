"""An automated call through Twilio's Calls API: TwiML <Say language="nl-NL"> inside a <Gather>.

Key 1: send me the payment link by SMS. Key 2: call me back (a call task). The choice arrives on the
Gather action, the call's outcome on the status callback; both carry our code in the URL. Reaches the
tenant's mobile or home number, never an administrator; refused by "no voice calls" and "paper only".
Twilio's CallStatus: completed|busy|no-answer|failed|canceled.
"""

from xml.sax.saxutils import escape, quoteattr

from django.conf import settings
from django.http import HttpRequest, HttpResponse

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
from vangnet.messaging.models import MessageStatus, OutgoingMessage
from vangnet.messaging.rendering import Rendered, render_voice

STATUSES = {
    "completed": MessageStatus.DELIVERED,
    "busy": MessageStatus.FAILED,
    "no-answer": MessageStatus.FAILED,
    "failed": MessageStatus.FAILED,
    "canceled": MessageStatus.FAILED,
}
LANGUAGES = {"nl": "nl-NL", "en": "en-GB", "tr": "tr-TR", "ar": "arb", "pl": "pl-PL"}


def webhook_base(message: OutgoingMessage) -> str:
    return f"{settings.VANGNET_PUBLIC_URL}/webhooks/berichten/twilio/voice/{message.code}"


def twiml(message: OutgoingMessage, script: str) -> str:
    language = quoteattr(LANGUAGES.get(message.language, "nl-NL"))
    action = quoteattr(f"{webhook_base(message)}/keuze/")
    return (
        '<?xml version="1.0" encoding="UTF-8"?><Response>'
        f'<Gather input="dtmf" numDigits="1" timeout="8" action={action} method="POST">'
        f"<Say language={language}>{escape(script)}</Say></Gather>"
        f"<Say language={language}>{escape('Wij hebben geen keuze gehoord. Tot ziens.')}</Say></Response>"
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
                "Twiml": twiml(message, rendered.text),
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
