import datetime as dt

import pytest

from tests.flows.builders import in_arrears
from vangnet.flows.services import flows_install_defaults

pytestmark = pytest.mark.browser


def test_open_a_flow_timeline_and_its_editor_and_preview_tonights_run(browser_page, world, axe):
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
    page.get_by_role("group", name="Stap 1: Vriendelijke herinnering").wait_for()
    axe(page, "flow editor")

    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Run van vannacht").click()
    page.get_by_label("Datum").fill("2026-11-09")
    page.get_by_role("button", name="Bekijken").click()
    page.locator("#preview-steps").get_by_text("dag 1: Herinnering per SMS").wait_for()
    browser_page.assert_no_horizontal_scroll()
    axe(page, "run preview")
    assert not browser_page.console_errors
