"""`vangnet seed_demo --tenancies N --months M [--corporation SLUG] [--seed S] [--as-of DATE] [--json]`.

Builds a demo corporation with staff logins and a generated ERP delivery, and imports it. With --json the
last line of stdout is one JSON object, for scripts and benchmarks.
"""

import json
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django_scopes import scopes_disabled

from vangnet.core import clock
from vangnet.core.errors import ApplicationError
from vangnet.demo.history import HISTORY_DAYS
from vangnet.demo.setup import DemoSeed, seed_demo
from vangnet.flows.models import OPEN_STATUSES, Enrollment
from vangnet.ledger.importing.sources import SourceError
from vangnet.messaging.models import BatchStatus, MessageStatus, OutgoingMessage
from vangnet.tasks.models import Task, TaskKind, TaskStatus

MAX_ERRORS_SHOWN = 10


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"--as-of must be a date as YYYY-MM-DD, not {value!r}") from exc


class Command(BaseCommand):
    help = "Creates the demo corporation and staff, generates ERP files for it and imports them."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--tenancies", type=int, default=2000, help="number of contracts (default 2000)")
        parser.add_argument("--months", type=int, default=24, help="months of ledger history (default 24)")
        parser.add_argument("--corporation", default="demo", help="slug of the demo corporation")
        parser.add_argument("--seed", type=int, default=2026, help="same seed and date, same data")
        parser.add_argument("--as-of", type=_date, default=None, help="the day the data ends (default today)")
        parser.add_argument("--json", action="store_true", help="end with a JSON summary line")

    def handle(self, *args: Any, **options: Any) -> None:
        tenancies, months = options["tenancies"], options["months"]
        if tenancies < 1:
            raise CommandError("--tenancies must be at least 1")
        if not 1 <= months <= 120:
            raise CommandError("--months must be between 1 and 120")
        # The command is the interface: it reads the clock once, everything below takes as_of.
        as_of = options["as_of"] or clock.today()
        try:
            result = seed_demo(
                slug=options["corporation"],
                tenancies=tenancies,
                months=months,
                seed=options["seed"],
                as_of=as_of,
            )
        except SourceError as exc:
            raise CommandError(f"{exc.file}: {exc.reason_en}") from exc
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc
        self._print_summary(result, as_of)
        if options["json"]:
            self.stdout.write(json.dumps(summary(result, as_of), sort_keys=True))
        run = result.import_run
        if run is not None and run.status != "applied":
            raise CommandError(f"The import was {run.status}: see the errors above.")

    def _print_summary(self, result: DemoSeed, as_of: date) -> None:
        out = self.stdout
        corporation = result.corporation
        out.write(
            f"Demo corporation: {corporation.name} ({corporation.slug}), data as of {as_of.isoformat()}"
        )
        files = ", ".join(f"{name} {count:,}" for name, count in result.file_counts.items())
        out.write(f"Generated in {result.generation_seconds:.1f} s into {result.directory}: {files}")
        run = result.import_run
        if run is not None:
            out.write(f"Import {run.status} in {result.import_seconds:.1f} s: {json.dumps(run.counts)}")
            for error in (run.errors or [])[:MAX_ERRORS_SHOWN]:
                out.write(f"  {_error_line(error)}")
            if len(run.errors or []) > MAX_ERRORS_SHOWN:
                out.write(f"  ... and {len(run.errors) - MAX_ERRORS_SHOWN} more errors")
        if result.day is not None:
            report, outbox = result.day.run, result.day.outbox
            out.write(
                f"Daily runs for the last {len(HISTORY_DAYS)} days and {report.as_of} in "
                f"{result.run_seconds:.1f} s; today: {report.enrolled} new dossiers, "
                f"{report.messages_planned} messages and {report.tasks_created} tasks planned"
            )
            with scopes_disabled():
                open_dossiers = Enrollment.objects.filter(corporation=corporation, status__in=OPEN_STATUSES)
                # The same counts as the start screen: calls due today or earlier, every batch in review.
                calls = Task.objects.filter(
                    corporation=corporation, kind=TaskKind.CALL, status=TaskStatus.OPEN, due_on__lte=as_of
                )
                waiting = OutgoingMessage.objects.filter(
                    corporation=corporation,
                    batch__status=BatchStatus.IN_REVIEW,
                    status=MessageStatus.IN_REVIEW,
                )
                out.write(f"  open dossiers {open_dossiers.count()}, calls to make {calls.count()}")
                if outbox is not None:
                    out.write(
                        f"  outbox: {outbox.created} messages today, {waiting.count()} waiting for review "
                        "in /berichten/"
                    )
        out.write("Demo logins (fixed demo passwords; do not use outside a demo):")
        for login in result.logins:
            out.write(f"  {login.username:<12} {login.password:<22} {login.role}")


def _error_line(error: Any) -> str:
    if isinstance(error, dict):
        where = f"{error.get('file', '')}:{error.get('row', '')}"
        return f"{where} {error.get('field', '')}={error.get('value', '')!r}: {error.get('reason_en', '')}"
    return str(error)


def summary(result: DemoSeed, as_of: date) -> dict[str, Any]:
    run = result.import_run
    return {
        "corporation": result.corporation.slug,
        "name": result.corporation.name,
        "as_of": as_of.isoformat(),
        "directory": str(result.directory),
        "files": result.file_counts,
        "generation_seconds": round(result.generation_seconds, 3),
        "import": None
        if run is None
        else {
            "id": run.pk,
            "status": run.status,
            "counts": run.counts,
            "errors": len(run.errors or []),
            "warnings": len(run.warnings or []),
            "seconds": round(result.import_seconds, 3),
        },
        "logins": [
            {"username": x.username, "password": x.password, "role": str(x.role)} for x in result.logins
        ],
    }
