"""A tenant comes in from a letter (code + address) or a message (signed link), on a phone and on a
desktop; a wrong link shows the neutral page; changing contact details asks the second check. axe on
every page."""

import datetime as dt

import pytest

from tests.portal.conftest import make_corporation, make_household
from vangnet.messaging import links
from vangnet.portal.hosts import host_memo_clear

pytestmark = pytest.mark.browser


@pytest.fixture
def household(transactional_db):
    host_memo_clear()
    corporation = make_corporation("Woonstad Utrecht", "woonstad", "030-1234567")
    return make_household(
        corporation, postcode="3511 AB", house_number="12", first_name="Fatima", last_name="El Amrani",
        birth_date=dt.date(1980, 12, 31),
    )  # fmt: skip


def test_log_in_with_the_letter_code_and_change_contact_details(browser_page, axe, household):
    page = browser_page.page
    browser_page.goto("/portaal/")
    page.get_by_role("heading", level=1, name="Inloggen op het huurdersportaal").wait_for()
    axe(page, "code login")
    browser_page.assert_no_horizontal_scroll()

    page.get_by_label("Uw persoonlijke code").fill("AAAA-BBBB")
    page.get_by_label("Postcode").fill("3511 AB")
    page.get_by_label("Huisnummer").fill("12")
    page.get_by_role("button", name="Inloggen").click()
    page.get_by_text("Wij konden u niet aanmelden").wait_for()
    axe(page, "refused code")

    page.get_by_label("Uw persoonlijke code").fill(links.access_code(household.tenant.pk))
    page.get_by_role("button", name="Inloggen").click()
    page.get_by_role("heading", level=1, name="Welkom, Fatima El Amrani").wait_for()
    axe(page, "overview")
    browser_page.assert_no_horizontal_scroll()

    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Mijn gegevens").click()
    page.get_by_role("heading", level=1, name="Mijn gegevens").wait_for()
    axe(page, "contact details")
    page.get_by_label("E-mailadres").fill("geen-adres")
    page.get_by_role("button", name="Opslaan").click()
    page.get_by_text("Dit e-mailadres klopt niet").wait_for()
    axe(page, "contact details with an error")
    page.get_by_label("E-mailadres").fill("fatima@example.nl")
    page.get_by_label("Mobiel nummer").fill("06 1122 3344")
    page.get_by_role("button", name="Opslaan").click()
    page.get_by_text("Uw gegevens zijn aangepast").wait_for()
    household.tenant.refresh_from_db()
    assert household.tenant.email == "fatima@example.nl"

    page.get_by_role("button", name="Uitloggen").click()
    page.get_by_role("heading", level=1, name="U bent uitgelogd").wait_for()
    axe(page, "logged out")
    assert [e for e in browser_page.console_errors if "400" not in e] == []


def test_a_signed_link_then_the_second_check(browser_page, axe, household):
    page = browser_page.page
    browser_page.goto("/portaal/link/dit-is-geen-link/")
    page.get_by_role("heading", level=1, name="Deze link werkt niet (meer)").wait_for()
    assert "Fatima" not in page.inner_text("body")
    axe(page, "neutral page")
    browser_page.assert_no_horizontal_scroll()

    token = links.portal_token(corporation_id=household.corporation.pk, tenant_id=household.tenant.pk)
    browser_page.goto(f"/portaal/link/{token}/")
    page.get_by_role("heading", level=1, name="Welkom, Fatima El Amrani").wait_for()
    page.get_by_role("link", name="Uw e-mailadres of telefoonnummer aanpassen").click()
    page.get_by_role("heading", level=1, name="Even controleren dat u het bent").wait_for()
    axe(page, "second check")
    browser_page.assert_no_horizontal_scroll()
    page.get_by_label("Uw geboortedatum").fill("31-12-1980")
    page.get_by_role("button", name="Verder").click()
    page.get_by_role("heading", level=1, name="Mijn gegevens").wait_for()

    page.get_by_role("button", name="English").click()
    page.get_by_role("button", name="Nederlands").wait_for()
    assert page.get_attribute("html", "lang") == "en"
    axe(page, "contact details in English")
    assert [e for e in browser_page.console_errors if "404" not in e] == []
