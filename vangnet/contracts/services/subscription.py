"""Service subscription (serviceabonnement): the tenant takes one of the corporation's plans, changes to
another or stops it, from the first of the next month (the price is on the next rent invoice). The case
keeps it on the timeline; `contract.service_subscription_changed` tells the ERP the old and the new price."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils.translation import gettext, gettext_noop

from vangnet.cases.models import CaseType
from vangnet.cases.services.handling import case_transition
from vangnet.cases.services.opening import case_open
from vangnet.contracts.models import ServiceSubscription
from vangnet.contracts.services.common import case_type_of_kind
from vangnet.core.audit import Actor, log_action
from vangnet.core.errors import ApplicationError
from vangnet.core.models import Corporation
from vangnet.events.services import event_publish
from vangnet.ledger.models import Contract
from vangnet.tenants.models import Tenant

STOP = "stoppen"


@dataclass(frozen=True)
class Plan:
    code: str
    name: str
    monthly_price: Decimal
    description: str


def subscription_plans(case_type: CaseType) -> list[Plan]:
    """The plans of the `serviceabonnement` type's settings (`plans`: code, name, monthly_price,
    description); a type set up before plans existed has one plan at its `monthly_price`."""
    settings = case_type.settings or {}
    rows = settings.get("plans") or [
        {"code": "basis", "name": "Serviceabonnement", "monthly_price": settings.get("monthly_price", "0")}
    ]
    plans = []
    for row in rows:
        try:
            price = Decimal(str(row.get("monthly_price", "0"))).quantize(Decimal("0.01"))
        except InvalidOperation:
            continue
        plans.append(
            Plan(str(row.get("code", "")), str(row.get("name", "")), price, str(row.get("description", "")))
        )
    return [plan for plan in plans if plan.code and plan.name]


def plans_for_import(corporation: Corporation) -> list[tuple[str, str]]:
    """The corporation's plans as (code, name), for the ERP import's service_subscriptions.csv (registered
    on the ledger's import as a reference list); none while the process is switched off."""
    try:
        case_type = case_type_of_kind(corporation, "subscription")
    except ApplicationError:
        return []
    return [(plan.code, plan.name) for plan in subscription_plans(case_type)]


def running_subscription(*, contract: Contract) -> ServiceSubscription | None:
    return ServiceSubscription.objects.filter(contract=contract, end_date__isnull=True).first()


def _next_month(as_of: dt.date) -> dt.date:
    return dt.date(as_of.year + (as_of.month == 12), as_of.month % 12 + 1, 1)


def subscription_change(
    *, contract: Contract, tenant: Tenant, plan: str, as_of: dt.date, actor: Actor, channel: str = "portal"
) -> ServiceSubscription | None:
    """Take `plan`, change to it, or stop (`plan` "stoppen"), from the first of the next month. Returns the
    new subscription (None when stopped). A second change before the first has started replaces it. A plan
    that does not exist, the plan the tenant has already, or stopping without one is refused with nothing
    written."""
    if not contract.parties.filter(tenant=tenant, removed_from_source_at__isnull=True).exists():
        raise ApplicationError(gettext("Dit contract hoort niet bij u."), extra={"field": "plan"})
    case_type = case_type_of_kind(contract.corporation, "subscription")
    plans = {p.code: p for p in subscription_plans(case_type)}
    current = running_subscription(contract=contract)
    if plan != STOP and plan not in plans:
        raise ApplicationError(gettext("Kies een abonnement uit de lijst."), extra={"field": "plan"})
    if plan == STOP and current is None:
        raise ApplicationError(gettext("U heeft geen serviceabonnement."), extra={"field": "plan"})
    if current is not None and current.plan == plan:
        raise ApplicationError(
            gettext("U heeft dit abonnement al. U hoeft niets te veranderen."), extra={"field": "plan"}
        )
    chosen = plans.get(plan)
    start = _next_month(as_of)
    # The answer is the case type's own choice, as stored (Dutch data, shown translated): never gettext here,
    # or a tenant in another language would not match it.
    wish = (
        gettext_noop("Abonnement stoppen")
        if chosen is None
        else gettext_noop("Abonnement nemen")
        if current is None
        else gettext_noop("Abonnement wijzigen")
    )
    with transaction.atomic():
        case = case_open(
            case_type=case_type,
            as_of=as_of,
            actor=actor,
            channel=channel,
            answers={"wens": wish} if wish in _choices(case_type) else {},
            tenant=tenant,
            unit=contract.unit,
            subject=gettext("Serviceabonnement: %(plan)s")
            % {"plan": chosen.name if chosen else gettext("stoppen")},
        )
        new = None
        if current is not None and current.start_date >= start:
            # A change not started yet (taken or changed earlier this month) is replaced, not ended: an end
            # date before its start would leave it running in every count. Going back to the plan it replaced
            # reopens that one.
            ServiceSubscription.objects.filter(pk=current.pk).delete()
            previous = ServiceSubscription.objects.filter(
                contract=contract, end_date=start - dt.timedelta(days=1)
            ).first()
            if chosen is not None and previous is not None and previous.plan == chosen.code:
                previous.end_date = None
                previous.save(update_fields=["end_date"])
                new = previous
        elif current is not None:
            current.end_date = start - dt.timedelta(days=1)
            current.save(update_fields=["end_date"])
        if chosen is not None and new is None:
            new = ServiceSubscription.objects.create(
                corporation=contract.corporation,
                contract=contract,
                tenant=tenant,
                case=case,
                plan=chosen.code,
                plan_name=chosen.name,
                monthly_price=chosen.monthly_price,
                start_date=start,
            )
        if "geregeld" in {stage.get("code") for stage in case_type.stages}:
            case_transition(case=case, to="geregeld", as_of=as_of, actor=actor)
        old_price = current.monthly_price if current else Decimal("0.00")
        new_price = chosen.monthly_price if chosen else Decimal("0.00")
        action = "stop" if chosen is None else "take" if current is None else "change"
        log_action(
            corporation=contract.corporation,
            actor=actor,
            action="contract.service_subscription_changed",
            obj=new or current,
            data={"action": action, "plan": plan},
        )
        event_publish(
            corporation=contract.corporation,
            type="contract.service_subscription_changed",
            payload={
                "contract_id": contract.source_id,
                "tenant_id": tenant.source_id,
                "action": action,
                "plan": chosen.code if chosen else None,
                "plan_name": chosen.name if chosen else None,
                "previous_plan": current.plan if current else None,
                "monthly_price_old": str(old_price),
                "monthly_price_new": str(new_price),
                "price_change": str(new_price - old_price),
                "effective_date": start.isoformat(),
                "case_number": case.number,
            },
        )
    return new


def _choices(case_type: CaseType) -> set[str]:
    field: dict = next((f for f in case_type.fields if f.get("code") == "wens"), {})
    return set(field.get("choices") or [])
