"""The call list: who to call today, their numbers and last contacts, the script, and the outcome."""

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from vangnet.backoffice.access import Permission, staff_view
from vangnet.backoffice.call_list import call_list as select_calls
from vangnet.backoffice.types import HtmxHttpRequest
from vangnet.core import clock
from vangnet.core.errors import ApplicationError
from vangnet.messaging.models import MessageTemplate
from vangnet.messaging.selectors import template_preview
from vangnet.tasks.calls import CallOutcome, call_outcome_register
from vangnet.tasks.models import Task, TaskKind

SCRIPT_CODE = "belscript"


@staff_view(Permission.WORK_TASKS)
def call_list(request: HtmxHttpRequest) -> HttpResponse:
    as_of = clock.today()
    mine = request.GET.get("wie") == "ik"
    rows = select_calls(as_of=as_of, only_for=request.user if mine else None)  # type: ignore[arg-type]
    context = {
        "rows": rows,
        "as_of": as_of,
        "mine": mine,
        "outcomes": CallOutcome,
        "promise_default": as_of + dt.timedelta(days=7),
    }
    return render(request, "backoffice/calls/list.html", context)


def _call_task(request: HtmxHttpRequest, pk: int) -> Task:
    task = (
        Task.objects.filter(pk=pk, corporation=request.corporation, kind=TaskKind.CALL)
        .select_related("tenant", "contract")
        .first()
    )
    if task is None:
        raise Http404
    return task


@staff_view(Permission.WORK_TASKS)
def call_script(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    task = _call_task(request, pk)
    # The script is for the colleague who calls: the Dutch one (tone "u" first), whatever the tenant reads.
    template = (
        MessageTemplate.objects.filter(code=SCRIPT_CODE, channel="call", language="nl")
        .order_by("-tone", "pk")  # "u" sorts after "je"
        .first()
    )
    script = None
    if template is not None and task.tenant is not None:
        script = template_preview(template=template, tenant=task.tenant, as_of=clock.today()).text
    return render(request, "backoffice/calls/_script.html", {"task": task, "script": script})


def _parse_amount(value: str) -> Decimal | None:
    try:
        return Decimal(value.replace("€", "").replace(".", "").replace(",", ".").strip()) if value else None
    except InvalidOperation:
        return None


@require_POST
@staff_view(Permission.WORK_TASKS)
def call_outcome(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    task = _call_task(request, pk)
    outcome = request.POST.get("uitkomst", "")
    if outcome in (CallOutcome.ARRANGEMENT, CallOutcome.DISPUTE) and task.tenant_id:
        # These need their own form; it finishes the call when the arrangement or dispute is registered.
        form = "regeling" if outcome == CallOutcome.ARRANGEMENT else "geschil"
        card = reverse("backoffice:tenant_card", args=[task.tenant_id])
        return redirect(f"{card}?taak={task.pk}&open={form}#{form}-{task.contract_id}")
    try:
        promised = dt.date.fromisoformat(request.POST.get("datum", "")) if request.POST.get("datum") else None
    except ValueError:
        promised = None
    try:
        result = call_outcome_register(
            task=task,
            outcome=outcome,
            actor=request.user,  # type: ignore[arg-type]
            as_of=clock.today(),
            note=request.POST.get("notitie", "")[:150],
            promise_date=promised,
            promise_amount=_parse_amount(request.POST.get("bedrag", "")),
            objects_to_sharing=request.POST.get("bezwaar_gemeente") == "ja",
        )
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        name = task.tenant.display_name if task.tenant else task.title
        messages.success(request, _("%(name)s: %(outcome)s") % {"name": name, "outcome": result.task.outcome})
    return redirect("backoffice:call_list")
