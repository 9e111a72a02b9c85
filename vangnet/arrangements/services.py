"""Writes on arrangements, promises and "I already paid" claims, for staff, the portal and the phone.

Every service checks everything before it writes, so a refusal (ApplicationError) changes nothing; then it
writes in one transaction with an audit entry and an event for the ERP, and sends the tenant's notice after
the commit. The daily run's set-based work (monitoring, settling promises, checking claims) lives in
vangnet.arrangements.monitoring.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext
from schwifty import IBAN
from schwifty.exceptions import SchwiftyException

from vangnet.arrangements.models import (
    Arrangement,
    ArrangementPaymentMethod,
    ArrangementPolicy,
    ArrangementStatus,
    Channel,
    Installment,
    PaymentClaim,
    PaymentClaimStatus,
    Promise,
)
from vangnet.arrangements.payloads import arrangement_payload, payment_claim_payload, promise_payload
from vangnet.arrangements.rules import (
    Decision,
    Proposal,
    arrangement_rules_evaluate,
    staff_explanation,
)
from vangnet.arrangements.schedule import ScheduledInstallment, installment_schedule
from vangnet.arrangements.selectors import (
    arrangement_policy_get,
    open_promise,
    proposal_facts,
    running_arrangement_exists,
)
from vangnet.core.audit import actor_fields, log_action
from vangnet.core.errors import ApplicationError
from vangnet.core.models import Corporation, User
from vangnet.events.services import event_publish
from vangnet.ledger.models import Contract, ContractRole, ContractTenant
from vangnet.messaging.notices import notice_send
from vangnet.tasks.models import Task, TaskKind, TaskSource, TaskStatus
from vangnet.tasks.services import task_complete, task_create
from vangnet.tenants.models import Tenant

CENT = Decimal("0.01")
PORTAL_START_WITHIN = relativedelta(months=1)
STAFF_START_WITHIN = relativedelta(months=3)
CLAIM_MAX_AGE_DAYS = 60


@dataclass(frozen=True)
class ProposalOutcome:
    arrangement: Arrangement
    decision: Decision


# Helpers --------------------------------------------------------------------------------------------------


def _actor_label(actor: User | str | None) -> str:
    return actor_fields(actor)["actor_label"][:150]


def main_tenant(contract: Contract) -> Tenant | None:
    """The main tenant gets the notice; a co-tenant only when the contract has no main tenant."""
    parties = list(
        ContractTenant.objects.filter(contract=contract, removed_from_source_at__isnull=True)
        .select_related("tenant")
        .order_by("pk")
    )
    main = [party for party in parties if party.role == ContractRole.MAIN]
    chosen = (main or parties)[:1]
    return chosen[0].tenant if chosen else None


def _money(value: Decimal, field: str) -> Decimal:
    if not isinstance(value, Decimal) or not value.is_finite() or value != value.quantize(CENT):
        raise ApplicationError(gettext("Vul een bedrag in euro's en centen in."), extra={"field": field})
    if value <= 0:
        raise ApplicationError(gettext("Het bedrag moet meer dan € 0 zijn."), extra={"field": field})
    return value


def _check_start(start_date: date, as_of: date, within: relativedelta) -> None:
    if start_date < as_of:
        raise ApplicationError(
            gettext("De eerste termijn kan niet in het verleden liggen."), extra={"field": "start_date"}
        )
    if start_date > as_of + within:
        raise ApplicationError(
            gettext("De eerste termijn moet uiterlijk op %(date)s zijn.")
            % {"date": (as_of + within).strftime("%d-%m-%Y")},
            extra={"field": "start_date"},
        )


def _debit_details(contract: Contract, payment_method: str, debit_iban: str) -> dict[str, Any]:
    """The IBAN and mandate an arrangement paid by direct debit uses: its own IBAN, or the contract's."""
    if payment_method not in ArrangementPaymentMethod.values:
        raise ApplicationError(gettext("Kies een betaalwijze: betaallink of automatische incasso."))
    if payment_method != ArrangementPaymentMethod.DIRECT_DEBIT:
        return {}
    if debit_iban.strip():
        try:
            return {"debit_iban": IBAN(debit_iban).compact}
        except SchwiftyException:
            raise ApplicationError(
                gettext("Dit IBAN-nummer klopt niet. Kijk het nog eens na."), extra={"field": "debit_iban"}
            ) from None
    if contract.mandate_id and contract.mandate_date and contract.debit_iban:
        # The contract's mandate covers the instalments; copied, so the collection file finds it here.
        return {
            "debit_iban": contract.debit_iban,
            "mandate_id": contract.mandate_id,
            "mandate_date": contract.mandate_date,
        }
    raise ApplicationError(
        gettext("Voor automatische incasso is een IBAN-nummer nodig."), extra={"field": "debit_iban"}
    )


