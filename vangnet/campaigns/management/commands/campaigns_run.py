"""vangnet campaigns_run --corporation SLUG [--date YYYY-MM-DD] [--json]: the campaigns' part of a day."""

import json
from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django_scopes import scope, scopes_disabled

from vangnet.campaigns.services import campaigns_run
from vangnet.core import clock
from vangnet.core.commands import corporation_option


class Command(BaseCommand):
    help = "Sends the campaigns that start today, reminds non-responders, and finishes past deadlines."

    def add_arguments(self, parser):
        parser.add_argument("--corporation", required=True, help="the corporation's slug")
        parser.add_argument("--date", default="", help="the day to run (default: today)")
        parser.add_argument(
            "--json", action="store_true", dest="as_json", help="print one JSON object as the last line"
        )

    def handle(self, *args, corporation: str, date: str, as_json: bool, **options):
        with scopes_disabled():
            corp = corporation_option(corporation)
        try:
            day = _parse(date) if date else clock.today()
        except ValueError as exc:
            raise CommandError(f"--date must be YYYY-MM-DD, not {date!r}") from exc
        with scope(corporation=corp):
            summary = campaigns_run(corporation=corp, as_of=day, actor="cli:campaigns_run")
        payload = {
            "day": day.isoformat(),
            "started": summary.started,
            "sent": summary.sent,
            "reminded": summary.reminded,
            "finished": summary.finished,
        }
        self.stdout.write(json.dumps(payload) if as_json else f"Campaigns on {day}: {payload}")


def _parse(value: str) -> date:
    return date.fromisoformat(value)
