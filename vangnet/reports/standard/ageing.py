"""Ageing: the overdue amount split by how long each open item has been overdue, from the month's rows."""

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext as gettext_now
from django.utils.translation import gettext_lazy as _

from vangnet.core.errors import ApplicationError
from vangnet.reports.base import Column, Query, Report, ReportResult
from vangnet.reports.dimensions import CONTRACT_DIMENSIONS
from vangnet.reports.grouping import grouped, month_rows
from vangnet.reports.models import HistorySource
from vangnet.reports.standard.arrears import money

BUCKET_COLUMNS = [
    Column("overdue_1_30", _("1 t/m 30 dagen")),
    Column("overdue_31_60", _("31 t/m 60 dagen")),
    Column("overdue_61_90", _("61 t/m 90 dagen")),
    Column("overdue_91_180", _("91 t/m 180 dagen")),
    Column("overdue_over_180", _("Meer dan 180 dagen")),
]
COLUMNS = [*BUCKET_COLUMNS, Column("overdue_amount", _("Achterstand"))]
MEASURES = {column.key: money(Sum(column.key)) for column in COLUMNS}
# Rows reconstructed from the ledger have no ageing; counted in the same query, so the check costs nothing.
RECONSTRUCTED = "reconstructed"


class AgeingReport(Report):
    name = "ageing"
    title = _("Ouderdom van de achterstand")
    description = _("De achterstand verdeeld naar hoe lang elke post al te laat is.")
    dimensions = CONTRACT_DIMENSIONS
    chart_column = "overdue_amount"
    default_by = "neighbourhood"
    drills_to_contracts = True

    def compute(self, query: Query) -> ReportResult:
        dimension = self.dimension(query.by)
        measures = {
            **MEASURES,
            RECONSTRUCTED: Count("id", filter=Q(source=HistorySource.LEDGER)),
        }
        groups, totals = grouped(month_rows(query), dimension, measures)
        if totals.pop(RECONSTRUCTED):
            raise ApplicationError(
                gettext_now(
                    "Voor deze maand is geen ouderdom bekend: die maand is uit het grootboek nagerekend, "
                    "voordat de dagelijkse run liep. Kies een latere datum."
                ),
                extra={"code": "no_ageing_for_month"},
            )
        for group in groups:
            group.pop(RECONSTRUCTED)
        return ReportResult(
            name=self.name,
            title=str(self.title),
            as_of=query.as_of,
            dimension=dimension,
            columns=COLUMNS,
            rows=groups,
            totals=totals,
        )
