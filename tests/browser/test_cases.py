"""Tenant service in the browser, on a phone and on a desktop, axe on every page: a tenant reports a leaking
tap with a photo and rates the work a colleague moved on; a colleague registers a non-tenant's complaint
with a knowledge-base answer; the accused of a nuisance report never sees the reporter."""

import pytest

from tests.cases.conftest import JPEG, make_world
from vangnet.cases.models import Article, Case
from vangnet.cases.services import case_open
from vangnet.messaging import links
from vangnet.portal.hosts import host_memo_clear

pytestmark = pytest.mark.browser


@pytest.fixture
def cases_world(transactional_db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    host_memo_clear()
    return make_world()


def _portal(browser_page, tenant) -> None:
    token = links.portal_token(corporation_id=tenant.corporation_id, tenant_id=tenant.pk)
    browser_page.goto(f"/portaal/link/{token}/")
    browser_page.page.get_by_role("heading", level=1).first.wait_for()


def test_a_tenant_reports_a_leaking_tap_and_rates_the_repair(browser_page, axe, cases_world):
    page = browser_page.page
    _portal(browser_page, cases_world.reporter)
    page.get_by_role("link", name="Iets melden: een reparatie, klacht, overlast of vraag").click()
    page.get_by_role("heading", level=1, name="Wat wilt u melden?").wait_for()
    axe(page, "report choice")
    page.get_by_role("link", name="Een reparatie melden").click()
    page.get_by_role("heading", level=1, name="Een reparatie melden").wait_for()
    axe(page, "repair form")
    browser_page.assert_no_horizontal_scroll()
    page.get_by_label("Waar zit het probleem?").select_option("keuken/kraan/lekt")
    page.get_by_label("Wat is er kapot?").fill("Onder de kraan staat steeds een plas water.")
    page.get_by_label("Foto's (mag leeg blijven)").set_input_files(
        {"name": "kraan.jpg", "mimeType": "image/jpeg", "buffer": JPEG}
    )
    page.get_by_role("button", name="Versturen").click()
    page.get_by_text("Wij hebben uw reparatieverzoek ontvangen.").first.wait_for()
    assert "Foto toegevoegd" in page.inner_text("main")
    axe(page, "the tenant's case")
    case = Case.objects.get()
    assert case.responsible == "corporation"

    browser_page.login(cases_world.colleague.username)
    browser_page.goto("/zaken/")
    page.get_by_role("link", name=case.number).click()
    page.get_by_role("heading", level=1, name="Reparatieverzoek: Keuken: De kraan lekt").wait_for()
    axe(page, "case detail")
    browser_page.assert_no_horizontal_scroll()
    for stage in ("Opdracht bij vakman", "Afspraak gemaakt", "Uitgevoerd"):
        page.get_by_label(stage).check()
        page.get_by_role("button", name="Verder").click()
        page.get_by_text(f"De zaak staat nu in fase '{stage}'.").wait_for()

    _portal(browser_page, cases_world.reporter)
    browser_page.goto(f"/portaal/meldingen/{case.pk}/")
    page.get_by_text("De reparatie is klaar. Wilt u zeggen hoe tevreden u bent?").first.wait_for()
    axe(page, "rating question")
    page.get_by_label("5 - Heel tevreden").check()
    page.get_by_role("button", name="Versturen").click()
    page.get_by_text("U gaf een 5. Dank u wel!").wait_for()
    assert not browser_page.console_errors


def test_a_colleague_registers_a_complaint_of_a_non_tenant_with_a_knowledge_base_answer(
    browser_page, axe, cases_world
):
    Article.objects.create(
        corporation=cases_world.corporation,
        title="Terugbelverzoek niet nagekomen",
        section="Standaardantwoorden",
        body="Excuses aanbieden en binnen 2 werkdagen terugbellen.",
        keywords="terugbellen",
        case_types=["klacht"],
    )
    page = browser_page.page
    browser_page.login(cases_world.colleague.username)
    browser_page.goto("/klantcontact/")
    axe(page, "contact screen")
    page.get_by_label("Soort zaak", exact=True).select_option("klacht")
    page.get_by_label("Zoek in de kennisbank").fill("terugbellen")
    page.get_by_role("button", name="Kiezen").click()
    page.get_by_text("Excuses aanbieden en binnen 2 werkdagen terugbellen.").wait_for()
    axe(page, "contact screen with a case type and answers")
    browser_page.assert_no_horizontal_scroll()
    page.get_by_label("Terugbelverzoek niet nagekomen").check()
    page.get_by_label("Naam (geen huurder)").fill("Karin Smit")
    page.get_by_label("Onderwerp", exact=True).fill("Niemand belde terug")
    page.get_by_label("Waar gaat uw klacht over? *").select_option("service")
    page.get_by_label("Uw klacht *").fill("Twee keer beloofd terug te bellen.")
    page.get_by_role("button", name="Vastleggen en zaak starten").click()
    case = Case.objects.get()
    page.get_by_text(f"Contact vastgelegd en zaak {case.number} gestart.").wait_for()
    assert "Karin Smit (geen huurder)" in page.inner_text("main")
    axe(page, "the new complaint")


def test_the_accused_of_a_nuisance_report_never_sees_the_reporter(
    browser_page, axe, cases_world, business_day
):
    world = cases_world
    case = case_open(
        case_type=world.case_type("overlast"),
        as_of=business_day,
        actor="portal",
        channel="portal",
        tenant=world.reporter,
        accused=world.neighbour,
        answers={"soort": "geluid", "adres": "Lindelaan 12", "wat": "Harde muziek. Groet, Anna de Vries"},
    )
    page = browser_page.page
    browser_page.login(world.colleague.username)
    browser_page.goto(f"/zaken/{case.pk}/")
    page.get_by_label("Gesprek met betrokkene").check()
    page.get_by_role("button", name="Verder").click()
    page.get_by_text("De zaak staat nu in fase 'Gesprek met betrokkene'.").wait_for()

    _portal(browser_page, world.neighbour)
    for path, what in (("/portaal/", "accused overview"), (f"/portaal/meldingen/{case.pk}/", "accused case")):
        browser_page.goto(path)
        page.get_by_text("Wij willen met u praten over een melding van overlast.").first.wait_for()
        axe(page, what)
        text = page.inner_text("body")
        for secret in ("Anna", "de Vries", "muziek", "Melding van overlast"):
            assert secret not in text
