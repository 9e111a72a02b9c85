"""A credit manager's morning on the demo data, in the browser: sign in with the app code, the start screen,
a batch approved, three calls with different outcomes, an arrangement that is then missed (the day advanced
with run_day --as-of), a dispute resolved so its items resume; and a dispute handler kept out of the flows.
"""

import datetime as dt
import time

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_scopes import scopes_disabled

from vangnet.arrangements.models import Arrangement, ArrangementStatus
from vangnet.backoffice.call_list import call_list
from vangnet.demo.setup import DEMO_STAFF, seed_demo
from vangnet.disputes.models import Dispute, DisputeStatus
from vangnet.flows.models import Enrollment, EnrollmentStatus
from vangnet.tasks.models import Task, TaskKind

pytestmark = pytest.mark.browser
CREDIT_MANAGER, DISPUTE_HANDLER = DEMO_STAFF[0], DEMO_STAFF[1]


def app_code(user) -> str:
    device = TOTPDevice.objects.filter(user__username=user).order_by("-pk").first()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    return f"{totp.token():06d}"


def _seeded(settings, tmp_path, *, tenancies: int, months: int):
    settings.VAR_DIR = tmp_path
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.VANGNET_STAFF_2FA = "required"
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    with scopes_disabled():
        return seed_demo(tenancies=tenancies, months=months, as_of=timezone.localdate()).corporation


@pytest.fixture
def demo(settings, tmp_path, transactional_db):
    return _seeded(settings, tmp_path, tenancies=250, months=6)


@pytest.fixture
def small_demo(settings, tmp_path, transactional_db):
    """The demo's logins and roles on a few tenancies: for tests of who may see what, not of the morning."""
    return _seeded(settings, tmp_path, tenancies=40, months=3)


def sign_in(browser_page, login, *, first_time: bool) -> None:
    page = browser_page.page
    browser_page.goto("/inloggen/")
    page.get_by_label("Gebruikersnaam").fill(login.username)
    page.get_by_label("Wachtwoord").fill(login.password)
    page.get_by_role("button", name="Inloggen").click()
    if first_time:
        page.get_by_role("heading", name="Tweestapsverificatie instellen").wait_for()
        page.get_by_label("Code").fill(app_code(login.username))
        page.get_by_role("button", name="Bevestigen").click()
    page.wait_for_url(browser_page.base_url + "/")


