"""Contract processes in the browser, on a phone and on a desktop, axe on every page: a candidate from the
allocation system reads the contract, gets the one-time code, signs with their name, and the sealed PDF's
signature validates with pyHanko's validator; a tenant switches to direct debit (a bad IBAN first) and the
next pain.008 collects the rent."""

import datetime as dt
from decimal import Decimal

import pytest
from django_scopes import scope
from lxml import etree

from tests.browser.conftest import REFUSED_FORM_ERROR
from tests.contracts.conftest import candidate, new_unit, sent_code
from tests.contracts.test_co_tenant import PDF
from tests.contracts.test_letting import signature_status
from tests.contracts.test_payment_method import NS
from tests.factories import (
    ContractFactory,
    ContractTenantFactory,
    CorporationFactory,
    LedgerEntryFactory,
    TenantFactory,
)
from tests.world import staff_member
from vangnet.cases.services import case_types_install_defaults
from vangnet.contracts.models import CoTenantChange, Swap
from vangnet.contracts.services.letting import letting_create
from vangnet.core import clock
from vangnet.ledger.models import PaymentMethod
from vangnet.messaging import links
from vangnet.payments.direct_debit import direct_debit_export, direct_debit_items_due
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


@pytest.fixture
def debit_household(transactional_db):
    host_memo_clear()
    corporation = CorporationFactory(
        slug="woonstad",
        name="Woonstad",
        sender_email="info@woonstad.example",
        iban="NL91ABNA0417164300",
        bic="ABNANL2A",
        creditor_id="NL40ZZZ878787780000",
    )
    contract = ContractFactory(
        corporation=corporation,
        source_id="HO-77",
        payment_method=PaymentMethod.TRANSFER,
        monthly_rent="650.00",
        monthly_service_costs="25.00",
    )
    tenant = TenantFactory(
        corporation=corporation, first_name="Eva", last_name="Ünal", email="eva@huurder.example"
    )
    ContractTenantFactory(corporation=corporation, contract=contract, tenant=tenant)
    LedgerEntryFactory(contract=contract, amount=Decimal("675.00"))
    return contract, tenant


def test_a_tenant_switches_to_direct_debit_and_the_next_pain008_collects_it(
    browser_page, axe, debit_household
):
    contract, tenant = debit_household
    page = browser_page.page
    token = links.portal_token(corporation_id=tenant.corporation_id, tenant_id=tenant.pk)
    browser_page.goto(f"/portaal/link/{token}/")
    page.get_by_role("heading", level=1).first.wait_for()
    browser_page.goto(f"/portaal/contract/{contract.pk}/betaalwijze/")
    page.get_by_role("heading", level=1, name="Betaalwijze wijzigen").wait_for()
    axe(page, "payment method")
    browser_page.assert_no_horizontal_scroll()
    page.get_by_role("button", name="Stuur mij een code").click()
    page.get_by_text("Wij hebben een code gestuurd naar eva@huurder.example.").wait_for()
    page.get_by_label("Automatische incasso: wij schrijven de huur elke maand af").check()
    page.get_by_label("Rekeningnummer (IBAN)").fill("NL44 RABO 0123 4567 80")
    page.get_by_label("Naam van de rekeninghouder").fill("E. Ünal")
    page.get_by_label("Op welke dag van de maand schrijven wij af?").select_option("5")
    page.get_by_label("Code uit het bericht").fill(sent_code())
    page.get_by_label("Uw volledige naam").fill("Eva Ünal")
    page.get_by_role("button", name="Betaalwijze wijzigen").click()
    page.get_by_text("Dit rekeningnummer (IBAN) klopt niet.").first.wait_for()
    axe(page, "bad IBAN")
    page.get_by_label("Rekeningnummer (IBAN)").fill("NL44 RABO 0123 4567 89")
    page.get_by_label("Code uit het bericht").fill(sent_code())
    page.get_by_role("button", name="Betaalwijze wijzigen").click()
    page.get_by_text("Uw betaalwijze is aangepast. Dank u wel.").wait_for()
    axe(page, "overview after the change")

    today = clock.today()
    collection = dt.date(today.year + (today.month == 12), today.month % 12 + 1, 5)
    with scope(corporation=contract.corporation):
        items = direct_debit_items_due(corporation=contract.corporation, collection_date=collection)
        _record, data = direct_debit_export(
            corporation=contract.corporation, collection_date=collection, items=items, actor="test"
        )
    (line,) = etree.fromstring(data).findall(".//p:DrctDbtTxInf", NS)
    assert line.findtext(".//p:InstdAmt", namespaces=NS) == "675.00"
    assert line.findtext(".//p:DbtrAcct/p:Id/p:IBAN", namespaces=NS) == "NL44RABO0123456789"


