"""A snapshot closes only what came from the ERP: what Vangnet booked itself stays, whatever the ERP lists.

Sending the same snapshot twice changes nothing, with collection costs, statutory interest, a bank payment,
a portal payment and Vangnet's own settlement correction on the ledger in between.
"""

from datetime import date
from decimal import Decimal

import pytest

from vangnet.core.clock import today
from vangnet.core.models import Corporation
from vangnet.ledger.importing.sources import CsvSetSource
from vangnet.ledger.models import Contract, ContractStanding, LedgerEntry
from vangnet.ledger.services.imports import import_erp_data
from vangnet.ledger.services.standing import refresh_standings

from .erp_files import LEDGER, write_delivery

pytestmark = pytest.mark.django_db


@pytest.fixture
def corporation():
    return Corporation.objects.create(slug="ymere", name="Ymere")


def snapshot(corporation, directory):
    return import_erp_data(
        corporation=corporation, source=CsvSetSource([directory]), mode="snapshot", actor="test"
    )


def book_own_entries(corporation) -> None:
    """The ids and signs the costs step, the interest phase, the bank import and the portal use."""
    contract = Contract.objects.get(source_id="H1")
    day = date(2025, 12, 20)
    for source_id, kind, category, amount in (
        ("vangnet-wik-17", "invoice", "collection_costs", "40.00"),
        ("vangnet-rente-5-2025-12", "invoice", "interest", "3.21"),
        ("bank-9f86d081884c7d659a2f", "payment", "", "-100.00"),
        ("vangnet-pay-4", "payment", "", "-25.00"),
    ):
        LedgerEntry.objects.create(
            corporation=corporation,
            contract=contract,
            source_id=source_id,
            kind=kind,
            category=category,
            booking_date=day,
            due_date=day,
            amount=Decimal(amount),
        )
    # As the costs step, the interest phase, the bank import and the portal do after booking.
    refresh_standings(corporation=corporation, as_of=today(), contract_ids=[contract.pk])


def test_the_same_snapshot_twice_changes_nothing_whatever_vangnet_booked_in_between(corporation, tmp_path):
    without_november = [row for row in LEDGER if row["entry_id"] != "B6"]
    delivery = write_delivery(tmp_path / "snapshot", ledger_entries=without_november)
    first = snapshot(corporation, write_delivery(tmp_path / "full"))
    assert first.status == "applied", first.errors
    settled = snapshot(corporation, delivery)
    assert settled.counts["ledger_entries"]["settled"] == 1
    assert LedgerEntry.objects.filter(source_id="vangnet-settled-B6").exists()
    balance = ContractStanding.objects.get(contract__source_id="H1").balance
    book_own_entries(corporation)

    again = snapshot(corporation, delivery)

    assert again.status == "applied", again.errors
    assert again.counts["ledger_entries"]["closed"] == 0
    assert again.counts["ledger_entries"]["settled"] == 0
    own = LedgerEntry.objects.filter(source_id__startswith="vangnet-") | LedgerEntry.objects.filter(
        source_id__startswith="bank-"
    )
    assert own.count() == 5
    assert not own.filter(removed_from_source_at__isnull=False).exists()
    assert not LedgerEntry.objects.filter(
        description="Vereffend volgens ERP", linked_entry__source_id__startswith="vangnet-"
    ).exists()
    # The standing computed from the ledger counts Vangnet's own bookings.
    standing = ContractStanding.objects.get(contract__source_id="H1")
    assert standing.balance == balance + Decimal("40.00") + Decimal("3.21") - Decimal("125.00")


def test_an_erp_entry_the_snapshot_no_longer_lists_is_still_closed(corporation, tmp_path):
    snapshot(corporation, write_delivery(tmp_path / "full"))
    book_own_entries(corporation)
    without_b1 = [row for row in LEDGER if row["entry_id"] != "B6"]
    run = snapshot(corporation, write_delivery(tmp_path / "less", ledger_entries=without_b1))
    assert run.counts["ledger_entries"]["closed"] == 1
    assert LedgerEntry.objects.get(source_id="B6").removed_from_source_at is not None
