"""The arrears month by month: the month totals (`MonthTotal`, written with the history) of the last 24
months, one query of at most 24 rows."""

from datetime import date
from typing import Any

from dateutil.relativedelta import relativedelta
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from vangnet.reports.base import Dimension, Query, Report, ReportResult
from vangnet.reports.grouping import cents
from vangnet.reports.history import month_end
from vangnet.reports.models import MonthTotal
from vangnet.reports.standard.arrears import COLUMNS, MEASURES, with_shares

MONTHS = 24
MONTH = Dimension("month", _("Maand"), "month")


def months_back(as_of: date, months: int = MONTHS) -> list[date]:
    first = as_of.replace(day=1) - relativedelta(months=months - 1)
    return [month_end(first + relativedelta(months=n)) for n in range(months)]


class ArrearsTrendReport(Report):
    name = "arrears_trend"
    title = _("Verloop van de huurachterstand")
    description = _("De achterstand aan het eind van elke maand, 24 maanden terug.")
    dimensions = (MONTH,)
    chart_column = "share_total"
    default_by = "month"

    def compute(self, query: Query) -> ReportResult:
        months = months_back(query.as_of)
        found: dict[date, dict[str, Any]] = {
            values.pop("month"): {key: cents(value) for key, value in values.items()}
            for values in MonthTotal.objects.filter(corporation=query.corporation, month__in=months).values(
                "month", *MEASURES
            )
        }
        rows = [
            {"key": month.isoformat(), "label": date_format(month, "F Y"), **with_shares(found[month])}
            for month in months
            if month in found
        ]
        # A trend has no sum: its total is the latest month's standing.
        totals = (
            {key: value for key, value in rows[-1].items() if key not in ("key", "label")} if rows else {}
        )
        return ReportResult(
            name=self.name,
            title=str(self.title),
            as_of=query.as_of,
            dimension=MONTH,
            columns=COLUMNS,
            rows=rows,
            totals=totals,
            note=str(_("Het totaal is de stand van de laatste maand.")),
        )
