"""The demo channel: renders exactly like the real one, keeps everything in Vangnet, sends nothing.

Letters are still written as PDFs, so the demo's print batch can be downloaded.
"""

from vangnet.messaging.channels.base import Channel, Receipt
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
        if self.real.sends_in_sandbox:
            receipt = self.real.send(message, rendered)
            return Receipt(transport=self.transport, provider_id=receipt.provider_id)
        return Receipt(transport=self.transport, provider_id=f"sandbox-{message.code}")
