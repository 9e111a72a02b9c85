"""API keys for the ERP and other systems: create, revoke, and find the key behind a presented secret.

The secret is shown once and only its SHA-256 is stored. A fast hash is enough because the secret is a
random 256-bit token, not a password a person chose; the first characters are stored in clear as a
lookup prefix so authentication is one indexed query instead of a scan over every hash.
"""

import hashlib
import hmac
import secrets
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Q
from django_scopes import scopes_disabled

from vangnet.core import clock
from vangnet.core.audit import Actor, log_action
from vangnet.core.errors import ApplicationError
from vangnet.core.models import ApiKey, Corporation

PREFIX_LENGTH = 8
SECRET_BYTES = 32
# Writing last_used_at on every request would turn each read into a write; a minute is precise enough
# to tell whether an integration is still alive.
LAST_USED_RESOLUTION = timedelta(minutes=1)


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _new_secret() -> str:
    """A secret whose prefix no other key uses (across all corporations: the prefix is a global index)."""
    with scopes_disabled():
        while True:
            secret = secrets.token_urlsafe(SECRET_BYTES)
            if not ApiKey.objects.filter(prefix=secret[:PREFIX_LENGTH]).exists():
                return secret


@transaction.atomic
def api_key_create(*, corporation: Corporation, name: str, actor: Actor) -> tuple[ApiKey, str]:
    """Creates a key and returns it with the plain secret, which is not stored and cannot be shown again."""
    name = name.strip()
    if not name:
        raise ApplicationError("An API key needs a name.")
    max_length = ApiKey._meta.get_field("name").max_length
    if max_length is not None and len(name) > max_length:
        raise ApplicationError("The name of an API key is at most 100 characters.")
    secret = _new_secret()
    api_key = ApiKey.objects.create(
        corporation=corporation, name=name, prefix=secret[:PREFIX_LENGTH], key_hash=_hash(secret)
    )
    log_action(
        corporation=corporation,
        actor=actor,
        action="api_key.created",
        obj=api_key,
        data={"name": name, "prefix": api_key.prefix},
    )
    return api_key, secret


@transaction.atomic
def api_key_revoke(*, api_key: ApiKey, actor: Actor) -> ApiKey:
    """Revokes a key at once; revoking a revoked key changes nothing, so a retried call is harmless."""
    if api_key.revoked_at is not None:
        return api_key
    api_key.revoked_at = clock.now()
    api_key.save(update_fields=["revoked_at"])
    log_action(
        corporation=api_key.corporation,
        actor=actor,
        action="api_key.revoked",
        obj=api_key,
        data={"name": api_key.name, "prefix": api_key.prefix},
    )
    return api_key


class ApiKeyRejected(Exception):
    """The presented secret does not belong to a usable key; the message is safe to return to the caller."""


def api_key_for_secret(secret: str) -> ApiKey:
    """The active key behind a secret, with its corporation, or ApiKeyRejected.

    Runs unscoped because the corporation is what we are trying to find out; it returns exactly one key
    whose hash matched, so nothing of another corporation can leak through it.
    """
    secret = secret.strip()
    if len(secret) <= PREFIX_LENGTH:
        raise ApiKeyRejected("Unknown API key.")
    with scopes_disabled():
        api_key = ApiKey.objects.select_related("corporation").filter(prefix=secret[:PREFIX_LENGTH]).first()
    if api_key is None or not hmac.compare_digest(api_key.key_hash, _hash(secret)):
        raise ApiKeyRejected("Unknown API key.")
    if api_key.revoked_at is not None:
        raise ApiKeyRejected("This API key has been revoked.")
    return api_key


def api_key_record_use(*, api_key: ApiKey, now: datetime | None = None) -> None:
    """Stamps last_used_at at most once per minute. Not audited: use is not a change, and would flood the log."""
    now = now or clock.now()
    if api_key.last_used_at is not None and now - api_key.last_used_at < LAST_USED_RESOLUTION:
        return
    # The condition in the UPDATE keeps concurrent requests from each writing the same minute.
    stale = Q(last_used_at__isnull=True) | Q(last_used_at__lt=now - LAST_USED_RESOLUTION)
    with scopes_disabled():
        ApiKey.objects.filter(stale, pk=api_key.pk).update(last_used_at=now)
    api_key.last_used_at = now


def api_key_list(*, corporation: Corporation) -> list[ApiKey]:
    """The corporation's keys, newest first, revoked ones included so the back office can show history."""
    with scopes_disabled():
        return list(ApiKey.objects.filter(corporation=corporation).order_by("-created_at", "-pk"))
