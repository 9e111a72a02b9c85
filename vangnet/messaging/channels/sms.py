"""SMS through Twilio's Messages API; delivery reports come back on `StatusCallback` with our code."""

from django.conf import settings

from vangnet.messaging.channels import twilio
from vangnet.messaging.channels.base import Channel, DeliveryError, Receipt
from vangnet.messaging.context import MessageData
from vangnet.messaging.models import OutgoingMessage
from vangnet.messaging.rendering import Rendered, render_sms


def status_callback_url(message: OutgoingMessage) -> str:
    return f"{settings.VANGNET_PUBLIC_URL}/webhooks/berichten/twilio/sms/{message.code}/"


class SmsChannel(Channel):
    kind = "sms"
    transport = "twilio"

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
