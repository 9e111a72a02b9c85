"""`vangnet create_api_key --corporation SLUG --name NAME`: issue a key for an ERP connection."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django_scopes import scopes_disabled

from vangnet.core.api_keys import api_key_create
from vangnet.core.commands import corporation_option
from vangnet.core.errors import ApplicationError


class Command(BaseCommand):
    help = "Creates an API key for a corporation and prints it once; only its hash is stored."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--corporation", required=True, help="slug of the corporation")
        parser.add_argument("--name", required=True, help="what the key is for, e.g. 'ERP nightly export'")

    def handle(self, *args: Any, corporation: str, name: str, **options: Any) -> None:
        with scopes_disabled():
            owner = corporation_option(corporation)
            try:
                api_key, secret = api_key_create(corporation=owner, name=name, actor="cli:create_api_key")
            except ApplicationError as exc:
                raise CommandError(exc.message) from exc
        self.stderr.write(f"API key {api_key.name!r} for {owner.name} (prefix {api_key.prefix}).")
        self.stderr.write("Store it now: it is not shown again.")
        # The key alone on stdout, so a script can capture it: KEY=$(vangnet create_api_key ...).
        self.stdout.write(secret)
