"""Writes on disputes: categories, opening, assigning, the resolver's notes, resolving and rejecting.

A pausing dispute holds its contract's flow from the moment it opens (the hold is per contract, see
models.py); the outcome decides what happens next: the items go back into the flow at once, or a manual
hold waits for the ERP's credit. Every step is audited and sent to the ERP as a `dispute.*` event.
"""

import uuid
from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from pathlib import PurePath
from typing import Any

from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import CharField, Exists, OuterRef, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone
from django.utils.translation import gettext

from vangnet.core.audit import log_action
from vangnet.core.errors import ApplicationError
from vangnet.core.models import Corporation, Membership, User
from vangnet.disputes import hooks
from vangnet.disputes.attachments import HEAD_BYTES, attachment_content_type, attachment_problems
from vangnet.disputes.defaults import DEFAULT_CATEGORIES
from vangnet.disputes.keys import OVERDUE_PREFIX, dispute_overdue_task_key, dispute_task_key
from vangnet.disputes.models import (
    Dispute,
    DisputeAttachment,
    DisputeCategory,
    DisputeChannel,
    DisputeNote,
    DisputeStatus,
)
from vangnet.disputes.selectors import dispute_open_items
from vangnet.events.services import event_publish
from vangnet.ledger.models import Contract, ContractRole, LedgerEntry
from vangnet.tasks.models import Task, TaskKind, TaskPriority, TaskSource, TaskStatus
from vangnet.tasks.services import task_create
from vangnet.tenants.models import Tenant

MAX_DESCRIPTION = 2000
MAX_NOTE = 4000
# Tenant was right and the ERP credits the item: how long the flow waits before a colleague looks again.
CREDIT_REVIEW_DAYS = 14
OVERDUE_TASK_DAYS = 2


def _label(actor: User | str | None) -> str:
    return actor.get_username() if isinstance(actor, User) else (actor or "system")


def dispute_categories_install_defaults(*, corporation: Corporation) -> int:
    """The shipped categories the corporation does not have yet (by code); returns how many were added."""
    existing = set(DisputeCategory.objects.filter(corporation=corporation).values_list("code", flat=True))
    new = [
        DisputeCategory(
            corporation=corporation,
            code=default.code,
            name=default.name,
            pauses_collection=default.pauses_collection,
            resolution_days=default.resolution_days,
            resolver_team=default.resolver_team,
            monitor_team=default.monitor_team,
            description_hint=default.description_hint,
            position=position,
        )
        for position, default in enumerate(DEFAULT_CATEGORIES, start=1)
        if default.code not in existing
    ]
    if not new:
        return 0
    with transaction.atomic():
        DisputeCategory.objects.bulk_create(new, ignore_conflicts=True)
        log_action(
            corporation=corporation,
            actor="vangnet",
            action="dispute.categories_installed",
            data={"codes": [c.code for c in new]},
        )
    return len(new)


def _event(dispute: Dispute, type: str, **extra: Any) -> None:
    items = sorted(dispute.items.all(), key=lambda e: (e.due_date, e.pk))
    payload = {
        "dispute_id": dispute.pk,
        "contract_id": dispute.contract.source_id,
        "tenant_id": dispute.tenant.source_id if dispute.tenant else None,
        "category": dispute.category.code,
        "category_name": dispute.category.name,
        "pauses_collection": dispute.category.pauses_collection,
        "status": dispute.status,
        "channel": dispute.channel,
        "opened_on": dispute.opened_on,
        "deadline": dispute.deadline,
        "resolver_team": dispute.resolver_team,
        "items": [
            {
                "ledger_entry_id": e.source_id,
                "amount": f"{e.amount:.2f}",
                "due_date": e.due_date,
                "description": e.description,
            }
            for e in items
        ],
        **extra,
    }
    event_publish(corporation=dispute.corporation, type=type, payload=payload)


def _entry_ids(items: Iterable[LedgerEntry | int | str]) -> list[int]:
    ids: list[int] = []
    for item in items:
        try:
            ids.append(item.pk if isinstance(item, LedgerEntry) else int(item))
        except (TypeError, ValueError):
            raise ApplicationError(gettext("Kies de posten uit de lijst.")) from None
    return sorted(set(ids))


def _checked_items(contract: Contract, items: Iterable[LedgerEntry | int | str]) -> list[LedgerEntry]:
    ids = _entry_ids(items)
    if not ids:
        return []
    allowed = {line.entry.pk: line.entry for line in dispute_open_items(contract=contract)}
    refused = [pk for pk in ids if pk not in allowed]
    if refused:
        of_contract = set(
            LedgerEntry.objects.filter(contract=contract, pk__in=refused).values_list("pk", flat=True)
        )
        if len(of_contract) < len(refused):
            raise ApplicationError(gettext("Een of meer posten horen niet bij deze huurovereenkomst."))
        raise ApplicationError(
            gettext("Een of meer posten zijn al betaald of er loopt al een geschil over."),
            extra={"items": refused},
        )
    return [allowed[pk] for pk in ids]


