"""House swap (woningruil) on the portal: the tenant sees every swap they are part of and confirms their
own part (with the size of their household), or starts one by naming the other home and its tenant."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from vangnet.contracts.models import SwapStatus
from vangnet.contracts.selectors import tenant_swaps
from vangnet.contracts.services.swap import OtherHome, swap_confirm, swap_request
from vangnet.core import clock
from vangnet.core.errors import ApplicationError
from vangnet.portal.forms.contracts import SwapConfirmForm, SwapStartForm
from vangnet.portal.selectors import tenant_contracts
from vangnet.portal.session import portal_view
from vangnet.portal.views.common import not_found, page


def _error(form, exc: ApplicationError) -> None:
    field = exc.extra.get("field")
    form.add_error(field if field in form.fields else None, exc.message)


@require_http_methods(["GET", "POST"])
@portal_view
def swap(request: HttpRequest) -> HttpResponse:
    portal = request.portal  # type: ignore[attr-defined]
    tenant = portal.tenant
    contract = tenant_contracts(tenant=tenant).filter(end_date__isnull=True).first()
    swaps = tenant_swaps(tenant=tenant)
    if contract is None and not swaps:
        return not_found(request)
    action = request.POST.get("action") if request.method == "POST" else None
    start_form = SwapStartForm(request.POST if action == "start" else None)
    confirm_form = SwapConfirmForm(request.POST if action == "confirm" else None)
    if action == "start" and contract is not None and start_form.is_valid():
        data = start_form.cleaned_data
        try:
            swap_request(
                tenant=tenant,
                contract=contract,
                household=data["household"],
                homes=[OtherHome(*home) for home in start_form.homes()],
                as_of=clock.today(),
                now=clock.now(),
            )
        except ApplicationError as exc:
            _error(start_form, exc)
        else:
            if len(start_form.homes()) == 1:
                done = _(
                    "Uw aanvraag is verstuurd. De andere huurder moet de ruil nu in het eigen portaal bevestigen."
                )
            else:
                done = _(
                    "Uw aanvraag is verstuurd. De andere huurders moeten de ruil nu in hun eigen portaal "
                    "bevestigen."
                )
            messages.success(request, done)
            return redirect("portal:swap")
    if action == "confirm":
        chosen = next((s for s in swaps if str(s.pk) == request.POST.get("swap")), None)
        if chosen is None:
            return not_found(request)
        if confirm_form.is_valid():
            try:
                swap_confirm(
                    swap=chosen,
                    tenant=tenant,
                    household=confirm_form.cleaned_data["household"],
                    now=clock.now(),
                )
            except ApplicationError as exc:
                _error(confirm_form, exc)
            else:
                messages.success(
                    request, _("U heeft de woningruil bevestigd. Wij beoordelen de aanvraag nu.")
                )
                return redirect("portal:swap")
    running = any(s.status == SwapStatus.OPEN for s in swaps)
    return page(
        request,
        "portal/contracts/swap.html",
        status=400 if action else 200,
        swaps=swaps,
        start_form=start_form if contract is not None and not running else None,
        confirm_form=confirm_form,
        contract=contract,
    )
