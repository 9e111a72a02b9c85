"""Payment providers, one module each, registered by identifier (healthchecks' TRANSPORTS)."""

from django.utils.module_loading import import_string

from vangnet.payments.providers.base import PaymentProvider, ProviderError, ProviderPayment

PROVIDERS: dict[str, str] = {
    "sandbox": "vangnet.payments.providers.sandbox.SandboxProvider",
    "mollie": "vangnet.payments.providers.mollie.MollieProvider",
}


def provider_class(identifier: str) -> type[PaymentProvider]:
    try:
        path = PROVIDERS[identifier]
    except KeyError:
        raise ProviderError(f"unknown payment provider {identifier!r}", permanent=True) from None
    return import_string(path)


def provider_choices() -> list[tuple[str, str]]:
    return [(identifier, str(provider_class(identifier).verbose_name)) for identifier in PROVIDERS]


__all__ = [
    "PROVIDERS",
    "PaymentProvider",
    "ProviderError",
    "ProviderPayment",
    "provider_choices",
    "provider_class",
]