def _checked_attachments(attachments: Sequence[UploadedFile]) -> list[tuple[UploadedFile, str]]:
    problems: list[str] = []
    checked: list[tuple[UploadedFile, str]] = []
    for upload in attachments:
        upload.seek(0)
        head = upload.read(HEAD_BYTES)
        upload.seek(0)
        name = upload.name or ""
        found = attachment_problems(name=name, size=upload.size or 0, head=head)
        problems.extend(found)
        if not found:
            checked.append((upload, attachment_content_type(head) or "application/octet-stream"))
    if problems:
        raise ApplicationError(" ".join(problems), extra={"attachments": problems})
    return checked


def _tenant_for(contract: Contract, tenant: Tenant | None) -> Tenant | None:
    parties = contract.parties.filter(removed_from_source_at__isnull=True).select_related("tenant")
    if tenant is not None:
        if not parties.filter(tenant=tenant).exists():
            raise ApplicationError(gettext("Deze huurder hoort niet bij deze huurovereenkomst."))
        return tenant
    party = parties.filter(role=ContractRole.MAIN).order_by("pk").first() or parties.order_by("pk").first()
    return party.tenant if party else None


def dispute_open(
    *,
    contract: Contract,
    category: DisputeCategory,
    description: str,
    items: list,
    as_of: date,
    actor: User | str | None,
    channel: str = "staff",
    tenant: Tenant | None = None,
    attachments: Sequence[UploadedFile] = (),
) -> Dispute:
    """Opens a dispute on items of the contract; a pausing category holds the contract's flow at once.

    Everything is checked before anything is written; a refusal (ApplicationError) leaves nothing behind,
    stored files included.
    """
    description = (description or "").strip()
    if not description:
        raise ApplicationError(gettext("Schrijf kort op wat er niet klopt."))
    if len(description) > MAX_DESCRIPTION:
        raise ApplicationError(
            gettext("De uitleg is te lang. Gebruik hoogstens %(max)s tekens.") % {"max": MAX_DESCRIPTION}
        )
    if channel not in DisputeChannel.values:
        raise ApplicationError(gettext("Onbekend kanaal voor een geschil."))
    if category.corporation_id != contract.corporation_id or not category.active:
        raise ApplicationError(gettext("Kies een soort geschil uit de lijst."))
    if channel == DisputeChannel.PORTAL and not category.tenant_visible:
        raise ApplicationError(gettext("Kies een soort geschil uit de lijst."))
    if channel == DisputeChannel.PORTAL and tenant is None:
        raise ApplicationError(gettext("Een geschil uit het portaal hoort bij de huurder die het meldt."))
    checked_files = _checked_attachments(list(attachments))
    corporation = contract.corporation
    stored: list[str] = []
    try:
        with transaction.atomic():
            # One dispute at a time per contract: two requests cannot both claim the same item.
            Contract.objects.select_for_update().filter(pk=contract.pk).first()
            entries = _checked_items(contract, items)
            raised_by = _tenant_for(contract, tenant)
            dispute = Dispute.objects.create(
                corporation=corporation,
                contract=contract,
                category=category,
                channel=channel,
                tenant=tenant,
                created_by=_label(actor),
                description=description,
                resolver_team=category.resolver_team,
                monitor_team=category.monitor_team,
                opened_on=as_of,
                deadline=as_of + timedelta(days=category.resolution_days),
            )
            dispute.items.set(entries)
            for upload, content_type in checked_files:
                attachment = DisputeAttachment(
                    corporation=corporation,
                    dispute=dispute,
                    original_name=PurePath(upload.name or "").name[:200],
                    content_type=content_type,
                    size=upload.size or 0,
                    uploaded_by=_label(actor),
                )
                extension = PurePath(upload.name or "").suffix.lower()
                attachment.file.save(f"{uuid.uuid4().hex}{extension}", upload, save=False)
                stored.append(attachment.file.name or "")
                attachment.save()
            task_create(
                corporation=corporation,
                kind=TaskKind.DISPUTE,
                title=gettext("Geschil: %(category)s") % {"category": category.name},
                description=description,
                due_on=dispute.deadline,
                source=TaskSource.DISPUTE,
                source_key=dispute_task_key(dispute.pk),
                contract=contract,
                tenant=raised_by,
                team=dispute.resolver_team,
                actor=actor,
            )
            if category.pauses_collection:
                hooks.holds_follow_disputes(
                    corporation=corporation, contract_ids=[contract.pk], as_of=as_of, actor=actor
                )
            _event(dispute, "dispute.opened", description=description, attachments=len(checked_files))
            notice = None
            if raised_by is not None:
                notice = hooks.tenant_notice(
                    tenant=raised_by,
                    contract=contract,
                    template_code="geschil-ontvangen"
                    if category.pauses_collection
                    else "geschil-ontvangen-zonder-pauze",
                    as_of=as_of,
                    actor=actor,
                )
            log_action(
                corporation=corporation,
                actor=actor,
                action="dispute.opened",
                obj=dispute,
                data={
                    "contract": contract.pk,
                    "category": category.code,
                    "items": [e.pk for e in entries],
                    "attachments": len(checked_files),
                    "channel": channel,
                    "notice": notice,
                },
            )
    except BaseException:
        for name in filter(None, stored):
            default_storage.delete(name)
        raise
    return dispute


