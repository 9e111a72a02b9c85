"""A manager builds a dynamic report, saves it for the team and puts it on the start screen."""

from pathlib import Path

import pytest
from django_scopes import scopes_disabled

from tests.reports.conftest import build_portfolio
from vangnet.core.models import Corporation

pytestmark = pytest.mark.browser


def test_build_and_save_a_dynamic_report_and_add_it_to_the_start_screen(browser_page, world, axe):
    with scopes_disabled():
        build_portfolio(Corporation.objects.get(slug="woonstad"))
    page = browser_page.page
    browser_page.login("petra")
    browser_page.goto("/rapporten/")
    page.get_by_role("link", name="Zelf een rapport samenstellen").click()
    page.get_by_role("heading", level=1, name="Zelf een rapport samenstellen").wait_for()
    axe(page, "report builder")

    page.get_by_label("Onderwerp", exact=True).select_option(label="Contracten (maandstand)")
    page.get_by_role("button", name="Kies onderwerp").click()
    page.get_by_label("Indelen naar", exact=True).select_option(label="Wijk")
    page.get_by_label("Achterstand (som)").check()
    page.get_by_label("Filter op").select_option(label="Zittend of vertrokken")
    page.get_by_label("Waarden van het filter").fill("Zittend")
    page.get_by_role("button", name="Toon", exact=True).click()

    table = page.get_by_role("table", name="Contracten (maandstand) per wijk")
    assert "€ 1.000,00" in table.get_by_role("row", name="Lombok").inner_text()
    # The portfolio's current tenants (1.000 + 250) and the world's Fatima (1.043,25).
    assert "€ 2.293,25" in table.locator("tfoot").inner_text()
    # The chart of the first measure, drawn on a canvas by Chart.js, named after what it shows.
    page.get_by_role("img", name="Aantal per wijk").wait_for()
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download als PNG").click()
    download = download_info.value
    assert download.suggested_filename == "rapport-contracts.png"
    assert Path(download.path()).read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    browser_page.assert_no_horizontal_scroll()
    axe(page, "report builder with a result")

    # A second filter row, without JavaScript: the button adds the row, the report keeps its choices.
    page.get_by_role("button", name="Filter toevoegen").click()
    page.get_by_label("Filter 2 op").select_option(label="Wijk")
    page.get_by_label("Waarden van filter 2").fill("Lombok")
    page.get_by_label("Waarden van filter 2").press("Enter")
    table = page.get_by_role("table", name="Contracten (maandstand) per wijk")
    table.get_by_role("row", name="Lombok").wait_for()
    assert table.get_by_role("row", name="Oog in Al").count() == 0
    assert page.get_by_label("Waarden van het filter").input_value() == "Zittend"
    browser_page.assert_no_horizontal_scroll()
    axe(page, "report builder with two filters")
    page.get_by_role("button", name="Verwijder filter 2").click()
    page.get_by_role("table", name="Contracten (maandstand) per wijk").get_by_role(
        "row", name="Oog in Al"
    ).wait_for()
    assert page.get_by_label("Filter 2 op").count() == 0

    page.get_by_label("Titel", exact=True).fill("Achterstand zittende huurders")
    page.get_by_label("Voor het hele team").check()
    page.get_by_label("Als tegel op mijn startscherm").check()
    page.get_by_role("button", name="Opslaan").click()
    page.get_by_role("heading", level=1, name="Achterstand zittende huurders").wait_for()
    assert page.get_by_text("Het rapport is opgeslagen.").is_visible()
    browser_page.assert_no_horizontal_scroll()
    axe(page, "saved report")

    browser_page.goto("/")
    page.get_by_role("heading", level=2, name="Mijn rapporten").wait_for()
    browser_page.assert_no_horizontal_scroll()
    axe(page, "start screen with a tile")
    page.get_by_role("link", name="Achterstand zittende huurders").click()
    page.get_by_role("heading", level=1, name="Achterstand zittende huurders").wait_for()
    assert browser_page.console_errors == []
