"""Small worlds for the daily run: a corporation with one flow, contracts in arrears, the standings fresh."""

import datetime as dt
from decimal import Decimal

from tests.world import build_world, household, pay_entry, unpaid
from vangnet.core.models import Corporation
from vangnet.flows.models import Flow
from vangnet.ledger.models import Contract
from vangnet.ledger.services.standing import refresh_standings

RENT = Decimal("700.00")


def step(
    day: int, name: str, action: str = "message", channels=("email",), template="herinnering", **extra
) -> dict:
    return {
        "name": name,
        "day_offset": day,
        "action": action,
        "channels": list(channels) if action in ("message", "fourteen_day_letter", "add_costs") else [],
        "fallback_channel": "letter",
        "template_code": template if action in ("message", "fourteen_day_letter", "add_costs") else "",
        **extra,
    }


DEFAULT_STEPS = [
    step(5, "Herinnering"),
    step(12, "SMS", channels=("sms",)),
    step(19, "Bellen", action="call_task"),
    step(
        26,
        "Veertiendagenbrief",
        action="fourteen_day_letter",
        channels=("letter",),
        template="veertiendagenbrief",
    ),
    step(45, "Incassokosten", action="add_costs", channels=("email",), template="kosten"),
]


def corporation_with_flow(
    steps=None, *, charge_costs: bool = True, **corporation_kwargs
) -> tuple[Corporation, Flow]:
    world = build_world(flow=steps or DEFAULT_STEPS, charge_costs=charge_costs, **corporation_kwargs)
    assert world.flow is not None
    return world.corporation, world.flow


def in_arrears(
    corporation: Corporation,
    *,
    due: dt.date,
    as_of: dt.date,
    amount: Decimal = RENT,
    tenant_kwargs=None,
    **kwargs,
) -> Contract:
    """A contract with one unpaid rent invoice, its standing computed as of `as_of`."""
    arrears = unpaid(due=due, as_of=as_of, amount=amount)
    return household(corporation, arrears=arrears, tenant=tenant_kwargs, **kwargs).contract


def pay(contract: Contract, amount: Decimal, on: dt.date) -> None:
    pay_entry(contract, amount, on)
    refresh_standings(corporation=contract.corporation, as_of=on, contract_ids=[contract.pk])
