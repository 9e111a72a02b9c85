import pytest

from tests.backoffice.test_bank import OWN_IBAN, payment
from tests.bank.builders import camt053

pytestmark = pytest.mark.browser


def test_upload_a_statement_and_assign_the_unknown_payment(browser_page, world, axe):
    corporation = world.tenant.corporation
    corporation.iban = OWN_IBAN
    corporation.save()
    statement = camt053(
        payment("250.00", name="Onbekende Betaler", iban="NL69INGB0123456789", text="huur maart"),
        account=OWN_IBAN,
    )
    page = browser_page.page
    browser_page.login("petra")

    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Bankafschriften").click()
    page.get_by_role("heading", level=1, name="Bankafschriften").wait_for()
    browser_page.assert_no_horizontal_scroll()
    axe(page, "bank statement upload")
    page.get_by_label("Bankafschrift").set_input_files(
        files=[{"name": "afschrift.xml", "mimeType": "application/xml", "buffer": statement}]
    )
    page.get_by_role("button", name="Inlezen").click()
    page.get_by_role("heading", level=1, name="Bankafschrift afschrift.xml").wait_for()
    assert "Verwerkt" in page.locator("main").inner_text()
    axe(page, "bank statement result")

    page.get_by_role("navigation", name="Hoofdmenu").get_by_role(
        "link", name="Niet herkende betalingen"
    ).click()
    queue = page.locator("main table")
    queue.wait_for()
    assert "Onbekende Betaler" in queue.inner_text()
    browser_page.assert_no_horizontal_scroll()
    axe(page, "unmatched queue")

    page.get_by_role("link", name="bekijken en koppelen").first.click()
    page.get_by_role("searchbox", name="Zoek een huurder").fill("El Amrani")
    page.get_by_role("button", name="Zoeken").click()
    page.get_by_role("link", name="Kies contract HO-1001").click()
    assert "€ 250,00 wordt geboekt op contract HO-1001" in page.locator("main").inner_text()
    axe(page, "assign confirmation")
    page.get_by_role("button", name="Boeken op contract HO-1001").click()

    page.get_by_text("Er wachten geen betalingen op koppeling.").wait_for()
    assert "is geboekt op contract HO-1001" in page.locator(".messages").inner_text()
    axe(page, "empty queue")

    browser_page.goto(f"/huurders/{world.tenant.pk}/")
    assert "€ 793,25" in page.locator(".balance__item", has_text="Saldo").inner_text()
    assert browser_page.console_errors == []
