"""The day's work for one corporation, in the order the apps depend on each other.

Flows (upstream) decide and store their message plans; messaging (downstream) turns the plans into outbox
messages in the day's batches. Neither app calls the other, so the composition lives here, above both.
"""

from dataclasses import dataclass
from datetime import date

from django_scopes import scope

from vangnet.arrangements.monitoring import arrangement_breach_notices_send
from vangnet.core.audit import Actor
from vangnet.core.models import Corporation
from vangnet.flows.engine import RunReport, run_day
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


def day_run(*, corporation: Corporation, as_of: date, dry_run: bool = False, actor: Actor) -> DayResult:
    """`run_day`, then (unless dry) the notices of arrangements broken today and the outbox of everything
    the run planned; a dry run sends and plans no messages."""
    with scope(corporation=corporation):
        report = run_day(corporation=corporation, as_of=as_of, dry_run=dry_run, actor=actor)
        if dry_run:
            return DayResult(report, None)
        notices = arrangement_breach_notices_send(corporation=corporation, as_of=as_of, actor=actor)
        return DayResult(report, outbox_plan(corporation=corporation, as_of=as_of, actor=actor), notices)
