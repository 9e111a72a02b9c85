"""Escalation: a case past its stage's term gets one "over termijn" task per stage, made set-based."""

import datetime as dt

from django.db.models import CharField, DateTimeField, F, Value
from django.db.models.functions import Cast, Concat, Left

from vangnet.cases.models import Case
from vangnet.core import clock
from vangnet.core.audit import Actor, log_action
from vangnet.core.models import Corporation
from vangnet.tasks.models import TaskKind, TaskPriority, TaskSource, TaskStatus
from vangnet.tasks.services import tasks_create_from


def cases_escalate(*, corporation: Corporation, as_of: dt.date, actor: Actor = "cases") -> int:
    """One INSERT … SELECT of late tasks for open cases past their stage deadline; returns how many are new."""
    late = Case.objects.filter(corporation=corporation, closed=False, stage_deadline__lt=as_of).annotate(
        t_corporation=F("corporation_id"),
        t_kind=Value(TaskKind.CASE_OVERDUE, output_field=CharField()),
        t_title=Left(Concat(Value("Over termijn: "), F("number"), Value(" "), F("subject")), 200),
        t_description=Concat(
            Value("Fase "),
            F("stage"),
            Value(" had klaar moeten zijn op "),
            Cast("stage_deadline", CharField()),
        ),
        t_tenant=F("tenant_id"),
        t_due=Value(as_of),
        t_priority=Value(TaskPriority.HIGH),
        t_status=Value(TaskStatus.OPEN, output_field=CharField()),
        t_team=F("team"),
        t_assigned=F("owner_id"),
        t_source=Value(TaskSource.CASE, output_field=CharField()),
        t_key=Left(
            Concat(
                Value("case-late:"), Cast("pk", CharField()), Value(":"), F("stage"), output_field=CharField()
            ),
            100,
        ),
        t_outcome=Value("", output_field=CharField()),
        t_created=Value(clock.now(), output_field=DateTimeField()),
    )
    made = tasks_create_from(
        {
            "corporation_id": "t_corporation",
            "kind": "t_kind",
            "title": "t_title",
            "description": "t_description",
            "tenant_id": "t_tenant",
            "due_on": "t_due",
            "priority": "t_priority",
            "status": "t_status",
            "team": "t_team",
            "assigned_to_id": "t_assigned",
            "source": "t_source",
            "source_key": "t_key",
            "outcome": "t_outcome",
            "created_at": "t_created",
        },
        late,
    )
    if made:
        log_action(
            corporation=corporation,
            actor=actor,
            action="case.escalated",
            data={"tasks": made, "as_of": as_of.isoformat()},
        )
    return made
