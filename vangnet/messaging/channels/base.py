"""The channel interface: render a message into a Rendered snapshot, send it, get a Receipt back."""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from vangnet.messaging.context import MessageData
from vangnet.messaging.models import OutgoingMessage
from vangnet.messaging.rendering import Rendered


class DeliveryError(Exception):
    """The channel could not deliver. `permanent` means retrying is pointless (bad number, hard bounce)."""

    def __init__(self, message: str, permanent: bool = False) -> None:
        super().__init__(message)
        self.message = message
        self.permanent = permanent


@dataclass(frozen=True)
class Receipt:
    transport: str
    provider_id: str = ""
    status: str = "sent"  # "sent", or "delivered" when the channel knows at once


class Channel:
    kind: str = ""
    transport: str = ""

    def render(self, message: OutgoingMessage, data: MessageData) -> Rendered:
        raise NotImplementedError

    def send(self, message: OutgoingMessage, rendered: Rendered) -> Receipt:
        raise NotImplementedError

    def send_many(
        self, items: Iterable[tuple[OutgoingMessage, Rendered]]
    ) -> Iterator[tuple[OutgoingMessage, Receipt | DeliveryError]]:
        """Send several messages; a channel may share a connection. Yields each result as soon as known."""
        for message, rendered in items:
            try:
                yield message, self.send(message, rendered)
            except DeliveryError as error:
                yield message, error

    def template_fields(self, message: OutgoingMessage) -> tuple[str, str, str]:
        template = message.template
        if template is None:
            raise DeliveryError(
                f"geen sjabloon {message.template_code} voor {message.channel}", permanent=True
            )
        return template.subject, template.body_text, template.body_html
