"""The knowledge base and case types managed in the browser, on a phone and on a desktop, axe on every page:
a manager adds an article and finds it on the contact screen by a word, then changes a case type's stage
text, which the tenant then reads in the portal."""

import pytest

from tests.cases.conftest import make_world
from tests.factories import MembershipFactory, UserFactory
from vangnet.cases.models import CaseType
from vangnet.cases.services import case_open
from vangnet.core import clock
from vangnet.core.models import Role
from vangnet.messaging import links
from vangnet.portal.hosts import host_memo_clear

pytestmark = pytest.mark.browser


@pytest.fixture
def kb_world(transactional_db):
    host_memo_clear()
    world = make_world()
    MembershipFactory(
        corporation=world.corporation, user=UserFactory(username="manager-kb"), role=Role.MANAGER
    )
    return world


def test_a_manager_adds_an_article_finds_it_and_changes_a_stage_text(browser_page, axe, kb_world):
    page = browser_page.page
    question = CaseType.objects.get(corporation=kb_world.corporation, code="vraag")
    case = case_open(
        case_type=question,
        as_of=clock.today(),
        actor="test",
        channel="phone",
        tenant=kb_world.reporter,
        answers={"vraag": "Mag ik een schuur bouwen?"},
    )
    browser_page.login("manager-kb")
    browser_page.goto("/klantcontact/")
    page.get_by_role("link", name="Kennisbank", exact=True).click()
    page.get_by_role("heading", level=1, name="Kennisbank").wait_for()
    axe(page, "empty knowledge base")
    page.get_by_role("link", name="Nieuw artikel").click()
    page.get_by_role("heading", level=1, name="Nieuw artikel").wait_for()
    page.get_by_role("button", name="Opslaan").click()
    page.get_by_text("Vul een titel in.").wait_for()
    axe(page, "article refused")
    browser_page.assert_no_horizontal_scroll()
    page.get_by_label("Titel").fill("Schuur of tuinhuis bouwen")
    page.get_by_label("Rubriek, bijvoorbeeld Beleid, Werkwijze, Ketenpartners of Standaardantwoorden").fill(
        "Beleid"
    )
    page.get_by_label("Tekst").fill("Een schuur mag met schriftelijke toestemming van de corporatie.")
    page.get_by_label("Vraag of verzoek").check()
    page.get_by_label("Eigenaar (wie het artikel bijhoudt)").fill("Team Wonen")
    page.get_by_label("Controleren op (mag leeg blijven)").fill("2020-01-31")
    page.get_by_role("button", name="Opslaan").click()
    page.get_by_text("Artikel Schuur of tuinhuis bouwen opgeslagen.").wait_for()
    assert "Controleren" in page.inner_text("main")
    axe(page, "knowledge base with an article due")
    browser_page.assert_no_horizontal_scroll()

    browser_page.goto("/klantcontact/")
    page.get_by_label("Zoek in de kennisbank").fill("tuinhuis")
    page.get_by_role("button", name="Kiezen").click()
    page.get_by_text("Een schuur mag met schriftelijke toestemming").wait_for()
    axe(page, "contact screen with the article")

    browser_page.goto("/zaken/typen/")
    page.get_by_role("heading", level=1, name="Zaaktypen").wait_for()
    axe(page, "case types")
    browser_page.assert_no_horizontal_scroll()
    page.get_by_role("link", name="Vraag of verzoek").click()
    page.get_by_role("heading", level=1, name="Zaaktype Vraag of verzoek").wait_for()
    text = page.get_by_role("group", name="Fase 1").get_by_label("Tekst voor de huurder")
    term = page.get_by_role("group", name="Fase 1").get_by_label("Termijn in dagen (leeg: geen termijn)")
    term.fill("drie")
    page.get_by_role("button", name="Opslaan").click()
    page.get_by_text("de termijn is een heel aantal dagen").wait_for()
    axe(page, "case type refused")
    browser_page.assert_no_horizontal_scroll()
    term.fill("3")
    text.fill("Wij bellen u binnen drie werkdagen terug.")
    page.get_by_role("button", name="Opslaan").click()
    page.get_by_text("Zaaktype Vraag of verzoek opgeslagen.").wait_for()
    assert "Wij bellen u binnen drie werkdagen terug." in page.inner_text("main")
    axe(page, "case type saved")

    token = links.portal_token(corporation_id=kb_world.corporation.pk, tenant_id=kb_world.reporter.pk)
    browser_page.goto(f"/portaal/link/{token}/")
    page.get_by_role("heading", level=1).first.wait_for()
    browser_page.goto(f"/portaal/meldingen/{case.pk}/")
    page.get_by_text("Wij bellen u binnen drie werkdagen terug.").first.wait_for()
    axe(page, "the tenant's case with the new text")
