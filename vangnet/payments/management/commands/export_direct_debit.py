"""vangnet export_direct_debit --corporation SLUG --collection-date YYYY-MM-DD [--output PATH]
[--amounts CSV] [--repeat]

Without --amounts, collects the instalments due on that date for contracts paying by direct debit. With
--amounts, a CSV of `contract_id;amount` lines (the ERP's contract number; amount like 125.50) says what
to collect. Writes the pain.008.001.02 file and records the export.
"""

import csv
import datetime as dt
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django_scopes import scope, scopes_disabled

from vangnet.core.commands import corporation_option
from vangnet.core.errors import ApplicationError
from vangnet.core.models import Corporation
from vangnet.ledger.models import Contract
from vangnet.payments.direct_debit import DebitItem, direct_debit_export, direct_debit_items_due


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--collection-date: {value!r} is not a date like 2026-12-15") from None


class Command(BaseCommand):
    help = "Writes a SEPA direct-debit file (pain.008.001.02) for a collection date."

    def add_arguments(self, parser):
        parser.add_argument("--corporation", required=True, help="the corporation's slug")
        parser.add_argument("--collection-date", required=True, type=_date, dest="collection_date")
        parser.add_argument(
            "--output", type=Path, help="where to write the file (default: incasso-SLUG-DATE.xml)"
        )
        parser.add_argument("--amounts", type=Path, help="CSV of contract_id;amount to collect instead")
        parser.add_argument(
            "--repeat", action="store_true", help="export a collection that was exported before"
        )

    def handle(self, *args, corporation: str, collection_date: dt.date, output, amounts, repeat, **options):
        with scopes_disabled():
            corp = corporation_option(corporation)
        with scope(corporation=corp):
            items = (
                self._read(corp, amounts)
                if amounts
                else direct_debit_items_due(corporation=corp, collection_date=collection_date)
            )
            try:
                record, data = direct_debit_export(
                    corporation=corp,
                    collection_date=collection_date,
                    items=items,
                    actor="cli:export_direct_debit",
                    repeat=repeat,
                )
            except ApplicationError as exc:
                for problem in exc.extra.get("errors", []):
                    where = problem.get("contract") or problem.get("field") or ""
                    self.stderr.write(f"  {where}: {problem['reason']}")
                raise CommandError(exc.message) from None
        path = output or Path(f"incasso-{corp.slug}-{collection_date.isoformat()}.xml")
        path.write_bytes(data)
        self.stdout.write(
            self.style.SUCCESS(
                f"Export {record.pk}: {record.count} collections, EUR {record.total}, written to {path}"
            )
        )
        self.stdout.write(f"  sha256 {record.file_hash}")

    def _read(self, corp: Corporation, path: Path) -> list[DebitItem]:
        if not path.is_file():
            raise CommandError(f"{path} does not exist or is not a file")
        rows = list(csv.reader(path.read_text(encoding="utf-8-sig").splitlines(), delimiter=";"))
        wanted: list[tuple[int, str, Decimal]] = []
        errors = []
        for number, row in enumerate(rows, start=1):
            if (
                not row
                or not "".join(row).strip()
                or (number == 1 and row[0].strip().lower() == "contract_id")
            ):
                continue
            if len(row) != 2:
                errors.append(f"line {number}: expected contract_id;amount, got {len(row)} fields")
                continue
            try:
                amount = Decimal(row[1].strip().replace(",", "."))
            except InvalidOperation:
                errors.append(f"line {number}: amount {row[1]!r} is not a number")
                continue
            wanted.append((number, row[0].strip(), amount))
        ids = dict(
            Contract.objects.filter(corporation=corp, source_id__in=[w[1] for w in wanted]).values_list(
                "source_id", "pk"
            )
        )
        for number, source_id, _amount in wanted:
            if source_id not in ids:
                errors.append(f"line {number}: no contract {source_id!r}")
        if errors:
            raise CommandError("the amounts file was not used:\n  " + "\n  ".join(errors))
        return [DebitItem(ids[source_id], amount) for _n, source_id, amount in wanted]
