"""A small portfolio for the reports: two wijken, a parking space, a departed tenant, known amounts."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import pytest

from tests.factories import (
    ContractFactory,
    ContractTenantFactory,
    CorporationFactory,
    LedgerEntryFactory,
    UnitFactory,
)
from vangnet.core.clock import today
from vangnet.core.models import Corporation
from vangnet.ledger.models import Contract, EntryKind, UnitKind
from vangnet.ledger.services.standing import refresh_standings
from vangnet.reports.history import history_record


@dataclass
class Portfolio:
    corporation: Corporation
    as_of: dt.date
    contracts: dict[str, Contract]


def invoice(contract: Contract, amount: str, days_ago: int, as_of: dt.date) -> None:
    day = as_of - dt.timedelta(days=days_ago)
    LedgerEntryFactory(contract=contract, amount=Decimal(amount), booking_date=day, due_date=day)


def payment(contract: Contract, amount: str, days_ago: int, as_of: dt.date) -> None:
    day = as_of - dt.timedelta(days=days_ago)
    LedgerEntryFactory(
        contract=contract, kind=EntryKind.PAYMENT, amount=-Decimal(amount), booking_date=day, due_date=day
    )


def build_portfolio(corporation: Corporation | None = None) -> Portfolio:
    corporation = corporation or CorporationFactory()
    as_of = today()
    start = as_of - dt.timedelta(days=400)

    def contract(name: str, wijk: str, rent: str, kind: str = UnitKind.DWELLING, **extra) -> Contract:
        unit = UnitFactory(corporation=corporation, neighbourhood=wijk, kind=kind, municipality="Utrecht")
        made = ContractFactory(
            corporation=corporation,
            unit=unit,
            monthly_rent=Decimal(rent),
            monthly_service_costs=Decimal("0.00"),
            start_date=start,
            **extra,
        )
        ContractTenantFactory(corporation=corporation, contract=made)
        return made

    contracts = {
        # 40 days and 100 days overdue: 500.00 in 31-60, 500.00 in 91-180.
        "late": contract("late", "Lombok", "500.00"),
        # Paid in full.
        "paid": contract("paid", "Lombok", "700.00"),
        # 10 days overdue, partly paid: 250.00 in 1-30.
        "partly": contract("partly", "Oog in Al", "600.00"),
        "parking": contract("parking", "Oog in Al", "80.00", kind=UnitKind.PARKING),
        # Left 60 days ago with 200 days of debt.
        "departed": contract("departed", "Lombok", "400.00", end_date=as_of - dt.timedelta(days=60)),
    }
    invoice(contracts["late"], "500.00", 100, as_of)
    invoice(contracts["late"], "500.00", 40, as_of)
    invoice(contracts["paid"], "700.00", 40, as_of)
    payment(contracts["paid"], "700.00", 38, as_of)
    invoice(contracts["partly"], "600.00", 10, as_of)
    payment(contracts["partly"], "350.00", 5, as_of)
    invoice(contracts["parking"], "80.00", 5, as_of + dt.timedelta(days=10))  # not yet due
    invoice(contracts["departed"], "400.00", 200, as_of)
    refresh_standings(corporation=corporation, as_of=as_of)
    history_record(corporation=corporation, as_of=as_of)
    return Portfolio(corporation, as_of, contracts)


@pytest.fixture
def portfolio(db) -> Portfolio:
    return build_portfolio()
