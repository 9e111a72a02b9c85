"""Counting failed attempts and locking a key out, shared by every web worker through one table.

A key is a string such as "portal-ip:203.0.113.9" or "portal-tenant:42". Each check names the keys that
apply with their own limit; a key reaching its limit within the window is locked for the lockout period.
Counting is done in UPDATE statements (failures = failures + 1), so two workers failing at the same moment
both count. Callers pass `now`; nothing here reads the clock.
"""

import datetime as dt
import hashlib
from dataclasses import dataclass

from django.db.models import Case, F, Q, Value, When
from django_scopes import scopes_disabled

from vangnet.core.models import AccessThrottle


@dataclass(frozen=True)
class Limit:
    key: str
    max_failures: int = 5
    window: dt.timedelta = dt.timedelta(minutes=15)
    lockout: dt.timedelta = dt.timedelta(minutes=15)


def throttle_key(kind: str, value: str) -> str:
    """A key that does not store the raw value (codes and addresses are personal data)."""
    digest = hashlib.sha256(value.strip().upper().encode()).hexdigest()[:32]
    return f"{kind}:{digest}"


def throttle_locked_until(*, limits: list[Limit], now: dt.datetime) -> dt.datetime | None:
    """The end of the longest running lockout among the keys, or None when none is locked. One query."""
    with scopes_disabled():
        found = (
            AccessThrottle.objects.filter(key__in=[limit.key for limit in limits], locked_until__gt=now)
            .order_by("-locked_until")
            .values_list("locked_until", flat=True)
            .first()
        )
    return found


def throttle_fail(*, limits: list[Limit], now: dt.datetime) -> dt.datetime | None:
    """Count one failure on every key; returns the lockout end when this failure locked a key."""
    with scopes_disabled():
        AccessThrottle.objects.bulk_create(
            [AccessThrottle(key=limit.key, window_started_at=now) for limit in limits],
            ignore_conflicts=True,
        )
        locked: dt.datetime | None = None
        for limit in limits:
            expired = Q(window_started_at__lt=now - limit.window)
            AccessThrottle.objects.filter(key=limit.key).update(
                failures=Case(When(expired, then=Value(1)), default=F("failures") + 1),
                window_started_at=Case(When(expired, then=Value(now)), default=F("window_started_at")),
            )
            until = now + limit.lockout
            if AccessThrottle.objects.filter(
                Q(locked_until__isnull=True) | Q(locked_until__lte=now),
                key=limit.key,
                failures__gte=limit.max_failures,
            ).update(locked_until=until, failures=0, window_started_at=now):
                locked = max(locked, until) if locked else until
    return locked


def throttle_reset(*, keys: list[str]) -> None:
    """A success forgets the failures of these keys (never of the IP address: one good code must not
    let an address guess on)."""
    with scopes_disabled():
        AccessThrottle.objects.filter(key__in=keys).delete()