def _notify(tenant: Tenant | None, contract: Contract, template_code: str, as_of: date, actor) -> None:
    if tenant is None:
        return
    transaction.on_commit(
        lambda: notice_send(
            tenant=tenant, contract=contract, template_code=template_code, as_of=as_of, actor=actor
        )
    )


def _review_task_key(arrangement: Arrangement) -> str:
    return f"arrangement-review:{arrangement.pk}"


def _close_review_task(arrangement: Arrangement, outcome: str, actor: User | str) -> None:
    task = Task.objects.filter(
        corporation=arrangement.corporation, source_key=_review_task_key(arrangement), status=TaskStatus.OPEN
    ).first()
    if task is None:
        return
    if isinstance(actor, User):
        task_complete(task=task, outcome=outcome, actor=actor)
    else:
        Task.objects.filter(pk=task.pk, status=TaskStatus.OPEN).update(
            status=TaskStatus.DONE, outcome=outcome[:200], completed_at=timezone.now()
        )


def _create_with_schedule(
    *, contract: Contract, schedule: list[ScheduledInstallment], fields: dict[str, Any]
) -> Arrangement:
    try:
        with transaction.atomic():
            arrangement = Arrangement.objects.create(
                corporation=contract.corporation,
                contract=contract,
                total_amount=sum((row.amount for row in schedule), Decimal("0.00")),
                start_date=schedule[0].due_date,
                **fields,
            )
            # The ERP books it under this id, and an ERP export that lists it again updates this row.
            arrangement.source_id = f"vangnet-arrangement-{arrangement.pk}"
            update = ["source_id"]
            if arrangement.debit_iban and not arrangement.mandate_id:
                # Its own mandate for its own account: the reference the bank shows, signed the day agreed.
                arrangement.mandate_id = f"VNG-BR-{arrangement.pk}"
                arrangement.mandate_date = arrangement.agreed_on
                update += ["mandate_id", "mandate_date"]
            arrangement.save(update_fields=update)
            Installment.objects.bulk_create(
                [
                    Installment(
                        corporation=contract.corporation,
                        arrangement=arrangement,
                        sequence=row.sequence,
                        due_date=row.due_date,
                        amount=row.amount,
                    )
                    for row in schedule
                ]
            )
    except IntegrityError:
        # Another request registered one a moment ago (the one-running constraint).
        raise ApplicationError(gettext("Er loopt al een betalingsregeling op dit contract.")) from None
    return arrangement


def _locked(arrangement: Arrangement, allowed: tuple[str, ...], message: str) -> Arrangement:
    fresh = Arrangement.objects.select_for_update().select_related("contract").get(pk=arrangement.pk)
    if fresh.status not in allowed:
        raise ApplicationError(message)
    return fresh


# Policy ---------------------------------------------------------------------------------------------------

POLICY_FIELDS = (
    "min_tenancy_months",
    "broken_lookback_months",
    "max_installments",
    "min_installment_amount",
    "max_total",
    "require_rent_current",
    "breach_grace_days",
    "promise_max_days",
    "payment_claim_hold_days",
    "on_broken_promise",
    "on_breach",
)


def arrangement_policy_install_default(
    *, corporation: Corporation, actor: User | str | None
) -> ArrangementPolicy:
    """Stores the default policy for a corporation that has none; an existing one stays as it is."""
    policy, created = ArrangementPolicy.objects.get_or_create(corporation=corporation)
    if created:
        log_action(corporation=corporation, actor=actor, action="arrangement_policy.installed", obj=policy)
    return policy


