"""Contract processes in the browser, on a phone and on a desktop, axe on every page: a candidate from the
allocation system reads the contract, gets the one-time code, signs with their name, and the sealed PDF's
signature validates with pyHanko's validator."""

import pytest
from django_scopes import scope

from tests.contracts.conftest import candidate, new_unit, sent_code
from tests.contracts.test_letting import signature_status
from tests.factories import CorporationFactory
from vangnet.cases.services import case_types_install_defaults
from vangnet.contracts.services.letting import letting_create
from vangnet.core import clock
from vangnet.messaging import links
from vangnet.portal.hosts import host_memo_clear

pytestmark = pytest.mark.browser


@pytest.fixture
def letting(transactional_db):
    host_memo_clear()
    corporation = CorporationFactory(slug="woonstad", name="Woonstad", sender_email="info@woonstad.example")
    case_types_install_defaults(corporation=corporation)
    new_unit(corporation)
    body = candidate()
    with scope(corporation=corporation):
        return letting_create(
            corporation=corporation,
            reference=body["reference"],
            person=body["person"],
            unit_id=body["unit_id"],
            start_date=body["start_date"],
            rent=body["rent"],
            service_costs=body["service_costs"],
            deposit=body["deposit"],
            as_of=clock.today(),
            actor="test",
        )


def test_a_candidate_signs_the_contract_and_the_seal_validates(browser_page, axe, letting):
    page = browser_page.page
    token = links.portal_token(corporation_id=letting.corporation_id, tenant_id=letting.tenant_id)
    browser_page.goto(f"/portaal/link/{token}/")
    page.get_by_role("link", name="Huurcontract voor Kastanjelaan 7, Utrecht lezen en tekenen").click()
    page.get_by_role("heading", level=1, name="Uw nieuwe huurcontract").wait_for()
    axe(page, "contract to sign")
    browser_page.assert_no_horizontal_scroll()
    page.get_by_role("button", name="Stuur mij een code").click()
    page.get_by_text("Wij hebben een code gestuurd naar sanne@kandidaat.example.").wait_for()
    page.get_by_label("Code uit het bericht").fill("999999" if sent_code() != "999999" else "888888")
    page.get_by_label("Uw volledige naam").fill("Sanne Jansen")
    page.get_by_label("Ik heb het huurcontract en de huurvoorwaarden gelezen en ga akkoord.").check()
    page.get_by_role("button", name="Huurcontract tekenen").click()
    page.get_by_text("Deze code klopt niet.").first.wait_for()
    axe(page, "wrong code")
    page.get_by_label("Code uit het bericht").fill(sent_code())
    page.get_by_label("Uw volledige naam").fill("Sanne Jansen")
    page.get_by_label("Ik heb het huurcontract en de huurvoorwaarden gelezen en ga akkoord.").check()
    page.get_by_role("button", name="Huurcontract tekenen").click()
    page.get_by_text("U heeft het huurcontract getekend. Welkom!").wait_for()
    assert "€ 1.123,70" in page.inner_text("main")
    axe(page, "signed")
    browser_page.assert_no_horizontal_scroll()
    response = page.request.get(browser_page.base_url + f"/portaal/huurcontract/{letting.pk}/contract.pdf")
    assert response.headers["content-type"] == "application/pdf"
    status = signature_status(response.body())
    assert status.intact
    assert status.bottom_line
