"""Toerekening within one claim: art. 6:44 lid 1 BW.

"Een betaling ter vermindering van een geldschuld wordt in de eerste plaats in mindering gebracht op de kosten,
vervolgens op de verschenen rente en ten slotte op de hoofdsom en de lopende rente." Collection costs (BIK)
count as "kosten" here (HR prejudiciële beslissing, law-and-standards.md §1.1). Which claim a payment goes to
in the first place is art. 6:43 BW and lives with the ledger; this function only splits within one claim.
"""

from decimal import Decimal
from typing import NamedTuple


class Allocation(NamedTuple):
    to_costs: Decimal
    to_interest: Decimal
    to_principal: Decimal
    remainder: Decimal


def allocate_within_claim(
    payment: Decimal, *, costs: Decimal, interest: Decimal, principal: Decimal
) -> Allocation:
    """Split ``payment`` over one claim: costs first, then accrued interest, then principal (art. 6:44 BW).

    ``interest`` is the interest accrued ("verschenen") up to the payment date. Whatever exceeds the claim is
    returned as ``remainder`` for the next claim (art. 6:43 BW) or a refund. The parts always add up to the
    payment. Unpacks as a tuple: ``to_costs, to_interest, to_principal, remainder = allocate_within_claim(...)``.
    """
    for name, value in (
        ("payment", payment),
        ("costs", costs),
        ("interest", interest),
        ("principal", principal),
    ):
        if not isinstance(value, Decimal):
            raise TypeError(f"{name} must be a Decimal")
        if value < 0:
            raise ValueError(f"{name} cannot be negative")
    left = payment
    parts = []
    for owed in (costs, interest, principal):
        part = min(left, owed)
        parts.append(part)
        left -= part
    return Allocation(parts[0], parts[1], parts[2], left)
