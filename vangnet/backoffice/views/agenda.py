"""The agenda (Zaken → Agenda): one week of an inspector's or contractor's agenda with its bookings and free
slots, and the screen to change its weekly working hours (windows). Thin: parse, call one selector or
service, render."""

import datetime as dt

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from vangnet.appointments.models import Availability, Resource, Weekday
from vangnet.appointments.selectors import resource_week, resource_windows, resources
from vangnet.appointments.services import availability_add, availability_remove
from vangnet.backoffice.access import Permission, has_permission, staff_view
from vangnet.backoffice.types import HtmxHttpRequest
from vangnet.core import clock
from vangnet.core.errors import ApplicationError
from vangnet.core.models import User


def _monday(text: str) -> dt.date:
    try:
        day = dt.date.fromisoformat(text) if text else clock.today()
    except ValueError:
        day = clock.today()
    return day - dt.timedelta(days=day.weekday())


@staff_view(Permission.VIEW_CASES)
def agenda_week(request: HtmxHttpRequest) -> HttpResponse:
    every = resources(corporation=request.corporation)
    wanted = request.GET.get("agenda", "")
    chosen = next((r for r in every if str(r.pk) == wanted), None) or next(
        (r for r in every if r.active), None
    )
    monday = _monday(request.GET.get("week", ""))
    days = resource_week(resource=chosen, monday=monday, now=clock.now()) if chosen else []
    context = {
        "resources": every,
        "chosen": chosen,
        "monday": monday,
        "sunday": monday + dt.timedelta(days=6),
        "previous": monday - dt.timedelta(days=7),
        "next": monday + dt.timedelta(days=7),
        "days": days,
        "free": sum(1 for day in days for slot in day.slots if not slot.taken and not slot.past),
        "booked": sum(1 for day in days for slot in day.slots if slot.taken),
    }
    return render(request, "backoffice/agenda/week.html", context)


def _parse_time(text: str) -> dt.time | None:
    try:
        return dt.time.fromisoformat(text.strip()) if text.strip() else None
    except ValueError:
        return None


@staff_view(Permission.VIEW_CASES)
def agenda_hours(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    resource = Resource.objects.filter(corporation=request.corporation, pk=pk).first()
    if resource is None:
        raise Http404
    errors: dict[str, str] = {}
    values = {"weekday": "0", "start": "", "end": ""}
    status = 200
    if request.method == "POST":
        if not has_permission(request.membership, Permission.WORK_CASES):
            return render(request, "backoffice/access/forbidden.html", status=403)
        actor: User = request.user  # type: ignore[assignment]
        here = reverse("backoffice:agenda_hours", args=[resource.pk])
        if request.POST.get("action") == "remove":
            window = Availability.objects.filter(
                resource=resource, pk=request.POST.get("window") or 0
            ).first()
            if window is not None:
                availability_remove(window=window, actor=actor)
                messages.success(request, _("De tijden zijn uit de agenda gehaald."))
            return redirect(here)
        values = {key: request.POST.get(key, "")[:10] for key in values}
        start, end = _parse_time(values["start"]), _parse_time(values["end"])
        weekday = int(values["weekday"]) if values["weekday"] in {str(d) for d in Weekday.values} else None
        if weekday is None:
            errors["weekday"] = _("Kies een dag.")
        if start is None:
            errors["start"] = _("Vul de begintijd in, bijvoorbeeld 08:00.")
        if end is None:
            errors["end"] = _("Vul de eindtijd in, bijvoorbeeld 12:00.")
        if not errors and weekday is not None and start is not None and end is not None:
            try:
                availability_add(resource=resource, weekday=weekday, start=start, end=end, actor=actor)
            except ApplicationError as error:
                errors[error.extra.get("field", "start")] = error.message
            else:
                messages.success(request, _("De tijden zijn aan de agenda toegevoegd."))
                return redirect(here)
        status = 400
    context = {
        "resource": resource,
        "windows": resource_windows(resource=resource),
        "weekdays": Weekday.choices,
        "errors": errors,
        "values": values,
    }
    return render(request, "backoffice/agenda/hours.html", context, status=status)
