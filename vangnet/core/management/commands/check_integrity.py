"""`vangnet check_integrity [--json]`: every reference the database does not enforce, verified set-based."""

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from vangnet.core.integrity import integrity_check


class Command(BaseCommand):
    help = (
        "Verifies every foreign key without a database constraint (orphans, and references into another "
        "corporation). Exits with 1 when it finds any; with --json the last line is one JSON object."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--json", action="store_true", dest="as_json", help="end with the result as one JSON line"
        )

    def handle(self, *args: Any, as_json: bool = False, **options: Any) -> None:
        result = integrity_check()
        for finding in result["findings"]:
            self.stderr.write(
                f"{finding['reference']} -> {finding['target']}: {finding['orphans']} orphans, "
                f"{finding['other_corporation']} in another corporation (ids {finding['sample_ids']})"
            )
        if not result["findings"]:
            self.stderr.write(f"{result['references']} unenforced references checked: no problems.")
        if as_json:
            self.stdout.write(json.dumps(result, sort_keys=True))
        if result["problems"]:
            raise SystemExit(1)
