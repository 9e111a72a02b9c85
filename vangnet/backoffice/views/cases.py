"""Cases on the staff side: the list with its filters and SLA colours, one case with its timeline, and the
colleague's actions on it (next stage, assign, note, photo)."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from vangnet.backoffice.access import Permission, has_permission, staff_view
from vangnet.backoffice.types import HtmxHttpRequest
from vangnet.cases.contractor_keys import contractor_key_create, contractor_key_revoke
from vangnet.cases.models import Audience, Case, CaseEntry, Contractor, SlaState, WorkOrder
from vangnet.cases.orders import case_work_orders, contractor_rows, contractors, open_work_order
from vangnet.cases.selectors import CaseFilters, case_detail, case_list, case_teams, case_types
from vangnet.cases.services import (
    case_assign,
    case_note_add,
    case_photos_add,
    case_transition,
    contractor_create,
    work_order_cancel,
    work_order_issue,
    work_order_pdf,
)
from vangnet.contracts.selectors import case_co_tenant, case_letting, case_swap
from vangnet.core import clock
from vangnet.core.errors import ApplicationError
from vangnet.core.models import Membership, User
from vangnet.inspections.selectors import case_inspections, case_modification

PAGE_SIZE = 50
STATUSES = (("open", _("Open")), ("closed", _("Afgesloten")), ("all", _("Alle")))


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


@staff_view(Permission.VIEW_CASES)
def case_list_view(request: HtmxHttpRequest) -> HttpResponse:
    as_of = clock.today()
    query = request.GET
    status = query.get("status", "open")
    mine = query.get("wie") == "ik"
    filters = CaseFilters(
        case_type=_int(query.get("soort")),
        status=status if status in dict(STATUSES) else "open",
        team=query.get("team", "")[:100],
        owner_id=request.user.pk if mine else None,
        sla=query.get("sla", "") if query.get("sla") in SlaState.values else "",
        query=query.get("q", "")[:100],
    )
    cases = case_list(corporation=request.corporation, filters=filters, as_of=as_of)
    params = query.copy()
    params.pop("page", None)
    context = {
        "page": Paginator(cases, PAGE_SIZE).get_page(query.get("page")),
        "as_of": as_of,
        "filters": filters,
        "mine": mine,
        "statuses": STATUSES,
        "sla_states": [s for s in SlaState.choices if s[0] != SlaState.CLOSED],
        "types": case_types(corporation=request.corporation),
        "teams": case_teams(corporation=request.corporation),
        "query_string": params.urlencode(),
    }
    return render(request, "backoffice/cases/list.html", context)


def _detail(request: HtmxHttpRequest, pk: int):
    try:
        return case_detail(corporation=request.corporation, pk=pk, as_of=clock.today())
    except Case.DoesNotExist:
        raise Http404 from None


@staff_view(Permission.VIEW_CASES)
def case_detail_view(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    detail = _detail(request, pk)
    context = {
        "detail": detail,
        "case": detail.case,
        "stage": detail.case.case_type.stage(detail.case.stage),
        "fields": {f["code"]: f["label"] for f in detail.case.case_type.fields},
        "audiences": [a for a in Audience.choices if a[0] != Audience.ACCUSED or detail.case.accused_id],
        "colleagues": Membership.objects.filter(corporation=request.corporation)
        .select_related("user")
        .order_by("user__first_name", "user__username"),
        "teams": case_teams(corporation=request.corporation),
        "as_of": clock.today(),
        **_work_orders(request, detail.case),
        "inspections": case_inspections(case_id=detail.case.pk),
        "modification": case_modification(case=detail.case),
        "swap": case_swap(case=detail.case) if detail.case.case_type.kind == "swap" else None,
        "letting": case_letting(case=detail.case) if detail.case.case_type.kind == "letting" else None,
        "co_tenant": case_co_tenant(case=detail.case)
        if detail.case.case_type.kind == "name_change"
        else None,
    }
    return render(request, "backoffice/cases/detail.html", context)


def _work_orders(request: HtmxHttpRequest, case: Case) -> dict:
    if case.case_type.kind != "repair":
        return {"work_orders": [], "contractors": [], "may_order": False, "running": None}
    running = None if case.closed else open_work_order(case=case)
    may_order = not case.closed and case.stage in ("gemeld", "opdracht") and running is None
    listed = contractors(corporation=request.corporation, active_only=True) if may_order or running else []
    return {
        "work_orders": case_work_orders(case=case),
        "contractors": [c for c in listed if running is None or c.pk != running.contractor_id],
        "may_order": may_order,
        "running": running,
    }


def _colleague(request: HtmxHttpRequest, value: str) -> User | None:
    member = Membership.objects.filter(corporation=request.corporation, user_id=_int(value) or 0).first()
    return member.user if member else None


@require_POST
@staff_view(Permission.WORK_CASES)
def case_action(request: HtmxHttpRequest, pk: int, action: str) -> HttpResponse:
    case = _detail(request, pk).case
    actor: User = request.user  # type: ignore[assignment]
    post = request.POST
    try:
        if action == "fase":
            case = case_transition(
                case=case,
                to=post.get("naar", ""),
                note=post.get("toelichting", ""),
                as_of=clock.today(),
                actor=actor,
            )
            messages.success(
                request,
                _("De zaak staat nu in fase '%(stage)s'.")
                % {"stage": case.case_type.stage(case.stage)["name"]},
            )
        elif action == "toewijzen":
            team = post.get("team", "").strip()
            case_assign(
                case=case, actor=actor, owner=_colleague(request, post.get("eigenaar", "")), team=team or None
            )
            messages.success(request, _("Zaak toegewezen."))
        elif action == "notitie":
            case_note_add(
                case=case,
                text=post.get("tekst", ""),
                audience=post.get("voor", Audience.INTERNAL),
                actor=actor,
            )
            messages.success(request, _("Notitie toegevoegd."))
        elif action == "opdracht":
            contractor = Contractor.objects.filter(
                corporation=request.corporation, pk=_int(post.get("vakman")) or 0
            ).first()
            work_order = work_order_issue(
                case=case,
                contractor=contractor,
                instructions=post.get("toelichting", ""),
                as_of=clock.today(),
                actor=actor,
            )
            messages.success(
                request,
                _("Werkopdracht %(number)s is gemaild naar %(name)s.")
                % {"number": work_order.number, "name": work_order.contractor.name},
            )
        elif action == "vervallen":
            running = open_work_order(case=case)
            if running is None:
                raise ApplicationError(_("Deze zaak heeft geen lopende werkopdracht."))
            contractor = Contractor.objects.filter(
                corporation=request.corporation, pk=_int(post.get("vakman")) or 0
            ).first()
            if post.get("vakman") and contractor is None:
                raise ApplicationError(_("Kies een vakman uit de lijst."))
            new = work_order_cancel(
                work_order=running,
                reason=post.get("reden", ""),
                contractor=contractor,
                instructions=post.get("toelichting", ""),
                as_of=clock.today(),
                actor=actor,
            )
            if new is None:
                messages.success(
                    request,
                    _("Werkopdracht %(number)s vervalt. De vakman en de huurder weten het.")
                    % {"number": running.number},
                )
            else:
                messages.success(
                    request,
                    _("Werkopdracht %(old)s vervalt; %(number)s is gemaild naar %(name)s.")
                    % {"old": running.number, "number": new.number, "name": new.contractor.name},
                )
        elif action == "foto":
            count = case_photos_add(
                case=case, photos=request.FILES.getlist("foto"), audience=Audience.INTERNAL, actor=actor
            )
            messages.success(
                request,
                ngettext("%(count)s bestand toegevoegd.", "%(count)s bestanden toegevoegd.", count)
                % {"count": count},
            )
        else:
            raise Http404
    except ApplicationError as error:
        messages.error(request, error.message)
    return redirect("backoffice:case_detail", pk=case.pk)


@staff_view(Permission.VIEW_CASES)
def case_file(request: HtmxHttpRequest, pk: int) -> FileResponse:
    entry = CaseEntry.objects.filter(pk=pk, corporation=request.corporation).exclude(file="").first()
    if entry is None:
        raise Http404
    return FileResponse(entry.file.open("rb"), content_type=entry.content_type, filename=entry.file_name)


@staff_view(Permission.VIEW_CASES)
def work_order_document(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    work_order = (
        WorkOrder.objects.filter(corporation=request.corporation, pk=pk)
        .select_related("case", "case__unit", "case__tenant", "contractor", "corporation")
        .first()
    )
    if work_order is None:
        raise Http404
    response = HttpResponse(work_order_pdf(work_order), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="werkopdracht-{work_order.number}.pdf"'
    return response


@staff_view(Permission.VIEW_CASES)
def contractor_list_view(request: HtmxHttpRequest) -> HttpResponse:
    """The corporation's contractors, and a form to add one (who may work cases may add one)."""
    errors: dict[str, str] = {}
    values = {"name": "", "email": "", "trades": "", "phone": ""}
    status = 200
    if request.method == "POST":
        if not has_permission(request.membership, Permission.WORK_CASES):
            return render(request, "backoffice/access/forbidden.html", status=403)
        values = {key: request.POST.get(key, "")[:300] for key in values}
        try:
            actor: User = request.user  # type: ignore[assignment]
            contractor = contractor_create(corporation=request.corporation, actor=actor, **values)
        except ApplicationError as error:
            errors = error.extra.get("fields", {})
            status = 400
        else:
            messages.success(request, _("Vakman %(name)s toegevoegd.") % {"name": contractor.name})
            return redirect("backoffice:contractor_list")
    context = {
        "contractors": contractor_rows(corporation=request.corporation),
        "errors": errors,
        "values": values,
    }
    return render(request, "backoffice/cases/contractors.html", context, status=status)


@require_POST
@staff_view(Permission.MANAGE_SETTINGS)
def contractor_key(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """A key for the contractor's own system (/api/v1/contractor/); shown once, an earlier key stops."""
    contractor = Contractor.objects.filter(corporation=request.corporation, pk=pk).first()
    if contractor is None:
        raise Http404
    actor: User = request.user  # type: ignore[assignment]
    try:
        for key in contractor.keys.filter(revoked_at__isnull=True):
            contractor_key_revoke(key=key, actor=actor)
        secret = contractor_key_create(contractor=contractor, actor=actor)[1]
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _(
                "Sleutel voor het systeem van %(name)s (wordt maar één keer getoond, geef hem veilig door): %(secret)s"
            )
            % {"name": contractor.name, "secret": secret},
        )
    return redirect("backoffice:contractor_list")
