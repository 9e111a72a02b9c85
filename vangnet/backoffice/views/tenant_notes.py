"""Notes and documents on the tenant card."""

from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from vangnet.backoffice.access import Permission, staff_view
from vangnet.backoffice.types import HtmxHttpRequest
from vangnet.core.errors import ApplicationError
from vangnet.core.models import User
from vangnet.tenants.models import Tenant, TenantDocument
from vangnet.tenants.notes import tenant_document_add, tenant_note_add


def _tenant(request: HtmxHttpRequest, pk: int) -> Tenant:
    tenant = Tenant.objects.filter(pk=pk, corporation=request.corporation).first()
    if tenant is None:
        raise Http404
    return tenant


@require_POST
@staff_view(Permission.WRITE_NOTES)
def note_add(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    tenant = _tenant(request, pk)
    actor: User = request.user  # type: ignore[assignment]
    try:
        tenant_note_add(
            tenant=tenant,
            text=request.POST.get("tekst", ""),
            actor=actor,
            shareable=request.POST.get("delen") == "1",
        )
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Notitie opgeslagen."))
    return redirect(f"{tenant_url(tenant)}#notes-title")


@require_POST
@staff_view(Permission.WRITE_NOTES)
def document_add(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    tenant = _tenant(request, pk)
    upload = request.FILES.get("bestand")
    actor: User = request.user  # type: ignore[assignment]
    if upload is None:
        messages.error(request, _("Kies een bestand."))
        return redirect(f"{tenant_url(tenant)}#notes-title")
    try:
        tenant_document_add(tenant=tenant, title=request.POST.get("titel", ""), upload=upload, actor=actor)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Document toegevoegd."))
    return redirect(f"{tenant_url(tenant)}#notes-title")


@staff_view(Permission.VIEW_TENANT)
def document_download(request: HtmxHttpRequest, pk: int) -> FileResponse:
    document = TenantDocument.objects.filter(pk=pk, corporation=request.corporation).first()
    if document is None:
        raise Http404
    return FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=document.original_name,
        content_type=document.content_type,
    )


def tenant_url(tenant: Tenant) -> str:
    return reverse("backoffice:tenant_card", args=[tenant.pk])
