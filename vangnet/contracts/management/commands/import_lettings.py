"""vangnet import_lettings --corporation SLUG FILE.csv [--json]: candidates from the allocation system as a
CSV file (docs/contracts.md, "Import"); a bad file is rejected whole with every problem."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django_scopes import scope

from vangnet.contracts.imports import lettings_import
from vangnet.core import clock
from vangnet.core.commands import corporation_option
from vangnet.core.errors import ApplicationError


class Command(BaseCommand):
    help = "Imports lettings (candidates to sign a contract) from a CSV file of the allocation system."

    def add_arguments(self, parser):
        parser.add_argument("--corporation", required=True, help="the corporation's slug")
        parser.add_argument("file", help="the CSV file")
        parser.add_argument("--json", action="store_true", dest="as_json", help="print one JSON line")

    def handle(self, *args, corporation: str, file: str, as_json: bool, **options):
        corp = corporation_option(corporation)
        data = Path(file).read_bytes()
        with scope(corporation=corp):
            try:
                lettings = lettings_import(
                    corporation=corp, data=data, as_of=clock.today(), actor="cli:import"
                )
            except ApplicationError as exc:
                errors = exc.extra.get("errors", [])
                if as_json:
                    self.stdout.write(
                        json.dumps({"status": "rejected", "errors": errors}, ensure_ascii=False)
                    )
                for error in errors:
                    self.stderr.write(f"regel {error['row']}, {error['field']}: {error['reason_nl']}")
                raise CommandError(exc.message) from None
        if as_json:
            self.stdout.write(
                json.dumps({"status": "applied", "lettings": [letting.reference for letting in lettings]})
            )
        else:
            self.stdout.write(f"{len(lettings)} lettings imported.")
