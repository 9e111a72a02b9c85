"""Payment requests and payments: create a pay link, start a payment, learn its outcome, book it once.

payment_confirm is the only success path: it books the LedgerEntry, refreshes the contract's standing,
publishes payment.received and, after the commit, asks the flows' sink (flows/bookings.py) to re-evaluate the
contract, so a tenant who pays leaves the dunning at once. Pay links in messages are made by payments/links.py.
Whatever a webhook, a redirect or a form says, the outcome is always fetched from the provider first.
"""

import datetime as dt
import logging
import secrets
from decimal import Decimal
from functools import partial

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from vangnet.core import clock
from vangnet.core.audit import Actor, log_action
from vangnet.core.errors import ApplicationError
from vangnet.core.models import Corporation
from vangnet.core.money import quantize
from vangnet.events.services import event_publish
from vangnet.flows.bookings import enrollments_reevaluate
from vangnet.ledger.models import Contract, EntryKind, LedgerEntry
from vangnet.ledger.services.standing import refresh_standings
from vangnet.payments.models import (
    Payment,
    PaymentPurpose,
    PaymentRequest,
    PaymentRequestStatus,
    PaymentSettings,
    PaymentStatus,
)
from vangnet.payments.providers import PROVIDERS, ProviderError, ProviderPayment, provider_class
from vangnet.payments.selectors import contract_amount_owed_now, contract_open_balance, payment_settings_get

logger = logging.getLogger(__name__)

Actor = Actor
TOKEN_BYTES = 24  # 32 url-safe characters, 192 bits: not guessable, short enough for an SMS
RENEWED_DESCRIPTION = "Nieuw bedrag na een wijziging"


def payment_settings_set(
    *,
    corporation: Corporation,
    provider: str,
    mollie_api_key_env: str = "",
    default_expiry_days: int = 30,
    portal_host: str = "",
    actor: Actor,
) -> PaymentSettings:
    """Chooses the corporation's provider. The Mollie key stays in the environment; this names the variable."""
    if provider not in PROVIDERS:
        raise ApplicationError(gettext("Onbekende betaaldienst: %(provider)s") % {"provider": provider})
    if not 1 <= default_expiry_days <= 90:
        raise ApplicationError(gettext("Een betaallink is 1 tot 90 dagen geldig."))
    with transaction.atomic():
        found, created = PaymentSettings.objects.update_or_create(
            corporation=corporation,
            defaults={
                "provider": provider,
                "mollie_api_key_env": mollie_api_key_env,
                "default_expiry_days": default_expiry_days,
                "portal_host": portal_host.strip().lower(),
            },
        )
        log_action(
            corporation=corporation,
            actor=actor,
            action="payment_settings.created" if created else "payment_settings.changed",
            obj=found,
            data={
                "provider": provider,
                "mollie_api_key_env": mollie_api_key_env,
                "portal_host": found.portal_host,
            },
        )
    return found


def payment_request_create(
    *,
    corporation: Corporation,
    contract: Contract,
    amount: Decimal | None = None,
    purpose: str = PaymentPurpose.OPEN_BALANCE,
    description: str = "",
    expires_at: dt.datetime | None = None,
    actor: Actor,
) -> PaymentRequest:
    """A pay link for the open balance (amount None) or for a given amount, such as an instalment."""
    if contract.corporation_id != corporation.pk:
        raise ApplicationError(gettext("Dit contract hoort niet bij deze corporatie."))
    if purpose not in PaymentPurpose.values:
        raise ApplicationError(
            gettext("Onbekend doel van het betaalverzoek: %(purpose)s") % {"purpose": purpose}
        )
    balance = contract_open_balance(contract=contract)
    if amount is None:
        amount = balance
    amount = quantize(Decimal(amount))
    if balance <= 0:
        raise ApplicationError(gettext("Op dit contract staat niets open; er is geen betaalverzoek gemaakt."))
    if amount <= 0:
        raise ApplicationError(gettext("Het bedrag moet groter zijn dan € 0,00."))
    if amount > balance:
        raise ApplicationError(
            gettext("Het bedrag is hoger dan wat er openstaat (%(balance)s).") % {"balance": f"€ {balance}"},
            extra={"fields": {"amount": "more_than_open"}},
        )
    now = clock.now()
    if expires_at is None:
        days = payment_settings_get(corporation=corporation).default_expiry_days
        expires_at = now + dt.timedelta(days=days)
    if expires_at <= now:
        raise ApplicationError(gettext("De vervaldatum van het betaalverzoek ligt in het verleden."))
    with transaction.atomic():
        request = PaymentRequest.objects.create(
            corporation=corporation,
            contract=contract,
            amount=amount,
            purpose=purpose,
            description=description[:100],
            token=secrets.token_urlsafe(TOKEN_BYTES),
            expires_at=expires_at,
        )
        log_action(
            corporation=corporation,
            actor=actor,
            action="payment_request.created",
            obj=request,
            data={"contract": contract.pk, "amount": str(amount), "purpose": purpose},
        )
    return request


