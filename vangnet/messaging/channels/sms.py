"""SMS through Twilio's Messages API; delivery reports come back on `StatusCallback` with our code.

Reaches the tenant's mobile number, never an administrator; refused by "no SMS" and "paper only".
Twilio's MessageStatus: queued|sending|sent|delivered|undelivered|failed (+ ErrorCode).
"""

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
from vangnet.messaging.rendering import Rendered, render_sms


def status_callback_url(message: OutgoingMessage) -> str:
    return f"{settings.VANGNET_PUBLIC_URL}/webhooks/berichten/twilio/sms/{message.code}/"


STATUSES = {
    "delivered": MessageStatus.DELIVERED,
    "undelivered": MessageStatus.FAILED,
    "failed": MessageStatus.FAILED,
}


class SmsChannel(Channel):
    kind = "sms"
    transport = "twilio"
    noun = "SMS"
    restrictions = (Restriction("no_sms", "wil geen SMS"), Restriction("paper_only", "alleen post"))
    missing = "geen mobiel nummer"
    webhook_route = "twilio/sms/<str:code>/"
    webhook_name = "twilio_sms_status"

    def address(self, contact: ContactPoints, recipient: str) -> str:
        return contact.phone_mobile if recipient == "tenant" else ""

    def render(self, message: OutgoingMessage, data: MessageData) -> Rendered:
        _, body_text, _ = self.template_fields(message)
        return render_sms(body_text, data)

    def send(self, message: OutgoingMessage, rendered: Rendered) -> Receipt:
        if not message.address.strip():
            raise DeliveryError("geen mobiel nummer", permanent=True)
        sender = message.corporation.sms_sender or settings.MESSAGING_TWILIO_SMS_FROM
        answer = twilio.create(
            "Messages",
            {
                "To": twilio.e164(message.address),
                "From": sender,
                "Body": rendered.text,
                "StatusCallback": status_callback_url(message),
            },
        )
        return Receipt(transport=self.transport, provider_id=str(answer.get("sid", "")))

    def delivery_report(self, request: HttpRequest, code: str = "") -> DeliveryReport | HttpResponse:
        if not twilio.request_genuine(request):
            return HttpResponse(status=403)
        provider_status = request.POST.get("MessageStatus", "")
        error = request.POST.get("ErrorCode", "")
        return DeliveryReport(
            code=code,
            status=STATUSES.get(provider_status, ""),
            provider_status=provider_status,
            error=f"Twilio-fout {error}" if error else provider_status,
        )
