"""Which items of a contract are still open: the pure version of the allocation in services/standing.py.

Art. 6:43 BW: money the source linked to an item settles that item first; everything else settles the
collection costs, then the statutory interest (art. 6:44 BW), then the oldest due items. A reversal undoes the payment it reverses (and so reopens what that payment
settled). Both versions must agree; tests compare them.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

ZERO = Decimal("0.00")
# Art. 6:44 BW: within a claim, costs are paid first, then interest, then the principal.
CLAIM_RANK = {"collection_costs": 0, "interest": 1}


@dataclass(frozen=True)
class Entry:
    id: int
    kind: str
    amount: Decimal  # signed: positive raises the debt
    due_date: date
    linked_id: int | None = None
    category: str = ""

    @property
    def is_debit(self) -> bool:
        return self.amount > 0 and self.kind != "reversal"


def open_amounts(entries: list[Entry]) -> dict[int, Decimal]:
    """Open amount per debit item (invoices and upward corrections)."""
    by_id = {e.id: e for e in entries}
    reversed_per_credit: dict[int, Decimal] = defaultdict(lambda: ZERO)
    for e in entries:
        if e.kind == "reversal" and e.linked_id is not None:
            reversed_per_credit[e.linked_id] += e.amount
    applied: dict[int, Decimal] = defaultdict(lambda: ZERO)
    for e in entries:
        if e.amount < 0 and e.linked_id is not None:
            applied[e.linked_id] += -e.amount - reversed_per_credit[e.id]
    debits = sorted(
        (e for e in entries if e.is_debit), key=lambda e: (CLAIM_RANK.get(e.category, 2), e.due_date, e.id)
    )
    effective = {e.id: e.amount - min(max(applied[e.id], ZERO), e.amount) for e in debits}
    balance = sum((e.amount for e in by_id.values()), ZERO)
    pool = sum(effective.values(), ZERO) - balance
    result: dict[int, Decimal] = {}
    for e in debits:
        covered = min(max(pool, ZERO), effective[e.id])
        result[e.id] = effective[e.id] - covered
        pool -= covered
    return result
