"""Reading reports: one report by name for a corporation, and the contracts behind one of its groups."""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import F, Q
from django.utils.translation import gettext as _
from django_scopes import scope

from vangnet.core.errors import ApplicationError
from vangnet.core.models import Corporation, User
from vangnet.core.selectors import colleague_teams
from vangnet.ledger.selectors import main_party_subquery
from vangnet.reports.base import Column, Query, ReportResult
from vangnet.reports.dynamic import dynamic_compute, spec_from_data
from vangnet.reports.grouping import group_filter, key_label, month_rows
from vangnet.reports.models import SavedReport
from vangnet.reports.registry import REPORTS, report_named

CONTRACTS_SHOWN = 500


def report_compute(
    *,
    corporation: Corporation,
    name: str,
    by: str | None,
    as_of: date,
    period_start: date | None = None,
    teams: Sequence[str] | None = None,
) -> ReportResult:
    """One standard report; `teams` keeps only the rows of those teams (None: every team), for a report
    whose rows belong to a team."""
    report = report_named(name)
    if teams is not None:
        teams = tuple(teams)
        if not report.has_teams:
            with_teams = ", ".join(r.name for r in REPORTS.values() if r.has_teams)
            raise ApplicationError(
                _("Het rapport %(report)s is niet per team in te delen. Dat kan bij: %(known)s.")
                % {"report": report.title, "known": with_teams},
                extra={"code": "no_teams"},
            )
        if not teams:
            raise ApplicationError(
                _("U hoort nog bij geen team. Vraag een beheerder uw afdeling in te vullen."),
                extra={"code": "no_team"},
            )
    query = Query(
        corporation=corporation,
        as_of=as_of,
        by=by or report.default_by,
        period_start=period_start,
        teams=teams,
    )
    with scope(corporation=corporation):
        return report.compute(query)


def my_teams(*, corporation: Corporation, user: User | None) -> list[str]:
    """The teams of a colleague, for *Alleen mijn teams* (their department; none: an empty list)."""
    with scope(corporation=corporation):
        return colleague_teams(corporation=corporation, user=user)


@dataclass(frozen=True)
class GroupContract:
    contract_id: int
    contract: str
    address: str
    tenant_id: int | None
    departed: bool
    balance: Decimal
    overdue_amount: Decimal
    oldest_overdue_date: date | None


def group_contracts(
    *, corporation: Corporation, name: str, by: str, key: str, as_of: date
) -> tuple[str, list[GroupContract]]:
    """The group's label and the contracts in arrears behind it, most overdue first (one query)."""
    report = report_named(name)
    if not report.drills_to_contracts:
        raise ApplicationError(
            _("Het rapport %(report)s toont geen contracten per groep.") % {"report": report.title},
            extra={"code": "no_drill_down"},
        )
    dimension = report.dimension(by)
    query = Query(corporation=corporation, as_of=as_of, by=by)
    with scope(corporation=corporation):
        rows = (
            month_rows(query)
            .filter(group_filter(dimension, key), overdue_amount__gt=0)
            .annotate(
                source_id=F("contract__source_id"),
                street=F("contract__unit__street"),
                number=F("contract__unit__house_number"),
                suffix=F("contract__unit__house_number_suffix"),
                city=F("contract__unit__city"),
                tenant=main_party_subquery("contract_id"),
            )
            .order_by("-overdue_amount", "contract_id")[:CONTRACTS_SHOWN]
        )
        contracts = [
            GroupContract(
                contract_id=row.contract_id,
                contract=row.source_id,
                address=f"{row.street} {row.number}{'-' + row.suffix if row.suffix else ''}, {row.city}",
                tenant_id=row.tenant,
                departed=row.departed,
                balance=row.balance,
                overdue_amount=row.overdue_amount,
                oldest_overdue_date=row.oldest_overdue_date,
            )
            for row in rows
        ]
    return key_label(dimension, key), contracts


def dynamic_report(
    *, corporation: Corporation, data: object, as_of: date, title: str = "", user: User | None = None
) -> ReportResult:
    """A dynamic report from a choice as plain data: checked against the catalogue, then one query (and
    one for the colleague's teams when the choice is only their teams)."""
    spec = spec_from_data(data)
    with scope(corporation=corporation):
        teams = colleague_teams(corporation=corporation, user=user) if spec.my_teams and user else []
        return dynamic_compute(corporation=corporation, spec=spec, as_of=as_of, title=title, teams=teams)


def saved_reports_visible(*, corporation: Corporation, user: User) -> list[SavedReport]:
    """The colleague's own saved reports and those saved for the team, by title."""
    with scope(corporation=corporation):
        return list(
            SavedReport.objects.filter(corporation=corporation)
            .filter(Q(owner=user) | Q(shared=True))
            .select_related("owner")
            .order_by("title", "pk")
        )


def saved_report_get(*, corporation: Corporation, user: User, pk: int) -> SavedReport:
    with scope(corporation=corporation):
        found = (
            SavedReport.objects.filter(corporation=corporation, pk=pk)
            .filter(Q(owner=user) | Q(shared=True))
            .select_related("owner", "corporation")
            .first()
        )
    if found is None:
        raise ApplicationError(_("Dit rapport bestaat niet (meer)."), extra={"code": "not_found"})
    return found


def saved_report_result(*, report: SavedReport, as_of: date, user: User | None = None) -> ReportResult:
    """A saved report's figures; "only my teams" means the teams of `user` (the colleague who looks), else
    of the colleague who saved it (the e-mail, the API)."""
    return dynamic_report(
        corporation=report.corporation,
        data=report.spec,
        as_of=as_of,
        title=report.title,
        user=user or report.owner,
    )


@dataclass(frozen=True)
class Tile:
    report_id: int
    title: str
    # The main figure: the total of the report's first measure, shown as the report's table shows it.
    figure_label: str = ""
    column: Column | None = None
    figures: dict[str, Any] = field(default_factory=dict)
    error: str = ""


TILES_SHOWN = 6


def start_tiles(*, corporation: Corporation, user: User, as_of: date) -> list[Tile]:
    """The colleague's saved reports on the start screen with their main figure: the total of the first
    measure (one query for the list and one per tile, at most six tiles)."""
    with scope(corporation=corporation):
        reports = list(
            SavedReport.objects.filter(corporation=corporation, owner=user, on_start=True)
            .select_related("corporation")
            .order_by("title", "pk")[:TILES_SHOWN]
        )
    tiles = []
    for report in reports:
        try:
            result = saved_report_result(report=report, as_of=as_of, user=user)
        except ApplicationError as error:
            # The catalogue changed since the report was saved: the tile says so instead of a figure.
            tiles.append(Tile(report.pk, report.title, error=error.message))
            continue
        column = result.columns[0]
        tiles.append(Tile(report.pk, report.title, str(column.label), column, result.totals))
    return tiles


def shared_report_result(*, corporation: Corporation, pk: int, as_of: date) -> ReportResult:
    """A report saved for the team, for the corporation's API key; a private report is not found."""
    with scope(corporation=corporation):
        found = (
            SavedReport.objects.filter(corporation=corporation, pk=pk, shared=True)
            .select_related("corporation", "owner")
            .first()
        )
    if found is None:
        raise SavedReportMissing(_("Er is geen rapport %(pk)s dat voor het team is opgeslagen.") % {"pk": pk})
    return saved_report_result(report=found, as_of=as_of)


class SavedReportMissing(ApplicationError):
    """No saved report by that id that the asker may see (a 404 for the API)."""
