"""From the night's proposal to the agency's feedback: the hand-over pipeline on a world with real history."""

import csv
import datetime as dt
import io
import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command
from openpyxl import load_workbook
from pypdf import PdfReader

from tests.handovers.world import PROPOSAL_DAY, agencies, proposals, proposals_world
from vangnet.core import clock
from vangnet.core.errors import ApplicationError
from vangnet.events.models import OutboundEvent
from vangnet.flows.models import Enrollment, EnrollmentStatus, Hold, HoldKind
from vangnet.handovers.models import HandoverStatus, RecallReason, WkiCheck
from vangnet.handovers.selectors import proposal_checks
from vangnet.handovers.services import handover_recall, handovers_approve, handovers_export
from vangnet.ledger.models import ContractStanding, InvoiceCategory, LedgerEntry

pytestmark = pytest.mark.django_db
APPROVE_DAY = dt.date(2026, 11, 3)


def _pdf_text(path: str) -> str:
    reader = PdfReader(path)
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def test_the_flow_step_proposes_and_the_checks_show_the_letter_and_its_term(
    django_capture_on_commit_callbacks,
):
    corporation, contracts = proposals_world(django_capture_on_commit_callbacks)

    found = proposals(corporation)
    assert [h.contract_id for h in found] == [c.pk for c in contracts]
    assert {h.status for h in found} == {HandoverStatus.PROPOSED}
    checks = proposal_checks(found, as_of=APPROVE_DAY)[found[0].pk]
    by_code = {check.code: check for check in checks}
    assert by_code["letter"].ok
    assert by_code["letter"].detail.startswith("termijn tot ")
    assert by_code["amount"].ok
    assert by_code["amount"].detail == "€ 805,00"  # €700 rent and the €105 costs the letter named


def test_approving_holds_the_flow_books_the_vat_uplift_and_tells_the_erp(django_capture_on_commit_callbacks):
    corporation, contracts = proposals_world(django_capture_on_commit_callbacks, contracts=1)
    bureau, _ = agencies(corporation)

    with clock.moved_to(APPROVE_DAY):
        result = handovers_approve(
            corporation=corporation,
            handovers=proposals(corporation),
            agency=bureau,
            as_of=APPROVE_DAY,
            actor="manager",
        )

    assert result.refused == {}
    handover = result.approved[0]
    handover.refresh_from_db()
    assert handover.status == HandoverStatus.APPROVED
    # Art. 2 lid 3 Besluit BIK: 21% on the €105 costs, only because this agency's VAT cannot be deducted.
    uplift = LedgerEntry.objects.get(source_id=f"vangnet-wik-btw-{handover.pk}")
    assert (uplift.amount, uplift.category) == (Decimal("22.05"), InvoiceCategory.COLLECTION_COSTS)
    assert handover.amount == Decimal("827.05")
    hold = Hold.objects.get(contract=contracts[0], kind=HoldKind.HANDED_OVER, released_on__isnull=True)
    assert hold.get_kind_display() == "Overgedragen"
    assert Enrollment.objects.get(contract=contracts[0]).status == EnrollmentStatus.HELD
    event = OutboundEvent.objects.get(type="handover.approved")
    assert event.payload["handover_id"] == handover.number
    assert event.payload["agency"] == "incasso-noord"


def test_an_agency_without_a_recent_wki_check_is_refused_with_that_reason(django_capture_on_commit_callbacks):
    corporation, _ = proposals_world(django_capture_on_commit_callbacks, contracts=1)
    bureau, _ = agencies(corporation, checked_on=PROPOSAL_DAY - dt.timedelta(days=400))

    with pytest.raises(ApplicationError, match="ouder dan 12 maanden"):
        handovers_approve(
            corporation=corporation,
            handovers=proposals(corporation),
            agency=bureau,
            as_of=APPROVE_DAY,
            actor="m",
        )
    WkiCheck.objects.all().delete()
    with pytest.raises(ApplicationError, match="nog niet gecontroleerd in het register"):
        handovers_approve(
            corporation=corporation,
            handovers=proposals(corporation),
            agency=bureau,
            as_of=APPROVE_DAY,
            actor="m",
        )
    assert {h.status for h in proposals(corporation)} == {HandoverStatus.PROPOSED}


def test_a_proposal_with_an_active_hold_is_not_approved_and_says_why(django_capture_on_commit_callbacks):
    corporation, contracts = proposals_world(django_capture_on_commit_callbacks)
    _, bailiff = agencies(corporation)
    Hold.objects.create(
        corporation=corporation,
        contract=contracts[1],
        kind=HoldKind.MANUAL,
        source_key="manual:x",
        reason="Huurder belt terug",
        starts_on=PROPOSAL_DAY,
    )

    result = handovers_approve(
        corporation=corporation,
        handovers=proposals(corporation),
        agency=bailiff,
        as_of=APPROVE_DAY,
        actor="m",
    )

    assert [h.contract_id for h in result.approved] == [contracts[0].pk]
    assert list(result.refused.values()) == [["Geen wachtcode: Handmatig"]]


