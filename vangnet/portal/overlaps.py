"""What else is going on for one amount, so a tenant who asks for an arrangement, says they already paid
or disputes an item is told beforehand what happens with the other things they asked (three queries).

One amount can be under an arrangement, claimed as paid and disputed at the same time; the portal does not
refuse that, it says what each means for the others (portal/_overlaps.html) and, while an arrangement
request waits for a colleague or for the tenant's answer to a counter-offer, shows that instead of a form.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Sum

from vangnet.arrangements.models import (
    Arrangement,
    ArrangementStatus,
    Installment,
    PaymentClaim,
    PaymentClaimStatus,
    live_arrangements_q,
)
from vangnet.disputes.models import Dispute, DisputeStatus
from vangnet.ledger.models import Contract

ZERO = Decimal("0.00")


@dataclass
class Overlaps:
    arrangement: Arrangement | None = None
    installments: list[Installment] = field(default_factory=list)
    claimed: Decimal = ZERO
    disputes: list[str] = field(default_factory=list)

    @property
    def arrangement_active(self) -> bool:
        return self.arrangement is not None and self.arrangement.status == ArrangementStatus.ACTIVE

    @property
    def counter_offer(self) -> bool:
        return (
            self.arrangement is not None
            and self.arrangement.status == ArrangementStatus.REQUESTED
            and self.arrangement.counter_offered_on is not None
        )

    @property
    def request_pending(self) -> bool:
        return (
            self.arrangement is not None
            and self.arrangement.status == ArrangementStatus.REQUESTED
            and self.arrangement.counter_offered_on is None
        )


def contract_overlaps(*, contract: Contract) -> Overlaps:
    """The contract's running arrangement (with its schedule), open "I already paid" claims and open
    disputes."""
    found = Overlaps()
    found.arrangement = (
        Arrangement.objects.filter(
            live_arrangements_q(),
            corporation_id=contract.corporation_id,
            contract=contract,
            status__in=(ArrangementStatus.REQUESTED, ArrangementStatus.ACTIVE),
        )
        .order_by("-agreed_on", "-pk")
        .first()
    )
    if found.arrangement is not None:
        found.installments = list(found.arrangement.installments.order_by("sequence"))
    found.claimed = (
        PaymentClaim.objects.filter(
            corporation_id=contract.corporation_id, contract=contract, status=PaymentClaimStatus.OPEN
        ).aggregate(total=Sum("amount"))["total"]
        or ZERO
    )
    found.disputes = list(
        Dispute.objects.filter(
            corporation_id=contract.corporation_id, contract=contract, status=DisputeStatus.OPEN
        ).values_list("category__name", flat=True)
    )
    return found
