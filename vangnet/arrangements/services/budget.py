"""The budget check kept with an arrangement: stored when the arrangement is made, corrected by the tenant
while the request waits. The norm and the sum are pure (vangnet.arrangements.budget); re-exported by
vangnet.arrangements.services."""

from datetime import date

from django.db import transaction
from django.utils.translation import gettext

from vangnet.arrangements.budget import BudgetFigures, budget_affordable, budget_problems
from vangnet.arrangements.models import Arrangement, ArrangementStatus, BudgetCheck, Channel
from vangnet.arrangements.selectors import arrangement_policy_get
from vangnet.core.audit import Actor, log_action
from vangnet.core.errors import ApplicationError


def budget_figures_check(figures: BudgetFigures) -> None:
    """Refuses figures that cannot be right, naming the field (nothing is stored)."""
    problems = budget_problems(figures)
    if problems:
        field, message = problems[0]
        raise ApplicationError(message, extra={"field": field})


def _values(arrangement: Arrangement, figures: BudgetFigures) -> dict:
    result = budget_affordable(
        figures, arrangement_policy_get(corporation=arrangement.corporation).budget_norm()
    )
    return {
        "household": figures.household,
        "children": figures.children if figures.household in ("single_parent", "couple_children") else 0,
        "income": figures.income,
        "rent": figures.rent,
        "energy": figures.energy,
        "insurance": figures.insurance,
        "care": figures.care,
        "debts": figures.debts,
        "allowance": result.allowance,
        "affordable": result.affordable,
    }


def budget_check_attach(
    *, arrangement: Arrangement, figures: BudgetFigures, channel: str, actor: Actor, as_of: date
) -> BudgetCheck:
    """Keeps the budget check the arrangement was made with (called by the services that make one, in
    their transaction, after `budget_figures_check`)."""
    check = BudgetCheck.objects.create(
        corporation=arrangement.corporation,
        arrangement=arrangement,
        channel=channel,
        entered_on=as_of,
        **_values(arrangement, figures),
    )
    log_action(
        corporation=arrangement.corporation,
        actor=actor,
        action="arrangement.budget_checked",
        obj=arrangement,
        data={"affordable": str(check.affordable), "household": check.household},
    )
    return check


def budget_check_correct(
    *, arrangement: Arrangement, figures: BudgetFigures, actor: Actor, as_of: date
) -> BudgetCheck:
    """The tenant corrects their figures while the request waits for a colleague; the affordable amount is
    worked out again. Refused once the arrangement is decided, or for figures that cannot be right."""
    budget_figures_check(figures)
    with transaction.atomic():
        # The status as it is now, locked: a colleague may have decided since the tenant opened the page.
        status = (
            Arrangement.objects.select_for_update().values_list("status", flat=True).get(pk=arrangement.pk)
        )
        if status != ArrangementStatus.REQUESTED:
            raise ApplicationError(
                gettext("Over deze regeling is al besloten. Uw cijfers kunt u nu niet meer veranderen.")
            )
        check = BudgetCheck.objects.select_for_update().filter(arrangement=arrangement).first()
        values = _values(arrangement, figures)
        if check is None:
            check = BudgetCheck(
                corporation=arrangement.corporation,
                arrangement=arrangement,
                channel=Channel.PORTAL,
                entered_on=as_of,
            )
            before = {}
        else:
            before = {name: str(getattr(check, name)) for name in values}
            check.corrected_on = as_of
        for name, value in values.items():
            setattr(check, name, value)
        check.save()
        log_action(
            corporation=arrangement.corporation,
            actor=actor,
            action="arrangement.budget_corrected",
            obj=arrangement,
            data={"before": before, "affordable": str(check.affordable)},
        )
    return check
