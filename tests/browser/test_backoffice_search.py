import os
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser


def test_search_a_tenant_and_open_the_card(browser_page, world, axe):
    page = browser_page.page
    browser_page.goto("/inloggen/")
    axe(page, "login page")
    browser_page.login("petra")

    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Huurders").click()
    search = page.get_by_role("searchbox", name="Zoek een huurder")
    search.fill("El Amrani")  # live search: no submit
    results = page.locator("#results table")
    results.wait_for()
    assert page.locator("#result-count").inner_text() == "1 huurder gevonden"
    assert "q=El%20Amrani" in page.url  # the URL follows the search, so back and reload work
    browser_page.assert_no_horizontal_scroll()
    axe(page, "search results")

    page.get_by_role("link", name="Fatima El Amrani").click()
    page.get_by_role("heading", level=1, name="Fatima El Amrani").wait_for()
    balance = page.locator(".balance__item", has_text="Saldo")
    assert "€ 1.043,25" in balance.inner_text()
    assert page.get_by_text("geen spraakberichten").first.is_visible()
    assert page.get_by_text("Bewindvoering Utrecht B.V.").is_visible()
    browser_page.assert_no_horizontal_scroll()
    axe(page, "tenant card")

    page.get_by_text("Alle boekingen (5)").click()  # the full ledger opens without JavaScript
    assert page.locator(".ledger-all table").is_visible()
    axe(page, "tenant card with the full ledger")

    if directory := os.environ.get("VANGNET_SCREENSHOTS"):
        Path(directory).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{directory}/tenant-card-{browser_page.viewport}.png", full_page=True)
    assert browser_page.console_errors == []


def test_search_works_without_javascript(browser, live_server, world, settings):
    context = browser.new_context(
        java_script_enabled=False, viewport={"width": 390, "height": 844}, locale="nl-NL"
    )
    page = context.new_page()
    try:
        page.goto(live_server.url + "/inloggen/")
        page.get_by_label("Gebruikersnaam").fill("petra")
        page.get_by_label("Wachtwoord").fill("geheim-wachtwoord-1")
        page.get_by_role("button", name="Inloggen").click()
        page.goto(live_server.url + "/huurders/")
        page.get_by_role("searchbox", name="Zoek een huurder").fill("amrani")
        page.get_by_role("button", name="Zoeken").click()
        page.wait_for_url("**/huurders/?q=amrani")
        assert "4 huurders gevonden" in page.locator("#result-count").inner_text()
        page.get_by_role("link", name="Fatima El Amrani").click()
        assert page.get_by_role("heading", level=1).inner_text() == "Fatima El Amrani"
    finally:
        context.close()
