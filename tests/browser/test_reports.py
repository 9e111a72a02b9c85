from pathlib import Path

import pytest
from django_scopes import scopes_disabled

from tests.browser.conftest import settled
from tests.reports.conftest import build_portfolio
from vangnet.core.models import Corporation
from vangnet.reports.registry import REPORTS

pytestmark = pytest.mark.browser


def test_open_every_report_and_drill_from_a_wijk_to_a_tenant_card(browser_page, world, axe):
    with scopes_disabled():
        portfolio = build_portfolio(Corporation.objects.get(slug="woonstad"))
        late_tenant = portfolio.contracts["late"].parties.get().tenant
    page = browser_page.page
    browser_page.goto("/inloggen/")
    browser_page.login("petra")

    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Rapporten").click()
    page.get_by_role("heading", level=1, name="Rapporten").wait_for()
    axe(page, "reports")
    for report in REPORTS.values():
        page.locator("#main").get_by_role("link", name=str(report.title), exact=True).click()
        page.get_by_role("heading", level=1, name=str(report.title)).wait_for()
        assert page.locator("table").first.is_visible()
        page.get_by_role("img", name=" per ").wait_for()
        browser_page.assert_no_horizontal_scroll()
        axe(page, f"report {report.name}")
        page.get_by_role("link", name="Alle rapporten").click()

    page.locator("#main").get_by_role("link", name="Huurachterstand", exact=True).click()
    page.get_by_label("Indelen naar").select_option("neighbourhood")
    page.get_by_role("button", name="Toon").click()
    table = page.get_by_role("table", name="Huurachterstand per wijk")
    assert "6,94%" in table.get_by_role("row", name="Lombok").inner_text()
    # The chart, drawn by Chart.js on a canvas, carries its name; the table beside it the figures.
    chart = page.get_by_role("img", name="per wijk")
    chart.wait_for()
    assert chart.evaluate("element => element.tagName") == "CANVAS"
    assert settled(page, lambda: chart.evaluate("canvas => canvas.width")) > 0
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download als PNG").click()
    download = download_info.value
    assert download.suggested_filename == "arrears-neighbourhood.png"
    assert Path(download.path()).read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    assert page.get_by_role("link", name="Grafiek (SVG)").get_attribute("href").endswith("format=svg")

    table.get_by_role("link", name="Lombok").click()
    page.get_by_role("heading", level=1, name="Wijk: Lombok").wait_for()
    axe(page, "contracts of a wijk")
    page.get_by_role("link", name=portfolio.contracts["late"].unit.address_line + ", Utrecht").click()
    page.get_by_role("heading", level=1, name=late_tenant.display_name).wait_for()
    assert browser_page.console_errors == []
