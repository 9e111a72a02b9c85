"""The demo's provider: a checkout page served by Vangnet itself where the tenant picks the outcome.

It plays the PSP's part honestly: its state lives in SandboxCheckout, apart from our Payment rows, and
Vangnet learns the outcome only by fetching it, as with Mollie.
"""

import secrets

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from vangnet.payments.models import Payment, PaymentStatus, SandboxCheckout
from vangnet.payments.providers.base import PaymentProvider, ProviderError, ProviderPayment

# What the tenant may pick on the sandbox's checkout page.
SANDBOX_OUTCOMES = {
    "paid": PaymentStatus.PAID,
    "failed": PaymentStatus.FAILED,
    "canceled": PaymentStatus.CANCELED,
}


class SandboxProvider(PaymentProvider):
    identifier = "sandbox"
    verbose_name = _("Testomgeving (geen echt geld)")

    def create_payment(self, payment: Payment) -> str:
        if not settings.VANGNET_PAYMENTS_SANDBOX:
            raise ProviderError(
                "the sandbox provider is switched off (VANGNET_PAYMENTS_SANDBOX)", permanent=True
            )
        checkout = SandboxCheckout.objects.create(
            provider_id=f"sbx_{secrets.token_urlsafe(12)}",
            amount=payment.amount,
            description=payment.request.description,
            redirect_url=self.return_path(payment),
        )
        payment.provider_id = checkout.provider_id
        return reverse("portal:sandbox_checkout", kwargs={"provider_id": checkout.provider_id})

    def fetch_status(self, payment: Payment) -> ProviderPayment:
        checkout = SandboxCheckout.objects.filter(provider_id=payment.provider_id).first()
        if checkout is None:
            raise ProviderError(f"sandbox has no payment {payment.provider_id}", permanent=True)
        return ProviderPayment(
            provider_id=checkout.provider_id,
            status=checkout.status,
            amount=checkout.amount,
            currency="EUR",
            metadata={"payment": str(payment.idempotency_key)},
        )


def sandbox_checkout_get(*, provider_id: str) -> SandboxCheckout | None:
    """The sandbox's own checkout for this id; None when there is none or the sandbox is switched off."""
    if not settings.VANGNET_PAYMENTS_SANDBOX:
        return None
    return SandboxCheckout.objects.filter(provider_id=provider_id).first()


def sandbox_checkout_decide(*, checkout: SandboxCheckout, outcome: str) -> bool:
    """The tenant's pick on the checkout page, as the PSP records it: only the sandbox's own row changes,
    never our Payment (Vangnet learns the outcome by fetching it). False for an outcome not on offer."""
    status = SANDBOX_OUTCOMES.get(outcome)
    if status is None:
        return False
    with transaction.atomic():
        SandboxCheckout.objects.filter(pk=checkout.pk, status=PaymentStatus.OPEN).update(status=status)
    return True
