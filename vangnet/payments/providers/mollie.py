"""Mollie Payments API v2 (iDEAL): create a payment, fetch it again. No SDK: two documented calls.

POST /v2/payments {amount: {currency, value: "10.00"}, description, redirectUrl, webhookUrl, metadata,
method} with an Idempotency-Key header; GET /v2/payments/{id}. The API key is a Bearer token read from the
environment variable the corporation's settings name (VANGNET_MOLLIE_API_KEY by default); the base URL
comes from settings.VANGNET_MOLLIE_API_URL so tests can point it at a local server.
"""

import json
import os
import re
import urllib.error
import urllib.request
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from vangnet.payments.models import Payment
from vangnet.payments.providers.base import PaymentProvider, ProviderError, ProviderPayment

DEFAULT_KEY_ENV = "VANGNET_MOLLIE_API_KEY"
TIMEOUT_SECONDS = 10
# Mollie's payment ids: "tr_" and letters/digits. Anything else is not worth a request.
PAYMENT_ID = re.compile(r"^tr_[A-Za-z0-9]{1,60}$")
STATUSES = {
    "open": "open",
    "pending": "pending",
    "authorized": "pending",
    "paid": "paid",
    "failed": "failed",
    "canceled": "canceled",
    "expired": "expired",
}


class MollieProvider(PaymentProvider):
    identifier = "mollie"
    verbose_name = _("Mollie (iDEAL)")

    def api_key(self) -> str:
        name = (self.payment_settings.mollie_api_key_env if self.payment_settings else "") or DEFAULT_KEY_ENV
        key = os.environ.get(name, "")
        if not key:
            raise ProviderError(f"no Mollie API key in the environment variable {name}", permanent=True)
        return key

    def _call(self, method: str, path: str, body: dict[str, Any] | None = None, **headers: str) -> dict:
        url = settings.VANGNET_MOLLIE_API_URL.rstrip("/") + path
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(url, data=data, method=method)
        request.add_header("Authorization", f"Bearer {self.api_key()}")
        request.add_header("Accept", "application/json")
        if data is not None:
            request.add_header("Content-Type", "application/json")
        for name, value in headers.items():
            request.add_header(name.replace("_", "-"), value)
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:
                return json.loads(response.read())
        except urllib.error.HTTPError as exc:
            detail = exc.read()[:300].decode(errors="replace")
            # 4xx: Mollie refused what we sent (or the id is not ours); 5xx: try again later.
            raise ProviderError(
                f"Mollie {method} {path}: {exc.code} {detail}", permanent=exc.code < 500
            ) from exc
        except (urllib.error.URLError, TimeoutError, ValueError) as exc:
            raise ProviderError(f"Mollie {method} {path}: {exc}") from exc

    def create_payment(self, payment: Payment) -> str:
        body = {
            "amount": {"currency": "EUR", "value": f"{payment.amount:.2f}"},
            "description": (payment.request.description or f"Huur {payment.request.contract.source_id}")[
                :255
            ],
            "redirectUrl": self.public_url(self.return_path(payment)),
            "webhookUrl": self.public_url(self.webhook_path()),
            "metadata": {
                "payment": str(payment.idempotency_key),
                "corporation": payment.request.corporation.slug,
            },
            "method": "ideal",
        }
        found = self._call("POST", "/v2/payments", body, Idempotency_Key=str(payment.idempotency_key))
        try:
            payment.provider_id = found["id"]
            return found["_links"]["checkout"]["href"]
        except (KeyError, TypeError) as exc:
            raise ProviderError(f"Mollie answered without an id or checkout link: {exc}") from exc

    def fetch_status(self, payment: Payment) -> ProviderPayment:
        if not PAYMENT_ID.match(payment.provider_id):
            raise ProviderError(f"not a Mollie payment id: {payment.provider_id!r}", permanent=True)
        found = self._call("GET", f"/v2/payments/{payment.provider_id}")
        try:
            amount = found["amount"]
            return ProviderPayment(
                provider_id=str(found["id"]),
                status=STATUSES[found["status"]],
                amount=Decimal(amount["value"]),
                currency=str(amount["currency"]),
                metadata=found.get("metadata") or {},
            )
        except (KeyError, TypeError, InvalidOperation) as exc:
            raise ProviderError(f"Mollie answered with a payment we cannot read: {exc!r}") from exc