def arrangement_policy_set(
    *, corporation: Corporation, actor: User | str, **values: Any
) -> ArrangementPolicy:
    """Changes some of the policy's settings (names in POLICY_FIELDS); refuses unknown or invalid values."""
    unknown = sorted(set(values) - set(POLICY_FIELDS))
    if unknown:
        raise ApplicationError(gettext("Onbekende instelling: %(names)s.") % {"names": ", ".join(unknown)})
    with transaction.atomic():
        policy, _created = ArrangementPolicy.objects.select_for_update().get_or_create(
            corporation=corporation
        )
        before = {name: getattr(policy, name) for name in values}
        for name, value in values.items():
            setattr(policy, name, value)
        if policy.max_installments > 60 or policy.max_installments < 1:
            raise ApplicationError(gettext("Het aantal termijnen moet tussen 1 en 60 liggen."))
        try:
            policy.full_clean(exclude=["corporation"])
        except DjangoValidationError as error:
            raise ApplicationError(
                gettext("Deze instellingen kunnen niet: %(errors)s")
                % {"errors": "; ".join(f"{k}: {' '.join(v)}" for k, v in error.message_dict.items())}
            ) from None
        policy.save()
        log_action(
            corporation=corporation,
            actor=actor,
            action="arrangement_policy.changed",
            obj=policy,
            data={name: {"from": str(before[name]), "to": str(getattr(policy, name))} for name in values},
        )
    return policy


# Arrangements ---------------------------------------------------------------------------------------------


def arrangement_create(
    *,
    contract: Contract,
    total: Decimal,
    start_date: date,
    count: int | None = None,
    amount: Decimal | None = None,
    payment_method: str,
    actor: User | str,
    as_of: date,
    channel: str = Channel.STAFF,
    owner: User | None = None,
    debit_iban: str = "",
) -> Arrangement:
    """A colleague registers an arrangement: active at once, the flow holds from tonight's run.

    Raises ApplicationError for an impossible schedule, a start date in the past or more than three months
    ahead, an invalid IBAN, a channel other than staff/phone/portal, or when one is already running.
    """
    if channel not in (Channel.STAFF, Channel.PHONE, Channel.PORTAL):
        raise ApplicationError(
            gettext("Kies hoe de regeling is afgesproken: medewerker, telefoon of portaal.")
        )
    schedule = installment_schedule(total=total, start=start_date, count=count, amount=amount)
    _check_start(start_date, as_of, STAFF_START_WITHIN)
    debit = _debit_details(contract, payment_method, debit_iban)
    if running_arrangement_exists(contract=contract):
        raise ApplicationError(gettext("Er loopt al een betalingsregeling op dit contract."))
    with transaction.atomic():
        arrangement = _create_with_schedule(
            contract=contract,
            schedule=schedule,
            fields={
                "status": ArrangementStatus.ACTIVE,
                "agreed_on": as_of,
                "channel": channel,
                "payment_method": payment_method,
                "owner": owner or (actor if isinstance(actor, User) else None),
                "created_by": _actor_label(actor),
                "decided_rule": "staff",
                **debit,
            },
        )
        log_action(
            corporation=contract.corporation,
            actor=actor,
            action="arrangement.registered",
            obj=arrangement,
            data={"total": str(arrangement.total_amount), "installments": len(schedule), "channel": channel},
        )
        event_publish(
            corporation=contract.corporation,
            type="arrangement.registered",
            payload=arrangement_payload(arrangement, schedule),
        )
        _notify(main_tenant(contract), contract, "regeling-bevestigd", as_of, actor)
    return arrangement