def test_a_credit_managers_morning(browser_page, demo, axe):
    page = browser_page.page
    today = timezone.localdate()
    sign_in(browser_page, CREDIT_MANAGER, first_time=True)

    # The start screen: batches to review and calls on the left, deadlines on the right.
    page.get_by_role("heading", name="Batches te beoordelen").wait_for()
    page.get_by_role("heading", name="Bellen vandaag").wait_for()
    page.get_by_role("heading", name="Geschillen: termijnen").wait_for()
    browser_page.assert_no_horizontal_scroll()
    axe(page, "start screen")

    # Review and approve today's batch.
    page.locator("#start-batches + ul a").first.click()
    page.get_by_role("button", name="Batch goedkeuren en verzenden").click()
    page.get_by_text("goedgekeurd", exact=False).first.wait_for()

    # Three calls with three outcomes, from the list as it shows today: calls due later (a returned direct
    # debit's call, due in two days) are not on it yet.
    with scopes_disabled():
        calls = [row.task.pk for row in call_list(as_of=today) if row.task.contract_id is not None]
    assert len(calls) >= 3, "the demo morning needs calls"
    browser_page.goto("/bellijst/")
    axe(page, "call list")
    not_reached, promised, arranged = (page.locator(f"#call-{pk}") for pk in calls[:3])
    not_reached.get_by_role("button", name="Niet bereikt").click()
    page.get_by_text("Niet bereikt", exact=False).first.wait_for()
    promised.get_by_text("Belofte gemaakt").click()
    promised.get_by_label("Betaalt op").fill((today + dt.timedelta(days=5)).isoformat())
    promised.get_by_role("button", name="Belofte vastleggen").click()
    page.get_by_text("belofte €", exact=False).first.wait_for()
    arranged.get_by_role("button", name="Regeling").click()

    # The tenant card opens with the arrangement form; the calculator shows the schedule.
    page.get_by_role("heading", name="Acties").first.wait_for()
    form = page.locator("details[open]").filter(has_text="Betalingsregeling maken")
    form.get_by_label("Aantal termijnen").fill("3")
    form.get_by_label("Eerste termijn op").fill((today + dt.timedelta(days=2)).isoformat())
    form.get_by_text("3 termijnen").wait_for()
    axe(page, "tenant card with the arrangement form")
    form.get_by_role("button", name="Regeling vastleggen").click()
    page.get_by_role("heading", name="Betalingsregeling · Actief").wait_for()
    with scopes_disabled():
        outcomes = dict(Task.objects.filter(pk__in=calls[:3]).values_list("pk", "outcome"))
        arrangement = Arrangement.objects.filter(corporation=demo, channel="phone").get()
    assert outcomes[calls[0]].startswith("Niet bereikt")
    assert outcomes[calls[1]].startswith("Belofte gemaakt")
    assert outcomes[calls[2]].startswith("Regeling gemaakt")

    # Nothing is paid: the day advanced past the first instalment and its grace days breaks it.
    call_command("run_day", corporation=demo.slug, as_of=(today + dt.timedelta(days=9)).isoformat())
    page.reload()
    page.get_by_role("heading", name="Betalingsregeling · Niet nagekomen").wait_for()
    with scopes_disabled():
        arrangement.refresh_from_db()
        assert arrangement.status == ArrangementStatus.BROKEN
        assert Task.objects.filter(kind=TaskKind.ARRANGEMENT_BROKEN, contract=arrangement.contract).exists()

    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Regelingen").click()
    page.get_by_role("heading", name="Nagekomen regelingen, laatste 12 maanden").wait_for()
    axe(page, "arrangements and promises")

    # A dispute resolved: its items go back into the flow at once.
    with scopes_disabled():
        dispute = (
            Dispute.objects.filter(
                corporation=demo, status=DisputeStatus.OPEN, category__pauses_collection=True
            )
            .order_by("deadline")
            .first()
        )
        assert (
            Enrollment.objects.get(contract=dispute.contract, status__in=["active", "held"]).status == "held"
        )
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Geschillen").click()
    axe(page, "dispute list")
    page.locator(f'a[href="/geschillen/{dispute.pk}/"]').click()
    page.get_by_label("Oplossing (de huurder krijgt deze tekst)").fill("Factuur klopt; uitleg gegeven.")
    page.get_by_role("button", name="Oplossen").click()
    page.get_by_text("de posten lopen weer mee").wait_for()
    axe(page, "dispute detail")
    with scopes_disabled():
        enrollment = Enrollment.objects.get(contract=dispute.contract, status__in=["active", "held"])
        assert enrollment.status == EnrollmentStatus.ACTIVE
    assert not browser_page.console_errors


def test_a_dispute_handler_cannot_open_the_flow_configuration(browser_page, small_demo, axe):
    page = browser_page.page
    sign_in(browser_page, DISPUTE_HANDLER, first_time=True)
    navigation = page.get_by_role("navigation", name="Hoofdmenu")
    navigation.get_by_role("link", name="Geschillen").wait_for()
    assert navigation.get_by_role("link", name="Trajecten").count() == 0
    browser_page.goto("/trajecten/")
    page.get_by_role("heading", name="Deze pagina is niet voor uw rol").wait_for()
    axe(page, "forbidden page")


def test_an_administrator_lifts_a_lockout_and_reads_the_audit_log(browser_page, small_demo, axe):
    from django.test import Client

    admin = DEMO_STAFF[3]
    for _ in range(5):
        Client().post("/inloggen/", {"username": CREDIT_MANAGER.username, "password": "fout"})
    page = browser_page.page
    sign_in(browser_page, admin, first_time=True)
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Beheer").click()
    page.get_by_text("Geblokkeerd").wait_for()
    axe(page, "team page")
    page.get_by_role("button", name=f"Blokkade opheffen {CREDIT_MANAGER.username}").click()
    page.get_by_text("kan weer inloggen").wait_for()
    page.get_by_role("link", name="Naar het logboek").click()
    page.get_by_label("Onderwerp").select_option("staff")
    page.get_by_role("button", name="Tonen").click()
    page.get_by_text("Blokkade van een medewerker opgeheven").wait_for()
    axe(page, "audit log")
    browser_page.assert_no_horizontal_scroll()
    assert not browser_page.console_errors
