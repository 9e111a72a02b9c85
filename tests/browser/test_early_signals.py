"""A colleague sends the month's vroegsignalering batch: who objected and who was never contacted in person
are left out, each with the reason shown; the municipality's file holds only who may be signalled."""

import pytest

from tests.earlysignal.world import in_arrears, municipality
from vangnet.core import clock
from vangnet.earlysignal.models import BatchStatus, Objection, SignalBatch, SignalFile

pytestmark = pytest.mark.browser


def test_send_the_months_batch_leaving_out_an_objection_and_a_tenant_never_contacted(
    browser_page, world, axe
):
    corporation, today = world.tenant.corporation, clock.today()
    municipality(corporation)
    municipality(corporation, name="Zeist", agreed=False)
    in_arrears(corporation, today, last_name="Meldbaar")
    objector = in_arrears(corporation, today, last_name="Bezwaarmaker")
    Objection.objects.create(
        corporation=corporation,
        tenant=objector.tenant,
        registered_on=today,
        source="portal",
        registered_by="portal",
    )
    in_arrears(corporation, today, last_name="Onbereikt", contact=False)
    page = browser_page.page
    browser_page.login("petra")

    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Vroegsignalering").click()
    page.get_by_role("heading", level=1, name="Vroegsignalering").wait_for()
    page.get_by_role("button", name="Batch klaarzetten").click()
    # The world's own tenant is three months in arrears with nothing done yet: left out as well.
    left_out = page.get_by_role("region", name="Niet gemeld, met de reden (3)")
    left_out.get_by_role("row").filter(has_text=world.tenant.display_name).get_by_text(
        "Geen poging tot persoonlijk contact"
    ).wait_for()
    left_out.get_by_role("row").filter(has_text="Bezwaarmaker").get_by_text(
        "Huurder heeft bezwaar gemaakt"
    ).wait_for()
    left_out.get_by_role("row").filter(has_text="Onbereikt").get_by_text(
        "Geen poging tot persoonlijk contact"
    ).wait_for()
    browser_page.assert_no_horizontal_scroll()
    axe(page, "the month's batch")

    page.get_by_role("button", name="1 signaal versturen").click()
    page.get_by_role("heading", level=1, name=f"Vroegsignalering van {today:%d-%m-%Y}").wait_for()
    page.get_by_text("De signalen zijn verstuurd.").wait_for()
    browser_page.assert_no_horizontal_scroll()
    axe(page, "the released batch")
    assert SignalBatch.objects.get().status == BatchStatus.RELEASED
    content = SignalFile.objects.get().content
    assert "Meldbaar" in content
    assert "Bezwaarmaker" not in content
    assert "Onbereikt" not in content

    page.get_by_role("link", name=objector.tenant.display_name).first.click()
    page.get_by_role("heading", level=2, name="Vroegsignalering").wait_for()
    page.get_by_text("Bezwaar tegen delen met de gemeente sinds").wait_for()
    axe(page, "the tenant card's vroegsignalering")

    page.goto(browser_page.base_url + "/vroegsignalering/gemeenten/")
    page.get_by_role("heading", level=1, name="Gemeenten en instellingen").wait_for()
    axe(page, "the municipalities")
    assert not browser_page.console_errors
