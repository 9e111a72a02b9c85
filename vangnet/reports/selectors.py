"""Reading reports: one report by name for a corporation, and the contracts behind one of its groups."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import F
from django.utils.translation import gettext as _
from django_scopes import scope

from vangnet.core.errors import ApplicationError
from vangnet.core.models import Corporation
from vangnet.ledger.selectors import main_party_subquery
from vangnet.reports.base import Query, ReportResult
from vangnet.reports.grouping import group_filter, key_label, month_rows
from vangnet.reports.registry import report_named

CONTRACTS_SHOWN = 500


def report_compute(
    *, corporation: Corporation, name: str, by: str | None, as_of: date, period_start: date | None = None
) -> ReportResult:
    report = report_named(name)
    query = Query(corporation=corporation, as_of=as_of, by=by or report.default_by, period_start=period_start)
    with scope(corporation=corporation):
        return report.compute(query)


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