def payment_request_check(*, request: PaymentRequest, now: dt.datetime) -> None:
    """Raises the reason a request cannot be paid (paid, withdrawn, expired); the code is in extra."""
    if request.status == PaymentRequestStatus.PAID:
        raise ApplicationError(gettext("Dit betaalverzoek is al betaald."), extra={"code": "paid"})
    if request.status == PaymentRequestStatus.CANCELLED:
        raise ApplicationError(gettext("Dit betaalverzoek is ingetrokken."), extra={"code": "cancelled"})
    if request.status == PaymentRequestStatus.EXPIRED or request.expires_at <= now:
        raise ApplicationError(gettext("Deze betaallink is verlopen."), extra={"code": "expired"})
    if request.status == PaymentRequestStatus.SUPERSEDED:
        raise ApplicationError(
            gettext("Het bedrag is veranderd sinds wij deze link stuurden."), extra={"code": "superseded"}
        )


def payment_request_renew(*, request: PaymentRequest, actor: Actor = None) -> PaymentRequest:
    """For a superseded link that has not expired: a pay link for what is owed now (the next instalment
    under an arrangement, else the open balance), valid as long as the old one. The same open link is
    reused when the tenant asks twice, so a double click makes one request."""
    now = clock.now()
    if request.expires_at <= now:
        raise ApplicationError(gettext("Deze betaallink is verlopen."), extra={"code": "expired"})
    if request.status != PaymentRequestStatus.SUPERSEDED:
        raise ApplicationError(
            gettext("Deze betaallink is niet vervangen."), extra={"code": "not_superseded"}
        )
    owed = contract_amount_owed_now(contract=request.contract)
    if owed.amount <= 0:
        raise ApplicationError(
            gettext("Er staat niets meer open. U hoeft niets te betalen."), extra={"code": "nothing_open"}
        )
    with transaction.atomic():
        existing = (
            PaymentRequest.objects.select_for_update()
            .filter(
                corporation_id=request.corporation_id,
                contract_id=request.contract_id,
                status=PaymentRequestStatus.OPEN,
                amount=owed.amount,
                purpose=owed.purpose,
                expires_at__gt=now,
                description=RENEWED_DESCRIPTION,
            )
            .first()
        )
        if existing is not None:
            return existing
        return payment_request_create(
            corporation=request.corporation,
            contract=request.contract,
            amount=owed.amount,
            purpose=owed.purpose,
            description=RENEWED_DESCRIPTION,
            expires_at=request.expires_at,
            actor=actor,
        )


def payment_amount_due(*, request: PaymentRequest) -> Decimal:
    """What the link asks for now: the request's amount, but never more than is still open."""
    return min(request.amount, contract_open_balance(contract=request.contract))


def payment_start(*, request: PaymentRequest, actor: Actor = None) -> Payment:
    """A new attempt at the corporation's provider for what is open now; returns it with its checkout URL."""
    now = clock.now()
    corporation = request.corporation
    with transaction.atomic():
        locked = PaymentRequest.objects.select_for_update().select_related("contract").get(pk=request.pk)
        payment_request_check(request=locked, now=now)
        if locked.payments.filter(status=PaymentStatus.PENDING).exists():
            raise ApplicationError(
                gettext("Uw vorige betaling wordt nog verwerkt. Kijk over een paar minuten nog eens."),
                extra={"code": "pending"},
            )
        amount = payment_amount_due(request=locked)
        if amount <= 0:
            raise ApplicationError(
                gettext("Er staat niets meer open. U hoeft niets te betalen."), extra={"code": "nothing_open"}
            )
        payment_settings = payment_settings_get(corporation=corporation)
        payment = Payment.objects.create(
            corporation=corporation, request=locked, provider=payment_settings.provider, amount=amount
        )
        log_action(
            corporation=corporation,
            actor=actor,
            action="payment.created",
            obj=payment,
            data={"request": locked.pk, "amount": str(amount), "provider": payment.provider},
        )
    # The provider is called outside the transaction: a slow PSP must not hold the request's lock. The
    # idempotency key makes a retry of this call safe at the provider.
    try:
        provider = provider_class(payment.provider)(payment_settings)
        payment.checkout_url = provider.create_payment(payment)
    except ProviderError as exc:
        logger.warning("payment %s could not be created at %s: %s", payment.pk, payment.provider, exc.message)
        Payment.objects.filter(pk=payment.pk, status=PaymentStatus.CREATED).update(
            status=PaymentStatus.FAILED, error=exc.message[:300], updated_at=clock.now()
        )
        raise ApplicationError(
            gettext("Betalen lukt op dit moment niet. Probeer het later nog eens."),
            extra={"code": "provider_unavailable"},
        ) from exc
    payment.status = PaymentStatus.OPEN
    payment.save(update_fields=["provider_id", "checkout_url", "status", "updated_at"])
    return payment


