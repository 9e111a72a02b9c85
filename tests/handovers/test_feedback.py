"""An agency's feedback: payments booked once on the ledger, stages, an eviction date as an urgent task,
closure; a file with any bad row changes nothing and names every error."""

import datetime as dt
import json
from decimal import Decimal

import pytest
from django.core.management import call_command

from tests.handovers.world import agencies, proposals, proposals_world
from vangnet.core import clock
from vangnet.events.models import OutboundEvent
from vangnet.flows.models import Enrollment, EnrollmentStatus, Hold, HoldKind
from vangnet.handovers.models import AgencyPayment, FeedbackImport, FeedbackStatus, Handover, HandoverStatus
from vangnet.handovers.services import handovers_approve, handovers_export
from vangnet.ledger.models import ContractStanding, LedgerEntry
from vangnet.tasks.models import Task, TaskPriority

pytestmark = pytest.mark.django_db
APPROVE_DAY = dt.date(2026, 11, 3)
FEEDBACK_DAY = dt.date(2026, 11, 20)
HEADER = "contract_id;datum;soort;bedrag;kenmerk;stadium;ontruimingsdatum;toelichting\n"


@pytest.fixture
def at_agencies(django_capture_on_commit_callbacks):
    corporation, contracts = proposals_world(django_capture_on_commit_callbacks)
    bureau, bailiff = agencies(corporation)
    first, second = proposals(corporation)
    with clock.moved_to(APPROVE_DAY):
        handovers_approve(
            corporation=corporation, handovers=[first], agency=bureau, as_of=APPROVE_DAY, actor="m"
        )
        handovers_approve(
            corporation=corporation, handovers=[second], agency=bailiff, as_of=APPROVE_DAY, actor="m"
        )
        handovers_export(corporation=corporation, agency=None, as_of=APPROVE_DAY, actor="m")
    return corporation, contracts, bureau, bailiff


def _feedback(tmp_path, corporation, agency, body: str, capsys, capture) -> tuple[int, dict]:
    path = tmp_path / "terugkoppeling.csv"
    path.write_text(HEADER + body, encoding="utf-8")
    code = 0
    with clock.moved_to(FEEDBACK_DAY), capture(execute=True):
        try:
            call_command(
                "handover_feedback",
                str(path),
                "--corporation",
                corporation.slug,
                "--agency",
                agency.slug,
                "--json",
            )
        except SystemExit as exit:
            code = int(exit.code or 0)
    return code, json.loads(capsys.readouterr().out.strip().splitlines()[-1])


def test_a_payment_is_booked_once_and_the_balance_follows(
    at_agencies, tmp_path, capsys, django_capture_on_commit_callbacks
):
    corporation, contracts, bureau, _ = at_agencies
    body = f"{contracts[0].source_id};2026-11-18;betaling;300.00;INO-2026-0042;;;\n"

    code, result = _feedback(tmp_path, corporation, bureau, body, capsys, django_capture_on_commit_callbacks)

    assert code == 0
    assert result == {"rows": 1, "payments_booked": 1, "amount_booked": "300.00", "closed": 0, "errors": []}
    entry = LedgerEntry.objects.get(source_id=f"vangnet-agency-{bureau.pk}-INO-2026-0042")
    assert entry.amount == Decimal("-300.00")
    assert ContractStanding.objects.get(contract=contracts[0]).balance == Decimal("527.05")
    handover = Handover.objects.get(contract=contracts[0])
    assert (handover.collected, handover.first_payment_on) == (Decimal("300.00"), dt.date(2026, 11, 18))
    assert (
        OutboundEvent.objects.get(type="handover.payment_booked").payload["ledger_entry_id"]
        == entry.source_id
    )
    # The same file again: nothing booked twice.
    code, again = _feedback(tmp_path, corporation, bureau, body, capsys, django_capture_on_commit_callbacks)
    assert (code, again["payments_booked"], again["amount_booked"]) == (0, 0, "0.00")
    assert AgencyPayment.objects.count() == 1


