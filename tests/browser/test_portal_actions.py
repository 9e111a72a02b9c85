"""On the portal a tenant pays (an amount of their choice, with a QR code for the phone), asks for help and
for an invoice copy, and reads a message they received; on a phone and on a desktop, axe on every page."""

import pytest
from django.utils import timezone

from tests.browser.conftest import REFUSED_FORM_ERROR
from tests.portal.conftest import make_corporation, make_household
from vangnet.messaging import links
from vangnet.messaging.models import MessageStatus, OutgoingMessage
from vangnet.messaging.services import manual_batch_get
from vangnet.payments.models import PaymentRequest
from vangnet.portal.hosts import host_memo_clear
from vangnet.tasks.models import Task, TaskKind

pytestmark = pytest.mark.browser


@pytest.fixture
def household(transactional_db):
    host_memo_clear()
    corporation = make_corporation("Woonstad Utrecht", "woonstad", "030-1234567")
    household = make_household(
        corporation, postcode="3511 AB", house_number="12", first_name="Fatima", last_name="El Amrani"
    )
    OutgoingMessage.objects.create(
        corporation=corporation,
        batch=manual_batch_get(corporation=corporation, day=timezone.localdate()),
        tenant=household.tenant,
        contract=household.contract,
        channel="email",
        recipient="tenant",
        template_code="herinnering-vriendelijk",
        status=MessageStatus.SENT,
        subject="Herinnering: uw huur is nog niet betaald",
        body_text="Beste Fatima,\n\nWij hebben uw huur nog niet ontvangen.",
        sent_at=timezone.now(),
    )
    return household


def _enter(browser_page, household) -> None:
    token = links.portal_token(corporation_id=household.corporation.pk, tenant_id=household.tenant.pk)
    browser_page.goto(f"/portaal/link/{token}/")
    browser_page.page.get_by_role("heading", level=1, name="Welkom, Fatima El Amrani").wait_for()


def test_pay_a_chosen_amount_with_a_qr_code(browser_page, axe, household):
    page = browser_page.page
    _enter(browser_page, household)
    assert "€ 1.043,25" in page.inner_text("main")
    page.get_by_role("link", name="Betalen", exact=True).click()
    page.get_by_role("heading", level=1, name="Betalen").wait_for()
    axe(page, "pay choice")
    browser_page.assert_no_horizontal_scroll()
    page.get_by_label("Een ander bedrag").check()
    page.get_by_label("Bedrag in euro").fill("2000")
    page.get_by_role("button", name="Naar betalen").click()
    page.get_by_text("Dit is meer dan wat er openstaat.").wait_for()
    axe(page, "pay choice with an error")
    page.get_by_label("Bedrag in euro").fill("150,00")
    page.get_by_role("button", name="Naar betalen").click()
    page.get_by_role("heading", level=1, name="Betaal € 150,00").wait_for()
    qr = page.get_by_role("img", name="QR-code met de link naar de betaalpagina")
    assert qr.is_visible()
    # The browser decoded the image: an invalid SVG leaves naturalWidth at 0 (a broken-image icon).
    page.wait_for_function("img => img.complete", arg=qr.element_handle())
    assert qr.evaluate("img => img.naturalWidth") > 0
    axe(page, "pay link with QR code")
    browser_page.assert_no_horizontal_scroll()
    page.get_by_role("link", name="Nu betalen op dit apparaat").click()
    page.get_by_role("heading", level=1, name="Betaal uw huur").wait_for()
    assert "€ 150,00" in page.inner_text("main")
    assert PaymentRequest.objects.get().amount == 150
    assert browser_page.console_errors == [REFUSED_FORM_ERROR]  # the amount above the open balance


def test_ask_for_help_an_invoice_copy_and_read_a_message(browser_page, axe, household):
    page = browser_page.page
    _enter(browser_page, household)
    page.get_by_role("link", name="Herinnering: uw huur is nog niet betaald").click()
    page.get_by_text("Wij hebben uw huur nog niet ontvangen.").wait_for()
    axe(page, "received message")
    browser_page.assert_no_horizontal_scroll()

    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Hulp").click()
    page.get_by_role("heading", level=1, name="Wilt u iemand spreken?").wait_for()
    axe(page, "help")
    browser_page.assert_no_horizontal_scroll()
    page.get_by_label("Ik wil hulp bij mijn schulden").check()
    page.get_by_role("button", name="Verstuur").click()
    page.get_by_role("heading", level=1, name="Wij hebben uw vraag ontvangen").wait_for()
    axe(page, "help received")
    assert Task.objects.filter(kind=TaskKind.HELP_REQUEST).count() == 1

    page.get_by_role("link", name="Terug naar uw overzicht").click()
    page.get_by_role("link", name="Een kopie van een factuur vragen").click()
    page.get_by_role("heading", level=1, name="Kopie van een factuur").wait_for()
    axe(page, "invoice copy")
    browser_page.assert_no_horizontal_scroll()
    page.get_by_label("Welke factuur?").select_option(label="Huur 03-2025 · € 695,50")
    page.get_by_role("button", name="Kopie vragen").click()
    page.get_by_text("Wij hebben de kopie gestuurd naar").wait_for()
    axe(page, "invoice copy sent")
    assert OutgoingMessage.objects.filter(template_code="kopie-factuur").count() == 1
    assert browser_page.console_errors == []
