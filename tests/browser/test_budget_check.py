"""The budget check in the browser, on a phone and on a desktop with axe on every page: a tenant's budget
check suggests an affordable instalment and the arrangement is made with it (portal), and a colleague
uses the budget check in the calculator on the tenant card."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone
from django_scopes import scopes_disabled

from tests.portal.conftest import make_corporation, make_household
from vangnet.arrangements.models import Arrangement, ArrangementPolicy, ArrangementStatus, BudgetCheck
from vangnet.messaging import links
from vangnet.portal.hosts import host_memo_clear

pytestmark = pytest.mark.browser


@pytest.fixture
def household(transactional_db):
    host_memo_clear()
    corporation = make_corporation("Woonstad Utrecht", "woonstad", "030-1234567")
    ArrangementPolicy.objects.create(corporation=corporation, require_rent_current=False)
    return make_household(
        corporation, postcode="3511 AB", house_number="12", first_name="Fatima", last_name="El Amrani"
    )


def test_a_tenants_budget_check_suggests_an_affordable_instalment_and_the_arrangement_is_made_with_it(
    browser_page, axe, household
):
    page = browser_page.page
    token = links.portal_token(corporation_id=household.corporation.pk, tenant_id=household.tenant.pk)
    browser_page.goto(f"/portaal/link/{token}/")
    page.get_by_role("heading", level=1, name="Welkom, Fatima El Amrani").wait_for()
    page.get_by_role("link", name="In delen betalen").click()
    page.get_by_label("Postcode").fill("3511 AB")
    page.get_by_label("Huisnummer").fill("12")
    page.get_by_role("button", name="Verder").click()
    page.get_by_role("heading", level=1, name="In delen betalen: een betalingsregeling").wait_for()

    page.get_by_text("Doe de budgetcheck (mag leeg blijven)").click()
    axe(page, "arrangement with the budget check open")
    browser_page.assert_no_horizontal_scroll()
    page.get_by_label("Alleen", exact=True).check()
    page.get_by_label("Netto inkomen van uw huishouden per maand").fill("1.800")
    page.get_by_label("Huur per maand, na huurtoeslag").fill("550")
    page.get_by_label("Gas, stroom en water per maand").fill("150")
    page.get_by_label("Verzekeringen per maand", exact=False).fill("160")
    page.get_by_label("Andere schulden die u al afbetaalt, per maand").fill("40")
    page.get_by_role("button", name="Bereken wat ik kan betalen").click()
    page.get_by_text(
        "Uw inkomen € 1.800,00 min vaste lasten € 900,00 min leefgeld € 800,00 laat € 100,00 per maand over."
    ).wait_for()
    page.get_by_text("Ons advies: betaal in 11 maanden.").wait_for()
    axe(page, "budget check with its advice")
    browser_page.assert_no_horizontal_scroll()
    assert page.get_by_label("In hoeveel maanden wilt u betalen?").input_value() == "11"

    first = timezone.localdate() + dt.timedelta(days=5)
    page.get_by_label("Wanneer betaalt u de eerste keer?").fill(first.isoformat())
    page.get_by_role("button", name="Regeling aanvragen").click()
    page.get_by_role("heading", level=1, name="Uw betalingsregeling is afgesproken").wait_for()
    page.get_by_text("Uw termijnen passen bij wat er volgens uw budgetcheck overblijft.").wait_for()
    axe(page, "arrangement agreed after the budget check")
    browser_page.assert_no_horizontal_scroll()
    with scopes_disabled():
        arrangement = Arrangement.objects.get()
        assert arrangement.status == ArrangementStatus.ACTIVE and arrangement.installments.count() == 11
        assert max(i.amount for i in arrangement.installments.all()) <= Decimal("100.00")
        assert BudgetCheck.objects.get(arrangement=arrangement).affordable == Decimal("100.00")


def test_the_staff_calculator_with_the_budget_check(browser_page, axe, world):
    page = browser_page.page
    browser_page.login("petra")
    browser_page.goto(f"/huurders/{world.tenant.pk}/")
    page.get_by_text("Betalingsregeling maken").click()
    form = page.locator("details[open]").filter(has_text="Betalingsregeling maken")
    form.get_by_label("Aantal termijnen").fill("2")
    form.get_by_text("Budgetcheck met de huurder (mag leeg blijven)").click()
    form.get_by_label("Huishouden").select_option("couple")
    form.get_by_label("Netto inkomen per maand").fill("2.600")
    form.get_by_label("Huur na huurtoeslag").fill("700")
    form.get_by_label("Energie en water").fill("200")
    form.get_by_label("Verzekeringen").fill("300")
    form.get_by_text(
        "Inkomen € 2.600,00 min vaste lasten € 1.200,00 min leefgeld € 1.150,00 laat € 250,00 per maand over."
    ).wait_for()
    form.get_by_text("Voorstel: 5 termijnen.", exact=False).wait_for()
    axe(page, "tenant card with the budget check")
    browser_page.assert_no_horizontal_scroll()
    form.get_by_label("Aantal termijnen").fill("5")
    form.get_by_text("De termijnen passen bij wat er overblijft.").wait_for()
    form.get_by_role("button", name="Regeling vastleggen").click()
    page.get_by_role("heading", name="Betalingsregeling · Actief").wait_for()
    page.get_by_role("heading", name="Budgetcheck").wait_for()
    page.get_by_text("laat € 250,00 per maand over").wait_for()
    axe(page, "arrangement with its budget check")
    browser_page.assert_no_horizontal_scroll()
    with scopes_disabled():
        check = BudgetCheck.objects.get()
        assert (check.channel, check.affordable, check.arrangement.installments.count()) == (
            "staff",
            Decimal("250.00"),
            5,
        )
