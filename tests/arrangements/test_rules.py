import datetime as dt
from dataclasses import replace
from decimal import Decimal

import pytest

from vangnet.arrangements.models import ArrangementPolicy
from vangnet.arrangements.rules import RULE_ORDER, Proposal, ProposalFacts, arrangement_rules_evaluate

AS_OF = dt.date(2026, 11, 10)
POLICY = ArrangementPolicy()  # the defaults: 12 months, 12 instalments, € 25, € 2500, rent current
GOOD = ProposalFacts(
    tenancy_months=40,
    broken_recently=False,
    running_arrangement=False,
    open_balance=Decimal("1200.00"),
    monthly_rent=Decimal("695.50"),
    paid_last_month=Decimal("695.50"),
)
PROPOSAL = Proposal(total=Decimal("1200.00"), count=6, start_date=dt.date(2026, 12, 1))


def decide(facts=GOOD, proposal=PROPOSAL, policy=POLICY):
    return arrangement_rules_evaluate(policy=policy, facts=facts, proposal=proposal, as_of=AS_OF)


def test_within_rules():
    decision = decide()
    assert decision.approved and decision.rule == "within_rules" and decision.reason


@pytest.mark.parametrize(
    ("rule", "facts", "proposal"),
    [
        ("already_running", replace(GOOD, running_arrangement=True), PROPOSAL),
        ("tenancy_too_short", replace(GOOD, tenancy_months=11), PROPOSAL),
        ("broken_recently", replace(GOOD, broken_recently=True), PROPOSAL),
        ("rent_not_current", replace(GOOD, paid_last_month=Decimal("695.49")), PROPOSAL),
        ("too_many_installments", GOOD, replace(PROPOSAL, count=13)),
        ("installment_too_small", GOOD, replace(PROPOSAL, total=Decimal("149.99"))),
        ("total_too_high", GOOD, replace(PROPOSAL, total=Decimal("2500.01"), count=12)),
    ],
)
def test_each_rule(rule, facts, proposal):
    decision = decide(facts, proposal)
    assert not decision.approved
    assert decision.rule == rule
    assert decision.reason


def test_limits_are_inclusive():
    assert decide(replace(GOOD, tenancy_months=12)).approved
    assert decide(proposal=replace(PROPOSAL, count=12)).approved
    assert decide(proposal=replace(PROPOSAL, total=Decimal("150.00"))).approved  # € 25 a month
    assert decide(proposal=replace(PROPOSAL, total=Decimal("2500.00"), count=12)).approved


def test_the_first_failing_rule_wins_in_the_documented_order():
    worst = ProposalFacts(
        tenancy_months=1,
        broken_recently=True,
        running_arrangement=True,
        open_balance=Decimal("9000.00"),
        monthly_rent=Decimal("695.50"),
        paid_last_month=Decimal("0.00"),
    )
    proposal = Proposal(total=Decimal("9000.00"), count=600, start_date=dt.date(2026, 12, 1))
    seen = []
    facts = worst
    for fix in (
        {"running_arrangement": False},
        {"tenancy_months": 40},
        {"broken_recently": False},
        {"paid_last_month": Decimal("695.50")},
    ):
        seen.append(decide(facts, proposal).rule)
        facts = replace(facts, **fix)
    seen.append(decide(facts, proposal).rule)
    proposal = replace(proposal, count=1)
    proposal = replace(proposal, total=Decimal("10.00"))
    seen.append(decide(facts, proposal).rule)
    proposal = replace(proposal, total=Decimal("9000.00"))
    seen.append(decide(facts, proposal).rule)
    assert seen == list(RULE_ORDER)


def test_rent_rule_can_be_switched_off():
    policy = ArrangementPolicy(require_rent_current=False)
    assert decide(replace(GOOD, paid_last_month=Decimal("0.00")), policy=policy).approved
