"""The secure download a municipality's contact opens from the e-mail: a signed link that expires.

An interface with one view and no login (the municipality has no account with us): the signed,
time-stamped token is the key, every download is counted and logged, and a changed or old link gets 404.
"""

from django.db.models import F
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import path
from django.views.decorators.http import require_GET
from django_scopes import scopes_disabled

from vangnet.core.audit import log_action
from vangnet.earlysignal import formats
from vangnet.earlysignal.delivery.email import file_id_from_token
from vangnet.earlysignal.models import SignalFile


@require_GET
def download(request: HttpRequest, token: str) -> HttpResponse:
    file_id = file_id_from_token(token)
    if file_id is None:
        raise Http404
    with scopes_disabled():
        file = SignalFile.objects.select_related("corporation", "municipality").filter(pk=file_id).first()
        if file is None:
            raise Http404
        SignalFile.objects.filter(pk=file.pk).update(downloads=F("downloads") + 1)
        log_action(
            corporation=file.corporation,
            actor=f"gemeente {file.municipality.name}",
            action="earlysignal.file_downloaded",
            obj=file,
        )
    response = HttpResponse(file.content, content_type=formats.get(file.file_format).content_type)
    response["Content-Disposition"] = f'attachment; filename="{file.filename}"'
    response["Cache-Control"] = "no-store"
    return response


urlpatterns = [path("<str:token>/", download, name="earlysignal_download")]
