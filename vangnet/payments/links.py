"""Pay links in outgoing messages: the sink messaging calls for every message that carries a link.

It writes payment requests only, and calls nothing above it (docs/development/architecture.md).
"""

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal

from vangnet.core import clock
from vangnet.core.audit import log_action
from vangnet.core.models import Corporation, User
from vangnet.core.money import quantize
from vangnet.payments.models import PaymentPurpose, PaymentRequest
from vangnet.payments.selectors import payment_settings_get


def payment_requests_for_messages(
    *, corporation: Corporation, links: Sequence[tuple[str, int, Decimal]], actor: User | str | None
) -> int:
    """The pay links of outgoing messages: one PaymentRequest per message, its token the message's own code.

    `links` holds (token, contract id, amount). Set-based and idempotent: a request that exists already for
    a token is kept as it is (the link in a message that was sent must keep working). When the link is opened,
    the amount is checked against the balance again (payment_start), so a stale amount never asks too much.
    """
    wanted = [(token, contract_id, quantize(amount)) for token, contract_id, amount in links if amount > 0]
    if not wanted:
        return 0
    days = payment_settings_get(corporation=corporation).default_expiry_days
    expires_at = clock.now() + dt.timedelta(days=days)
    created = PaymentRequest.objects.bulk_create(
        [
            PaymentRequest(
                corporation=corporation,
                contract_id=contract_id,
                amount=amount,
                purpose=PaymentPurpose.OPEN_BALANCE,
                description="Betaallink in bericht",
                token=token,
                expires_at=expires_at,
            )
            for token, contract_id, amount in wanted
        ],
        ignore_conflicts=True,
    )
    log_action(
        corporation=corporation,
        actor=actor,
        action="payment_requests.created_for_messages",
        data={"count": len(created)},
    )
    return len(created)
