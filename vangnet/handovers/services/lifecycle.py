"""Recall and close: a hand-over ends, its "overgedragen" hold is released, and the dossier returns to our
own flow or closes. The ERP hears of every change."""

from datetime import date

from django.db import transaction

from vangnet.core.audit import Actor, log_action
from vangnet.core.errors import ApplicationError
from vangnet.flows.engine.context import RunContext, policy_for
from vangnet.flows.engine.events import close_enrollments
from vangnet.flows.engine.report import RunReport
from vangnet.flows.holds import source_holds_release
from vangnet.flows.models import OPEN_STATUSES, CloseReason, Enrollment, HoldKind
from vangnet.handovers.models import (
    HANDED_OVER_STATUSES,
    Handover,
    HandoverStatus,
    RecallReason,
    UpdateKind,
)
from vangnet.handovers.proposals import actor_label
from vangnet.handovers.services.common import publish, updates_add


def _end(
    *,
    handovers: list[Handover],
    status: str,
    reason: str,
    note: str,
    return_to_flow: bool,
    as_of: date,
    actor: Actor,
) -> None:
    corporation = handovers[0].corporation
    for handover in handovers:
        handover.status, handover.ended_on = status, as_of
        handover.end_reason, handover.end_note = reason[:12], note[:500]
    Handover.objects.bulk_update(handovers, ["status", "ended_on", "end_reason", "end_note"])
    source_holds_release(
        corporation=corporation,
        kind=HoldKind.HANDED_OVER,
        source_ids=[h.pk for h in handovers],
        reason=note or reason,
        as_of=as_of,
        actor=actor,
    )
    if not return_to_flow:
        report = RunReport(corporation=corporation.slug, as_of=as_of, dry_run=False)
        ctx = RunContext(corporation=corporation, as_of=as_of, policy=policy_for(corporation), report=report)
        close_enrollments(
            ctx,
            Enrollment.objects.filter(
                contract_id__in=[h.contract_id for h in handovers], status__in=OPEN_STATUSES
            ),
            reason=CloseReason.MANUAL,
            why=f"Overdracht afgesloten: {note or reason}"[:300],
        )


def handover_recall(
    *, handover: Handover, reason: str, note: str, return_to_flow: bool, as_of: date, actor: Actor
) -> Handover:
    """We take the debt back from the agency (the tenant made an arrangement with us, paid, or it was a
    mistake). The dossier returns to our flow, or closes."""
    if handover.status not in HANDED_OVER_STATUSES:
        raise ApplicationError("Alleen een overdracht die bij de partner ligt kan worden teruggehaald.")
    if reason not in RecallReason.values:
        raise ApplicationError("Kies waarom de overdracht wordt teruggehaald.")
    if reason == RecallReason.OTHER and not note.strip():
        raise ApplicationError("Schrijf op waarom de overdracht wordt teruggehaald.")
    label = note.strip() or str(RecallReason(reason).label)
    with transaction.atomic():
        _end(
            handovers=[handover],
            status=HandoverStatus.RECALLED,
            reason=reason,
            note=label,
            return_to_flow=return_to_flow,
            as_of=as_of,
            actor=actor,
        )
        updates_add([handover], kind=UpdateKind.RECALLED, on=as_of, by=actor_label(actor), note=label)
        publish(handover.corporation, "handover.recalled", [handover], reason=reason, note=label)
        log_action(
            corporation=handover.corporation,
            actor=actor,
            action="handovers.recalled",
            obj=handover,
            data={"reason": reason, "return_to_flow": return_to_flow},
        )
    return handover


def handovers_close(
    *, handovers: list[Handover], note: str, as_of: date, actor: Actor, by_agency: bool = False
) -> int:
    """The agency finished (paid in full, or nothing more to gain): the hand-over and the dossier close."""
    open_ones = [h for h in handovers if h.status in HANDED_OVER_STATUSES]
    if not open_ones:
        return 0
    reason = "agency" if by_agency else "closed"
    _end(
        handovers=open_ones,
        status=HandoverStatus.CLOSED,
        reason=reason,
        note=note,
        return_to_flow=False,
        as_of=as_of,
        actor=actor,
    )
    updates_add(open_ones, kind=UpdateKind.CLOSED, on=as_of, by=actor_label(actor), note=note)
    publish(open_ones[0].corporation, "handover.closed", open_ones, note=note)
    log_action(
        corporation=open_ones[0].corporation,
        actor=actor,
        action="handovers.closed",
        data={"handovers": [h.pk for h in open_ones][:100], "note": note},
    )
    return len(open_ones)
