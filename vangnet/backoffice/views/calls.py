"""The call list: who to call today, their numbers and last contacts, the script, and the outcome."""

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from vangnet.backoffice.access import Permission, has_permission, staff_view
from vangnet.backoffice.call_list import call_list as select_calls
from vangnet.backoffice.types import HtmxHttpRequest
from vangnet.core import clock
from vangnet.core.audit import log_action
from vangnet.core.errors import ApplicationError
from vangnet.messaging.models import MessageTemplate
from vangnet.messaging.selectors import template_preview
from vangnet.tasks.calls import CallOutcome, call_outcome_register
from vangnet.tasks.models import Task, TaskKind
from vangnet.tenants.circumstances import circumstance_kinds, circumstance_record
from vangnet.tenants.models import CircumstanceSource

SCRIPT_CODE = "belscript"


@staff_view(Permission.WORK_TASKS)
def call_list(request: HtmxHttpRequest) -> HttpResponse:
    as_of = clock.today()
    mine = request.GET.get("wie") == "ik"
    sees = has_permission(request.membership, Permission.VIEW_CIRCUMSTANCES)  # type: ignore[attr-defined]
    rows = select_calls(as_of=as_of, only_for=request.user if mine else None, with_circumstances=sees)  # type: ignore[arg-type]
    shown = sorted({row.task.tenant_id or 0 for row in rows if row.circumstances})
    if shown:
        # Sensitive: who saw which tenants' circumstances is on the record, as on the tenant card.
        log_action(
            corporation=request.corporation,
            actor=request.user,  # type: ignore[arg-type]
            action="calls.circumstances_viewed",
            data={"tenants": shown[:200]},
        )
    records = has_permission(request.membership, Permission.RECORD_CIRCUMSTANCES)  # type: ignore[attr-defined]
    context = {
        "circumstance_kinds": circumstance_kinds(corporation=request.corporation) if records else [],  # type: ignore[arg-type]
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


def _day(raw: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(raw) if raw else None
    except ValueError:
        return None


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
    kind, since = "", None
    if has_permission(request.membership, Permission.RECORD_CIRCUMSTANCES):  # type: ignore[attr-defined]
        kind = request.POST.get("omstandigheid", "")
        raw_since = request.POST.get("omstandigheid_sinds", "")
        since = _day(raw_since)
        if kind and raw_since and since is None:
            messages.error(request, _("Vul een geldige datum in voor de omstandigheid."))
            return redirect("backoffice:call_list")
    if outcome in (CallOutcome.ARRANGEMENT, CallOutcome.DISPUTE) and task.tenant_id:
        if kind and task.tenant is not None:
            # The arrangement or dispute form finishes the call; what the tenant told is kept now.
            try:
                circumstance_record(
                    tenant=task.tenant,
                    kind_code=kind,
                    starts_on=since or clock.today(),
                    source=CircumstanceSource.CALL,
                    actor=request.user,  # type: ignore[arg-type]
                )
            except ApplicationError as error:
                messages.error(request, error.message)
                return redirect("backoffice:call_list")
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
            circumstance_kind=kind,
            circumstance_since=since,
        )
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        name = task.tenant.display_name if task.tenant else task.title
        messages.success(request, _("%(name)s: %(outcome)s") % {"name": name, "outcome": result.task.outcome})
    return redirect("backoffice:call_list")
