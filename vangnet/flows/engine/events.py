"""Enrollment events written set-based: one INSERT … SELECT per kind of change, before the change itself."""

from django.db.models import DateField, DateTimeField, Expression, F, QuerySet, Value

from vangnet.core import clock
from vangnet.core.sql import insert_from
from vangnet.flows.models import Enrollment, EnrollmentEvent


def record_events(enrollments: QuerySet[Enrollment], *, kind: str, on, reason: str | Expression) -> int:
    return insert_from(
        EnrollmentEvent,
        {
            "corporation_id": "v_corporation",
            "enrollment_id": "v_enrollment",
            "on": "v_on",
            "kind": "v_kind",
            "reason": "v_reason",
            "created_at": "v_created",
        },
        enrollments.annotate(
            v_corporation=F("corporation_id"),
            v_enrollment=F("pk"),
            v_on=Value(on, output_field=DateField()),
            v_kind=Value(kind),
            v_reason=Value(reason[:300]) if isinstance(reason, str) else reason,
            v_created=Value(clock.now(), output_field=DateTimeField()),
        ),
        ignore_conflicts=False,
    )
