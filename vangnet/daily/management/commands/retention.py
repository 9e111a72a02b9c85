"""`vangnet retention [--dry-run] [--json]`: delete or anonymise the personal data past its retention period."""

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from vangnet.core import clock
from vangnet.privacy.retention import retention_apply


class Command(BaseCommand):
    help = (
        "Deletes or anonymises personal data past its retention period (docs/privacy.md): closed dossiers "
        "with their messages and letters, contact notes, the portal's access log, lockout counters, "
        "sessions, uploads of resolved disputes, ended circumstances, closed cases and appointments, the "
        "reporters of closed nuisance cases, signing codes, lettings with their signed contracts and what "
        "else a contract rests on after it ended, and departed tenants."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="only count what would be done")
        parser.add_argument("--json", action="store_true", help="print one JSON object as the last line")

    def handle(self, *args: Any, dry_run: bool, json: bool, **options: Any) -> None:
        report = retention_apply(now=clock.now(), actor="cli:retention", dry_run=dry_run)
        if json:
            self.stdout.write(_json({"dry_run": dry_run, **report}))
            return
        verbs = {
            "deleted": "would delete" if dry_run else "deleted",
            "anonymised": "would anonymise" if dry_run else "anonymised",
            "files_removed": "would remove files" if dry_run else "removed files",
        }
        for section, counts in report.items():
            for kind, rows in counts.items():
                if rows or section == "deleted":
                    self.stdout.write(f"{kind}: {verbs[section]} {rows}")


def _json(payload: dict) -> str:
    return json.dumps(payload, ensure_ascii=False)
