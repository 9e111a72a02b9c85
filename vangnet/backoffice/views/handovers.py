"""Hand-overs (overdrachten): the manager's approval list with the checks, a hand-over's page with its history
and recall, and the deliveries to the agencies."""

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from vangnet.backoffice.access import Permission, has_permission, staff_view
from vangnet.backoffice.forms.handovers import ProposalFilterForm, RecallForm
from vangnet.backoffice.types import HtmxHttpRequest
from vangnet.core import clock
from vangnet.core.errors import ApplicationError
from vangnet.handovers.models import (
    Agency,
    Handover,
    HandoverExport,
    HandoverExportFile,
    HandoverStatus,
)
from vangnet.handovers.selectors import (
    agency_refusal,
    blocking_failures,
    handover_list,
    main_tenant_names,
    proposal_checks,
)
from vangnet.handovers.services import (
    handover_recall,
    handovers_approve,
    handovers_export,
    handovers_reject,
)

PER_PAGE = 50


def _agencies(request: HtmxHttpRequest) -> list[Agency]:
    return list(Agency.objects.filter(corporation=request.corporation, active=True).order_by("name"))


@staff_view(Permission.VIEW_HANDOVERS)
def handover_list_view(request: HtmxHttpRequest) -> HttpResponse:
    agencies = _agencies(request)
    data = request.GET.copy()
    data.setdefault("status", HandoverStatus.PROPOSED)
    form = ProposalFilterForm(data, agencies=agencies)
    filters: dict[str, Any] = form.cleaned_data if form.is_valid() else {"status": HandoverStatus.PROPOSED}
    agency = next((a for a in agencies if a.slug == filters.get("agency")), None)
    handovers = handover_list(
        status=filters.get("status", ""),
        agency=agency,
        min_amount=filters.get("min_amount"),
        search=filters.get("q", ""),
    )
    page = Paginator(handovers, PER_PAGE).get_page(request.GET.get("page"))
    rows = list(page.object_list)
    as_of = clock.today()
    checks = proposal_checks([h for h in rows if h.status == HandoverStatus.PROPOSED], as_of=as_of)
    if filters.get("passing"):
        rows = [h for h in rows if h.pk in checks and not blocking_failures(checks[h.pk])]
    names = main_tenant_names(rows)
    items = [
        {
            "handover": h,
            "name": names.get(h.contract_id, ""),
            "checks": checks.get(h.pk, []),
            "blocked": bool(blocking_failures(checks.get(h.pk, []))),
        }
        for h in rows
    ]
    context = {
        "form": form,
        "page": page,
        "items": items,
        "agencies": [(a, agency_refusal(a, as_of=as_of)) for a in agencies],
        "proposed": filters.get("status") == HandoverStatus.PROPOSED,
        "approved": filters.get("status") == HandoverStatus.APPROVED,
        "can_approve": has_permission(request.membership, Permission.APPROVE_HANDOVERS),  # type: ignore[attr-defined]
        "can_work": has_permission(request.membership, Permission.WORK_HANDOVERS),  # type: ignore[attr-defined]
        "query_string": request.GET.urlencode(),
    }
    return render(request, "backoffice/handovers/list.html", context)


def _selected(request: HtmxHttpRequest) -> list[Handover]:
    ids = [int(pk) for pk in request.POST.getlist("overdracht") if pk.isdigit()]
    return list(
        Handover.objects.filter(corporation=request.corporation, pk__in=ids).select_related(
            "corporation", "contract"
        )
    )


@require_POST
@staff_view(Permission.APPROVE_HANDOVERS)
def handovers_decide(request: HtmxHttpRequest) -> HttpResponse:
    """Bulk: approve and hand to the chosen agency, or reject with a reason."""
    selected = _selected(request)
    back = redirect("backoffice:handover_list")
    if not selected:
        messages.error(request, _("Kies eerst één of meer voorstellen."))
        return back
    try:
        if request.POST.get("besluit") == "afwijzen":
            count = handovers_reject(
                corporation=request.corporation,
                handovers=selected,
                reason=request.POST.get("toelichting", ""),
                as_of=clock.today(),
                actor=request.user,  # type: ignore[arg-type]
            )
            messages.success(request, _("%(count)s voorstel(len) afgewezen.") % {"count": count})
            return back
        agency = Agency.objects.filter(
            corporation=request.corporation, slug=request.POST.get("partner", "")
        ).first()
        if agency is None:
            messages.error(request, _("Kies aan welke partner u overdraagt."))
            return back
        result = handovers_approve(
            corporation=request.corporation,
            handovers=selected,
            agency=agency,
            as_of=clock.today(),
            note=request.POST.get("toelichting", ""),
            actor=request.user,  # type: ignore[arg-type]
        )
    except ApplicationError as error:
        messages.error(request, error.message)
        return back
    if result.approved:
        messages.success(
            request,
            ngettext(
                "%(count)s overdracht goedgekeurd voor %(agency)s. Hij staat klaar om te exporteren.",
                "%(count)s overdrachten goedgekeurd voor %(agency)s. Ze staan klaar om te exporteren.",
                len(result.approved),
            )
            % {"count": len(result.approved), "agency": agency.name},
        )
    for number, reasons in result.refused.items():
        messages.error(
            request,
            _("%(number)s niet goedgekeurd: %(reasons)s") % {"number": number, "reasons": "; ".join(reasons)},
        )
    return back


