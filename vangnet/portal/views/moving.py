"""Moving out and changing the home on the portal: giving notice with the pre-inspection moment, moving
that moment, a letter of the case as a PDF, and asking for a home modification."""

import datetime as dt

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_GET, require_http_methods

from vangnet.appointments.selectors import inspector, resource_slots
from vangnet.appointments.slots import moment_text
from vangnet.cases.models import Audience, CaseEntry, CaseType
from vangnet.core import clock
from vangnet.core.errors import ApplicationError
from vangnet.inspections.models import Inspection, InspectionKind
from vangnet.inspections.notice import earliest_end_date
from vangnet.inspections.services import (
    end_day_rule,
    inspection_reschedule,
    modification_request,
    termination_give_notice,
)
from vangnet.inspections.services.modifications import policies
from vangnet.inspections.services.termination import co_tenants
from vangnet.portal.forms.moving import ModificationForm, NoticeForm, RescheduleForm
from vangnet.portal.selectors import tenant_contracts
from vangnet.portal.session import portal_view
from vangnet.portal.views.common import field_errors, not_found, page

FIELDS = {
    "end_date": "end_date",
    "reason": "reason",
    "address": "address",
    "slot": "slot",
    "consent": "consent",
}


def _slot_choices(resource) -> list[tuple[str, str]]:
    if resource is None:
        return []
    slots = resource_slots(resource=resource, first_day=clock.today(), now=clock.now())
    return [(slot.isoformat(), moment_text(slot)) for slot in slots]


def _errors(form, exc: ApplicationError) -> None:
    fields = exc.extra.get("fields") or {}
    placed = False
    for name, message in fields.items():
        if name in form.fields:
            form.add_error(name, message)
            placed = True
    if not placed:
        form.add_error(None, exc.message)


@require_http_methods(["GET", "POST"])
@portal_view
def termination(request: HttpRequest) -> HttpResponse:
    portal = request.portal  # type: ignore[attr-defined]
    contract = tenant_contracts(tenant=portal.tenant).filter(end_date__isnull=True).first()
    if contract is None:
        return not_found(request)
    try:
        rule = end_day_rule(portal.corporation)
    except ApplicationError:
        return not_found(request)
    others = ", ".join(str(t) for t in co_tenants(contract, portal.tenant))
    form = NoticeForm(
        request.POST or None,
        slots=_slot_choices(inspector(corporation=portal.corporation)),
        co_tenants=others,
    )
    if request.method == "POST" and form.is_valid():
        try:
            done = termination_give_notice(
                tenant=portal.tenant,
                contract=contract,
                end_date=form.cleaned_data["end_date"],
                reason=form.cleaned_data["reason"],
                forwarding_address=form.cleaned_data["address"],
                co_tenant_consent=bool(form.cleaned_data.get("consent")),
                slot=dt.datetime.fromisoformat(form.cleaned_data["slot"]),
                as_of=clock.today(),
                actor="portal",
            )
        except ApplicationError as exc:
            _errors(form, exc)
        else:
            return redirect("portal:case", pk=done.case_id)
    return page(
        request,
        "portal/moving/notice.html",
        status=400 if request.method == "POST" else 200,
        form=form,
        contract=contract,
        earliest=earliest_end_date(clock.today(), rule),
    )


@require_http_methods(["GET", "POST"])
@portal_view
def reschedule(request: HttpRequest, pk: int) -> HttpResponse:
    portal = request.portal  # type: ignore[attr-defined]
    inspection = (
        Inspection.objects.filter(
            corporation=portal.corporation,
            pk=pk,
            case__tenant=portal.tenant,
            kind=InspectionKind.PRE,
            done_at__isnull=True,
            booking__isnull=False,
        )
        .select_related("booking__resource", "case")
        .first()
    )
    if inspection is None or inspection.booking is None:
        return not_found(request)
    form = RescheduleForm(request.POST or None, slots=_slot_choices(inspection.booking.resource))
    if request.method == "POST" and form.is_valid():
        try:
            inspection_reschedule(
                inspection=inspection,
                start=dt.datetime.fromisoformat(form.cleaned_data["slot"]),
                actor="portal",
            )
        except ApplicationError as exc:
            _errors(form, exc)
        else:
            return redirect("portal:case", pk=inspection.case_id)
    return page(
        request,
        "portal/moving/reschedule.html",
        status=400 if request.method == "POST" else 200,
        form=form,
        inspection=inspection,
        current=moment_text(inspection.booking.start),
    )


@require_GET
@portal_view
def case_letter(request: HttpRequest, pk: int, entry: int) -> HttpResponse:
    portal = request.portal  # type: ignore[attr-defined]
    found = (
        CaseEntry.objects.filter(
            corporation=portal.corporation,
            pk=entry,
            case_id=pk,
            case__tenant=portal.tenant,
            audience=Audience.PARTY,
            content_type="application/pdf",
        )
        .exclude(file="")
        .first()
    )
    if found is None:
        return not_found(request)
    with found.file.open("rb") as handle:
        response = HttpResponse(handle.read(), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{found.file_name}"'
    return response


@require_http_methods(["GET", "POST"])
@portal_view
def modification(request: HttpRequest) -> HttpResponse:
    portal = request.portal  # type: ignore[attr-defined]
    contract = tenant_contracts(tenant=portal.tenant).filter(end_date__isnull=True).first()
    case_type = CaseType.objects.filter(
        corporation=portal.corporation, kind="modification", active=True
    ).first()
    if contract is None or case_type is None:
        return not_found(request)
    rules = policies(case_type)
    form = ModificationForm(
        request.POST or None, request.FILES or None, changes=[(p["code"], p["name"]) for p in rules]
    )
    if request.method == "POST" and form.is_valid():
        try:
            done = modification_request(
                tenant=portal.tenant,
                unit=contract.unit,
                change=form.cleaned_data["change"],
                description=form.cleaned_data["description"],
                photos=form.cleaned_data.get("photos") or [],
                as_of=clock.today(),
                actor="portal",
            )
        except ApplicationError as exc:
            field_errors(form, exc.extra)
            if not form.errors:
                form.add_error("photos" if exc.extra.get("field") == "photos" else None, exc.message)
        else:
            return redirect("portal:case", pk=done.case_id)
    return page(
        request,
        "portal/moving/modification.html",
        status=400 if request.method == "POST" else 200,
        form=form,
        rules=rules,
    )
