"""Reporting on the portal (a repair with the guide and photos, a complaint, nuisance, a question), the
tenant's own cases with the status text of their stage, and the one satisfaction question."""

import datetime as dt

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from vangnet.cases.models import CaseType, WorkOrderStatus
from vangnet.cases.orders import free_moments, portal_work_order
from vangnet.cases.selectors import article_search, case_types, portal_case
from vangnet.cases.services import case_open, case_rate, work_order_confirm, work_order_reschedule
from vangnet.core import clock
from vangnet.core.errors import ApplicationError
from vangnet.inspections.selectors import case_inspections
from vangnet.portal.forms.cases import RatingForm, ReportForm
from vangnet.portal.forms.moving import RescheduleForm
from vangnet.portal.session import portal_view
from vangnet.portal.templatetags.portal import moment
from vangnet.portal.views.common import not_found, page

# Kinds with a form of their own (moving out, changing the home): "Iets melden" links there.
DEDICATED = {
    "termination": "portal:termination",
    "modification": "portal:modification",
    "swap": "portal:swap",
    "subscription": "portal:subscription",
    "name_change": "portal:co_tenant",
}


@require_GET
@portal_view
def report_choose(request: HttpRequest) -> HttpResponse:
    portal = request.portal  # type: ignore[attr-defined]
    return page(
        request,
        "portal/cases/choose.html",
        types=case_types(corporation=portal.corporation, portal_only=True),
        faq=article_search(corporation=portal.corporation, words="", tenant_facing=True, limit=10),
    )


@require_http_methods(["GET", "POST"])
@portal_view
def report(request: HttpRequest, code: str) -> HttpResponse:
    portal = request.portal  # type: ignore[attr-defined]
    case_type = case_types(corporation=portal.corporation, portal_only=True).filter(code=code).first()
    if case_type is None:
        return not_found(request)
    if case_type.kind in DEDICATED:
        return redirect(DEDICATED[case_type.kind])
    form = ReportForm(request.POST or None, request.FILES or None, case_type=case_type)
    if request.method == "POST" and form.is_valid():
        try:
            case = case_open(
                case_type=case_type,
                as_of=clock.today(),
                actor="portal",
                channel="portal",
                tenant=portal.tenant,
                answers=form.answers(),
                guide=form.cleaned_data.get("guide", ""),
                subscription=bool(form.cleaned_data.get("subscription")),
                photos=form.cleaned_data.get("photos") or [],
            )
        except ApplicationError as exc:
            field = exc.extra.get("field", "")
            target = {"answers": None, "photos": "photos", "guide": "guide"}.get(field)
            for code_, message in (exc.extra.get("fields") or {}).items():
                if f"answer_{code_}" in form.fields:
                    form.add_error(f"answer_{code_}", message)
            if not exc.extra.get("fields"):
                form.add_error(target if target in form.fields else None, exc.message)
        else:
            return redirect("portal:case", pk=case.pk)
    status = 400 if request.method == "POST" else 200
    return page(request, "portal/cases/report.html", status=status, case_type=case_type, form=form)


def _emergency_phone(case_type: CaseType, corporation) -> str:
    return case_type.settings.get("emergency_phone") or corporation.phone


@require_GET
@portal_view
def case_view(request: HttpRequest, pk: int) -> HttpResponse:
    portal = request.portal  # type: ignore[attr-defined]
    case = portal_case(tenant=portal.tenant, pk=pk)
    if case is None:
        return not_found(request)
    phone = ""
    if case.urgency == "emergency" and not case.closed:
        case_type = CaseType.objects.filter(corporation=portal.corporation, cases__pk=pk).first()
        phone = _emergency_phone(case_type, portal.corporation) if case_type else portal.corporation.phone
    form = RatingForm() if case.may_rate else None
    return page(
        request,
        "portal/cases/detail.html",
        case=case,
        form=form,
        emergency_phone=phone,
        inspections=[] if case.as_accused else case_inspections(case_id=case.pk),
        **_appointment(case, portal.tenant),
    )


