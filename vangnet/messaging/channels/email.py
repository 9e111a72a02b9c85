"""E-mail over SMTP through Django's mailers (MAILERS), the corporation as the sender.

Reminders carry a List-Unsubscribe header that asks for post instead of e-mail; legal notices (the 14-day
letter, a business aanmaning) do not, because a tenant cannot opt out of them. Reaches the tenant's e-mail
address or their administrator's; refused by "no e-mail" and "paper only"; may carry the 14-day letter.

Delivery reports (a bounce processor or relay) POST JSON {"code" | "message_id", "event": "delivered" |
"bounce" | "complaint", "permanent": bool, "reason": str} with `Authorization: Bearer
<VANGNET_MESSAGING_WEBHOOK_TOKEN>`.
"""

import contextlib
import email.policy
import hmac
import json
import re
import smtplib
from collections.abc import Iterable, Iterator
from email.utils import formataddr

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, mailers
from django.core.mail.backends.smtp import EmailBackend as SmtpBackend
from django.http import HttpRequest, HttpResponse, JsonResponse

from vangnet.core.text import has_control_character
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
from vangnet.messaging.rendering import Rendered, render_email

NO_UNSUBSCRIBE = frozenset({"veertiendagenbrief", "zakelijk-aanmaning", "incassokosten-berekend"})
MESSAGE_ID_DOMAIN = "vangnet.invalid"
CODE_IN_MESSAGE_ID = re.compile(r"<?([0-9a-f-]{36})@")


def message_id(message: OutgoingMessage) -> str:
    return f"<{message.code}@{MESSAGE_ID_DOMAIN}>"


class UnsafeHeader(ValueError):
    """A header value with a line break or another control character: it could add headers of its own."""


