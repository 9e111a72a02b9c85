"""vangnet handover_feedback PATH --corporation SLUG --agency SLUG [--json]"""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django_scopes import scopes_disabled

from vangnet.core import clock
from vangnet.core.commands import corporation_option
from vangnet.handovers.feedback import FeedbackRejected, rows_from_csv
from vangnet.handovers.models import Agency
from vangnet.handovers.services import agency_feedback_import


class Command(BaseCommand):
    help = (
        "Imports an agency's feedback file (payments, costs, stages, closures); a bad row rejects the file."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="the feedback CSV (docs/handovers.md)")
        parser.add_argument("--corporation", required=True, help="the corporation's slug")
        parser.add_argument("--agency", required=True, help="the agency's code")
        parser.add_argument(
            "--json", action="store_true", dest="as_json", help="print one JSON object as the last line"
        )

    def handle(self, *args, path: Path, corporation: str, agency: str, as_json: bool, **options):
        if not path.is_file():
            raise CommandError(f"{path} does not exist or is not a file")
        content = path.read_bytes()
        with scopes_disabled():
            corp = corporation_option(corporation)
            target = Agency.objects.filter(corporation=corp, slug=agency).first()
            if target is None:
                raise CommandError(f"no agency with code {agency!r} at {corporation}")
            rows, rejected = None, None
            try:
                rows = rows_from_csv(content)
            except FeedbackRejected as refused:
                rejected = refused
            result = agency_feedback_import(
                agency=target,
                rows=rows,
                file_name=path.name,
                content=content,
                as_of=clock.today(),
                actor="cli:handover_feedback",
                rejected=rejected,
            )
        if as_json:
            self.stdout.write(json.dumps(result.as_dict(), ensure_ascii=False))
        elif result.errors:
            self.stderr.write(self.style.ERROR(f"{path.name} rejected; nothing changed."))
            for error in result.errors:
                self.stderr.write(
                    f"  row {error['row']} {error['field']} {error['value']!r}: {error['reason_en']}"
                )
        else:
            self.stdout.write(
                self.style.SUCCESS(
                    f"{result.rows} row(s): {result.payments_booked} payment(s) booked "
                    f"({result.amount_booked:.2f} EUR), {result.closed} closed."
                )
            )
        if result.errors:
            raise SystemExit(1)
