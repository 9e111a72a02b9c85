"""The cases world with an inspector's agenda (weekdays 9:00-12:00, one hour a slot) and Anna's ledger:
December paid, January's rent and an old repair invoice open (€ 730,50)."""

import datetime as dt
from decimal import Decimal

import pytest

from tests.cases.conftest import World, make_world
from vangnet.appointments.models import ResourceKind
from vangnet.appointments.services import availability_add, resource_create
from vangnet.ledger.models import EntryKind, InvoiceCategory, LedgerEntry

NOTICE_DAY = dt.date(2026, 12, 3)


def ledger(contract) -> None:
    rows = [
        ("r-dec", EntryKind.INVOICE, InvoiceCategory.RENT, dt.date(2026, 12, 1), Decimal("695.50")),
        ("p-dec", EntryKind.PAYMENT, "", dt.date(2026, 12, 1), Decimal("-695.50")),
        ("rep-1", EntryKind.INVOICE, InvoiceCategory.REPAIR, dt.date(2026, 11, 15), Decimal("35.00")),
        ("r-jan", EntryKind.INVOICE, InvoiceCategory.RENT, dt.date(2027, 1, 1), Decimal("695.50")),
    ]
    LedgerEntry.objects.bulk_create(
        LedgerEntry(
            corporation_id=contract.corporation_id,
            contract=contract,
            source_id=source,
            kind=kind,
            category=category,
            booking_date=day,
            due_date=day,
            amount=amount,
        )
        for source, kind, category, day, amount in rows
    )


def make_inspection_world(slug: str = "woonzorg") -> World:
    world = make_world(slug=slug)
    resource = resource_create(
        corporation=world.corporation, name="Opzichter Pieter", kind=ResourceKind.INSPECTOR, actor="test"
    )
    for weekday in range(5):
        availability_add(resource=resource, weekday=weekday, start=dt.time(9), end=dt.time(12), actor="test")
    ledger(world.reporter.contracts.get())
    return world


@pytest.fixture
def iworld(db) -> World:
    return make_inspection_world()
