"""Contract processes in the browser, on a phone and on a desktop, axe on every page: a ring swap of three
tenants (started by one, the others told on their overview, each confirms, the colleague decides once),
and a candidate who chooses direct debit while signing (a bad IBAN first), the mandate on the staff screen
of lettings."""

import datetime as dt

import pytest
from django_scopes import scope

from tests.browser.conftest import REFUSED_FORM_ERROR
from tests.browser.test_contracts import _portal, letting  # noqa: F401 (letting is a fixture)
from tests.contracts.conftest import sent_code
from tests.factories import ContractFactory, ContractTenantFactory, CorporationFactory, TenantFactory
from tests.world import staff_member
from vangnet.cases.services import case_types_install_defaults
from vangnet.contracts.models import Swap
from vangnet.ledger.models import Contract, PaymentMethod
from vangnet.messaging import links
from vangnet.portal.hosts import host_memo_clear

pytestmark = pytest.mark.browser

HOMES = [
    ("Anna", "Bakker", "Lindelaan", "11", "3511AB"),
    ("Bram", "Visser", "Beukenweg", "12", "3522 CD"),
    ("Cor", "Smit", "Eikstraat", "3", "3533 EF"),
]


@pytest.fixture
def ring(transactional_db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    host_memo_clear()
    corporation = CorporationFactory(slug="woonstad", name="Woonstad", sender_email="info@woonstad.example")
    case_types_install_defaults(corporation=corporation)
    tenants = []
    for n, (first, last, street, number, postcode) in enumerate(HOMES, start=1):
        contract = ContractFactory(
            corporation=corporation,
            source_id=f"HO-{n}",
            start_date=dt.date(2019, 1, 1),
            unit__source_id=f"E-{n}",
            unit__street=street,
            unit__house_number=number,
            unit__postcode=postcode,
        )
        tenant = TenantFactory(
            corporation=corporation, first_name=first, last_name=last, email=f"{last.lower()}@huurder.example"
        )
        ContractTenantFactory(corporation=corporation, contract=contract, tenant=tenant)
        tenants.append(tenant)
    colleague = staff_member(corporation, username="petra", signed_in=False, first_name="Petra")
    return tenants, colleague.user


def _confirm(browser_page, axe, tenant, household: str, moving_to: str) -> None:
    page = browser_page.page
    _portal(browser_page, tenant)
    page.get_by_role("link", name="Woningruil bekijken en bevestigen").click()
    page.get_by_role("heading", level=2, name=f"Ruil naar {moving_to}").wait_for()
    axe(page, f"ring swap to confirm ({tenant.last_name})")
    browser_page.assert_no_horizontal_scroll()
    page.get_by_label("Met hoeveel personen woont u? Tel uzelf mee.").fill(household)
    page.get_by_label("Ik wil ruilen en bevestig deze aanvraag.").check()
    page.get_by_role("button", name="Woningruil bevestigen").click()
    page.get_by_text("U heeft de woningruil bevestigd. Wij beoordelen de aanvraag nu.").wait_for()


def test_three_tenants_complete_a_ring_swap(browser_page, axe, ring):
    (anna, bram, cor), colleague = ring
    page = browser_page.page
    _portal(browser_page, anna)
    browser_page.goto("/portaal/woningruil/")
    page.get_by_role("heading", level=1, name="Van woning ruilen").wait_for()
    axe(page, "ring swap start")
    browser_page.assert_no_horizontal_scroll()
    page.get_by_label("Postcode van de andere woning").fill("3522 CD")
    page.get_by_label("Huisnummer van de andere woning").fill("12")
    page.get_by_label("Achternaam van de huurder van de andere woning").fill("Visser")
    page.get_by_label("Met hoeveel personen woont u? Tel uzelf mee.").fill("2")
    page.get_by_label("Postcode van woning 2").fill("3533 EF")
    page.get_by_label("Huisnummer van woning 2").fill("3")
    page.get_by_role("button", name="Woningruil aanvragen").click()
    page.get_by_text("Vul van woning 2 de postcode, het huisnummer en de achternaam in").first.wait_for()
    axe(page, "ring swap refused")
    page.get_by_label("Achternaam van de huurder van woning 2").fill("Smit")
    page.get_by_role("button", name="Woningruil aanvragen").click()
    page.get_by_text("De andere huurders moeten de ruil nu in hun eigen portaal bevestigen.").wait_for()
    main = " ".join(page.inner_text("main").split())
    assert "Anna Bakker verhuist van Lindelaan 11 naar Beukenweg 12" in main
    assert "Bram Visser verhuist van Beukenweg 12 naar Eikstraat 3" in main
    assert "Cor Smit verhuist van Eikstraat 3 naar Lindelaan 11" in main
    axe(page, "ring swap requested")

    _confirm(browser_page, axe, bram, "3", "Eikstraat 3, Utrecht")
    _confirm(browser_page, axe, cor, "1", "Lindelaan 11, Utrecht")

    with scope(corporation=anna.corporation):
        swap = Swap.objects.get()
    browser_page.login(colleague.username)
    browser_page.goto("/taken/")
    page.get_by_text(f"Woningruil {swap.case.number} wacht op een besluit").first.wait_for()
    browser_page.goto(f"/zaken/woningruil/{swap.pk}/")
    page.get_by_text("Iedereen heeft bevestigd, niemand heeft een huurachterstand").wait_for()
    axe(page, "ring swap to decide")
    browser_page.assert_no_horizontal_scroll()
    page.get_by_role("button", name="Besluit vastleggen").click()
    page.get_by_text(
        "De woningruil is goedgekeurd. Elke huurder krijgt een huurcontract om te tekenen."
    ).wait_for()
    assert page.inner_text("main").count("Wacht op handtekening") == 3
    axe(page, "ring swap approved")

    _portal(browser_page, cor)
    page.get_by_role("link", name="Huurcontract voor Lindelaan 11, Utrecht lezen en tekenen").click()
    page.get_by_role("heading", level=1, name="Uw nieuwe huurcontract").wait_for()
    assert browser_page.console_errors == [REFUSED_FORM_ERROR]


def test_a_candidate_chooses_direct_debit_while_signing(browser_page, axe, letting):  # noqa: F811
    page = browser_page.page
    token = links.portal_token(corporation_id=letting.corporation_id, tenant_id=letting.tenant_id)
    browser_page.goto(f"/portaal/link/{token}/")
    page.get_by_role("link", name="Huurcontract voor Kastanjelaan 7, Utrecht lezen en tekenen").click()
    page.get_by_role("heading", level=1, name="Uw nieuwe huurcontract").wait_for()
    page.get_by_role("button", name="Stuur mij een code").click()
    page.get_by_text("Wij hebben een code gestuurd naar sanne@kandidaat.example.").wait_for()
    page.get_by_label("Automatische incasso: wij schrijven de huur elke maand af").check()
    page.get_by_label("Rekeningnummer (IBAN), alleen bij automatische incasso").fill("NL00 RABO 0123 4567 89")
    page.get_by_label("Naam van de rekeninghouder, alleen bij automatische incasso").fill("S. Jansen")
    page.get_by_label(
        "Op welke dag van de maand schrijven wij af? Alleen bij automatische incasso"
    ).select_option("5")
    page.get_by_label("Code uit het bericht").fill(sent_code())
    page.get_by_label("Uw volledige naam").fill("Sanne Jansen")
    page.get_by_label("Ik heb het huurcontract en de huurvoorwaarden gelezen en ga akkoord.").check()
    page.get_by_role("button", name="Huurcontract tekenen").click()
    page.get_by_text("Dit rekeningnummer (IBAN) klopt niet.").first.wait_for()
    axe(page, "letting with a bad IBAN")
    browser_page.assert_no_horizontal_scroll()
    page.get_by_label("Rekeningnummer (IBAN), alleen bij automatische incasso").fill("NL44 RABO 0123 4567 89")
    page.get_by_label("Code uit het bericht").fill(sent_code())
    page.get_by_label("Uw volledige naam").fill("Sanne Jansen")
    page.get_by_label("Ik heb het huurcontract en de huurvoorwaarden gelezen en ga akkoord.").check()
    page.get_by_role("button", name="Huurcontract tekenen").click()
    page.get_by_text("U betaalt de huur met automatische incasso van rekening NL44RABO0123456789.").wait_for()
    axe(page, "letting signed with direct debit")
    with scope(corporation=letting.corporation):
        assert Contract.objects.get().payment_method == PaymentMethod.DIRECT_DEBIT

    colleague = staff_member(letting.corporation, username="petra", signed_in=False)
    browser_page.login(colleague.user.username)
    browser_page.goto("/zaken/")
    page.get_by_role("link", name="Verhuur", exact=True).first.click()
    page.get_by_role("heading", level=1, name="Verhuur").wait_for()
    axe(page, "lettings")
    browser_page.assert_no_horizontal_scroll()
    page.get_by_role("link", name=letting.reference).click()
    page.get_by_role("heading", level=1, name=f"Verhuur {letting.reference}").wait_for()
    assert "NL44RABO0123456789 (S. Jansen)" in page.inner_text("main")
    axe(page, "letting detail")
    browser_page.assert_no_horizontal_scroll()
    assert browser_page.console_errors == [REFUSED_FORM_ERROR]
