"""Termination end to end through the services: notice with the pre-inspection booked, a refused notice
that leaves nothing behind, the defects, and the final settlement matching a hand-computed example."""

import datetime as dt
from decimal import Decimal

import pytest
from pypdf import PdfReader

from tests.inspections.conftest import NOTICE_DAY
from vangnet.appointments.models import Booking, BookingStatus
from vangnet.appointments.selectors import inspector, resource_slots
from vangnet.cases.models import Case, CaseEntry, EntryKind
from vangnet.core import clock
from vangnet.core.errors import ApplicationError
from vangnet.events.models import OutboundEvent
from vangnet.inspections.models import Inspection, InspectionKind, Termination
from vangnet.inspections.services import (
    defect_add,
    end_inspection_complete,
    inspection_reschedule,
    pre_inspection_complete,
    termination_give_notice,
)
from vangnet.ledger.models import Contract, ContractStanding


def _slots(world):
    resource = inspector(corporation=world.corporation)
    return resource_slots(resource=resource, first_day=clock.today(), now=clock.now())


def _notice(world, *, end_date=dt.date(2027, 1, 29), slot=None):
    contract = world.reporter.contracts.get()
    return termination_give_notice(
        tenant=world.reporter,
        contract=contract,
        end_date=end_date,
        reason="other_home",
        forwarding_address="Dorpsstraat 1\n1234 AB Ergens",
        co_tenant_consent=False,
        slot=slot or _slots(world)[0],
        as_of=clock.today(),
        actor="portal",
    )


def test_a_notice_before_the_earliest_day_is_refused_and_leaves_nothing(iworld):
    with (
        clock.moved_to(NOTICE_DAY),
        pytest.raises(ApplicationError, match="op zijn vroegst eindigen op 04-01-2027"),
    ):
        _notice(iworld, end_date=dt.date(2027, 1, 2))
    assert Case.objects.count() == 0
    assert Booking.objects.count() == 0
    assert Termination.objects.count() == 0


def test_two_tenants_cannot_book_the_same_slot_and_a_reschedule_frees_the_old_one(iworld):
    with clock.moved_to(NOTICE_DAY):
        first = _slots(iworld)[0]
        termination = _notice(iworld, slot=first)
        assert first not in _slots(iworld)
        pre = Inspection.objects.get(case=termination.case)
        later = _slots(iworld)[3]
        inspection_reschedule(inspection=pre, start=later, actor="portal")
        assert first in _slots(iworld)
        assert Booking.objects.filter(status=BookingStatus.BOOKED).get().start == later
        with pytest.raises(ApplicationError, match="net door iemand anders gekozen"):
            inspection_reschedule(inspection=pre, start=later, actor="portal")
    texts = list(CaseEntry.objects.filter(case=termination.case).values_list("text", flat=True))
    assert any(text.startswith("Afspraak verzet naar") for text in texts)


def test_the_final_settlement_matches_the_hand_computed_example(iworld, settings, tmp_path):
    with clock.moved_to(NOTICE_DAY):
        termination = _notice(iworld)
        pre = Inspection.objects.get(case=termination.case, kind=InspectionKind.PRE)
        defect_add(
            inspection=pre,
            room="Woonkamer",
            description="Gat in de muur",
            payer="tenant",
            cost=Decimal("125.00"),
            actor="opzichter",
        )
        pre_inspection_complete(inspection=pre, notes="", as_of=clock.today(), actor="opzichter")
    with clock.moved_to(dt.date(2027, 2, 1)):
        end = Inspection.objects.get(case=termination.case, kind=InspectionKind.END)
        defect_add(
            inspection=end,
            room="Woonkamer",
            description="Gat in de muur",
            payer="tenant",
            cost=Decimal("125.00"),
            actor="opzichter",
        )
        defect_add(
            inspection=end,
            room="Keuken",
            description="Kastdeur hangt scheef",
            payer="corporation",
            cost=Decimal("80.00"),
            actor="opzichter",
        )
        end_inspection_complete(
            inspection=end, notes="", deposit=Decimal("300.00"), as_of=clock.today(), actor="opzichter"
        )
    termination.refresh_from_db()
    # By hand: open 695,50 (January) + 35,00 (old repair) = 730,50; January's rent credited -695,50;
    # rent to 29 January: 695,50 x 29 / 31 = 650,629... = 650,63; the hole in the wall 125,00;
    # the deposit -300,00. Total 730,50 - 695,50 + 650,63 + 125,00 - 300,00 = 510,63.
    assert [(line["code"], line["amount"]) for line in termination.settlement] == [
        ("open", "730.50"),
        ("invoiced", "-695.50"),
        ("rent", "650.63"),
        ("repair", "125.00"),
        ("deposit", "-300.00"),
    ]
    assert termination.balance == Decimal("510.63")
    contract = Contract.objects.get(pk=termination.contract_id)
    assert contract.end_date == dt.date(2027, 1, 29)
    assert ContractStanding.objects.get(contract=contract).balance == Decimal("510.63")
    letter = CaseEntry.objects.get(case=termination.case, kind=EntryKind.DOCUMENT)
    text = "".join(page.extract_text() for page in PdfReader(letter.file.open("rb")).pages)
    assert "U moet nog betalen" in text
    assert "€ 510,63" in text
    assert "Dorpsstraat 1" in text
    assert "€ 510,63" in letter.text
    event = OutboundEvent.objects.get(type="contract.final_settlement")
    assert event.payload["total"] == "510.63"
    assert Case.objects.get().stage == "afgerekend"
