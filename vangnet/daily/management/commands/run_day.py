"""vangnet run_day --corporation SLUG [--as-of YYYY-MM-DD] [--dry-run] [--json]"""

import json

from django.core.management.base import BaseCommand
from django_scopes import scopes_disabled

from vangnet.core import clock
from vangnet.core.commands import corporation_option, day_option
from vangnet.daily.services import DayResult, day_run


class Command(BaseCommand):
    help = "Runs the day's collection flows for one corporation (or shows what they would do with --dry-run)."

    def add_arguments(self, parser):
        parser.add_argument("--corporation", required=True, help="the corporation's slug")
        parser.add_argument("--as-of", dest="as_of", help="the day to run, YYYY-MM-DD (default: today)")
        parser.add_argument("--dry-run", action="store_true", help="plan everything, write nothing")
        parser.add_argument("--json", action="store_true", dest="as_json", help="print the report as JSON")

    def handle(self, *args, corporation: str, as_of: str | None, dry_run: bool, as_json: bool, **options):
        day = day_option(as_of) if as_of else clock.today()
        with scopes_disabled():
            corp = corporation_option(corporation)
        # Everything the run stamps (messages, tasks, audit) carries the day it runs for.
        with clock.moved_to(day if as_of else None):
            result = day_run(corporation=corp, as_of=day, dry_run=dry_run, actor="cli:run_day")
        if as_json:
            self.stdout.write(json.dumps(result.as_dict(), ensure_ascii=False, default=str))
            return
        self._print(result)

    def _print(self, result: DayResult) -> None:
        report = result.run
        heading = "Dry run (nothing written)" if report.dry_run else "Day run"
        self.stdout.write(self.style.SUCCESS(f"{heading} for {report.corporation} on {report.as_of}"))
        self.stdout.write(
            f"  enrolled {report.enrolled}, rerouted {report.rerouted}, closed {sum(report.closed.values())} {report.closed}"
        )
        self.stdout.write(f"  holds started {report.holds_started}, released {report.holds_released}")
        self.stdout.write(f"  paused {report.held}, resumed {report.resumed}")
        self.stdout.write(
            f"  promises kept {report.promises_kept}, broken {report.promises_broken}; "
            f"arrangements completed {report.arrangements_completed}, broken {report.arrangements_broken}; "
            f"payment claims found {report.payment_claims_found}, not found {report.payment_claims_not_found}"
        )
        self.stdout.write(f"  messages planned {report.messages_planned} {report.deliveries_by_channel()}")
        self.stdout.write(
            f"  tasks {report.tasks_created}, costs booked {report.costs_entries} ({report.costs_total})"
        )
        for step in report.active_steps():
            extra = f" waiting {step.waiting} ({step.wait_reason})" if step.waiting else ""
            self.stdout.write(
                f"    {step.flow} / {step.name}: fired {step.fired}, skipped {step.skipped}, "
                f"caught up {step.caught_up}{extra}"
            )
        if result.outbox is not None:
            outbox = result.outbox
            self.stdout.write(
                f"  outbox: {outbox.created} messages ({outbox.in_review} to review, {outbox.queued} queued)"
            )
