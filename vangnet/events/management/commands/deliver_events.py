"""vangnet deliver_events: send the webhook deliveries that are due (retries, on an installation without a
broker). Run it every minute from cron or the scheduler."""

from django.core.management.base import BaseCommand
from django_scopes import scopes_disabled

from vangnet.events.services import event_deliveries_due


class Command(BaseCommand):
    help = "Sends the pending webhook deliveries whose time has come."

    def handle(self, *args, **options):
        with scopes_disabled():
            count = event_deliveries_due()
        self.stdout.write(f"{count} deliveries attempted.")
