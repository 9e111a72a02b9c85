"""vangnet report NAME --corporation SLUG [--by DIMENSION] [--as-of DATE] [--from DATE]
[--team TEAM ... | --my-teams --user USERNAME] [--format json|csv|xlsx] [--output PATH]; vangnet report --list"""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django_scopes import scopes_disabled

from vangnet.core import clock
from vangnet.core.commands import corporation_option, day_option
from vangnet.core.errors import ApplicationError
from vangnet.core.models import User
from vangnet.reports.exports import FORMATS, report_export
from vangnet.reports.registry import REPORTS
from vangnet.reports.selectors import my_teams as colleague_teams_of
from vangnet.reports.selectors import report_compute


class Command(BaseCommand):
    help = "Prints a standard report (rows and totals) as JSON, CSV or XLSX; --list names the reports."

    def add_arguments(self, parser):
        parser.add_argument("name", nargs="?", help="the report, e.g. arrears (see --list)")
        parser.add_argument("--list", action="store_true", dest="list_reports", help="name the reports")
        parser.add_argument("--corporation", help="the corporation's slug")
        parser.add_argument("--by", help="the dimension to group by (default: the report's own)")
        parser.add_argument("--as-of", dest="as_of", help="the day, YYYY-MM-DD (default: today)")
        parser.add_argument("--from", dest="period_start", help="first day counted, for period reports")
        parser.add_argument(
            "--team", action="append", dest="teams", help="only this team's rows (repeat for several)"
        )
        parser.add_argument("--my-teams", action="store_true", help="only the rows of --user's teams")
        parser.add_argument("--user", help="the colleague (username) whose teams --my-teams means")
        parser.add_argument("--format", dest="export_format", choices=FORMATS, default="json")
        parser.add_argument("--output", help="write the report to this file instead of printing it")

    def handle(
        self,
        *args,
        name,
        list_reports,
        corporation,
        by,
        as_of,
        period_start,
        teams,
        my_teams,
        user,
        export_format,
        output,
        **_,
    ):
        if list_reports:
            self._list()
            return
        if not name:
            raise CommandError("name a report, or use --list to see them")
        if not corporation:
            raise CommandError("--corporation is required")
        with scopes_disabled():
            corp = corporation_option(corporation)
        day = day_option(as_of, "--as-of") if as_of else clock.today()
        start = day_option(period_start, "--from") if period_start else None
        teams = self._teams(corp, teams, my_teams, user)
        try:
            result = report_compute(
                corporation=corp, name=name, by=by, as_of=day, period_start=start, teams=teams
            )
        except ApplicationError as error:
            raise CommandError(error.message) from error
        content = report_export(result, export_format)
        if output:
            Path(output).write_bytes(content)
            summary = {"report": result.name, "by": result.dimension.key, "output": output}
            summary |= {"rows": len(result.rows), "format": export_format}
            self.stdout.write(json.dumps(summary))
        elif export_format == "xlsx":
            raise CommandError("--format xlsx needs --output PATH")
        elif export_format == "csv":
            self.stdout.write(content.decode("utf-8").removeprefix("\ufeff"), ending="")
        else:
            # One JSON object on the last line: rows (a list of objects) and totals.
            self.stdout.write(content.decode("utf-8"))

    def _teams(self, corp, teams: list[str] | None, mine: bool, username: str | None) -> list[str] | None:
        if teams and mine:
            raise CommandError("use --team or --my-teams, not both")
        if username and not mine:
            raise CommandError("--user only goes with --my-teams")
        if not mine:
            return teams
        if not username:
            raise CommandError("--my-teams needs --user USERNAME (whose teams)")
        colleague = User.objects.filter(username=username).first()
        if colleague is None:
            raise CommandError(f"there is no user '{username}'")
        return colleague_teams_of(corporation=corp, user=colleague)

    def _list(self) -> None:
        listing = {
            "reports": [
                {
                    "name": report.name,
                    "title": str(report.title),
                    "default_by": report.default_by,
                    "dimensions": [dimension.key for dimension in report.dimensions],
                    "teams": report.has_teams,
                }
                for report in REPORTS.values()
            ]
        }
        self.stdout.write(json.dumps(listing, ensure_ascii=False))
