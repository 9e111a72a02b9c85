"""Issue 13's done-when: the hands-on review's path walked again in one go, on a phone and a desktop, with axe
on every page. A credit manager reviews a batch (opens the sample letter) and approves it, makes three calls
with notes, reads them back on the tenant card, answers a tenant's arrangement request with a counter-offer
that the tenant accepts in the portal, the tenant pays with the QR code on the screen, and a flow change the
credit manager proposed is approved by a manager."""

import datetime as dt

import pytest
from django.utils import timezone

from tests.messaging.factories import AS_OF, planned_step_runs
from tests.portal.conftest import make_household
from tests.world import build_world
from vangnet.arrangements.models import Arrangement, ArrangementPolicy, ArrangementStatus
from vangnet.arrangements.services import arrangement_propose
from vangnet.core.models import Role
from vangnet.flows.models import Flow
from vangnet.flows.services import flows_install_defaults
from vangnet.messaging import links
from vangnet.messaging.models import MessageStatus, OutgoingMessage
from vangnet.messaging.services import outbox_plan
from vangnet.payments.models import PaymentRequest, PaymentRequestStatus
from vangnet.portal.hosts import host_memo_clear
from vangnet.tasks.models import Task, TaskKind, TaskSource, TaskStatus

pytestmark = pytest.mark.browser

NOTES = ["Voicemail ingesproken", "Betaalt vrijdag, salaris komt later", "Wil een regeling, stuurt voorstel"]


@pytest.fixture
def review(transactional_db, settings, tmp_path):
    host_memo_clear()
    settings.MESSAGING_LETTER_DIR = tmp_path / "letters"
    world = build_world(
        "Woonstad Utrecht",
        "woonstad",
        messaging=True,
        review_batches=True,
        phone="030-1234567",
        primary_colour="#1d4e89",
        sender_email="huur@woonstad.example",
        iban="NL91ABNA0417164300",
    )
    corporation = world.corporation
    flows_install_defaults(corporation=corporation, actor="test")
    world.add_staff("petra", signed_in=False, first_name="Petra")
    world.add_staff("marieke", role=Role.MANAGER, signed_in=False)
    ArrangementPolicy.objects.create(corporation=corporation, require_rent_current=False)
    # A batch of reminders by e-mail and letter, waiting for review.
    runs = planned_step_runs(corporation, 3, channels=("email", "letter"))
    outbox_plan(corporation=corporation, as_of=AS_OF, actor="run")
    # Today's three calls, to the tenants of that batch.
    today = timezone.localdate()
    for number, run in enumerate(runs):
        contract = run.enrollment.contract
        Task.objects.create(
            corporation=corporation,
            kind=TaskKind.CALL,
            title=f"Bel huurder {number + 1}",
            contract=contract,
            tenant=contract.tenants.get(),
            due_on=today,
            source=TaskSource.FLOW,
            source_key=f"review-call-{number}",
        )
    # A tenant's request for 24 instalments: outside the rules, so it waits for a colleague.
    fatima = make_household(
        corporation, postcode="3511 AB", house_number="12", first_name="Fatima", last_name="El Amrani"
    )
    request = arrangement_propose(
        contract=fatima.contract,
        count=24,
        start_date=today,
        payment_method="link",
        as_of=today,
        actor="portal",
    ).arrangement
    assert request.status == ArrangementStatus.REQUESTED
    return world, fatima, request, [run.enrollment.contract for run in runs]


