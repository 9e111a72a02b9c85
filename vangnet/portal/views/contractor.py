"""The contractor's personal link (no account): the work order with only what they need (address, problem,
the tenant's photos and phone), a free slot of their agenda to pick, and the report that the work is done.

A forged, damaged or expired link gets one neutral page (404) that names nothing. Thin: find the work
order by its token, enter its corporation's scope, call one service, render.
"""

import datetime as dt

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods
from django_scopes import scope

from vangnet.cases.models import WorkOrder
from vangnet.cases.orders import contractor_photo, contractor_view, work_order_by_token
from vangnet.cases.services import work_order_done, work_order_pick
from vangnet.core import clock
from vangnet.core.errors import ApplicationError
from vangnet.portal.forms.contractor import DoneForm, PickForm
from vangnet.portal.templatetags.portal import moment


def _invalid(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/cases/contractor_invalid.html", {"corporation": None}, status=404)


def _choices(free: list[dt.datetime]) -> list[tuple[str, str]]:
    return [(slot.isoformat(), moment(slot)) for slot in free]


def _page(
    request: HttpRequest, work_order: WorkOrder, token: str, *, pick=None, done=None, status: int = 200
) -> HttpResponse:
    view = contractor_view(work_order)
    context = {
        "corporation": work_order.corporation,
        "view": view,
        "token": token,
        "pick_form": pick or PickForm(slots=_choices(view.free)),
        "done_form": done or DoneForm(),
    }
    return render(request, "portal/cases/contractor.html", context, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
def work_order_page(request: HttpRequest, token: str) -> HttpResponse:
    work_order = work_order_by_token(token)
    if work_order is None:
        return _invalid(request)
    with scope(corporation=work_order.corporation):
        if request.method == "GET":
            return _page(request, work_order, token)
        action = request.POST.get("action", "")
        if action == "slot":
            form = PickForm(request.POST, slots=_choices(contractor_view(work_order).free))
            if form.is_valid():
                try:
                    work_order_pick(
                        work_order=work_order,
                        start=dt.datetime.fromisoformat(form.cleaned_data["slot"]),
                        as_of=clock.today(),
                    )
                except ApplicationError as exc:
                    form.add_error("slot", exc.message)
                else:
                    return redirect("portal:work_order", token=token)
            return _page(request, work_order, token, pick=form, status=400)
        if action == "done":
            done = DoneForm(request.POST, request.FILES)
            if done.is_valid():
                try:
                    work_order_done(
                        work_order=work_order,
                        notes=done.cleaned_data["notes"],
                        hours=done.cleaned_data["hours"],
                        photos=done.cleaned_data.get("photos") or [],
                        as_of=clock.today(),
                    )
                except ApplicationError as exc:
                    target = exc.extra.get("field")
                    done.add_error(target if target in ("notes", "hours", "photos") else None, exc.message)
                else:
                    return redirect("portal:work_order", token=token)
            return _page(request, work_order, token, done=done, status=400)
        raise Http404


@require_GET
def work_order_photo(request: HttpRequest, token: str, entry_id: int) -> FileResponse:
    work_order = work_order_by_token(token)
    if work_order is None:
        raise Http404
    with scope(corporation=work_order.corporation):
        entry = contractor_photo(work_order, entry_id)
        if entry is None:
            raise Http404
        return FileResponse(entry.file.open("rb"), content_type=entry.content_type, filename=entry.file_name)
