"""Keys for contractors' own systems (`/api/v1/contractor/...`): one contractor, one corporation.

The secret is `vk-` and a random 256-bit token, shown once; only its SHA-256 is stored, with the first
characters in clear as the lookup prefix (one indexed query, as for the ERP's keys in `core.api_keys`).
"""

import hashlib
import hmac
import secrets
from datetime import timedelta

from django.db.models import Q
from django.utils.translation import gettext
from django_scopes import scopes_disabled

from vangnet.cases.models import Contractor, ContractorKey
from vangnet.core import clock
from vangnet.core.audit import Actor, log_action
from vangnet.core.errors import ApplicationError

KEY_START = "vk-"
PREFIX_LENGTH = len(KEY_START) + 8
LAST_USED_RESOLUTION = timedelta(minutes=1)


class ContractorKeyRejected(Exception):
    """The presented secret is not a usable contractor key; the message is safe to return."""


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _new_secret() -> str:
    with scopes_disabled():
        while True:
            secret = KEY_START + secrets.token_urlsafe(32)
            if not ContractorKey.objects.filter(prefix=secret[:PREFIX_LENGTH]).exists():
                return secret


def contractor_key_create(*, contractor: Contractor, actor: Actor) -> tuple[ContractorKey, str]:
    """A new key for the contractor's system; returns it with the plain secret (never shown again)."""
    if not contractor.active:
        raise ApplicationError(gettext("Deze vakman is niet actief."), extra={"field": "contractor"})
    secret = _new_secret()
    key = ContractorKey.objects.create(
        corporation_id=contractor.corporation_id,
        contractor=contractor,
        prefix=secret[:PREFIX_LENGTH],
        key_hash=_hash(secret),
    )
    log_action(
        corporation=contractor.corporation,
        actor=actor,
        action="contractor.key_created",
        obj=contractor,
        data={"prefix": key.prefix},
    )
    return key, secret


def contractor_key_revoke(*, key: ContractorKey, actor: Actor) -> ContractorKey:
    if key.revoked_at is None:
        key.revoked_at = clock.now()
        key.save(update_fields=["revoked_at"])
        log_action(
            corporation=key.contractor.corporation,
            actor=actor,
            action="contractor.key_revoked",
            obj=key.contractor,
            data={"prefix": key.prefix},
        )
    return key


def contractor_for_secret(secret: str) -> Contractor:
    """The active contractor behind a secret (with its corporation), or ContractorKeyRejected. Unscoped: the
    corporation is what is being found out; only the one key whose hash matches is returned."""
    secret = secret.strip()
    if not secret.startswith(KEY_START) or len(secret) <= PREFIX_LENGTH:
        raise ContractorKeyRejected("Unknown contractor key.")
    with scopes_disabled():
        key = (
            ContractorKey.objects.select_related("contractor__corporation")
            .filter(prefix=secret[:PREFIX_LENGTH])
            .first()
        )
        if key is None or not hmac.compare_digest(key.key_hash, _hash(secret)):
            raise ContractorKeyRejected("Unknown contractor key.")
        if key.revoked_at is not None:
            raise ContractorKeyRejected("This contractor key has been revoked.")
        if not key.contractor.active:
            raise ContractorKeyRejected("This contractor is no longer active.")
        now = clock.now()
        stale = Q(last_used_at__isnull=True) | Q(last_used_at__lt=now - LAST_USED_RESOLUTION)
        ContractorKey.objects.filter(stale, pk=key.pk).update(last_used_at=now)
    return key.contractor


def contractor_keys(*, contractor_ids: list[int]) -> dict[int, list[ContractorKey]]:
    """The keys of these contractors (one query), newest first, for the contractors' page."""
    found: dict[int, list[ContractorKey]] = {pk: [] for pk in contractor_ids}
    for key in ContractorKey.objects.filter(contractor_id__in=contractor_ids):
        found[key.contractor_id].append(key)
    return found
