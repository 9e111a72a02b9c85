"""The budget check in the staff calculator on the tenant card: the reasoning and a suggestion in the
preview, a warning (never a refusal) above what is left, the figures kept with the arrangement and shown on
its page, with the tenant's corrections."""

import datetime as dt
from decimal import Decimal

import pytest

from tests.backoffice.test_agreements import _media, world  # noqa: F401 (fixtures)
from vangnet.arrangements.budget import BudgetFigures
from vangnet.arrangements.models import Arrangement, BudgetCheck
from vangnet.arrangements.services import arrangement_propose, budget_check_correct

pytestmark = pytest.mark.django_db

BUDGET = {
    "household": "couple_children",
    "children": "2",
    "income": "3.400",
    "rent": "700",
    "energy": "200",
    "insurance": "350",
    "care": "",
    "debts": "",
}


def _preview(world, **params) -> str:  # noqa: F811
    first = world.today + dt.timedelta(days=10)
    query = {"total": "700,00", "start_date": first.isoformat(), "payment_method": "link", **params}
    return world.client.get(f"/contracten/{world.contract.pk}/regeling/berekenen/", query).content.decode()


def test_the_card_offers_the_budget_check(world):  # noqa: F811
    card = world.client.get(f"/huurders/{world.tenant.pk}/").content.decode()
    assert "Budgetcheck met de huurder (mag leeg blijven)" in card
    assert "Netto inkomen per maand" in card and "Met partner en kinderen" in card


def test_the_preview_shows_the_reasoning_and_warns_above_what_is_left(world):  # noqa: F811
    html = _preview(world, count="2", **BUDGET)
    assert (
        "Inkomen € 3.400,00 min vaste lasten € 1.250,00 min leefgeld € 1.850,00 laat € 300,00 per maand over."
        in html
    )
    assert "Een termijn van ongeveer € 350,00 is meer dan er overblijft. Voorstel: 3 termijnen." in html
    fits = _preview(world, count="3", **BUDGET)
    assert "De termijnen passen bij wat er overblijft." in fits
    nothing = _preview(world, count="3", **{**BUDGET, "income": "3.000"})
    assert "laat € 0,00 per maand over" in nothing and "gratis schuldhulp van de gemeente" in nothing


def test_a_half_filled_check_gets_a_clear_error(world):  # noqa: F811
    html = _preview(world, count="3", income="2.000")
    assert "Budgetcheck: kies het huishouden." in html


def test_the_arrangement_keeps_the_check_and_its_page_shows_it(world):  # noqa: F811
    first = (world.today + dt.timedelta(days=10)).isoformat()
    form = {"total": "700,00", "count": "2", "start_date": first, "payment_method": "link", **BUDGET}
    response = world.client.post(f"/contracten/{world.contract.pk}/regeling/", form, follow=True)
    html = response.content.decode()
    arrangement = Arrangement.objects.get()  # above what is left, and registered all the same
    check = BudgetCheck.objects.get(arrangement=arrangement)
    assert (check.channel, check.affordable, check.children) == ("staff", Decimal("300.00"), 2)
    assert "Budgetcheck" in html and "laat € 300,00 per maand over" in html
    assert "Met partner en kinderen · 2 kinderen" in html


def test_staff_see_the_tenants_corrected_figures(world):  # noqa: F811
    outcome = arrangement_propose(
        contract=world.contract, count=24, start_date=world.today + dt.timedelta(days=10),
        payment_method="link", as_of=world.today, actor="portal",
        budget=BudgetFigures("single", 0, Decimal("1500.00"), rent=Decimal("600.00")),
    )  # fmt: skip
    budget_check_correct(
        arrangement=outcome.arrangement,
        figures=BudgetFigures("single", 0, Decimal("1600.00"), rent=Decimal("600.00")),
        actor="portal",
        as_of=world.today,
    )
    html = world.client.get(f"/regelingen/{outcome.arrangement.pk}/").content.decode()
    assert "Huurdersportaal" in html and "verbeterd door de huurder op" in html
    assert "laat € 200,00 per maand over" in html
