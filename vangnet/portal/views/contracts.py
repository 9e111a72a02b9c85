"""The candidate's new tenancy agreement (read it, get a one-time code, type the name, sign; then pay) and
the change of payment method with its signed mandate."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from vangnet.contracts.selectors import tenant_letting
from vangnet.contracts.services.common import case_type_of_kind, code_channels
from vangnet.contracts.services.letting import letting_code_send, letting_document_file, letting_sign
from vangnet.contracts.services.mandate import collection_days
from vangnet.contracts.services.payment_method import payment_method_change, payment_method_code_send
from vangnet.core import clock
from vangnet.core.errors import ApplicationError
from vangnet.portal.forms.contracts import PaymentMethodForm, SignForm
from vangnet.portal.session import portal_view
from vangnet.portal.views.common import not_found, page, with_tenant_contract


def _via(request: HttpRequest) -> str:
    """How the tenant wants the code: by SMS when they chose it, else by e-mail."""
    return "sms" if request.POST.get("via") == "sms" else "email"


@require_http_methods(["GET", "POST"])
@portal_view
def letting(request: HttpRequest, pk: int) -> HttpResponse:
    portal = request.portal  # type: ignore[attr-defined]
    found = tenant_letting(tenant=portal.tenant, pk=pk)
    if found is None:
        return not_found(request)
    days = collection_days(case_type_of_kind(portal.corporation, "payment_method").settings or {})
    form = SignForm(days=days)
    status = 200
    if request.method == "POST" and request.POST.get("action") == "send":
        try:
            where = letting_code_send(
                letting=found, tenant=portal.tenant, now=clock.now(), channel=_via(request)
            )
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Wij hebben een code gestuurd naar %(where)s.") % {"where": where})
        return redirect("portal:letting", pk=pk)
    if request.method == "POST":
        form = SignForm(request.POST, days=days)
        if form.is_valid():
            data = form.cleaned_data
            try:
                letting_sign(
                    letting=found,
                    tenant=portal.tenant,
                    code=data["code"],
                    name=data["name"],
                    now=clock.now(),
                    method=data["method"] or "transfer",
                    iban=data["iban"],
                    account_holder=data["account_holder"],
                    collection_day=data["collection_day"],
                )
            except ApplicationError as exc:
                field = exc.extra.get("field")
                form.add_error(field if field in form.fields else None, exc.message)
            else:
                messages.success(request, _("U heeft het huurcontract getekend. Welkom!"))
                return redirect("portal:letting", pk=pk)
        status = 400
    return page(
        request,
        "portal/contracts/letting.html",
        status=status,
        letting=found,
        form=form,
        code_channels=code_channels(portal.tenant),
    )


@require_GET
@portal_view
def letting_document(request: HttpRequest, pk: int) -> HttpResponse:
    """The contract as a PDF: the signed and sealed one once signed, else the one to sign."""
    portal = request.portal  # type: ignore[attr-defined]
    found = tenant_letting(tenant=portal.tenant, pk=pk)
    if found is None:
        return not_found(request)
    data, name = letting_document_file(found)
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


@require_http_methods(["GET", "POST"])
@portal_view
@with_tenant_contract
def payment_method(request: HttpRequest, contract) -> HttpResponse:
    """To or from direct debit: the mandate signed with the one-time code and the typed name."""
    portal = request.portal  # type: ignore[attr-defined]
    days = collection_days(case_type_of_kind(contract.corporation, "payment_method").settings or {})
    form = PaymentMethodForm(initial={"collection_day": days[0]}, days=days)
    status = 200
    if request.method == "POST" and request.POST.get("action") == "send":
        try:
            where = payment_method_code_send(
                contract=contract, tenant=portal.tenant, now=clock.now(), channel=_via(request)
            )
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Wij hebben een code gestuurd naar %(where)s.") % {"where": where})
        return redirect("portal:payment_method", contract_id=contract.pk)
    if request.method == "POST":
        form = PaymentMethodForm(request.POST, days=days)
        if form.is_valid():
            data = form.cleaned_data
            try:
                payment_method_change(
                    contract=contract,
                    tenant=portal.tenant,
                    method=data["method"],
                    iban=data["iban"],
                    account_holder=data["account_holder"],
                    collection_day=data["collection_day"],
                    code=data["code"],
                    name=data["name"],
                    now=clock.now(),
                )
            except ApplicationError as exc:
                field = exc.extra.get("field")
                form.add_error(field if field in form.fields else None, exc.message)
            else:
                messages.success(request, _("Uw betaalwijze is aangepast. Dank u wel."))
                return redirect("portal:overview")
        status = 400
    return page(
        request,
        "portal/contracts/payment_method.html",
        status=status,
        form=form,
        contract=contract,
        code_channels=code_channels(portal.tenant),
    )
