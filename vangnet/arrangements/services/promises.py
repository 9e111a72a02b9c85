"""Writes on promises to pay and "I already paid" claims; re-exported by vangnet.arrangements.services."""

from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils.translation import get_language, gettext

from vangnet.arrangements.models import Channel, PaymentClaim, PaymentClaimStatus, Promise
from vangnet.arrangements.payloads import payment_claim_payload, promise_payload
from vangnet.arrangements.selectors import arrangement_policy_get, open_promise, running_arrangement_exists
from vangnet.arrangements.services.common import money_checked, notify_after_commit
from vangnet.core.audit import actor_label, log_action
from vangnet.core.errors import ApplicationError
from vangnet.core.language import written_date
from vangnet.core.models import User
from vangnet.events.services import event_publish
from vangnet.ledger.models import Contract
from vangnet.ledger.selectors import contract_main_tenant
from vangnet.tenants.models import Tenant

CLAIM_MAX_AGE_DAYS = 60


def promise_register(
    *, contract: Contract, promised_date: date, amount: Decimal, channel: str, actor: User | str, as_of: date
) -> Promise:
    """A promise to pay, by phone, from a colleague or in the portal; the flow waits until the date plus
    the grace days. Refused (nothing changes) while another promise or an arrangement is running."""
    if channel not in (Channel.PORTAL, Channel.PHONE, Channel.STAFF):
        raise ApplicationError(gettext("Kies hoe de belofte is gedaan: portaal, telefoon of medewerker."))
    amount = money_checked(amount, "amount")
    latest = as_of + timedelta(days=arrangement_policy_get(corporation=contract.corporation).promise_max_days)
    if not as_of <= promised_date <= latest:
        raise ApplicationError(
            gettext("Kies een datum van vandaag tot en met %(date)s.")
            % {"date": written_date(latest, get_language())},
            extra={"field": "promised_date"},
        )
    current = open_promise(contract=contract)
    if current is not None:
        raise ApplicationError(
            gettext("Er loopt al een betaalbelofte tot %(date)s. Daarna kan een nieuwe.")
            % {"date": written_date(current.promised_date, get_language())}
        )
    if running_arrangement_exists(contract=contract):
        raise ApplicationError(
            gettext("Er loopt een betalingsregeling. Een betaalbelofte is dan niet nodig.")
        )
    with transaction.atomic():
        promise = Promise.objects.create(
            corporation=contract.corporation,
            contract=contract,
            made_on=as_of,
            promised_date=promised_date,
            amount=amount,
            channel=channel,
            created_by=actor_label(actor),
        )
        promise.source_id = f"vangnet-promise-{promise.pk}"
        promise.save(update_fields=["source_id"])
        log_action(
            corporation=contract.corporation,
            actor=actor,
            action="promise.registered",
            obj=promise,
            data={"promised_date": promised_date.isoformat(), "amount": str(amount), "channel": channel},
        )
        event_publish(
            corporation=contract.corporation,
            type="promise.registered",
            payload=promise_payload(promise),
        )
        notify_after_commit(
            contract_main_tenant(contract=contract), contract, "belofte-bevestigd", as_of, actor
        )
    return promise


def payment_claim_register(
    *,
    contract: Contract,
    paid_on: date,
    amount: Decimal,
    actor: User | str,
    as_of: date,
    tenant: Tenant | None = None,
) -> PaymentClaim:
    """ "I already paid": the flow waits payment_claim_hold_days while the bank import looks for it."""
    amount = money_checked(amount, "amount")
    if paid_on > as_of:
        raise ApplicationError(
            gettext("De betaaldatum kan niet in de toekomst liggen."), extra={"field": "paid_on"}
        )
    if paid_on < as_of - timedelta(days=CLAIM_MAX_AGE_DAYS):
        raise ApplicationError(
            gettext("Deze betaling is langer dan %(days)s dagen geleden. Neem contact met ons op.")
            % {"days": CLAIM_MAX_AGE_DAYS},
            extra={"field": "paid_on"},
        )
    if PaymentClaim.objects.filter(contract=contract, status=PaymentClaimStatus.OPEN).exists():
        raise ApplicationError(gettext("We controleren uw vorige melding nog. U hoort van ons."))
    policy = arrangement_policy_get(corporation=contract.corporation)
    with transaction.atomic():
        claim = PaymentClaim.objects.create(
            corporation=contract.corporation,
            contract=contract,
            tenant=tenant,
            paid_on=paid_on,
            amount=amount,
            registered_on=as_of,
            hold_until=as_of + timedelta(days=policy.payment_claim_hold_days),
            channel=Channel.STAFF if isinstance(actor, User) else Channel.PORTAL,
            created_by=actor_label(actor),
        )
        log_action(
            corporation=contract.corporation,
            actor=actor,
            action="payment_claim.registered",
            obj=claim,
            data={"paid_on": paid_on.isoformat(), "amount": str(amount)},
        )
        event_publish(
            corporation=contract.corporation,
            type="payment_claim.registered",
            payload=payment_claim_payload(claim),
        )
    return claim
