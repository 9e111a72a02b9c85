"""A tenant promises to pay, reports a payment, disputes an item with a photo and agrees an arrangement
in the portal, on a phone and on a desktop; axe on every page."""

import datetime as dt

import pytest
from django.utils import timezone

from tests.portal.conftest import make_corporation, make_household
from vangnet.arrangements.models import (
    Arrangement,
    ArrangementPolicy,
    ArrangementStatus,
    PaymentClaim,
    Promise,
)
from vangnet.disputes.models import Dispute
from vangnet.disputes.services import dispute_categories_install_defaults
from vangnet.messaging import links
from vangnet.portal.hosts import host_memo_clear

pytestmark = pytest.mark.browser
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def household(transactional_db):
    host_memo_clear()
    corporation = make_corporation("Woonstad Utrecht", "woonstad", "030-1234567")
    ArrangementPolicy.objects.create(corporation=corporation, require_rent_current=False)
    dispute_categories_install_defaults(corporation=corporation)
    return make_household(
        corporation, postcode="3511 AB", house_number="12", first_name="Fatima", last_name="El Amrani"
    )


def _overview(page) -> None:
    page.get_by_role("heading", level=1, name="Welkom, Fatima El Amrani").wait_for()


def test_promise_claim_dispute_and_arrangement(browser_page, axe, household, tmp_path):
    page = browser_page.page
    token = links.portal_token(corporation_id=household.corporation.pk, tenant_id=household.tenant.pk)
    browser_page.goto(f"/portaal/link/{token}/")
    _overview(page)
    today = timezone.localdate()

    page.get_by_role("link", name="Later betalen").click()
    page.get_by_role("heading", level=1, name="Later betalen: een betaalbelofte").wait_for()
    axe(page, "promise")
    browser_page.assert_no_horizontal_scroll()
    page.get_by_label("Op welke dag betaalt u?").fill((today + dt.timedelta(days=40)).isoformat())
    page.get_by_role("button", name="Belofte doorgeven").click()
    page.get_by_text("Kies een datum van vandaag tot en met").wait_for()
    axe(page, "promise with an error")
    page.get_by_label("Op welke dag betaalt u?").fill((today + dt.timedelta(days=7)).isoformat())
    page.get_by_role("button", name="Belofte doorgeven").click()
    page.get_by_text("Tot die dag sturen we geen herinnering").wait_for()
    assert Promise.objects.count() == 1

    page.get_by_role("link", name="Ik heb al betaald").click()
    page.get_by_role("heading", level=1, name="Ik heb al betaald").wait_for()
    axe(page, "payment claim")
    browser_page.assert_no_horizontal_scroll()
    page.get_by_label("Op welke dag heeft u betaald?").fill((today - dt.timedelta(days=1)).isoformat())
    page.get_by_label("Hoeveel heeft u betaald? (in euro)").fill("347,75")
    page.get_by_role("button", name="Doorgeven").click()
    page.get_by_text("We zoeken uw betaling van € 347,75 op").wait_for()
    assert PaymentClaim.objects.count() == 1

    page.get_by_role("link", name="Klopt er iets niet?").click()
    page.get_by_role("heading", level=1, name="Klopt er iets niet?").wait_for()
    axe(page, "dispute")
    browser_page.assert_no_horizontal_scroll()
    page.get_by_role("group", name="Wat is er aan de hand?").get_by_role("radio").first.check()
    page.get_by_label("Huur 03-2025 · € 695,50").check()
    page.get_by_label("Vertel in uw eigen woorden wat er niet klopt").fill("Deze huur heb ik al betaald.")
    photo = tmp_path / "bon.png"
    photo.write_bytes(PNG)
    page.get_by_label("Bijlage (mag leeg blijven)").set_input_files(str(photo))
    page.get_by_role("button", name="Versturen").click()
    page.get_by_text("We hebben uw bezwaar ontvangen").wait_for()
    assert Dispute.objects.get().attachments.count() == 1
    axe(page, "overview with promise, claim and dispute")

    page.get_by_role("link", name="In delen betalen").click()
    page.get_by_role("heading", level=1, name="Even controleren dat u het bent").wait_for()
    page.get_by_label("Postcode").fill("3511 AB")
    page.get_by_label("Huisnummer").fill("12")
    page.get_by_role("button", name="Verder").click()
    page.get_by_role("heading", level=1, name="In delen betalen: een betalingsregeling").wait_for()
    axe(page, "arrangement")
    browser_page.assert_no_horizontal_scroll()
    page.get_by_label("In hoeveel maanden wilt u betalen?").fill("3")
    page.get_by_label("Wanneer betaalt u de eerste keer?").fill((today + dt.timedelta(days=5)).isoformat())
    page.get_by_role("button", name="Regeling aanvragen").click()
    page.get_by_role("heading", level=1, name="Uw betalingsregeling is afgesproken").wait_for()
    axe(page, "arrangement agreed")
    browser_page.assert_no_horizontal_scroll()
    assert Arrangement.objects.get().status == ArrangementStatus.ACTIVE
    assert [e for e in browser_page.console_errors if "400" not in e] == []
