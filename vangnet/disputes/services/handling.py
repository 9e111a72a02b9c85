"""Handling an open dispute: who solves and watches it, the resolver's notes, and its end.

The end decides what happens to the contract's flow at once: the items resume (resolved or rejected), or a
manual hold "wacht op creditering" waits for the ERP's credit (resolved in the tenant's favour).
"""

from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.utils.translation import gettext

from vangnet.core import clock
from vangnet.core.audit import Actor, actor_label, log_action
from vangnet.core.errors import ApplicationError
from vangnet.core.models import Membership, User
from vangnet.disputes.keys import dispute_overdue_task_key, dispute_task_key
from vangnet.disputes.models import Dispute, DisputeNote, DisputeStatus
from vangnet.disputes.services.common import MAX_DESCRIPTION, dispute_event, tenant_for, tenant_notice
from vangnet.flows.bookings import enrollments_reevaluate
from vangnet.flows.holds import hold_create, holds_sync
from vangnet.tasks.models import Task, TaskStatus

MAX_NOTE = 4000
# Tenant was right and the ERP credits the item: how long the flow waits before a colleague looks again.
CREDIT_REVIEW_DAYS = 14


def _member(corporation_id: int, user: User | None) -> User | None:
    if user is not None and not Membership.objects.filter(corporation_id=corporation_id, user=user).exists():
        raise ApplicationError(gettext("Deze medewerker werkt niet voor deze corporatie."))
    return user


def dispute_assign(
    *,
    dispute: Dispute,
    actor: Actor,
    resolver: User | None = None,
    resolver_team: str | None = None,
    monitor: User | None = None,
) -> Dispute:
    """Who solves it and who watches the deadline; what is not given stays as it is."""
    if resolver is None and resolver_team is None and monitor is None:
        raise ApplicationError(gettext("Kies een behandelaar, een team of een bewaker."))
    if dispute.status != DisputeStatus.OPEN:
        raise ApplicationError(gettext("Dit geschil is al afgehandeld."))
    changes: dict[str, Any] = {}
    if resolver is not None:
        changes["resolver"] = _member(dispute.corporation_id, resolver)
    if resolver_team is not None:
        changes["resolver_team"] = resolver_team.strip()[:100]
    if monitor is not None:
        changes["monitor"] = _member(dispute.corporation_id, monitor)
    with transaction.atomic():
        for field, value in changes.items():
            setattr(dispute, field, value)
        dispute.save(update_fields=list(changes))
        task_changes: dict[str, Any] = {}
        if "resolver" in changes:
            task_changes["assigned_to"] = dispute.resolver
        if "resolver_team" in changes:
            task_changes["team"] = dispute.resolver_team
        if task_changes:
            Task.objects.filter(
                corporation_id=dispute.corporation_id,
                source_key=dispute_task_key(dispute.pk),
                status=TaskStatus.OPEN,
            ).update(**task_changes)
        dispute_event(
            dispute,
            "dispute.assigned",
            resolver=dispute.resolver.get_full_name() if dispute.resolver else "",
            monitor=dispute.monitor.get_full_name() if dispute.monitor else "",
            monitor_team=dispute.monitor_team,
        )
        log_action(
            corporation=dispute.corporation,
            actor=actor,
            action="dispute.assigned",
            obj=dispute,
            data={k: (v.pk if isinstance(v, User) else v) for k, v in changes.items()},
        )
    return dispute


def dispute_note_add(*, dispute: Dispute, text: str, actor: Actor) -> DisputeNote:
    text = (text or "").strip()
    if not text:
        raise ApplicationError(gettext("Schrijf iets in de notitie."))
    if len(text) > MAX_NOTE:
        raise ApplicationError(
            gettext("De notitie is te lang. Gebruik hoogstens %(max)s tekens.") % {"max": MAX_NOTE}
        )
    with transaction.atomic():
        note = DisputeNote.objects.create(
            corporation_id=dispute.corporation_id, dispute=dispute, author=actor_label(actor), text=text
        )
        log_action(
            corporation=dispute.corporation,
            actor=actor,
            action="dispute.note_added",
            obj=dispute,
            data={"note": note.pk},
        )
    return note


