"""Promise to pay, propose an arrangement, "I already paid" and dispute items, per contract."""

import datetime as dt

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from vangnet.arrangements.budget import budget_advice
from vangnet.arrangements.selectors import (
    arrangement_budget_check,
    arrangement_policy_get,
    arrangement_schedule_rows,
    budget_result,
    promise_latest_date,
)
from vangnet.core import clock
from vangnet.core.errors import ApplicationError
from vangnet.core.money import format_euro
from vangnet.disputes.selectors import dispute_categories, dispute_open_items
from vangnet.payments.selectors import contract_open_balance
from vangnet.portal import agreements
from vangnet.portal.forms.agreements import (
    ArrangementForm,
    BudgetForm,
    DisputeForm,
    PaymentClaimForm,
    PromiseForm,
)
from vangnet.portal.overlaps import contract_overlaps
from vangnet.portal.session import portal_view, second_check_required
from vangnet.portal.views.common import foreign_entry_named, not_found, page, with_tenant_contract


def _refusal_into(form, exc: ApplicationError) -> None:
    """The services name the field a refusal is about (extra["field"]); the message goes next to it."""
    field = exc.extra.get("field")
    form.add_error(field if field in form.fields else None, exc.message)


def _first_of_next_month(today: dt.date) -> dt.date:
    return (today.replace(day=1) + dt.timedelta(days=32)).replace(day=1)


