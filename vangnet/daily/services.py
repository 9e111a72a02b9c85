"""The night for one corporation, composed in order: monitors → flows engine → breach notices → outbox.

Each step belongs to a domain lower on the ladder (docs/development/architecture.md), and none of them calls
another: the monitors of arrangements, promises, "I already paid" claims and disputes decide what still
stands, so the engine's holds phase releases what ended today in the same run; the engine decides and
stores its message plans; the tenants of arrangements broken today are told; messaging turns the plans into
outbox messages in the day's batches. The composition lives here, above all of them.
"""

import time
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django_scopes import scope

from vangnet.arrangements.monitoring import (
    arrangement_breach_notices_send,
    arrangements_monitor,
    payment_claims_check,
    promises_settle_due,
)
from vangnet.core.audit import Actor
from vangnet.core.models import Corporation
from vangnet.disputes.services import disputes_monitor
from vangnet.flows.engine.context import policy_for
from vangnet.flows.engine.report import RunReport
from vangnet.flows.engine.run import engine_run
from vangnet.ledger.services.standing import standings_bring_up_to_date
from vangnet.messaging.services import PlanSummary, outbox_plan


@dataclass
class DayResult:
    run: RunReport
    outbox: PlanSummary | None
    breach_notices: int = 0

    def as_dict(self) -> dict:
        data = self.run.as_dict()
        if self.outbox is not None:
            data["outbox"] = {
                "messages": self.outbox.created,
                "in_review": self.outbox.in_review,
                "queued": self.outbox.queued,
                "missing_template": self.outbox.missing_template,
                "batches": self.outbox.batches,
                "by_channel": self.outbox.by_channel,
            }
        data["breach_notices"] = self.breach_notices
        return data


def monitors_run(*, corporation: Corporation, as_of: date, report: RunReport) -> None:
    """Arrangements, promises, claims and disputes as of the day, counted in `report`; one transaction.

    The standings are brought up to date first: whether a promise was kept reads them.
    """
    started = time.perf_counter()
    with transaction.atomic():
        report.standings_refreshed += standings_bring_up_to_date(corporation=corporation, as_of=as_of)
        monitored = arrangements_monitor(corporation=corporation, as_of=as_of)
        report.arrangements_completed, report.arrangements_broken = monitored.completed, monitored.broken
        report.payment_claims_found, report.payment_claims_not_found = payment_claims_check(
            corporation=corporation, as_of=as_of
        )
        report.promises_kept, report.promises_broken = promises_settle_due(
            corporation=corporation,
            as_of=as_of,
            grace_days=policy_for(corporation).promise_grace_days,
        )
        report.tasks_created += disputes_monitor(corporation=corporation, as_of=as_of)
    report.timings["monitors"] = round(time.perf_counter() - started, 3)


def run_day(
    *, corporation: Corporation, as_of: date, dry_run: bool = False, actor: Actor = "run_day"
) -> RunReport:
    """The collection run of one day: the monitors, then the flows engine. A dry run does it all and rolls
    everything back (the back office's preview of tonight's run)."""
    report = RunReport(corporation=corporation.slug, as_of=as_of, dry_run=dry_run)
    with scope(corporation=corporation):
        if dry_run:
            with transaction.atomic():
                monitors_run(corporation=corporation, as_of=as_of, report=report)
                engine_run(corporation=corporation, as_of=as_of, report=report, actor=actor)
                transaction.set_rollback(True)
            return report
        monitors_run(corporation=corporation, as_of=as_of, report=report)
        engine_run(corporation=corporation, as_of=as_of, report=report, actor=actor)
    return report


def day_run(*, corporation: Corporation, as_of: date, dry_run: bool = False, actor: Actor) -> DayResult:
    """`run_day`, then (unless dry) the notices of arrangements broken today and the outbox of everything
    the run planned; a dry run sends and plans no messages."""
    with scope(corporation=corporation):
        report = run_day(corporation=corporation, as_of=as_of, dry_run=dry_run, actor=actor)
        if dry_run:
            return DayResult(report, None)
        notices = arrangement_breach_notices_send(corporation=corporation, as_of=as_of, actor=actor)
        return DayResult(report, outbox_plan(corporation=corporation, as_of=as_of, actor=actor), notices)
