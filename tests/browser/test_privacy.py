"""Privacy in the back office: a tenant asks for all their data (AVG art. 15) and the credit manager
downloads it from the tenant card as a ZIP, as PDF and as JSON; an administrator sets the retention periods."""

import io
import json
import zipfile
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.world import staff_member
from vangnet.core.models import AuditEntry, RetentionPolicy, Role

pytestmark = pytest.mark.browser


def _download(page, name: str) -> tuple[str, bytes]:
    with page.expect_download() as info:
        page.get_by_role("link", name=name).click()
    return info.value.suggested_filename, Path(info.value.path()).read_bytes()


def test_download_all_data_of_a_tenant_from_the_card(browser_page, axe, world):
    page = browser_page.page
    browser_page.login("petra")
    browser_page.goto(f"/huurders/{world.tenant.pk}/")
    page.get_by_role("heading", level=2, name="Alle gegevens van deze huurder").wait_for()
    axe(page, "tenant card with the data export")
    browser_page.assert_no_horizontal_scroll()

    name, pdf = _download(page, "Download als PDF")
    assert name.startswith(f"gegevens-huurder-{world.tenant.source_id}-") and name.endswith(".pdf")
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "Uw gegevens bij Woonstad Utrecht" in text
    assert "El Amrani" in text and "Bewindvoering Utrecht B.V." in text

    name, content = _download(page, "Download als JSON-bestand")
    data = json.loads(content)
    assert data["tenant"]["last_name"] == "El Amrani"
    assert len(data["ledger"]) == 5
    assert (data["budget_checks"], data["cases"]) == ([], [])

    name, content = _download(
        page, "Download alles als ZIP-bestand (met getekende contracten, documenten en foto's)"
    )
    assert name.endswith(".zip")
    archive = zipfile.ZipFile(io.BytesIO(content))
    assert {"LEESMIJ.txt", "gegevens.pdf", "gegevens.json"} <= set(archive.namelist())
    assert "Uw gegevens bij Woonstad Utrecht" in archive.read("LEESMIJ.txt").decode()
    assert AuditEntry.objects.filter(action="tenant.data_exported", tenant_id=world.tenant.pk).count() == 3
    assert browser_page.console_errors == []


def test_an_administrator_sets_the_retention_periods(browser_page, axe, world):
    admin = staff_member(world.tenant.corporation, username="anouk", role=Role.ADMIN, signed_in=False)
    page = browser_page.page
    browser_page.login(admin.user.username)
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Bewaartermijnen").click()
    page.get_by_role("heading", level=1, name="Bewaartermijnen").wait_for()
    axe(page, "retention periods")
    browser_page.assert_no_horizontal_scroll()

    field = page.get_by_label("contactpogingen en gespreksnotities (dagen)")
    field.fill("0")
    page.get_by_role("button", name="Opslaan").click()
    page.get_by_text("Fout:").first.wait_for()
    axe(page, "retention periods with an error")
    assert not RetentionPolicy.objects.exists()

    page.get_by_label("contactpogingen en gespreksnotities (dagen)").fill("365")
    page.get_by_label("afgehandelde betaalverzoeken met hun betaalpogingen (dagen)").fill("400")
    page.get_by_label("wie overlast meldde, in afgesloten overlastzaken (dagen na afsluiten)").fill("90")
    page.get_by_role("button", name="Opslaan").click()
    page.get_by_text("De bewaartermijnen zijn opgeslagen.").wait_for()
    policy = RetentionPolicy.objects.get()
    assert (policy.contact_notes, policy.payment_requests, policy.handover_exports) == (365, 400, 2557)
    assert (policy.nuisance_reporters, policy.contract_records, policy.service_cases) == (90, 2557, 731)
    # The refused form answered 400, as it should; nothing else went wrong on the pages.
    assert [error for error in browser_page.console_errors if "400 (Bad Request)" not in error] == []
