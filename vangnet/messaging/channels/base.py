"""The channel interface. One class per channel declares everything that differs between channels:

- its address rule: which contact point of the tenant, or of their administrator (bewindvoerder), it needs
  (`address`), and what to say when that contact point is missing;
- the restrictions that forbid it (`restrictions`: the tenant's "no SMS", "paper only", ...);
- its legal use: whether it may carry a legal notice such as the 14-day letter (`legal`);
- rendering (`render`), sending (`send`, `send_many`) and what the sandbox does with it;
- its delivery reports (`webhook_route` and `delivery_report`).

Planning (the flows engine, notices, manual messages) and sending (dispatch) ask the same methods:
`unreachable` says why a channel cannot be used for someone, `address` where it goes.
"""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse

from vangnet.messaging.context import MessageData
from vangnet.messaging.models import OutgoingMessage, Recipient
from vangnet.messaging.rendering import Rendered

ADMINISTRATOR_CHANNELS_ONLY = "naar een bewindvoerder alleen e-mail of post"


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


@dataclass(frozen=True)
class ContactPoints:
    """Where a tenant and their administrator can be reached, and what the tenant refused. Built from a
    query row by the flows engine (thousands at once) and from a Tenant by the messaging services."""

    name: str
    email: str = ""
    phone_mobile: str = ""
    phone_home: str = ""
    postal_address: str = ""
    no_voice_calls: bool = False
    no_sms: bool = False
    no_email: bool = False
    paper_only: bool = False
    administrator_name: str = ""
    administrator_email: str = ""
    administrator_address: str = ""


@dataclass(frozen=True)
class Restriction:
    """A ContactPoints flag that forbids the channel, and how a colleague reads that reason."""

    flag: str
    reason: str


@dataclass(frozen=True)
class DeliveryReport:
    """A provider's report on one message, found by our own code."""

    code: str
    status: str  # a MessageStatus value, or "" when the report changes nothing
    provider_status: str
    error: str = ""


class Channel:
    kind: str = ""
    transport: str = ""
    # How a plan note names the channel ("brief in plaats van SMS").
    noun: str = ""
    # Whether it may carry a legal notice (the 14-day letter); flows.legal.fourteen_day_letter knows when
    # such a notice counts as received on each of these channels.
    legal: bool = False
    # Whether the sandbox really "sends" it (letters: the PDF is written for the print batch, nothing leaves).
    sends_in_sandbox: bool = False
    restrictions: tuple[Restriction, ...] = ()
    # Why it cannot be used when the contact point is empty, for the tenant and for an administrator;
    # an empty `missing_for_administrator` means an administrator is never written to on this channel.
    missing: str = ""
    missing_for_administrator: str = ""
    # Delivery reports: a route under /webhooks/berichten/ (with <str:code> when the code is in the URL).
    webhook_route: str = ""
    webhook_name: str = ""

    # --- rules: who can be reached, where -----------------------------------------------------------------

    def address(self, contact: ContactPoints, recipient: str) -> str:
        """The contact point this channel uses, or '' when there is none."""
        raise NotImplementedError

    def restricted(self, contact: ContactPoints) -> str:
        """Why the tenant refused this channel, or ''."""
        return next((r.reason for r in self.restrictions if getattr(contact, r.flag)), "")

    def unreachable(self, contact: ContactPoints, recipient: str) -> str:
        """Why this channel cannot be used for this recipient now, or '' when it can."""
        if recipient == Recipient.ADMINISTRATOR:
            if not self.missing_for_administrator:
                return ADMINISTRATOR_CHANNELS_ONLY
            return "" if self.address(contact, recipient) else self.missing_for_administrator
        if why := self.restricted(contact):
            return why
        return "" if self.address(contact, recipient) else self.missing

    # --- rendering and sending ------------------------------------------------------------------------------

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

    # --- delivery reports -----------------------------------------------------------------------------------

    def delivery_report(self, request: HttpRequest, code: str = "") -> DeliveryReport | HttpResponse:
        """Read a provider's delivery report; an HttpResponse answers a request that is not genuine or not
        readable (403, 400) as it is."""
        raise NotImplementedError
