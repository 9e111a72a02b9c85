"""The budget check on the portal's arrangement page: the reasoning in plain words, the suggested number
of months, a warning (never a refusal) above what is left, free debt help when nothing is left, and the
tenant's own figures kept with the arrangement and correctable while the request waits."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from tests.portal.conftest import pass_check
from vangnet.arrangements.models import Arrangement, ArrangementPolicy, ArrangementStatus, BudgetCheck
from vangnet.core.models import AuditEntry

BUDGET = {
    "household": "single",
    "income": "1.800,00",
    "rent": "550",
    "energy": "150",
    "insurance": "160",
    "care": "",
    "debts": "40",
}


def _iso(days: int) -> str:
    return (timezone.localdate() + dt.timedelta(days=days)).isoformat()


@pytest.fixture
def lenient_policy(woonstad):
    return ArrangementPolicy.objects.create(corporation=woonstad, require_rent_current=False)


@pytest.fixture
def url(fatima_client, fatima) -> str:
    pass_check(fatima_client, fatima)
    return f"/portaal/contract/{fatima.contract.pk}/regeling/"


def test_the_page_offers_the_budget_check_as_optional(fatima_client, url):
    html = fatima_client.get(url).content.decode()
    assert "Doe de budgetcheck (mag leeg blijven)" in html
    assert "Huur per maand, na huurtoeslag" in html and "Bereken wat ik kan betalen" in html


def test_the_check_shows_its_reasoning_and_suggests_the_months(fatima_client, url, lenient_policy):
    response = fatima_client.post(
        url, {**BUDGET, "actie": "bereken", "count": "3", "start_date": _iso(5), "payment_method": "link"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert (
        "Uw inkomen € 1.800,00 min vaste lasten € 900,00 min leefgeld € 800,00 laat € 100,00 per maand over."
        in html
    )
    # € 1.043,25 open in three months is about € 347,75 a month: more than is left, so 11 months.
    assert "betaalt u ongeveer € 347,75 per maand. Dat is meer dan de € 100,00 die overblijft." in html
    assert "Ons advies: betaal in 11 maanden." in html
    assert 'name="count" value="11"' in html
    assert not Arrangement.objects.exists()  # calculating stores nothing


def test_nothing_left_points_to_free_debt_help(fatima_client, url):
    html = fatima_client.post(url, {**BUDGET, "income": "1.000", "actie": "bereken"}).content.decode()
    assert "laat € 0,00 per maand over" in html
    assert "Een regeling is nu niet verstandig" in html and "schuldhulp" in html and "0800-8115" in html
    assert "Regeling aanvragen" in html  # pointed to help, not refused


def test_bad_figures_get_a_clear_error_and_change_nothing(fatima_client, url):
    response = fatima_client.post(
        url, {"household": "couple_children", "income": "2.000", "actie": "bereken"}
    )
    assert response.status_code == 400
    assert "Vul in hoeveel kinderen er in uw huishouden zijn." in response.content.decode()
    response = fatima_client.post(url, {"income": "veel", "household": "single", "actie": "bereken"})
    assert (
        response.status_code == 400
        and "Vul een bedrag in, zoals 85 of 1.250,50." in response.content.decode()
    )
    assert not Arrangement.objects.exists()


def test_the_arrangement_is_made_with_the_check_above_it_with_a_warning(
    fatima_client, fatima, url, lenient_policy, in_woonstad
):
    response = fatima_client.post(
        url, {**BUDGET, "count": "3", "start_date": _iso(5), "payment_method": "link"}
    )
    html = response.content.decode()
    assert response.status_code == 200 and "Uw betalingsregeling is afgesproken" in html
    assert "laat € 100,00 per maand over" in html
    assert (
        "Let op: een termijn van ongeveer € 347,75 is meer dan er volgens uw budgetcheck overblijft." in html
    )
    check = BudgetCheck.objects.get()
    assert check.arrangement.status == ArrangementStatus.ACTIVE
    assert (check.income, check.affordable, check.channel) == (
        Decimal("1800.00"),
        Decimal("100.00"),
        "portal",
    )


def test_without_figures_no_check_is_kept(fatima_client, url, lenient_policy, in_woonstad):
    fatima_client.post(url, {"count": "3", "start_date": _iso(5), "payment_method": "link"})
    assert Arrangement.objects.exists() and not BudgetCheck.objects.exists()


def test_the_tenant_sees_and_corrects_the_figures_while_the_request_waits(
    fatima_client, fatima, url, lenient_policy, in_woonstad
):
    made = fatima_client.post(url, {**BUDGET, "count": "24", "start_date": _iso(5), "payment_method": "link"})
    assert "We kijken naar uw aanvraag" in made.content.decode()
    html = fatima_client.get(url).content.decode()
    assert "Uw budgetcheck" in html and "laat € 100,00 per maand over" in html
    assert 'name="income" value="1800,00"' in html

    bad = fatima_client.post(url, {**BUDGET, "antwoord": "budget", "rent": "-5"})
    assert bad.status_code == 400
    assert BudgetCheck.objects.get().rent == Decimal("550.00")

    corrected = fatima_client.post(url, {**BUDGET, "antwoord": "budget", "income": "1.950"}, follow=True)
    html = corrected.content.decode()
    assert "We hebben uw cijfers aangepast" in html and "laat € 250,00 per maand over" in html
    assert BudgetCheck.objects.get().corrected_on == timezone.localdate()
    assert AuditEntry.objects.filter(action="portal.budget_corrected").exists()


def test_correcting_is_refused_once_decided(fatima_client, fatima, url, lenient_policy, in_woonstad):
    fatima_client.post(url, {**BUDGET, "count": "3", "start_date": _iso(5), "payment_method": "link"})
    response = fatima_client.post(url, {**BUDGET, "antwoord": "budget", "income": "5.000"})
    assert response.status_code == 409
    assert BudgetCheck.objects.get().income == Decimal("1800.00")
