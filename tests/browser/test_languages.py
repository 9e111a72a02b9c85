"""An Arabic-speaking tenant: the portal opens in Arabic, right to left, on a phone and a desktop; the
14-day letter they receive is Arabic, laid out right to left, with the Dutch legal text beside it."""

import datetime as dt
import io
from pathlib import Path

import pytest
from django.utils import timezone
from pypdf import PdfReader

from tests.messaging.factories import EnrollmentFactory, FlowStepFactory, StepRunFactory, delivery
from tests.portal.conftest import make_corporation, make_household
from vangnet.messaging import dispatch, links
from vangnet.messaging.models import MessageStatus, OutgoingMessage
from vangnet.messaging.services import outbox_plan
from vangnet.portal.hosts import host_memo_clear

pytestmark = pytest.mark.browser


@pytest.fixture
def household(transactional_db):
    host_memo_clear()
    corporation = make_corporation("Woonstad Utrecht", "woonstad", "030-1234567")
    return make_household(
        corporation, postcode="3511 AB", house_number="12", first_name="Amira", last_name="Haddad",
        birth_date=dt.date(1980, 12, 31), language="ar",
    )  # fmt: skip


def _fourteen_day_letter(household, letter_dir: Path) -> OutgoingMessage:
    corporation, tenant = household.contract.corporation, household.tenant
    step = FlowStepFactory(version__flow__corporation=corporation, corporation=corporation)
    StepRunFactory(
        enrollment=EnrollmentFactory(contract=household.contract, version=step.version),
        step=step,
        template_code="veertiendagenbrief",
        language=tenant.language,
        run_on=dt.date(2025, 3, 20),
        deliveries=[delivery("letter", tenant)],
    )
    outbox_plan(corporation=corporation, as_of=dt.date(2025, 3, 20), actor="run")
    message = OutgoingMessage.objects.get(tenant=tenant, channel="letter")
    dispatch.messages_deliver(corporation=corporation, message_ids=[message.pk], now=timezone.now())
    message.refresh_from_db()
    assert message.status == MessageStatus.SENT, message.status_reason
    return message


def test_an_arabic_tenant_reads_the_portal_right_to_left_and_gets_an_arabic_letter_with_the_dutch_text(
    browser_page, axe, household, settings, tmp_path
):
    settings.MESSAGING_LETTER_DIR = tmp_path / "letters"
    letter = _fourteen_day_letter(household, settings.MESSAGING_LETTER_DIR)
    pdf = PdfReader(io.BytesIO(Path(letter.pdf_path).read_bytes()))
    text = " ".join(" ".join(page.extract_text() for page in pdf.pages).split())
    for word in ("الإيجار", "تذكيراتنا", "الهولندي", "المعتمد"):  # the Arabic letter (read word by word)
        assert word in text
    assert "Deze brief is vertaald. De Nederlandse tekst hieronder is de tekst die geldt." in text
    assert (
        "Betaal het bedrag van € 1.043,25 binnen veertien dagen vanaf de dag nadat deze brief bij u is bezorgd."
        in text
    )
    assert letter.render_data["dir"] == "rtl"

    # With the code from the letter the tenant logs in; the portal then speaks Arabic, right to left.
    page = browser_page.page
    browser_page.goto("/portaal/")
    page.get_by_label("Uw persoonlijke code").fill(links.access_code(household.tenant.pk))
    page.get_by_label("Postcode").fill("3511 AB")
    page.get_by_label("Huisnummer").fill("12")
    page.get_by_role("button", name="Inloggen").click()
    page.get_by_role("heading", level=1, name="مرحبًا، Amira Haddad").wait_for()
    assert page.evaluate("[document.documentElement.lang, document.documentElement.dir]") == ["ar", "rtl"]
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    axe(page, "overview in Arabic")
    browser_page.assert_no_horizontal_scroll()
    page.get_by_role("navigation").first.get_by_role("link").nth(1).click()
    page.wait_for_load_state()
    assert page.evaluate("document.documentElement.dir") == "rtl"
    axe(page, "second page in Arabic")
    browser_page.assert_no_horizontal_scroll()
    assert browser_page.console_errors == []
