"""Promise to pay, propose an arrangement, "I already paid" and dispute items, per contract."""

import datetime as dt

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from vangnet.arrangements.selectors import (
    arrangement_policy_get,
    arrangement_schedule_rows,
    promise_latest_date,
)
from vangnet.core import clock
from vangnet.core.errors import ApplicationError
from vangnet.core.money import format_euro
from vangnet.disputes.selectors import dispute_categories, dispute_open_items
from vangnet.payments.selectors import contract_open_balance
from vangnet.portal import agreements
from vangnet.portal.forms.agreements import ArrangementForm, DisputeForm, PaymentClaimForm, PromiseForm
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
    if request.method == "POST" and request.POST.get("antwoord") == "akkoord":
        return _accept_counter_offer(request, contract, overlaps, balance=balance, policy=policy)
    if request.method == "POST" and overlaps.arrangement is not None:
        # A second request while one runs: the page says so, rather than the form erroring after submit.
        return page(
            request, "portal/arrangement.html", status=409, contract=contract, balance=balance, policy=policy,
            overlaps=overlaps, form=None,
        )  # fmt: skip
    form = ArrangementForm(
        request.POST or None,
        max_count=policy.max_installments,
        initial={"start_date": _first_of_next_month(today), "count": min(3, policy.max_installments)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            outcome = agreements.portal_arrangement_propose(
                tenant=portal.tenant,
                contract=contract,
                count=form.cleaned_data["count"],
                start_date=form.cleaned_data["start_date"],
                payment_method=form.cleaned_data["payment_method"],
                debit_iban=form.cleaned_data["debit_iban"],
                as_of=today,
            )
        except ApplicationError as exc:
            _refusal_into(form, exc)
        else:
            rows = arrangement_schedule_rows(arrangement=outcome.arrangement, as_of=today)
            return page(
                request, "portal/arrangement_done.html", outcome=outcome, rows=rows, contract=contract
            )
    status = 400 if request.method == "POST" else 200
    return page(
        request, "portal/arrangement.html", status=status, form=form, contract=contract, balance=balance,
        policy=policy, overlaps=overlaps,
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
