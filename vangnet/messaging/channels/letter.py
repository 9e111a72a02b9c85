"""Letters: one PDF per letter, stored under MESSAGING_LETTER_DIR; the print batch merges a day's letters.

"Sending" a letter hands it to print: the PDF is written, and the batch's merged PDF and CSV manifest are
what the print-and-mail service (or the corporation's own post room) downloads. Reaches the tenant's postal
address or their administrator's; nothing refuses post. A letter may carry the 14-day letter.
"""

from pathlib import Path

from django.conf import settings

from vangnet.messaging.channels.base import Channel, ContactPoints, DeliveryError, Receipt
from vangnet.messaging.context import MessageData
from vangnet.messaging.models import OutgoingMessage
from vangnet.messaging.rendering import Rendered, render_letter


def letter_path(message: OutgoingMessage) -> Path:
    return (
        Path(settings.MESSAGING_LETTER_DIR)
        / str(message.corporation_id)
        / f"{message.batch_id}"
        / f"{message.code}.pdf"
    )


class LetterChannel(Channel):
    kind = "letter"
    transport = "print"
    noun = "brief"
    legal = True
    sends_in_sandbox = True
    missing = "geen postadres"
    missing_for_administrator = "geen postadres van bewindvoerder"

    def address(self, contact: ContactPoints, recipient: str) -> str:
        return contact.administrator_address if recipient == "administrator" else contact.postal_address

    def render(self, message: OutgoingMessage, data: MessageData) -> Rendered:
        subject, body_text, _ = self.template_fields(message)
        return render_letter(subject, body_text, data, code=str(message.code))

    def send(self, message: OutgoingMessage, rendered: Rendered) -> Receipt:
        if len([line for line in message.address.splitlines() if line.strip()]) < 2:
            raise DeliveryError("geen volledig postadres", permanent=True)
        if rendered.pdf is None:
            raise DeliveryError("brief zonder PDF", permanent=True)
        path = letter_path(message)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(rendered.pdf)
        return Receipt(transport=self.transport, provider_id=str(path))
