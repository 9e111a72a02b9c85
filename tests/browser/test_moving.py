"""Moving out and changing the home in the browser, phone and desktop, axe on every page: a tenant gives
notice (a too-early date refused first) and books and moves the pre-inspection; the inspector records
defects with a photo on a tablet-size screen; after the end inspection the final settlement the tenant
reads matches the hand-computed example (tests/inspections/test_termination.py); a home modification is
approved with conditions and recorded on the unit."""

import datetime as dt

import pytest
from django.core import mail

from tests.browser.conftest import REFUSED_FORM_ERROR
from tests.cases.conftest import JPEG
from tests.inspections.conftest import NOTICE_DAY, make_inspection_world
from vangnet.cases.models import Case
from vangnet.core import clock
from vangnet.inspections.models import Modification
from vangnet.messaging import links
from vangnet.portal.hosts import host_memo_clear

pytestmark = pytest.mark.browser
TABLET = {"width": 820, "height": 1180}


@pytest.fixture
def moving_world(transactional_db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    mail.outbox = []
    host_memo_clear()
    return make_inspection_world()


def _portal(browser_page, tenant) -> None:
    token = links.portal_token(corporation_id=tenant.corporation_id, tenant_id=tenant.pk)
    browser_page.goto(f"/portaal/link/{token}/")
    browser_page.page.get_by_role("heading", level=1).first.wait_for()


def _defect(page, room: str, text: str, payer: str, cost: str, photo: bool) -> None:
    page.get_by_label("Ruimte").fill(room)
    page.get_by_label("Wat is er?").fill(text)
    page.get_by_label(payer).check()
    page.get_by_label("Kosten in euro, bijvoorbeeld 125,00").fill(cost)
    if photo:
        page.get_by_label("Foto (mag leeg blijven)").set_input_files(
            {"name": "muur.jpg", "mimeType": "image/jpeg", "buffer": JPEG}
        )
    page.get_by_role("button", name="Gebrek toevoegen").click()
    page.get_by_text("Gebrek vastgelegd.").wait_for()


def test_a_tenant_gives_notice_and_the_final_settlement_matches_the_example(browser_page, axe, moving_world):
    page = browser_page.page
    with clock.moved_to(NOTICE_DAY):
        _portal(browser_page, moving_world.reporter)
        browser_page.goto("/portaal/melden/")
        page.get_by_role("link", name="Uw huur opzeggen").click()
        page.get_by_role("heading", level=1, name="Uw huur opzeggen").wait_for()
        assert "De huur kan op zijn vroegst eindigen op 04-01-2027." in page.inner_text("main")
        axe(page, "notice form")
        browser_page.assert_no_horizontal_scroll()
        page.get_by_label("Wat is de laatste dag van uw huur?").fill("2027-01-02")
        page.get_by_label("Ik ga ergens anders huren").check()
        page.get_by_label("Uw nieuwe adres").fill("Dorpsstraat 1\n1234 AB Ergens")
        page.get_by_label("Wanneer mag de opzichter komen voor de voorinspectie?").select_option(index=1)
        page.get_by_role("button", name="Huur opzeggen").click()
        page.get_by_text(
            "De huur kan op zijn vroegst eindigen op 04-01-2027. Dat is een maand na vandaag."
        ).wait_for()
        axe(page, "notice refused")
        assert Case.objects.count() == 0
        page.get_by_label("Wat is de laatste dag van uw huur?").fill("2027-01-29")
        page.get_by_label("Wanneer mag de opzichter komen voor de voorinspectie?").select_option(index=1)
        page.get_by_role("button", name="Huur opzeggen").click()
        page.get_by_text("Wij hebben uw opzegging ontvangen.").first.wait_for()
        assert "Voorinspectie: vr 04-12-2026 om 09:00" in page.inner_text("main")
        axe(page, "notice given")
        page.get_by_role("link", name="Afspraak verzetten").click()
        page.get_by_role("heading", level=1, name="Afspraak verzetten").wait_for()
        axe(page, "reschedule")
        page.get_by_label("Kies een ander moment").select_option(label="di 08-12-2026 om 10:00")
        page.get_by_role("button", name="Afspraak verzetten").click()
        page.get_by_text("Afspraak verzet naar di 08-12-2026 om 10:00.").wait_for()
        case = Case.objects.get()

        # The inspector, on a tablet: the pre-inspection with a defect and its photo.
        page.set_viewport_size(TABLET)
        browser_page.login(moving_world.colleague.username)
        browser_page.goto("/inspecties/")
        page.get_by_role("heading", level=1, name="Inspecties").wait_for()
        axe(page, "inspections")
        page.get_by_role("link", name="Voorinspectie").click()
        page.get_by_role("heading", level=1, name="Voorinspectie Lindelaan 10").wait_for()
        axe(page, "inspection form")
        browser_page.assert_no_horizontal_scroll()
        _defect(page, "Woonkamer", "Gat in de muur", "Huurder betaalt", "125,00", photo=True)
        assert "Foto bekijken" in page.inner_text("main")
        axe(page, "inspection with a defect")
        page.get_by_role("button", name="Voorinspectie afronden").click()
        page.get_by_text("Inspectie afgerond.").wait_for()

    with clock.moved_to(dt.date(2027, 2, 1)):
        # Two months later a colleague's session has long expired: they log in again.
        browser_page.login(moving_world.colleague.username)
        browser_page.goto("/inspecties/")
        page.get_by_role("link", name="Eindinspectie").click()
        page.get_by_role("heading", level=1, name="Eindinspectie Lindelaan 10").wait_for()
        _defect(page, "Woonkamer", "Gat in de muur", "Huurder betaalt", "125,00", photo=True)
        _defect(page, "Keuken", "Kastdeur hangt scheef", "Corporatie betaalt", "80,00", photo=False)
        axe(page, "end inspection")
        browser_page.assert_no_horizontal_scroll()
        page.get_by_label("Waarborgsom die wij hebben, in euro (0 als er geen is)").fill("300,00")
        page.get_by_role("button", name="Eindinspectie afronden en eindafrekening versturen").click()
        page.get_by_text("De eindafrekening is verstuurd.").wait_for()

        _portal(browser_page, moving_world.reporter)
        browser_page.goto(f"/portaal/meldingen/{case.pk}/")
        page.get_by_text("Wij hebben u de eindafrekening gestuurd.").first.wait_for()
        text = page.inner_text("main")
        assert "Huur tot en met 29-01-2027 (29 van 31 dagen): € 650,63" in text
        assert "Herstel: Woonkamer, Gat in de muur: € 125,00" in text
        assert "Waarborgsom: -€ 300,00" in text
        assert "U moet nog betalen: € 510,63" in text
        axe(page, "settlement on the portal")
        browser_page.assert_no_horizontal_scroll()
        with page.expect_download() as download:
            page.evaluate(
                "href => { const a = document.createElement('a'); a.href = href; a.download = 'x.pdf';"
                " document.body.appendChild(a); a.click(); }",
                page.get_by_role("link", name="Brief: eindafrekening.pdf").get_attribute("href"),
            )
        assert download.value.path().read_bytes().startswith(b"%PDF")
    assert browser_page.console_errors == [REFUSED_FORM_ERROR]


def test_a_home_modification_is_approved_with_conditions(browser_page, axe, moving_world):
    page = browser_page.page
    _portal(browser_page, moving_world.reporter)
    browser_page.goto("/portaal/melden/")
    page.get_by_role("link", name="Iets veranderen aan uw woning").click()
    page.get_by_role("heading", level=1, name="Iets veranderen aan uw woning").wait_for()
    axe(page, "modification form")
    browser_page.assert_no_horizontal_scroll()
    page.get_by_label("Een andere keuken").check()
    page.get_by_label("Vertel wat u wilt doen").fill("Ik wil een nieuwe keuken met een inductiekookplaat.")
    page.get_by_label("Tekeningen of foto's (mag leeg blijven)").set_input_files(
        {"name": "tekening.jpg", "mimeType": "image/jpeg", "buffer": JPEG}
    )
    page.get_by_role("button", name="Aanvragen").click()
    page.get_by_text("Wij hebben uw aanvraag ontvangen.").first.wait_for()
    axe(page, "modification requested")
    modification = Modification.objects.get()

    browser_page.login(moving_world.colleague.username)
    browser_page.goto(f"/zaken/{modification.case_id}/")
    page.get_by_role("link", name="Woningaanpassing beoordelen").click()
    page.get_by_role("heading", level=1, name="Woningaanpassing: Een andere keuken").wait_for()
    axe(page, "modification decision")
    browser_page.assert_no_horizontal_scroll()
    assert page.get_by_label("Toegestaan met voorwaarden").is_checked()
    page.get_by_role("button", name="Besluit versturen").click()
    page.get_by_text("Het besluit is verstuurd.").wait_for()
    page.get_by_role("button", name="Goedgekeurd en vastgelegd bij de woning").click()
    page.get_by_text("De aanpassing is vastgelegd bij de woning.").wait_for()
    axe(page, "modification recorded")

    _portal(browser_page, moving_world.reporter)
    browser_page.goto(f"/portaal/meldingen/{modification.case_id}/")
    page.get_by_text("Wij hebben de aanpassing bekeken en vastgelegd bij uw woning.").first.wait_for()
    text = page.inner_text("main")
    assert "Dit zijn de voorwaarden:" in text
    assert "Laat het werk doen door een erkend installateur." in text
    axe(page, "modification on the portal")
    assert browser_page.console_errors == []
