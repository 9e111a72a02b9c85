"""vangnet handover_export --corporation SLUG [--agency SLUG] [--as-of DATE] [--json]"""

import json
from datetime import date

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django_scopes import scopes_disabled

from vangnet.core import clock
from vangnet.core.commands import corporation_option
from vangnet.handovers.models import Agency
from vangnet.handovers.services import handovers_export


class Command(BaseCommand):
    help = "Exports every approved hand-over not yet exported, per agency in the agency's format."

    def add_arguments(self, parser):
        parser.add_argument("--corporation", required=True, help="the corporation's slug")
        parser.add_argument("--agency", default="", help="only this agency (its code)")
        parser.add_argument("--as-of", dest="as_of", default="", help="the day of the export (YYYY-MM-DD)")
        parser.add_argument(
            "--json", action="store_true", dest="as_json", help="print one JSON object as the last line"
        )

    def handle(self, *args, corporation: str, agency: str, as_of: str, as_json: bool, **options):
        try:
            day = date.fromisoformat(as_of) if as_of else clock.today()
        except ValueError as exc:
            raise CommandError(f"--as-of must be a date as YYYY-MM-DD, not {as_of!r}") from exc
        with scopes_disabled():
            corp = corporation_option(corporation)
            target = None
            if agency:
                target = Agency.objects.filter(corporation=corp, slug=agency).first()
                if target is None:
                    raise CommandError(f"no agency with code {agency!r} at {corporation}")
            result = handovers_export(corporation=corp, agency=target, as_of=day, actor="cli:handover_export")
            paths = []
            for export in result.exports:
                folder = settings.HANDOVER_EXPORT_DIR / corp.slug / str(export.pk)
                folder.mkdir(parents=True, exist_ok=True)
                for file in export.files.all():
                    written = folder / file.name
                    written.write_bytes(bytes(file.content))
                    paths.append(str(written))
        if as_json:
            payload = {"handovers": result.handovers, "files": paths, "amount": f"{result.amount:.2f}"}
            self.stdout.write(json.dumps(payload, ensure_ascii=False))
            return
        self.stdout.write(
            self.style.SUCCESS(f"{result.handovers} hand-over(s) exported, total {result.amount:.2f} EUR.")
        )
        for name in paths:
            self.stdout.write(f"  {name}")