def arrangement_propose(
    *,
    contract: Contract,
    count: int,
    start_date: date,
    payment_method: str,
    as_of: date,
    actor: User | str,
    total: Decimal | None = None,
    debit_iban: str = "",
) -> ProposalOutcome:
    """The tenant proposes instalments in the portal; the corporation's rules decide at once.

    Within the rules: ACTIVE and confirmed with the schedule. Outside: REQUESTED, a review task for a
    colleague, and a message that we are looking at it. The decision and its rule are stored either way.
    Raises ApplicationError (nothing stored) when one is already running, nothing is open, the total is
    more than is open, or the schedule, start date or IBAN is impossible.
    """
    policy = arrangement_policy_get(corporation=contract.corporation)
    facts = proposal_facts(contract=contract, as_of=as_of)
    if facts.running_arrangement:
        raise ApplicationError(
            gettext("U heeft al een betalingsregeling, of we kijken nog naar uw vorige aanvraag.")
        )
    if total is None:
        total = facts.open_balance
    if total <= 0:
        raise ApplicationError(gettext("Er staat nu geen bedrag open. Een regeling is niet nodig."))
    if total > facts.open_balance:
        raise ApplicationError(gettext("Het bedrag is hoger dan wat nu openstaat."), extra={"field": "total"})
    schedule = installment_schedule(total=total, start=start_date, count=count)
    _check_start(start_date, as_of, PORTAL_START_WITHIN)
    debit = _debit_details(contract, payment_method, debit_iban)
    proposal = Proposal(total=total, count=count, start_date=start_date)
    decision = arrangement_rules_evaluate(policy=policy, facts=facts, proposal=proposal, as_of=as_of)
    tenant = main_tenant(contract)
    with transaction.atomic():
        arrangement = _create_with_schedule(
            contract=contract,
            schedule=schedule,
            fields={
                "status": ArrangementStatus.ACTIVE if decision.approved else ArrangementStatus.REQUESTED,
                "agreed_on": as_of,
                "channel": Channel.PORTAL,
                "payment_method": payment_method,
                "created_by": _actor_label(actor),
                "decided_rule": decision.rule,
                "decision_reason": decision.reason[:300],
                **debit,
            },
        )
        log_action(
            corporation=contract.corporation,
            actor=actor,
            action="arrangement.registered" if decision.approved else "arrangement.requested",
            obj=arrangement,
            data={"rule": decision.rule, "total": str(total), "installments": count},
        )
        payload = {**arrangement_payload(arrangement, schedule), "decision_reason": decision.reason}
        if decision.approved:
            event_publish(corporation=contract.corporation, type="arrangement.registered", payload=payload)
            _notify(tenant, contract, "regeling-bevestigd", as_of, actor)
        else:
            task_create(
                corporation=contract.corporation,
                kind=TaskKind.ARRANGEMENT_REVIEW,
                title=gettext("Regeling beoordelen: voorstel van %(count)s termijnen") % {"count": count},
                description=staff_explanation(
                    policy=policy, facts=facts, proposal=proposal, rule=decision.rule
                ),
                due_on=as_of + timedelta(days=2),
                source=TaskSource.PORTAL,
                source_key=_review_task_key(arrangement),
                contract=contract,
                tenant=tenant,
                actor=actor,
            )
            event_publish(corporation=contract.corporation, type="arrangement.requested", payload=payload)
            _notify(tenant, contract, "regeling-in-behandeling", as_of, actor)
    return ProposalOutcome(arrangement=arrangement, decision=decision)


def arrangement_approve(*, arrangement: Arrangement, actor: User | str, as_of: date) -> Arrangement:
    """A colleague approves a requested arrangement: it becomes active with the proposed schedule."""
    with transaction.atomic():
        arrangement = _locked(
            arrangement, (ArrangementStatus.REQUESTED,), gettext("Alleen een aangevraagde regeling kan goed.")
        )
        arrangement.status = ArrangementStatus.ACTIVE
        if arrangement.owner_id is None and isinstance(actor, User):
            arrangement.owner = actor
        arrangement.save(update_fields=["status", "owner"])
        log_action(
            corporation=arrangement.corporation,
            actor=actor,
            action="arrangement.approved",
            obj=arrangement,
            data={"rule": arrangement.decided_rule},
        )
        _close_review_task(arrangement, gettext("Goedgekeurd"), actor)
        event_publish(
            corporation=arrangement.corporation,
            type="arrangement.approved",
            payload=arrangement_payload(arrangement),
        )
        _notify(main_tenant(arrangement.contract), arrangement.contract, "regeling-bevestigd", as_of, actor)
    return arrangement


def arrangement_reject(
    *, arrangement: Arrangement, reason: str, actor: User | str, as_of: date
) -> Arrangement:
    """A colleague turns down a requested arrangement; `reason` is shown to the tenant."""
    if not reason.strip():
        raise ApplicationError(
            gettext("Schrijf kort op waarom de regeling niet kan."), extra={"field": "reason"}
        )
    with transaction.atomic():
        arrangement = _locked(
            arrangement,
            (ArrangementStatus.REQUESTED,),
            gettext("Alleen een aangevraagde regeling kan worden afgewezen."),
        )
        arrangement.status = ArrangementStatus.CANCELLED
        arrangement.cancelled_reason = reason.strip()[:300]
        arrangement.save(update_fields=["status", "cancelled_reason"])
        log_action(
            corporation=arrangement.corporation,
            actor=actor,
            action="arrangement.rejected",
            obj=arrangement,
            data={"reason": arrangement.cancelled_reason},
        )
        _close_review_task(arrangement, gettext("Afgewezen: %(reason)s") % {"reason": reason.strip()}, actor)
        event_publish(
            corporation=arrangement.corporation,
            type="arrangement.rejected",
            payload={**arrangement_payload(arrangement), "reason": arrangement.cancelled_reason},
        )
        _notify(main_tenant(arrangement.contract), arrangement.contract, "regeling-afgewezen", as_of, actor)
    return arrangement


