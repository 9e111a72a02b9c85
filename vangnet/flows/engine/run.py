"""The run of the engine's phases, in order, for one corporation and day (see vangnet/flows/engine/__init__.py)."""

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
from vangnet.flows.engine.reroute import reroute
from vangnet.flows.engine.reversals import follow_up_reversals
from vangnet.flows.models import ContractSegment, Enrollment, EnrollmentEvent, Hold, ReversalFollowUp, StepRun
from vangnet.ledger.services.standing import standings_bring_up_to_date
from vangnet.tasks.models import Task


def snapshot(ctx: RunContext) -> None:
    """Balances as of the day: recomputed unless today's import (or the daily's monitors) already did it."""
    ctx.report.standings_refreshed += standings_bring_up_to_date(corporation=ctx.corporation, as_of=ctx.as_of)


# Tables a phase may grow by thousands of rows: the next phase must plan with their real size.
GROWS: dict[str, tuple[type[Model], ...]] = {
    "classify": (ContractSegment,),
    "reroute": (EnrollmentEvent,),
    "enroll": (Enrollment, EnrollmentEvent),
    "holds": (Hold, Enrollment),
    "advance": (StepRun, Enrollment, Task),
    "reversals": (ReversalFollowUp,),
}

PHASES: list[tuple[str, Callable[[RunContext], None]]] = [
    ("snapshot", snapshot),
    ("classify", classify),
    ("close_paid", close_paid),
    ("reroute", reroute),
    ("enroll", enroll),
    ("holds", sync_holds),
    ("reversals", follow_up_reversals),
    ("advance", advance),
    ("interest", book_interest),
    ("close_finished", close_finished),
]


def engine_run(
    *, corporation: Corporation, as_of: date, report: RunReport, actor: Actor = "run_day"
) -> RunReport:
    """The phases of one day for one corporation, filling `report` (which may carry the monitors' counts).

    The audit entry `flows.day_run` is written unless the report is a dry run's: a dry run is rolled back by
    its caller.
    """
    with scope(corporation=corporation):
        ctx = RunContext(corporation=corporation, as_of=as_of, policy=policy_for(corporation), report=report)
        for name, phase in PHASES:
            started = time.perf_counter()
            with transaction.atomic():
                phase(ctx)
                analyse(*GROWS.get(name, ()))
            report.timings[name] = round(time.perf_counter() - started, 3)
        if not report.dry_run:
            log_action(
                corporation=corporation,
                actor=actor,
                action="flows.day_run",
                data={key: value for key, value in report.as_dict().items() if key != "steps"},
            )
    return report


__all__ = ["PHASES", "RunReport", "StepReport", "engine_run"]
