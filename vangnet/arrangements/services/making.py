"""Making an arrangement: by staff (`arrangement_create`) or proposed by the tenant on the portal or the
phone (`arrangement_propose`, decided by the corporation's rules or left for a colleague to review).

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

from vangnet.arrangements.budget import BudgetFigures
from vangnet.arrangements.models import (
    Arrangement,
    ArrangementPaymentMethod,
    ArrangementStatus,
    Channel,
    Installment,
)
from vangnet.arrangements.payloads import arrangement_payload
from vangnet.arrangements.rules import (
    Decision,
    Proposal,
    arrangement_rules_evaluate,
    staff_explanation,
    staff_proposal_warnings,
)
from vangnet.arrangements.schedule import ScheduledInstallment, installment_schedule
from vangnet.arrangements.selectors import (
    arrangement_policy_get,
    proposal_facts,
    running_arrangement_exists,
)
from vangnet.arrangements.services.budget import budget_check_attach, budget_figures_check
from vangnet.arrangements.services.common import check_start, flow_follows, notify_after_commit
from vangnet.core.audit import actor_label, log_action
from vangnet.core.errors import ApplicationError
from vangnet.core.models import User
from vangnet.events.services import event_publish
from vangnet.ledger.models import Contract
from vangnet.ledger.selectors import contract_main_tenant
from vangnet.tasks.models import TaskKind, TaskSource
from vangnet.tasks.services import task_create

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


def review_task_key(arrangement: Arrangement) -> str:
    return f"arrangement-review:{arrangement.pk}"


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
    override_reason: str = "",
    budget: BudgetFigures | None = None,
) -> Arrangement:
    """A colleague registers an arrangement: active at once, and the contract's flow holds at once.

    A schedule outside the corporation's policy (too many instalments, too small, too high a total) is
    refused unless `override_reason` says why; the reason is stored as the decision's explanation. A
    budget check (`budget`) is kept with it; an instalment above what it leaves is no reason to refuse.

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
    if budget is not None:
        budget_figures_check(budget)
    if running_arrangement_exists(contract=contract):
        raise ApplicationError(gettext("Er loopt al een betalingsregeling op dit contract."))
    warnings = staff_proposal_warnings(
        policy=arrangement_policy_get(corporation=contract.corporation),
        total=total,
        amounts=[row.amount for row in schedule],
    )
    override_reason = override_reason.strip()
    if warnings and not override_reason:
        raise ApplicationError(
            gettext(
                "Deze regeling valt buiten het beleid: %(warnings)s Vul een reden in om toch af te wijken."
            )
            % {"warnings": " ".join(warnings)},
            extra={"field": "override_reason", "warnings": warnings},
        )
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
                "decided_rule": "staff_override" if warnings else "staff",
                "decision_reason": (
                    gettext("Afgeweken van het beleid: %(reason)s") % {"reason": override_reason}
                )[:300]
                if warnings
                else "",
                **debit,
            },
        )
        if budget is not None:
            budget_check_attach(
                arrangement=arrangement, figures=budget, channel=channel, actor=actor, as_of=as_of
            )
        log_action(
            corporation=contract.corporation,
            actor=actor,
            action="arrangement.registered",
            obj=arrangement,
            data={
                "total": str(arrangement.total_amount),
                "installments": len(schedule),
                "channel": channel,
                "outside_policy": warnings,
                "override_reason": override_reason,
            },
        )
        event_publish(
            corporation=contract.corporation,
            type="arrangement.registered",
            payload=arrangement_payload(arrangement, schedule),
        )
        flow_follows(contract, as_of, actor)
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
    budget: BudgetFigures | None = None,
) -> ProposalOutcome:
    """The tenant proposes instalments in the portal; the corporation's rules decide at once.

    Within the rules: ACTIVE and confirmed with the schedule. Outside: REQUESTED, a review task for a
    colleague, and a message that we are looking at it. The decision and its rule are stored either way,
    and so is the tenant's budget check (`budget`), which never decides on its own.
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
    if budget is not None:
        budget_figures_check(budget)
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
        if budget is not None:
            budget_check_attach(
                arrangement=arrangement, figures=budget, channel=Channel.PORTAL, actor=actor, as_of=as_of
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
            flow_follows(contract, as_of, actor)
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
                source_key=review_task_key(arrangement),
                contract=contract,
                tenant=tenant,
                actor=actor,
            )
            event_publish(corporation=contract.corporation, type="arrangement.requested", payload=payload)
            notify_after_commit(tenant, contract, "regeling-in-behandeling", as_of, actor)
    return ProposalOutcome(arrangement=arrangement, decision=decision)