def test_paid_in_full_and_closed_the_dossier_closes(
    at_agencies, tmp_path, capsys, django_capture_on_commit_callbacks
):
    corporation, contracts, bureau, _ = at_agencies
    contract_id = contracts[0].source_id
    body = (
        f"{contract_id};2026-11-18;betaling;827.05;INO-1;;;\n"
        f"{contract_id};2026-11-18;kosten;40.00;;;;Kosten aanmaning bureau\n"
        f"{contract_id};2026-11-19;afgesloten;;;;;Volledig betaald\n"
    )

    code, result = _feedback(tmp_path, corporation, bureau, body, capsys, django_capture_on_commit_callbacks)

    assert (code, result["payments_booked"], result["closed"]) == (0, 1, 1)
    handover = Handover.objects.get(contract=contracts[0])
    assert (handover.status, handover.agency_costs) == (HandoverStatus.CLOSED, Decimal("40.00"))
    assert ContractStanding.objects.get(contract=contracts[0]).balance == Decimal("0.00")
    assert Enrollment.objects.get(contract=contracts[0]).status == EnrollmentStatus.CLOSED
    assert not Hold.objects.filter(
        contract=contracts[0], kind=HoldKind.HANDED_OVER, released_on__isnull=True
    ).exists()
    assert OutboundEvent.objects.get(type="handover.closed").payload["status"] == "closed"


def test_an_eviction_date_from_the_bailiff_is_an_urgent_task(
    at_agencies, tmp_path, capsys, django_capture_on_commit_callbacks
):
    corporation, contracts, _, bailiff = at_agencies
    body = f"{contracts[1].source_id};2026-11-19;stadium;;;ontruiming;2026-12-15;\n"

    code, _ = _feedback(tmp_path, corporation, bailiff, body, capsys, django_capture_on_commit_callbacks)

    assert code == 0
    handover = Handover.objects.get(contract=contracts[1])
    assert (handover.stage, handover.eviction_on) == ("ontruiming", dt.date(2026, 12, 15))
    task = Task.objects.get(contract=contracts[1], priority=TaskPriority.URGENT)
    assert task.title.startswith("Ontruiming op 15-12-2026: bied nog één keer hulp aan")


def test_a_rejected_file_changes_nothing_and_names_every_error(
    at_agencies, tmp_path, capsys, django_capture_on_commit_callbacks
):
    corporation, contracts, bureau, _ = at_agencies
    entries_before = LedgerEntry.objects.count()
    handover_before = Handover.objects.values().get(contract=contracts[0])
    body = (
        f"{contracts[0].source_id};2026-11-18;betaling;300.00;INO-7;;;\n"  # good, but the file is rejected
        f"{contracts[0].source_id};2026-11-18;betaling;12,50;INO-8;;;\n"
        f"{contracts[1].source_id};2026-11-18;betaling;10.00;INO-9;;;\n"  # the bailiff's, not this bureau's
        f"{contracts[0].source_id};2027-13-01;stadium;;;dagvaarding;;\n"
        f"{contracts[0].source_id};2026-11-18;stadium;;;ontruiming;;\n"
        f"{contracts[0].source_id};2026-11-18;vonnis;;;;;\n"
    )

    code, result = _feedback(tmp_path, corporation, bureau, body, capsys, django_capture_on_commit_callbacks)

    assert code == 1
    assert [(e["row"], e["field"]) for e in result["errors"]] == [
        (3, "bedrag"),
        (4, "contract_id"),
        (5, "datum"),
        (6, "ontruimingsdatum"),
        (7, "soort"),
    ]
    assert result["errors"][0]["reason_nl"] == "een bedrag boven 0 met een punt, zoals 125.50"
    assert (result["payments_booked"], result["amount_booked"]) == (0, "0.00")
    assert LedgerEntry.objects.count() == entries_before
    assert Handover.objects.values().get(contract=contracts[0]) == handover_before
    assert not AgencyPayment.objects.exists()
    assert not Task.objects.filter(priority=TaskPriority.URGENT).exists()
    assert not OutboundEvent.objects.filter(
        type__in=["handover.payment_booked", "handover.stage_changed"]
    ).exists()
    record = FeedbackImport.objects.get()
    assert (record.status, len(record.errors)) == (FeedbackStatus.REJECTED, 5)


def test_a_file_without_the_required_columns_is_rejected(
    at_agencies, tmp_path, capsys, django_capture_on_commit_callbacks
):
    corporation, _, bureau, _ = at_agencies
    path = tmp_path / "fout.csv"
    path.write_text("contract;bedrag\nX;1.00\n", encoding="utf-8")
    with pytest.raises(SystemExit, match="1"):
        call_command(
            "handover_feedback",
            str(path),
            "--corporation",
            corporation.slug,
            "--agency",
            bureau.slug,
            "--json",
        )
    result = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert [e["reason_en"] for e in result["errors"]] == [
        "column 'contract_id' is missing",
        "column 'datum' is missing",
        "column 'soort' is missing",
        "unknown column 'contract'",
    ]