def _close(
    *,
    dispute: Dispute,
    status: str,
    solution: str,
    items_resume: bool,
    actor: Actor,
    as_of: date,
) -> Dispute:
    solution = (solution or "").strip()
    if not solution:
        raise ApplicationError(gettext("Schrijf op wat de oplossing is. De huurder krijgt dit te lezen."))
    if len(solution) > MAX_DESCRIPTION:
        raise ApplicationError(
            gettext("De oplossing is te lang. Gebruik hoogstens %(max)s tekens.") % {"max": MAX_DESCRIPTION}
        )
    if as_of < dispute.opened_on:
        raise ApplicationError(gettext("De datum ligt vóór de datum waarop het geschil begon."))
    corporation, contract = dispute.corporation, dispute.contract
    with transaction.atomic():
        # A state transition in one statement: two colleagues closing at once cannot both succeed.
        closed = Dispute.objects.filter(pk=dispute.pk, status=DisputeStatus.OPEN).update(
            status=status,
            solution=solution,
            items_resume=items_resume,
            resolved_on=as_of,
            resolved_by=actor_label(actor),
        )
        if not closed:
            raise ApplicationError(gettext("Dit geschil is al afgehandeld."))
        dispute.refresh_from_db()
        credit_hold = None
        if not items_resume:
            credit_hold = hold_create(
                contract=contract,
                # The dispute by what it is about and when it was opened, not by its number.
                reason=gettext("Wacht op creditering na het geschil over %(category)s van %(day)s")
                % {"category": dispute.category.name, "day": f"{dispute.opened_on:%d-%m-%Y}"},
                starts_on=as_of,
                review_on=as_of + timedelta(days=CREDIT_REVIEW_DAYS),
                ends_on=None,
                owner=None,
                actor=actor,
            ).pk
        holds_sync(corporation=corporation, contract_ids=[contract.pk], as_of=as_of, actor=actor)
        if items_resume:
            # The items are back in the flow: fresh standings, and a flow whose arrears are gone closes now.
            enrollments_reevaluate(
                corporation=corporation, contract_ids=[contract.pk], as_of=as_of, actor=actor
            )
        tasks_closed = Task.objects.filter(
            corporation=corporation,
            source_key__in=[dispute_task_key(dispute.pk), dispute_overdue_task_key(dispute.pk)],
            status=TaskStatus.OPEN,
        ).update(
            status=TaskStatus.DONE,
            outcome=(dispute.get_status_display() + ": " + solution)[:200],
            completed_at=clock.now(),
        )
        resolved = status == DisputeStatus.RESOLVED
        dispute_event(
            dispute,
            "dispute.resolved" if resolved else "dispute.rejected",
            resolved_on=as_of,
            solution=solution,
            items_resume=items_resume,
            credit_expected=not items_resume,
        )
        notice = None
        tenant = dispute.tenant or tenant_for(contract, None)
        if tenant is not None:
            notice = tenant_notice(
                tenant=tenant,
                contract=contract,
                template_code="geschil-opgelost" if resolved else "geschil-afgewezen",
                as_of=as_of,
                actor=actor,
            )
        log_action(
            corporation=corporation,
            actor=actor,
            action="dispute.resolved" if resolved else "dispute.rejected",
            obj=dispute,
            data={
                "items_resume": items_resume,
                "credit_hold": credit_hold,
                "tasks_closed": tasks_closed,
                "notice": notice,
            },
        )
    return dispute


def dispute_resolve(
    *, dispute: Dispute, solution: str, items_resume: bool, actor: Actor, as_of: date
) -> Dispute:
    """Solved. items_resume=True: the flow picks the items up again now. False: the tenant was right and
    the ERP credits the items; a manual hold "wacht op creditering" keeps the flow still until then."""
    return _close(
        dispute=dispute,
        status=DisputeStatus.RESOLVED,
        solution=solution,
        items_resume=items_resume,
        actor=actor,
        as_of=as_of,
    )


def dispute_reject(*, dispute: Dispute, solution: str, actor: Actor, as_of: date) -> Dispute:
    """The tenant was not right: the items go back into the flow at once; `solution` explains why."""
    return _close(
        dispute=dispute,
        status=DisputeStatus.REJECTED,
        solution=solution,
        items_resume=True,
        actor=actor,
        as_of=as_of,
    )