@require_http_methods(["GET", "POST"])
@portal_view
@with_tenant_contract
def promise(request: HttpRequest, contract) -> HttpResponse:
    portal = request.portal  # type: ignore[attr-defined]
    today = clock.today()
    latest = promise_latest_date(corporation=portal.corporation, as_of=today)
    balance = contract_open_balance(contract=contract)
    form = PromiseForm(
        request.POST or None,
        latest=latest,
        initial={"amount": balance, "promised_date": today + dt.timedelta(7)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            made = agreements.portal_promise(
                tenant=portal.tenant,
                contract=contract,
                promised_date=form.cleaned_data["promised_date"],
                amount=form.cleaned_data["amount"],
                as_of=today,
            )
        except ApplicationError as exc:
            _refusal_into(form, exc)
        else:
            messages.success(
                request,
                _(
                    "Dank u wel. U betaalt %(amount)s uiterlijk %(date)s. Tot die dag sturen we geen herinnering."
                )
                % {"amount": format_euro(made.amount), "date": made.promised_date.strftime("%d-%m-%Y")},
            )
            return redirect("portal:overview")
    status = 400 if request.method == "POST" else 200
    return page(request, "portal/promise.html", status=status, form=form, contract=contract, balance=balance)


def _posted_count(request: HttpRequest) -> int | None:
    text = request.POST.get("count", "").strip()
    return int(text) if text.isdigit() and 1 <= int(text) <= 60 else None


def _pending_budget(overlaps, budget_form: BudgetForm | None = None) -> dict:
    """While a request waits: the budget check it was made with, and the form to correct it."""
    if not overlaps.request_pending:
        return {}
    check = arrangement_budget_check(arrangement=overlaps.arrangement)
    if budget_form is None:
        initial = {}
        if check is not None:
            initial = {name: getattr(check, name) for name in (*BudgetForm.AMOUNTS, "household", "children")}
        budget_form = BudgetForm(initial=initial)
    return {"saved_check": check, "budget_form": budget_form}


def _budget_check(request: HttpRequest, contract, budget_form: BudgetForm, *, balance, policy) -> dict:
    """The "Bereken" button: what the figures leave each month, and advice on the number of months."""
    today = clock.today()
    count = _posted_count(request)
    initial = {
        "start_date": request.POST.get("start_date") or _first_of_next_month(today),
        "count": count or min(3, policy.max_installments),
        "payment_method": request.POST.get("payment_method") or "link",
        "debit_iban": request.POST.get("debit_iban", ""),
    }
    context: dict = {"budget_open": True}
    if budget_form.is_valid():
        figures = budget_form.figures()
        if figures is None:
            budget_form.add_error("income", _("Vul eerst uw inkomen en vaste lasten in."))
        else:
            result = budget_result(corporation=contract.corporation, figures=figures)
            advice = budget_advice(total=balance, affordable=result.affordable, count=count)
            if advice.suggested_count and (advice.above or count is None):
                initial["count"] = advice.suggested_count
            context.update(budget=result, advice=advice)
    context["form"] = ArrangementForm(max_count=policy.max_installments, initial=initial)
    return context


@require_http_methods(["GET", "POST"])
@portal_view
@second_check_required
@with_tenant_contract
def arrangement(request: HttpRequest, contract) -> HttpResponse:
    portal = request.portal  # type: ignore[attr-defined]
    today = clock.today()
    policy = arrangement_policy_get(corporation=portal.corporation)
    balance = contract_open_balance(contract=contract)
    overlaps = contract_overlaps(contract=contract)
    common = {"contract": contract, "balance": balance, "policy": policy, "overlaps": overlaps}
    if request.method == "POST" and request.POST.get("antwoord") == "akkoord":
        return _accept_counter_offer(request, contract, overlaps, balance=balance, policy=policy)
    if request.method == "POST" and request.POST.get("antwoord") == "budget":
        return _correct_budget(request, overlaps, common)
    if request.method == "GET" and overlaps.request_pending:
        return page(request, "portal/arrangement.html", form=None, **common, **_pending_budget(overlaps))
    if request.method == "POST" and overlaps.arrangement is not None:
        # A second request while one runs: the page says so, rather than the form erroring after submit.
        return page(
            request, "portal/arrangement.html", status=409, form=None, **common, **_pending_budget(overlaps)
        )
    budget_form = BudgetForm(request.POST or None)
    if request.method == "POST" and request.POST.get("actie") == "bereken":
        context = _budget_check(request, contract, budget_form, balance=balance, policy=policy)
        status = 200 if budget_form.is_valid() else 400
        return page(
            request, "portal/arrangement.html", status=status, budget_form=budget_form, **common, **context
        )
    form = ArrangementForm(
        request.POST or None,
        max_count=policy.max_installments,
        initial={"start_date": _first_of_next_month(today), "count": min(3, policy.max_installments)},
    )
    if request.method == "POST" and form.is_valid() and budget_form.is_valid():
        try:
            outcome = agreements.portal_arrangement_propose(
                tenant=portal.tenant,
                contract=contract,
                count=form.cleaned_data["count"],
                start_date=form.cleaned_data["start_date"],
                payment_method=form.cleaned_data["payment_method"],
                debit_iban=form.cleaned_data["debit_iban"],
                as_of=today,
                budget=budget_form.figures(),
            )
        except ApplicationError as exc:
            _refusal_into(budget_form if exc.extra.get("field") in budget_form.fields else form, exc)
        else:
            rows = arrangement_schedule_rows(arrangement=outcome.arrangement, as_of=today)
            check = arrangement_budget_check(arrangement=outcome.arrangement)
            advice = None
            if check is not None:
                advice = budget_advice(
                    total=outcome.arrangement.total_amount, affordable=check.affordable, count=len(rows)
                )
            return page(
                request, "portal/arrangement_done.html", outcome=outcome, rows=rows, contract=contract,
                budget_check=check, advice=advice,
            )  # fmt: skip
    status = 400 if request.method == "POST" else 200
    return page(
        request, "portal/arrangement.html", status=status, form=form, budget_form=budget_form,
        budget_open=request.method == "POST" and budget_form.has_figures(), **common,
    )  # fmt: skip


def _correct_budget(request: HttpRequest, overlaps, common: dict) -> HttpResponse:
    """The tenant corrects the figures of the request that waits; refused when none waits."""
    portal = request.portal  # type: ignore[attr-defined]
    if not overlaps.request_pending:
        return page(request, "portal/arrangement.html", status=409, form=None, **common)
    budget_form = BudgetForm(request.POST)
    if budget_form.is_valid() and budget_form.figures() is None:
        budget_form.add_error("income", _("Vul het netto inkomen van uw huishouden per maand in."))
    if budget_form.is_valid():
        figures = budget_form.figures()
        assert figures is not None
        try:
            agreements.portal_budget_correct(
                tenant=portal.tenant, arrangement=overlaps.arrangement, figures=figures, as_of=clock.today()
            )
        except ApplicationError as exc:
            _refusal_into(budget_form, exc)
        else:
            messages.success(request, _("Dank u wel. We hebben uw cijfers aangepast."))
            return redirect("portal:arrangement", contract_id=common["contract"].pk)
    return page(
        request, "portal/arrangement.html", status=400, form=None, **common,
        **_pending_budget(overlaps, budget_form),
    )  # fmt: skip


def _accept_counter_offer(request: HttpRequest, contract, overlaps, **context) -> HttpResponse:
    portal = request.portal  # type: ignore[attr-defined]
    if not overlaps.counter_offer:
        return page(
            request, "portal/arrangement.html", status=409, contract=contract, overlaps=overlaps, **context
        )
    try:
        accepted = agreements.portal_counter_offer_accept(
            tenant=portal.tenant, arrangement=overlaps.arrangement, as_of=clock.today()
        )
    except ApplicationError as exc:
        return page(
            request, "portal/arrangement.html", status=409, contract=contract, overlaps=overlaps,
            accept_error=exc.message, **context,
        )  # fmt: skip
    messages.success(
        request,
        _(
            "Dank u wel. De regeling is afgesproken. U betaalt %(total)s in termijnen, te beginnen op %(date)s."
        )
        % {"total": format_euro(accepted.total_amount), "date": accepted.start_date.strftime("%d-%m-%Y")},
    )
    return redirect("portal:overview")


@require_http_methods(["GET", "POST"])
@portal_view
@with_tenant_contract
def payment_claim(request: HttpRequest, contract) -> HttpResponse:
    portal = request.portal  # type: ignore[attr-defined]
    today = clock.today()
    form = PaymentClaimForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            claim = agreements.portal_payment_claim(
                tenant=portal.tenant,
                contract=contract,
                paid_on=form.cleaned_data["paid_on"],
                amount=form.cleaned_data["amount"],
                as_of=today,
            )
        except ApplicationError as exc:
            _refusal_into(form, exc)
        else:
            messages.success(
                request,
                _(
                    "Dank u wel. We zoeken uw betaling van %(amount)s op. Tot en met %(date)s sturen we geen "
                    "herinnering. Vinden we de betaling niet, dan neemt een collega contact met u op."
                )
                % {"amount": format_euro(claim.amount), "date": claim.hold_until.strftime("%d-%m-%Y")},
            )
            return redirect("portal:overview")
    status = 400 if request.method == "POST" else 200
    return page(
        request, "portal/payment_claim.html", status=status, form=form, contract=contract,
        overlaps=contract_overlaps(contract=contract),
    )  # fmt: skip


@require_http_methods(["GET", "POST"])
@portal_view
@with_tenant_contract
def dispute(request: HttpRequest, contract) -> HttpResponse:
    portal = request.portal  # type: ignore[attr-defined]
    categories = list(dispute_categories(corporation=portal.corporation, tenant_visible_only=True))
    open_items = dispute_open_items(contract=contract)
    form = DisputeForm(
        request.POST or None,
        request.FILES or None,
        categories=[(str(c.pk), c.name) for c in categories],
        items=[
            (str(i.entry.pk), f"{i.entry.description or i.entry.source_id} · {format_euro(i.open_amount)}")
            for i in open_items
        ],
    )
    hints = [(c.name, c.description_hint) for c in categories if c.description_hint]
    if foreign_entry_named(request, "items", portal.tenant):
        return not_found(request)
    if request.method == "POST" and form.is_valid():
        category = next(c for c in categories if str(c.pk) == form.cleaned_data["category"])
        upload = form.cleaned_data.get("attachment")
        try:
            agreements.portal_dispute_open(
                tenant=portal.tenant,
                contract=contract,
                category=category,
                description=form.cleaned_data["description"],
                items=form.cleaned_data["items"],
                attachments=[upload] if upload else [],
                as_of=clock.today(),
            )
        except ApplicationError as exc:
            form.add_error("attachment" if exc.extra.get("attachments") else None, exc.message)
        else:
            text = _("Dank u wel. We hebben uw bezwaar ontvangen. Een collega kijkt ernaar.")
            if category.pauses_collection:
                text += " " + _("Zolang we ernaar kijken, sturen we over deze posten geen herinnering.")
            messages.success(request, text)
            return redirect("portal:overview")
    status = 400 if request.method == "POST" else 200
    return page(
        request, "portal/dispute.html", status=status, form=form, contract=contract, hints=hints,
        overlaps=contract_overlaps(contract=contract),
    )  # fmt: skip
