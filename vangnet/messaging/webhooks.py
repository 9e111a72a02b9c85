"""Delivery callbacks. Each looks up the message by our own code (in the URL or the payload), never by a
provider id alone, and answers 200 to codes it does not know, so a provider stops retrying.

- Twilio SMS status: MessageStatus queued|sending|sent|delivered|undelivered|failed (+ ErrorCode).
- Twilio call status: CallStatus completed|busy|no-answer|failed|canceled; Gather action: Digits.
- E-mail events (bounce processor or relay): JSON {"code" | "message_id", "event": "delivered" | "bounce" |
  "complaint", "permanent": bool, "reason": str}, with `Authorization: Bearer <VANGNET_MESSAGING_WEBHOOK_TOKEN>`.
"""

import hmac
import json
import re
import uuid

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from django_scopes import scope, scopes_disabled

from vangnet.core import clock
from vangnet.messaging import services
from vangnet.messaging.channels import twilio
from vangnet.messaging.delivery_reports import message_outcome
from vangnet.messaging.models import MessageStatus, OutgoingMessage

TWIML_OK = '<?xml version="1.0" encoding="UTF-8"?><Response/>'
SMS_STATUSES = {
    "delivered": MessageStatus.DELIVERED,
    "undelivered": MessageStatus.FAILED,
    "failed": MessageStatus.FAILED,
}
CALL_STATUSES = {
    "completed": MessageStatus.DELIVERED,
    "busy": MessageStatus.FAILED,
    "no-answer": MessageStatus.FAILED,
    "failed": MessageStatus.FAILED,
    "canceled": MessageStatus.FAILED,
}
CODE_IN_MESSAGE_ID = re.compile(r"<?([0-9a-f-]{36})@")


def _message(code) -> OutgoingMessage | None:
    try:
        value = uuid.UUID(str(code))
    except ValueError:
        return None
    with scopes_disabled():
        return OutgoingMessage.objects.select_related("corporation").filter(code=value).first()


def _twilio_ok(request: HttpRequest) -> bool:
    url = request.build_absolute_uri()
    return twilio.signature_valid(url, request.POST.dict(), request.headers.get("X-Twilio-Signature", ""))


@csrf_exempt
@require_POST
def twilio_sms_status(request: HttpRequest, code: str) -> HttpResponse:
    if not _twilio_ok(request):
        return HttpResponse(status=403)
    message = _message(code)
    if message is None:
        return HttpResponse(status=200)
    provider_status = request.POST.get("MessageStatus", "")
    status = SMS_STATUSES.get(provider_status, "")
    error = request.POST.get("ErrorCode", "")
    with scope(corporation=message.corporation):
        message_outcome(
            message=message,
            status=status,
            provider_status=provider_status,
            error=f"Twilio-fout {error}" if error else provider_status,
            now=clock.now(),
        )
    return HttpResponse(status=200)


@csrf_exempt
@require_POST
def twilio_call_status(request: HttpRequest, code: str) -> HttpResponse:
    if not _twilio_ok(request):
        return HttpResponse(status=403)
    message = _message(code)
    if message is None:
        return HttpResponse(status=200)
    provider_status = request.POST.get("CallStatus", "")
    with scope(corporation=message.corporation):
        message_outcome(
            message=message,
            status=CALL_STATUSES.get(provider_status, ""),
            provider_status=provider_status,
            error=f"gesprek: {provider_status}",
            now=clock.now(),
        )
    return HttpResponse(status=200)


@csrf_exempt
@require_POST
def twilio_call_choice(request: HttpRequest, code: str) -> HttpResponse:
    if not _twilio_ok(request):
        return HttpResponse(status=403)
    message = _message(code)
    if message is None:
        return HttpResponse(TWIML_OK, content_type="text/xml")
    with scope(corporation=message.corporation):
        spoken = services.voice_choice_record(message=message, digits=request.POST.get("Digits", ""))
    body = (
        '<?xml version="1.0" encoding="UTF-8"?><Response>'
        f'<Say language="nl-NL">{spoken}</Say><Hangup/></Response>'
    )
    return HttpResponse(body, content_type="text/xml")


@csrf_exempt
@require_POST
def email_event(request: HttpRequest) -> HttpResponse:
    token = settings.MESSAGING_WEBHOOK_TOKEN
    given = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
    if not token or not hmac.compare_digest(token, given):
        return HttpResponse(status=403)
    try:
        payload = json.loads(request.body or b"{}")
    except ValueError:
        return JsonResponse({"error": "invalid json"}, status=400)
    code = payload.get("code") or ""
    if not code and (match := CODE_IN_MESSAGE_ID.search(str(payload.get("message_id", "")))):
        code = match[1]
    message = _message(code)
    if message is None:
        return HttpResponse(status=200)
    event = payload.get("event", "")
    status: str
    if event == "delivered":
        status = MessageStatus.DELIVERED
    elif event in ("bounce", "complaint") and (payload.get("permanent", True) or event == "complaint"):
        status = MessageStatus.BOUNCED
    else:
        status = ""
    with scope(corporation=message.corporation):
        message_outcome(
            message=message,
            status=status,
            provider_status=event,
            error=str(payload.get("reason", event))[:300],
            now=clock.now(),
        )
    return HttpResponse(status=200)
