"""A tenaamstelling for the colleague who decides: who joins or leaves the contract and why, the documents
the reason needs (each attached or not), the consents of the other tenants, and the decision."""

from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from vangnet.backoffice.access import Permission, staff_view
from vangnet.backoffice.decisions import decision_run
from vangnet.backoffice.types import HtmxHttpRequest
from vangnet.cases.models import CaseEntry
from vangnet.contracts.models import CoTenantChange
from vangnet.contracts.selectors import co_tenant_detail
from vangnet.contracts.services.co_tenant import OPEN, co_tenant_decide, co_tenant_problems, co_tenant_rules
from vangnet.core import clock
from vangnet.core.models import User


def _found(request: HtmxHttpRequest, pk: int) -> CoTenantChange:
    found = co_tenant_detail(corporation=request.corporation, pk=pk)
    if found is None:
        raise Http404
    return found


@staff_view(Permission.VIEW_CASES)
def co_tenant_detail_view(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    found = _found(request, pk)
    reasons, names = co_tenant_rules(found.case.case_type)
    reason = next((r for r in reasons if r.code == found.reason), None)
    files = {
        entry.text: entry
        for entry in CaseEntry.objects.filter(case=found.case).exclude(file="").order_by("pk")
    }
    documents = [
        (names.get(code, code), files.get(names.get(code, code)))
        for code in (reason.documents if reason else ())
    ]
    is_open = found.status in OPEN
    context = {
        "change": found,
        "reason": reason,
        "documents": documents,
        "problems": co_tenant_problems(found) if is_open else [],
        "is_open": is_open,
    }
    return render(request, "backoffice/cases/co_tenant.html", context)


@require_POST
@staff_view(Permission.WORK_CASES)
def co_tenant_decide_view(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    found = _found(request, pk)
    actor: User = request.user  # type: ignore[assignment]
    decision_run(
        request,
        decide=lambda approve, reason: co_tenant_decide(
            change=found, approve=approve, note=reason, as_of=clock.today(), actor=actor
        ),
        missing=_("Kies of u de aanvraag goedkeurt of afwijst."),
        approved=_("De aanvraag is goedgekeurd. Het ERP past het huurcontract aan."),
        refused=_("De aanvraag is afgewezen."),
    )
    return redirect("backoffice:co_tenant_detail", pk=pk)