def _member(corporation_id: int, user: User | None) -> User | None:
    if user is not None and not Membership.objects.filter(corporation_id=corporation_id, user=user).exists():
        raise ApplicationError(gettext("Deze medewerker werkt niet voor deze corporatie."))
    return user


def dispute_assign(
    *,
    dispute: Dispute,
    actor: User | str | None,
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
        _event(
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


def dispute_note_add(*, dispute: Dispute, text: str, actor: User | str | None) -> DisputeNote:
    text = (text or "").strip()
    if not text:
        raise ApplicationError(gettext("Schrijf iets in de notitie."))
    if len(text) > MAX_NOTE:
        raise ApplicationError(
            gettext("De notitie is te lang. Gebruik hoogstens %(max)s tekens.") % {"max": MAX_NOTE}
        )
    with transaction.atomic():
        note = DisputeNote.objects.create(
            corporation_id=dispute.corporation_id, dispute=dispute, author=_label(actor), text=text
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
    actor: User | str | None,
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
            resolved_by=_label(actor),
        )
        if not closed:
            raise ApplicationError(gettext("Dit geschil is al afgehandeld."))
        dispute.refresh_from_db()
        credit_hold = None
        if not items_resume:
            credit_hold = hooks.awaiting_credit_hold(
                contract=contract,
                reason=gettext("Wacht op creditering (geschil %(id)s)") % {"id": dispute.pk},
                as_of=as_of,
                review_on=as_of + timedelta(days=CREDIT_REVIEW_DAYS),
                actor=actor,
            )
        hooks.holds_follow_disputes(
            corporation=corporation, contract_ids=[contract.pk], as_of=as_of, actor=actor
        )
        if items_resume:
            hooks.flows_pick_up(corporation=corporation, contract_ids=[contract.pk], as_of=as_of, actor=actor)
        tasks_closed = Task.objects.filter(
            corporation=corporation,
            source_key__in=[dispute_task_key(dispute.pk), dispute_overdue_task_key(dispute.pk)],
            status=TaskStatus.OPEN,
        ).update(
            status=TaskStatus.DONE,
            outcome=(dispute.get_status_display() + ": " + solution)[:200],
            completed_at=timezone.now(),
        )
        resolved = status == DisputeStatus.RESOLVED
        _event(
            dispute,
            "dispute.resolved" if resolved else "dispute.rejected",
            resolved_on=as_of,
            solution=solution,
            items_resume=items_resume,
            credit_expected=not items_resume,
        )
        notice = None
        tenant = dispute.tenant or _tenant_for(contract, None)
        if tenant is not None:
            notice = hooks.tenant_notice(
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
    *, dispute: Dispute, solution: str, items_resume: bool, actor: User | str | None, as_of: date
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


def dispute_reject(*, dispute: Dispute, solution: str, actor: User | str | None, as_of: date) -> Dispute:
    """The tenant was not right: the items go back into the flow at once; `solution` explains why."""
    return _close(
        dispute=dispute,
        status=DisputeStatus.REJECTED,
        solution=solution,
        items_resume=True,
        actor=actor,
        as_of=as_of,
    )


def disputes_monitor(*, corporation: Corporation, as_of: date) -> int:
    """Open disputes past their deadline get one DISPUTE_OVERDUE task for their monitor; three queries."""
    key = Concat(Value(OVERDUE_PREFIX), Cast("pk", output_field=CharField()))
    has_task = Task.objects.filter(corporation=corporation, source_key=OuterRef("v_key"))
    overdue = list(
        Dispute.objects.filter(corporation=corporation, status=DisputeStatus.OPEN, deadline__lt=as_of)
        .annotate(v_key=key)
        .filter(~Exists(has_task))
        .select_related("category", "contract")
        .order_by("deadline", "pk")
    )
    if not overdue:
        return 0
    tasks = [
        Task(
            corporation=corporation,
            kind=TaskKind.DISPUTE_OVERDUE,
            title=(
                gettext("Geschil over termijn: %(category)s (%(contract)s)")
                % {"category": d.category.name, "contract": d.contract.source_id}
            )[:200],
            description=gettext("Uiterlijk opgelost op %(deadline)s; team %(team)s.")
            % {"deadline": d.deadline.isoformat(), "team": d.resolver_team or "-"},
            contract_id=d.contract_id,
            tenant_id=d.tenant_id,
            due_on=as_of + timedelta(days=OVERDUE_TASK_DAYS),
            priority=TaskPriority.HIGH,
            team=d.monitor_team,
            assigned_to_id=d.monitor_id,
            source=TaskSource.DISPUTE,
            source_key=d.v_key,
        )
        for d in overdue
    ]
    with transaction.atomic():
        Task.objects.bulk_create(tasks, ignore_conflicts=True)
        log_action(
            corporation=corporation,
            actor="disputes_monitor",
            action="dispute.overdue_tasks_created",
            data={
                "disputes": [d.pk for d in overdue][:100],
                "count": len(overdue),
                "as_of": as_of.isoformat(),
            },
        )
    return len(overdue)
