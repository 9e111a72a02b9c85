import datetime as dt

import pytest

from tests.browser.conftest import REFUSED_FORM_ERROR
from tests.flows.builders import in_arrears
from tests.world import staff_member
from vangnet.core import clock
from vangnet.core.models import Role
from vangnet.flows.models import Flow
from vangnet.flows.services import flows_install_defaults

pytestmark = pytest.mark.browser


def test_edit_a_flow_timeline_and_preview_tonights_run(browser_page, world, axe):
    corporation = world.tenant.corporation
    flows_install_defaults(corporation=corporation, actor="test")
    in_arrears(corporation, due=dt.date(2026, 11, 2), as_of=dt.date(2026, 11, 9))
    page = browser_page.page
    browser_page.login("petra")

    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Trajecten").click()
    page.get_by_role("heading", level=1, name="Incassotrajecten").wait_for()
    axe(page, "flow list")
    page.get_by_role("link", name="Zacht: altijd op tijd").first.click()
    page.get_by_role("img", name="Tijdlijn van Zacht: altijd op tijd, versie 1").wait_for()
    browser_page.assert_no_horizontal_scroll()
    axe(page, "flow timeline")

    page.get_by_role("link", name="Tijdlijn bewerken").click()
    first = page.get_by_role("group", name="Stap 1: Vriendelijke herinnering")
    first.get_by_label("Dag:", exact=True).fill("3")
    first.get_by_label("SMS", exact=True).check()
    new = page.get_by_role("group", name="Nieuwe stap")
    new.get_by_label("Naam:").fill("Extra belronde")
    new.get_by_label("Dag:", exact=True).fill("30")
    new.get_by_label("Actie:").select_option(label="Beltaak")
    axe(page, "flow editor")
    page.get_by_role("button", name="Opslaan als nieuwe versie").click()
    page.get_by_role("alert").get_by_text("Controleer de gemarkeerde velden.").wait_for()  # no note yet
    assert browser_page.console_errors == [REFUSED_FORM_ERROR]  # the refused save answered 400 on purpose
    browser_page.console_errors.clear()
    page.get_by_label("Wat verandert er?").fill("Eerder, ook per SMS, en een extra belronde")
    page.get_by_role("button", name="Opslaan als nieuwe versie").click()
    # Four eyes: the credit manager's change is a proposal; the flow keeps running on version 1.
    page.get_by_text("Versie 2 is opgeslagen als voorstel.").wait_for()
    changes = page.get_by_role("region", name="Wat dit voorstel verandert")
    assert "Nieuwe stap: Extra belronde" in changes.inner_text()
    assert page.get_by_role("button", name="Goedkeuren").count() == 0  # not by its author
    browser_page.assert_no_horizontal_scroll()
    axe(page, "proposed version")
    assert Flow.objects.get(corporation=corporation, code="zacht").current_version.number == 1

    page.context.clear_cookies()
    staff_member(corporation, username="marieke", role=Role.MANAGER, signed_in=False)
    browser_page.login("marieke")
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Trajecten").click()
    page.get_by_text("Voorstel wacht op goedkeuring").wait_for()
    page.get_by_role("link", name="Zacht: altijd op tijd").first.click()
    page.get_by_role("link", name="Voorstel bekijken").click()
    axe(page, "proposal seen by a manager")
    page.get_by_role("button", name="Goedkeuren").click()
    page.get_by_text("Versie 2 is goedgekeurd.").wait_for()
    page.get_by_text("Goedgekeurd door marieke").wait_for()
    timeline = page.get_by_role("img", name="Tijdlijn van Zacht: altijd op tijd, versie 2")
    assert "3: Vriendelijke herinnering" in timeline.text_content()
    assert "30: Extra belronde" in timeline.text_content()
    flow = Flow.objects.get(corporation=corporation, code="zacht")
    assert flow.current_version.number == 2
    steps = list(flow.current_version.steps.order_by("position"))
    assert steps[0].channels == ["email", "sms"] and steps[0].day_offset == 3
    assert [s.name for s in steps][3:6] == ["Bellen", "Extra belronde", "Veertiendagenbrief"]  # sorted by day
    axe(page, "flow timeline after saving")

    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Run van vannacht").click()
    page.get_by_label("Datum").fill("2026-11-09")
    with page.expect_response(lambda response: "as_of=2026-11-09" in response.url):
        page.get_by_role("button", name="Bekijken").click()
    page.wait_for_url("**as_of=2026-11-09")
    steps = page.locator("#preview-steps")
    # The edited version is what new dossiers get: its day-3 reminder is tonight's work.
    row = steps.get_by_role("row").filter(has_text="Zacht: altijd op tijd v2")
    assert "dag 3: Vriendelijke herinnering" in row.inner_text()
    browser_page.assert_no_horizontal_scroll()
    axe(page, "run preview")
    assert not browser_page.console_errors


def test_put_a_contract_on_hold_from_the_tenant_card(browser_page, world, axe):
    from vangnet.flows.models import Hold

    page = browser_page.page
    browser_page.login("petra")
    browser_page.goto(f"/huurders/{world.tenant.pk}/")
    page.get_by_text("Wachtcode zetten").first.click()
    page.get_by_label("Reden").first.fill("Huurder is in gesprek met de schuldhulp van de gemeente")
    review_on = clock.today() + dt.timedelta(days=14)
    page.get_by_label("Beoordelen op").first.fill(review_on.isoformat())
    axe(page, "tenant card with the hold form")
    page.get_by_role("button", name="Wachtcode zetten").first.click()
    page.get_by_text("Wachtcode gezet.").wait_for()
    hold = Hold.objects.get(contract__parties__tenant=world.tenant)
    assert hold.reason.startswith("Huurder is in gesprek") and hold.review_on == review_on
    page.get_by_role("button", name="Opheffen").click()
    page.get_by_text("Wachtcode opgeheven.").wait_for()
    browser_page.assert_no_horizontal_scroll()
    assert not browser_page.console_errors
