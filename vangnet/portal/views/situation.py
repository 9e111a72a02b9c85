"""'Mijn situatie is veranderd': the tenant chooses what changed and since when; a colleague gets in touch."""

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_http_methods

from vangnet.core import clock
from vangnet.core.errors import ApplicationError
from vangnet.portal.forms.actions import SituationForm
from vangnet.portal.session import portal_view
from vangnet.portal.situation import portal_situation_report
from vangnet.portal.views.common import field_errors, page
from vangnet.tenants.circumstances import circumstance_kinds


@require_http_methods(["GET", "POST"])
@portal_view
def situation(request: HttpRequest) -> HttpResponse:
    portal = request.portal  # type: ignore[attr-defined]
    kinds = [(kind.code, kind.name) for kind in circumstance_kinds(corporation=portal.corporation)]
    form = SituationForm(request.POST or None, kinds=kinds)
    if request.method == "POST" and form.is_valid():
        try:
            circumstance, _task = portal_situation_report(
                tenant=portal.tenant,
                kind_code=form.cleaned_data["kind"],
                since=form.cleaned_data["since"],
                message=form.cleaned_data["message"],
                as_of=clock.today(),
            )
        except ApplicationError as exc:
            field_errors(form, exc.extra)
            if not form.errors:
                form.add_error(None, exc.message)
        else:
            return page(request, "portal/situation_done.html", kind=circumstance.kind.name)
    status = 400 if request.method == "POST" else 200
    return page(request, "portal/situation.html", status=status, form=form)
