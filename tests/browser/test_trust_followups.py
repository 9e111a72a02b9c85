"""What a tenant sees when the facts changed: an old pay link offers today's amount and pays it, and a
counter-offer on an arrangement request is accepted in the portal; axe on every page."""

from decimal import Decimal

import pytest
from django.utils import timezone

from tests.factories import LedgerEntryFactory
from tests.payments.conftest import make_tenancy
from tests.portal.conftest import make_corporation, make_household
from vangnet.arrangements.models import Arrangement, ArrangementPolicy, ArrangementStatus
from vangnet.arrangements.services import arrangement_counter_offer, arrangement_propose
from vangnet.ledger.models import EntryKind
from vangnet.messaging import links
from vangnet.payments.links import payment_requests_supersede
from vangnet.payments.models import PaymentRequest, PaymentRequestStatus
from vangnet.payments.services import payment_request_create
from vangnet.portal.hosts import host_memo_clear

pytestmark = pytest.mark.browser


def test_an_old_pay_link_offers_what_is_open_now_and_pays_it(browser_page, axe, transactional_db):
    tenancy = make_tenancy("Woonstad Utrecht", "woonstad")
    old = payment_request_create(corporation=tenancy.corporation, contract=tenancy.contract, actor="test")
    LedgerEntryFactory(contract=tenancy.contract, kind=EntryKind.PAYMENT, amount=Decimal("-1000.00"))
    payment_requests_supersede(
        corporation=tenancy.corporation, contract_ids=[tenancy.contract.pk], why="Er is betaald.", actor="t"
    )
    page = browser_page.page
    browser_page.goto(f"/betalen/{old.token}/")
    assert page.get_by_role("heading", level=1).inner_text() == "Het bedrag is veranderd"
    main = page.inner_text("main")
    assert "€ 43,25" in main and "1.043,25" not in main
    axe(page, "superseded pay link")
    browser_page.assert_no_horizontal_scroll()

    page.get_by_role("button", name="Betaal € 43,25").click()
    page.wait_for_url("**/betalen/testbank/**")
    page.get_by_role("button", name="Betaald").click()
    page.wait_for_url("**/resultaat/")
    assert page.get_by_role("heading", level=1).inner_text() == "Dank u wel!"
    axe(page, "result of the renewed link")
    renewed = PaymentRequest.objects.exclude(pk=old.pk).get()
    assert renewed.amount == Decimal("43.25") and renewed.status == PaymentRequestStatus.PAID


def test_a_counter_offer_is_accepted_in_the_portal(browser_page, axe, transactional_db):
    host_memo_clear()
    corporation = make_corporation("Woonstad Utrecht", "woonstad", "030-1234567")
    ArrangementPolicy.objects.create(corporation=corporation, require_rent_current=False)
    household = make_household(
        corporation, postcode="3511 AB", house_number="12", first_name="Fatima", last_name="El Amrani"
    )
    today = timezone.localdate()
    start = today
    outcome = arrangement_propose(
        contract=household.contract, count=24, start_date=start, payment_method="link", as_of=today,
        actor="portal",
    )  # fmt: skip
    arrangement_counter_offer(
        arrangement=outcome.arrangement, count=10, start_date=start, note="Tien termijnen past in ons beleid.",
        actor="test", as_of=today,
    )  # fmt: skip

    page = browser_page.page
    token = links.portal_token(corporation_id=corporation.pk, tenant_id=household.tenant.pk)
    browser_page.goto(f"/portaal/link/{token}/")
    page.get_by_role("heading", level=1, name="Welkom, Fatima El Amrani").wait_for()
    assert "We doen u een ander voorstel" in page.inner_text("main")
    page.get_by_role("link", name="Bekijk ons voorstel").click()
    page.get_by_role("heading", level=1, name="Even controleren dat u het bent").wait_for()
    page.get_by_label("Postcode").fill("3511 AB")
    page.get_by_label("Huisnummer").fill("12")
    page.get_by_role("button", name="Verder").click()
    page.get_by_role("heading", level=2, name="Ons voorstel aan u").wait_for()
    assert "Tien termijnen past in ons beleid." in page.inner_text("main")
    axe(page, "counter-offer")
    browser_page.assert_no_horizontal_scroll()
    page.get_by_role("button", name="Ja, ik ga akkoord met dit voorstel").click()
    page.get_by_text("De regeling is afgesproken").wait_for()
    axe(page, "overview after accepting")
    assert Arrangement.objects.get().status == ArrangementStatus.ACTIVE
