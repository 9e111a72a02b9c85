"""vangnet ingest PATH --corporation SLUG [--mode delta|snapshot] [--format csv|vera] [--json]"""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django_scopes import scopes_disabled

from vangnet.core.commands import corporation_option
from vangnet.ledger.importing.formats import DEFAULT_FILE_FORMAT, FILE_FORMATS, file_source
from vangnet.ledger.importing.sources import SourceError
from vangnet.ledger.models import ImportMode, ImportStatus
from vangnet.ledger.services.imports import import_erp_data


class Command(BaseCommand):
    help = (
        "Imports an ERP delivery (canonical CSV set or VERA JSON); rejects the whole delivery on any error."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", type=Path, help="a directory of files, or the files")
        parser.add_argument("--corporation", required=True, help="the corporation's slug")
        parser.add_argument("--mode", choices=ImportMode.values, default=ImportMode.DELTA)
        parser.add_argument(
            "--format", choices=FILE_FORMATS, default=DEFAULT_FILE_FORMAT, dest="source_format"
        )
        parser.add_argument(
            "--json", action="store_true", dest="as_json", help="print one JSON object as the last line"
        )

    def handle(self, *args, paths, corporation, mode, source_format, as_json: bool, **options):
        for path in paths:
            if not path.exists():
                raise CommandError(f"{path} does not exist")
        with scopes_disabled():
            corp = corporation_option(corporation)
            try:
                source = file_source(source_format, paths)
            except SourceError as exc:
                self._report_source_error(exc, as_json)
                raise SystemExit(1) from exc
            run = import_erp_data(corporation=corp, source=source, mode=mode, actor="cli:ingest")
        self._report(run, as_json)
        if run.status == ImportStatus.REJECTED:
            raise SystemExit(1)

    def _report_source_error(self, exc: SourceError, as_json: bool) -> None:
        error = {
            "file": exc.file,
            "row": None,
            "field": "",
            "value": "",
            "reason_nl": exc.reason_nl,
            "reason_en": exc.reason_en,
        }
        if as_json:
            self.stdout.write(json_dumps({"status": "rejected", "counts": {}, "errors": [error]}))
        else:
            self.stderr.write(f"Rejected: {exc.file}: {exc.reason_en}")

    def _report(self, run, as_json: bool) -> None:
        if as_json:
            payload = {
                "import_id": run.pk,
                "status": run.status,
                "counts": run.counts,
                "errors": run.errors,
                "warnings": len(run.warnings),
            }
            self.stdout.write(json_dumps(payload))
            return
        if run.status == ImportStatus.APPLIED:
            self.stdout.write(self.style.SUCCESS(f"Import {run.pk} applied ({run.mode})."))
            for entity, counts in run.counts.items():
                line = ", ".join(f"{k} {v}" for k, v in counts.items())
                self.stdout.write(f"  {entity:<26} {line}")
            if run.warnings:
                self.stdout.write(f"  {len(run.warnings)} warnings (see the import in the back office)")
        else:
            self.stderr.write(
                self.style.ERROR(f"Import {run.pk} rejected: {len(run.errors)} errors; nothing changed.")
            )
            for error in run.errors[:50]:
                where = [error["file"]]
                if error["row"]:
                    where.append(f"row {error['row']}")
                if error["field"]:
                    where.append(f"{error['field']} {error['value']!r}")
                self.stderr.write(f"  {' '.join(where)}: {error['reason_en']}")
            if len(run.errors) > 50:
                self.stderr.write(
                    f"  ... and {len(run.errors) - 50} more, all listed on the import in the back office"
                )


def json_dumps(payload: dict) -> str:
    return json.dumps(payload, ensure_ascii=False, default=str)
