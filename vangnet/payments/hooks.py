"""Calls from payments into apps further downstream, kept in one small place.

payments sits upstream of flows (DESIGN: ledger ← payments ← flows), so it cannot import flows at module
level. A booked payment must still stop dunning at once: after_payment_booked asks the flows app to look
at the contracts again (it closes enrollments whose overdue balance is gone).
"""

from datetime import date

from vangnet.core.models import Corporation, User


def after_payment_booked(
    *, corporation: Corporation, contract_ids: list[int], as_of: date, actor: User | str | None
) -> None:
    from vangnet.flows.services import enrollments_reevaluate  # downstream app: imported when needed

    enrollments_reevaluate(corporation=corporation, contract_ids=contract_ids, as_of=as_of, actor=actor)
