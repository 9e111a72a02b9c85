"""What the case services share: timeline entries, the ERP event, the tenant's message on a stage."""

import datetime as dt
import uuid
from collections.abc import Sequence
from pathlib import PurePath
from typing import Any

from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext

from vangnet.cases.models import Audience, Case, CaseEntry, EntryKind
from vangnet.core import clock
from vangnet.core.audit import Actor, actor_label
from vangnet.core.errors import ApplicationError
from vangnet.core.uploads import HEAD_BYTES, attachment_content_type, attachment_problems
from vangnet.events.services import event_publish
from vangnet.messaging.notices import notice_send
from vangnet.tenants.models import Tenant

IMAGE_TYPES = ("image/jpeg", "image/png")


def entry_add(
    case: Case, kind: str, audience: str, text: str = "", *, actor: Actor, stage: str = "", **extra: Any
) -> CaseEntry:
    return CaseEntry.objects.create(
        corporation_id=case.corporation_id,
        case=case,
        kind=kind,
        audience=audience,
        text=text,
        stage=stage,
        author=actor_label(actor),
        at=clock.now(),
        **extra,
    )


def case_event(case: Case, type: str, **extra: Any) -> None:
    """The ERP's copy of a case (VERA BDO `Zaken`): never the reporter of a nuisance case in plain text."""
    payload = {
        "case_id": case.pk,
        "number": case.number,
        "case_type": case.case_type.code,
        "kind": case.case_type.kind,
        "tenant_id": case.tenant.source_id if case.tenant else None,
        "unit_id": case.unit.source_id if case.unit else None,
        "stage": case.stage,
        "closed": case.closed,
        "category": case.category,
        "urgency": case.urgency,
        "team": case.team,
        "channel": case.channel,
        "opened_on": case.opened_on,
        "stage_deadline": case.stage_deadline,
        **extra,
    }
    event_publish(corporation=case.corporation, type=type, payload=payload)


def checked_photos(uploads: Sequence[UploadedFile], *, images_only: bool) -> list[tuple[UploadedFile, str]]:
    """Every upload checked by content before anything is stored; one ApplicationError names them all."""
    problems: list[str] = []
    checked: list[tuple[UploadedFile, str]] = []
    for upload in uploads:
        upload.seek(0)
        head = upload.read(HEAD_BYTES)
        upload.seek(0)
        name = PurePath(upload.name or "").name or gettext("het bestand")
        found = attachment_problems(name=name, size=upload.size or 0, head=head)
        content_type = attachment_content_type(head) or ""
        if not found and images_only and content_type not in IMAGE_TYPES:
            found = [gettext("%(name)s is geen foto. Stuur een JPG of PNG.") % {"name": name}]
        problems.extend(found)
        if not found:
            checked.append((upload, content_type))
    if problems:
        raise ApplicationError(" ".join(problems), extra={"field": "photos", "photos": problems})
    return checked


def photo_store(
    case: Case, upload: UploadedFile, content_type: str, *, audience: str, actor: Actor, stored: list[str]
) -> CaseEntry:
    """Stored under a random name (the sender's file name is kept as text only)."""
    entry = CaseEntry(
        corporation_id=case.corporation_id,
        case=case,
        kind=EntryKind.PHOTO if content_type in IMAGE_TYPES else EntryKind.DOCUMENT,
        audience=audience,
        file_name=PurePath(upload.name or "").name[:200],
        content_type=content_type,
        author=actor_label(actor),
        at=clock.now(),
    )
    extension = PurePath(upload.name or "").suffix.lower()
    entry.file.save(f"{uuid.uuid4().hex}{extension}", upload, save=False)
    stored.append(entry.file.name or "")
    entry.save()
    return entry


def files_remove(names: list[str]) -> None:
    for name in filter(None, names):
        default_storage.delete(name)


def party_message(
    case: Case, template_code: str, *, as_of: dt.date, actor: Actor, to: Tenant | None, audience: str
) -> int | None:
    """Sends a template to a tenant (the party or the accused) and notes it on their timeline.

    Only the corporation's templates are used, and none of them names the other party: what the accused
    receives can never carry the reporter. A party who is not a tenant gets no message from here: the
    colleague's task says to answer them.
    """
    if to is None or not template_code:
        return None
    contract = None
    if case.unit_id is not None:
        contract = to.contracts.filter(unit_id=case.unit_id).order_by("-start_date").first()  # type: ignore[attr-defined]
    message = notice_send(
        tenant=to, contract=contract, template_code=template_code, as_of=as_of, actor=actor or "system"
    )
    if message is None:
        return None
    entry_add(
        case,
        EntryKind.MESSAGE,
        audience,
        gettext("Bericht verstuurd per %(channel)s.") % {"channel": message.get_channel_display()},
        actor=actor,
        message_id=message.pk,
    )
    return message.pk


def stage_entries(case: Case, stage: dict, *, actor: Actor) -> None:
    """The step on each timeline: the party's text, the accused's own text (never the party's)."""
    entry_add(case, EntryKind.STAGE, Audience.PARTY, stage["tenant_text"], actor=actor, stage=stage["code"])
    if case.accused_id is not None and stage.get("accused_text"):
        entry_add(
            case, EntryKind.STAGE, Audience.ACCUSED, stage["accused_text"], actor=actor, stage=stage["code"]
        )
