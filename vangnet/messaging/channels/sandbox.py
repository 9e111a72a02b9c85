"""The demo channel: renders exactly like the real one, keeps everything in Vangnet, sends nothing.

Letters are still written as PDFs, so the demo's print batch can be downloaded.
"""

from django.conf import settings

from vangnet.messaging.channels.base import Channel, DeliveryError, Receipt
from vangnet.messaging.context import MessageData
from vangnet.messaging.models import OutgoingMessage
from vangnet.messaging.rendering import Rendered


class SandboxChannel(Channel):
    transport = "sandbox"

    def __init__(self, real: Channel) -> None:
        self.real = real
        self.kind = real.kind

    def render(self, message: OutgoingMessage, data: MessageData) -> Rendered:
        return self.real.render(message, data)

    def send(self, message: OutgoingMessage, rendered: Rendered) -> Receipt:
        if not settings.VANGNET_MESSAGING_SANDBOX:
            # In production a message "sent" to nowhere would count as a reminder the tenant never got. It
            # waits (and is retried) until the corporation's real sending is configured.
            raise DeliveryError(
                "de sandbox verstuurt in productie niets: stel de echte verzending in (Berichten > Instellingen)"
            )
        if self.real.sends_in_sandbox:
            receipt = self.real.send(message, rendered)
            return Receipt(transport=self.transport, provider_id=receipt.provider_id)
        return Receipt(transport=self.transport, provider_id=f"sandbox-{message.code}")
