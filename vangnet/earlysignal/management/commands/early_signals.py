"""vangnet early_signals --corporation SLUG [--as-of YYYY-MM-DD] [--dry-run] [--json]

Prepares the vroegsignalering batch a colleague then releases in the back office (Vroegsignalering).
"""

import json

from django.core.management.base import BaseCommand
from django_scopes import scope, scopes_disabled

from vangnet.core import clock
from vangnet.core.commands import corporation_option, day_option
from vangnet.earlysignal.rules import REASONS
from vangnet.earlysignal.services import batch_prepare


class Command(BaseCommand):
    help = (
        "Prepares the vroegsignalering batch: who may be signalled to the municipality, and who not and why."
    )

    def add_arguments(self, parser):
        parser.add_argument("--corporation", required=True, help="the corporation's slug")
        parser.add_argument("--as-of", dest="as_of", help="the signal date, YYYY-MM-DD (default: today)")
        parser.add_argument("--dry-run", action="store_true", help="count everything, write nothing")
        parser.add_argument("--json", action="store_true", dest="as_json", help="print the result as JSON")

    def handle(self, *args, corporation: str, as_of: str | None, dry_run: bool, as_json: bool, **options):
        day = day_option(as_of) if as_of else clock.today()
        with scopes_disabled():
            corp = corporation_option(corporation)
        with clock.moved_to(day if as_of else None), scope(corporation=corp):
            result = batch_prepare(corporation=corp, as_of=day, actor="cli:early_signals", dry_run=dry_run)
        if as_json:
            self.stdout.write(json.dumps(result.as_dict(), ensure_ascii=False))
            return
        heading = (
            "Dry run (nothing written)" if dry_run else "Batch prepared, to be released in the back office"
        )
        self.stdout.write(self.style.SUCCESS(f"{heading}: {corp.slug} on {day}"))
        self.stdout.write(f"  eligible {result.eligible}, in the batch {result.signalled}")
        for key, count in result.blocked.items():
            if count:
                self.stdout.write(f"  left out {count}: {REASONS[key]}")
        for name, row in result.municipalities.items():
            agreed = "agreed" if row["agreed"] else "not agreed"
            self.stdout.write(f"  {name} ({agreed}): {row['signals']} signals, {row['left_out']} left out")
