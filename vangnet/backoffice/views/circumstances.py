"""Circumstances on the tenant card: a colleague records that something changed, or that it is over."""

from datetime import date

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from vangnet.backoffice.access import Permission, staff_view
from vangnet.backoffice.types import HtmxHttpRequest
from vangnet.backoffice.views.tenant_notes import tenant_url
from vangnet.core.errors import ApplicationError
from vangnet.tenants.circumstances import circumstance_end, circumstance_record
from vangnet.tenants.models import Circumstance, CircumstanceSource, Tenant


def _day(raw: str) -> date | None:
    try:
        return date.fromisoformat(raw)
    except ValueError:
        return None


@require_POST
@staff_view(Permission.RECORD_CIRCUMSTANCES)
def circumstance_add(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    tenant = Tenant.objects.filter(pk=pk, corporation=request.corporation).first()
    if tenant is None:
        raise Http404
    since = _day(request.POST.get("sinds", ""))
    if since is None:
        messages.error(request, _("Vul een geldige begindatum in."))
        return redirect(f"{tenant_url(tenant)}#circumstances-title")
    try:
        recorded = circumstance_record(
            tenant=tenant,
            kind_code=request.POST.get("soort", ""),
            starts_on=since,
            source=CircumstanceSource.STAFF,
            actor=request.user,  # type: ignore[arg-type]
        )
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("%(kind)s vastgelegd. De nacht kiest de aanpak opnieuw.") % {"kind": recorded.kind.name},
        )
    return redirect(f"{tenant_url(tenant)}#circumstances-title")


@require_POST
@staff_view(Permission.RECORD_CIRCUMSTANCES)
def circumstance_finish(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    circumstance = (
        Circumstance.objects.filter(pk=pk, corporation=request.corporation)
        .select_related("tenant", "kind")
        .first()
    )
    if circumstance is None:
        raise Http404
    until = _day(request.POST.get("tot", ""))
    if until is None:
        messages.error(request, _("Vul een geldige einddatum in."))
    else:
        try:
            circumstance_end(circumstance=circumstance, ends_on=until, actor=request.user)  # type: ignore[arg-type]
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("%(kind)s beëindigd.") % {"kind": circumstance.kind.name})
    return redirect(f"{tenant_url(circumstance.tenant)}#circumstances-title")
