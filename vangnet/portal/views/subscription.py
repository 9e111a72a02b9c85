"""The service subscription (serviceabonnement) on the portal: the plan the tenant has, and taking one,
changing to another or stopping it from the first of the next month."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from vangnet.cases.models import CaseType
from vangnet.contracts.services.subscription import (
    STOP,
    running_subscription,
    subscription_change,
    subscription_plans,
)
from vangnet.core import clock
from vangnet.core.errors import ApplicationError
from vangnet.core.money import format_euro
from vangnet.portal.forms.contracts import SubscriptionForm
from vangnet.portal.selectors import tenant_contracts
from vangnet.portal.session import portal_view
from vangnet.portal.views.common import not_found, page


@require_http_methods(["GET", "POST"])
@portal_view
def subscription(request: HttpRequest) -> HttpResponse:
    portal = request.portal  # type: ignore[attr-defined]
    contract = tenant_contracts(tenant=portal.tenant).filter(end_date__isnull=True).first()
    case_type = CaseType.objects.filter(
        corporation=portal.corporation, kind="subscription", active=True, portal=True
    ).first()
    if contract is None or case_type is None:
        return not_found(request)
    plans = subscription_plans(case_type)
    current = running_subscription(contract=contract)
    choices = [
        (
            plan.code,
            _("%(name)s: %(price)s per maand. %(description)s")
            % {"name": plan.name, "price": format_euro(plan.monthly_price), "description": plan.description},
        )
        for plan in plans
        if current is None or plan.code != current.plan
    ]
    if current is not None:
        choices.append((STOP, _("Stoppen met het serviceabonnement")))
    form = SubscriptionForm(request.POST or None, choices=choices)
    if request.method == "POST" and form.is_valid():
        try:
            subscription_change(
                contract=contract,
                tenant=portal.tenant,
                plan=form.cleaned_data["plan"],
                as_of=clock.today(),
                actor=f"portal:{portal.tenant.pk}",
            )
        except ApplicationError as exc:
            form.add_error("plan" if exc.extra.get("field") == "plan" else None, exc.message)
        else:
            messages.success(
                request,
                _("Wij hebben het doorgegeven. Het gaat in op de eerste dag van de volgende maand."),
            )
            return redirect("portal:subscription")
    return page(
        request,
        "portal/contracts/subscription.html",
        status=400 if request.method == "POST" else 200,
        form=form,
        current=current,
        contract=contract,
        description=case_type.description,
        today=clock.today(),
    )
