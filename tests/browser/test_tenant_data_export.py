"""A tenant asks for all their data (AVG art. 15): the credit manager downloads it from the tenant card as
PDF and as JSON."""

import io
import json
from pathlib import Path

import pytest
from pypdf import PdfReader

from vangnet.core.models import AuditEntry

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
    assert AuditEntry.objects.filter(action="tenant.data_exported", tenant_id=world.tenant.pk).count() == 2
    assert browser_page.console_errors == []
