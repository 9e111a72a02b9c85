"""The versions of a message template in the back office: one old version's text, read-only, and using an
old version again (saved as the next version). The history itself is on the template's page."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from vangnet.backoffice.access import Permission, has_permission, staff_view
from vangnet.core.errors import ApplicationError
from vangnet.messaging import selectors, services
from vangnet.messaging.models import MessageTemplate, TemplateVersion
from vangnet.messaging.template_versions import template_version_get


def _version_or_404(pk: int, number: int) -> tuple[MessageTemplate, TemplateVersion]:
    try:
        template = selectors.template_get(pk=pk)
        return template, template_version_get(template=template, number=number)
    except (MessageTemplate.DoesNotExist, ApplicationError):
        raise Http404 from None


@staff_view(Permission.VIEW_MESSAGES)
def template_version_detail(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    template, version = _version_or_404(pk, number)
    context = {
        "template": template,
        "version": version,
        "in_use": version.pk == template.current_version_id,
        "can_edit": has_permission(request.membership, Permission.EDIT_TEMPLATES),  # type: ignore[attr-defined]
    }
    return render(request, "backoffice/messaging/template_version.html", context)


@require_POST
@staff_view(Permission.EDIT_TEMPLATES)
def template_version_restore(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    template, version = _version_or_404(pk, number)
    try:
        services.template_restore(template=template, number=version.number, actor=request.user)  # type: ignore[arg-type]
    except ApplicationError as error:
        messages.error(request, error.message)
        return redirect("backoffice:messaging_template_version", pk=template.pk, number=version.number)
    messages.success(
        request,
        _("De tekst van versie %(old)s wordt weer gebruikt. Hij is opgeslagen als versie %(new)s.")
        % {"old": version.number, "new": template.current_version.number},  # type: ignore[union-attr]
    )
    return redirect("backoffice:messaging_template", pk=template.pk)
