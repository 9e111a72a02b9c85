"""Provider webhooks. A webhook only says "look at payment X": we find X by our own provider id, fetch it
from the provider and act on that answer. Unknown ids get 200 and nothing happens (DESIGN: integrity)."""

import logging

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from django_scopes import scope, scopes_disabled

from vangnet.payments.models import Payment
from vangnet.payments.providers import PROVIDERS, ProviderError
from vangnet.payments.services import payment_status_refresh

logger = logging.getLogger(__name__)
MAX_ID_LENGTH = 64


@csrf_exempt
@require_POST
def payment_webhook(request: HttpRequest, provider: str) -> HttpResponse:
    if provider not in PROVIDERS:
        return HttpResponse("unknown provider\n", status=404, content_type="text/plain")
    provider_id = request.POST.get("id", "").strip()
    if not provider_id:
        return HttpResponseBadRequest(
            "missing id: the body must be id=<payment id>\n", content_type="text/plain"
        )
    if len(provider_id) > MAX_ID_LENGTH:
        return HttpResponseBadRequest("id is too long\n", content_type="text/plain")
    with scopes_disabled():
        payment = (
            Payment.objects.select_related("corporation", "request")
            .filter(provider=provider, provider_id=provider_id)
            .first()
        )
    if payment is None:
        return HttpResponse("ok\n", content_type="text/plain")
    with scope(corporation=payment.corporation):
        try:
            payment_status_refresh(payment=payment, actor=f"webhook:{provider}")
        except ProviderError as exc:
            logger.warning("webhook for %s %s: %s", provider, provider_id, exc.message)
            if not exc.permanent:
                # The provider calls again later; by then it may answer.
                return HttpResponse(
                    "provider unavailable, try again\n", status=503, content_type="text/plain"
                )
    return HttpResponse("ok\n", content_type="text/plain")
