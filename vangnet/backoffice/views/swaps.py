"""A house swap (woningruil) for the colleague who decides: the parties, who moves where, who confirmed, the
rules' check (every party confirmed, no arrears, minimum tenancy, household fits), and the decision."""

from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from vangnet.backoffice.access import Permission, staff_view
from vangnet.backoffice.decisions import decision_run
from vangnet.backoffice.types import HtmxHttpRequest
from vangnet.contracts.models import Swap, SwapStatus
from vangnet.contracts.selectors import swap_detail
from vangnet.contracts.services.swap import swap_check, swap_decide
from vangnet.core import clock
from vangnet.core.models import User


def _found(request: HtmxHttpRequest, pk: int) -> Swap:
    found = swap_detail(corporation=request.corporation, pk=pk)
    if found is None:
        raise Http404
    return found


@staff_view(Permission.VIEW_CASES)
def swap_detail_view(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    found = _found(request, pk)
    is_open = found.status == SwapStatus.OPEN
    context = {
        "swap": found,
        "problems": swap_check(swap=found, as_of=clock.today()) if is_open else [],
        "is_open": is_open,
    }
    return render(request, "backoffice/cases/swap.html", context)


@require_POST
@staff_view(Permission.WORK_CASES)
def swap_decide_view(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    found = _found(request, pk)
    actor: User = request.user  # type: ignore[assignment]
    decision_run(
        request,
        decide=lambda approve, reason: swap_decide(
            swap=found, approve=approve, reason=reason, as_of=clock.today(), actor=actor
        ),
        missing=_("Kies of u de woningruil goedkeurt of afwijst."),
        approved=_("De woningruil is goedgekeurd. Elke huurder krijgt een huurcontract om te tekenen."),
        refused=_("De woningruil is afgewezen."),
    )
    return redirect("backoffice:swap_detail", pk=pk)
