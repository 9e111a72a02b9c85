"""The overview a tenant lands on, and one received message as it was sent."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from vangnet.campaigns.selectors import open_targets
from vangnet.cases.selectors import portal_cases
from vangnet.contracts.selectors import tenant_lettings_waiting
from vangnet.core import clock
from vangnet.payments.selectors import online_payment_available
from vangnet.portal.selectors import portal_overview, tenant_message
from vangnet.portal.session import portal_view
from vangnet.portal.views.common import not_found


@require_GET
@portal_view
def overview(request: HttpRequest) -> HttpResponse:
    portal = request.portal  # type: ignore[attr-defined]
    data = portal_overview(tenant=portal.tenant, as_of=clock.today())
    context = {
        "corporation": portal.corporation,
        "portal": portal,
        "overview": data,
        # A letter's reader logs in with the code and lands here: our open questions come first.
        "campaign_targets": open_targets(tenant=portal.tenant, as_of=clock.today()),
        "cases": portal_cases(tenant=portal.tenant),
        "lettings": tenant_lettings_waiting(tenant=portal.tenant),
        "can_pay_online": online_payment_available(corporation=portal.corporation),
    }
    return render(request, "portal/overview.html", context)


@require_GET
@portal_view
def message_detail(request: HttpRequest, message_id: int) -> HttpResponse:
    portal = request.portal  # type: ignore[attr-defined]
    message = tenant_message(tenant=portal.tenant, message_id=message_id, as_of=clock.today())
    if message is None:
        return not_found(request)
    return render(
        request,
        "portal/message.html",
        {"corporation": portal.corporation, "portal": portal, "message": message},
    )
