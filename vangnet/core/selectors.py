"""Reads for the administrators' pages: the colleagues of a corporation and the audit log."""

import datetime as dt

from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db.models import Exists, OuterRef, QuerySet
from django_otp.plugins.otp_totp.models import TOTPDevice

from vangnet.core.models import AuditEntry, Corporation, Membership, User


def colleague_teams(*, corporation: Corporation, user: User | AnonymousUser | None) -> list[str]:
    """The teams a colleague works in at a corporation: the department of their membership (none: [])."""
    if user is None or user.pk is None:
        return []
    department = (
        Membership.objects.filter(corporation=corporation, user_id=user.pk)
        .values_list("department", flat=True)
        .first()
    )
    return [department] if department else []


def staff_members(*, corporation: Corporation) -> QuerySet[Membership]:
    """Memberships with `has_two_factor` and `locked_out` annotated: one query for the whole team."""
    return (
        Membership.objects.filter(corporation=corporation)
        .select_related("user")
        .annotate(
            has_two_factor=Exists(TOTPDevice.objects.filter(user=OuterRef("user_id"), confirmed=True)),
            locked_out=Exists(
                AccessAttempt.objects.filter(
                    username=OuterRef("user__username"), failures_since_start__gte=settings.AXES_FAILURE_LIMIT
                )
            ),
        )
        .order_by("user__last_name", "user__username")
    )


def audit_entries(
    *,
    corporation: Corporation,
    tenant_id: int | None = None,
    actor_id: int | None = None,
    action_prefix: str = "",
    on: dt.date | None = None,
) -> QuerySet[AuditEntry]:
    entries = AuditEntry.objects.filter(corporation=corporation).select_related("actor")
    if tenant_id is not None:
        entries = entries.filter(tenant_id=tenant_id)
    if actor_id is not None:
        entries = entries.filter(actor_id=actor_id)
    if action_prefix:
        entries = entries.filter(action__startswith=action_prefix)
    if on is not None:
        entries = entries.filter(created_at__date=on)
    return entries.order_by("-created_at", "-pk")


AUDIT_GROUPS = (
    "tenant",
    "portal",
    "messaging",
    "task",
    "hold",
    "flows",
    "arrangement",
    "promise",
    "dispute",
    "payment",
    "bank",
    "import",
    "two_factor",
    "staff",
)
