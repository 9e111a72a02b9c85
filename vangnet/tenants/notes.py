"""Writes on the tenant card's notes and documents; both are audited on the tenant's timeline."""

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext

from vangnet.core.audit import actor_fields, log_action
from vangnet.core.errors import ApplicationError
from vangnet.core.models import User
from vangnet.core.uploads import HEAD_BYTES, attachment_content_type, attachment_problems
from vangnet.tenants.models import Tenant, TenantDocument, TenantNote

MAX_NOTE = 4000


def tenant_note_add(*, tenant: Tenant, text: str, actor: User, shareable: bool = False) -> TenantNote:
    text = (text or "").strip()
    if not text:
        raise ApplicationError(gettext("Schrijf eerst iets in de notitie."))
    if len(text) > MAX_NOTE:
        raise ApplicationError(gettext("Een notitie mag hoogstens 4000 tekens zijn."))
    with transaction.atomic():
        note = TenantNote.objects.create(
            corporation=tenant.corporation,
            tenant=tenant,
            text=text,
            shareable=shareable,
            author=actor_fields(actor)["actor_label"],
        )
        log_action(corporation=tenant.corporation, actor=actor, action="tenant.note_added", obj=tenant)
    return note


def tenant_document_add(*, tenant: Tenant, title: str, upload: UploadedFile, actor: User) -> TenantDocument:
    title = (title or "").strip()[:200]
    if not title:
        raise ApplicationError(gettext("Geef het document een omschrijving."))
    head = upload.read(HEAD_BYTES)
    upload.seek(0)
    problems = attachment_problems(name=upload.name or "", size=upload.size or 0, head=head)
    if problems:
        raise ApplicationError(" ".join(problems))
    with transaction.atomic():
        document = TenantDocument(
            corporation=tenant.corporation,
            tenant=tenant,
            title=title,
            original_name=(upload.name or "document")[:200],
            content_type=attachment_content_type(head) or "application/octet-stream",
            size=upload.size or 0,
            uploaded_by=actor_fields(actor)["actor_label"],
        )
        document.file.save(upload.name or "document", upload, save=False)
        try:
            document.save()
            log_action(
                corporation=tenant.corporation,
                actor=actor,
                action="tenant.document_added",
                obj=tenant,
                data={"title": title, "name": document.original_name},
            )
        except Exception:
            # The row is not there, so the stored file must not stay behind either.
            document.file.delete(save=False)
            raise
    return document
