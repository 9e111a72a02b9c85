"""The daily run: `run_day(corporation=..., as_of=...)`, the same function behind the CLI, the scheduler and
the back office's preview of tonight's run.

Phases, each in its own transaction: snapshot balances → classify → close paid → enroll → holds → advance
→ close finished. A crash between phases leaves what was done; the next run finds it done and goes on,
because every insert is keyed (StepRun on enrollment and step, tasks on their source, costs on the
enrollment) and every update is a state transition. A dry run does it all and rolls everything back.
"""

import time
from collections.abc import Callable
from datetime import date

from django.db import transaction
from django.db.models import Model
from django_scopes import scope

from vangnet.core.audit import Actor, log_action
from vangnet.core.models import Corporation
from vangnet.core.sql import analyse
from vangnet.flows.engine.advance import advance
from vangnet.flows.engine.classify import classify
from vangnet.flows.engine.context import RunContext, policy_for
from vangnet.flows.engine.holds import sync_holds
from vangnet.flows.engine.interest import book_interest
from vangnet.flows.engine.lifecycle import close_finished, close_paid, enroll
from vangnet.flows.engine.report import RunReport, StepReport
from vangnet.flows.engine.reversals import follow_up_reversals
from vangnet.flows.models import ContractSegment, Enrollment, EnrollmentEvent, Hold, ReversalFollowUp, StepRun
from vangnet.ledger.models import Contract, ContractStanding
from vangnet.ledger.services.standing import refresh_standings
from vangnet.tasks.models import Task


def snapshot(ctx: RunContext) -> None:
    """Balances as of the day: recomputed unless today's import already did it for every contract."""
    stale = ContractStanding.objects.filter(corporation=ctx.corporation).exclude(as_of=ctx.as_of).exists()
    missing = Contract.objects.filter(corporation=ctx.corporation, standing__isnull=True).exists()
    if stale or missing:
        ctx.report.standings_refreshed = max(
            refresh_standings(corporation=ctx.corporation, as_of=ctx.as_of), 0
        )


# Tables a phase may grow by thousands of rows: the next phase must plan with their real size.
GROWS: dict[str, tuple[type[Model], ...]] = {
    "classify": (ContractSegment,),
    "enroll": (Enrollment, EnrollmentEvent),
    "holds": (Hold, Enrollment),
    "advance": (StepRun, Enrollment, Task),
    "reversals": (ReversalFollowUp,),
}

PHASES: list[tuple[str, Callable[[RunContext], None]]] = [
    ("snapshot", snapshot),
    ("classify", classify),
    ("close_paid", close_paid),
    ("enroll", enroll),
    ("holds", sync_holds),
    ("reversals", follow_up_reversals),
    ("advance", advance),
    ("interest", book_interest),
    ("close_finished", close_finished),
]


def run_day(
    *, corporation: Corporation, as_of: date, dry_run: bool = False, actor: Actor = "run_day"
) -> RunReport:
    report = RunReport(corporation=corporation.slug, as_of=as_of, dry_run=dry_run)
    with scope(corporation=corporation):
        ctx = RunContext(corporation=corporation, as_of=as_of, policy=policy_for(corporation), report=report)
        if dry_run:
            with transaction.atomic():
                _phases(ctx)
                transaction.set_rollback(True)
            return report
        _phases(ctx)
        log_action(
            corporation=corporation,
            actor=actor,
            action="flows.day_run",
            data={key: value for key, value in report.as_dict().items() if key != "steps"},
        )
    return report


def _phases(ctx: RunContext) -> None:
    for name, phase in PHASES:
        started = time.perf_counter()
        with transaction.atomic():
            phase(ctx)
            analyse(*GROWS.get(name, ()))
        ctx.report.timings[name] = round(time.perf_counter() - started, 3)


__all__ = ["PHASES", "RunReport", "StepReport", "run_day"]
