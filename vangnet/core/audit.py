"""log_action: the one way services record who did what (Zulip's RealmAuditLog, pretix's log_action)."""

from typing import Any

from django.apps import apps
from django.db import models

from vangnet.core.models import AuditEntry, Corporation, User

# Who does something: a staff member, a process by its name ("run_day", "portal", "bench"), or the system.
type Actor = User | str | None


def actor_label(actor: Actor) -> str:
    """How an actor is written on a row: the username, the process's name, or "system" (150 wide at most)."""
    label = actor.get_username() if isinstance(actor, User) else (actor or "system")
    return label[:150]


def actor_fields(actor: Actor) -> dict[str, Any]:
    return {"actor": actor if isinstance(actor, User) else None, "actor_label": actor_label(actor)}


def log_action(
    *,
    corporation: Corporation | None,
    actor: Actor,
    action: str,
    obj: models.Model | None = None,
    data: dict[str, Any] | None = None,
    tenant_id: int | None = None,
) -> AuditEntry:
    return AuditEntry.objects.create(
        corporation=corporation,
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        tenant_id=tenant_id or tenant_of(obj, data or {}),
        data=data or {},
        **actor_fields(actor),
    )


def tenant_of(obj: models.Model | None, data: dict[str, Any]) -> int | None:
    """The tenant an entry is about: the object itself, its tenant, or the main tenant of its contract."""
    if obj is not None and obj._meta.label_lower == "tenants.tenant":
        return obj.pk
    if getattr(obj, "tenant_id", None):
        return obj.tenant_id  # type: ignore[union-attr]
    if isinstance(data.get("tenant"), int):
        return data["tenant"]
    contract_id = obj.pk if obj is not None and obj._meta.label_lower == "ledger.contract" else None
    contract_id = contract_id or getattr(obj, "contract_id", None)
    if contract_id:
        # Looked up by name: core sits below ledger in the dependency order.
        parties = apps.get_model("ledger", "ContractTenant").objects.filter(contract_id=contract_id)
        rows = sorted(
            parties.values_list("role", "pk", "tenant_id"), key=lambda row: (row[0] != "main", row[1])
        )
        return rows[0][2] if rows else None
    return None