def test_the_review_path_again(browser_page, axe, review):
    world, fatima, request, called = review
    page = browser_page.page
    today = timezone.localdate()
    browser_page.login("petra")

    # Batch review with the sample letter, then approval.
    browser_page.goto("/berichten/")
    page.locator("main table tr").filter(has_text="Ter beoordeling").get_by_role("link").first.click()
    page.get_by_role("heading", name="Aantallen per stap en kanaal").wait_for()
    axe(page, "batch review")
    page.get_by_role("region", name="Voorbeelden").get_by_role(
        "link", name="Brief", exact=False
    ).first.click()
    page.get_by_role("link", name="Brief openen (PDF)").wait_for()
    axe(page, "sample letter")
    page.go_back()
    page.get_by_role("button", name="Batch goedkeuren en verzenden").click()
    page.get_by_text("De batch is goedgekeurd", exact=False).wait_for()
    assert OutgoingMessage.objects.filter(status=MessageStatus.SENT, channel="letter").count() == 3

    # Three calls, each with a note.
    browser_page.goto("/bellijst/")
    axe(page, "call list")
    tasks = list(Task.objects.filter(kind=TaskKind.CALL).order_by("pk"))
    for task, note, outcome in zip(tasks, NOTES, ["Niet bereikt", "Bereikt", "Bereikt"], strict=True):
        call = page.locator(f"#call-{task.pk}")
        call.get_by_label("Notitie bij het gesprek").fill(note)
        call.get_by_role("button", name=outcome, exact=True).click()
        call.wait_for(state="detached")
    assert {task.status for task in Task.objects.filter(pk__in=[task.pk for task in tasks])} == {
        TaskStatus.DONE
    }

    # The card's history shows the call and its note.
    tenant = called[1].tenants.get()
    browser_page.goto(f"/huurders/{tenant.pk}/")
    page.get_by_text(NOTES[1], exact=False).first.wait_for()
    browser_page.assert_no_horizontal_scroll()
    axe(page, "tenant card with the call's note")

    # The arrangement request gets a counter-offer.
    browser_page.goto(f"/regelingen/{request.pk}/")
    page.get_by_label("Aantal termijnen").fill("10")
    page.get_by_label("Eerste termijn").fill((today + dt.timedelta(days=7)).isoformat())
    page.get_by_label("Toelichting voor de huurder").fill("Tien termijnen past in ons beleid.")
    axe(page, "arrangement request")
    page.get_by_role("button", name="Tegenvoorstel sturen").click()
    page.get_by_text("Tegenvoorstel", exact=False).first.wait_for()
    request.refresh_from_db()
    assert request.counter_offered_on == today

    # A flow change proposed by the credit manager.
    browser_page.goto("/trajecten/")
    page.get_by_role("link", name="Zacht: altijd op tijd").first.click()
    page.get_by_role("link", name="Tijdlijn bewerken").click()
    first = page.get_by_role("group", name="Stap 1: Vriendelijke herinnering")
    first.get_by_label("Dag:", exact=True).fill("3")
    page.get_by_label("Wat verandert er?").fill("De eerste herinnering twee dagen eerder")
    page.get_by_role("button", name="Opslaan als nieuwe versie").click()
    page.get_by_text("Versie 2 is opgeslagen als voorstel.").wait_for()
    axe(page, "proposed flow change")

    # The tenant accepts the counter-offer in the portal and pays with the QR code.
    page.context.clear_cookies()
    token = links.portal_token(corporation_id=world.corporation.pk, tenant_id=fatima.tenant.pk)
    browser_page.goto(f"/portaal/link/{token}/")
    page.get_by_role("heading", level=1, name="Welkom, Fatima El Amrani").wait_for()
    page.get_by_role("link", name="Bekijk ons voorstel").click()
    page.get_by_label("Postcode").fill("3511 AB")
    page.get_by_label("Huisnummer").fill("12")
    page.get_by_role("button", name="Verder").click()
    page.get_by_role("heading", level=2, name="Ons voorstel aan u").wait_for()
    assert "Tien termijnen past in ons beleid." in page.inner_text("main")
    axe(page, "counter-offer in the portal")
    page.get_by_role("button", name="Ja, ik ga akkoord met dit voorstel").click()
    page.get_by_text("De regeling is afgesproken").wait_for()
    assert Arrangement.objects.get(pk=request.pk).status == ArrangementStatus.ACTIVE

    page.get_by_role("link", name="Betalen", exact=True).click()
    page.get_by_role("heading", level=1, name="Betalen").wait_for()
    page.get_by_label("Een ander bedrag").check()
    page.get_by_label("Bedrag in euro").fill("50,00")
    page.get_by_role("button", name="Naar betalen").click()
    page.get_by_role("heading", level=1, name="Betaal € 50,00").wait_for()
    qr = page.get_by_role("img", name="QR-code met de link naar de betaalpagina")
    page.wait_for_function("img => img.complete", arg=qr.element_handle())
    assert qr.evaluate("img => img.naturalWidth") > 0
    axe(page, "pay with the QR code")
    page.get_by_role("link", name="Nu betalen op dit apparaat").click()
    page.get_by_role("heading", level=1, name="Betaal uw huur").wait_for()
    page.get_by_role("button", name="Betaal € 50,00").click()
    page.wait_for_url("**/betalen/testbank/**")
    page.get_by_role("button", name="Betaald").click()
    page.wait_for_url("**/resultaat/")
    page.get_by_role("heading", level=1, name="Dank u wel!").wait_for()
    axe(page, "paid")
    assert PaymentRequest.objects.get(status=PaymentRequestStatus.PAID).amount == 50

    # A manager approves the flow change.
    page.context.clear_cookies()
    browser_page.login("marieke")
    browser_page.goto("/trajecten/")
    page.get_by_role("link", name="Zacht: altijd op tijd").first.click()
    page.get_by_role("link", name="Voorstel bekijken").click()
    page.get_by_role("button", name="Goedkeuren").click()
    page.get_by_text("Versie 2 is goedgekeurd.").wait_for()
    axe(page, "approved flow change")
    assert Flow.objects.get(corporation=world.corporation, code="zacht").current_version.number == 2
    assert not browser_page.console_errors
