"""Personal links in messages: the payment link, the tenant's signed portal link, and the access code.

The payment link carries only the message's own code; the payments app resolves it to a PaymentRequest for
the contract and the amount the message stated.

The portal link in an e-mail or SMS is signed (django.core.signing, its own salt) and names one tenant of
one corporation; it expires after PORTAL_LINK_MAX_AGE. A letter prints the plain portal address and the
access code instead: paper lives longer than a link should. The access code is an HMAC of the tenant id,
so the portal can verify it without a table; it changes when SECRET_KEY changes.
"""

import base64
import datetime as dt
import hashlib
import hmac
from dataclasses import dataclass
from uuid import UUID

from django.conf import settings
from django.core import signing

PORTAL_LINK_SALT = "vangnet.portal.link"
PORTAL_LINK_MAX_AGE = dt.timedelta(days=30)


@dataclass(frozen=True)
class PortalLinkTarget:
    corporation_id: int
    tenant_id: int


def payment_link(code: UUID | str) -> str:
    return f"{settings.VANGNET_PUBLIC_URL}/betalen/{code}/"


def portal_link() -> str:
    """The portal's address as printed in a letter, next to the access code."""
    return f"{settings.VANGNET_PUBLIC_URL}/portaal/"


def portal_token(*, corporation_id: int, tenant_id: int) -> str:
    # A compact value keeps an SMS short: "4.1187:<timestamp>:<signature>".
    return signing.TimestampSigner(salt=PORTAL_LINK_SALT).sign(f"{corporation_id}.{tenant_id}")


def portal_personal_link(*, corporation_id: int, tenant_id: int) -> str:
    token = portal_token(corporation_id=corporation_id, tenant_id=tenant_id)
    return f"{settings.VANGNET_PUBLIC_URL}/portaal/link/{token}/"


def portal_token_target(
    token: str, *, max_age: dt.timedelta = PORTAL_LINK_MAX_AGE
) -> PortalLinkTarget | None:
    """The tenant a portal token names; None when it is forged, damaged or expired (never says which)."""
    if not token or len(token) > 100:
        return None
    try:
        value = signing.TimestampSigner(salt=PORTAL_LINK_SALT).unsign(token, max_age=max_age)
    except signing.BadSignature:
        return None
    corporation_id, _, tenant_id = value.partition(".")
    if not (corporation_id.isdigit() and tenant_id.isdigit()):
        return None
    return PortalLinkTarget(int(corporation_id), int(tenant_id))


def portal_token_corporation_id(token: str) -> int | None:
    """The corporation of a genuine link, expired or not: its neutral page can show that corporation's
    phone number. None for a forged or damaged token."""
    if not token or len(token) > 100:
        return None
    try:
        value = signing.TimestampSigner(salt=PORTAL_LINK_SALT).unsign(token)
    except signing.BadSignature:
        return None
    corporation_id = value.partition(".")[0]
    return int(corporation_id) if corporation_id.isdigit() else None


def access_code(tenant_id: int) -> str:
    digest = hmac.new(
        settings.SECRET_KEY.encode(), f"portal-access:{tenant_id}".encode(), hashlib.sha256
    ).digest()
    letters = base64.b32encode(digest).decode()[:8]
    return f"{letters[:4]}-{letters[4:]}"


def normalise_access_code(code: str) -> str:
    """'abcd efgh', 'ABCD-EFGH' and 'abcdefgh' are the same code as typed from a letter."""
    letters = "".join(ch for ch in code.upper() if ch.isalnum())
    return f"{letters[:4]}-{letters[4:]}" if len(letters) == 8 else code.strip().upper()


def access_code_valid(tenant_id: int, code: str) -> bool:
    return hmac.compare_digest(access_code(tenant_id), normalise_access_code(code))
