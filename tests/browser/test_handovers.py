"""A manager approves a batch of hand-over proposals, exports the dossiers (the CSV, XLSX and PDF are read
back), imports an agency's feedback with a payment (the balance and the flow follow) and recalls one."""

import csv
import io
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from tests.factories import PASSWORD, MembershipFactory, UserFactory
from tests.handovers.world import agencies, proposals, proposals_world
from vangnet.core import clock
from vangnet.core.models import Role
from vangnet.flows.models import Enrollment, EnrollmentStatus
from vangnet.handovers.models import Agency, AgencyKind, HandoverStatus, WkiCheck
from vangnet.ledger.models import ContractStanding

pytestmark = pytest.mark.browser


def _download(page, name: str) -> bytes:
    with page.expect_download() as info:
        page.get_by_role("link", name=name).first.click()
    return Path(info.value.path()).read_bytes()


def test_approve_export_feedback_and_recall(browser_page, axe):
    # Commits are real here (the live server reads them), so the after-commit work runs by itself.
    corporation, contracts = proposals_world(None, contracts=4)
    bureau, _ = agencies(corporation, checked_on=clock.today())
    bureau.export_format = "xlsx"
    bureau.save()
    csv_bureau = Agency.objects.create(
        corporation=corporation,
        slug="incasso-zuid",
        name="Incasso Zuid",
        kind=AgencyKind.COLLECTION_AGENCY,
        export_format="csv",
    )
    WkiCheck.objects.create(
        corporation=corporation,
        agency=csv_bureau,
        checked_on=clock.today(),
        checked_by="j",
        register_number="W-9",
        registered=True,
    )
    manager = UserFactory(username="ingrid", first_name="Ingrid")
    MembershipFactory(user=manager, corporation=corporation, role=Role.MANAGER)
    numbers = [h.number for h in proposals(corporation)]
    page = browser_page.page
    browser_page.login("ingrid", PASSWORD)

    # The approval list: the checks per proposal; a batch of two to the CSV bureau.
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Overdrachten").click()
    page.get_by_role("heading", level=1, name="Overdrachten").wait_for()
    assert page.get_by_text("Veertiendagenbrief verstuurd en termijn verstreken").count() == 4
    browser_page.assert_no_horizontal_scroll()
    axe(page, "hand-over approval list")

    def approve(chosen: list[str], agency: str) -> None:
        for number in numbers:
            box = page.get_by_label(f"Kies {number}")
            if box.count():
                box.set_checked(number in chosen)
        page.get_by_label("Overdragen aan").select_option(label=agency)
        page.get_by_role("button", name="Goedkeuren en overdragen").click()

    approve(numbers[:2], "Incasso Zuid (incassobureau)")
    page.get_by_text("2 overdrachten goedgekeurd voor Incasso Zuid.").wait_for()
    approve([numbers[2]], "Incasso Noord B.V. (incassobureau)")
    page.get_by_text("1 overdracht goedgekeurd voor Incasso Noord B.V.").wait_for()
    approve([numbers[3]], "Gerechtsdeurwaarders Midden (gerechtsdeurwaarder)")
    page.get_by_text("1 overdracht goedgekeurd voor Gerechtsdeurwaarders Midden").wait_for()

    # Export, and read back what the agencies receive.
    page.get_by_role("link", name="Leveringen").click()
    page.get_by_role("button", name="Dossiers exporteren").click()
    page.get_by_text("4 dossiers geëxporteerd").wait_for()
    axe(page, "deliveries")
    rows = list(
        csv.DictReader(
            io.StringIO(_download(page, "overdracht-incasso-zuid-").decode("utf-8-sig")), delimiter=";"
        )
    )
    assert [row["contract"] for row in rows] == [contracts[0].source_id, contracts[1].source_id]
    assert rows[0]["bedrag"] == "805.00"
    book = load_workbook(io.BytesIO(_download(page, "overdracht-incasso-noord-")))
    sheet = list(book["Overdrachten"].values)
    assert sheet[1][1] == contracts[2].source_id
    pdf = _download(page, "overdracht-deurwaarders-midden-")
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).split())
    assert f"Overdrachtsdossier {numbers[3]}" in text
    assert contracts[3].source_id in text

    # Feedback with a payment of everything: the balance is zero and the dossier closes.
    page.get_by_role("link", name="Terugkoppeling").click()
    page.get_by_label("Partner").select_option(label="Incasso Zuid")
    feedback = (
        "contract_id;datum;soort;bedrag;kenmerk\n"
        f"{contracts[0].source_id};{clock.today().isoformat()};betaling;805.00;IZ-1\n"
    )
    page.get_by_label("Terugkoppelingsbestand (CSV)").set_input_files(
        {"name": "terug.csv", "mimeType": "text/csv", "buffer": feedback.encode()}
    )
    page.get_by_role("button", name="Bestand inlezen").click()
    page.get_by_text("1 regel verwerkt: 1 betaling geboekt").wait_for()
    axe(page, "feedback")
    assert ContractStanding.objects.get(contract=contracts[0]).balance == Decimal("0.00")
    assert Enrollment.objects.get(contract=contracts[0]).status == EnrollmentStatus.CLOSED

    # Recall the second: back into our own flow.
    page.get_by_role("link", name="Voorstellen en overdrachten").click()
    page.get_by_label("Status").select_option(label="Bij de partner")
    page.get_by_role("button", name="Tonen").click()
    page.get_by_role("link", name=numbers[1]).click()
    axe(page, "hand-over")
    page.get_by_label("Waarom terughalen?").select_option(label="Vergissing")
    page.get_by_label("Terug in ons eigen traject").check()
    page.get_by_role("button", name="Overdracht terughalen").click()
    page.get_by_text("De overdracht is teruggehaald.").wait_for()
    recalled = proposals(corporation)[1]
    assert recalled.status == HandoverStatus.RECALLED
    assert Enrollment.objects.get(contract=contracts[1]).status == EnrollmentStatus.ACTIVE
    assert not browser_page.console_errors
