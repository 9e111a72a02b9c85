"""The budget check: the pure norm (what is left after fixed costs and the living allowance), the advice on
the number of months, and the services that keep the tenant's figures with the arrangement."""

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.arrangements.conftest import AS_OF
from vangnet.arrangements.budget import (
    DEFAULT_NORM,
    BudgetFigures,
    HouseholdType,
    budget_advice,
    budget_affordable,
    budget_months_needed,
    budget_problems,
)
from vangnet.arrangements.models import Arrangement, ArrangementPolicy, ArrangementStatus, BudgetCheck
from vangnet.arrangements.services import (
    arrangement_approve,
    arrangement_create,
    arrangement_policy_set,
    arrangement_propose,
    budget_check_correct,
)
from vangnet.core.errors import ApplicationError
from vangnet.core.models import AuditEntry

START = dt.date(2026, 12, 1)
E = Decimal


def figures(**kwargs) -> BudgetFigures:
    values = {
        "household": "single",
        "children": 0,
        "income": E("1800.00"),
        "rent": E("550.00"),
        "energy": E("150.00"),
        "insurance": E("160.00"),
        "care": E("0.00"),
        "debts": E("40.00"),
    }
    return BudgetFigures(**{**values, **kwargs})


# The norm -------------------------------------------------------------------------------------------------


def test_what_is_left_is_income_minus_fixed_costs_minus_the_living_allowance():
    result = budget_affordable(figures())
    assert (result.income, result.fixed_costs, result.allowance) == (E("1800.00"), E("900.00"), E("800.00"))
    assert result.affordable == E("100.00")


def test_the_allowance_depends_on_the_household_and_counts_children_only_with_children():
    assert DEFAULT_NORM.allowance("couple", 0) == E("1150.00")
    assert DEFAULT_NORM.allowance("single_parent", 2) == E("950.00") + 2 * E("275.00")
    assert DEFAULT_NORM.allowance("couple_children", 1) == E("1300.00") + E("275.00")
    assert DEFAULT_NORM.allowance("couple", 3) == E("1150.00")  # children only count with children


def test_nothing_left_is_zero_never_negative_and_rounded_down_to_whole_euros():
    assert budget_affordable(figures(income=E("1000.00"))).affordable == E("0.00")
    assert budget_affordable(figures(income=E("1000.00"))).nothing_affordable
    assert budget_affordable(figures(income=E("1800.99"))).affordable == E("100.00")


@settings(deadline=None)  # pure and fast; no deadline on a shared, busy machine
@given(
    household=st.sampled_from(HouseholdType.values),
    children=st.integers(min_value=0, max_value=15),
    income=st.decimals(min_value=0, max_value=20000, places=2),
    costs=st.lists(st.decimals(min_value=0, max_value=5000, places=2), min_size=5, max_size=5),
    more=st.decimals(min_value=0, max_value=1000, places=2),
)
def test_the_norm_is_never_negative_never_above_what_is_left_and_grows_with_income(
    household, children, income, costs, more
):
    rent, energy, insurance, care, debts = costs
    base = BudgetFigures(household, children, income, rent, energy, insurance, care, debts)
    result = budget_affordable(base)
    assert E("0") <= result.affordable <= max(income - base.fixed_costs - result.allowance, E("0"))
    assert result.affordable == result.affordable.to_integral_value()
    richer = BudgetFigures(household, children, income + more, rent, energy, insurance, care, debts)
    assert budget_affordable(richer).affordable >= result.affordable


@settings(deadline=None)
@given(
    total=st.decimals(min_value=1, max_value=10000, places=2),
    affordable=st.integers(min_value=1, max_value=2000),
)
def test_the_months_needed_are_the_fewest_that_fit(total, affordable):
    months = budget_months_needed(total=total, affordable=E(affordable))
    assert months * affordable >= total
    assert (months - 1) * affordable < total


def test_the_advice_warns_above_what_is_left_and_suggests_the_months():
    advice = budget_advice(total=E("700.00"), affordable=E("100.00"), count=3)
    assert advice.monthly == E("233.34") and advice.above and advice.suggested_count == 7
    assert not advice.debt_help
    fits = budget_advice(total=E("700.00"), affordable=E("400.00"), count=3)
    assert not fits.above and fits.suggested_count == 2  # one instalment is no arrangement
    assert budget_advice(total=E("700.00"), affordable=E("0.00"), count=3).debt_help
    assert budget_advice(total=E("7000.00"), affordable=E("10.00"), count=12).debt_help  # 700 months


