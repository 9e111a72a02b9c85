"""Governance in the browser: an administrator invites a colleague who sets a password and signs in; a
credit manager's segment change is approved by a manager who sees how many contracts would move."""

import re

import pytest

from tests.messaging.servers import SmtpServer
from tests.world import staff_member
from vangnet.core.models import Role, User
from vangnet.flows.models import Segment
from vangnet.flows.services import flows_install_defaults

pytestmark = pytest.mark.browser
NEW_PASSWORD = "Rode-Kater-Fietst-77"


@pytest.fixture
def smtp(settings):
    with SmtpServer() as server:
        settings.MAILERS = server.mailers
        yield server


def test_an_administrator_invites_a_colleague_who_sets_a_password_and_signs_in(
    browser_page, world, axe, smtp
):
    corporation = world.tenant.corporation
    staff_member(corporation, username="bea", role=Role.ADMIN, signed_in=False, first_name="Bea")
    page = browser_page.page
    browser_page.login("bea")

    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Beheer").click()
    page.get_by_role("heading", level=1, name="Medewerkers").wait_for()
    invite = page.get_by_role("region", name="Collega uitnodigen")
    invite.get_by_label("Voornaam").fill("Youssef")
    invite.get_by_label("Achternaam").fill("Bakker")
    invite.get_by_label("E-mailadres").fill("youssef.bakker@woonstad.example")
    invite.get_by_label("Rol").select_option(label="Manager")
    axe(page, "staff list with the invitation form")
    invite.get_by_role("button", name="Uitnodiging versturen").click()
    page.get_by_text("De uitnodiging is verstuurd naar youssef.bakker@woonstad.example.").wait_for()
    assert "Uitgenodigd" in page.get_by_role("row").filter(has_text="Youssef Bakker").inner_text()
    browser_page.assert_no_horizontal_scroll()

    body = smtp.sink.received[-1].message.get_body(("plain",)).get_content()
    link = re.search(r"(http://\S+/uitnodiging/\S+/)", body).group(1)
    assert link.startswith(browser_page.base_url)
    page.context.clear_cookies()
    page.goto(link)
    page.get_by_role("heading", level=1, name="Welkom bij Vangnet").wait_for()
    axe(page, "choosing a password from the invitation")
    page.get_by_label("Nieuw wachtwoord", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("Nieuw wachtwoord bevestigen").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Wachtwoord opslaan").click()
    page.get_by_text("Uw wachtwoord is ingesteld.").wait_for()
    browser_page.login("youssef.bakker@woonstad.example", NEW_PASSWORD)
    assert User.objects.get(username="youssef.bakker@woonstad.example").last_login is not None
    assert not browser_page.console_errors


def test_a_segment_change_is_proposed_and_approved_by_a_manager_who_sees_the_count(browser_page, world, axe):
    corporation = world.tenant.corporation
    flows_install_defaults(corporation=corporation, actor="test")
    page = browser_page.page
    browser_page.login("petra")

    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Trajecten").click()
    page.get_by_role("link", name="Zakelijke huurder", exact=True).click()
    first = page.get_by_role("group", name="Voorwaarde 1")
    first.get_by_label("Veld:", exact=True).select_option(label="Achterstand (€)")
    first.get_by_label("Voorwaarde:", exact=True).select_option(label="minstens")
    first.get_by_label("Waarde:", exact=True).fill("400")
    page.get_by_label("Wat verandert er en waarom?").fill("Grote achterstanden zakelijk behandelen")
    axe(page, "segment editor")
    page.get_by_role("button", name="Voorstel opslaan").click()
    page.get_by_text("Uw wijziging is opgeslagen als voorstel.").wait_for()
    assert page.get_by_role("button", name="Goedkeuren").count() == 0  # not by its author
    assert Segment.objects.get(corporation=corporation, name="Zakelijke huurder").conditions[0]["field"] == (
        "debtor_kind"
    )

    page.context.clear_cookies()
    staff_member(corporation, username="marieke", role=Role.MANAGER, signed_in=False)
    browser_page.login("marieke")
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Trajecten").click()
    page.get_by_role("link", name="Segment Zakelijke huurder wijzigen").click()
    changes = page.get_by_role("region", name="Wat dit voorstel verandert")
    assert "Achterstand (€) minstens 400" in changes.inner_text()
    moves = page.get_by_role("region", name="Contracten die van segment wisselen")
    assert "komt 1 contract in een ander segment" in moves.inner_text()
    assert "Zakelijke huurder" in moves.get_by_role("row").nth(1).inner_text()
    browser_page.assert_no_horizontal_scroll()
    axe(page, "segment proposal seen by a manager")
    page.get_by_role("button", name="Goedkeuren").click()
    page.get_by_text("Het voorstel is goedgekeurd en geldt vanaf nu.").wait_for()
    page.get_by_text("Daarmee kwam 1 contract in een ander segment.").wait_for()
    segment = Segment.objects.get(corporation=corporation, name="Zakelijke huurder")
    assert segment.conditions == [{"field": "overdue_amount", "op": "gte", "value": "400"}]
    assert not browser_page.console_errors
