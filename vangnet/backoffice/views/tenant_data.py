"""The tenant card's export of all data of one tenant (AVG art. 15), as JSON or PDF."""

from django.http import Http404, HttpResponse

from vangnet.backoffice.access import Permission, staff_view
from vangnet.backoffice.types import HtmxHttpRequest
from vangnet.core import clock
from vangnet.core.errors import ApplicationError
from vangnet.privacy.export import FORMATS, tenant_data_export


@staff_view(Permission.EXPORT_TENANT_DATA)
def tenant_data_download(request: HtmxHttpRequest, pk: int, fmt: str) -> HttpResponse:
    if fmt not in FORMATS:
        raise Http404
    try:
        exported = tenant_data_export(
            corporation=request.corporation,  # type: ignore[arg-type]
            tenant_id=pk,
            fmt=fmt,
            actor=request.user,  # type: ignore[arg-type]
            now=clock.now(),
        )
    except ApplicationError:
        raise Http404 from None
    response = HttpResponse(exported.content, content_type=exported.content_type)
    response["Content-Disposition"] = f'attachment; filename="{exported.name}"'
    return response
