"""The tenant's pay pages: the landing page of a pay link, the result after the bank, and the sandbox's
checkout. Thin: find the request by its token, enter its corporation's scope, call one service, render.

The sandbox's checkout page is served here, but what it does is the sandbox provider's
(payments/providers/sandbox.py).

A wrong token gets a neutral page (status 404) that shows nothing but how to reach the corporation; an
expired or withdrawn link says so (410). A superseded link (the amount owed changed since it was sent)
shows what is owed now, or the arrangement's next instalment, and pays that through a new request. On a
corporation's own portal domain another corporation's token is simply not found.
"""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from django_scopes import scope

from vangnet.core import clock
from vangnet.core.errors import ApplicationError
from vangnet.core.models import Corporation
from vangnet.payments.models import PaymentPurpose, PaymentRequest, PaymentRequestStatus, PaymentStatus
from vangnet.payments.providers import ProviderError
from vangnet.payments.providers.sandbox import sandbox_checkout_decide, sandbox_checkout_get
from vangnet.payments.selectors import (
    contract_amount_owed_now,
    payment_latest,
    payment_request_by_token,
    portal_corporation_for_host,
)
from vangnet.payments.services import (
    payment_amount_due,
    payment_request_check,
    payment_request_renew,
    payment_start,
    payment_status_refresh,
)
from vangnet.portal import branding

NEUTRAL_CODES = {"expired", "cancelled"}


def _not_found(request: HttpRequest, corporation: Corporation | None) -> HttpResponse:
    return render(request, "portal/link_invalid.html", {"corporation": corporation}, status=404)


def _old_link(request: HttpRequest, corporation: Corporation, code: str | None) -> HttpResponse:
    """An expired or withdrawn link of a real request: say so plainly (410), and how to pay now."""
    context = {"corporation": corporation, "expired": code == "expired", "show_login": True}
    return render(request, "portal/link_invalid.html", context, status=410)


def _superseded(
    request: HttpRequest, payment_request: PaymentRequest, *, error: str | None, status: int
) -> HttpResponse:
    """The amount owed changed after the link was sent: show what is owed now, never the old total."""
    owed = contract_amount_owed_now(contract=payment_request.contract)
    context = {
        "corporation": payment_request.corporation,
        "payment_request": payment_request,
        "owed": owed,
        "instalment": owed.purpose == PaymentPurpose.INSTALMENT,
        "nothing_open": owed.amount <= 0,
        "error": error,
    }
    return render(request, "portal/pay_superseded.html", context, status=status)


def _request_for(request: HttpRequest, token: str) -> tuple[PaymentRequest | None, Corporation | None]:
    host_corporation = portal_corporation_for_host(host=request.get_host())
    found = payment_request_by_token(token=token, corporation=host_corporation)
    return found, host_corporation


@never_cache
@require_http_methods(["GET", "POST"])
def pay_landing(request: HttpRequest, token: str) -> HttpResponse:
    payment_request, host_corporation = _request_for(request, token)
    if payment_request is None:
        return _not_found(request, host_corporation)
    corporation = payment_request.corporation
    with scope(corporation=corporation):
        error = None
        status = 200
        if request.method == "POST":
            try:
                if payment_request.status == PaymentRequestStatus.SUPERSEDED:
                    payment_request = payment_request_renew(request=payment_request, actor="tenant")
                payment = payment_start(request=payment_request, actor="tenant")
            except ApplicationError as exc:
                code = exc.extra.get("code")
                if code in NEUTRAL_CODES:
                    return _old_link(request, corporation, code)
                if code == "paid":
                    return redirect("portal:payment_result", token=token)
                error, status = exc.message, 503 if code == "provider_unavailable" else 409
            else:
                return redirect(payment.checkout_url)
        try:
            payment_request_check(request=payment_request, now=clock.now())
        except ApplicationError as exc:
            code = exc.extra.get("code")
            if code == "paid":
                return redirect("portal:payment_result", token=token)
            if code == "superseded":
                return _superseded(request, payment_request, error=error, status=status)
            return _old_link(request, corporation, code)
        amount = payment_amount_due(request=payment_request)
        context = {
            "corporation": corporation,
            "payment_request": payment_request,
            "amount": amount,
            "lowered": amount < payment_request.amount,
            "nothing_open": amount <= 0,
            "error": error,
        }
        return render(request, "portal/pay.html", context, status=status)


@never_cache
def payment_result(request: HttpRequest, token: str) -> HttpResponse:
    payment_request, host_corporation = _request_for(request, token)
    if payment_request is None:
        return _not_found(request, host_corporation)
    corporation = payment_request.corporation
    with scope(corporation=corporation):
        payment = payment_latest(request=payment_request)
        unreachable = False
        if payment is not None and payment.status != PaymentStatus.PAID:
            # Never trust the redirect itself: ask the provider how the payment stands.
            try:
                payment = payment_status_refresh(payment=payment, actor="tenant")
            except ProviderError:
                unreachable = True
        if payment is None:
            return redirect("portal:pay", token=token)
        payment_request.refresh_from_db()
        if payment.status == PaymentStatus.PAID:
            outcome = "paid"
        elif (
            payment.status in (PaymentStatus.OPEN, PaymentStatus.PENDING, PaymentStatus.CREATED)
            or unreachable
        ):
            outcome = "pending"
        else:
            outcome = "failed"
        try:
            payment_request_check(request=payment_request, now=clock.now())
            can_retry = outcome == "failed"
        except ApplicationError:
            can_retry = False
        context = {
            "corporation": corporation,
            "payment_request": payment_request,
            "payment": payment,
            "outcome": outcome,
            "can_retry": can_retry,
        }
        return render(request, "portal/result.html", context)


@never_cache
@require_http_methods(["GET", "POST"])
def sandbox_checkout(request: HttpRequest, provider_id: str) -> HttpResponse:
    """The demo PSP's page (payments/providers/sandbox.py plays the PSP): the tenant picks the outcome."""
    checkout = sandbox_checkout_get(provider_id=provider_id)
    if checkout is None:
        raise Http404
    error = None
    if request.method == "POST":
        if sandbox_checkout_decide(checkout=checkout, outcome=request.POST.get("outcome", "")):
            return redirect(checkout.redirect_url)
        error = True
    status = 200 if checkout.status == PaymentStatus.OPEN else 409
    context = {"checkout": checkout, "error": error, "done": checkout.status != PaymentStatus.OPEN}
    return render(request, "portal/sandbox_checkout.html", context, status=400 if error else status)


def brand_css(request: HttpRequest, slug: str) -> HttpResponse:
    corporation = Corporation.objects.filter(slug=slug).only("primary_colour").first()
    if corporation is None:
        raise Http404
    response = HttpResponse(branding.brand_css(corporation.primary_colour), content_type="text/css")
    response["Cache-Control"] = "public, max-age=300"
    return response
