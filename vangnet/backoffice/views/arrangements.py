"""Arrangements and promises on the staff side: made on the tenant card, reviewed and watched in a list."""

import datetime as dt

from django.contrib import messages
from django.db import transaction
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from vangnet.arrangements.budget import budget_advice
from vangnet.arrangements.models import Arrangement, ArrangementStatus, Channel
from vangnet.arrangements.rules import staff_proposal_warnings
from vangnet.arrangements.schedule import installment_schedule
from vangnet.arrangements.selectors import (
    arrangement_budget_check,
    arrangement_kept_share,
    arrangement_policy_get,
    arrangement_schedule_rows,
    arrangements_to_watch,
    budget_result,
    promises_to_watch,
)
from vangnet.arrangements.services import (
    arrangement_approve,
    arrangement_cancel,
    arrangement_counter_offer,
    arrangement_create,
    arrangement_reject,
    promise_register,
)
from vangnet.backoffice.access import Permission, staff_view
from vangnet.backoffice.charts import chart_spec
from vangnet.backoffice.forms.agreements import ArrangementForm, PromiseForm
from vangnet.backoffice.types import HtmxHttpRequest
from vangnet.backoffice.views.card_actions import back_to_card, contract_or_404, form_errors
from vangnet.core import clock
from vangnet.core.errors import ApplicationError
from vangnet.ledger.selectors import contract_main_tenant, main_party_subquery
from vangnet.tasks.calls import CallOutcome, call_outcome_register
from vangnet.tasks.models import Task, TaskKind, TaskStatus
from vangnet.tenants.selectors import attach_tenants


def kept_chart(rows) -> list[dict]:
    """Bars for the kept-share chart: one per type that has ended arrangements, width in percent."""
    return [
        {
            "label": row.label,
            "dimension": row.kind.split(":", 1)[0],
            "kept": row.kept,
            "broken": row.broken,
            "percent": round(row.share * 100),
            "y": 10 + index * 34,
        }
        for index, row in enumerate(r for r in rows if r.share is not None)
    ]


def call_task_from(request: HtmxHttpRequest, contract_pk: int) -> Task | None:
    """The call this action came from (the call list's 'Regeling' or 'Geschil'), when it is still open."""
    pk = request.POST.get("taak", "")
    if not pk.isdigit():
        return None
    return Task.objects.filter(
        pk=int(pk), kind=TaskKind.CALL, status=TaskStatus.OPEN, contract_id=contract_pk
    ).first()


def finish_call(request: HtmxHttpRequest, call: Task | None, outcome: str, note: str, as_of) -> None:
    """The call this arrangement or dispute came from is done, with that outcome (same transaction)."""
    if call is not None:
        call_outcome_register(
            task=call,
            outcome=outcome,
            note=note,
            actor=request.user,  # type: ignore[arg-type]
            as_of=as_of,
        )


@staff_view(Permission.MANAGE_ARRANGEMENTS)
def arrangement_schedule_preview(request: HtmxHttpRequest, contract_pk: int) -> HttpResponse:
    """The calculator: the schedule the form would make, shown while the colleague types."""
    contract = contract_or_404(request, contract_pk)
    form = ArrangementForm(request.GET)
    schedule, error, warnings = [], "", []
    if form.is_valid():
        data = form.cleaned_data
        try:
            schedule = installment_schedule(
                total=data["total"], start=data["start_date"], count=data["count"], amount=data["amount"]
            )
        except ApplicationError as problem:
            error = problem.message
        else:
            warnings = staff_proposal_warnings(
                policy=arrangement_policy_get(corporation=request.corporation),
                total=data["total"],
                amounts=[row.amount for row in schedule],
            )
    else:
        error = form_errors(form)
    budget = advice = None
    figures = form.budget() if form.is_valid() else None
    if figures is not None:
        budget = budget_result(corporation=request.corporation, figures=figures)
        advice = budget_advice(
            total=form.cleaned_data["total"],
            affordable=budget.affordable,
            count=len(schedule) or None,
            max_count=60,
        )
    rent = contract.monthly_total
    context = {
        "schedule": [(row, rent + row.amount) for row in schedule],
        "count": len(schedule),
        "rent": rent,
        "error": error,
        "warnings": warnings,
        "budget": budget,
        "advice": advice,
    }
    return render(request, "backoffice/arrangements/_schedule.html", context)


