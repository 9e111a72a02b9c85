"""Personal data kept no longer than its purpose needs (AVG art. 5(1)(e)): the periods, and the records of
getting in.

Each corporation's periods are its `RetentionPolicy` row, or the sector's defaults (`RETENTION_DEFAULT_DAYS`)
when it has none; the platform's own rows (an access log entry or a lockout counter without a corporation)
follow `VANGNET_RETENTION_DAYS`. This module removes the records of getting in: the portal's access log (who
opened the portal, refused and locked attempts, the second check), the lockout counters and expired
sessions. The rest of the policy (dossiers, messages, contact notes, uploads, departed tenants) is applied
by `vangnet.privacy.retention`, which calls `access_records_due` for these. Nothing else of the audit log is
touched: what colleagues viewed and changed, bank imports and letters stay as the administration needs them.
"""

import datetime as dt

from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from vangnet.core.audit import Actor, log_action
from vangnet.core.errors import ApplicationError
from vangnet.core.models import (
    RETENTION_DEFAULT_DAYS,
    AccessThrottle,
    AuditEntry,
    Corporation,
    RetentionPolicy,
)

PORTAL_ACCESS_ACTIONS = (
    "portal.opened",
    "portal.access_refused",
    "portal.access_locked",
    "portal.check_passed",
    "portal.check_failed",
)

Periods = dict[str, int]


def platform_periods() -> Periods:
    """The platform's periods: the sector defaults, with the access records' periods from the settings."""
    return {**RETENTION_DEFAULT_DAYS, **{k: int(v) for k, v in settings.VANGNET_RETENTION_DAYS.items()}}


def retention_periods() -> dict[int, Periods]:
    """Per corporation id its periods in days: its own policy where it has one. Two queries."""
    defaults = platform_periods()
    periods = {pk: dict(defaults) for pk in Corporation.objects.values_list("pk", flat=True)}
    for row in RetentionPolicy.objects.values("corporation_id", *RETENTION_DEFAULT_DAYS):
        periods[row.pop("corporation_id")] = {key: int(days) for key, days in row.items()}
    return periods


def corporation_periods(corporation: Corporation) -> Periods:
    """One corporation's periods, for its settings page and its art. 15 export."""
    row = RetentionPolicy.objects.filter(corporation=corporation).values(*RETENTION_DEFAULT_DAYS).first()
    return {key: int(days) for key, days in row.items()} if row else platform_periods()


def access_records_due(
    *, corporation_id: int | None, periods: Periods, now: dt.datetime
) -> dict[str, QuerySet]:
    """The access records of one corporation (None: the platform's own rows) past their period."""
    own = Q(corporation__isnull=True) if corporation_id is None else Q(corporation_id=corporation_id)
    throttles = AccessThrottle.objects.filter(
        own,
        window_started_at__lt=now - dt.timedelta(days=periods["access_throttle"]),
    ).filter(
        # A running lockout stays until it ends, however old its first failure.
        Q(locked_until__isnull=True) | Q(locked_until__lte=now)
    )
    return {
        "portal_access_log": AuditEntry.objects.filter(
            own,
            action__in=PORTAL_ACCESS_ACTIONS,
            created_at__lt=now - dt.timedelta(days=periods["portal_access_log"]),
        ),
        "access_throttle": throttles,
    }


def expired_sessions(*, now: dt.datetime) -> QuerySet:
    """Portal and staff sessions past their expiry: they cannot be used again."""
    return Session.objects.filter(expire_date__lt=now)


MAX_DAYS = 36600  # a hundred years: anything longer is a typing error


def retention_policy_update(*, corporation: Corporation, periods: Periods, actor: Actor) -> RetentionPolicy:
    """Sets the corporation's periods (days, each from 1 to MAX_DAYS); the nightly job uses them from its
    next run. Audited as `retention.policy_updated` with the periods before and after."""
    unknown = set(periods) - set(RETENTION_DEFAULT_DAYS)
    if unknown:
        raise ApplicationError(
            _("Onbekende bewaartermijn: %(kinds)s.") % {"kinds": ", ".join(sorted(unknown))}
        )
    for kind, days in periods.items():
        if not 1 <= days <= MAX_DAYS:
            raise ApplicationError(
                _("Een bewaartermijn is minstens 1 en hoogstens %(max)s dagen.") % {"max": MAX_DAYS},
                extra={"field": kind},
            )
    before = corporation_periods(corporation)
    with transaction.atomic():
        policy, _created = RetentionPolicy.objects.update_or_create(corporation=corporation, defaults=periods)
        log_action(
            corporation=corporation,
            actor=actor,
            action="retention.policy_updated",
            obj=policy,
            data={"before": before, "after": corporation_periods(corporation)},
        )
    return policy
