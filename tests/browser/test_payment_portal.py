"""A tenant opens a pay link on a phone, pays in the sandbox and sees the confirmation; axe on every page."""

from decimal import Decimal

import pytest

from tests.payments.conftest import make_tenancy
from vangnet.ledger.models import ContractStanding
from vangnet.payments.models import PaymentRequestStatus
from vangnet.payments.services import payment_request_create

pytestmark = pytest.mark.browser


@pytest.fixture
def viewport() -> str:
    """These pages are opened from an SMS or an email: a phone first."""
    return "phone"


@pytest.fixture
def link(transactional_db):
    tenancy = make_tenancy("Woonstad Utrecht", "woonstad")
    return payment_request_create(corporation=tenancy.corporation, contract=tenancy.contract, actor="test")


def test_pay_in_the_sandbox_on_a_phone(browser_page, axe, link):
    page = browser_page.page
    browser_page.goto(f"/betalen/{link.token}/")
    assert page.get_by_role("heading", level=1).inner_text() == "Betaal uw huur"
    assert "Woonstad Utrecht" in page.inner_text("header")
    assert "€ 1.043,25" in page.inner_text("main")
    # The corporation's colour reaches the header through the brand stylesheet, not an inline style.
    header_colour = page.eval_on_selector("header", "el => getComputedStyle(el).backgroundColor")
    assert header_colour == "rgb(29, 78, 137)"
    axe(page, "pay landing page")
    browser_page.assert_no_horizontal_scroll()

    page.get_by_role("button", name="Betaal € 1.043,25").click()
    page.wait_for_url("**/betalen/testbank/**")
    assert page.get_by_role("heading", level=1).inner_text() == "Testbank"
    axe(page, "sandbox checkout")
    browser_page.assert_no_horizontal_scroll()

    page.get_by_role("button", name="Betaald").click()
    page.wait_for_url(f"**/betalen/{link.token}/resultaat/")
    assert page.get_by_role("heading", level=1).inner_text() == "Dank u wel!"
    assert "Wij hebben uw betaling van € 1.043,25 ontvangen." in page.inner_text("main")
    axe(page, "payment result")
    browser_page.assert_no_horizontal_scroll()

    link.refresh_from_db()
    assert link.status == PaymentRequestStatus.PAID
    assert ContractStanding.objects.get(contract=link.contract).balance == Decimal("0.00")
    assert browser_page.console_errors == []


def test_a_failed_payment_and_a_bad_link_on_a_phone(browser_page, axe, link):
    page = browser_page.page
    browser_page.goto(f"/betalen/{link.token}/")
    page.get_by_role("button", name="Betaal € 1.043,25").click()
    page.wait_for_url("**/betalen/testbank/**")
    page.get_by_role("button", name="Mislukt").click()
    page.wait_for_url(f"**/betalen/{link.token}/resultaat/")
    assert page.get_by_role("heading", level=1).inner_text() == "De betaling is niet gelukt"
    axe(page, "failed payment")
    page.get_by_role("link", name="Probeer het opnieuw").click()
    page.wait_for_url(f"**/betalen/{link.token}/")

    browser_page.goto("/betalen/dit-is-geen-geldige-link-000000000/")
    assert page.get_by_role("heading", level=1).inner_text() == "Deze link werkt niet (meer)"
    axe(page, "invalid link page")
    browser_page.assert_no_horizontal_scroll()
    # 404 for the bad link is expected; nothing else may appear on the console.
    assert [e for e in browser_page.console_errors if "404" not in e] == []
