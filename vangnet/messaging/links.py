"""Personal links in messages: the payment link and the portal link with the tenant's access code.

The payment link carries only the message's own code; the payments app resolves it to a PaymentRequest for
the contract and the amount the message stated. The access code is an HMAC of the tenant id, so the portal
can verify it without a table; it changes when SECRET_KEY changes.
"""

import base64
import hashlib
import hmac
from uuid import UUID

from django.conf import settings


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