def test_export_command_writes_csv_and_the_pdf_with_the_letter_as_proof(
    django_capture_on_commit_callbacks, settings, tmp_path, capsys
):
    settings.HANDOVER_EXPORT_DIR = tmp_path / "out"
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

    call_command("handover_export", "--corporation", corporation.slug, "--as-of", "2026-11-03", "--json")

    payload = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert payload["handovers"] == 2
    assert payload["amount"] == "1632.05"  # 827.05 with the VAT uplift + 805.00 without
    names = sorted(p.rsplit("/", 1)[-1] for p in payload["files"])
    letter_path = next(p for p in payload["files"] if p.endswith("-veertiendagenbrief.pdf"))
    assert "binnen veertien dagen vanaf de dag nadat deze brief bij u is bezorgd" in _pdf_text(letter_path)
    dossier_path = next(p for p in payload["files"] if p.endswith(".pdf") and "veertiendagenbrief" not in p)
    dossier = _pdf_text(dossier_path)
    assert f"Overdrachtsdossier {second.number}" in dossier
    assert "Gerechtsdeurwaarders Midden" in dossier
    assert contracts[1].source_id in dossier
    assert "805.00" in dossier
    assert len(names) == 4  # the bureau: CSV and its items; the bailiff: the dossier PDF and the letter
    csv_path = next(p for p in payload["files"] if p.endswith(".csv") and "posten" not in p)
    rows = list(csv.DictReader(io.StringIO(Path(csv_path).read_text(encoding="utf-8-sig")), delimiter=";"))
    assert rows[0]["overdracht"] == first.number
    assert rows[0]["contract"] == contracts[0].source_id
    assert rows[0]["bedrag"] == "827.05"
    assert rows[0]["incassokosten"] == "127.05"
    assert {h.status for h in proposals(corporation)} == {HandoverStatus.EXPORTED}
    # Exported once: a second run finds nothing new.
    call_command("handover_export", "--corporation", corporation.slug, "--json")
    assert json.loads(capsys.readouterr().out.strip().splitlines()[-1]) == {
        "handovers": 0,
        "files": [],
        "amount": "0.00",
    }


def test_xlsx_uses_the_agencys_columns(django_capture_on_commit_callbacks):
    corporation, contracts = proposals_world(django_capture_on_commit_callbacks, contracts=1)
    bureau, _ = agencies(corporation)
    bureau.export_format, bureau.columns = "xlsx", ["contract_id", "name", "amount"]
    bureau.save()
    handovers_approve(
        corporation=corporation, handovers=proposals(corporation), agency=bureau, as_of=APPROVE_DAY, actor="m"
    )

    result = handovers_export(corporation=corporation, agency=bureau, as_of=APPROVE_DAY, actor="m")

    file = result.exports[0].files.get()
    book = load_workbook(io.BytesIO(bytes(file.content)))
    rows = list(book["Overdrachten"].values)
    assert rows[0] == ("contract", "naam", "bedrag")
    assert rows[1][0] == contracts[0].source_id
    assert rows[1][2] == 827.05
    assert list(book["Posten"].values)[1][5:] == (700, 700)  # the rent item: amount and still open


def test_recall_releases_the_hold_and_the_flow_resumes(django_capture_on_commit_callbacks):
    corporation, contracts = proposals_world(django_capture_on_commit_callbacks, contracts=1)
    _, bailiff = agencies(corporation)
    handover = handovers_approve(
        corporation=corporation,
        handovers=proposals(corporation),
        agency=bailiff,
        as_of=APPROVE_DAY,
        actor="m",
    ).approved[0]

    handover_recall(
        handover=handover,
        reason=RecallReason.ARRANGEMENT,
        note="",
        return_to_flow=True,
        as_of=APPROVE_DAY,
        actor="m",
    )

    handover.refresh_from_db()
    assert handover.status == HandoverStatus.RECALLED
    assert not Hold.objects.filter(
        contract=contracts[0], kind=HoldKind.HANDED_OVER, released_on__isnull=True
    ).exists()
    assert Enrollment.objects.get(contract=contracts[0]).status == EnrollmentStatus.ACTIVE
    event = OutboundEvent.objects.get(type="handover.recalled")
    assert event.payload["reason"] == "arrangement"
    assert ContractStanding.objects.get(contract=contracts[0]).overdue_amount == Decimal("805.00")