class EmailChannel(Channel):
    kind = "email"
    transport = "smtp"
    noun = "e-mail"
    legal = True
    restrictions = (Restriction("no_email", "wil geen e-mail"), Restriction("paper_only", "alleen post"))
    missing = "geen e-mailadres"
    missing_for_administrator = "bewindvoerder heeft geen e-mailadres"
    webhook_route = "email/"
    webhook_name = "email_event"

    def address(self, contact: ContactPoints, recipient: str) -> str:
        return contact.administrator_email if recipient == "administrator" else contact.email

    def delivery_report(self, request: HttpRequest, code: str = "") -> DeliveryReport | HttpResponse:
        token = settings.MESSAGING_WEBHOOK_TOKEN
        given = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
        if not token or not hmac.compare_digest(token, given):
            return HttpResponse(status=403)
        try:
            payload = json.loads(request.body or b"{}")
        except ValueError:
            return JsonResponse({"error": "invalid json"}, status=400)
        code = payload.get("code") or ""
        if not code and (match := CODE_IN_MESSAGE_ID.search(str(payload.get("message_id", "")))):
            code = match[1]
        event = payload.get("event", "")
        status = ""
        if event == "delivered":
            status = MessageStatus.DELIVERED
        elif event in ("bounce", "complaint") and (payload.get("permanent", True) or event == "complaint"):
            status = MessageStatus.BOUNCED
        return DeliveryReport(
            code=code, status=status, provider_status=event, error=str(payload.get("reason", event))[:300]
        )

    def render(self, message: OutgoingMessage, data: MessageData) -> Rendered:
        subject, body_text, body_html = self.template_fields(message)
        return render_email(subject, body_text, body_html, data)

    def headers(self, message: OutgoingMessage) -> dict[str, str]:
        corporation = message.corporation
        headers = {
            "Message-ID": message_id(message),
            "X-Vangnet-Code": str(message.code),
            "Auto-Submitted": "auto-generated",
        }
        if corporation.sender_email:
            headers["Reply-To"] = corporation.sender_email
        if message.template_code not in NO_UNSUBSCRIBE and corporation.sender_email:
            headers["List-Unsubscribe"] = (
                f"<mailto:{corporation.sender_email}?subject=Liever%20per%20post%20({message.code})>"
            )
        return headers

    def sender(self, message: OutgoingMessage) -> tuple[str, str]:
        corporation = message.corporation
        return (
            corporation.sender_name or corporation.name,
            corporation.sender_email or settings.DEFAULT_FROM_EMAIL,
        )

    def build(self, message: OutgoingMessage, rendered: Rendered) -> bytes:
        """The message's bytes for an SMTP connection, written by Django's (and so Python's) e-mail classes."""
        # As Django's own SMTP backend writes it: the SMTP policy (CRLF line ends, RFC 5322 headers).
        return self.build_django(message, rendered).message(policy=email.policy.SMTP).as_bytes()

    def build_django(self, message: OutgoingMessage, rendered: Rendered) -> EmailMultiAlternatives:
        """multipart/alternative, text and HTML, through django.core.mail. Django refuses a line break in a
        header (BadHeaderError); no other control character may pass either (UnsafeHeader): a tenant's name
        cannot add a Bcc or bend a header."""
        sender = self.sender(message)
        recipient = (message.recipient_name, message.address.strip())
        headers = self.headers(message)
        for value in (*sender, *recipient, rendered.subject, *headers.values()):
            if has_control_character(value):
                raise UnsafeHeader(f"regeleinde of stuurteken in een kopregel: {value[:60]!r}")
        email = EmailMultiAlternatives(
            subject=rendered.subject,
            body=rendered.text,
            from_email=formataddr(sender),
            to=[formataddr(recipient)],
            headers=headers,
        )
        email.attach_alternative(rendered.html, "text/html")
        return email

    def send(self, message: OutgoingMessage, rendered: Rendered) -> Receipt:
        return next(iter(self.send_many([(message, rendered)])))[1]  # type: ignore[return-value]

    def send_many(
        self, items: Iterable[tuple[OutgoingMessage, Rendered]]
    ) -> Iterator[tuple[OutgoingMessage, Receipt | DeliveryError]]:
        """One mailer connection for the whole chunk. Over SMTP the message bytes (`build`) go out on the
        mailer's own smtplib connection (host, port, TLS and login as MAILERS configures them)."""
        connection = None
        try:
            for message, rendered in items:
                if not message.address.strip():
                    yield message, DeliveryError("geen e-mailadres", permanent=True)
                    continue
                try:
                    if connection is None:
                        connection = mailers[settings.MESSAGING_MAILER]
                        connection.open()
                    if isinstance(connection, SmtpBackend) and connection.connection is not None:
                        connection.connection.sendmail(
                            self.sender(message)[1], [message.address.strip()], self.build(message, rendered)
                        )
                    else:
                        connection.send_messages([self.build_django(message, rendered)])
                except ValueError as error:
                    # A header with a line break or control character (UnsafeHeader, BadHeaderError): never sent.
                    yield message, DeliveryError(f"onveilige kopregel: {error}", permanent=True)
                    continue
                except smtplib.SMTPRecipientsRefused as error:
                    codes = [code for code, _ in error.recipients.values()]
                    yield (
                        message,
                        DeliveryError(
                            f"SMTP weigert ontvanger: {codes}", permanent=all(c >= 500 for c in codes)
                        ),
                    )
                    continue
                except smtplib.SMTPDataError as error:
                    # The server refused this message after its content (spam, size, user unknown): a 5xx
                    # answer will not change on retry; the connection stays usable for the next message.
                    reply = (
                        error.smtp_error.decode(errors="replace")
                        if isinstance(error.smtp_error, bytes)
                        else error.smtp_error
                    )
                    yield (
                        message,
                        DeliveryError(
                            f"SMTP weigert bericht: {error.smtp_code} {reply}",
                            permanent=error.smtp_code >= 500,
                        ),
                    )
                    continue
                except (smtplib.SMTPException, OSError) as error:
                    connection = _close(connection)
                    yield message, DeliveryError(f"SMTP: {error}", permanent=False)
                    continue
                yield message, Receipt(transport=self.transport, provider_id=message_id(message))
        finally:
            _close(connection)


def _close(connection):
    if connection is not None:
        # Closing a broken connection must not hide the real error.
        with contextlib.suppress(Exception):
            connection.close()
    return None
