"""Circumstances (issue 23), the done-when: a colleague records a job loss on the tenant card and the next
run routes the dossier to "Extra aandacht" with the reason in the explanation (and the call list shows it);
a tenant reports a changed situation in the portal. On a phone and a desktop, axe on every page."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone

from tests.browser.conftest import REFUSED_FORM_ERROR
from tests.portal.conftest import make_corporation, make_household
from vangnet.core import clock
from vangnet.flows.models import Enrollment
from vangnet.flows.services import flows_install_defaults
from vangnet.messaging import links
from vangnet.messaging.services import templates_install_defaults
from vangnet.portal.hosts import host_memo_clear
from vangnet.tasks.models import Task, TaskKind
from vangnet.tenants.circumstances import circumstance_kinds_install_defaults
from vangnet.tenants.models import Circumstance

pytestmark = pytest.mark.browser


def _run(corporation, day: dt.date) -> None:
    with clock.moved_to(day):
        call_command("run_day", corporation=corporation.slug, as_of=day.isoformat(), as_json=True)


def test_a_job_loss_on_the_card_routes_the_dossier_to_extra_attention(browser_page, world, axe):
    corporation = world.tenant.corporation
    flows_install_defaults(corporation=corporation, actor="test")
    templates_install_defaults(corporation=corporation, actor="test")
    today = timezone.localdate()
    _run(corporation, today - dt.timedelta(days=1))
    before = Enrollment.objects.get(contract__parties__tenant=world.tenant)
    assert before.flow.code != "extra-aandacht"

    page = browser_page.page
    browser_page.login("petra")
    browser_page.goto(f"/huurders/{world.tenant.pk}/")
    page.get_by_role("heading", name="Omstandigheden").wait_for()
    page.get_by_label("Wat is er veranderd?").select_option(label="Werkloos geworden")
    page.get_by_role("button", name="Omstandigheid vastleggen").click()
    page.get_by_text("Werkloos geworden vastgelegd. De nacht kiest de aanpak opnieuw.").wait_for()
    axe(page, "tenant card with a circumstance")
    browser_page.assert_no_horizontal_scroll()

    _run(corporation, today)
    browser_page.goto(f"/huurders/{world.tenant.pk}/")
    flow = page.locator("section.panel").filter(has_text="Incasso: segment en traject")
    flow.get_by_text("Segment Extra aandacht (ingedeeld op").wait_for()
    flow.get_by_text("Waarom dit segment?").click()
    since = today.strftime("%d-%m-%Y")
    flow.get_by_text(f"hier: Werkloos geworden (sinds {since})").wait_for()
    assert "Extra aandacht: het leven veranderde" in flow.inner_text()
    decisions = flow.locator(".decisions").inner_text()
    assert f"door het segment Extra aandacht: Werkloos geworden (sinds {since})" in decisions
    axe(page, "tenant card after the run")
    browser_page.assert_no_horizontal_scroll()

    # The new flow's first step is a personal call: the call list shows why.
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Bellijst").click()
    page.get_by_role("heading", level=1, name="Bellijst").wait_for()
    page.get_by_text(f"Werkloos geworden sinds {since}").first.wait_for()
    axe(page, "call list with circumstances")
    browser_page.assert_no_horizontal_scroll()
    assert not browser_page.console_errors


@pytest.fixture
def household(transactional_db):
    host_memo_clear()
    corporation = make_corporation("Woonstad Utrecht", "woonstad", "030-1234567")
    circumstance_kinds_install_defaults(corporation=corporation)
    return make_household(
        corporation, postcode="3511 AB", house_number="12", first_name="Fatima", last_name="El Amrani"
    )


def test_a_tenant_reports_a_changed_situation_in_the_portal(browser_page, axe, household):
    page = browser_page.page
    token = links.portal_token(corporation_id=household.corporation.pk, tenant_id=household.tenant.pk)
    browser_page.goto(f"/portaal/link/{token}/")
    page.get_by_role("heading", level=1, name="Welkom, Fatima El Amrani").wait_for()
    page.get_by_role("link", name="Mijn situatie is veranderd").click()
    page.get_by_role("heading", level=1, name="Is er iets veranderd in uw leven?").wait_for()
    page.get_by_text("U hoeft niet te vertellen wat u heeft.").first.wait_for()
    axe(page, "changed situation")
    browser_page.assert_no_horizontal_scroll()

    page.get_by_label("Ziekte of ziekenhuisopname").check()
    page.get_by_role("button", name="Verstuur").click()  # no date yet
    page.get_by_text("Vul in sinds wanneer dit zo is.").first.wait_for()
    assert browser_page.console_errors == [REFUSED_FORM_ERROR]
    browser_page.console_errors.clear()
    axe(page, "changed situation with an error")

    since = timezone.localdate() - dt.timedelta(days=10)
    page.get_by_label("Sinds wanneer?").fill(since.isoformat())
    page.get_by_role("button", name="Verstuur").click()
    page.get_by_role("heading", level=1, name="Bedankt dat u het ons laat weten").wait_for()
    page.get_by_text("Wij hebben genoteerd: Ziekte of ziekenhuisopname.").wait_for()
    axe(page, "changed situation received")
    browser_page.assert_no_horizontal_scroll()
    circumstance = Circumstance.objects.get(tenant=household.tenant)
    assert (circumstance.kind.code, circumstance.starts_on, circumstance.source) == (
        "ziekte",
        since,
        "portal",
    )
    assert Task.objects.filter(kind=TaskKind.HELP_REQUEST, tenant=household.tenant).count() == 1
    assert not browser_page.console_errors
