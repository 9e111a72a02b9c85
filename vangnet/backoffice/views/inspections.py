"""The inspector's screens (tablet-size): open inspections, one inspection with its defects and photos, the
home's recorded modifications, and completing it (the end inspection sends the final settlement); and the
decision on a home modification."""

from decimal import Decimal

from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from vangnet.backoffice.access import Permission, staff_view
from vangnet.backoffice.types import HtmxHttpRequest
from vangnet.core import clock
from vangnet.core.errors import ApplicationError
from vangnet.core.models import User
from vangnet.core.money import parse_euro
from vangnet.inspections.models import Decision, Defect, InspectionKind, Modification, Payer
from vangnet.inspections.selectors import case_termination, inspection, open_inspections, unit_modifications
from vangnet.inspections.services import (
    defect_add,
    end_inspection_complete,
    modification_decide,
    modification_record,
    pre_inspection_complete,
    settlement_for,
)
from vangnet.inspections.services.modifications import policies

ROOMS = (
    "Woonkamer",
    "Keuken",
    "Badkamer",
    "Toilet",
    "Slaapkamer",
    "Hal",
    "Berging",
    "Tuin of balkon",
    "Zolder",
)


def _amount(text: str) -> Decimal | None:
    return parse_euro(text.strip()) if text.strip() else Decimal("0")


@staff_view(Permission.VIEW_CASES)
def inspection_list(request: HtmxHttpRequest) -> HttpResponse:
    return render(
        request,
        "backoffice/inspections/list.html",
        {"inspections": open_inspections(corporation=request.corporation)},
    )


def _found(request: HtmxHttpRequest, pk: int):
    found = inspection(corporation=request.corporation, pk=pk)
    if found is None:
        raise Http404
    return found


@staff_view(Permission.VIEW_CASES)
def inspection_detail(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    found = _found(request, pk)
    termination = case_termination(case=found.case)
    preview = None
    if found.kind == InspectionKind.END and termination is not None and termination.settled_on is None:
        preview = settlement_for(termination, found, Decimal("0"))
    context = {
        "inspection": found,
        "defects": list(found.defects.all()),
        "termination": termination,
        "modifications": unit_modifications(unit=found.unit),
        "rooms": ROOMS,
        "payers": Payer.choices,
        "preview": preview,
        "values": request.session.pop("defect_values", {}),
    }
    return render(request, "backoffice/inspections/detail.html", context)


@require_POST
@staff_view(Permission.WORK_CASES)
def inspection_action(request: HtmxHttpRequest, pk: int, action: str) -> HttpResponse:
    found = _found(request, pk)
    actor: User = request.user  # type: ignore[assignment]
    post = request.POST
    try:
        if action == "gebrek":
            defect_add(
                inspection=found,
                room=post.get("ruimte", ""),
                description=post.get("omschrijving", ""),
                payer=post.get("betaler", ""),
                cost=_amount(post.get("kosten", "")),
                photos=request.FILES.getlist("foto"),
                actor=actor,
            )
            messages.success(request, _("Gebrek vastgelegd."))
        elif action == "afronden" and found.kind == InspectionKind.END:
            termination = end_inspection_complete(
                inspection=found,
                notes=post.get("opmerkingen", ""),
                deposit=_amount(post.get("waarborgsom", "")),
                as_of=clock.today(),
                actor=actor,
            )
            messages.success(request, _("De eindafrekening is verstuurd."))
            return redirect("backoffice:case_detail", pk=termination.case_id)
        elif action == "afronden":
            pre_inspection_complete(
                inspection=found, notes=post.get("opmerkingen", ""), as_of=clock.today(), actor=actor
            )
            messages.success(request, _("Inspectie afgerond."))
            return redirect("backoffice:inspection_list")
        else:
            raise Http404
    except ApplicationError as error:
        messages.error(request, error.message)
        if action == "gebrek":
            request.session["defect_values"] = {
                key: post.get(key, "")[:300] for key in ("ruimte", "omschrijving", "betaler", "kosten")
            }
    return redirect("backoffice:inspection_detail", pk=pk)


@staff_view(Permission.VIEW_CASES)
def defect_photo(request: HtmxHttpRequest, pk: int) -> FileResponse:
    defect = Defect.objects.filter(corporation=request.corporation, pk=pk).exclude(photo="").first()
    if defect is None:
        raise Http404
    return FileResponse(defect.photo.open("rb"), content_type=defect.photo_type)


def _modification(request: HtmxHttpRequest, pk: int) -> Modification:
    found = (
        Modification.objects.filter(corporation=request.corporation, pk=pk)
        .select_related("case", "case__case_type", "unit", "tenant")
        .first()
    )
    if found is None:
        raise Http404
    return found


@staff_view(Permission.VIEW_CASES)
def modification_detail(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    found = _modification(request, pk)
    policy = next((p for p in policies(found.case.case_type) if p["code"] == found.change), {})
    context = {
        "modification": found,
        "policy": policy,
        "decisions": Decision.choices,
        "photos": found.case.entries.exclude(file="").filter(content_type__startswith="image/"),
    }
    return render(request, "backoffice/inspections/modification.html", context)


@require_POST
@staff_view(Permission.WORK_CASES)
def modification_action(request: HtmxHttpRequest, pk: int, action: str) -> HttpResponse:
    found = _modification(request, pk)
    actor: User = request.user  # type: ignore[assignment]
    try:
        if action == "besluit":
            modification_decide(
                modification=found,
                decision=request.POST.get("besluit", ""),
                conditions=request.POST.get("voorwaarden", ""),
                as_of=clock.today(),
                actor=actor,
            )
            messages.success(request, _("Het besluit is verstuurd."))
        elif action == "opname":
            modification_record(
                modification=found,
                notes=request.POST.get("opmerkingen", ""),
                as_of=clock.today(),
                actor=actor,
            )
            messages.success(request, _("De aanpassing is vastgelegd bij de woning."))
        else:
            raise Http404
    except ApplicationError as error:
        messages.error(request, error.message)
    return redirect("backoffice:modification_detail", pk=pk)
