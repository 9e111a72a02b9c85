"""Delivery callbacks. Each looks up the message by our own code (in the URL or the payload), never by a
provider id alone, and answers 200 to codes it does not know, so a provider stops retrying.

Delivery reports go through one view: the channel (see `channels/`) checks the request and reads its
provider's format. The voice channel's key choice (Twilio's Gather action: Digits) has its own view.
"""

import uuid

from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from django_scopes import scope, scopes_disabled

from vangnet.core import clock
from vangnet.core.channels import ChannelKind
from vangnet.messaging import services
from vangnet.messaging.channels import channels, twilio, voice
from vangnet.messaging.delivery_reports import message_outcome
from vangnet.messaging.models import OutgoingMessage

TWIML_OK = '<?xml version="1.0" encoding="UTF-8"?><Response/>'


def _message(code, channel: str) -> OutgoingMessage | None:
    """The message with our code, only if it went out on this callback's channel: an SMS status must not
    close a letter or an e-mail, nor a call status an SMS."""
    try:
        value = uuid.UUID(str(code))
    except ValueError:
        return None
    with scopes_disabled():
        return (
            OutgoingMessage.objects.select_related("corporation").filter(code=value, channel=channel).first()
        )


@csrf_exempt
@require_POST
def delivery_report(request: HttpRequest, kind: str, code: str = "") -> HttpResponse:
    """A channel's delivery report (each channel declares its route and reads its provider's format)."""
    report = channels.get(kind).delivery_report(request, code)
    if isinstance(report, HttpResponse):
        return report
    message = _message(report.code, kind)
    if message is None:
        return HttpResponse(status=200)
    with scope(corporation=message.corporation):
        message_outcome(
            message=message,
            status=report.status,
            provider_status=report.provider_status,
            error=report.error,
            now=clock.now(),
        )
    return HttpResponse(status=200)


@csrf_exempt
@require_POST
def twilio_call_choice(request: HttpRequest, code: str) -> HttpResponse:
    if not twilio.request_genuine(request):
        return HttpResponse(status=403)
    message = _message(code, ChannelKind.VOICE)
    if message is None:
        return HttpResponse(TWIML_OK, content_type="text/xml")
    with scope(corporation=message.corporation):
        language = voice.spoken_language(message)
        spoken = services.voice_choice_record(
            message=message, digits=request.POST.get("Digits", ""), language=language
        )
    body = (
        f'<?xml version="1.0" encoding="UTF-8"?><Response>{voice.say(spoken, language)}<Hangup/></Response>'
    )
    return HttpResponse(body, content_type="text/xml")
