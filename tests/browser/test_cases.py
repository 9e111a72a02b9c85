"""Tenant service in the browser, on a phone and on a desktop, axe on every page: a tenant reports a leaking
tap with a photo, a colleague gives the work order to a contractor, the contractor picks a slot of their
agenda through their link, the tenant confirms it and moves it to another, the contractor reports done and the tenant rates it; a colleague registers a non-tenant's complaint
with a knowledge-base answer; the accused of a nuisance report never sees the reporter."""

import pytest
from django.core import mail

from tests.browser.conftest import REFUSED_FORM_ERROR
from tests.cases.conftest import JPEG, make_world
from vangnet.appointments.selectors import resource_slots
from vangnet.appointments.services import booking_make
from vangnet.cases.links import work_order_token
from vangnet.cases.models import Article, Case
from vangnet.cases.orders import contractor_agenda, free_moments
from vangnet.cases.services import case_open, contractor_create, work_order_issue
from vangnet.core import clock
from vangnet.core.language import written_moment
from vangnet.messaging import links
from vangnet.portal.hosts import host_memo_clear

pytestmark = pytest.mark.browser


@pytest.fixture
def cases_world(transactional_db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    settings.MESSAGING_MAILER = "default"
    mail.outbox = []
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

    contractor_create(
        corporation=cases_world.corporation,
        name="Loodgieter Jansen",
        email="planning@jansen.example",
        trades="loodgieter",
        actor="test",
    )
    browser_page.login(cases_world.colleague.username)
    browser_page.goto("/zaken/vakmensen/")
    page.get_by_role("heading", level=1, name="Vakmensen").wait_for()
    axe(page, "contractors")
    browser_page.assert_no_horizontal_scroll()
    browser_page.goto("/zaken/")
    page.get_by_role("link", name=case.number).click()
    page.get_by_role("heading", level=1, name="Reparatieverzoek: Keuken: De kraan lekt").wait_for()
    axe(page, "case detail")
    browser_page.assert_no_horizontal_scroll()
    page.get_by_label("Vakman", exact=True).select_option(label="Loodgieter Jansen (loodgieter)")
    page.get_by_role("button", name="Opdracht geven").click()
    page.get_by_text("is gemaild naar Loodgieter Jansen.").wait_for()
    axe(page, "case with its work order")
    [email] = mail.outbox
    link = next(line for line in email.body.splitlines() if "/vakman/" in line)
    contractor_path = link[link.index("/vakman/") :]

    # The contractor, without an account: the work order, a slot of their agenda (none chosen: refused).
    browser_page.goto(contractor_path)
    page.get_by_role("heading", level=1, name=f"Werkopdracht {case.work_orders.get().number}").wait_for()
    assert "Lindelaan 10" in page.inner_text("main") and "Vries" not in page.inner_text("main")
    axe(page, "contractor's work order")
    browser_page.assert_no_horizontal_scroll()
    page.get_by_role("button", name="Moment kiezen").click()
    page.get_by_text("Kies een moment uit uw agenda.").wait_for()
    axe(page, "contractor's choice refused")
    free = free_moments(case.work_orders.get())
    page.get_by_label("Moment uit uw agenda").select_option(free[0].isoformat())
    page.get_by_role("button", name="Moment kiezen").click()
    page.get_by_text("Dit moment staat in uw agenda").wait_for()

    # The tenant confirms it in the portal, then moves it to another free slot of the contractor.
    _portal(browser_page, cases_world.reporter)
    browser_page.goto(f"/portaal/meldingen/{case.pk}/")
    page.get_by_role("heading", name="Past dit moment voor de vakman?").wait_for()
    assert written_moment(free[0], "nl") in page.inner_text("main")
    axe(page, "tenant confirms the moment")
    browser_page.assert_no_horizontal_scroll()
    page.get_by_role("button", name="Afspraak bevestigen").click()
    page.get_by_text("Er is een afspraak. De vakman komt op de afgesproken dag.").first.wait_for()
    assert f"Afspraak met de vakman: {written_moment(free[0], 'nl')}" in page.inner_text("main")
    page.get_by_role("link", name="Afspraak verzetten").click()
    page.get_by_role("heading", level=1, name="Afspraak verzetten").wait_for()
    axe(page, "tenant moves the appointment")
    browser_page.assert_no_horizontal_scroll()
    page.get_by_label("Kies een ander moment").select_option(free[1].isoformat())
    page.get_by_role("button", name="Dit moment kiezen").click()
    page.get_by_text(f"Afspraak met de vakman: {written_moment(free[1], 'nl')}").wait_for()

    # The contractor reports the work done, with a photo and the hours.
    browser_page.goto(contractor_path)
    page.get_by_role("heading", name="Werk klaar melden").wait_for()
    axe(page, "contractor reports done")
    page.get_by_label("Wat heeft u gedaan?").fill("Kraan vervangen.")
    page.get_by_label("Hoeveel uur heeft u gewerkt?").fill("1,5")
    page.get_by_label("Foto's van het werk (mag leeg blijven)").set_input_files(
        {"name": "klaar.jpg", "mimeType": "image/jpeg", "buffer": JPEG}
    )
    page.get_by_role("button", name="Klaar melden").click()
    page.get_by_text("Dank u wel!").wait_for()
    axe(page, "contractor done")

    _portal(browser_page, cases_world.reporter)
    browser_page.goto(f"/portaal/meldingen/{case.pk}/")
    page.get_by_text("De reparatie is klaar. Wilt u zeggen hoe tevreden u bent?").first.wait_for()
    axe(page, "rating question")
    page.get_by_label("5 - Heel tevreden").check()
    page.get_by_role("button", name="Versturen").click()
    page.get_by_text("U gaf een 5. Dank u wel!").wait_for()
    # The one refused form (no moment chosen) answers 400; nothing else failed.
    assert browser_page.console_errors == [REFUSED_FORM_ERROR]


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


def test_a_colleague_gives_a_running_work_order_to_another_contractor(browser_page, axe, cases_world):
    page = browser_page.page
    case = case_open(
        case_type=cases_world.case_type("reparatie"),
        as_of=clock.today(),
        actor="portal",
        channel="portal",
        tenant=cases_world.reporter,
        answers={"omschrijving": "Onder de kraan staat steeds een plas water."},
        guide="keuken/kraan/lekt",
    )
    jansen, smit = (
        contractor_create(
            corporation=cases_world.corporation, name=name, email=email, trades="loodgieter", actor="test"
        )
        for name, email in (
            ("Loodgieter Jansen", "planning@jansen.example"),
            ("Installatiebedrijf Smit", "werk@smit.example"),
        )
    )
    old = work_order_issue(case=case, contractor=jansen, as_of=clock.today(), actor="test")
    old_path = f"/vakman/{work_order_token(corporation_id=old.corporation_id, work_order_id=old.pk)}/"

    browser_page.login(cases_world.colleague.username)
    browser_page.goto(f"/zaken/{case.pk}/")
    page.get_by_role("heading", level=2, name=f"Werkopdracht {old.number} laten vervallen").wait_for()
    browser_page.assert_no_horizontal_scroll()
    axe(page, "case with a running work order")
    page.get_by_label("Reden (alleen voor collega's)").fill("Jansen is ziek.")
    page.get_by_label("Naar een andere vakman (mag leeg blijven)").select_option(
        label=f"{smit.name} (loodgieter)"
    )
    page.get_by_role("button", name="Werkopdracht laten vervallen").click()
    page.get_by_text(f"Werkopdracht {old.number} vervalt;").wait_for()
    assert "Vervallen" in page.inner_text("main")
    axe(page, "case with the work order moved")

    # The old contractor's link no longer shows the work.
    browser_page.goto(old_path)
    page.get_by_text("Deze opdracht gaat niet meer door.").wait_for()
    assert "Lindelaan" not in page.inner_text("main")
    axe(page, "cancelled work order")
    assert browser_page.console_errors == []


def test_a_colleague_reads_a_contractors_week_and_changes_the_working_hours(browser_page, axe, cases_world):
    plumber = contractor_create(
        corporation=cases_world.corporation,
        name="Loodgieter Jansen",
        email="planning@jansen.example",
        trades="loodgieter",
        actor="test",
    )
    agenda = contractor_agenda(plumber)
    first = resource_slots(resource=agenda, first_day=clock.today(), now=clock.now())[0]
    booking_make(resource=agenda, start=first, purpose="Reparatie W26-000001, Lindelaan 10", actor="test")
    page = browser_page.page
    browser_page.login(cases_world.colleague.username)
    browser_page.goto(f"/agenda/?week={first:%Y-%m-%d}")
    page.get_by_role("heading", level=1, name="Agenda: Loodgieter Jansen").wait_for()
    assert "Reparatie W26-000001, Lindelaan 10" in page.inner_text("main")
    axe(page, "agenda week")
    browser_page.assert_no_horizontal_scroll()
    page.get_by_role("link", name="Werktijden aanpassen").click()
    page.get_by_role("heading", level=1, name="Werktijden van Loodgieter Jansen").wait_for()
    axe(page, "working hours")
    browser_page.assert_no_horizontal_scroll()
    page.get_by_label("Dag").select_option(label="Zaterdag")
    page.get_by_label("Van (bijvoorbeeld 08:00)").fill("09:00")
    page.get_by_label("Tot (bijvoorbeeld 12:00)").fill("12:00")
    page.get_by_role("button", name="Toevoegen").click()
    page.get_by_text("De tijden zijn aan de agenda toegevoegd.").wait_for()
    axe(page, "working hours added")
    assert "Zaterdag" in page.inner_text("main")
