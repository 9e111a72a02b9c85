"""Tenaamstelling on the portal: ask to add or remove a co-tenant with the documents the reason needs, see
how the request stands, and answer when another tenant of the contract asks for your consent."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from vangnet.cases.models import CaseType
from vangnet.contracts.selectors import tenant_co_tenant_changes
from vangnet.contracts.services.co_tenant import (
    OPEN,
    co_tenant_consent,
    co_tenant_request,
    co_tenant_rules,
    contract_tenants,
)
from vangnet.core import clock
from vangnet.core.errors import ApplicationError
from vangnet.portal.forms.contracts import CoTenantForm
from vangnet.portal.selectors import tenant_contracts
from vangnet.portal.session import portal_view
from vangnet.portal.views.common import field_errors, not_found, page


@require_http_methods(["GET", "POST"])
@portal_view
def co_tenant(request: HttpRequest) -> HttpResponse:
    portal = request.portal  # type: ignore[attr-defined]
    tenant = portal.tenant
    contract = tenant_contracts(tenant=tenant).filter(end_date__isnull=True).first()
    case_type = CaseType.objects.filter(
        corporation=portal.corporation, kind="name_change", active=True, portal=True
    ).first()
    asked, consents = tenant_co_tenant_changes(tenant=tenant)
    if case_type is None or (contract is None and not consents):
        return not_found(request)
    action = request.POST.get("action") if request.method == "POST" else None
    if action == "consent":
        consent = next((c for c in consents if str(c.pk) == request.POST.get("consent")), None)
        if consent is None:
            return not_found(request)
        answer = request.POST.get("agreed")
        if answer not in ("ja", "nee"):
            messages.error(request, _("Kies of u toestemming geeft."))
            return redirect("portal:co_tenant")
        try:
            co_tenant_consent(change=consent.change, tenant=tenant, agreed=answer == "ja", now=clock.now())
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Dank u wel. Wij hebben uw antwoord doorgegeven."))
        return redirect("portal:co_tenant")
    reasons, names = co_tenant_rules(case_type)
    tenants = contract_tenants(contract) if contract else []
    needed = {code: ", ".join(r.name for r in reasons if code in r.documents) for code in names}
    form = CoTenantForm(
        request.POST if action == "start" else None,
        request.FILES if action == "start" else None,
        reasons=[(r.code, r.name) for r in reasons],
        tenants=[(str(t.pk), t.display_name) for t in tenants],
        documents=[
            (code, _("%(document)s (nodig bij: %(reasons)s)") % {"document": name, "reasons": needed[code]})
            for code, name in names.items()
            if needed[code]
        ],
    )
    if action == "start" and contract is not None and form.is_valid():
        data = form.cleaned_data
        try:
            done = co_tenant_request(
                tenant=tenant,
                contract=contract,
                reason=data["reason"],
                person_name=data["person_name"],
                birth_date=data["birth_date"],
                leaving=next((t for t in tenants if str(t.pk) == data["leaving"]), None),
                email=data["email"],
                phone_mobile=data["phone_mobile"],
                documents={code: data[f"document_{code}"] for code in names if data.get(f"document_{code}")},
                as_of=clock.today(),
            )
        except ApplicationError as exc:
            field_errors(form, exc.extra)
            if not form.errors:
                form.add_error(None, exc.message)
        else:
            return redirect("portal:case", pk=done.case_id)
    running = any(change.status in OPEN for change in asked)
    return page(
        request,
        "portal/contracts/co_tenant.html",
        status=400 if action else 200,
        form=form if contract is not None and not running else None,
        asked=asked,
        consents=consents,
        contract=contract,
        reasons=reasons,
        names=names,
    )
