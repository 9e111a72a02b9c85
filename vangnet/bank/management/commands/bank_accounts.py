"""vangnet bank_accounts --corporation SLUG (--add ACCOUNT [--name NAME] | --list) [--json]"""

import json
from dataclasses import asdict

from django.core.management.base import BaseCommand, CommandError
from django_scopes import scopes_disabled

from vangnet.bank.accounts import KnownAccount, bank_accounts_known
from vangnet.bank.models import BankAccount
from vangnet.bank.services import bank_account_add
from vangnet.core.commands import corporation_option
from vangnet.core.errors import ApplicationError


class Command(BaseCommand):
    help = "Adds a bank account whose statements the corporation imports, or lists its accounts."

    def add_arguments(self, parser):
        parser.add_argument("--corporation", required=True, help="the corporation's slug")
        action = parser.add_mutually_exclusive_group(required=True)
        action.add_argument(
            "--add", metavar="ACCOUNT", help="an IBAN, or the account number an MT940 file gives"
        )
        action.add_argument("--list", action="store_true", help="list the corporation's accounts")
        parser.add_argument("--name", default="", help="what the account is called, e.g. 'Huur ING'")
        parser.add_argument(
            "--json", action="store_true", dest="as_json", help="print one JSON object as the last line"
        )

    def handle(
        self, *args, corporation: str, add: str | None, list: bool, name: str, as_json: bool, **options
    ):
        # The command acts for one corporation it names explicitly; the services filter on it throughout.
        with scopes_disabled():
            corp = corporation_option(corporation)
            if add is not None:
                try:
                    row = bank_account_add(
                        corporation=corp, account=add, name=name, actor="cli:bank_accounts"
                    )
                except ApplicationError as exc:
                    raise CommandError(exc.message) from exc
                self._added(row, as_json)
                return
            self._list(bank_accounts_known(corporation=corp), as_json)

    def _added(self, row: BankAccount, as_json: bool) -> None:
        if as_json:
            payload = {
                "account": row.account,
                "name": row.name,
                "bank": row.bank,
                "purpose": row.purpose,
                "main": False,
            }
            self.stdout.write(json.dumps(payload, ensure_ascii=False))
            return
        self.stdout.write(self.style.SUCCESS(f"Added bank account {row.account} {row.name}".rstrip() + "."))

    def _list(self, accounts: list[KnownAccount], as_json: bool) -> None:
        if as_json:
            rows = [{k: v for k, v in asdict(a).items() if k != "pk"} for a in accounts]
            self.stdout.write(json.dumps({"accounts": rows}, ensure_ascii=False))
            return
        if not accounts:
            self.stdout.write("No bank accounts yet: add one with --add ACCOUNT.")
        for account in accounts:
            main = " (main: on letters and direct debits)" if account.main else ""
            self.stdout.write(f"  {account.account:<20} {account.name} {account.bank}{main}".rstrip())
