"""The reports in the back office: the list, one report with its chart, table and exports, and the
contracts behind one of its groups, each linking to the tenant card."""

from decimal import Decimal
from typing import Any

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from vangnet.backoffice.access import Permission, staff_view
from vangnet.backoffice.charts import chart_spec
from vangnet.backoffice.forms.reports import ReportForm
from vangnet.backoffice.types import HtmxHttpRequest
from vangnet.core import clock
from vangnet.core.errors import ApplicationError
from vangnet.reports.base import Column, Report, ReportResult
from vangnet.reports.exports import CONTENT_TYPES, report_export
from vangnet.reports.registry import REPORTS
from vangnet.reports.selectors import (
    group_contracts,
    my_teams,
    report_compute,
    saved_reports_visible,
)

EXPORTS = ("csv", "xlsx", "json")
BAR_WIDTH = 440
BAR_STEP = 30


def _report(name: str) -> Report:
    report = REPORTS.get(name)
    if report is None:
        raise Http404(name)
    return report


def bars(result: ReportResult, column_key: str) -> list[dict[str, Any]]:
    """One bar per group, scaled to the largest value; negative and empty values draw no bar."""
    values = [(row["label"], row.get(column_key)) for row in result.rows]
    largest = max((value for _label, value in values if value and value > 0), default=0)
    return [
        {
            "label": label,
            "value": value,
            "width": int(Decimal(value) * BAR_WIDTH / Decimal(largest))
            if largest and value and value > 0
            else 0,
            "y": 10 + index * BAR_STEP,
        }
        for index, (label, value) in enumerate(values)
    ]


def report_chart(result: ReportResult, column: Column, filename: str, query: str) -> dict[str, Any]:
    """The page's chart of one column (drawn by Chart.js; the table beside it has the same figures) and the
    link to the same chart as an SVG file, drawn on the server."""
    title = f"{column.label} {_('per')} {str(result.dimension.label).lower()}"
    chart = chart_spec(
        title=title,
        labels=[str(row["label"]) for row in result.rows],
        series=[(str(column.label), [row.get(column.key) for row in result.rows])],
        kind=column.kind,
        filename=filename,
    )
    return {"chart": chart, "svg_url": f"?{query}&format=svg" if query else "?format=svg"}


@staff_view(Permission.VIEW_REPORTS)
def report_list(request: HtmxHttpRequest) -> HttpResponse:
    saved = saved_reports_visible(corporation=request.corporation, user=request.user)  # type: ignore[arg-type]
    return render(
        request, "backoffice/reports/list.html", {"reports": list(REPORTS.values()), "saved": saved}
    )


@staff_view(Permission.VIEW_REPORTS)
def report_detail(request: HtmxHttpRequest, name: str) -> HttpResponse:
    report = _report(name)
    form = ReportForm(request.GET or None, report=report)
    context: dict[str, Any] = {"report": report, "form": form, "exports": EXPORTS}
    if request.GET and not form.is_valid():
        return render(request, "backoffice/reports/detail.html", context, status=400)
    cleaned = form.cleaned_data if form.is_bound else {}
    teams = None
    if cleaned.get("my_teams"):
        teams = my_teams(corporation=request.corporation, user=request.user)  # type: ignore[arg-type]
        context["teams"] = teams
    try:
        result = report_compute(
            corporation=request.corporation,
            name=report.name,
            by=cleaned.get("by") or report.default_by,
            as_of=cleaned.get("as_of") or clock.today(),
            period_start=cleaned.get("period_from"),
            teams=teams,
        )
    except ApplicationError as error:
        context["error"] = error.message
        return render(request, "backoffice/reports/detail.html", context, status=400)
    export = request.GET.get("format", "")
    chart_column = next(c for c in result.columns if c.key == report.chart_column)
    if export == "svg":
        chart = bars(result, chart_column.key)
        svg = render_to_string(
            "backoffice/reports/chart.svg",
            {"result": result, "chart": chart, "column": chart_column, "height": 20 + BAR_STEP * len(chart)},
        )
        return _download(svg.encode("utf-8"), "image/svg+xml", f"{result.name}-{result.dimension.key}.svg")
    if export in EXPORTS:
        return _download(
            report_export(result, export),
            CONTENT_TYPES[export],
            f"{result.name}-{result.dimension.key}.{export}",
        )
    query = request.GET.copy()
    query.pop("format", None)
    context |= {
        "result": result,
        **report_chart(result, chart_column, f"{result.name}-{result.dimension.key}", query.urlencode()),
        "query": query.urlencode(),
        "drill": report.drills_to_contracts and result.dimension.path,
    }
    return render(request, "backoffice/reports/detail.html", context)


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@staff_view(Permission.VIEW_REPORTS)
def report_group(request: HtmxHttpRequest, name: str) -> HttpResponse:
    report = _report(name)
    form = ReportForm(request.GET, report=report)
    if not form.is_valid() or "key" not in request.GET:
        raise Http404(_("Deze groep bestaat niet."))
    as_of = form.cleaned_data.get("as_of") or clock.today()
    by = form.cleaned_data.get("by") or report.default_by
    try:
        label, contracts = group_contracts(
            corporation=request.corporation, name=name, by=by, key=request.GET["key"], as_of=as_of
        )
    except ApplicationError as error:
        raise Http404(error.message) from error
    context = {
        "report": report,
        "dimension": report.dimension(by),
        "label": label,
        "contracts": contracts,
        "as_of": as_of,
    }
    return render(request, "backoffice/reports/group.html", context)
