"""vangnet import_bank PATH --corporation SLUG [--json]"""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django_scopes import scopes_disabled

from vangnet.bank.models import BankStatementImport, StatementImportStatus
from vangnet.bank.services import bank_statement_import
from vangnet.core.commands import corporation_option


class Command(BaseCommand):
    help = "Imports a bank statement (camt.053, camt.054 or MT940), matches the payments and books what is certain."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="the bank file")
        parser.add_argument("--corporation", required=True, help="the corporation's slug")
        parser.add_argument(
            "--json", action="store_true", dest="as_json", help="print one JSON object as the last line"
        )

    def handle(self, *args, path: Path, corporation: str, as_json: bool, **options):
        if not path.is_file():
            raise CommandError(f"{path} does not exist or is not a file")
        # The command acts for one corporation it names explicitly; the service filters on it throughout.
        with scopes_disabled():
            corp = corporation_option(corporation)
            record = bank_statement_import(
                corporation=corp, data=path.read_bytes(), file_name=path.name, actor="cli:import_bank"
            )
        self._report(record, as_json, corporation)
        if record.status == StatementImportStatus.REJECTED:
            raise SystemExit(1)

    def _report(self, record: BankStatementImport, as_json: bool, slug: str) -> None:
        if as_json:
            payload = {
                "import_id": record.pk,
                "status": record.status,
                "format": record.format,
                "counts": record.counts,
                "errors": record.errors,
            }
            self.stdout.write(json.dumps(payload, ensure_ascii=False))
            return
        if record.status == StatementImportStatus.APPLIED:
            self.stdout.write(self.style.SUCCESS(f"Bank import {record.pk} applied ({record.format})."))
            for key, value in record.counts.items():
                self.stdout.write(f"  {key:<18} {value}")
            return
        self.stderr.write(self.style.ERROR(f"Bank import {record.pk} rejected; nothing booked."))
        for error in record.errors:
            where = f"line {error['line']}: " if error.get("line") is not None else ""
            self.stderr.write(f"  {where}{error['reason_en']}")
            if error.get("account"):
                self.stderr.write(
                    f"  add it with: vangnet bank_accounts --corporation {slug} --add {error['account']}"
                )