def _handover_or_404(request: HtmxHttpRequest, pk: int) -> Handover:
    handover = (
        Handover.objects.filter(corporation=request.corporation, pk=pk)
        .select_related("contract__unit", "agency", "corporation")
        .first()
    )
    if handover is None:
        raise Http404
    return handover


@staff_view(Permission.VIEW_HANDOVERS)
def handover_detail(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    handover = _handover_or_404(request, pk)
    checks = (
        proposal_checks([handover], as_of=clock.today())[handover.pk]
        if handover.status == HandoverStatus.PROPOSED
        else []
    )
    context = {
        "handover": handover,
        "name": main_tenant_names([handover]).get(handover.contract_id, ""),
        "checks": checks,
        "updates": handover.updates.order_by("on", "pk"),
        "payments": handover.payments.order_by("paid_on", "pk"),
        "exports": handover.exports.prefetch_related("files").order_by("-created_at"),
        "recall_form": RecallForm(),
        "can_recall": handover.status in (HandoverStatus.APPROVED, HandoverStatus.EXPORTED)
        and has_permission(request.membership, Permission.WORK_HANDOVERS),  # type: ignore[attr-defined]
    }
    return render(request, "backoffice/handovers/detail.html", context)


@require_POST
@staff_view(Permission.WORK_HANDOVERS)
def handover_recall_view(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    handover = _handover_or_404(request, pk)
    form = RecallForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Kies waarom de overdracht wordt teruggehaald en wat er daarna gebeurt."))
        return redirect("backoffice:handover_detail", pk=pk)
    try:
        handover_recall(
            handover=handover,
            reason=form.cleaned_data["reason"],
            note=form.cleaned_data["note"],
            return_to_flow=form.cleaned_data["next"] == "flow",
            as_of=clock.today(),
            actor=request.user,  # type: ignore[arg-type]
        )
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, _("De overdracht is teruggehaald. De partner hoort het via de koppeling met het ERP.")
        )
    return redirect("backoffice:handover_detail", pk=pk)


@staff_view(Permission.VIEW_HANDOVERS)
def handover_exports(request: HtmxHttpRequest) -> HttpResponse:
    exports = (
        HandoverExport.objects.filter(corporation=request.corporation)
        .select_related("agency")
        .prefetch_related("files")
        .order_by("-created_at", "-pk")
    )
    page = Paginator(exports, 25).get_page(request.GET.get("page"))
    waiting = Handover.objects.filter(corporation=request.corporation, status=HandoverStatus.APPROVED)
    context = {
        "page": page,
        "waiting": waiting.count(),
        "waiting_amount": sum((h.amount for h in waiting.only("amount")), Decimal("0.00")),
        "can_work": has_permission(request.membership, Permission.WORK_HANDOVERS),  # type: ignore[attr-defined]
    }
    return render(request, "backoffice/handovers/exports.html", context)


@require_POST
@staff_view(Permission.WORK_HANDOVERS)
def handover_export_run(request: HtmxHttpRequest) -> HttpResponse:
    result = handovers_export(
        corporation=request.corporation,
        agency=None,
        as_of=clock.today(),
        actor=request.user,  # type: ignore[arg-type]
    )
    if result.handovers:
        messages.success(
            request,
            ngettext("%(count)s dossier geëxporteerd", "%(count)s dossiers geëxporteerd", result.handovers)
            % {"count": result.handovers}
            + " "
            + ngettext("in %(count)s bestand.", "in %(count)s bestanden.", len(result.files))
            % {"count": len(result.files)},
        )
    else:
        messages.info(request, _("Er staan geen goedgekeurde overdrachten klaar."))
    return redirect("backoffice:handover_exports")


@staff_view(Permission.VIEW_HANDOVERS)
def handover_export_file(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    file = HandoverExportFile.objects.filter(corporation=request.corporation, pk=pk).first()
    if file is None:
        raise Http404
    response = HttpResponse(bytes(file.content), content_type=file.content_type)
    response["Content-Disposition"] = f'attachment; filename="{file.name}"'
    return response
