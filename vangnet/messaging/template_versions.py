"""Versions of a message template: every save of a text is a new, never-changed version (1, 2, ...).

The template row holds the text in use and points at its version (`current_version`); a message records
that version when it is rendered (messaging/dispatch.py), so the report on which step works can tell the
versions of one text apart. Restoring an old version saves its text again, as the next version.
"""

from django.db import transaction
from django.db.models import Max, OuterRef, QuerySet, Subquery
from django.utils.translation import gettext

from vangnet.core import clock
from vangnet.core.audit import Actor, log_action
from vangnet.core.errors import ApplicationError
from vangnet.core.models import Corporation, User
from vangnet.messaging.models import MessageTemplate, TemplateVersion

SYSTEM = "vangnet"


def actor_name(actor: Actor) -> str:
    if isinstance(actor, User):
        return actor.get_username()
    return str(actor) if actor else SYSTEM


def template_versions_start(*, corporation: Corporation, actor: Actor = None) -> int:
    """Version 1 for each template of the corporation that has none yet (the shipped texts just installed).

    Three queries whatever the number of templates; returns how many versions were made."""
    missing = list(
        MessageTemplate.objects.filter(corporation=corporation, current_version__isnull=True).values(
            "pk", "subject", "body_text", "body_html", "updated_by"
        )
    )
    if not missing:
        return 0
    now = clock.now()
    with transaction.atomic():
        TemplateVersion.objects.bulk_create(
            [
                TemplateVersion(
                    corporation=corporation,
                    template_id=row["pk"],
                    number=1,
                    subject=row["subject"],
                    body_text=row["body_text"],
                    body_html=row["body_html"],
                    saved_at=now,
                    saved_by=row["updated_by"] or actor_name(actor),
                )
                for row in missing
            ],
            ignore_conflicts=True,
        )
        MessageTemplate.objects.filter(
            corporation=corporation, pk__in=[row["pk"] for row in missing], current_version__isnull=True
        ).update(current_version=Subquery(_latest(OuterRef("pk")).values("pk")[:1]))
    return len(missing)


def _latest(template_id) -> QuerySet[TemplateVersion]:
    return TemplateVersion.objects.filter(template_id=template_id).order_by("-number")


def template_version_save(
    *,
    template: MessageTemplate,
    subject: str,
    body_text: str,
    body_html: str,
    actor: Actor,
    restored_from: int | None = None,
) -> TemplateVersion | None:
    """Put this text on the template as its next version, inside the caller's transaction.

    The same text as the version in use makes no new version (None): nothing changed."""
    current = template.current_version
    if current is not None and (current.subject, current.body_text, current.body_html) == (
        subject,
        body_text,
        body_html,
    ):
        return None
    # One save at a time per template: the row lock orders two colleagues saving together.
    locked = MessageTemplate.objects.select_for_update().get(pk=template.pk)
    highest = TemplateVersion.objects.filter(template=locked).aggregate(highest=Max("number"))["highest"]
    version = TemplateVersion.objects.create(
        corporation_id=template.corporation_id,
        template=template,
        number=(highest or 0) + 1,
        subject=subject,
        body_text=body_text,
        body_html=body_html,
        saved_at=clock.now(),
        saved_by=actor_name(actor),
        restored_from=restored_from,
    )
    template.subject, template.body_text, template.body_html = subject, body_text, body_html
    template.current_version = version
    return version


def template_version_get(*, template: MessageTemplate, number: int) -> TemplateVersion:
    found = TemplateVersion.objects.filter(template=template, number=number).first()
    if found is None:
        raise ApplicationError(
            gettext("Versie %(number)s van deze tekst bestaat niet.") % {"number": number},
            extra={"code": "unknown_version"},
        )
    return found


def template_versions(*, template: MessageTemplate) -> QuerySet[TemplateVersion]:
    """The template's versions, newest first."""
    return TemplateVersion.objects.filter(template=template).order_by("-number")


def log_version(
    template: MessageTemplate, version: TemplateVersion | None, actor: Actor, action: str
) -> None:
    log_action(
        corporation=template.corporation,
        actor=actor,
        action=action,
        obj=template,
        data={
            "code": template.code,
            "channel": template.channel,
            "version": version.number if version is not None else None,
            "restored_from": version.restored_from if version is not None else None,
        },
    )
