"""The tenant's "I do not want my data shared" (vroegsignalering): one button, an objection that stands."""

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_http_methods

from vangnet.core import clock
from vangnet.earlysignal.models import ObjectionSource
from vangnet.earlysignal.selectors import standing_objection
from vangnet.earlysignal.services import objection_register
from vangnet.portal.session import portal_view
from vangnet.portal.views.common import page


@require_http_methods(["GET", "POST"])
@portal_view
def data_sharing(request: HttpRequest) -> HttpResponse:
    portal = request.portal  # type: ignore[attr-defined]
    objection = standing_objection(tenant=portal.tenant)
    if request.method == "POST" and objection is None:
        objection = objection_register(
            tenant=portal.tenant, source=ObjectionSource.PORTAL, as_of=clock.today(), actor="portal"
        )
        return page(request, "portal/data_sharing.html", objection=objection, just_registered=True)
    return page(request, "portal/data_sharing.html", objection=objection)
