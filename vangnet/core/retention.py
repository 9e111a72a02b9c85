"""Personal data kept no longer than its purpose needs (AVG art. 5(1)(e)): the records of getting in.

This is the first part of the retention policy in docs/privacy.md: the portal's access log (who opened
the portal, refused and locked attempts, the second check), the lockout counters and expired sessions.
Periods come from `VANGNET_RETENTION_DAYS`; nothing else of the audit log is touched (what colleagues
viewed and changed, bank imports and letters stay as the administration needs them). The caller passes
`now`; each corporation's audit log records what was removed of its own rows, and the platform's log the
rest.
"""

import datetime as dt
from collections import Counter

from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import transaction
from django.db.models import Count, Q
from django_scopes import scopes_disabled

from vangnet.core.audit import Actor, log_action
from vangnet.core.models import AccessThrottle, AuditEntry, Corporation

PORTAL_ACCESS_ACTIONS = (
    "portal.opened",
    "portal.access_refused",
    "portal.access_locked",
    "portal.check_passed",
    "portal.check_failed",
)


def _days(name: str) -> dt.timedelta:
    return dt.timedelta(days=int(settings.VANGNET_RETENTION_DAYS[name]))


def retention_apply(*, now: dt.datetime, actor: Actor, dry_run: bool = False) -> dict[str, int]:
    """Deletes what is due; returns how many rows of each kind (a dry run only counts). Six queries and
    one audit entry per corporation that lost rows."""
    with scopes_disabled():
        portal_log = AuditEntry.objects.filter(
            action__in=PORTAL_ACCESS_ACTIONS, created_at__lt=now - _days("portal_access_log")
        )
        # A running lockout stays until it ends, however old its first failure.
        throttles = AccessThrottle.objects.filter(
            window_started_at__lt=now - _days("access_throttle")
        ).filter(Q(locked_until__isnull=True) | Q(locked_until__lte=now))
        sessions = Session.objects.filter(expire_date__lt=now)
        per_corporation = Counter(
            {
                row["corporation"]: row["rows"]
                for row in portal_log.values("corporation").annotate(rows=Count("id")).order_by()
            }
        )
        counts = {
            "portal_access_log": sum(per_corporation.values()),
            "access_throttle": throttles.count(),
            "sessions": sessions.count(),
        }
        if dry_run:
            return counts
        with transaction.atomic():
            portal_log.delete()
            throttles.delete()
            sessions.delete()
            corporations = Corporation.objects.in_bulk([pk for pk in per_corporation if pk is not None])
            for pk, removed in per_corporation.items():
                log_action(
                    corporation=corporations.get(pk) if pk is not None else None,
                    actor=actor,
                    action="retention.applied",
                    data={"portal_access_log": removed},
                )
            log_action(corporation=None, actor=actor, action="retention.applied", data=counts)
    return counts
