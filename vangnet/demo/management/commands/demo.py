"""vangnet demo: migrate, load the demo corporation, do today's work and serve it."""

import os
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django_scopes import scopes_disabled

from vangnet.core.models import Corporation
from vangnet.demo.setup import DEMO_LOGINS
from vangnet.ledger.services.purge import corporation_data_purge
from vangnet.portal.demo import demo_portal_tenants


class Command(BaseCommand):
    help = (
        "Sets up the demo corporation (about 2,000 tenancies), runs today's work and starts the web server."
    )

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--tenancies", type=int, default=2000)
        parser.add_argument("--reset", action="store_true", help="build the demo data again from scratch")
        parser.add_argument("--no-serve", action="store_true", help="prepare everything but do not serve")

    def handle(self, *args, port: int, host: str, tenancies: int, reset: bool, no_serve: bool, **options):
        if not os.environ.get("VANGNET_PUBLIC_URL"):
            # Links in messages, letters and the printed portal links lead to the server this command starts
            # (and the gunicorn it becomes reads the same variable).
            shown_host = "127.0.0.1" if host in ("0.0.0.0", "::") else host
            os.environ["VANGNET_PUBLIC_URL"] = settings.VANGNET_PUBLIC_URL = f"http://{shown_host}:{port}"
        call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write("Database is up to date.")
        with scopes_disabled():
            exists = Corporation.objects.filter(slug="demo").exists()
        if reset and exists:
            with scopes_disabled():
                corporation_data_purge(corporation=Corporation.objects.get(slug="demo"), actor="cli:demo")
            self.stdout.write("Removed the demo corporation's data.")
        if reset or not exists:
            self.stdout.write(f"Building the demo corporation with {tenancies} tenancies ...")
            # seed_demo prints the staff logins itself.
            call_command("seed_demo", tenancies=tenancies, months=24, stdout=self.stdout)
        else:
            self.stdout.write("The demo corporation exists already (use --reset to build it again).")
            self._print_logins()
        self._print_portal_tenants()
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"Vangnet demo: http://{host}:{port}/"))
        self.stdout.write(f"Data and logs live in {settings.VAR_DIR}.")
        if no_serve:
            return
        # A person trying the demo signs in with the printed password only; installations require the app.
        os.environ.setdefault("VANGNET_STAFF_2FA", "optional")
        if os.environ["VANGNET_STAFF_2FA"] == "optional":
            self.stdout.write(
                "Two-factor sign-in is optional in the demo ('Tweestaps instellen' at the top); "
                "production requires it (VANGNET_STAFF_2FA=required)."
            )
        self.stdout.flush()
        os.execvp(
            sys.executable,
            [
                sys.executable, "-m", "gunicorn", "vangnet.wsgi:application",
                "--bind", f"{host}:{port}", "--workers", "3", "--access-logfile", "-",
                "--logger-class", "vangnet.access_log.RedactingLogger",
            ],
        )  # fmt: skip

    def _print_logins(self) -> None:
        self.stdout.write("Staff logins (demo only):")
        for username, password, role in DEMO_LOGINS:
            self.stdout.write(f"  {username:<12} {password:<22} {role}")

    def _print_portal_tenants(self) -> None:
        with scopes_disabled():
            corporation = Corporation.objects.filter(slug="demo").first()
        if corporation is None:
            return
        self.stdout.write("Tenant portal (demo tenants; the link works 30 days):")
        for tenant in demo_portal_tenants(corporation=corporation):
            born = tenant.birth_date.strftime("%d-%m-%Y") if tenant.birth_date else "-"
            self.stdout.write(f"  {tenant.name}")
            self.stdout.write(f"    link: {tenant.link}")
            self.stdout.write(
                f"    or /portaal/inloggen/ with code {tenant.code}, postcode {tenant.postcode}, "
                f"house number {tenant.house_number}; date of birth {born}"
            )
