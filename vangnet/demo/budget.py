"""The demo's arrangement made after a budget check: a tenant in arrears fills in the check on the portal,
takes the suggested number of months and proposes the arrangement, through the real services.

Deterministic (the first contract in arrears by contract number without an arrangement or a dispute,
whose balance the check's suggestion covers within the policy's months) and made once.
"""

from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Exists, OuterRef
from django_scopes import scope

from vangnet.arrangements.budget import BudgetFigures, budget_advice
from vangnet.arrangements.models import Arrangement, BudgetCheck
from vangnet.arrangements.selectors import arrangement_policy_get, budget_result, live_arrangements_q
from vangnet.arrangements.services import arrangement_propose
from vangnet.core.models import Corporation
from vangnet.disputes.models import Dispute
from vangnet.ledger.models import Contract

# A couple with one child: € 3.100 net, € 1.315 fixed costs, € 1.575 living allowance: € 210 a month left.
DEMO_FIGURES = BudgetFigures(
    household="couple_children",
    children=1,
    income=Decimal("3100.00"),
    rent=Decimal("720.00"),
    energy=Decimal("190.00"),
    insurance=Decimal("320.00"),
    care=Decimal("25.00"),
    debts=Decimal("60.00"),
)


def demo_budget_arrangement(*, corporation: Corporation, as_of: date) -> Arrangement | None:
    """Proposes the demo's arrangement after a budget check; None when it exists or no contract fits."""
    with scope(corporation=corporation):
        if BudgetCheck.objects.filter(corporation=corporation).exists():
            return None
        policy = arrangement_policy_get(corporation=corporation)
        left = budget_result(corporation=corporation, figures=DEMO_FIGURES).affordable
        contract = (
            Contract.objects.filter(
                end_date__isnull=True,
                standing__balance__gt=Decimal("100.00"),
                standing__balance__lte=left * policy.max_installments,
            )
            .filter(
                ~Exists(Arrangement.objects.filter(live_arrangements_q(), contract=OuterRef("pk"))),
                ~Exists(Dispute.objects.filter(contract=OuterRef("pk"))),
            )
            .select_related("standing")
            .order_by("source_id")
            .first()
        )
        if contract is None:
            return None
        advice = budget_advice(total=contract.standing.balance, affordable=left, count=None)
        if advice.suggested_count is None:
            return None
        outcome = arrangement_propose(
            contract=contract,
            count=advice.suggested_count,
            start_date=(as_of.replace(day=1) + timedelta(days=32)).replace(day=1),
            payment_method="link",
            as_of=as_of,
            actor="portal",
            budget=DEMO_FIGURES,
        )
    return outcome.arrangement