def arrangement_cancel(
    *, arrangement: Arrangement, reason: str, actor: User | str, as_of: date
) -> Arrangement:
    """Stops a requested or active arrangement (no notice: the colleague tells the tenant why)."""
    if not reason.strip():
        raise ApplicationError(
            gettext("Schrijf kort op waarom de regeling stopt."), extra={"field": "reason"}
        )
    with transaction.atomic():
        arrangement = _locked(
            arrangement,
            (ArrangementStatus.REQUESTED, ArrangementStatus.ACTIVE),
            gettext("Deze regeling loopt niet meer."),
        )
        arrangement.status = ArrangementStatus.CANCELLED
        arrangement.cancelled_reason = reason.strip()[:300]
        arrangement.save(update_fields=["status", "cancelled_reason"])
        log_action(
            corporation=arrangement.corporation,
            actor=actor,
            action="arrangement.cancelled",
            obj=arrangement,
            data={"reason": arrangement.cancelled_reason, "as_of": as_of.isoformat()},
        )
        _close_review_task(
            arrangement, gettext("Geannuleerd: %(reason)s") % {"reason": reason.strip()}, actor
        )
        event_publish(
            corporation=arrangement.corporation,
            type="arrangement.cancelled",
            payload={**arrangement_payload(arrangement), "reason": arrangement.cancelled_reason},
        )
    return arrangement


# Promises and claims --------------------------------------------------------------------------------------


def promise_register(
    *, contract: Contract, promised_date: date, amount: Decimal, channel: str, actor: User | str, as_of: date
) -> Promise:
    """A promise to pay, by phone, from a colleague or in the portal; the flow waits until the date plus
    the grace days. Refused (nothing changes) while another promise or an arrangement is running."""
    if channel not in (Channel.PORTAL, Channel.PHONE, Channel.STAFF):
        raise ApplicationError(gettext("Kies hoe de belofte is gedaan: portaal, telefoon of medewerker."))
    amount = _money(amount, "amount")
    latest = as_of + timedelta(days=arrangement_policy_get(corporation=contract.corporation).promise_max_days)
    if not as_of <= promised_date <= latest:
        raise ApplicationError(
            gettext("Kies een datum van vandaag tot en met %(date)s.")
            % {"date": latest.strftime("%d-%m-%Y")},
            extra={"field": "promised_date"},
        )
    current = open_promise(contract=contract)
    if current is not None:
        raise ApplicationError(
            gettext("Er loopt al een betaalbelofte tot %(date)s. Daarna kan een nieuwe.")
            % {"date": current.promised_date.strftime("%d-%m-%Y")}
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
            created_by=_actor_label(actor),
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
        _notify(main_tenant(contract), contract, "belofte-bevestigd", as_of, actor)
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
    amount = _money(amount, "amount")
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
            created_by=_actor_label(actor),
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


def arrangement_breach_notices_send(*, corporation, as_of: date, actor: User | str | None) -> int:
    """After the daily run: the tenants of arrangements broken in the last week and not yet told get the
    notice `regeling-niet-nagekomen`. One message per tenant, so this is per row (few a day); each is marked
    so a second run of the day sends nothing. Returns the notices sent."""
    recent = Arrangement.objects.filter(
        corporation=corporation,
        status=ArrangementStatus.BROKEN,
        broken_on__lte=as_of,
        broken_on__gte=as_of - timedelta(days=7),
        breach_notified_on__isnull=True,
    ).select_related("contract")
    sent = 0
    for arrangement in recent:
        tenant = main_tenant(arrangement.contract)
        message = None
        if tenant is not None:
            message = notice_send(
                tenant=tenant,
                contract=arrangement.contract,
                template_code="regeling-niet-nagekomen",
                as_of=as_of,
                actor=actor or "run_day",
            )
        # Marked also when no channel reaches the tenant: the owner's task asks for contact anyway.
        Arrangement.objects.filter(pk=arrangement.pk).update(breach_notified_on=as_of)
        sent += message is not None
    if sent:
        log_action(
            corporation=corporation,
            actor=actor or "run_day",
            action="arrangements.breach_notices_sent",
            data={"as_of": as_of.isoformat(), "sent": sent},
        )
    return sent
