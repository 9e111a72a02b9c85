"""Deciding on an arrangement once it exists: a colleague approves or rejects a proposal, or cancels it.

Each decision is a state transition on the locked row, closes the review task, and tells the ERP and the
tenant (after the commit).
"""

from datetime import date

from django.db import transaction
from django.utils.translation import gettext

from vangnet.arrangements.models import Arrangement, ArrangementStatus
from vangnet.arrangements.payloads import arrangement_payload
from vangnet.arrangements.services.common import flow_follows, notify_after_commit
from vangnet.arrangements.services.making import review_task_key
from vangnet.core import clock
from vangnet.core.audit import log_action
from vangnet.core.errors import ApplicationError
from vangnet.core.models import User
from vangnet.events.services import event_publish
from vangnet.ledger.selectors import contract_main_tenant
from vangnet.tasks.models import Task, TaskStatus
from vangnet.tasks.services import task_complete


def close_review_task(arrangement: Arrangement, outcome: str, actor: User | str) -> None:
    task = Task.objects.filter(
        corporation=arrangement.corporation, source_key=review_task_key(arrangement), status=TaskStatus.OPEN
    ).first()
    if task is None:
        return
    if isinstance(actor, User):
        task_complete(task=task, outcome=outcome, actor=actor)
    else:
        Task.objects.filter(pk=task.pk, status=TaskStatus.OPEN).update(
            status=TaskStatus.DONE, outcome=outcome[:200], completed_at=clock.now()
        )


def locked_for_decision(arrangement: Arrangement, allowed: tuple[str, ...], message: str) -> Arrangement:
    fresh = Arrangement.objects.select_for_update().select_related("contract").get(pk=arrangement.pk)
    if fresh.status not in allowed:
        raise ApplicationError(message)
    return fresh


# Arrangements ---------------------------------------------------------------------------------------------


def arrangement_approve(*, arrangement: Arrangement, actor: User | str, as_of: date) -> Arrangement:
    """A colleague approves a requested arrangement: it becomes active with the proposed schedule."""
    with transaction.atomic():
        arrangement = locked_for_decision(
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
        close_review_task(arrangement, gettext("Goedgekeurd"), actor)
        arrangement_took_effect(arrangement, as_of, actor)
    return arrangement


def arrangement_took_effect(arrangement: Arrangement, as_of: date, actor: User | str) -> None:
    """An arrangement the corporation agreed to (approved, or a counter-offer the tenant accepted): the ERP
    hears of it, the flow holds at once and the tenant gets the confirmation after the commit."""
    event_publish(
        corporation=arrangement.corporation,
        type="arrangement.approved",
        payload=arrangement_payload(arrangement),
    )
    flow_follows(arrangement.contract, as_of, actor)
    notify_after_commit(
        contract_main_tenant(contract=arrangement.contract),
        arrangement.contract,
        "regeling-bevestigd",
        as_of,
        actor,
    )


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
    status: str = ArrangementStatus.CANCELLED,
) -> Arrangement:
    """Ends a requested or active arrangement with the reason: audit, the review task closed, event."""
    with transaction.atomic():
        arrangement = locked_for_decision(arrangement, allowed, refused)
        arrangement.status = status
        arrangement.cancelled_reason = reason.strip()[:300]
        arrangement.save(update_fields=["status", "cancelled_reason"])
        log_action(
            corporation=arrangement.corporation,
            actor=actor,
            action=action,
            obj=arrangement,
            data={"reason": arrangement.cancelled_reason, "as_of": as_of.isoformat()},
        )
        close_review_task(arrangement, task_outcome % {"reason": reason.strip()}, actor)
        event_publish(
            corporation=arrangement.corporation,
            type=action,
            payload={**arrangement_payload(arrangement), "reason": arrangement.cancelled_reason},
        )
        flow_follows(arrangement.contract, as_of, actor)
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
            status=ArrangementStatus.REJECTED,
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
