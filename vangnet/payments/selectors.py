"""Reads for payments: the open balance a link may ask for, a request by its token, the back-office lists."""

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, QuerySet, Sum
from django_scopes import scopes_disabled

from vangnet.arrangements.models import Arrangement, ArrangementStatus, Installment, live_arrangements_q
from vangnet.core.models import Corporation
from vangnet.ledger.models import Contract, LedgerEntry
from vangnet.payments.models import Payment, PaymentPurpose, PaymentRequest, PaymentSettings
from vangnet.payments.providers import PROVIDERS

ZERO = Decimal("0.00")


def contract_open_balance(*, contract: Contract) -> Decimal:
    """The contract's balance straight from the ledger (one query): what a tenant can be asked to pay."""
    total = LedgerEntry.objects.filter(corporation_id=contract.corporation_id, contract=contract).aggregate(
        total=Sum("amount")
    )["total"]
    return Decimal(total or ZERO).quantize(Decimal("0.01"))


@dataclass(frozen=True)
class AmountOwed:
    """What a tenant is asked to pay now: the open balance, or the next instalment under an arrangement."""

    amount: Decimal
    purpose: str
    due_date: object = None


def contract_amount_owed_now(*, contract: Contract) -> AmountOwed:
    """Under a running arrangement the next unpaid instalment (never more than is open), else the balance.

    What a superseded pay link offers instead of its old total (two queries)."""
    balance = contract_open_balance(contract=contract)
    instalment = (
        Installment.objects.filter(
            corporation_id=contract.corporation_id,
            arrangement__in=Arrangement.objects.filter(
                live_arrangements_q(), contract=contract, status=ArrangementStatus.ACTIVE
            ),
            paid_on__isnull=True,
        )
        .order_by("due_date", "sequence")
        .values("amount", "due_date")
        .first()
    )
    if instalment is not None and balance > 0:
        return AmountOwed(
            amount=min(instalment["amount"], balance),
            purpose=PaymentPurpose.INSTALMENT,
            due_date=instalment["due_date"],
        )
    return AmountOwed(amount=balance, purpose=PaymentPurpose.OPEN_BALANCE)


def payment_settings_get(*, corporation: Corporation) -> PaymentSettings:
    """The corporation's settings, or the installation's defaults (not saved) when it has none."""
    found = PaymentSettings.objects.filter(corporation=corporation).first()
    if found is not None:
        return found
    return PaymentSettings(corporation=corporation, provider=settings.VANGNET_PAYMENTS_DEFAULT_PROVIDER)


def online_payment_available(*, corporation: Corporation) -> bool:
    """Whether the tenant gets a pay button: a real provider is configured (the sandbox, a fake checkout
    that would book real ledger payments, only where it is allowed: the demo and tests)."""
    return provider_pays_online(payment_settings_get(corporation=corporation).provider)


def provider_pays_online(provider: str | None) -> bool:
    """`online_payment_available` for a provider already read (None: the corporation has no settings)."""
    if provider is None:
        provider = settings.VANGNET_PAYMENTS_DEFAULT_PROVIDER
    if provider not in PROVIDERS:
        return False
    return provider != "sandbox" or settings.VANGNET_PAYMENTS_SANDBOX


def portal_corporation_for_host(*, host: str) -> Corporation | None:
    """The corporation whose own portal domain this is; None on the shared domain."""
    name = host.split(":")[0].strip().lower()
    if not name:
        return None
    with scopes_disabled():
        found = PaymentSettings.objects.filter(portal_host=name).select_related("corporation").first()
    return found.corporation if found else None


def payment_request_by_token(*, token: str, corporation: Corporation | None) -> PaymentRequest | None:
    """The request behind a pay link. On a corporation's own domain only that corporation's requests exist."""
    if not token or len(token) > 64:
        return None
    with scopes_disabled():
        query = PaymentRequest.objects.select_related("corporation", "contract")
        if corporation is not None:
            query = query.filter(corporation=corporation)
        return query.filter(token=token).first()


def payment_latest(*, request: PaymentRequest) -> Payment | None:
    return (
        Payment.objects.filter(corporation_id=request.corporation_id, request=request).order_by("-id").first()
    )


def payment_request_list(*, status: str = "") -> QuerySet[PaymentRequest]:
    """Inside a corporation scope: its requests, newest first, with the contract and the attempt count."""
    query = PaymentRequest.objects.select_related("contract").annotate(attempts=Count("payments"))
    if status:
        query = query.filter(status=status)
    return query.order_by("-created_at", "-id")


def payment_list(*, status: str = "") -> QuerySet[Payment]:
    query = Payment.objects.select_related("request__contract", "ledger_entry")
    if status:
        query = query.filter(status=status)
    return query.order_by("-created_at", "-id")