def _appointment(case, tenant, error: str = "") -> dict:
    """The contractor's slot to confirm, or the appointment made (never on the accused's view)."""
    work_order = None if case.as_accused else portal_work_order(case_id=case.pk, tenant_id=tenant.pk)
    if work_order is None or work_order.status not in (WorkOrderStatus.PROPOSED, WorkOrderStatus.CONFIRMED):
        return {"proposed": None, "appointment": None, "appointment_error": ""}
    if work_order.status == WorkOrderStatus.PROPOSED:
        return {"proposed": work_order.appointment, "appointment": None, "appointment_error": error}
    return {"proposed": None, "appointment": work_order.appointment, "appointment_error": error}


@require_POST
@portal_view
def case_appointment(request: HttpRequest, pk: int) -> HttpResponse:
    """The tenant confirms the moment the contractor picked."""
    portal = request.portal  # type: ignore[attr-defined]
    seen = portal_case(tenant=portal.tenant, pk=pk)
    if seen is None or seen.as_accused:
        return not_found(request)
    try:
        work_order_confirm(
            case=portal.tenant.cases.get(pk=pk), tenant=portal.tenant, as_of=clock.today(), actor="portal"
        )
    except ApplicationError as exc:
        return page(
            request,
            "portal/cases/detail.html",
            status=400,
            case=seen,
            form=RatingForm() if seen.may_rate else None,
            emergency_phone="",
            **_appointment(seen, portal.tenant, exc.message),
        )
    return redirect("portal:case", pk=pk)


@require_http_methods(["GET", "POST"])
@portal_view
def case_reschedule(request: HttpRequest, pk: int) -> HttpResponse:
    """The tenant picks another free slot of the same contractor (before or after confirming)."""
    portal = request.portal  # type: ignore[attr-defined]
    seen = portal_case(tenant=portal.tenant, pk=pk)
    work_order = (
        None if seen is None or seen.as_accused else portal_work_order(case_id=pk, tenant_id=portal.tenant.pk)
    )
    if work_order is None or work_order.status not in (WorkOrderStatus.PROPOSED, WorkOrderStatus.CONFIRMED):
        return not_found(request)
    slots = [(slot.isoformat(), moment(slot)) for slot in free_moments(work_order)]
    form = RescheduleForm(request.POST or None, slots=slots)
    if request.method == "POST" and form.is_valid():
        try:
            work_order_reschedule(
                case=portal.tenant.cases.get(pk=pk),
                tenant=portal.tenant,
                start=dt.datetime.fromisoformat(form.cleaned_data["slot"]),
                as_of=clock.today(),
                actor="portal",
            )
        except ApplicationError as exc:
            form.add_error("slot", exc.message)
        else:
            return redirect("portal:case", pk=pk)
    return page(
        request,
        "portal/cases/reschedule.html",
        status=400 if request.method == "POST" else 200,
        form=form,
        case=seen,
        current=work_order.appointment,
        confirmed=work_order.status == WorkOrderStatus.CONFIRMED,
    )


@require_POST
@portal_view
def case_rating(request: HttpRequest, pk: int) -> HttpResponse:
    portal = request.portal  # type: ignore[attr-defined]
    seen = portal_case(tenant=portal.tenant, pk=pk)
    if seen is None or seen.as_accused:
        return not_found(request)
    form = RatingForm(request.POST)
    if form.is_valid():
        try:
            case_rate(case=portal.tenant.cases.get(pk=pk), score=form.cleaned_data["score"], actor="portal")
        except ApplicationError as exc:
            form.add_error("score", exc.message)
        else:
            return redirect("portal:case", pk=pk)
    return page(
        request,
        "portal/cases/detail.html",
        status=400,
        case=seen,
        form=form,
        emergency_phone="",
        **_appointment(seen, portal.tenant),
    )
