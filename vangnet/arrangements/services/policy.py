"""Writes on the arrangement policy; re-exported by vangnet.arrangements.services."""

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.utils.translation import gettext

from vangnet.arrangements.models import ArrangementPolicy
from vangnet.core.audit import Actor, log_action
from vangnet.core.errors import ApplicationError
from vangnet.core.models import Corporation, User

POLICY_FIELDS = (
    "min_tenancy_months",
    "broken_lookback_months",
    "max_installments",
    "min_installment_amount",
    "max_total",
    "require_rent_current",
    "breach_grace_days",
    "promise_max_days",
    "payment_claim_hold_days",
    "on_broken_promise",
    "on_breach",
    "budget_single",
    "budget_couple",
    "budget_single_parent",
    "budget_couple_children",
    "budget_per_child",
)


def arrangement_policy_install_default(*, corporation: Corporation, actor: Actor) -> ArrangementPolicy:
    """Stores the default policy for a corporation that has none; an existing one stays as it is."""
    policy, created = ArrangementPolicy.objects.get_or_create(corporation=corporation)
    if created:
        log_action(corporation=corporation, actor=actor, action="arrangement_policy.installed", obj=policy)
    return policy


def arrangement_policy_set(
    *, corporation: Corporation, actor: User | str, **values: Any
) -> ArrangementPolicy:
    """Changes some of the policy's settings (names in POLICY_FIELDS); refuses unknown or invalid values."""
    unknown = sorted(set(values) - set(POLICY_FIELDS))
    if unknown:
        raise ApplicationError(gettext("Onbekende instelling: %(names)s.") % {"names": ", ".join(unknown)})
    with transaction.atomic():
        policy, _created = ArrangementPolicy.objects.select_for_update().get_or_create(
            corporation=corporation
        )
        before = {name: getattr(policy, name) for name in values}
        for name, value in values.items():
            setattr(policy, name, value)
        if policy.max_installments > 60 or policy.max_installments < 1:
            raise ApplicationError(gettext("Het aantal termijnen moet tussen 1 en 60 liggen."))
        if any(getattr(policy, name) < 0 for name in POLICY_FIELDS if name.startswith("budget_")):
            raise ApplicationError(gettext("Het leefgeld van de budgetcheck kan niet negatief zijn."))
        try:
            policy.full_clean(exclude=["corporation"])
        except DjangoValidationError as error:
            raise ApplicationError(
                gettext("Deze instellingen kunnen niet: %(errors)s")
                % {"errors": "; ".join(f"{k}: {' '.join(v)}" for k, v in error.message_dict.items())}
            ) from None
        policy.save()
        log_action(
            corporation=corporation,
            actor=actor,
            action="arrangement_policy.changed",
            obj=policy,
            data={name: {"from": str(before[name]), "to": str(getattr(policy, name))} for name in values},
        )
    return policy
