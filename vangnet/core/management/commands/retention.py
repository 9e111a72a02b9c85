"""`vangnet retention [--dry-run] [--json]`: delete the personal data whose retention period has passed."""

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from vangnet.core import clock
from vangnet.core.retention import retention_apply


class Command(BaseCommand):
    help = "Deletes portal access log entries, lockout counters and sessions past their retention period."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="only count what would be deleted")
        parser.add_argument("--json", action="store_true", help="print one JSON object as the last line")

    def handle(self, *args: Any, dry_run: bool, json: bool, **options: Any) -> None:
        counts = retention_apply(now=clock.now(), actor="cli:retention", dry_run=dry_run)
        if json:
            self.stdout.write(_json({"dry_run": dry_run, "deleted": counts}))
            return
        verb = "would delete" if dry_run else "deleted"
        for kind, rows in counts.items():
            self.stdout.write(f"{kind}: {verb} {rows}")


def _json(payload: dict) -> str:
    return json.dumps(payload, ensure_ascii=False)
