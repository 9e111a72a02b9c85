"""Personal links in messages: the payment link and the portal link with the tenant's access code.

The payment link carries only the message's own code; the payments app resolves it to a PaymentRequest for
the contract and the amount the message stated. The access code is an HMAC of the tenant id, so the portal
can verify it without a table; it changes when SECRET_KEY changes.
"""

import base64
import hashlib
import hmac
from decimal import Decimal
from typing import TYPE_CHECKING
from uuid import UUID

from django.apps import apps
from django.conf import settings
from django.urls import NoReverseMatch, reverse

if TYPE_CHECKING:
    from vangnet.messaging.models import OutgoingMessage


def payment_link(code: UUID | str) -> str:
    return f"{settings.VANGNET_PUBLIC_URL}/betalen/{code}/"


def portal_link() -> str:
    return f"{settings.VANGNET_PUBLIC_URL}/portaal/"


def access_code(tenant_id: int) -> str:
    digest = hmac.new(
        settings.SECRET_KEY.encode(), f"portal-access:{tenant_id}".encode(), hashlib.sha256
    ).digest()
    letters = base64.b32encode(digest).decode()[:8]
    return f"{letters[:4]}-{letters[4:]}"


def access_code_valid(tenant_id: int, code: str) -> bool:
    return hmac.compare_digest(access_code(tenant_id), code.strip().upper())


def payment_links_create(
    messages: list["OutgoingMessage"], *, amounts: dict[int, Decimal | None], actor: str = "dispatch"
) -> dict[int, str]:
    """Pay links backed by the payments app: one PaymentRequest per message that shows a pay link, made at
    send time (never for a preview). Without the payments app installed, messages keep `payment_link(code)`.

    A message whose contract has nothing open (or whose request is refused) keeps the default link.
    """
    if not apps.is_installed("vangnet.payments"):
        return {}
    from vangnet.core.errors import ApplicationError
    from vangnet.payments.services import payment_request_create  # downstream of ledger, upstream of us

    urls: dict[int, str] = {}
    for message in messages:
        if message.contract is None or not _shows_pay_link(message):
            continue
        try:
            request = payment_request_create(
                corporation=message.corporation,
                contract=message.contract,
                amount=amounts.get(message.pk),
                description=f"{message.template_code} {message.code}"[:100],
                actor=actor,
            )
        except ApplicationError:
            continue
        try:
            path = reverse("portal:pay", kwargs={"token": request.token})
        except NoReverseMatch:
            path = f"/betalen/{request.token}/"
        urls[message.pk] = f"{settings.VANGNET_PUBLIC_URL}{path}"
    return urls


def _shows_pay_link(message: "OutgoingMessage") -> bool:
    template = message.template
    if template is None:
        return False
    text = f"{template.body_text}{template.body_html}"
    return "betaallink" in text or (message.channel == "letter" and "qr_code" in text)
