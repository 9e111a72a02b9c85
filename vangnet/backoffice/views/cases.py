"""Cases on the staff side: the list with its filters and SLA colours, one case with its timeline, and the
colleague's actions on it (next stage, assign, note, photo)."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from vangnet.backoffice.access import Permission, staff_view
from vangnet.backoffice.types import HtmxHttpRequest
from vangnet.cases.models import Audience, Case, CaseEntry, SlaState
from vangnet.cases.selectors import CaseFilters, case_detail, case_list, case_teams, case_types
from vangnet.cases.services import case_assign, case_note_add, case_photos_add, case_transition
from vangnet.core import clock
from vangnet.core.errors import ApplicationError
from vangnet.core.models import Membership, User

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
    }
    return render(request, "backoffice/cases/detail.html", context)


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
        elif action == "foto":
            count = case_photos_add(
                case=case, photos=request.FILES.getlist("foto"), audience=Audience.INTERNAL, actor=actor
            )
            messages.success(request, _("%(count)s bestand(en) toegevoegd.") % {"count": count})
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