def _verification_problems(payment: Payment, fetched: ProviderPayment) -> list[str]:
    problems = []
    if fetched.provider_id != payment.provider_id:
        problems.append(f"id {fetched.provider_id!r} is not {payment.provider_id!r}")
    if fetched.currency != "EUR":
        problems.append(f"currency {fetched.currency!r}")
    if fetched.amount != payment.amount:
        problems.append(f"amount {fetched.amount} is not {payment.amount}")
    metadata = fetched.metadata if isinstance(fetched.metadata, dict) else {}
    if metadata.get("payment") != str(payment.idempotency_key):
        problems.append("metadata does not name this payment")
    if fetched.status not in PaymentStatus.values:
        problems.append(f"status {fetched.status!r}")
    return problems


def payment_status_refresh(*, payment: Payment, actor: Actor = None) -> Payment:
    """Asks the provider how the payment stands and acts on that answer only. Raises ProviderError when the
    provider cannot be reached (a webhook then answers with an error, so the provider calls again)."""
    if payment.status == PaymentStatus.PAID or not payment.provider_id:
        return payment
    payment_settings = payment_settings_get(corporation=payment.corporation)
    fetched = provider_class(payment.provider)(payment_settings).fetch_status(payment)
    problems = _verification_problems(payment, fetched)
    if problems:
        # A forged or confused answer: book nothing, and leave a trace for whoever looks into it.
        logger.warning("payment %s: provider answer does not match: %s", payment.pk, "; ".join(problems))
        log_action(
            corporation=payment.corporation,
            actor=actor,
            action="payment.verification_failed",
            obj=payment,
            data={"problems": problems, "status": fetched.status},
        )
        return payment
    if fetched.status == PaymentStatus.PAID:
        return payment_confirm(payment=payment, actor=actor)
    if fetched.status != payment.status:
        changed = (
            Payment.objects.filter(pk=payment.pk)
            .exclude(status=PaymentStatus.PAID)
            .update(status=fetched.status, updated_at=clock.now())
        )
        if changed:
            log_action(
                corporation=payment.corporation,
                actor=actor,
                action="payment.status_changed",
                obj=payment,
                data={"from": payment.status, "to": fetched.status},
            )
        payment.refresh_from_db()
    return payment


def payment_confirm(*, payment: Payment, actor: Actor = None) -> Payment:
    """The one success path. Claims the payment with a conditional update, so confirming twice (a replayed
    webhook, the return page and the webhook at once) books one LedgerEntry."""
    now = clock.now()
    as_of = timezone.localdate(now)
    with transaction.atomic():
        claimed = (
            Payment.objects.filter(pk=payment.pk)
            .exclude(status=PaymentStatus.PAID)
            .update(status=PaymentStatus.PAID, paid_at=now, updated_at=now)
        )
        if not claimed:
            payment.refresh_from_db()
            return payment
        locked = Payment.objects.select_related("request__contract", "corporation").get(pk=payment.pk)
        request, corporation = locked.request, locked.corporation
        contract = request.contract
        entry = LedgerEntry.objects.create(
            corporation=corporation,
            contract=contract,
            # Unique per corporation: the ledger itself refuses a second booking of this payment.
            source_id=f"vangnet-pay-{locked.pk}",
            kind=EntryKind.PAYMENT,
            booking_date=as_of,
            due_date=as_of,
            amount=-locked.amount,
            payment_reference=contract.payment_reference,
            description=f"Betaling via {locked.provider} {locked.provider_id}"[:200],
        )
        locked.ledger_entry = entry
        locked.save(update_fields=["ledger_entry"])
        PaymentRequest.objects.filter(pk=request.pk).exclude(status=PaymentRequestStatus.PAID).update(
            status=PaymentRequestStatus.PAID, paid_at=now
        )
        log_action(
            corporation=corporation,
            actor=actor,
            action="payment.confirmed",
            obj=locked,
            data={"request": request.pk, "ledger_entry": entry.pk, "amount": str(locked.amount)},
        )
        refresh_standings(corporation=corporation, as_of=as_of, contract_ids=[contract.pk])
        # The event is stored with the booking (an outbox row); its delivery waits for the commit.
        event_publish(
            corporation=corporation,
            type="payment.received",
            payload={
                "payment_id": locked.pk,
                "payment_request_id": request.pk,
                "provider": locked.provider,
                "provider_id": locked.provider_id,
                "amount": f"{locked.amount:.2f}",
                "currency": "EUR",
                "contract_id": contract.source_id,
                "payment_reference": contract.payment_reference,
                "ledger_entry_id": entry.source_id,
                "booking_date": as_of.isoformat(),
                "paid_at": now.isoformat(),
            },
        )
        # After the commit, so a failure downstream can never undo the booking; the daily run is the
        # safety net if it does fail (robust: logged, not raised).
        transaction.on_commit(
            partial(
                enrollments_reevaluate,
                corporation=corporation,
                contract_ids=[contract.pk],
                as_of=as_of,
                actor=actor,
            ),
            robust=True,
        )
    return locked
