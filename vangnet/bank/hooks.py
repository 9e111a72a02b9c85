"""Calls from the bank app into the flows app, which sits downstream of it (DESIGN: bank ← flows).

Money that arrived must stop the dunning at once, and a returned direct debit must get its follow-up at
once; both run after the bank booking has committed, so a failure there can never undo a booking (the
daily run does the same work again as a safety net).
"""

from collections.abc import Collection
from datetime import date

from vangnet.core.models import Corporation, User


def after_bank_booked(
    *, corporation: Corporation, contract_ids: Collection[int], as_of: date, actor: User | str | None
) -> None:
    from vangnet.flows.services import enrollments_reevaluate, reversals_follow_up  # downstream app

    enrollments_reevaluate(
        corporation=corporation, contract_ids=sorted(contract_ids), as_of=as_of, actor=actor
    )
    reversals_follow_up(corporation=corporation, as_of=as_of, actor=actor)
