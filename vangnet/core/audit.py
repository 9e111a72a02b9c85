"""log_action: the one way services record who did what (Zulip's RealmAuditLog, pretix's log_action)."""

from typing import Any

from django.db import models

from vangnet.core.models import AuditEntry, Corporation, User


def actor_fields(actor: User | str | None) -> dict[str, Any]:
    if isinstance(actor, User):
        return {"actor": actor, "actor_label": actor.get_username()}
    return {"actor": None, "actor_label": actor or "system"}


def log_action(
    *,
    corporation: Corporation | None,
    actor: User | str | None,
    action: str,
    obj: models.Model | None = None,
    data: dict[str, Any] | None = None,
) -> AuditEntry:
    return AuditEntry.objects.create(
        corporation=corporation,
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        data=data or {},
        **actor_fields(actor),
    )
