"""Tenaamstelling in the browser, on a phone and on a desktop, axe on every page: the new co-tenant opens
the link from the invitation, reads the amended contract, is refused with a wrong code, signs with the
code and their name, and the sealed PDF's signature validates with pyHanko's validator."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django_scopes import scope

from tests.browser.conftest import REFUSED_FORM_ERROR
from tests.contracts.conftest import sent_code
from tests.contracts.test_co_tenant import PDF
from tests.contracts.test_letting import signature_status
from tests.factories import ContractFactory, ContractTenantFactory, CorporationFactory, TenantFactory
from vangnet.cases.services import case_types_install_defaults
from vangnet.contracts.services.co_tenant import co_tenant_request
from vangnet.core import clock
from vangnet.portal.hosts import host_memo_clear

pytestmark = pytest.mark.browser


@pytest.fixture
def joining(transactional_db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.CONTRACT_SIGNING_DIR = tmp_path / "signing"
    host_memo_clear()
    corporation = CorporationFactory(slug="woonstad", name="Woonstad", sender_email="info@woonstad.example")
    case_types_install_defaults(corporation=corporation)
    contract = ContractFactory(
        corporation=corporation,
        source_id="HO-9",
        unit__street="Wilgenlaan",
        unit__house_number="4",
        monthly_rent=Decimal("650.00"),
        monthly_service_costs=Decimal("25.00"),
    )
    sara = TenantFactory(corporation=corporation, source_id="REL-91", first_name="Sara", last_name="Kok")
    ContractTenantFactory(corporation=corporation, contract=contract, tenant=sara, role="main")
    with scope(corporation=corporation):
        return co_tenant_request(
            tenant=sara,
            contract=contract,
            reason="partner",
            person_name="Noor Visser",
            birth_date=dt.date(1991, 5, 4),
            email="noor@partner.example",
            documents={"inschrijving": SimpleUploadedFile("brp.pdf", PDF, content_type="application/pdf")},
            as_of=clock.today(),
        )


def test_the_new_co_tenant_signs_the_amended_contract_and_the_seal_validates(browser_page, axe, joining):
    page = browser_page.page
    link = re.search(r"(/portaal/link/\S+/\?naar=tekenen)", mail.outbox[-1].body)
    assert link is not None
    browser_page.goto(link[1])
    page.get_by_role("heading", level=1, name="Medehuurder worden").wait_for()
    assert "Sara Kok vraagt of u medehuurder wordt." in page.inner_text("main")
    axe(page, "amended contract to sign")
    browser_page.assert_no_horizontal_scroll()
    page.get_by_role("button", name="Stuur mij een code").click()
    page.get_by_text("Wij hebben een code gestuurd naar noor@partner.example.").wait_for()
    page.get_by_label("Code uit het bericht").fill("999999" if sent_code() != "999999" else "888888")
    page.get_by_label("Uw volledige naam").fill("Noor Visser")
    page.get_by_label("Ik heb het huurcontract en de huurvoorwaarden gelezen en ga akkoord.").check()
    page.get_by_role("button", name="Huurcontract tekenen").click()
    page.get_by_text("Deze code klopt niet.").first.wait_for()
    axe(page, "wrong code")
    page.get_by_label("Code uit het bericht").fill(sent_code())
    page.get_by_label("Uw volledige naam").fill("Noor Visser")
    page.get_by_label("Ik heb het huurcontract en de huurvoorwaarden gelezen en ga akkoord.").check()
    page.get_by_role("button", name="Huurcontract tekenen").click()
    page.get_by_text("U heeft het huurcontract getekend. Wij laten u weten wat wij besluiten.").wait_for()
    axe(page, "signed")
    browser_page.assert_no_horizontal_scroll()
    response = page.request.get(browser_page.base_url + "/portaal/tenaamstelling/tekenen/contract.pdf")
    assert response.headers["content-type"] == "application/pdf"
    status = signature_status(response.body())
    assert status.intact
    assert status.bottom_line
    assert browser_page.console_errors in ([], [REFUSED_FORM_ERROR])