@require_POST
@staff_view(Permission.MANAGE_ARRANGEMENTS)
def arrangement_new(request: HtmxHttpRequest, contract_pk: int) -> HttpResponse:
    contract = contract_or_404(request, contract_pk)
    form = ArrangementForm(request.POST)
    if not form.is_valid():
        messages.error(
            request, _("De regeling is niet vastgelegd: %(errors)s") % {"errors": form_errors(form)}
        )
        return back_to_card(contract)
    data = form.cleaned_data
    call = call_task_from(request, contract.pk)
    as_of = clock.today()
    try:
        with transaction.atomic():
            # The call first: registering the arrangement holds the flow and withdraws the flow's open
            # calls (flows/withdrawals.py), and this call is the one that made the arrangement.
            schedule = installment_schedule(
                total=data["total"], start=data["start_date"], count=data["count"], amount=data["amount"]
            )
            finish_call(
                request,
                call,
                CallOutcome.ARRANGEMENT,
                _("%(count)s termijnen vanaf %(start)s")
                % {"count": len(schedule), "start": f"{schedule[0].due_date:%d-%m-%Y}"},
                as_of,
            )
            arrangement = arrangement_create(
                contract=contract,
                total=data["total"],
                start_date=data["start_date"],
                count=data["count"],
                amount=data["amount"],
                payment_method=data["payment_method"],
                debit_iban=data["debit_iban"],
                override_reason=data["override_reason"],
                budget=form.budget(),
                channel=Channel.PHONE if call else Channel.STAFF,
                actor=request.user,  # type: ignore[arg-type]
                as_of=as_of,
            )
    except ApplicationError as error:
        messages.error(request, error.message)
        return back_to_card(contract)
    messages.success(
        request, _("Betalingsregeling vastgelegd; het ERP krijgt hem door en de huurder een bevestiging.")
    )
    return redirect("backoffice:arrangement_detail", pk=arrangement.pk)


@require_POST
@staff_view(Permission.MANAGE_ARRANGEMENTS)
def promise_new(request: HtmxHttpRequest, contract_pk: int) -> HttpResponse:
    contract = contract_or_404(request, contract_pk)
    form = PromiseForm(request.POST)
    if not form.is_valid():
        messages.error(
            request, _("De belofte is niet vastgelegd: %(errors)s") % {"errors": form_errors(form)}
        )
        return back_to_card(contract)
    try:
        promise_register(
            contract=contract,
            promised_date=form.cleaned_data["promised_date"],
            amount=form.cleaned_data["amount"],
            channel=Channel.PHONE if request.POST.get("kanaal") == Channel.PHONE else Channel.STAFF,
            actor=request.user,  # type: ignore[arg-type]
            as_of=clock.today(),
        )
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Belofte vastgelegd. Het traject wacht tot de datum plus de marge."))
    return back_to_card(contract)


