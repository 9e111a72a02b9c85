"""Calls from disputes into apps further downstream (flows, messaging), kept in one small place.

disputes sits upstream of flows and messaging (DESIGN: ledger ← disputes ← flows ← messaging), so it cannot
import them at module level. A dispute must still hold or resume its contract's flow at once and tell the
tenant: these functions import what they need when they are called.
"""

from datetime import date

from vangnet.core.models import Corporation, User
from vangnet.ledger.models import Contract
from vangnet.tenants.models import Tenant


def holds_follow_disputes(
    *, corporation: Corporation, contract_ids: list[int], as_of: date, actor: User | str | None
) -> None:
    from vangnet.flows.services import holds_sync  # downstream app: imported when needed

    holds_sync(corporation=corporation, contract_ids=contract_ids, as_of=as_of, actor=actor)


def flows_pick_up(
    *, corporation: Corporation, contract_ids: list[int], as_of: date, actor: User | str | None
) -> None:
    """The items are back in the flow: fresh standings, and a flow whose arrears are gone closes now."""
    from vangnet.flows.services import enrollments_reevaluate

    enrollments_reevaluate(corporation=corporation, contract_ids=contract_ids, as_of=as_of, actor=actor)


def awaiting_credit_hold(
    *, contract: Contract, reason: str, as_of: date, review_on: date, actor: User | str | None
) -> int:
    from vangnet.flows.services import hold_create

    return hold_create(
        contract=contract,
        reason=reason,
        starts_on=as_of,
        review_on=review_on,
        ends_on=None,
        owner=None,
        actor=actor,
    ).pk


def tenant_notice(
    *, tenant: Tenant, contract: Contract, template_code: str, as_of: date, actor: User | str | None
) -> int | None:
    """The message's id, or None when no channel reaches the tenant or the template is missing."""
    from vangnet.messaging.notices import notice_send

    message = notice_send(
        tenant=tenant, contract=contract, template_code=template_code, as_of=as_of, actor=actor or "system"
    )
    return message.pk if message is not None else None