def test_impossible_figures_are_named():
    assert budget_problems(figures()) == []
    assert budget_problems(figures(household="family"))[0][0] == "household"
    assert budget_problems(figures(household="couple_children", children=0))[0][0] == "children"
    assert budget_problems(figures(rent=E("-5.00")))[0][0] == "income"


# The services ---------------------------------------------------------------------------------------------


def test_a_proposal_keeps_the_budget_check_and_is_not_refused_above_it(corporation, contract):
    outcome = arrangement_propose(
        contract=contract, count=3, start_date=START, payment_method="link", as_of=AS_OF, actor="portal",
        budget=figures(),
    )  # fmt: skip
    # € 233,34 a month is more than the € 100 left: the rules decide, the budget check does not refuse.
    assert outcome.decision.approved
    check = BudgetCheck.objects.get(arrangement=outcome.arrangement)
    assert (check.income, check.fixed_costs, check.allowance, check.affordable) == (
        E("1800.00"), E("900.00"), E("800.00"), E("100.00"),
    )  # fmt: skip
    assert (check.channel, check.entered_on) == ("portal", AS_OF)
    assert AuditEntry.objects.filter(action="arrangement.budget_checked").exists()


def test_the_corporations_own_norm_is_used(corporation, contract):
    arrangement_policy_set(corporation=corporation, actor="test", budget_single=E("700.00"))
    outcome = arrangement_propose(
        contract=contract, count=3, start_date=START, payment_method="link", as_of=AS_OF, actor="portal",
        budget=figures(),
    )  # fmt: skip
    assert outcome.arrangement.budget_check.affordable == E("200.00")


def test_impossible_figures_change_nothing(corporation, contract, staff):
    with pytest.raises(ApplicationError, match="Vul in hoeveel kinderen") as refused:
        arrangement_create(
            contract=contract, total=E("700.00"), start_date=START, count=3, payment_method="link",
            actor=staff, as_of=AS_OF, budget=figures(household="couple_children", children=0),
        )  # fmt: skip
    assert refused.value.extra["field"] == "children"
    assert not Arrangement.objects.exists() and not BudgetCheck.objects.exists()


def test_staff_keep_the_budget_check_with_the_arrangement(corporation, contract, staff):
    arrangement = arrangement_create(
        contract=contract, total=E("700.00"), start_date=START, count=7, payment_method="link",
        actor=staff, as_of=AS_OF, budget=figures(household="couple_children", children=2, income=E("3400.00")),
    )  # fmt: skip
    check = arrangement.budget_check
    assert check.channel == "staff" and check.children == 2
    assert check.allowance == E("1850.00") and check.affordable == E("650.00")


def test_the_tenant_corrects_the_figures_while_the_request_waits(corporation, contract):
    requested = arrangement_propose(
        contract=contract, count=13, start_date=START, payment_method="link", as_of=AS_OF, actor="portal",
        budget=figures(),
    ).arrangement  # fmt: skip
    assert requested.status == ArrangementStatus.REQUESTED
    later = AS_OF + dt.timedelta(days=1)
    check = budget_check_correct(
        arrangement=requested, figures=figures(income=E("1900.00")), actor="portal", as_of=later
    )
    assert (check.affordable, check.corrected_on) == (E("200.00"), later)
    entry = AuditEntry.objects.get(action="arrangement.budget_corrected")
    assert entry.data["before"]["income"] == "1800.00"

    with pytest.raises(ApplicationError, match="Vul bedragen per maand in van 0 tot"):
        budget_check_correct(
            arrangement=requested, figures=figures(rent=E("-1")), actor="portal", as_of=later
        )
    arrangement_approve(arrangement=requested, actor="test", as_of=later)
    with pytest.raises(ApplicationError, match="al besloten"):
        budget_check_correct(arrangement=requested, figures=figures(), actor="portal", as_of=later)
    assert BudgetCheck.objects.get().income == E("1900.00")


def test_a_new_policy_starts_from_the_default_norm(corporation):
    policy = ArrangementPolicy.objects.create(corporation=corporation)
    assert policy.budget_norm() == DEFAULT_NORM


def test_a_negative_living_allowance_is_refused(corporation):
    with pytest.raises(ApplicationError, match="niet negatief"):
        arrangement_policy_set(corporation=corporation, actor="test", budget_per_child=E("-1.00"))
    assert not ArrangementPolicy.objects.filter(corporation=corporation, budget_per_child__lt=0).exists()
