"""Opening a dispute (checked completely before anything is written) and the files that come with it."""

import uuid
from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from pathlib import PurePath

from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext

from vangnet.core.audit import Actor, actor_label, log_action
from vangnet.core.errors import ApplicationError
from vangnet.core.models import Corporation
from vangnet.core.uploads import HEAD_BYTES, attachment_content_type, attachment_problems
from vangnet.disputes import hooks
from vangnet.disputes.defaults import DEFAULT_CATEGORIES
from vangnet.disputes.keys import dispute_task_key
from vangnet.disputes.models import Dispute, DisputeAttachment, DisputeCategory, DisputeChannel, DisputeStatus
from vangnet.disputes.selectors import dispute_open_items
from vangnet.disputes.services.common import MAX_DESCRIPTION, dispute_event, tenant_for
from vangnet.ledger.models import Contract, LedgerEntry
from vangnet.tasks.models import TaskKind, TaskSource
from vangnet.tasks.services import task_create
from vangnet.tenants.models import Tenant


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


def _store(
    dispute: Dispute, upload: UploadedFile, content_type: str, *, actor: Actor, stored: list[str]
) -> DisputeAttachment:
    """Saves the file under a random name (the tenant's name is kept only as text) and its row."""
    attachment = DisputeAttachment(
        corporation_id=dispute.corporation_id,
        dispute=dispute,
        original_name=PurePath(upload.name or "").name[:200],
        content_type=content_type,
        size=upload.size or 0,
        uploaded_by=actor_label(actor),
    )
    extension = PurePath(upload.name or "").suffix.lower()
    attachment.file.save(f"{uuid.uuid4().hex}{extension}", upload, save=False)
    stored.append(attachment.file.name or "")
    attachment.save()
    return attachment


def _remove_files(names: list[str]) -> None:
    for name in filter(None, names):
        default_storage.delete(name)


def dispute_open(
    *,
    contract: Contract,
    category: DisputeCategory,
    description: str,
    items: list,
    as_of: date,
    actor: Actor,
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
            raised_by = tenant_for(contract, tenant)
            dispute = Dispute.objects.create(
                corporation=corporation,
                contract=contract,
                category=category,
                channel=channel,
                tenant=tenant,
                created_by=actor_label(actor),
                description=description,
                resolver_team=category.resolver_team,
                monitor_team=category.monitor_team,
                opened_on=as_of,
                deadline=as_of + timedelta(days=category.resolution_days),
            )
            dispute.items.set(entries)
            for upload, content_type in checked_files:
                _store(dispute, upload, content_type, actor=actor, stored=stored)
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
            dispute_event(dispute, "dispute.opened", description=description, attachments=len(checked_files))
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
        _remove_files(stored)
        raise
    return dispute


def dispute_attachment_add(*, dispute: Dispute, upload: UploadedFile, actor: Actor) -> DisputeAttachment:
    """A file added later (a photo of the repair, the corrected invoice); checked like those at opening."""
    if dispute.status != DisputeStatus.OPEN:
        raise ApplicationError(gettext("Dit geschil is al afgehandeld."))
    [(checked, content_type)] = _checked_attachments([upload])
    stored: list[str] = []
    try:
        with transaction.atomic():
            attachment = _store(dispute, checked, content_type, actor=actor, stored=stored)
            log_action(
                corporation=dispute.corporation,
                actor=actor,
                action="dispute.attachment_added",
                obj=dispute,
                data={"attachment": attachment.pk, "name": attachment.original_name, "size": attachment.size},
            )
    except BaseException:
        _remove_files(stored)
        raise
    return attachment