@pytest.fixture
def swap_pair(transactional_db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    host_memo_clear()
    corporation = CorporationFactory(slug="woonstad", name="Woonstad", sender_email="info@woonstad.example")
    case_types_install_defaults(corporation=corporation)
    homes = []
    for n, (street, postcode, last_name) in enumerate(
        [("Lindelaan", "3511AB", "Bakker"), ("Beukenweg", "3522 CD", "Visser")], start=1
    ):
        contract = ContractFactory(
            corporation=corporation,
            source_id=f"HO-{n}",
            start_date=dt.date(2019, 1, 1),
            unit__street=street,
            unit__house_number=str(10 + n),
            unit__postcode=postcode,
        )
        tenant = TenantFactory(
            corporation=corporation,
            first_name="Anna" if n == 1 else "Bram",
            last_name=last_name,
            email=f"{last_name.lower()}@huurder.example",
        )
        ContractTenantFactory(corporation=corporation, contract=contract, tenant=tenant)
        homes.append(tenant)
    colleague = staff_member(corporation, username="petra", signed_in=False, first_name="Petra")
    return homes[0], homes[1], colleague.user


def _portal(browser_page, tenant) -> None:
    token = links.portal_token(corporation_id=tenant.corporation_id, tenant_id=tenant.pk)
    browser_page.goto(f"/portaal/link/{token}/")
    browser_page.page.get_by_role("heading", level=1).first.wait_for()


def test_two_tenants_complete_a_swap(browser_page, axe, swap_pair):
    anna, bram, colleague = swap_pair
    page = browser_page.page
    _portal(browser_page, anna)
    browser_page.goto("/portaal/melden/")
    page.get_by_role("link", name="Van woning ruilen").click()
    page.get_by_role("heading", level=1, name="Van woning ruilen").wait_for()
    axe(page, "swap start")
    browser_page.assert_no_horizontal_scroll()
    page.get_by_label("Postcode van de andere woning").fill("3522 CD")
    page.get_by_label("Huisnummer van de andere woning").fill("12")
    page.get_by_label("Achternaam van de huurder van de andere woning").fill("Jansen")
    page.get_by_label("Met hoeveel personen woont u? Tel uzelf mee.").fill("2")
    page.get_by_role("button", name="Woningruil aanvragen").click()
    page.get_by_text("Wij vinden geen huurder met deze achternaam op dit adres.").wait_for()
    axe(page, "swap refused")
    page.get_by_label("Achternaam van de huurder van de andere woning").fill("Visser")
    page.get_by_role("button", name="Woningruil aanvragen").click()
    page.get_by_text("De andere huurder moet de ruil nu in het eigen portaal bevestigen.").wait_for()
    assert "Anna Bakker verhuist van Lindelaan 11 naar Beukenweg 12" in page.inner_text("main")
    axe(page, "swap requested")

    with scope(corporation=anna.corporation):
        swap = Swap.objects.get()
    browser_page.login(colleague.username)
    browser_page.goto(f"/zaken/{swap.case_id}/")
    page.get_by_role("link", name="Woningruil beoordelen").click()
    page.get_by_role("heading", level=1, name=f"Woningruil {swap.case.number}").wait_for()
    assert "Bram Visser heeft de ruil nog niet bevestigd." in page.inner_text("main")
    axe(page, "swap not yet confirmed")
    browser_page.assert_no_horizontal_scroll()
    page.get_by_label("Goedkeuren: elke huurder krijgt een huurcontract van de nieuwe woning").check()
    page.get_by_role("button", name="Besluit vastleggen").click()
    page.locator(".message--error").get_by_text("Bram Visser heeft de ruil nog niet bevestigd.").wait_for()
    with scope(corporation=anna.corporation):
        assert Swap.objects.get().status == "open"

    _portal(browser_page, bram)
    browser_page.goto("/portaal/woningruil/")
    page.get_by_role("heading", level=2, name="Ruil naar Lindelaan 11, Utrecht").wait_for()
    axe(page, "swap to confirm")
    browser_page.assert_no_horizontal_scroll()
    page.get_by_label("Met hoeveel personen woont u? Tel uzelf mee.").fill("3")
    page.get_by_label("Ik wil ruilen en bevestig deze aanvraag.").check()
    page.get_by_role("button", name="Woningruil bevestigen").click()
    page.get_by_text("U heeft de woningruil bevestigd. Wij beoordelen de aanvraag nu.").wait_for()
    axe(page, "swap confirmed")

    # Still signed in as the colleague in this browser.
    browser_page.goto(f"/zaken/woningruil/{swap.pk}/")
    page.get_by_text("Iedereen heeft bevestigd, niemand heeft een huurachterstand").wait_for()
    page.get_by_role("button", name="Besluit vastleggen").click()
    page.get_by_text(
        "De woningruil is goedgekeurd. Elke huurder krijgt een huurcontract om te tekenen."
    ).wait_for()
    axe(page, "swap approved")

    _portal(browser_page, bram)
    page.get_by_role("link", name="Huurcontract voor Lindelaan 11, Utrecht lezen en tekenen").click()
    page.get_by_role("heading", level=1, name="Uw nieuwe huurcontract").wait_for()
    axe(page, "swap contract to sign")
    assert browser_page.console_errors == [REFUSED_FORM_ERROR]


@pytest.fixture
def couple(transactional_db, settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"
    host_memo_clear()
    corporation = CorporationFactory(slug="woonstad", name="Woonstad", sender_email="info@woonstad.example")
    case_types_install_defaults(corporation=corporation)
    contract = ContractFactory(
        corporation=corporation, source_id="HO-9", unit__street="Wilgenlaan", unit__house_number="4"
    )
    sara = TenantFactory(corporation=corporation, source_id="REL-91", first_name="Sara", last_name="Kok")
    tom = TenantFactory(corporation=corporation, source_id="REL-92", first_name="Tom", last_name="Kok")
    ContractTenantFactory(corporation=corporation, contract=contract, tenant=sara, role="main")
    ContractTenantFactory(corporation=corporation, contract=contract, tenant=tom, role="co")
    colleague = staff_member(corporation, username="petra", signed_in=False, first_name="Petra")
    return sara, tom, colleague.user


def test_a_subscription_is_taken_and_a_co_tenant_removed_with_consent(browser_page, axe, couple, tmp_path):
    sara, tom, colleague = couple
    page = browser_page.page
    _portal(browser_page, sara)
    browser_page.goto("/portaal/melden/")
    page.get_by_role("link", name="Serviceabonnement nemen, wijzigen of stoppen").click()
    page.get_by_role("heading", level=1, name="Serviceabonnement").wait_for()
    axe(page, "subscription")
    browser_page.assert_no_horizontal_scroll()
    page.get_by_label("Plus: € 7,95 per maand.", exact=False).check()
    page.get_by_role("button", name="Doorgeven").click()
    page.get_by_text("U heeft het abonnement Plus voor € 7,95 per maand.").wait_for()
    axe(page, "subscription taken")

    browser_page.goto("/portaal/melden/")
    page.get_by_role("link", name="Een medehuurder toevoegen of verwijderen").click()
    page.get_by_role("heading", level=1, name="Een medehuurder toevoegen of verwijderen").wait_for()
    axe(page, "tenaamstelling form")
    browser_page.assert_no_horizontal_scroll()
    page.get_by_label("Scheiding of einde van het samenwonen: een medehuurder eraf", exact=True).check()
    page.get_by_label("Wie gaat van het huurcontract af? (bij een medehuurder eraf)").select_option(
        label="Tom Kok"
    )
    page.get_by_role("button", name="Aanvraag versturen").click()
    page.get_by_text("Stuur dit document mee: Echtscheidingsbeschikking", exact=False).first.wait_for()
    axe(page, "tenaamstelling without the decree")
    page.get_by_label("Scheiding of einde van het samenwonen: een medehuurder eraf", exact=True).check()
    page.get_by_label("Wie gaat van het huurcontract af? (bij een medehuurder eraf)").select_option(
        label="Tom Kok"
    )
    page.get_by_label("Echtscheidingsbeschikking", exact=False).set_input_files(
        {"name": "beschikking.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    page.get_by_role("button", name="Aanvraag versturen").click()
    page.get_by_role("heading", level=1, name="Medehuurder eraf: Tom Kok").wait_for()

    _portal(browser_page, tom)
    browser_page.goto("/portaal/tenaamstelling/")
    page.get_by_role("heading", level=2, name="Wij vragen uw toestemming").wait_for()
    axe(page, "consent asked")
    page.get_by_label("Ja, ik geef toestemming").check()
    page.get_by_role("button", name="Antwoord versturen").click()
    page.get_by_text("Dank u wel. Wij hebben uw antwoord doorgegeven.").wait_for()

    with scope(corporation=sara.corporation):
        change = CoTenantChange.objects.get()
    browser_page.login(colleague.username)
    browser_page.goto(f"/zaken/{change.case_id}/")
    page.get_by_role("link", name="Tenaamstelling beoordelen").click()
    page.get_by_role("heading", level=1, name=f"Tenaamstelling {change.case.number}").wait_for()
    assert "beschikking.pdf" in page.inner_text("main")
    axe(page, "tenaamstelling decision")
    browser_page.assert_no_horizontal_scroll()
    page.get_by_role("button", name="Besluit vastleggen").click()
    page.get_by_text("De aanvraag is goedgekeurd. Het ERP past het huurcontract aan.").wait_for()
    axe(page, "tenaamstelling approved")
    assert browser_page.console_errors == [REFUSED_FORM_ERROR]
