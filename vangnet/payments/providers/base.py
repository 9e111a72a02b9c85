"""The interface every payment provider implements (pretix's BasePaymentProvider, much reduced)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils.functional import Promise

from vangnet.payments.models import Payment, PaymentSettings


class ProviderError(Exception):
    """The provider could not be reached or refused the request. Safe to retry unless permanent."""

    def __init__(self, message: str, *, permanent: bool = False) -> None:
        super().__init__(message)
        self.message = message
        self.permanent = permanent


@dataclass(frozen=True)
class ProviderPayment:
    """What the provider says about a payment when we ask it (never what a webhook or redirect claims)."""

    provider_id: str
    status: str  # one of PaymentStatus' values; "authorized" is mapped to pending by the provider
    amount: Decimal
    currency: str
    metadata: dict[str, Any] = field(default_factory=dict)


class PaymentProvider:
    identifier: str = ""
    verbose_name: str | Promise = ""

    def __init__(self, payment_settings: PaymentSettings | None = None) -> None:
        self.payment_settings = payment_settings

    def create_payment(self, payment: Payment) -> str:
        """Creates the payment at the provider, sets payment.provider_id, returns the checkout URL."""
        raise NotImplementedError

    def fetch_status(self, payment: Payment) -> ProviderPayment:
        """Asks the provider for the payment's current state."""
        raise NotImplementedError

    # Links the provider hands to the tenant's browser and calls back on.
    @staticmethod
    def public_url(path: str) -> str:
        return settings.VANGNET_PUBLIC_URL.rstrip("/") + path

    def return_path(self, payment: Payment) -> str:
        return reverse("portal:payment_result", kwargs={"token": payment.request.token})

    def webhook_path(self) -> str:
        return reverse("portal:payment_webhook", kwargs={"provider": self.identifier})
