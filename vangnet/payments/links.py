"""Pay links in outgoing messages: the sink messaging calls for every message that carries a link, and the
sink that supersedes open links when the amount owed changes.

It writes payment requests only, and calls nothing above it (docs/development/architecture.md).
"""

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal

from django.db.models import QuerySet

from vangnet.core import clock
from vangnet.core.audit import log_action
from vangnet.core.models import Corporation, User
from vangnet.core.money import quantize
from vangnet.payments.models import PaymentPurpose, PaymentRequest, PaymentRequestStatus
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


def payment_requests_supersede(
    *,
    corporation: Corporation,
    contract_ids: Sequence[int] | QuerySet,
    why: str,
    actor: User | str | None,
    keep: int | None = None,
) -> int:
    """The open pay links of these contracts no longer ask the right amount: mark them superseded (one UPDATE).

    Called whenever what a tenant owes changes (a payment, an arrangement, a hold). A superseded link still
    opens: it shows what is owed now, or the arrangement's next instalment, never the old total
    (portal/views/pay.py). `keep` spares the link that was just paid or just made.
    """
    links = PaymentRequest.objects.filter(
        corporation=corporation, contract_id__in=contract_ids, status=PaymentRequestStatus.OPEN
    )
    if keep is not None:
        links = links.exclude(pk=keep)
    superseded = links.update(
        status=PaymentRequestStatus.SUPERSEDED, superseded_at=clock.now(), superseded_why=why[:200]
    )
    if superseded:
        log_action(
            corporation=corporation,
            actor=actor,
            action="payment_requests.superseded",
            data={"count": superseded, "why": why[:200]},
        )
    return superseded
