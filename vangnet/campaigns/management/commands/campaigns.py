"""vangnet campaigns --corporation SLUG [--json]: every campaign with its counts."""

import json

from django.core.management.base import BaseCommand
from django_scopes import scopes_disabled

from vangnet.campaigns.selectors import campaigns_with_counts
from vangnet.core.commands import corporation_option


class Command(BaseCommand):
    help = "Lists the corporation's campaigns: targeted, sent, answered, implausible readings."

    def add_arguments(self, parser):
        parser.add_argument("--corporation", required=True, help="the corporation's slug")
        parser.add_argument(
            "--json", action="store_true", dest="as_json", help="print one JSON object as the last line"
        )

    def handle(self, *args, corporation: str, as_json: bool, **options):
        with scopes_disabled():
            corp = corporation_option(corporation)
            rows = [
                {
                    "id": c.pk,
                    "name": c.name,
                    "kind": c.kind,
                    "status": c.status,
                    "targeted": c.targeted,  # type: ignore[attr-defined]
                    "sent": c.sent,  # type: ignore[attr-defined]
                    "answered": c.answered,  # type: ignore[attr-defined]
                    "implausible": c.implausible,  # type: ignore[attr-defined]
                }
                for c in campaigns_with_counts(corporation=corp).order_by("pk")
            ]
        if as_json:
            self.stdout.write(json.dumps({"campaigns": rows}, ensure_ascii=False))
            return
        if not rows:
            self.stdout.write("No campaigns yet.")
        for row in rows:
            self.stdout.write(
                f"{row['id']:>5} {row['kind']:<8} {row['status']:<9} targeted {row['targeted']}, sent {row['sent']}, "
                f"answered {row['answered']}, implausible {row['implausible']}  {row['name']}"
            )
