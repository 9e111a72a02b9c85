"""Campaigns in the browser: a tenant answers from an SMS link and the card shows the history; a tenant is
asked again about a doubtful meter reading; a colleague types ten paper slips with the keyboard only; a
colleague sets up a campaign. Axe on every page."""

import datetime as dt
import re

import pytest

from tests.browser.conftest import REFUSED_FORM_ERROR
from tests.campaigns.conftest import build_world, meter_with_history
from tests.factories import PASSWORD
from vangnet.campaigns.models import Campaign, CampaignTarget, MeterReading
from vangnet.campaigns.services import campaign_create, campaign_send, campaign_start
from vangnet.core import clock
from vangnet.messaging.links import access_code
from vangnet.messaging.models import OutgoingMessage
from vangnet.portal.hosts import host_memo_clear

pytestmark = pytest.mark.browser


@pytest.fixture
def campaign_world(transactional_db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    host_memo_clear()
    world = build_world()
    world.staff.set_password(PASSWORD)
    world.staff.save()
    return world


def _running(world, kind: str) -> Campaign:
    today = clock.today()
    campaign = campaign_create(
        corporation=world.corporation,
        name="Watermeters Lindenlaan" if kind == "meter" else "Contactgegevens Lindenlaan",
        kind=kind,
        channels=["sms", "email", "letter"],
        starts_on=today,
        deadline=today + dt.timedelta(days=21),
        complexes=["C100"],
        as_of=today,
        actor=world.staff,
    )
    campaign_start(campaign=campaign, actor=world.staff)
    campaign_send(campaign=campaign, as_of=today, actor=world.staff)
    return campaign


def _sms_link(browser_page, tenant) -> str:
    sms = OutgoingMessage.objects.get(tenant=tenant, channel="sms")
    link = re.search(r"https?://\S+", sms.body_text).group(0)  # type: ignore[union-attr]
    return link.split("/portaal/", 1)[1]


@pytest.mark.parametrize("viewport", ["phone"])
def test_a_tenant_completes_their_data_from_an_sms_link_and_the_card_shows_the_history(
    browser_page, axe, campaign_world
):
    world = campaign_world
    _running(world, "contact")
    page = browser_page.page
    browser_page.goto("/portaal/" + _sms_link(browser_page, world.tenants[0]))
    page.get_by_role("heading", level=1, name="Kloppen uw gegevens nog?").wait_for()
    axe(page, "contact campaign form")
    browser_page.assert_no_horizontal_scroll()
    page.get_by_label("Mobiel nummer").fill("0301234567")
    page.get_by_role("button", name="Klopt, opslaan").click()
    page.get_by_text("Dit is geen mobiel nummer. Schrijf het zo: 0612345678.").wait_for()
    axe(page, "contact campaign form with an error")
    page.get_by_label("Mobiel nummer").fill("06 1111 2222")
    page.get_by_label("SMS").check()
    page.get_by_role("button", name="Klopt, opslaan").click()
    page.get_by_text("Dank u wel. Wij hebben uw gegevens opgeslagen.").wait_for()
    assert browser_page.console_errors == [REFUSED_FORM_ERROR]
    browser_page.console_errors.clear()
    browser_page.login("sanne")
    browser_page.goto(f"/huurders/{world.tenants[0].pk}/")
    page.get_by_role("heading", name="Eerdere gegevens").wait_for()
    row = page.get_by_role("row").filter(has_text="0611112222")
    assert "0612345678" in row.inner_text()
    axe(page, "tenant card with contact history")
    assert browser_page.console_errors == []


@pytest.mark.parametrize("viewport", ["phone"])
def test_a_tenant_is_asked_again_about_a_doubtful_meter_reading(browser_page, axe, campaign_world):
    world = campaign_world
    meter_with_history(world.tenants[0], "WM-100", ("100", "150"), as_of=clock.today())
    campaign = _running(world, "meter")
    page = browser_page.page
    browser_page.goto("/portaal/" + _sms_link(browser_page, world.tenants[0]))
    page.get_by_role("heading", level=1, name="Uw watermeterstand").wait_for()
    axe(page, "meter reading form")
    browser_page.assert_no_horizontal_scroll()
    page.get_by_label("Meternummer").fill("WM-100")
    page.get_by_label("Meterstand in m³").fill("120")
    page.get_by_role("button", name="Meterstand versturen").click()
    page.get_by_text("Kijk nog eens op uw meter.").wait_for()
    assert "Deze stand is lager dan de vorige stand (150,000 m³" in page.inner_text("main")
    axe(page, "meter reading asked again")
    page.get_by_label("Meterstand in m³").fill("160,25")
    page.get_by_role("button", name="Meterstand versturen").click()
    page.get_by_text("Dank u wel. Wij hebben uw meterstand ontvangen.").wait_for()
    reading = MeterReading.objects.get(target__campaign=campaign, source="portal")
    assert (str(reading.value), reading.status) == ("160.250", "accepted")
    assert browser_page.console_errors == [REFUSED_FORM_ERROR]


@pytest.mark.parametrize("viewport", ["desktop"])
def test_a_colleague_types_ten_paper_slips_with_the_keyboard_only(browser_page, axe, campaign_world):
    world = campaign_world
    campaign = _running(world, "meter")
    targets = list(CampaignTarget.objects.filter(campaign=campaign).order_by("pk"))
    page = browser_page.page
    browser_page.login("sanne")
    browser_page.goto(f"/campagnes/{campaign.pk}/antwoordstroken/")
    page.get_by_role("heading", level=1, name="Antwoordstroken invoeren").wait_for()
    axe(page, "paper slips")
    slips = [(targets[i % len(targets)], f"WM-{i % len(targets) + 1:03d}", f"{100 + i},5") for i in range(10)]
    for target, number, value in slips:
        # The next slip starts in the code field by itself (fails by timeout if focus never lands there).
        page.wait_for_function("document.activeElement && document.activeElement.name === 'code'")
        page.keyboard.type(access_code(target.tenant_id))
        page.keyboard.press("Tab")
        page.keyboard.type(number)
        page.keyboard.press("Tab")
        page.keyboard.type(value)
        # The page of the slip before already says "Opgeslagen": wait for the new page, not the old text.
        with page.expect_navigation():
            page.keyboard.press("Enter")
        page.get_by_text("Opgeslagen").first.wait_for()
    axe(page, "paper slips after entering")
    readings = MeterReading.objects.filter(target__campaign=campaign, source="paper")
    # A second slip for the same household replaces the first: the last one typed counts.
    assert sorted((r.meter.number, str(r.value)) for r in readings) == sorted(
        {(n, f"{int(v.split(',')[0])}.500") for _, n, v in slips[-len(targets) :]}
    )
    assert browser_page.console_errors == []


@pytest.mark.parametrize("viewport", ["desktop"])
def test_a_colleague_sets_up_a_campaign(browser_page, axe, campaign_world):
    page = browser_page.page
    browser_page.login("sanne")
    browser_page.goto("/campagnes/")
    page.get_by_role("heading", level=1, name="Campagnes").wait_for()
    axe(page, "campaign list")
    page.get_by_role("link", name="Nieuwe campagne").click()
    page.get_by_role("heading", level=1, name="Nieuwe campagne").wait_for()
    axe(page, "new campaign")
    today = clock.today()
    page.get_by_label("Naam").fill("Meterstanden Lindenlaan")
    page.get_by_label("Doel").select_option("meter")
    page.get_by_label("Eerste kanaal").select_option("email")
    page.get_by_label("Anders, of als dat mislukt").select_option("letter")
    page.get_by_label("Complexen (leeg: alle)").select_option("C100")
    page.get_by_label("Verzenden op").fill(today.isoformat())
    page.get_by_label("Uiterste datum").fill((today + dt.timedelta(days=28)).isoformat())
    page.get_by_role("button", name="Campagne opslaan").click()
    page.get_by_text("Deze campagne bereikt nu 4 huurders.").wait_for()
    axe(page, "campaign in preparation")
    page.get_by_role("button", name="Campagne starten").click()
    page.get_by_text("Campagne gestart: 4 berichten gaan nu de deur uit.").wait_for()
    axe(page, "running campaign")
    assert Campaign.objects.get().channels == ["email", "letter"]
    assert browser_page.console_errors == []
