"""The contractor's personal link to one work order: signed (django.core.signing, its own salt), no account.

The token names one work order of one corporation and expires after WORK_ORDER_LINK_MAX_AGE; a forged,
damaged or expired token gives None (never which of the three), like the tenant's portal link.
"""

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.core import signing

WORK_ORDER_LINK_SALT = "vangnet.cases.work_order"
WORK_ORDER_LINK_MAX_AGE = dt.timedelta(days=90)


@dataclass(frozen=True)
class WorkOrderTarget:
    corporation_id: int
    work_order_id: int


def work_order_token(*, corporation_id: int, work_order_id: int) -> str:
    return signing.TimestampSigner(salt=WORK_ORDER_LINK_SALT).sign(f"{corporation_id}.{work_order_id}")


def work_order_link(*, corporation_id: int, work_order_id: int) -> str:
    token = work_order_token(corporation_id=corporation_id, work_order_id=work_order_id)
    return f"{settings.VANGNET_PUBLIC_URL}/vakman/{token}/"


def work_order_token_target(
    token: str, *, max_age: dt.timedelta = WORK_ORDER_LINK_MAX_AGE
) -> WorkOrderTarget | None:
    if not token or len(token) > 100:
        return None
    try:
        value = signing.TimestampSigner(salt=WORK_ORDER_LINK_SALT).unsign(token, max_age=max_age)
    except signing.BadSignature:
        return None
    corporation_id, _, work_order_id = value.partition(".")
    if not (corporation_id.isdigit() and work_order_id.isdigit()):
        return None
    return WorkOrderTarget(int(corporation_id), int(work_order_id))
