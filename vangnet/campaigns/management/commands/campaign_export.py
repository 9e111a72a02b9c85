"""vangnet campaign_export ID --format csv|xlsx --output PATH: a meter campaign's readings per complex."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django_scopes import scopes_disabled

from vangnet.campaigns.exports import FORMATS, export_bytes
from vangnet.campaigns.models import Campaign, CampaignKind
from vangnet.campaigns.selectors import meter_export_rows


class Command(BaseCommand):
    help = "Writes a meter campaign's readings (by complex, with the previous reading and the use) to a file."

    def add_arguments(self, parser):
        parser.add_argument("id", type=int, help="the campaign's id (see `vangnet campaigns`)")
        parser.add_argument("--format", choices=FORMATS, default="csv", dest="fmt")
        parser.add_argument("--output", required=True, help="the file to write")
        parser.add_argument(
            "--json", action="store_true", dest="as_json", help="print one JSON object as the last line"
        )

    def handle(self, *args, id: int, fmt: str, output: str, as_json: bool, **options):
        with scopes_disabled():
            campaign = Campaign.objects.filter(pk=id).first()
            if campaign is None:
                raise CommandError(f"no campaign with id {id}")
            if campaign.kind != CampaignKind.METER:
                raise CommandError(f"campaign {id} is not a meter-reading campaign")
            rows = meter_export_rows(campaign=campaign)
        path = Path(output)
        if not path.parent.is_dir():
            raise CommandError(f"the folder {path.parent} does not exist")
        path.write_bytes(export_bytes(rows, fmt))
        if as_json:
            self.stdout.write(
                json.dumps({"campaign": id, "format": fmt, "rows": len(rows), "output": str(path)})
            )
        else:
            self.stdout.write(self.style.SUCCESS(f"Wrote {len(rows)} readings to {path}."))