@staff_view(Permission.VIEW_ARRANGEMENTS)
def arrangement_list(request: HtmxHttpRequest) -> HttpResponse:
    as_of = clock.today()
    named = {"tenant_pk": main_party_subquery("contract_id")}
    requested = (
        Arrangement.objects.filter(status=ArrangementStatus.REQUESTED)
        .select_related("contract__unit")
        .annotate(**named, installment_count=Count("installments"))
        .order_by("agreed_on", "pk")
    )
    lists: dict[str, list] = {
        "requested": list(requested[:100]),
        "watch": list(arrangements_to_watch(as_of=as_of).annotate(**named)[:100]),
        "promises": list(promises_to_watch(as_of=as_of).annotate(**named)[:100]),
    }
    attach_tenants([row for rows in lists.values() for row in rows])
    kept = arrangement_kept_share(corporation=request.corporation, as_of=as_of)
    bars = kept_chart(kept)
    context = {
        "as_of": as_of,
        **lists,
        "kept": kept,
        "kept_chart": chart_spec(
            title=_("Nagekomen regelingen per soort, in procenten"),
            labels=[bar["label"] for bar in bars],
            series=[(_("Nagekomen"), [bar["percent"] for bar in bars])],
            kind="percent",
            filename="regelingen-nagekomen",
        )
        if bars
        else None,
    }
    return render(request, "backoffice/arrangements/list.html", context)


def _arrangement(request: HtmxHttpRequest, pk: int) -> Arrangement:
    arrangement = (
        Arrangement.objects.filter(pk=pk, corporation=request.corporation)
        .select_related("contract__unit", "owner")
        .first()
    )
    if arrangement is None:
        raise Http404
    return arrangement


@staff_view(Permission.VIEW_ARRANGEMENTS)
def arrangement_detail(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    arrangement = _arrangement(request, pk)
    context = {
        "arrangement": arrangement,
        "tenant": contract_main_tenant(contract=arrangement.contract),
        "rows": arrangement_schedule_rows(arrangement=arrangement, as_of=clock.today()),
        "budget_check": arrangement_budget_check(arrangement=arrangement),
    }
    return render(request, "backoffice/arrangements/detail.html", context)


def _counter_offer_fields(request: HtmxHttpRequest) -> tuple[int, dt.date]:
    """The number of instalments and the first date of a counter-offer, or a clear refusal."""
    try:
        count = int(request.POST.get("termijnen", ""))
    except ValueError:
        raise ApplicationError(_("Vul het aantal termijnen in als een getal.")) from None
    try:
        start_date = dt.date.fromisoformat(request.POST.get("eerste_termijn", ""))
    except ValueError:
        raise ApplicationError(_("Vul de datum van de eerste termijn in.")) from None
    return count, start_date


@require_POST
@staff_view(Permission.MANAGE_ARRANGEMENTS)
def arrangement_decide(request: HtmxHttpRequest, pk: int, decision: str) -> HttpResponse:
    arrangement = _arrangement(request, pk)
    actor, as_of = request.user, clock.today()
    reason = request.POST.get("reden", "")
    try:
        if decision == "goedkeuren":
            arrangement_approve(arrangement=arrangement, actor=actor, as_of=as_of)  # type: ignore[arg-type]
            messages.success(request, _("Regeling goedgekeurd; de huurder krijgt het schema."))
        elif decision == "afwijzen":
            arrangement_reject(arrangement=arrangement, reason=reason, actor=actor, as_of=as_of)  # type: ignore[arg-type]
            messages.success(request, _("Regeling afgewezen; de huurder krijgt de reden."))
        elif decision == "stoppen":
            arrangement_cancel(arrangement=arrangement, reason=reason, actor=actor, as_of=as_of)  # type: ignore[arg-type]
            messages.success(request, _("Regeling gestopt; het traject gaat meteen verder."))
        elif decision == "tegenvoorstel":
            count, start_date = _counter_offer_fields(request)
            arrangement_counter_offer(
                arrangement=arrangement, count=count, start_date=start_date, note=reason,
                actor=actor, as_of=as_of,  # type: ignore[arg-type]
            )  # fmt: skip
            messages.success(
                request, _("Tegenvoorstel gedaan; de huurder krijgt het en kan in het portaal akkoord geven.")
            )
        else:
            raise Http404
    except ApplicationError as error:
        messages.error(request, error.message)
    return redirect("backoffice:arrangement_detail", pk=arrangement.pk)
