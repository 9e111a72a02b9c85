"""Arrears: balance, overdue amount and the sector's KPI (overdue as a percentage of the gross annual rent of
the current tenants), current and departed tenants apart, from the month's history rows."""

from decimal import Decimal
from typing import Any

from django.db.models import Count, DecimalField, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from vangnet.reports.base import Column, Query, Report, ReportResult, share
from vangnet.reports.dimensions import CONTRACT_DIMENSIONS
from vangnet.reports.grouping import grouped, month_rows

ZERO = Decimal("0.00")


def money(expression: Any) -> Coalesce:
    return Coalesce(expression, ZERO, output_field=DecimalField(max_digits=14, decimal_places=2))


MEASURES = {
    "contracts": Count("id", filter=Q(overdue_amount__gt=0)),
    "balance": money(Sum("balance")),
    "overdue_amount": money(Sum("overdue_amount")),
    "overdue_current": money(Sum("overdue_amount", filter=Q(departed=False))),
    "overdue_departed": money(Sum("overdue_amount", filter=Q(departed=True))),
    "monthly_rent": money(Sum("monthly_rent", filter=Q(departed=False))),
}

COLUMNS = [
    Column("contracts", _("Huurders met achterstand"), "count"),
    Column("balance", _("Saldo")),
    Column("overdue_amount", _("Achterstand")),
    Column("overdue_current", _("Achterstand zittende huurders")),
    Column("overdue_departed", _("Achterstand vertrokken huurders")),
    Column("annual_rent", _("Bruto jaarhuur zittende huurders")),
    Column("share_current", _("Zittend, % van jaarhuur"), "percent", summed=False),
    Column("share_departed", _("Vertrokken, % van jaarhuur"), "percent", summed=False),
    Column("share_total", _("Totaal, % van jaarhuur"), "percent", summed=False),
]


def with_shares(values: dict[str, Any]) -> dict[str, Any]:
    annual = values.pop("monthly_rent") * 12
    values["annual_rent"] = annual
    values["share_current"] = share(values["overdue_current"], annual)
    values["share_departed"] = share(values["overdue_departed"], annual)
    values["share_total"] = share(values["overdue_amount"], annual)
    return values


class ArrearsReport(Report):
    name = "arrears"
    title = _("Huurachterstand")
    description = _("Saldo en achterstand per groep, en de achterstand als percentage van de bruto jaarhuur.")
    dimensions = CONTRACT_DIMENSIONS
    chart_column = "overdue_amount"
    default_by = "neighbourhood"
    drills_to_contracts = True

    def rows_for(self, query: Query) -> QuerySet:
        return month_rows(query)

    def compute(self, query: Query) -> ReportResult:
        dimension = self.dimension(query.by)
        rows, totals = grouped(self.rows_for(query), dimension, MEASURES)
        return ReportResult(
            name=self.name,
            title=str(self.title),
            as_of=query.as_of,
            dimension=dimension,
            columns=COLUMNS,
            rows=[with_shares(row) for row in rows],
            totals=with_shares(totals),
        )
