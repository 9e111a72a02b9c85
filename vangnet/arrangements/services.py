"""Writes on arrangements, for staff, the portal and the phone; promises, claims and the policy are in
promise_services and policy_services and re-exported here.

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
from django.db import IntegrityError, transaction
from django.utils.translation import gettext
from schwifty import IBAN
from schwifty.exceptions import SchwiftyException

from vangnet.arrangements.common import check_start, notify_after_commit
from vangnet.arrangements.models import (
    Arrangement,
    ArrangementPaymentMethod,
    ArrangementStatus,
    Channel,
    Installment,
)
from vangnet.arrangements.payloads import arrangement_payload

# Callers know every write of the app as a service of this module.
from vangnet.arrangements.policy_services import (
    POLICY_FIELDS,
    arrangement_policy_install_default,
    arrangement_policy_set,
)
from vangnet.arrangements.promise_services import payment_claim_register, promise_register
from vangnet.arrangements.rules import (
    Decision,
    Proposal,
    arrangement_rules_evaluate,
    staff_explanation,
)
from vangnet.arrangements.schedule import ScheduledInstallment, installment_schedule
from vangnet.arrangements.selectors import (
    arrangement_policy_get,
    proposal_facts,
    running_arrangement_exists,
)
from vangnet.core import clock
from vangnet.core.audit import actor_label, log_action
from vangnet.core.errors import ApplicationError
from vangnet.core.models import User
from vangnet.events.services import event_publish
from vangnet.ledger.models import Contract
from vangnet.ledger.selectors import contract_main_tenant
from vangnet.tasks.models import Task, TaskKind, TaskSource, TaskStatus
from vangnet.tasks.services import task_complete, task_create

PORTAL_START_WITHIN = relativedelta(months=1)
STAFF_START_WITHIN = relativedelta(months=3)


@dataclass(frozen=True)
class ProposalOutcome:
    arrangement: Arrangement
    decision: Decision


# Helpers --------------------------------------------------------------------------------------------------


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
            status=TaskStatus.DONE, outcome=outcome[:200], completed_at=clock.now()
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
    check_start(start_date, as_of, STAFF_START_WITHIN)
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
                "created_by": actor_label(actor),
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
        notify_after_commit(
            contract_main_tenant(contract=contract), contract, "regeling-bevestigd", as_of, actor
        )
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
    check_start(start_date, as_of, PORTAL_START_WITHIN)
    debit = _debit_details(contract, payment_method, debit_iban)
    proposal = Proposal(total=total, count=count, start_date=start_date)
    decision = arrangement_rules_evaluate(policy=policy, facts=facts, proposal=proposal, as_of=as_of)
    tenant = contract_main_tenant(contract=contract)
    with transaction.atomic():
        arrangement = _create_with_schedule(
            contract=contract,
            schedule=schedule,
            fields={
                "status": ArrangementStatus.ACTIVE if decision.approved else ArrangementStatus.REQUESTED,
                "agreed_on": as_of,
                "channel": Channel.PORTAL,
                "payment_method": payment_method,
                "created_by": actor_label(actor),
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
            notify_after_commit(tenant, contract, "regeling-bevestigd", as_of, actor)
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
            notify_after_commit(tenant, contract, "regeling-in-behandeling", as_of, actor)
    return ProposalOutcome(arrangement=arrangement, decision=decision)


def arrangement_approve(*, arrangement: Arrangement, actor: User | str, as_of: date) -> Arrangement:
    """A colleague approves a requested arrangement: it becomes active with the proposed schedule."""
    with transaction.atomic():
        arrangement = _locked(
            arrangement,
            (ArrangementStatus.REQUESTED,),
            gettext("Alleen een aangevraagde regeling kan worden goedgekeurd."),
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
        notify_after_commit(
            contract_main_tenant(contract=arrangement.contract),
            arrangement.contract,
            "regeling-bevestigd",
            as_of,
            actor,
        )
    return arrangement


def _stop(
    *,
    arrangement: Arrangement,
    reason: str,
    actor: User | str,
    as_of: date,
    allowed: tuple[str, ...],
    refused: str,
    action: str,
    task_outcome: str,
) -> Arrangement:
    """Cancels a requested or active arrangement with the reason: audit, the review task closed, event."""
    with transaction.atomic():
        arrangement = _locked(arrangement, allowed, refused)
        arrangement.status = ArrangementStatus.CANCELLED
        arrangement.cancelled_reason = reason.strip()[:300]
        arrangement.save(update_fields=["status", "cancelled_reason"])
        log_action(
            corporation=arrangement.corporation,
            actor=actor,
            action=action,
            obj=arrangement,
            data={"reason": arrangement.cancelled_reason, "as_of": as_of.isoformat()},
        )
        _close_review_task(arrangement, task_outcome % {"reason": reason.strip()}, actor)
        event_publish(
            corporation=arrangement.corporation,
            type=action,
            payload={**arrangement_payload(arrangement), "reason": arrangement.cancelled_reason},
        )
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
        arrangement = _stop(
            arrangement=arrangement,
            reason=reason,
            actor=actor,
            as_of=as_of,
            allowed=(ArrangementStatus.REQUESTED,),
            refused=gettext("Alleen een aangevraagde regeling kan worden afgewezen."),
            action="arrangement.rejected",
            task_outcome=gettext("Afgewezen: %(reason)s"),
        )
        notify_after_commit(
            contract_main_tenant(contract=arrangement.contract),
            arrangement.contract,
            "regeling-afgewezen",
            as_of,
            actor,
        )
    return arrangement


def arrangement_cancel(
    *, arrangement: Arrangement, reason: str, actor: User | str, as_of: date
) -> Arrangement:
    """Stops a requested or active arrangement (no notice: the colleague tells the tenant why)."""
    if not reason.strip():
        raise ApplicationError(
            gettext("Schrijf kort op waarom de regeling stopt."), extra={"field": "reason"}
        )
    return _stop(
        arrangement=arrangement,
        reason=reason,
        actor=actor,
        as_of=as_of,
        allowed=(ArrangementStatus.REQUESTED, ArrangementStatus.ACTIVE),
        refused=gettext("Deze regeling loopt niet meer."),
        action="arrangement.cancelled",
        task_outcome=gettext("Geannuleerd: %(reason)s"),
    )


__all__ = [
    "POLICY_FIELDS",
    "ProposalOutcome",
    "arrangement_approve",
    "arrangement_cancel",
    "arrangement_create",
    "arrangement_policy_install_default",
    "arrangement_policy_set",
    "arrangement_propose",
    "arrangement_reject",
    "payment_claim_register",
    "promise_register",
]
