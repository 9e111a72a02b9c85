"""Small worlds for the daily run: a corporation with one flow, contracts in arrears, the standings fresh."""

import datetime as dt
from decimal import Decimal

from tests.factories import CorporationFactory, LedgerEntryFactory, tenant_with_contract
from vangnet.core.models import Corporation
from vangnet.flows.models import CollectionPolicy, Flow, Segment
from vangnet.flows.services import flow_version_create
from vangnet.ledger.models import Contract, EntryKind
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
    corporation = CorporationFactory(**corporation_kwargs)
    CollectionPolicy.objects.create(corporation=corporation, charge_collection_costs=charge_costs)
    flow = Flow.objects.create(
        corporation=corporation, code="test", name="Testtraject", send_time=dt.time(10)
    )
    flow_version_create(flow=flow, steps=steps or DEFAULT_STEPS, note="test", actor="test")
    Segment.objects.create(corporation=corporation, position=1, name="Iedereen", flow=flow)
    return corporation, flow


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
    party = tenant_with_contract(corporation=corporation, tenant_kwargs=tenant_kwargs, **kwargs)
    LedgerEntryFactory(contract=party.contract, booking_date=due, due_date=due, amount=amount)
    refresh_standings(corporation=corporation, as_of=as_of, contract_ids=[party.contract_id])
    return party.contract


def pay(contract: Contract, amount: Decimal, on: dt.date) -> None:
    LedgerEntryFactory(
        contract=contract, kind=EntryKind.PAYMENT, amount=-amount, booking_date=on, due_date=on
    )
    refresh_standings(corporation=contract.corporation, as_of=on, contract_ids=[contract.pk])
