"""The new co-tenant of a tenaamstelling signs the amended contract: read it, get a one-time code, type the
name, sign (the same identity step as a letting's candidate)."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from vangnet.contracts.selectors import tenant_co_tenant_to_sign
from vangnet.contracts.services.co_tenant_signing import (
    amended_contract_file,
    co_tenant_code_send,
    co_tenant_sign,
)
from vangnet.contracts.services.common import code_channels
from vangnet.core import clock
from vangnet.core.errors import ApplicationError
from vangnet.portal.forms.contracts import CoTenantSignForm
from vangnet.portal.session import portal_view
from vangnet.portal.views.common import not_found, page


@require_http_methods(["GET", "POST"])
@portal_view
def co_tenant_sign_view(request: HttpRequest) -> HttpResponse:
    portal = request.portal  # type: ignore[attr-defined]
    found = tenant_co_tenant_to_sign(tenant=portal.tenant)
    if found is None:
        return not_found(request)
    form = CoTenantSignForm()
    status = 200
    if request.method == "POST" and request.POST.get("action") == "send":
        via = "sms" if request.POST.get("via") == "sms" else "email"
        try:
            where = co_tenant_code_send(change=found, tenant=portal.tenant, now=clock.now(), channel=via)
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Wij hebben een code gestuurd naar %(where)s.") % {"where": where})
        return redirect("portal:co_tenant_sign")
    if request.method == "POST":
        form = CoTenantSignForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                co_tenant_sign(
                    change=found, tenant=portal.tenant, code=data["code"], name=data["name"], now=clock.now()
                )
            except ApplicationError as exc:
                field = exc.extra.get("field")
                form.add_error(field if field in form.fields else None, exc.message)
            else:
                messages.success(
                    request, _("U heeft het huurcontract getekend. Wij laten u weten wat wij besluiten.")
                )
                return redirect("portal:co_tenant_sign")
        status = 400
    return page(
        request,
        "portal/contracts/co_tenant_sign.html",
        status=status,
        change=found,
        form=form,
        code_channels=code_channels(portal.tenant),
    )


@require_GET
@portal_view
def co_tenant_document(request: HttpRequest) -> HttpResponse:
    """The amended contract as a PDF: the signed and sealed one once signed, else the one to sign."""
    portal = request.portal  # type: ignore[attr-defined]
    found = tenant_co_tenant_to_sign(tenant=portal.tenant)
    if found is None:
        return not_found(request)
    data, name = amended_contract_file(found)
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response
